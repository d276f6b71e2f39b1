// The delegate's page: placard and secret brief, the floor, points and motions in order, drafts
// and amendments, the vote panel, the diplomatic pouch and the news.

import { announce, toast } from "../announce.js";
import { codeFromPath, getSeatToken, forgetSeatToken, setSeatToken } from "../api.js";
import {
  agendaPanel, amendmentsOf, amendmentText, cached, choiceMark, clauseList, contestProceduralControl, draftMeta, floorNow, frameField, frameSelect,
  latestResult, newsList, newsOf, phaseText, renderIfChanged, resultBanner, speakersList,
  tallyBoard, vetoNowBanner, voteHeader, voterList,
} from "../components.js";
import { byId, el, setChildren, setText } from "../dom.js";
import { describeEvent } from "../events_text.js";
import { say, t, translatePage, why } from "../i18n.js";
import { renderMarkdown } from "../markdown.js";
import { placard } from "../placard.js";
import { RoomClient, actorName, delegations } from "../room.js";
import { setupTabs } from "../tabs.js";
import { pouchPanel } from "../pouch.js";
import { consentControls, hasWorld, pledgePanel, situationPanel, trustPanel } from "../world.js";
import { openDebrief } from "../debrief.js";
import { paperPanel } from "../papers.js";
import { studentReflection } from "../assessment.js";
import { behalfButtons, blocsPanel, consentByClause, leversPanel } from "../blocs.js";

translatePage();
const code = codeFromPath();
// A new-device link opened on this page (/room/CODE#seat=...) brings its seat with it.
adoptHandedSeat();
const token = getSeatToken(code);
const forms = new Map();

function adoptHandedSeat() {
  const handed = new URLSearchParams(window.location.hash.slice(1)).get("seat");
  if (!handed) return false;
  setSeatToken(code, handed);
  history.replaceState(null, "", window.location.pathname);
  return true;
}
// Typed into this open tab, the link changes only the fragment: take the seat all the same.
window.addEventListener("hashchange", () => { if (adoptHandedSeat()) window.location.reload(); });

if (!token) {
  window.location.replace(`/join/${encodeURIComponent(code)}`);
  throw new Error("no seat on this device");
}

const client = new RoomClient({ code, token }).start();
window.plenary = client; // lets the browser tests drop the connection on purpose
const tabs = setupTabs();

// The chair moved this seat to another device: say so, and keep saying it until a reload (the
// toast alone fades, and the badge would still say "Connected").
client.connection.on("error", (message) => {
  if (message.code !== "seat_released" || client.pinnedStatus) return;
  client.pinStatus("seat_moved");
  const box = byId("room-error");
  box.hidden = false;
  box.classList.add("seat-moved");
  setChildren(box, el("h2", {}, t("seat.moved.title")), el("p", {}, t("seat.moved.text")),
    el("button", { type: "button", id: "seat-moved-reload", onclick: () => window.location.reload() }, t("seat.moved.reload")));
});

client.connection.on("closed", ({ code: closeCode }) => {
  if (closeCode === 4001) {
    forgetSeatToken(code);
    const box = byId("room-error");
    box.hidden = false;
    setChildren(box, el("p", {}, t("conn.fatal.4001")),
      el("a", { class: "button", href: `/join/${encodeURIComponent(code)}` }, t("conn.fatal.pick")));
  }
});

const me = () => client.view?.me || {};
const myId = () => me().id || client.welcome?.seat;
const actionsOf = (type) => (me().actions || []).filter((a) => a.type === type);
const action = (type) => actionsOf(type)[0] || null;

// ---------------------------------------------------------------- header and brief

function renderHeader(view) {
  const id = myId();
  const self = delegations(view).find((d) => d.id === id);
  const seat = client.seats.find((s) => s.actor === id);
  document.title = t("room.pagetitle", { name: self?.name || id || "", forum: view.forum?.name || "" });
  setText("room-title", `${view.forum?.name || ""} · ${code}`);
  const attendance = me().attendance ? t(`attendance.${me().attendance}`) : "";
  // Co-delegates share the seat: every one of them is named (first come first).
  const names = (seat?.co_delegates || []).length > 1 ? seat.co_delegates.map((c) => c.display_name || "—").join(t("list.separator")) : seat?.display_name;
  renderIfChanged(byId("my-seat"), JSON.stringify([id, names, attendance, rapporteur]), () => [
    el("strong", {}, rapporteur ? t("assess.role.rapporteur") : self?.name || id || ""), names ? ` · ${names}` : "",
    rapporteur?.display_name ? ` · ${rapporteur.display_name}` : "", attendance ? ` · ${attendance}` : ""]);
  renderIfChanged(byId("my-placard"), JSON.stringify([self, seat?.display_name]), () =>
    self ? placard(self, { large: true, extra: seat?.display_name }) : []);
}

