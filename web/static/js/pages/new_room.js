import { api, rememberRoom, setChairKey } from "../api.js";
import { toast } from "../announce.js";
import { byId, el, setChildren, setText, show } from "../dom.js";
import { currentLanguage, t, translatePage } from "../i18n.js";
import { copyButton, joinInfo, joinQr, joinUrl, reachable } from "../join_links.js";
import { localize } from "../scenario_text.js";

translatePage();
document.title = t("new.pagetitle");

const form = byId("new-room-form");
const list = byId("scenario-list");
const fileInput = byId("scenario-file");
const forumField = byId("forum-field");
const forumSelect = byId("forum-select");
const errorBox = byId("new-room-errors");
const variantField = byId("variant-field");
const variantSelect = byId("variant-select");
const classSize = byId("class-size");
const fitResult = byId("class-fit-result");
let scenarios = [];

function selectedScenario() {
  const checked = form.querySelector('input[name="scenario_id"]:checked');
  return checked ? scenarios.find((s) => s.id === checked.value) : null;
}

function updateForums() {
  const scenario = fileInput.files.length ? null : selectedScenario();
  const forums = scenario?.forums || [];
  show(forumField, forums.length > 1);
  setChildren(forumSelect, forums.map((forum) => el("option", { value: forum.id }, forum.name || forum.id)));
  updateVariants();
}

// The scenario as written ("" on the wire: no variant_id) and each of its variants.
function updateVariants(chosen = null) {
  const scenario = fileInput.files.length ? null : selectedScenario();
  const variants = scenario?.variants || [];
  show(variantField, variants.length > 0);
  if (!scenario) return setChildren(variantSelect);
  setChildren(variantSelect,
    el("option", { value: "" }, t("new.variant.aswritten", { minutes: scenario.duration_minutes, seats: scenario.seats })),
    variants.map((v) => el("option", { value: v.id }, t("new.variant.option", { name: v.name, minutes: v.minutes, seats: v.seats }))));
  if (chosen !== null) variantSelect.value = chosen;
  describeVariant();
}

function describeVariant() {
  const scenario = selectedScenario();
  const variant = (scenario?.variants || []).find((v) => v.id === variantSelect.value);
  setText("variant-hint", variant?.description || scenario?.summary || "");
}
variantSelect.addEventListener("change", describeVariant);

// -- Which scenario and length fits the class ------------------------------------------------

function fitWords(fit) {
  const words = [t("new.fit.seats", { count: fit.seats })];
  if (fit.bots) words.push(t("new.fit.bots", { count: fit.bots }));
  else if (fit.three) words.push(t("new.fit.three", { count: fit.three }));
  else if (fit.shared && fit.shared === fit.seats) words.push(t("new.fit.pairs"));
  else if (fit.shared) words.push(t("new.fit.shared", { count: fit.shared }));
  else words.push(t("new.fit.single"));
  if (fit.without_seat) words.push(t("new.fit.without", { count: fit.without_seat }));
  if (fit.without_role) words.push(t("new.fit.norole", { count: fit.without_role }));
  return words.join(" ");
}

function fitTitle(fit) {
  return t("new.fit.title", { title: fit.title, variant: fit.variant_name || t("new.fit.aswritten"), minutes: fit.minutes });
}

function chooseFit(fit) {
  fileInput.value = "";
  const radio = [...form.querySelectorAll('input[name="scenario_id"]')].find((r) => r.value === fit.scenario_id);
  if (!radio) return;
  radio.checked = true;
  updateForums();
  updateVariants(fit.variant_id || "");
  toast(t("new.fit.chosen", { title: fitTitle(fit) }), "ok");
  variantSelect.focus();
}

function fitOption(fit, index) {
  return el("li", { class: ["fit-option", fit.fits && "fits"], dataset: { scenario: fit.scenario_id, variant: fit.variant_id || "" } },
    el("div", { class: "fit-words" }, el("strong", {}, fitTitle(fit)), el("span", { class: "explain" }, fitWords(fit))),
    el("button", { type: "button", class: "small secondary", id: `fit-choose-${index}`, onclick: () => chooseFit(fit) }, t("new.fit.choose")));
}

