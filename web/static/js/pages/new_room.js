import { api, rememberRoom, setChairKey } from "../api.js";
import { toast } from "../announce.js";
import { byId, el, setChildren, setText, show } from "../dom.js";
import { t, translatePage } from "../i18n.js";
import { copyButton, joinInfo, joinQr, joinUrl, reachable } from "../join_links.js";

translatePage();
document.title = t("new.pagetitle");

const form = byId("new-room-form");
const list = byId("scenario-list");
const fileInput = byId("scenario-file");
const forumField = byId("forum-field");
const forumSelect = byId("forum-select");
const errorBox = byId("new-room-errors");
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
}

function scenarioCard(scenario, index) {
  const id = `scenario-${index}`;
  const meta = [
    scenario.level ? t("new.scenario.level", { level: scenario.level }) : null,
    t("new.scenario.actors", { count: scenario.actors }),
    (scenario.forums || []).map((f) => f.name).join(", "),
  ].filter(Boolean).join(" · ");
  return el("li", { class: "scenario-card" },
    el("label", { for: id },
      el("input", { type: "radio", name: "scenario_id", id, value: scenario.id, checked: index === 0, onchange: () => { fileInput.value = ""; updateForums(); } }),
      el("span", {}, el("strong", {}, scenario.title), el("span", { class: "explain" }, meta))),
    scenario.summary ? el("p", { class: "small" }, scenario.summary) : null);
}

async function loadScenarios() {
  try {
    scenarios = await api("/api/scenarios");
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
      body = { scenario_id: scenario.id, forum_id: forumField.hidden ? null : forumSelect.value || null };
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

loadScenarios();