function renderBrief(view) {
  const brief = me().brief;
  renderIfChanged(byId("brief"), JSON.stringify(brief || null), () => {
    if (!brief) return el("p", { class: "empty" }, t("brief.none"));
    const objectives = brief.objectives || [];
    const redLines = brief.red_lines || [];
    const lines = (items) => el("ul", {}, items.map((line) => el("li", {}, line)));
    // Interests, allies and what it may trade are optional: a brief without them shows no row.
    const optional = (key, id, items) => (items?.length ? [el("dt", {}, t(key)), el("dd", { id }, lines(items))] : []);
    return el("dl", {},
      el("dt", {}, t("brief.position")), el("dd", { class: "prose" }, renderMarkdown(brief.position || "")),
      optional("brief.interests", "brief-interests", brief.interests),
      el("dt", {}, t("brief.red_lines")),
      el("dd", {}, redLines.length ? lines(redLines) : t("common.none")),
      optional("brief.allies", "brief-allies", (brief.allies || []).map((id) => actorName(view, id))),
      optional("brief.may_trade", "brief-may-trade", brief.may_trade),
      el("dt", {}, t("brief.objectives")),
      el("dd", {}, objectives.length ? el("ul", {}, objectives.map((o) => el("li", {}, typeof o === "string" ? o : o.text,
        typeof o === "object" && o.points ? el("span", { class: "badge" }, ` ${t("brief.points", { count: o.points })}`) : null))) : t("common.none")));
  });
  renderIfChanged(byId("agenda"), JSON.stringify([view.agenda, view.agenda_item]), () => agendaPanel(view));
  renderIfChanged(byId("trust"), JSON.stringify(me().world?.trust || null), () => trustPanel(view) || []);
  byId("world-card").hidden = !hasWorld(view);
  renderIfChanged(byId("world"), JSON.stringify(view.world || null), () => situationPanel(view));
}

// ---------------------------------------------------------------- floor

// The frame a delegate chose for their next speech, kept while the floor panel re-renders.
const speechFrame = { value: "" };

function renderFloor(view) {
  const addMe = action("add_speaker");
  const leave = action("remove_speaker");
  const yieldAction = action("yield_floor");
  const finish = action("end_speech");
  const reply = action("request_right_of_reply");
  const key = JSON.stringify([view.floor, view.caucus, view.speakers, view.speakers_closed, view.meeting, view.paused_at, view.suspension_deadline, view.vote?.id, view.voting_procedure ? 1 : 0, addMe, leave, yieldAction, finish, reply, delegations(view).map((d) => d.attendance)]);
  renderIfChanged(byId("floor"), key, () => {
    const controls = [];
    if (leave) controls.push(el("button", { type: "button", class: "secondary", id: "leave-speakers", "data-focus-id": "speakers-toggle", onclick: () => client.send("remove_speaker", {}) }, t("floor.leave")));
    else if (addMe) {
      controls.push(el("button", { type: "button", id: "add-me", "data-focus-id": "speakers-toggle", disabled: !addMe.in_order, "aria-describedby": "add-me-why", onclick: () => client.send("add_speaker", speechFrame.value ? { frame: speechFrame.value } : {}).then((ok) => ok && announce(t("floor.added"))) }, t("floor.addme")));
      if (addMe.in_order) controls.push(frameField(view, "speech-frame", speechFrame));
      controls.push(...behalfButtons(view, client, addMe));
      if (!addMe.in_order) controls.push(el("span", { class: "explain", id: "add-me-why" }, why(addMe)));
    }
    const mine = [];
    if (yieldAction && yieldAction.in_order) mine.push(yieldForm(view, yieldAction));
    if (finish) mine.push(el("button", { type: "button", class: "secondary", id: "finish-speech", onclick: () => client.send("end_speech", {}) }, t("floor.finish")));
    const replyNode = reply && reply.in_order ? cached(forms, "reply", () => replyForm()) : null;
    return [
      el("p", { class: "phase-banner", id: "phase" }, phaseText(view)),
      floorNow(view),
      mine.length ? el("div", { class: "stack", id: "my-speech" }, el("h3", {}, t("floor.yourturn")), mine) : null,
      el("h3", {}, t("floor.speakers")),
      speakersList(view),
      el("div", { class: "row" }, controls),
      replyNode,
    ];
  });
}

