// The per-student assessment (docs/assessment.md): the chair reads every student's record,
// scores each on the room's rubric (the same form as position papers) and exports
// assessment.csv; a student writes answers to the debrief's prompts, a rapporteur the report.
// Every text is inserted as text, never as HTML.

import { api } from "./api.js";
import { toast } from "./announce.js";
import { el, saveBlob, setChildren, setText } from "./dom.js";
import { t } from "./i18n.js";
import { scoreForm } from "./papers.js";

const base = (code) => `/api/rooms/${encodeURIComponent(code)}`;
const number = (n) => new Intl.NumberFormat(document.documentElement.lang || "en").format(n);

function countsLine(c) {
  return t("assess.counts", {
    speeches: c.speeches, seconds: Math.round(c.speaking_seconds), points: c.points, motions: c.motions,
    amendments: c.amendments_proposed, accepted: c.amendments_accepted, notes: c.notes_sent,
    met: c.objectives_met, objectives: c.objectives,
  });
}

/** The chair's card: each student, what they did, the rubric score; the CSV export. */
export async function chairAssessment(container, code, key) {
  const refresh = () => chairAssessment(container, code, key);
  let listed;
  try {
    listed = await api(`${base(code)}/students`, { token: key });
  } catch (problem) {
    setChildren(container, el("p", { class: "error-text" }, problem.message));
    return;
  }
  const { students, rubric, prompts } = listed;
  // A refresh (after each score saved) keeps open the students the chair had open.
  const open = container.__open || (container.__open = new Set());
  const best = rubric.highest * rubric.criteria.length;
  setChildren(container,
    el("p", { class: "small", id: "assessment-summary" }, t("assess.chair.summary", { count: students.length, scored: students.filter((s) => s.scores).length })),
    el("div", { class: "row" },
      el("button", { type: "button", class: "secondary small", id: "assessment-refresh", onclick: refresh }, t("paper.chair.refresh")),
      el("button", { type: "button", class: "secondary small", id: "assessment-csv", onclick: async () => {
        try {
          const response = await fetch(`${base(code)}/assessment.csv`, { headers: { Authorization: `Bearer ${key}` } });
          if (!response.ok) throw new Error(t("chair.export.failed", { status: response.status }));
          saveBlob(await response.blob(), `plenary-${code}-assessment.csv`);
        } catch (problem) { toast(problem.message, "error"); }
      } }, t("assess.chair.csv"))),
    students.length ? el("ul", { class: "plain papers", id: "assessment-list" }, students.map((s) =>
      el("li", { class: "student", dataset: { student: s.student } },
        el("details", { open: open.has(s.student), ontoggle: (toggle) => {
          if (toggle.target.open) open.add(s.student); else open.delete(s.student);
        } },
          el("summary", {}, s.display_name || "—", " · ", s.delegation || t(`assess.role.${s.role}`),
            " · ", s.scores ? t("paper.chair.total", { total: s.total, best }) : t("paper.chair.unscored")),
          el("p", { class: "small" }, countsLine(s.counts)),
          ...prompts.map((prompt, i) => s.answers[String(i + 1)]
            ? el("p", { class: "small reflection" }, el("strong", {}, prompt), " ", s.answers[String(i + 1)]) : null),
          s.report ? el("p", { class: "small report" }, el("strong", {}, t("assess.report.label")), " ", s.report) : null,
          scoreForm({ key, id: s.student, name: s.display_name || s.student, scores: s.scores, comment: s.comment,
            path: `${base(code)}/students/${encodeURIComponent(s.student)}/score`, rubric, refresh }))))) : el("p", { class: "small" }, t("assess.chair.none")));
}

function textBox({ id, label, value, max, save }) {
  const area = el("textarea", { id, rows: 4, "aria-describedby": `${id}-count ${id}-error` });
  area.value = value || "";
  const count = el("p", { class: "small", id: `${id}-count`, "aria-live": "polite" });
  const error = el("p", { class: "error-text", id: `${id}-error`, role: "alert", hidden: true });
  const countChars = () => {
    const n = [...area.value].length;
    setText(count, t("paper.count", { count: number(n), max: number(max) }));
    count.classList.toggle("error-text", n > max);
  };
  area.addEventListener("input", countChars);
  countChars();
  const button = el("button", { type: "button", class: "small", id: `${id}-save`, onclick: async () => {
    error.hidden = true;
    button.disabled = true;
    try {
      await save(area.value);
      toast(t("assess.saved"), "ok");
    } catch (problem) {
      error.hidden = false;
      setText(error, problem.message);
      area.setAttribute("aria-invalid", "true");
    } finally {
      button.disabled = false;
    }
  } }, t("assess.save"));
  return el("div", { class: "field" }, el("label", { for: id }, label), area, count, error, button);
}

/** A student's own card: their answers to the debrief's prompts, and a rapporteur's report. */
export async function studentReflection(container, code, token) {
  let mine;
  try {
    mine = await api(`${base(code)}/students/me`, { token });
  } catch (problem) {
    container.closest("section")?.setAttribute("hidden", "");
    return null;
  }
  const student = mine.student;
  setChildren(container,
    el("p", { class: "hint" }, t("assess.reflect.hint")),
    mine.prompts.map((prompt, i) => textBox({
      id: `answer-${i + 1}`, label: prompt, value: student.answers[String(i + 1)], max: mine.max_answer_chars,
      save: (text) => api(`${base(code)}/students/me/answers/${i + 1}`, { method: "PUT", body: { text }, token }),
    })),
    student.role === "rapporteur" ? textBox({
      id: "report", label: t("assess.report.label"), value: student.report, max: mine.max_report_chars,
      save: (text) => api(`${base(code)}/students/me/report`, { method: "PUT", body: { text }, token }),
    }) : null);
  return student;
}
