// A conference's roster: import the CSV (school, student, committee, delegation), then one
// printable sheet per school with each student's seat link and its QR code. The link is the
// student's seat token: no accounts.

import { api } from "../api.js";
import { byId, el, setChildren, setText } from "../dom.js";
import { t, translatePage } from "../i18n.js";

translatePage();
document.title = t("roster.pagetitle");
const code = decodeURIComponent(window.location.pathname.split("/").filter(Boolean)[1] || "").toUpperCase();
const KEY_STORE = `plenary:secretariat:${code}`;
const fromLink = new URLSearchParams(window.location.hash.slice(1)).get("key");
if (fromLink) {
  sessionStorage.setItem(KEY_STORE, fromLink);
  history.replaceState(null, "", window.location.pathname + window.location.search);
}
const key = sessionStorage.getItem(KEY_STORE);
const schoolSelect = byId("roster-school");
let students = [];

function bySchool() {
  const schools = new Map();
  for (const student of students) {
    if (!schools.has(student.school)) schools.set(student.school, []);
    schools.get(student.school).push(student);
  }
  return [...schools.entries()].sort(([a], [b]) => a.localeCompare(b));
}

// The server's QR code as an SVG data: URL. An SVG shown by <img> runs no script, so only this
// exact kind of data: URL is let through (el() lets none through).
const QR_PREFIX = "data:image/svg+xml;base64,";

function qrImage(student) {
  const image = el("img", { alt: t("roster.qr.alt", { student: student.student }), width: "144", height: "144" });
  if (String(student.qr).startsWith(QR_PREFIX)) image.src = student.qr;
  return image;
}

function studentCard(student) {
  return el("li", { class: "roster-card", dataset: { delegation: student.delegation, committee: student.committee } },
    qrImage(student),
    el("div", { class: "roster-card-text" },
      el("p", { class: "roster-student" }, student.student),
      el("p", { class: "small" }, t("roster.card.seat", { committee: student.committee_name, delegation: student.delegation_name })),
      student.valid ? el("p", { class: "small muted" }, t("roster.card.scan"))
        : el("p", { class: "badge warn", dataset: { stale: "true" } }, t("roster.card.stale")),
      el("p", { class: "roster-link" }, el("a", { href: student.link }, student.link))));
}

function render() {
  const chosen = schoolSelect.value;
  const schools = bySchool();
  setChildren(schoolSelect,
    el("option", { value: "" }, t("roster.school.all")),
    schools.map(([school, list]) => el("option", { value: school, selected: school === chosen }, `${school} (${t("roster.count", { count: list.length })})`)));
  const shown = schools.filter(([school]) => !chosen || school === chosen);
  setChildren(byId("roster-schools"), shown.length
    ? shown.map(([school, list]) => el("section", { class: "card roster-school", dataset: { school } },
      el("h2", {}, school),
      el("p", { class: "small muted" }, t("roster.count", { count: list.length })),
      el("ul", { class: "roster-cards plain" }, list.map(studentCard))))
    : [el("p", { class: "card muted" }, t("roster.empty"))]);
}

function showErrors(problem) {
  const box = byId("roster-errors");
  box.hidden = false;
  const problems = problem.problems || [];
  setChildren(box,
    el("p", {}, el("strong", {}, problems.length ? t("roster.error.heading") : problem.message)),
    problems.length ? el("ul", {}, problems.map((item) => el("li", { dataset: { line: String(item.line ?? "") } },
      item.line ? el("strong", {}, `${t("roster.error.line", { line: item.line })}: `) : null, item.message))) : null);
  box.setAttribute("tabindex", "-1");
  box.focus();
}

async function load() {
  try {
    students = (await api(`/api/conferences/${encodeURIComponent(code)}/roster`, { token: key })).students;
    render();
  } catch (problem) {
    showErrors(problem);
  }
}

byId("roster-form").addEventListener("submit", async (submit) => {
  submit.preventDefault();
  byId("roster-errors").hidden = true;
  const file = byId("roster-file").files[0];
  if (!file) return void setText("roster-done", t("roster.import.choose"));
  const body = new FormData();
  body.append("file", file);
  const button = byId("roster-import");
  button.disabled = true;
  try {
    const response = await fetch(`/api/conferences/${encodeURIComponent(code)}/roster`, {
      method: "POST", body, headers: { Authorization: `Bearer ${key}`, Accept: "application/json" },
    });
    const json = await response.json();
    if (!response.ok) return void showErrors(json.detail || {});
    students = json.students;
    setText("roster-done", t("roster.import.done", { count: students.length }));
    render();
  } catch {
    showErrors({ message: t("api.error.network") });
  } finally {
    button.disabled = false;
  }
});

schoolSelect.addEventListener("change", render);
byId("roster-print").addEventListener("click", () => window.print());

if (!key) {
  byId("roster-nokey").hidden = false;
  byId("roster-page").hidden = true;
} else {
  byId("roster-back").href = `/secretariat/${encodeURIComponent(code)}`;
  load();
}