function yieldForm(view, yieldAction) {
  const others = delegations(view).filter((d) => d.id !== myId() && d.attendance !== "absent");
  const select = el("select", { id: "yield-to-delegate", "data-focus-id": "yield-to-delegate", "aria-label": t("floor.yield.delegate") },
    others.map((d) => el("option", { value: d.id }, d.name)));
  const buttons = [];
  if (yieldAction.to.includes("delegate")) {
    buttons.push(el("div", { class: "row" }, el("label", { for: "yield-to-delegate", class: "visually-hidden" }, t("floor.yield.delegate")), select,
      el("button", { type: "button", id: "yield-delegate", onclick: () => client.send("yield_floor", { to: "delegate", delegate: select.value }) }, t("floor.yield.todelegate"))));
  }
  const quick = [];
  if (yieldAction.to.includes("questions")) quick.push(el("button", { type: "button", class: "secondary", id: "yield-questions", onclick: () => client.send("yield_floor", { to: "questions" }) }, t("floor.yield.questions")));
  if (yieldAction.to.includes("chair")) quick.push(el("button", { type: "button", class: "secondary", id: "yield-chair", onclick: () => client.send("yield_floor", { to: "chair" }) }, t("floor.yield.chair")));
  return el("div", { class: "stack" }, el("p", { class: "explain" }, why(yieldAction)), buttons, el("div", { class: "row" }, quick));
}

function replyForm() {
  const reason = el("input", { id: "reply-reason", maxlength: "500", "data-focus-id": "reply-reason" });
  return el("details", { class: "small" }, el("summary", {}, t("floor.reply.summary")),
    el("form", { class: "stack", onsubmit: async (submit) => {
      submit.preventDefault();
      if (await client.send("request_right_of_reply", { reason: reason.value.trim() })) { reason.value = ""; toast(t("floor.reply.sent"), "ok"); }
    } },
    el("label", { for: "reply-reason" }, t("floor.reply.reason")), reason,
    el("button", { type: "submit", class: "secondary" }, t("floor.reply.submit"))));
}

// ---------------------------------------------------------------- points and motions

const MOTION_FIELDS = {
  moderated_caucus: ["minutes", "speaker_seconds", "topic"],
  unmoderated_caucus: ["minutes", "topic"],
  suspend_meeting: ["minutes"],
  set_speaking_time: ["seconds"],
  declare_important: ["draft"],
  move_to_vote: ["draft"],
  divide_question: ["draft", "parts"],
  reconsider: ["draft"],
  appeal_chair: ["ruling"],
  set_agenda: ["agenda"],
};

function fieldFor(view, name, idPrefix) {
  const id = `${idPrefix}-${name}`;
  const wrap = (input, hint = null) => el("div", { class: "field" }, el("label", { for: id }, t(`motionfield.${name}`)), hint ? el("p", { class: "hint" }, hint) : null, input);
  switch (name) {
    case "minutes": return wrap(el("input", { id, type: "number", min: "0.5", max: "60", step: "0.5", value: "5", name, "data-focus-id": id }));
    case "speaker_seconds": return wrap(el("input", { id, type: "number", min: "10", max: "600", step: "5", value: "45", name, "data-focus-id": id }));
    case "seconds": return wrap(el("input", { id, type: "number", min: "10", max: "3600", step: "5", value: "60", name, "data-focus-id": id }));
    case "topic": return wrap(el("input", { id, maxlength: "300", name, "data-focus-id": id }));
    case "parts": return wrap(el("input", { id, name, placeholder: "OP1, OP2; OP3", "data-focus-id": id }), t("motionfield.parts.hint"));
    case "draft": return wrap(el("select", { id, name }, (view.drafts || []).filter((d) => !["withdrawn"].includes(d.status)).map((d) => el("option", { value: d.id }, `${d.id}: ${d.title}`))));
    case "ruling": return wrap(el("select", { id, name }, (view.rulings || []).filter((r) => !r.overturned).map((r) => el("option", { value: r.id }, r.text_say ? say(r.text_say) : r.text))));
    case "agenda": return wrap(el("select", { id, name }, (view.agenda || []).filter((a) => a.status !== "concluded").map((a) => el("option", { value: a.id }, a.title))));
    default: return null;
  }
}

function motionFields(form) {
  const data = new FormData(form);
  const fields = {};
  for (const key of ["minutes", "speaker_seconds", "seconds"]) if (data.get(key)) fields[key] = Number(data.get(key));
  if (data.get("topic")) fields.topic = String(data.get("topic")).trim();
  const target = data.get("draft") || data.get("ruling") || data.get("agenda");
  if (target) fields.target = String(target);
  if (data.get("parts")) {
    fields.parts = String(data.get("parts")).split(";").map((part) => part.split(",").map((s) => s.trim()).filter(Boolean)).filter((p) => p.length);
  }
  return fields;
}

