// DOM helpers. User text only ever enters the page as text nodes: `el` turns every string child
// into a Text node, refuses inline event-handler attributes and HTML-bearing properties, and only
// lets http(s), mailto and same-page links through. Nothing in web/ assigns innerHTML.

const FORBIDDEN_PROPS = new Set(["innerHTML", "outerHTML", "srcdoc", "insertAdjacentHTML"]);
const URL_ATTRS = new Set(["href", "src", "action", "formaction", "xlink:href"]);

/** True for URLs that cannot run script: relative paths, #anchors, http(s) and mailto. */
export function isSafeUrl(url) {
  const text = String(url).trim();
  if (text.startsWith("/") || text.startsWith("#") || text.startsWith("?")) return true;
  try {
    const parsed = new URL(text, window.location.href);
    return ["http:", "https:", "mailto:"].includes(parsed.protocol);
  } catch {
    return false;
  }
}

function applyProp(node, key, value) {
  if (value === null || value === undefined || value === false) return;
  if (FORBIDDEN_PROPS.has(key)) throw new Error(`el(): '${key}' is not allowed; use text children`);
  if (key === "class") node.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
  else if (key === "text") node.textContent = String(value);
  else if (key === "dataset") Object.assign(node.dataset, value);
  else if (key === "style" && typeof value === "object") Object.assign(node.style, value);
  else if (key.startsWith("on")) {
    if (typeof value !== "function") throw new Error(`el(): '${key}' must be a function`);
    node.addEventListener(key.slice(2).toLowerCase(), value);
  } else if (key === "value" || key === "checked" || key === "selected" || key === "disabled") {
    node[key] = value;
    if (key === "disabled" && value) node.setAttribute("disabled", "");
  } else if (URL_ATTRS.has(key)) {
    if (isSafeUrl(value)) node.setAttribute(key, String(value));
  } else node.setAttribute(key, value === true ? "" : String(value));
}

/** Append children: strings and numbers become text nodes, arrays are flattened, null is skipped. */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Build an element: el("button", {class: "ok", onclick: fn}, "Text", el("kbd", {}, "A")). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) applyProp(node, key, value);
  return append(node, ...children);
}

/** Replace every child of `node` with `children` (same rules as `append`). */
export function setChildren(node, ...children) {
  node.replaceChildren();
  return append(node, ...children);
}

/** Set the text of the element with this id, if it exists. */
export function setText(idOrNode, text) {
  const node = typeof idOrNode === "string" ? document.getElementById(idOrNode) : idOrNode;
  if (node) node.textContent = text === null || text === undefined ? "" : String(text);
  return node;
}

export function byId(id) {
  return document.getElementById(id);
}

/** Show or hide an element with the `hidden` attribute. */
export function show(node, visible) {
  if (node) node.hidden = !visible;
}

/** Read a JSON value embedded by the server in <script type="application/json" id=...>. */
export function readJsonScript(id, fallback = null) {
  const node = document.getElementById(id);
  if (!node) return fallback;
  try {
    return JSON.parse(node.textContent || "null") ?? fallback;
  } catch {
    return fallback;
  }
}

/** Minimal-diff list rendering: keep the focused control alive across re-renders by key. */
export function renderKeyed(container, items, keyOf, build) {
  const focused = document.activeElement;
  const focusKey = focused && container.contains(focused) ? focused.closest("[data-key]")?.dataset.key : null;
  const focusId = focused && container.contains(focused) ? focused.dataset.focusId : null;
  container.replaceChildren(...items.map((item) => {
    const node = build(item);
    node.dataset.key = String(keyOf(item));
    return node;
  }));
  if (focusKey !== null && focusKey !== undefined) {
    const row = container.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
    const target = (focusId && row?.querySelector(`[data-focus-id="${CSS.escape(focusId)}"]`)) || row;
    if (target && typeof target.focus === "function") target.focus({ preventScroll: true });
  }
}

/** Format seconds as m:ss (or h:mm:ss). Negative values show as 0:00. */
export function formatClock(totalSeconds) {
  const s = Math.max(0, Math.ceil(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** A stable-ish random id for client command ids. */
export function newId(prefix = "c") {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Save a blob the page fetched itself (an export, a report) as a file. The blob: URL is ours, so
 * it is set directly: `el` lets only http(s) and relative links through, and would drop it. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