function renderFits(students, fits) {
  const good = fits.filter((fit) => fit.fits);
  const others = fits.filter((fit) => !fit.fits).slice(0, good.length ? 4 : 6);
  setChildren(fitResult,
    good.length
      ? [el("h3", { class: "small" }, t("new.fit.fitting", { students })), el("ul", { class: "fit-list", id: "fit-good" }, good.map(fitOption))]
      : el("p", {}, t("new.fit.none", { students })),
    others.length ? [el("h3", { class: "small" }, t("new.fit.others")), el("ul", { class: "fit-list", id: "fit-others" }, others.map((f, i) => fitOption(f, good.length + i)))] : null);
}

// For a lesson of a given length, each scenario's longest cut that still fits in it.
function forLesson(fits, minutes) {
  if (!minutes) return fits;
  const best = new Map();
  for (const fit of fits) {
    if (fit.minutes > minutes) continue;
    const known = best.get(fit.scenario_id);
    if (!known || fit.minutes > known.minutes) best.set(fit.scenario_id, fit);
  }
  return fits.filter((fit) => best.get(fit.scenario_id) === fit);
}

let fitTimer = null;
let fitAsked = 0;
async function updateFits() {
  const text = classSize.value.trim();
  const error = byId("class-size-error");
  if (!text) { error.hidden = true; return setChildren(fitResult); }
  const students = Number(text);
  if (!Number.isInteger(students) || students < 1 || students > 1000) {
    error.hidden = false;
    setText(error, t("new.fit.invalid"));
    classSize.setAttribute("aria-invalid", "true");
    return setChildren(fitResult);
  }
  error.hidden = true;
  classSize.removeAttribute("aria-invalid");
  const asked = ++fitAsked;
  try {
    const fits = await api(`/api/scenarios/fit?students=${students}`);
    if (asked === fitAsked) renderFits(students, forLesson(fits, Number(byId("lesson-length").value)));
  } catch (problem) {
    error.hidden = false;
    setText(error, problem.message);
  }
}
classSize.addEventListener("input", () => { clearTimeout(fitTimer); fitTimer = setTimeout(updateFits, 250); });
byId("lesson-length").addEventListener("change", updateFits);

function scenarioCard(scenario, index) {
  const id = `scenario-${index}`;
  const meta = [
    scenario.level ? t("new.scenario.level", { level: scenario.level }) : null,
    t("new.scenario.actors", { count: scenario.actors }),
    (scenario.forums || []).map((f) => f.name).join(t("list.separator")),
  ].filter(Boolean).join(" · ");
  return el("li", { class: "scenario-card" },
    el("label", { for: id },
      el("input", { type: "radio", name: "scenario_id", id, value: scenario.id, checked: index === 0, onchange: () => { fileInput.value = ""; updateForums(); } }),
      el("span", {}, el("strong", {}, scenario.title), el("span", { class: "explain" }, meta))),
    scenario.summary ? el("p", { class: "small" }, scenario.summary) : null);
}

async function loadScenarios() {
  try {
    // Each scenario's title and summary in this page's language, where the scenario gives it.
    scenarios = localize(await api("/api/scenarios"), currentLanguage());
    byId("scenario-loading").hidden = true;
    // The tutorial first: it is the one a newcomer should pick.
    scenarios.sort((a, b) => (a.id === "tutorial" ? -1 : b.id === "tutorial" ? 1 : a.title.localeCompare(b.title)));
    setChildren(list, scenarios.map(scenarioCard));
    if (!scenarios.length) setText("scenario-loading", t("new.bundled.none"));
    updateForums();
  } catch (problem) {
    setText("scenario-loading", problem.message);
  }
}

function locationText(location) {
  const match = /^(.*):(\d+):(\d+)$/.exec(String(location || ""));
  return match ? t("new.error.where", { file: match[1], line: match[2], column: match[3] }) : String(location || "");
}