function actionItem(view, entry) {
  const isPoint = entry.type === "raise_point";
  const idPrefix = `${isPoint ? "point" : "motion"}-${entry.kind}`;
  const label = t(`${isPoint ? "point" : "motion"}.${entry.kind}`);
  const details = el("details", { class: "action-item", id: idPrefix, dataset: { kind: entry.kind, type: entry.type } });
  const fields = isPoint
    ? [el("div", { class: "field" }, el("label", { for: `${idPrefix}-text` }, t("point.text")), el("textarea", { id: `${idPrefix}-text`, name: "text", maxlength: "1000", rows: "2", "data-focus-id": `${idPrefix}-text` }))]
    : (MOTION_FIELDS[entry.kind] || []).map((name) => fieldFor(view, name, idPrefix));
  const form = el("form", { class: "stack", onsubmit: async (submit) => {
    submit.preventDefault();
    const payload = isPoint ? { kind: entry.kind, text: String(new FormData(form).get("text") || "").trim() } : { kind: entry.kind, ...motionFields(form) };
    if (await client.send(entry.type, payload)) {
      toast(t(isPoint ? "actions.point.sent" : "actions.motion.sent", { label }), "ok");
      details.open = false;
      form.reset();
      // The form folds away: its summary keeps the focus the submit button had.
      details.querySelector("summary")?.focus();
    }
  } }, fields, el("p", { class: "small muted" }, [entry.threshold_say ? say(entry.threshold_say) : entry.threshold, entry.debatable ? t("actions.debatable") : null, entry.source_say ? say(entry.source_say) : entry.source].filter(Boolean).join(" · ")),
  el("button", { type: "submit", id: `${idPrefix}-submit` }, isPoint ? t("actions.raise") : t("actions.propose")));
  details.append(el("summary", {}, el("strong", {}, label), el("span", { class: "explain" }, why(entry))), form);
  return el("li", {}, details);
}

/** What a motion's select boxes list; a cached form is rebuilt only when these change. */
function optionsKey(view, entry) {
  const fields = MOTION_FIELDS[entry.kind] || [];
  return JSON.stringify([
    fields.includes("draft") ? (view.drafts || []).map((d) => [d.id, d.status]) : null,
    fields.includes("ruling") ? (view.rulings || []).map((r) => [r.id, r.overturned]) : null,
    fields.includes("agenda") ? (view.agenda || []).map((a) => [a.id, a.status]) : null,
  ]);
}

function renderActions(view) {
  const entries = (me().actions || []).filter((a) => a.type === "raise_point" || a.type === "propose_motion");
  const rollCall = action("request_roll_call");
  const contest = action("contest_procedural");
  const levers = action("take_action");
  const key = JSON.stringify([entries, rollCall, contest, levers, (view.motions || []).map((m) => [m.id, m.kind, m.contested_by]), (view.drafts || []).map((d) => [d.id, d.status]), view.rulings, view.agenda]);
  renderIfChanged(byId("actions"), key, () => {
    const inOrder = entries.filter((e) => e.in_order);
    const notNow = entries.filter((e) => !e.in_order);
    return [
      inOrder.length ? el("ul", { class: "plain", id: "in-order-list" }, inOrder.map((entry) => cached(forms, `action:${JSON.stringify(entry)}:${optionsKey(view, entry)}`, () => actionItem(view, entry))))
        : el("p", { class: "empty" }, t("actions.none")),
      rollCall && rollCall.in_order ? el("p", {}, el("button", { type: "button", class: "secondary", id: "request-roll-call", onclick: () => client.send("request_roll_call", {}) }, t("actions.rollcall")), el("span", { class: "explain" }, why(rollCall))) : null,
      // Listed by the engine only for Council members where the double veto applies.
      contestProceduralControl(view, contest, (type, fields) => client.send(type, fields)),
      levers ? el("div", { id: "levers" }, el("h3", {}, t("lever.heading")), el("p", { class: "hint" }, why(levers)), leversPanel(view, client)) : null,
      notNow.length ? el("details", { class: "small" }, el("summary", {}, t("actions.notnow", { count: notNow.length })),
        el("ul", {}, notNow.map((e) => el("li", {}, el("strong", {}, t(`${e.type === "raise_point" ? "point" : "motion"}.${e.kind}`)), ": ", why(e))))) : null,
    ];
  });
}

// ---------------------------------------------------------------- drafts and amendments

