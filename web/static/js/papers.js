// Position papers (docs/protocol.md): a seat writes and submits its own before the session;
// the chair reads every paper, scores it on the rubric and exports a CSV. A paper is shown
// through the Markdown renderer (DOM nodes, never an HTML string).

import { api } from "./api.js";
import { toast } from "./announce.js";
import { el, saveBlob, setChildren, setText } from "./dom.js";
import { formatDateTime, t } from "./i18n.js";
import { renderMarkdown } from "./markdown.js";

const base = (code) => `/api/rooms/${encodeURIComponent(code)}`;
const number = (n) => new Intl.NumberFormat(document.documentElement.lang || "en").format(n);

function errorText(problem, max) {
  if (problem.code === "paper_too_long") return t("paper.error.too_long", { max: number(max) });
  if (problem.code === "paper_empty") return t("paper.error.empty");
  return problem.message;
}

function scorePart(paper, rubric) {
  if (!paper?.scores) return null;
  const best = rubric.highest * rubric.criteria.length;
  return el("div", { class: "paper-score", id: "paper-score" },
    el("p", {}, el("strong", {}, t("paper.score.total", { total: paper.total, best }))),
    el("ul", { class: "plain small" }, rubric.criteria.map((c) =>
      el("li", {}, t("paper.score.line", { criterion: t(`rubric.${c}`), score: paper.scores[c], highest: rubric.highest })))),
    paper.comment ? el("p", { class: "small" }, t("paper.score.comment", { comment: paper.comment })) : null);
}

/** The seat's own paper: write, preview, submit; its score once the chair has scored it. */
export async function paperPanel(container, code, token) {
  let mine;
  try {
    mine = await api(`${base(code)}/papers/mine`, { token });
  } catch (problem) {
    setChildren(container, el("p", { class: "error-text" }, problem.message));
    return;
  }
  const max = mine.max_chars;
  const text = el("textarea", { id: "paper-text", rows: 10, "aria-describedby": "paper-hint paper-count paper-error" });
  text.value = mine.paper?.text || "";
  const count = el("p", { class: "small", id: "paper-count", "aria-live": "polite" });
  const error = el("p", { class: "error-text", id: "paper-error", role: "alert", hidden: true });
  const preview = el("div", { class: "paper-preview brief", id: "paper-preview", hidden: true });
  const status = el("div", { id: "paper-status" });
  const showStatus = (paper) => setChildren(status,
    paper ? el("p", { class: "small", id: "paper-submitted" }, t("paper.submitted", { when: formatDateTime(new Date(paper.submitted_at * 1000), { timeStyle: "short", dateStyle: "medium" }), chars: number(paper.chars) })) : el("p", { class: "small" }, t("paper.none")),
    scorePart(paper, mine.rubric));
  const countChars = () => {
    const n = [...text.value].length;
    setText(count, t("paper.count", { count: number(n), max: number(max) }));
    count.classList.toggle("error-text", n > max);
  };
  text.addEventListener("input", countChars);
  countChars();
  showStatus(mine.paper);
  const submit = el("button", { type: "button", id: "paper-submit", onclick: async () => {
    error.hidden = true;
    submit.disabled = true;
    try {
      const answer = await api(`${base(code)}/papers/mine`, { method: "PUT", body: { text: text.value }, token });
      mine = answer;
      showStatus(answer.paper);
      toast(t("paper.sent"), "ok");
    } catch (problem) {
      error.hidden = false;
      setText(error, errorText(problem, max));
      text.setAttribute("aria-invalid", "true");
      text.focus();
    } finally {
      submit.disabled = false;
    }
  } }, t("paper.submit"));
  const previewButton = el("button", { type: "button", class: "secondary", id: "paper-preview-button", onclick: () => {
    preview.hidden = !preview.hidden;
    setChildren(preview, preview.hidden ? null : renderMarkdown(text.value));
  } }, t("paper.preview"));
  setChildren(container,
    el("p", { class: "hint", id: "paper-hint" }, t("paper.hint", { max: number(max) })),
    el("label", { for: "paper-text" }, t("paper.label")), text, count, error,
    el("div", { class: "row" }, submit, previewButton), preview, status);
}