function showErrors(problem) {
  errorBox.hidden = false;
  const errors = problem.errors || [];
  const items = errors.map((item) => el("li", { dataset: { location: item.location || "" } },
    item.location ? el("strong", {}, `${locationText(item.location)}: `) : null, item.message,
    item.hint ? el("span", { class: "explain" }, t("new.error.hint", { hint: item.hint })) : null));
  setChildren(errorBox,
    el("p", {}, el("strong", {}, errors.length ? t("new.error.heading", { count: errors.length }) : problem.message)),
    items.length ? el("ul", {}, items) : null);
  errorBox.setAttribute("tabindex", "-1");
  errorBox.focus();
}

fileInput.addEventListener("change", () => {
  if (fileInput.files.length) for (const radio of form.querySelectorAll('input[name="scenario_id"]')) radio.checked = false;
  updateForums();
});

form.addEventListener("submit", async (submit) => {
  submit.preventDefault();
  errorBox.hidden = true;
  const button = byId("create-room");
  button.disabled = true;
  try {
    let body;
    if (fileInput.files.length) {
      body = new FormData();
      body.append("file", fileInput.files[0]);
    } else {
      const scenario = selectedScenario();
      if (!scenario) throw Object.assign(new Error(t("new.choose")), { errors: [] });
      body = {
        scenario_id: scenario.id,
        forum_id: forumField.hidden ? null : forumSelect.value || null,
        variant_id: variantField.hidden ? null : variantSelect.value || null,
      };
    }
    const room = await api("/api/rooms", { method: "POST", body });
    setChairKey(room.code, room.chair_key);
    rememberRoom(room);
    showCreated(room);
  } catch (problem) {
    showErrors(problem);
  } finally {
    button.disabled = false;
  }
});

function showCreated(room) {
  byId("new-room-section").hidden = true;
  const section = byId("room-created");
  section.hidden = false;
  const absolute = (path) => new URL(path, window.location.href).href;
  const chairUrl = absolute(room.chair_url || `/chair/${room.code}#key=${encodeURIComponent(room.chair_key)}`);
  setText("created-code", room.code);
  setText("room-title", room.title);
  // Students' devices and the projector's computer open the address they can reach.
  const join = byId("created-join");
  const joinAddress = joinUrl(room.code);
  join.href = joinAddress;
  setText(join, joinAddress);
  setChildren(byId("created-join-copy"), copyButton(joinAddress, t("chair.join.what"), { id: "copy-join" }));
  setChildren(byId("created-join-qr"), joinQr(room.code));
  const projector = byId("created-projector");
  const projectorAddress = reachable(room.projector_url || `/projector/${room.code}`);
  projector.href = projectorAddress;
  setText(projector, projectorAddress);
  const warning = joinInfo().warning;
  const warningBox = byId("created-warning");
  warningBox.hidden = !warning;
  if (warning) {
    setChildren(warningBox, el("p", {}, el("strong", {}, t(`chair.join.warning.${warning}`, { url: joinAddress }))),
      el("p", {}, t(`chair.join.fix.${warning}`)));
  }
  setText("created-chair-url", chairUrl);
  byId("created-chair").href = chairUrl;
  byId("copy-chair").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(chairUrl);
      toast(t("new.created.copied"), "ok");
    } catch {
      toast(t("new.created.copyfailed"), "error");
    }
  });
  section.focus();
}


// A conference: several committees, each a room of its own, under one secretariat key.
const confForm = byId("new-conference-form");
const confList = byId("conf-committees");
const confErrors = byId("new-conference-errors");
let confRows = 0;