function amendmentForm(view, draft) {
  const prefix = `amend-${draft.id}`;
  const action = el("select", { id: `${prefix}-action`, name: "action" },
    ["modify", "add", "delete"].map((a) => el("option", { value: a }, t(`amend.choose.${a}`))));
  const target = el("select", { id: `${prefix}-target`, name: "target" },
    draft.clauses.map((c) => el("option", { value: c.id }, `${c.id}: ${c.text.slice(0, 60)}`)));
  const text = el("textarea", { id: `${prefix}-text`, name: "text", rows: "3", maxlength: "4000", "data-focus-id": `${prefix}-text` });
  const kind = el("select", { id: `${prefix}-kind`, name: "kind" }, ["operative", "preambular"].map((k) => el("option", { value: k }, t(`clause.${k}`))));
  const friendly = el("input", { type: "checkbox", id: `${prefix}-friendly`, name: "friendly" });
  const note = el("input", { id: `${prefix}-note`, name: "note", maxlength: "500", "data-focus-id": `${prefix}-note` });
  const targetField = el("div", { class: "field" }, el("label", { for: target.id }, t("amend.target")), target);
  const textField = el("div", { class: "field" }, el("label", { for: text.id }, t("amend.text")), text);
  const kindField = el("div", { class: "field" }, el("label", { for: kind.id }, t("amend.kind")), kind);
  const sync = () => {
    targetField.querySelector("label").textContent = action.value === "add" ? t("amend.after") : t("amend.target");
    textField.hidden = action.value === "delete";
    kindField.hidden = action.value !== "add";
  };
  action.addEventListener("change", sync);
  const form = el("form", { class: "stack", onsubmit: async (submit) => {
    submit.preventDefault();
    const fields = { draft_id: draft.id, action: action.value, friendly: friendly.checked, note: note.value.trim() };
    if (action.value === "add") fields.after_clause = target.value || null;
    else fields.target_clause = target.value;
    if (action.value !== "delete") {
      if (!text.value.trim()) { toast(t("amend.missingtext"), "error"); text.focus(); return; }
      fields.clause = { kind: action.value === "add" ? kind.value : (draft.clauses.find((c) => c.id === target.value)?.kind || "operative"), text: text.value.trim() };
    }
    if (await client.send("propose_amendment", fields)) {
      toast(t("amend.sent"), "ok");
      form.reset();
      sync();
    }
  } },
  el("div", { class: "field" }, el("label", { for: action.id }, t("amend.action")), action),
  targetField, kindField, textField,
  el("div", { class: "checks" }, el("label", { for: friendly.id }, friendly, t("amend.friendly"))),
  el("div", { class: "field" }, el("label", { for: note.id }, t("amend.note")), note),
  el("button", { type: "submit", id: `${prefix}-submit` }, t("amend.submit")));
  sync();
  return el("details", { class: "amend-form" }, el("summary", {}, t("amend.propose")), form);
}

function draftCard(view, draft) {
  const id = myId();
  const sponsor = draft.sponsors.includes(id);
  const signed = draft.signatories.includes(id);
  const signEntry = (action("sign_draft")?.drafts || []).find((d) => d.draft_id === draft.id);
  const buttons = [];
  // Once a draft is introduced, greyed-out Sign/Sponsor buttons only distract: hide them then.
  if (!sponsor && !signed && signEntry && (signEntry.in_order || draft.status === "working")) {
    buttons.push(el("button", { type: "button", class: "secondary small", dataset: { act: "sign", focusId: `sign-${draft.id}` }, disabled: !signEntry.in_order, title: signEntry.in_order ? null : why(signEntry), onclick: () => client.send("sign_draft", { draft_id: draft.id, as_sponsor: false }) }, t("draft.sign")));
    buttons.push(el("button", { type: "button", class: "secondary small", dataset: { act: "sponsor" }, disabled: !signEntry.in_order, onclick: () => client.send("sign_draft", { draft_id: draft.id, as_sponsor: true }) }, t("draft.sponsor")));
    if (!signEntry.in_order && why(signEntry)) buttons.push(el("span", { class: "explain" }, why(signEntry)));
  } else if ((sponsor || signed) && draft.status === "working") {
    buttons.push(el("button", { type: "button", class: "secondary small", dataset: { act: "unsign", focusId: `sign-${draft.id}` }, onclick: () => client.send("unsign_draft", { draft_id: draft.id }) }, sponsor ? t("draft.unsponsor") : t("draft.unsign")));
  }
  const pending = amendmentsOf(view, draft.id, ["awaiting_sponsors", "pending"]);
  const open = ["working", "introduced"].includes(draft.status);
  return el("article", { class: "draft", id: `draft-${draft.id}`, dataset: { draft: draft.id, focusScope: `draft-${draft.id}` } },
    el("h3", {}, `${draft.id}: `, draft.title),
    draftMeta(view, draft),
    clauseList(draft),
    buttons.length ? el("div", { class: "row" }, buttons) : null,
    consentControls(view, client, draft),
    consentByClause(view, client, draft),
    pending.length ? el("h4", {}, t("amend.pending", { count: pending.length })) : null,
    pending.length ? el("ul", { class: "plain" }, pending.map((a) => el("li", { class: "amendment", id: `amendment-${a.id}`, tabindex: "-1", dataset: { amendment: a.id } },
      el("div", {}, el("span", { class: "badge" }, a.friendly ? t("amend.friendly.badge") : t("amend.unfriendly.badge")), " ",
        el("span", { class: "small muted" }, t("amend.by", { name: actorName(view, a.proposer), status: t(`amend.status.${a.status}`) }))),
      el("p", {}, amendmentText(view, a, draft)),
      a.note ? el("p", { class: "small muted" }, a.note) : null,
      el("div", { class: "row" },
        sponsor && a.status === "awaiting_sponsors" && !a.accepted_by.includes(id) ? [
          el("button", { type: "button", class: "ok small", dataset: { act: "accept" }, onclick: () => client.send("accept_amendment", { amendment_id: a.id }) }, t("amend.accept")),
          el("button", { type: "button", class: "secondary small", dataset: { act: "decline" }, onclick: () => client.send("decline_amendment", { amendment_id: a.id }) }, t("amend.decline"))] : null,
        a.proposer === id ? el("button", { type: "button", class: "ghost small", onclick: () => client.send("withdraw_amendment", { amendment_id: a.id }) }, t("amend.withdraw")) : null))))
      : el("p", { class: "empty small" }, t("amend.nopending")),
    open ? cached(forms, `amend:${draft.id}:${draft.clauses.map((c) => c.id).join(",")}`, () => amendmentForm(view, draft)) : null);
}

