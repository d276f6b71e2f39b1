// A small Markdown subset rendered straight into DOM nodes (never through an HTML string):
// headings, paragraphs, bullet and numbered lists, block quotes, pipe tables, **bold**, *italic*,
// `code` and [links](https://...). Raw HTML in the source stays visible as text.

import { el, isSafeUrl } from "./dom.js";

const INLINE = /(\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\))/;

/** Render inline Markdown into an array of nodes. */
export function renderInline(text) {
  const nodes = [];
  let rest = String(text);
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) { nodes.push(document.createTextNode(rest)); break; }
    if (match.index > 0) nodes.push(document.createTextNode(rest.slice(0, match.index)));
    const [whole, , strong1, strong2, em1, em2, code, linkText, linkUrl] = match;
    if (strong1 || strong2) nodes.push(el("strong", {}, renderInline(strong1 || strong2)));
    else if (em1 || em2) nodes.push(el("em", {}, renderInline(em1 || em2)));
    else if (code) nodes.push(el("code", {}, code));
    else if (linkText) {
      nodes.push(isSafeUrl(linkUrl)
        ? el("a", { href: linkUrl, rel: "noopener noreferrer", target: "_blank" }, renderInline(linkText))
        : document.createTextNode(linkText));
    }
    rest = rest.slice(match.index + whole.length);
  }
  return nodes;
}

const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function tableCells(line) {
  let text = line.trim();
  if (text.startsWith("|")) text = text.slice(1);
  if (text.endsWith("|")) text = text.slice(0, -1);
  return text.split("|").map((cell) => cell.trim());
}

function renderTable(rows) {
  const [head, , ...body] = rows;
  return el("div", { class: "table-wrap", tabindex: "0" }, el("table", {},
    el("thead", {}, el("tr", {}, tableCells(head).map((cell) => el("th", { scope: "col" }, renderInline(cell))))),
    el("tbody", {}, body.map((row) => el("tr", {}, tableCells(row).map((cell) => el("td", {}, renderInline(cell))))))));
}

/** Render a Markdown document into a DocumentFragment. */
export function renderMarkdown(source) {
  const fragment = document.createDocumentFragment();
  const lines = String(source ?? "").replace(/\r\n?/g, "\n").split("\n");
  let paragraph = [];
  let list = null;
  let quote = [];

  const flushParagraph = () => {
    if (paragraph.length) fragment.append(el("p", {}, renderInline(paragraph.join(" "))));
    paragraph = [];
  };
  const flushList = () => { if (list) fragment.append(list.node); list = null; };
  const flushQuote = () => {
    if (quote.length) fragment.append(el("blockquote", {}, el("p", {}, renderInline(quote.join(" ")))));
    quote = [];
  };
  const flushAll = () => { flushParagraph(); flushList(); flushQuote(); };

  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index];
    const line = raw.trimEnd();
    if (line.trim().startsWith("|") && TABLE_RULE.test(lines[index + 1] || "")) {
      flushAll();
      const rows = [line, lines[index + 1]];
      index += 2;
      while (index < lines.length && lines[index].trim().startsWith("|")) rows.push(lines[index++]);
      index -= 1;
      fragment.append(renderTable(rows));
      continue;
    }
    if (!line.trim()) { flushAll(); continue; }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d+)[.)]\s+(.*)$/.exec(line);
    const quoted = /^>\s?(.*)$/.exec(line);
    if (heading) {
      flushAll();
      // Headings inside content start at h3 so they sit below the page's own h1/h2.
      const level = Math.min(6, heading[1].length + 2);
      fragment.append(el(`h${level}`, {}, renderInline(heading[2])));
    } else if (bullet || numbered) {
      flushParagraph(); flushQuote();
      const tag = bullet ? "ul" : "ol";
      if (!list || list.tag !== tag) { flushList(); list = { tag, node: el(tag) }; }
      list.node.append(el("li", {}, renderInline(bullet ? bullet[1] : numbered[2])));
    } else if (quoted) {
      flushParagraph(); flushList();
      quote.push(quoted[1]);
    } else if (list && /^\s{2,}/.test(raw)) {
      list.node.lastChild.append(" ", ...renderInline(line.trim()));
    } else {
      flushList(); flushQuote();
      paragraph.push(line.trim());
    }
  }
  flushAll();
  return fragment;
}