function committeeRow(index) {
  const number = ++confRows;
  const row = el("li", { class: "card conf-committee", dataset: { row: String(number) } },
    el("p", {}, el("strong", {}, t("new.conf.committee", { number: index + 1 }))),
    el("div", { class: "field" },
      el("label", { for: `conf-name-${number}` }, t("new.conf.name")),
      el("input", { id: `conf-name-${number}`, class: "conf-name", maxlength: "200", oninput: refreshCrossings })),
    el("div", { class: "field" },
      el("label", { for: `conf-scenario-${number}` }, t("new.conf.scenario")),
      el("select", { id: `conf-scenario-${number}`, class: "conf-scenario", onchange: refreshCrossings },
        scenarios.map((s) => el("option", { value: s.id }, s.title)))),
    el("label", { class: "check" }, el("input", { type: "checkbox", class: "conf-perschool" }), " ", t("new.conf.perschool")),
    el("button", { type: "button", class: "small secondary", onclick: () => { row.remove(); refreshCrossings(); } }, t("new.conf.remove")));
  return row;
}

function confCommittees() {
  return [...confList.querySelectorAll(".conf-committee")].map((row, index) => {
    const scenario = row.querySelector(".conf-scenario").value;
    const title = scenarios.find((s) => s.id === scenario)?.title || scenario;
    return {
      id: `c${index + 1}`,
      name: row.querySelector(".conf-name").value.trim() || title,
      scenario,
      one_delegation_per_school: row.querySelector(".conf-perschool").checked,
    };
  });
}

function refreshCrossings() {
  const committees = confCommittees();
  for (const id of ["conf-veto-from", "conf-veto-to"]) {
    const select = byId(id);
    const chosen = select.value;
    setChildren(select, el("option", { value: "" }, t("new.conf.vetonone")),
      committees.map((c) => el("option", { value: c.id, selected: c.id === chosen }, c.name)));
  }
}

byId("conf-add").addEventListener("click", () => {
  confList.append(committeeRow(confList.children.length));
  refreshCrossings();
  confList.lastElementChild.querySelector(".conf-name").focus();
});

confForm.addEventListener("submit", async (submit) => {
  submit.preventDefault();
  confErrors.hidden = true;
  const button = byId("create-conference");
  button.disabled = true;
  try {
    const file = byId("conf-file").files[0];
    let body;
    if (file) {
      body = new FormData();
      body.append("file", file);
    } else {
      const from = byId("conf-veto-from").value;
      const to = byId("conf-veto-to").value;
      body = {
        title: byId("conf-title").value.trim(),
        committees: confCommittees(),
        crossings: from && to ? [{ when: "veto", from, to: [to] }] : [],
      };
    }
    const made = await api("/api/conferences", { method: "POST", body });
    showConference(made);
  } catch (problem) {
    confErrors.hidden = false;
    const problems = problem.problems || [];
    setChildren(confErrors, el("p", {}, el("strong", {}, problem.message)),
      problems.length ? el("ul", {}, problems.map((p) => el("li", {}, p.line ? `${t("roster.error.line", { line: p.line })}: ` : "", p.message))) : null);
    confErrors.setAttribute("tabindex", "-1");
    confErrors.focus();
  } finally {
    button.disabled = false;
  }
});

function showConference(made) {
  byId("new-room-section").hidden = true;
  byId("new-conference-section").hidden = true;
  const section = byId("conference-created");
  section.hidden = false;
  const absolute = (path) => new URL(path, window.location.href).href;
  const secretariat = absolute(made.secretariat_url);
  setText("room-title", made.title);
  setText("conf-secretariat-url", secretariat);
  byId("conf-open").href = secretariat;
  setChildren(byId("conf-chairs"), made.committees.map((c) => {
    setChairKey(c.code, new URLSearchParams(c.chair_url.split("#")[1]).get("key"));
    const url = absolute(c.chair_url);
    return el("li", { class: "conf-chair", dataset: { committee: c.id } },
      el("strong", {}, c.name), " ", el("span", { class: "badge brand" }, c.code), " ",
      el("code", {}, url), " ", copyButton(url, c.name));
  }));
  section.focus();
}

loadScenarios().then(() => {
  confList.append(committeeRow(0));
  refreshCrossings();
});