function newDraftForm(view) {
  const title = el("input", { id: "new-draft-title", maxlength: "300", "data-focus-id": "new-draft-title" });
  const clauses = el("textarea", { id: "new-draft-clauses", rows: "5", "data-focus-id": "new-draft-clauses" });
  const form = el("form", { class: "stack", onsubmit: async (submit) => {
    submit.preventDefault();
    const lines = clauses.value.split(/\n\s*\n|\n/).map((s) => s.trim()).filter(Boolean);
    if (!title.value.trim() || !lines.length) { toast(t("draft.new.missing"), "error"); return; }
    const payload = { title: title.value.trim(), clauses: lines.map((text) => ({ kind: "operative", text })), agenda_item: view.agenda_item || null };
    const frame = form.querySelector("#new-draft-frame")?.value;
    if (frame) payload.frame = frame;
    if (await client.send("submit_draft", payload)) { form.reset(); toast(t("draft.new.sent"), "ok"); }
  } },
  el("div", { class: "field" }, el("label", { for: title.id }, t("draft.new.title")), title),
  el("div", { class: "field" }, el("label", { for: clauses.id }, t("draft.new.clauses")), el("p", { class: "hint" }, t("draft.new.hint")), clauses),
  frameField(view, "new-draft-frame"),
  el("button", { type: "submit", id: "new-draft-submit" }, t("draft.new.submit")));
  return el("details", {}, el("summary", {}, t("draft.new.summary")), form);
}

function renderDrafts(view) {
  const key = JSON.stringify([view.drafts, view.amendments, view.signatures_needed, action("sign_draft"), myId(), view.world?.consent, view.world?.consent_limited, view.world?.providers]);
  renderIfChanged(byId("drafts"), key, () => [
    (view.drafts || []).length ? (view.drafts || []).map((d) => draftCard(view, d)) : el("p", { class: "empty" }, t("drafts.none")),
    cached(forms, "new-draft", () => newDraftForm(view)),
  ]);
}

// ---------------------------------------------------------------- vote

// A repeated tap is harmless: a ballot on its way, or the one already cast, is not sent again.
let casting = null;
let lastCast = null;
// A permanent member's No waits for a second, explicit tap: it is a veto.
let confirmingVeto = null;

const isNo = (choice) => choice === "no" || choice === "no_with_rights";

async function castVote(vote, choice, mine) {
  if (casting) return;
  if (mine === choice || (lastCast?.vote === vote.id && lastCast.choice === choice)) {
    announce(t("vote.already", { choice: t(`choice.${choice}`) }));
    return;
  }
  const choices = me().vote_choices || {};
  if (choices.veto && isNo(choice) && confirmingVeto !== vote.id) {
    confirmingVeto = vote.id;
    renderVote(client.view);
    byId("veto-confirm-button")?.focus();
    return;
  }
  confirmingVeto = null;
  casting = choice;
  const ok = await client.send("cast_vote", { choice });
  casting = null;
  if (ok) {
    lastCast = { vote: vote.id, choice };
    announce(t("vote.cast", { choice: t(`choice.${choice}`) }));
  }
  renderVote(client.view);
  // Focus stays on the pressed button where it is still offered (data-focus-id), else it goes
  // to the line that says the vote is recorded: never to <body>.
  (byId(`vote-${choice}`) || byId("my-vote"))?.focus();
}