/** A score on the room's one rubric (papers and students alike): a select per criterion, a
 * comment, and Save, which PUTs `{scores, comment}` to `path` with the chair key. */
export function scoreForm({ key, id, name, scores, comment: said, path, rubric, refresh }) {
  const selects = rubric.criteria.map((criterion) => {
    const selectId = `score-${id}-${criterion}`;
    const select = el("select", { id: selectId, dataset: { criterion } },
      el("option", { value: "" }, "—"),
      Array.from({ length: rubric.highest - rubric.lowest + 1 }, (_, i) => rubric.lowest + i)
        .map((n) => el("option", { value: String(n), selected: scores?.[criterion] === n }, String(n))));
    return el("span", { class: "field" }, el("label", { for: selectId }, t(`rubric.${criterion}`)), select);
  });
  const comment = el("textarea", { id: `score-comment-${id}`, rows: 2 });
  comment.value = said || "";
  const error = el("p", { class: "error-text", role: "alert", hidden: true });
  const save = el("button", { type: "button", class: "small", id: `score-save-${id}`, onclick: async () => {
    error.hidden = true;
    const chosen = {};
    for (const wrapper of selects) {
      const select = wrapper.querySelector("select");
      if (select.value) chosen[select.dataset.criterion] = Number(select.value);
    }
    try {
      await api(path, { method: "PUT", body: { scores: chosen, comment: comment.value || null }, token: key });
      toast(t("paper.chair.saved", { name }), "ok");
      refresh();
    } catch (problem) {
      error.hidden = false;
      setText(error, problem.code === "score_incomplete" ? t("paper.chair.incomplete") : problem.message);
    }
  } }, t("paper.chair.save"));
  return el("div", { class: "score-form" },
    el("div", { class: "row" }, selects),
    el("label", { for: comment.id }, t("paper.chair.comment")), comment, error, save);
}

/** The chair's card: every paper, readable, scored on the rubric; the CSV export. */
export async function chairPapers(container, code, key) {
  const refresh = () => chairPapers(container, code, key);
  let listed;
  try {
    listed = await api(`${base(code)}/papers`, { token: key });
  } catch (problem) {
    setChildren(container, el("p", { class: "error-text" }, problem.message));
    return;
  }
  const { papers, rubric } = listed;
  const scored = papers.filter((p) => p.scores).length;
  setChildren(container,
    el("p", { class: "small", id: "papers-summary" }, t("paper.chair.summary", { count: papers.length, seats: listed.seats, scored })),
    el("div", { class: "row" },
      el("button", { type: "button", class: "secondary small", onclick: refresh }, t("paper.chair.refresh")),
      el("button", { type: "button", class: "secondary small", id: "papers-csv", onclick: async () => {
        try {
          const response = await fetch(`${base(code)}/papers.csv`, { headers: { Authorization: `Bearer ${key}` } });
          if (!response.ok) throw new Error(t("chair.export.failed", { status: response.status }));
          saveBlob(await response.blob(), `plenary-${code}-papers.csv`);
        } catch (problem) { toast(problem.message, "error"); }
      } }, t("paper.chair.csv"))),
    papers.length ? el("ul", { class: "plain papers" }, papers.map((paper) =>
      el("li", { class: "paper", dataset: { actor: paper.actor } },
        el("details", {},
          el("summary", {}, paper.name, " · ", paper.scores ? t("paper.chair.total", { total: paper.total, best: rubric.highest * rubric.criteria.length }) : t("paper.chair.unscored")),
          el("p", { class: "small" }, t("paper.chair.by", { name: paper.submitted_by || "—", chars: number(paper.chars) })),
          el("div", { class: "paper-text brief" }, renderMarkdown(paper.text)),
          scoreForm({ key, id: paper.actor, name: paper.name, scores: paper.scores, comment: paper.comment,
            path: `${base(code)}/papers/${encodeURIComponent(paper.actor)}/score`, rubric, refresh }))))) : el("p", { class: "small" }, t("paper.chair.none")));
}