function renderVote(view) {
  const vote = view.vote;
  const card = byId("vote-card");
  const hadFocus = card.contains(document.activeElement);
  card.hidden = !vote;
  byId("tab-vote").hidden = !vote;
  const choices = me().vote_choices || { choices: [], why: "" };
  const myBallots = me().my_ballots || [];
  if (!vote) confirmingVeto = null;
  renderIfChanged(byId("vote"), JSON.stringify([vote, choices, myBallots, confirmingVeto, view.amendments]), () => {
    if (!vote) return [];
    const mine = myBallots.length ? myBallots[myBallots.length - 1].choice : null;
    const confirming = confirmingVeto === vote.id;
    const noChoice = choices.choices.find(isNo) || "no";
    return [
      voteHeader(view, vote),
      vetoNowBanner(view, vote),
      choices.veto && choices.choices.some(isNo) && !mine ? el("p", { class: "veto-warning", id: "veto-warning" }, t("vote.veto.warning")) : null,
      mine ? el("p", { class: "badge ok", id: "my-vote", tabindex: "-1", "data-focus-fallback": "" }, t("vote.youvoted", { choice: t(`choice.${mine}`) })) : null,
      confirming ? el("div", { class: "veto-confirm", id: "veto-confirm", role: "group", "aria-labelledby": "veto-confirm-text" },
        el("p", { id: "veto-confirm-text" }, t("vote.veto.confirm.text")),
        el("div", { class: "row" },
          el("button", { type: "button", class: "danger", id: "veto-confirm-button", "data-focus-id": "veto-confirm-button", onclick: () => castVote(vote, noChoice, mine) }, t("vote.veto.confirm")),
          el("button", { type: "button", class: "secondary", id: "veto-cancel", onclick: () => { confirmingVeto = null; renderVote(client.view); byId(`vote-${noChoice}`)?.focus(); } }, t("vote.veto.cancel")))) : null,
      choices.choices.length ? el("div", { class: "vote-choices", role: "group", "aria-label": t("vote.yourchoice"), "aria-describedby": choices.veto ? "veto-warning" : null },
        choices.choices.map((choice) => el("button", {
          type: "button", class: choice.replace(/_with_rights$/, ""), id: `vote-${choice}`, "data-focus-id": `vote-${choice}`,
          dataset: { choice }, "aria-pressed": String(mine === choice),
          onclick: () => castVote(vote, choice, mine),
        }, el("span", { class: "mark", "aria-hidden": "true" }, choiceMark(choice)), t(`choice.${choice}`)))) : null,
      el("p", { class: "explain", id: "vote-why" }, why(choices)),
      tallyBoard(view, vote),
      voterList(view, vote),
    ];
  });
  renderIfChanged(byId("result-area"), JSON.stringify(latestResult(view)), () => resultBanner(view, latestResult(view)) || []);
  // The vote closed under the keyboard: its result is what to read next.
  if (!vote && hadFocus) byId("result-banner")?.focus();
}

// ---------------------------------------------------------------- what waits for this delegate

/** Pending actions, each with a link to where it is done: an amendment to accept, the floor
 * yielded to it, a roll call reaching it, an open vote it has not voted in. */
function pendingActions(view) {
  const id = myId();
  if (!id) return [];
  const items = [];
  const vote = view.vote;
  if (vote && vote.current_caller === id) items.push({ key: "rollcall", text: t("todo.rollcall"), target: "vote-card" });
  else if (vote && (vote.eligible || []).includes(id) && !(vote.voted || []).includes(id) && (me().vote_choices?.choices || []).length) {
    items.push({ key: "vote", text: t("todo.vote"), target: "vote-card" });
  }
  if (view.floor?.speaker === id) {
    items.push({ key: "floor", text: view.floor.yielded_by ? t("todo.yielded", { name: actorName(view, view.floor.yielded_by) }) : t("todo.floor"), target: "my-speech" });
  }
  for (const amendment of view.amendments || []) {
    const draft = (view.drafts || []).find((d) => d.id === amendment.draft_id);
    if (amendment.status !== "awaiting_sponsors" || !draft?.sponsors.includes(id) || amendment.accepted_by.includes(id)) continue;
    items.push({ key: `amendment-${amendment.id}`, text: t("todo.amendment", { id: amendment.id, draft: `${draft.id}: ${draft.title}` }), target: `amendment-${amendment.id}` });
  }
  return items;
}

function goTo(targetId) {
  tabs.select("tab-floor");
  const target = byId(targetId);
  if (!target) return;
  if (!target.matches("a, button, input, select, textarea, summary, [tabindex]")) target.setAttribute("tabindex", "-1");
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

// ---------------------------------------------------------------- the press desk

/** A press seat files news items for the chair to approve; it takes no other part, so the
 * floor's actions and the drafts give way to the desk. */
function renderPress(view) {
  const file = action("publish_news");
  byId("press-card").hidden = !file;
  byId("actions-card").hidden = Boolean(file);
  byId("drafts-card").hidden = Boolean(file);
  if (!file) return;
  const items = me().world?.press_items || [];
  const frames = view.world?.frames || {};
  renderIfChanged(byId("press-desk"), JSON.stringify([file, items, frames]), () => {
    const headline = el("input", { id: "press-headline", type: "text", required: true, maxlength: String(file.max_headline), autocomplete: "off" });
    const body = el("textarea", { id: "press-body", rows: "4", maxlength: String(file.max_body) });
    const frame = frameSelect(view, "press-frame");
    const form = el("form", { id: "press-form", onsubmit: (submit) => {
      submit.preventDefault();
      const fields = { headline: headline.value.trim(), body: body.value.trim() };
      if (frame?.value) fields.frame = frame.value;
      if (!fields.headline) return;
      client.send("publish_news", fields).then((ok) => {
        if (!ok) return;
        headline.value = "";
        body.value = "";
        announce(t("press.filed"));
      });
    } },
    el("label", { for: "press-headline" }, t("press.headline", { max: file.max_headline })), headline,
    el("label", { for: "press-body" }, t("press.body", { max: file.max_body })), body,
    frame ? [el("label", { for: "press-frame" }, t("press.frame")), frame] : null,
    el("button", { type: "submit", id: "press-file", disabled: !file.in_order }, t("press.file")),
    file.in_order ? null : el("p", { class: "explain" }, why(file)));
    const list = items.length ? el("ol", { class: "plain press-items", reversed: true }, [...items].reverse().map((item) => el("li", { dataset: { pressItem: item.id, status: item.status } },
      el("span", { class: ["badge", item.status === "approved" ? "ok" : item.status === "rejected" ? "bad" : "warn"] }, t(`press.status.${item.status}`)), " ",
      el("strong", {}, item.headline),
      item.frame ? el("span", { class: "small muted" }, ` · ${frames[item.frame] || item.frame}`) : null,
      item.body ? el("p", { class: "small" }, item.body) : null)))
      : el("p", { class: "empty" }, t("press.none"));
    return [form, el("h3", {}, t("press.mine")), list];
  });
}

function renderTodo(view) {
  const items = pendingActions(view);
  byId("todo").hidden = !items.length;
  renderIfChanged(byId("todo-list"), JSON.stringify(items), () => items.map((item) => el("li", { dataset: { todo: item.key } },
    item.text, " ",
    el("a", { href: `#${item.target}`, onclick: (click) => { click.preventDefault(); goTo(item.target); } }, t("todo.go")))));
}

// ---------------------------------------------------------------- pouch, news, log

const pouch = pouchPanel(client, { container: byId("pouch"), unreadBadges: [byId("pouch-unread"), byId("tab-unread")] });

function renderNews(view) {
  renderIfChanged(byId("news"), JSON.stringify(newsOf(view)), () => newsList(view, newsOf(view)));
}

const log = byId("log");
// A reloaded page gets the log back from the server; a very long session only its recent part.
client.connection.on("history", ({ truncated }) => {
  if (truncated) log.append(el("li", { class: "muted", dataset: { type: "history-cut" } }, t("log.earlier")));
});
client.onEvent((event, message) => {
  const text = describeEvent(event, client.view);
  if (!text) return;
  log.prepend(el("li", { dataset: { seq: String(message.seq), type: event.type } },
    text, message.catchingUp ? el("span", { class: "badge warn" }, ` ${t("log.missed")}`) : null));
  while (log.childElementCount > 200) log.lastElementChild.remove();
  if (!message.history && (event.type === "news_published" || event.type === "news")) toast(text, "info");
});

client.onRender((view) => {
  renderTodo(view);
  renderHeader(view);
  renderBrief(view);
  renderFloor(view);
  renderVote(view);
  renderActions(view);
  renderDrafts(view);
  renderPress(view);
  pouch.render(view);
  renderIfChanged(byId("pledges-panel"), JSON.stringify([me().world?.pledges, (view.drafts || []).map((d) => [d.id, d.status]), delegations(view).map((d) => d.id)]), () => pledgePanel(view, client));
  renderNews(view);
  renderBlocs(view);
  unfoldReflection(view);
});

// The discussion questions are for the debrief: folded while the meeting runs (a student may
// open them), unfolded once when the chair adjourns, and always open for a rapporteur's report.
function unfoldReflection(view) {
  const details = byId("reflect-details");
  if (!details || details.dataset.unfolded || view.meeting !== "adjourned") return;
  details.open = true;
  details.dataset.unfolded = "1";
}

function renderBlocs(view) {
  const groups = blocsPanel(view, client);
  byId("blocs-card").hidden = !groups;
  const key = JSON.stringify([view.world?.blocs, me().world?.bloc_notes, me().world?.common_positions, (me().actions || []).filter((a) => ["send_bloc_note", "propose_common_position", "name_bloc_speaker", "sign_common_position"].includes(a.type)), (view.drafts || []).map((d) => [d.id, d.status])]);
  renderIfChanged(byId("blocs"), key, () => groups || []);
}

byId("open-debrief")?.addEventListener("click", () => openDebrief(code, token));
// A rapporteur has no seat: no paper of their own, a report to write instead.
let rapporteur = null;
studentReflection(byId("reflect"), code, token).then((student) => {
  if (student?.role === "rapporteur") {
    rapporteur = student;
    byId("reflect-details").open = true;
    byId("paper-card").hidden = true;
    if (client.view) renderHeader(client.view);
  } else {
    paperPanel(byId("paper"), code, token);
  }
});
