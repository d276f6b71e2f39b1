// The chair console: attendance, the floor and its timer, motions in precedence order, points,
// drafts and amendments, votes with the engine's reason, scripted events, note moderation,
// seats, pause/resume and export. Single-key shortcuts for the common actions.

import { announce, toast } from "../announce.js";
import { api, codeFromPath, getChairKey, setChairKey } from "../api.js";
import {
  amendmentsOf, amendmentText, cached, clauseList, contestProceduralControl, countdown, draftMeta, floorNow,
  latestResult, nameWithFlag, newsList, newsOf, phaseText, renderIfChanged, resultBanner, speakersList,
  tallyBoard, vetoNowBanner, voteHeader, voterList,
} from "../components.js";
import { byId, el, saveBlob, setChildren, setText } from "../dom.js";
import { describeEvent } from "../events_text.js";
import { LANGUAGES, followRoomLanguage, formatDateTime, questionTitle, say, t, translatePage, why } from "../i18n.js";
import { chairQr, copyButton, deviceLink, joinInfo, joinQr, joinUrl } from "../join_links.js";
import { RoomClient, actorName, delegations } from "../room.js";
import { describeTrigger, hasWorld, situationPanel } from "../world.js";
import { downloadDebrief, openDebrief, openRoleSheets } from "../debrief.js";
import { chairPapers } from "../papers.js";
import { chairAssessment } from "../assessment.js";

translatePage();
const code = codeFromPath();
const fragmentKey = new URLSearchParams(window.location.hash.slice(1)).get("key");
if (fragmentKey) {
  setChairKey(code, fragmentKey);
  // Once stored, take the key out of the address bar and history: a projected or shared
  // screen must not show it. Kept in the URL only where the browser cannot store it.
  if (getChairKey(code) === fragmentKey) history.replaceState(null, "", window.location.pathname);
}
const chairKey = fragmentKey || getChairKey(code);
const forms = new Map();
setText("chair-code", code);

if (!chairKey) {
  const box = byId("room-error");
  box.hidden = false;
  setChildren(box, el("p", {}, t("chair.nokey")));
  throw new Error("no chair key");
}

const client = new RoomClient({ code, token: chairKey }).start();
window.plenary = client;
chairPapers(byId("papers"), code, chairKey);
chairAssessment(byId("assessment"), code, chairKey);
const me = () => client.view?.me || {};
const chairAction = (type) => (me().actions || []).find((a) => a.type === type) || null;
const send = (type, fields = {}) => client.send(type, fields);

client.connection.on("closed", ({ code: closeCode }) => {
  const box = byId("room-error");
  box.hidden = false;
  setChildren(box, el("p", {}, closeCode === 4001 ? t("chair.badkey") : t("conn.fatal.4004")));
});

// ---------------------------------------------------------------- attendance

const ATTENDANCE = ["present", "present_and_voting", "absent"];

function renderAttendance(view) {
  const all = delegations(view);
  const present = all.filter((d) => d.attendance !== "absent").length;
  setText("attendance-summary", t("chair.attendance.summary", { present, total: all.length }));
  renderIfChanged(byId("attendance"), JSON.stringify(all.map((d) => [d.id, d.attendance])), () => [
    el("div", { class: "row" },
      el("button", { type: "button", class: "small secondary", id: "all-present", onclick: async () => {
        for (const d of delegations(client.view)) if (d.attendance === "absent") await send("record_attendance", { member: d.id, status: "present" });
      } }, t("chair.attendance.all"))),
    el("ul", { class: "plain" }, all.map((d) => el("li", { class: "attendance-row", dataset: { actor: d.id } },
      el("span", {}, nameWithFlag(view, d.id), d.kind === "observer_state" || view.observers?.some((o) => o.id === d.id) ? el("span", { class: "badge" }, ` ${t("chair.observer")}`) : null),
      el("span", { class: "choice", role: "group", "aria-label": t("chair.attendance.for", { name: d.name }) },
        (d.attendance_choices ?? ATTENDANCE).map((status) => el("button", {
          type: "button", class: "small secondary", "aria-pressed": String(d.attendance === status), dataset: { status, focusId: `attendance-${d.id}-${status}` },
          onclick: () => send("record_attendance", { member: d.id, status }),
        }, t(`chair.attendance.${status}`))))))),
  ]);
}

// ---------------------------------------------------------------- floor

function renderFloor(view) {
  const recognise = chairAction("recognize_speaker");
  const extend = chairAction("extend_time");
  const key = JSON.stringify([extend, view.floor, view.caucus, view.speakers, view.speakers_closed, view.meeting, view.paused_at, view.suspension_deadline, view.speaking_time, recognise, me().reply_requests, delegations(view).map((d) => d.attendance), view.vote?.id]);
  renderIfChanged(byId("floor"), key, () => {
    const present = delegations(view).filter((d) => d.attendance !== "absent");
    const addSelect = el("select", { id: "add-speaker-select", "data-focus-id": "add-speaker-select", "aria-label": t("chair.floor.addwho") },
      present.filter((d) => !(view.speakers || []).includes(d.id)).map((d) => el("option", { value: d.id }, d.name)));
    const floor = view.floor;
    const questioner = floor?.answering_questions ? el("select", { id: "questioner-select", "data-focus-id": "questioner-select", "aria-label": t("chair.floor.questioner") },
      present.filter((d) => d.id !== floor.speaker).map((d) => el("option", { value: d.id }, d.name))) : null;
    return [
      floorNow(view),
      el("div", { class: "row" },
        el("button", { type: "button", id: "recognize-next", disabled: !(recognise?.in_order && view.speakers?.length), title: recognise?.in_order ? null : why(recognise), onclick: () => send("recognize_speaker", {}) },
          t("chair.floor.next"), el("kbd", {}, "N")),
        floor ? el("button", { type: "button", class: "danger", id: "call-time", onclick: () => send("end_speech", {}) }, t("chair.floor.calltime"), el("kbd", {}, "T")) : null,
        el("button", { type: "button", class: "secondary", id: "pause-clock", onclick: () => toggleClock() },
          view.paused ? t("chair.clock.resume") : t("chair.clock.pause"), el("kbd", {}, "P")),
        view.caucus ? el("button", { type: "button", class: "secondary", id: "end-caucus", onclick: () => send("end_caucus", {}) }, t("chair.floor.endcaucus")) : null,
        // A vote's deadline is extended from the vote panel, where the countdown is.
        extend?.in_order && extend.timers[0] !== "vote" ? EXTENSIONS.map((seconds) => el("button", { type: "button", class: "secondary", id: `extend-${seconds}`, title: why(extend),
          "aria-label": t("chair.clock.extend.aria", { seconds, timer: t(`chair.clock.timer.${extend.timers[0]}`) }),
          onclick: () => extendTime(seconds) }, t("chair.clock.extend", { seconds }), seconds === EXTENSIONS[0] ? el("kbd", {}, "+") : null)) : null,
        // A caucus speaker holds the floor: the caucus itself can be extended too.
        extend?.in_order && extend.timers[0] !== "caucus" && extend.timers.includes("caucus") ? el("button", { type: "button", class: "secondary", id: "extend-caucus",
          onclick: () => send("extend_time", { seconds: EXTENSIONS[1], timer: "caucus" }) }, t("chair.clock.extendcaucus", { seconds: EXTENSIONS[1] })) : null),
      recognise && !recognise.in_order ? el("p", { class: "explain" }, why(recognise)) : null,
      questioner ? el("div", { class: "row" }, questioner, el("button", { type: "button", class: "secondary", onclick: () => send("recognize_questioner", { member: questioner.value }) }, t("chair.floor.callquestioner"))) : null,
      el("h3", {}, t("floor.speakers")),
      speakersList(view, { controls: (id) => el("span", { class: "row", style: { display: "inline-flex" } },
        el("button", { type: "button", class: "small secondary", dataset: { recognize: id }, disabled: !recognise?.in_order, "aria-label": t("chair.floor.recognize.aria", { name: actorName(view, id) }), onclick: () => send("recognize_speaker", { member: id }) }, t("chair.floor.recognize")),
        el("button", { type: "button", class: "small ghost", "aria-label": t("chair.floor.remove.aria", { name: actorName(view, id) }), onclick: () => send("remove_speaker", { member: id }) }, "✕")) }),
      el("div", { class: "row" }, el("label", { for: "add-speaker-select", class: "visually-hidden" }, t("chair.floor.addwho")), addSelect,
        el("button", { type: "button", class: "secondary small", id: "add-speaker", onclick: () => addSelect.value && send("add_speaker", { member: addSelect.value }) }, t("chair.floor.add"))),
      cached(forms, `speaking-time`, () => speakingTimeForm()),
      (me().reply_requests || []).length ? el("div", {}, el("h3", {}, t("chair.reply.heading")),
        el("ul", { class: "plain" }, me().reply_requests.map((r) => el("li", { class: "item-row" },
          el("span", { class: "item-main" }, el("strong", {}, actorName(view, r.member)), r.reason ? el("span", { class: "explain" }, r.reason) : null),
          el("button", { type: "button", class: "small ok", onclick: () => send("rule_on_right_of_reply", { request_id: r.id, granted: true }) }, t("chair.reply.grant")),
          el("button", { type: "button", class: "small secondary", onclick: () => send("rule_on_right_of_reply", { request_id: r.id, granted: false }) }, t("chair.reply.refuse")))))) : null,
    ];
  });
}

function speakingTimeForm() {
  const input = el("input", { type: "number", id: "speaking-time", min: "10", max: "3600", step: "5", style: { maxWidth: "7rem" }, "data-focus-id": "speaking-time" });
  const form = el("form", { class: "row", onsubmit: async (submit) => {
    submit.preventDefault();
    if (Number(input.value) > 0 && (await send("set_speaking_time", { seconds: Number(input.value) }))) toast(t("chair.speakingtime.set", { seconds: input.value }), "ok");
  } }, el("label", { for: "speaking-time" }, t("chair.speakingtime.label")), input, el("button", { type: "submit", class: "small secondary" }, t("chair.speakingtime.submit")));
  return form;
}

// The chair's quick extensions; the engine allows up to 600 s at a time.
const EXTENSIONS = [30, 60];

function extendTime(seconds) {
  const extend = chairAction("extend_time");
  if (!extend?.in_order) return toast(why(extend) || t("chair.clock.noextend"), "info");
  return send("extend_time", { seconds });
}

function toggleClock() {
  return send(client.view?.paused ? "resume_clock" : "pause_clock", {});
}

// ---------------------------------------------------------------- motions and points

function motionDetail(view, motion) {
  const bits = [];
  if (motion.duration) bits.push(t("chair.motion.minutes", { minutes: Math.round(motion.duration / 6) / 10 }));
  if (motion.speaker_time) bits.push(t("chair.motion.speaker", { seconds: Math.round(motion.speaker_time) }));
  if (motion.topic) bits.push(motion.topic);
  if (motion.target) bits.push(motion.target);
  return bits.join(" · ");
}

function renderMotions(view) {
  const entertain = chairAction("entertain_motion");
  const openVote = chairAction("open_vote");
  const contest = chairAction("contest_procedural");
  const key = JSON.stringify([view.motions, entertain, openVote, contest, view.vote?.id]);
  renderIfChanged(byId("motions"), key, () => {
    const motions = view.motions || [];
    if (!motions.length) return el("p", { class: "empty" }, t("chair.motions.none"));
    return [el("ol", { class: "plain", id: "motion-queue" }, motions.map((motion) => {
      const reason = el("input", { id: `rule-reason-${motion.id}`, "aria-label": t("chair.motion.reason"), placeholder: t("chair.motion.reason"), "data-focus-id": `rule-reason-${motion.id}` });
      const isNext = motion.next;
      return el("li", { dataset: { motion: motion.id, kind: motion.kind, status: motion.status } },
        el("div", { class: "item-row" },
          el("div", { class: "item-main" },
            el("strong", {}, t(`motion.${motion.kind}`)), " ", el("span", { class: "badge" }, t(`chair.motion.status.${motion.status}`)),
            motion.contested_by ? el("span", { class: "badge warn", dataset: { contested: motion.contested_by } }, ` ${t("chair.motion.contested", { name: actorName(view, motion.contested_by) })}`) : null,
            el("span", { class: "explain" }, t("chair.motion.by", { name: actorName(view, motion.mover) }), motionDetail(view, motion) ? ` · ${motionDetail(view, motion)}` : ""),
            el("span", { class: "explain" }, motion.threshold_say ? say(motion.threshold_say) : motion.threshold, motion.debatable ? ` · ${t("actions.debatable")}` : "")),
          // Entertain becomes Open the vote in the same place: focus moves from one to the other.
          motion.status === "pending" ? el("button", { type: "button", class: "small", dataset: { act: "entertain", focusId: `motion-${motion.id}` }, disabled: !(isNext && entertain?.in_order), title: isNext ? why(entertain) : t("chair.motion.notnext"), onclick: () => send("entertain_motion", { motion_id: motion.id }) }, t("chair.motion.entertain"), isNext ? el("kbd", {}, "E") : null) : null,
          motion.status === "entertained" ? el("button", { type: "button", class: "small", dataset: { act: "open-vote", focusId: `motion-${motion.id}` }, disabled: !openVote?.in_order, onclick: () => send("open_vote", {}) }, t("chair.vote.open"), el("kbd", {}, "V")) : null),
        motion.status !== "voting" ? el("form", { class: "row", onsubmit: async (submit) => {
          submit.preventDefault();
          if (!reason.value.trim()) { toast(t("chair.motion.needreason"), "error"); reason.focus(); return; }
          await send("rule_motion_out_of_order", { motion_id: motion.id, reason: reason.value.trim() });
        } }, reason, el("button", { type: "submit", class: "small danger", dataset: { act: "out-of-order" } }, t("chair.motion.outoforder"))) : null);
    })), contestProceduralControl(view, contest, send, { chair: true })];
  });
}

function renderPoints(view) {
  const open = (view.points || []);
  renderIfChanged(byId("points"), JSON.stringify(open), () => {
    if (!open.length) return el("p", { class: "empty" }, t("chair.points.none"));
    return el("ul", { class: "plain" }, open.map((point) => {
      const ruling = el("input", { id: `ruling-${point.id}`, "aria-label": t("chair.points.ruling"), placeholder: t("chair.points.ruling"), "data-focus-id": `ruling-${point.id}` });
      return el("li", { dataset: { point: point.id } },
        el("p", {}, el("strong", {}, t(`point.${point.kind}`)), " — ", actorName(view, point.actor)),
        point.text ? el("p", { class: "note-body" }, point.text) : null,
        el("form", { class: "row", onsubmit: async (submit) => {
          submit.preventDefault();
          if (!ruling.value.trim()) { toast(t("chair.points.needruling"), "error"); return; }
          await send("rule_on_point", { point_id: point.id, ruling: ruling.value.trim() });
        } }, ruling, el("button", { type: "submit", class: "small" }, t("chair.points.rule"))));
    }));
  });
}

// ---------------------------------------------------------------- vote

function renderVote(view) {
  const openVote = chairAction("open_vote");
  const close = chairAction("close_vote");
  const skip = chairAction("skip_roll_call");
  const vote = view.vote;
  const ballots = me().ballots || [];
  const extend = chairAction("extend_time");
  const extendVote = Boolean(vote?.deadline && extend?.in_order && extend.timers?.includes("vote"));
  const key = JSON.stringify([vote, openVote, close, skip, ballots, view.voting_procedure, extendVote, view.paused_at, view.amendments]);
  renderIfChanged(byId("vote"), key, () => {
    const nodes = [];
    if (view.voting_procedure) {
      nodes.push(el("h3", {}, t("chair.vote.order")),
        el("ol", { id: "voting-order" }, (view.voting_procedure.queue || []).map((item) => el("li", {}, questionTitle(item)))),
        el("p", { class: "explain" }, t("chair.vote.orderwhy")));
    }
    if (!vote) {
      const rollCall = el("input", { type: "checkbox", id: "open-roll-call", "data-focus-id": "open-roll-call" });
      nodes.push(el("p", { class: "explain" }, why(openVote) || ""),
        el("div", { class: "row" },
          el("button", { type: "button", id: "open-vote", disabled: !openVote?.in_order, onclick: () => send("open_vote", rollCall.checked ? { roll_call: true } : {}) }, t("chair.vote.open"), el("kbd", {}, "V")),
          el("label", { for: "open-roll-call", class: "checks" }, rollCall, t("chair.vote.rollcall")),
          el("button", { type: "button", class: "secondary", id: "adopt-without-vote", disabled: !openVote?.in_order, onclick: () => send("propose_adoption_without_vote", {}) }, t("chair.vote.consensus"))));
      return nodes;
    }
    // The chair sees every choice as it arrives.
    const choices = {};
    for (const ballot of ballots) choices[ballot.voter] = ballot.choice;
    const chairVote = { ...vote, choices: Object.keys(choices).length || vote.choices ? { ...(vote.choices || {}), ...choices } : null };
    nodes.push(voteHeader(view, vote), vetoNowBanner(view, vote), tallyBoard(view, chairVote), voterList(view, chairVote),
      el("div", { class: "row" },
        skip ? el("button", { type: "button", class: "secondary", id: "skip-roll-call", onclick: () => send("skip_roll_call", {}) }, skip.label) : null,
        extendVote ? EXTENSIONS.map((seconds) => el("button", { type: "button", class: "secondary", id: `extend-vote-${seconds}`,
          onclick: () => send("extend_time", { seconds, timer: "vote" }) }, t("chair.vote.extend", { seconds }))) : null,
        el("button", { type: "button", class: "danger", id: "close-vote", disabled: !close?.in_order, onclick: () => send("close_vote", {}) }, t("chair.vote.close"), el("kbd", {}, "C"))),
      close && !close.in_order ? el("p", { class: "explain" }, why(close)) : null);
    return nodes;
  });
  renderIfChanged(byId("result-area"), JSON.stringify(latestResult(view)), () => resultBanner(view, latestResult(view)) || []);
}

// ---------------------------------------------------------------- drafts

/** The draft's pending unfriendly amendments in the order they will be voted (GA rule 90). */
function inVotingOrder(draft, unfriendly) {
  const order = draft.amendment_voting_order || [];
  const rank = (a) => (order.includes(a.id) ? order.indexOf(a.id) : order.length);
  return [...unfriendly].sort((a, b) => rank(a) - rank(b));
}

function moveAmendment(draft, ordered, index, by) {
  const ids = ordered.map((a) => a.id);
  const [moved] = ids.splice(index, 1);
  ids.splice(index + by, 0, moved);
  return send("order_amendments", { draft_id: draft.id, order: ids });
}

/** A consensus forum: after a failed call the President consults, a revised text is put again,
 * or the item is closed without consensus (FCCC/CP/1996/2: rule 42 never adopted). */
function consultButton(action, draft) {
  const consulting = (action?.drafts || []).find((d) => d.draft_id === draft.id);
  if (!consulting) return null;
  return el("div", { class: "row" },
    el("span", { class: "explain" }, why(action)),
    el("button", { type: "button", class: "small danger", dataset: { act: "close-consultations" }, disabled: !consulting.in_order,
      title: consulting.in_order ? null : why(consulting), onclick: () => send("close_consultations", { draft_id: draft.id }) }, t("chair.draft.closeconsult")));
}

function renderDrafts(view) {
  const friendlyAction = chairAction("rule_amendment_friendly");
  const orderAction = chairAction("order_amendments");
  const consultAction = chairAction("close_consultations");
  renderIfChanged(byId("drafts"), JSON.stringify([view.drafts, view.amendments, view.signatures_needed, view.agenda_item, friendlyAction, orderAction, consultAction]), () => {
    const drafts = view.drafts || [];
    if (!drafts.length) return el("p", { class: "empty" }, t("drafts.none"));
    return drafts.map((draft) => {
      const amendments = amendmentsOf(view, draft.id);
      const friendly = amendments.filter((a) => a.status === "awaiting_sponsors");
      const unfriendly = inVotingOrder(draft, amendments.filter((a) => a.status === "pending"));
      const ordering = (orderAction?.drafts || []).find((d) => d.draft_id === draft.id);
      const ruling = (a) => (friendlyAction?.amendments || []).find((f) => f.amendment_id === a.id);
      const friendlyButton = (a) => {
        const allowed = ruling(a);
        if (!allowed || !["awaiting_sponsors", "pending"].includes(a.status)) return null;
        return el("button", { type: "button", class: "small ok", dataset: { act: "rule-friendly" }, disabled: !allowed.in_order,
          title: allowed.in_order ? t("chair.amend.rulefriendly.why") : why(allowed),
          "aria-label": t("chair.amend.rulefriendly.aria", { id: a.id }),
          onclick: () => send("rule_amendment_friendly", { amendment_id: a.id }) }, t("chair.amend.rulefriendly"));
      };
      const orderButtons = (a, index) => (ordering && unfriendly.length > 1 ? el("span", { class: "row", style: { display: "inline-flex" } },
        el("button", { type: "button", class: "small secondary", dataset: { act: "move-up" }, disabled: !ordering.in_order || index === 0, title: ordering.in_order ? null : why(ordering),
          "aria-label": t("chair.amend.earlier", { id: a.id }), onclick: () => moveAmendment(draft, unfriendly, index, -1) }, "↑"),
        el("button", { type: "button", class: "small secondary", dataset: { act: "move-down" }, disabled: !ordering.in_order || index === unfriendly.length - 1, title: ordering.in_order ? null : why(ordering),
          "aria-label": t("chair.amend.later", { id: a.id }), onclick: () => moveAmendment(draft, unfriendly, index, 1) }, "↓")) : null);
      const settled = amendments.filter((a) => !["awaiting_sponsors", "pending"].includes(a.status));
      const amendmentRow = (a, index) => el("li", { class: "amendment", dataset: { amendment: a.id } },
        el("div", { class: "small muted" }, `${a.id} · `, t("amend.by", { name: actorName(view, a.proposer), status: t(`amend.status.${a.status}`) }),
          a.status === "awaiting_sponsors" ? ` · ${t("chair.amend.accepted", { names: a.accepted_by.map((id) => actorName(view, id)).join(t("list.separator")) || t("common.none"), needed: draft.sponsors.map((id) => actorName(view, id)).join(t("list.separator")) })}` : ""),
        el("p", {}, amendmentText(view, a, draft)),
        el("div", { class: "row" },
          a.status === "pending" ? orderButtons(a, index) : null,
          friendlyButton(a),
          ["awaiting_sponsors", "pending"].includes(a.status) ? el("button", { type: "button", class: "small ghost", onclick: () => send("withdraw_amendment", { amendment_id: a.id }) }, t("chair.amend.remove")) : null));
      return el("article", { class: "draft", dataset: { draft: draft.id } },
        el("h3", {}, `${draft.id}: `, draft.title),
        draftMeta(view, draft),
        draft.status === "working" ? el("div", { class: "row" },
          el("button", { type: "button", class: "small", dataset: { act: "introduce" }, disabled: !draft.may_be_introduced, onclick: () => send("introduce_draft", { draft_id: draft.id }) }, t("chair.draft.introduce")),
          draft.may_be_introduced ? null : el("span", { class: "explain" }, t("chair.draft.needs", { count: draft.supporters, needed: view.signatures_needed }))) : null,
        consultButton(consultAction, draft),
        el("details", {}, el("summary", {}, t("chair.draft.clauses", { count: draft.clauses.length })), clauseList(draft)),
        // One empty-state line instead of two "0 … / No pending amendments." pairs.
        !friendly.length && !unfriendly.length ? el("p", { class: "empty small" }, t("amend.nopending")) : null,
        friendly.length ? [el("h4", {}, t("chair.amend.friendly", { count: friendly.length })), el("ul", { class: "plain" }, friendly.map(amendmentRow))] : null,
        unfriendly.length ? [el("h4", {}, t("chair.amend.unfriendly", { count: unfriendly.length })), el("ol", { class: "plain", dataset: { amendmentOrder: draft.id } }, unfriendly.map(amendmentRow)), el("p", { class: "explain" }, t("chair.amend.orderwhy")),
          ordering && !ordering.in_order ? el("p", { class: "explain" }, why(ordering)) : null] : null,
        friendlyAction && amendments.some((a) => ["awaiting_sponsors", "pending"].includes(a.status)) ? el("p", { class: "explain" }, t("chair.amend.rulefriendly.why")) : null,
        settled.length ? el("details", {}, el("summary", {}, t("chair.amend.settled", { count: settled.length })), el("ul", { class: "plain" }, settled.map(amendmentRow))) : null);
    });
  });
}

// ---------------------------------------------------------------- scripted events, notes

/** The press seats' items wait here until the chair approves (publishes) or rejects them. */
function renderPressQueue(view) {
  const moderate = chairAction("moderate_press");
  const items = me().world?.press_items || [];
  const frames = view.world?.frames || {};
  byId("press-queue-card").hidden = !items.length;
  renderIfChanged(byId("press-queue"), JSON.stringify([moderate, items, frames]), () => {
    const pending = items.filter((item) => item.status === "pending");
    const done = items.filter((item) => item.status !== "pending");
    const row = (item) => el("li", { class: "item-row", dataset: { pressItem: item.id, status: item.status } },
      el("span", { class: "item-main" },
        el("strong", {}, item.headline),
        el("span", { class: "explain" }, `${actorName(view, item.by)}${item.frame ? ` · ${frames[item.frame] || item.frame}` : ""}`),
        item.body ? el("span", { class: "small" }, item.body) : null),
      item.status === "pending" ? el("span", { class: "row" },
        el("button", { type: "button", class: "small ok", dataset: { act: "approve-press" }, "aria-label": t("chair.press.approve.aria", { headline: item.headline }),
          onclick: () => send("moderate_press", { item_id: item.id, approve: true }) }, t("chair.press.approve")),
        el("button", { type: "button", class: "small ghost", dataset: { act: "reject-press" }, "aria-label": t("chair.press.reject.aria", { headline: item.headline }),
          onclick: () => send("moderate_press", { item_id: item.id, approve: false }) }, t("chair.press.reject")))
        : el("span", { class: ["badge", item.status === "approved" ? "ok" : "bad"] }, t(`press.status.${item.status}`)));
    return [
      moderate ? el("p", { class: "explain" }, why(moderate)) : null,
      pending.length ? el("ul", { class: "plain" }, pending.map(row)) : el("p", { class: "empty" }, t("chair.press.none")),
      done.length ? el("details", {}, el("summary", {}, t("chair.press.done", { count: done.length })), el("ul", { class: "plain" }, done.map(row))) : null,
    ];
  });
}

function renderEvents(view) {
  const scripted = me().world?.scripted_events || [];
  const news = newsOf(view);
  renderIfChanged(byId("events"), JSON.stringify([scripted, news]), () => {
    const buttons = scripted.filter((item) => item.chair_button);
    const others = scripted.filter((item) => !item.chair_button);
    const row = (item) => el("li", { class: "item-row", dataset: { event: item.id, fired: String(item.fired) } },
      el("span", { class: "item-main" }, el("strong", {}, item.title),
        el("span", { class: "explain" }, item.fired ? t("chair.events.fired") : describeTrigger(item.when)),
        item.chair_note ? el("span", { class: "explain" }, t("chair.events.note", { note: item.chair_note })) : null),
      item.chair_button ? el("button", { type: "button", class: "small", disabled: !item.may_fire, dataset: { inject: item.id },
        onclick: () => send("press_chair_button", { event_id: item.id }) }, item.chair_button) : null);
    if (!scripted.length) return el("p", { class: "empty" }, t("chair.events.none"));
    return [
      buttons.length ? [el("h3", {}, t("chair.events.injects")), el("ul", { class: "plain" }, buttons.map(row))] : null,
      others.length ? [el("h3", {}, t("chair.events.scripted")), el("ul", { class: "plain" }, others.map(row))] : null,
      news.length ? el("details", {}, el("summary", {}, t("chair.events.news", { count: news.length })), newsList(view, news)) : null,
    ];
  });
  byId("world-card").hidden = !hasWorld(view);
  renderIfChanged(byId("world"), JSON.stringify(view.world || null), () => situationPanel(view));
}

function renderPouch(view) {
  const notes = me().notes || [];
  renderIfChanged(byId("pouch"), JSON.stringify(notes), () => {
    const pending = notes.filter((n) => n.status === "pending");
    const recent = notes.slice(-20).reverse();
    return [
      pending.length ? el("h3", {}, t("chair.pouch.pending", { count: pending.length })) : null,
      pending.length ? el("ul", { class: "plain" }, pending.map((n) => el("li", { class: "note", dataset: { note: n.id } },
        el("div", { class: "note-meta" }, t("chair.pouch.fromto", { from: actorName(view, n.sender), to: n.recipients.map((id) => actorName(view, id)).join(t("list.separator")) })),
        el("p", { class: "note-body" }, n.text),
        el("div", { class: "row" },
          el("button", { type: "button", class: "small ok", onclick: () => send("moderate_note", { note_id: n.id, approve: true }) }, t("chair.pouch.approve")),
          el("button", { type: "button", class: "small secondary", onclick: () => send("moderate_note", { note_id: n.id, approve: false }) }, t("chair.pouch.reject")))))) : null,
      el("details", {}, el("summary", {}, t("chair.pouch.all", { count: notes.length })),
        recent.length ? recent.map((n) => el("div", { class: "note" }, el("div", { class: "note-meta" }, t("chair.pouch.fromto", { from: actorName(view, n.sender), to: n.recipients.map((id) => actorName(view, id)).join(t("list.separator")) }), ` · ${t(`pouch.status.${n.status}`)}`), el("p", { class: "note-body" }, n.text))) : el("p", { class: "empty" }, t("pouch.empty"))),
    ];
  });
}

// ---------------------------------------------------------------- seats and session

const chairApi = (path, options = {}) => api(`/api/rooms/${encodeURIComponent(code)}${path}`, { ...options, token: chairKey });

/** A button that asks "are you sure?" by changing into a second, red button (no window.confirm). */
function confirmButton(label, confirmLabel, action, { id = null } = {}) {
  const button = el("button", { type: "button", class: "small secondary", id });
  let armed = false;
  const reset = () => { armed = false; button.className = "small secondary"; button.textContent = label; };
  button.addEventListener("click", async () => {
    if (!armed) {
      armed = true;
      button.className = "small danger";
      button.textContent = confirmLabel;
      window.setTimeout(() => armed && reset(), 5000);
      return;
    }
    reset();
    await action();
  });
  reset();
  return button;
}

function renameForm(seat) {
  const input = el("input", { id: `rename-${seat.actor}`, value: seat.display_name || "", maxlength: "80", style: { maxWidth: "10rem" }, "aria-label": t("chair.seats.renameprompt", { name: seat.name }), "data-focus-id": `rename-${seat.actor}` });
  return el("form", { class: "row", onsubmit: async (submit) => {
    submit.preventDefault();
    try { await chairApi(`/seats/${encodeURIComponent(seat.actor)}`, { method: "PATCH", body: { display_name: input.value.trim() } }); toast(t("chair.seats.renamed"), "ok"); } catch (problem) { toast(problem.message, "error"); }
  } }, input, el("button", { type: "submit", class: "small secondary" }, t("chair.seats.rename")));
}

let seatsOpen = false;
// New device links stay on screen (with their QR code) until the chair moves on: a re-render of
// the seat list must not lose them.
const deviceLinks = new Map();

/** The join address students type or scan, with a copy button and its QR code. */
function joinPart() {
  const info = joinInfo();
  const url = joinUrl(code);
  return el("div", { class: "join-box", id: "join-box" },
    el("div", { class: "join-text" },
      el("p", { class: "small", id: "join-label" }, t("chair.join.heading")),
      el("p", {}, el("a", { class: "join-url", id: "join-url", href: url }, url)),
      el("div", { class: "row" }, copyButton(url, t("chair.join.what"), { id: "copy-join" })),
      info.others.length ? el("p", { class: "small muted" }, t("chair.join.others", { urls: info.others.map((base) => joinUrl(code, base)).join(t("list.separator")) })) : null),
    el("details", { id: "join-qr-details" }, el("summary", {}, t("chair.join.qr")), joinQr(code)));
}

/** Only this computer can open the join address: say so at the top, and how to fix it. */
function renderJoinWarning() {
  const info = joinInfo();
  const box = byId("join-warning");
  box.hidden = !info.warning;
  if (!info.warning) return;
  setChildren(box, el("p", {}, el("strong", {}, t(`chair.join.warning.${info.warning}`, { url: joinUrl(code) }))),
    el("p", {}, t(`chair.join.fix.${info.warning}`)));
}
renderJoinWarning();

function deviceLinkPart(seat) {
  const link = deviceLinks.get(seat.actor);
  if (!link) return null;
  return el("div", { class: "device-link", id: `device-link-${seat.actor}`, dataset: { actor: seat.actor } },
    el("p", { class: "small" }, el("strong", {}, t("chair.seats.newlink.title", { name: seat.name }))),
    el("p", { class: "small" }, t("chair.seats.newlink.hint")),
    el("p", {}, el("code", { class: "join-url" }, link.url)),
    el("div", { class: "row" }, copyButton(link.url, t("chair.seats.newlink.what"), { id: `copy-device-${seat.actor}` }),
      el("button", { type: "button", class: "small ghost", onclick: () => { deviceLinks.delete(seat.actor); renderSeats(client.view, true); } }, t("common.close"))),
    link.qr);
}

function renderSeats(view, force = false) {
  const seats = client.seats || [];
  const bots = view.world?.bots || [];
  const taken = seats.filter((seat) => seat.claimed).length;
  setText("seats-summary", t("chair.seats.summary", { taken, total: seats.length }));
  if (force) byId("seats").__renderKey = null;
  renderIfChanged(byId("seats"), JSON.stringify([seats, bots, client.welcome?.locked, client.welcome?.closed, [...deviceLinks.keys()]]), () => [
    joinPart(),
    el("details", { id: "seat-details", open: seatsOpen || deviceLinks.size > 0, ontoggle: (toggle) => { seatsOpen = toggle.target.open; } }, el("summary", {}, t("chair.seats.manage")), el("ul", { class: "plain" }, seats.map((seat) => {
      return el("li", { dataset: { actor: seat.actor } },
        el("div", { class: "item-row" },
          el("span", { class: "item-main" }, el("strong", {}, seat.name), " ",
            seat.claimed ? el("span", { class: "badge ok", dataset: { coDelegates: String((seat.co_delegates || []).length) } },
              (seat.co_delegates || []).length > 1 ? seat.co_delegates.map((c) => c.display_name || "—").join(t("list.separator")) : seat.display_name || t("chair.seats.taken"))
              : bots.includes(seat.actor) ? el("span", { class: "badge warn" }, t("chair.seats.isbot")) : el("span", { class: "badge" }, t("chair.seats.free"))),
          seat.claimed ? renameForm(seat) : null,
          seat.claimed ? confirmButton(t("chair.seats.release"), t("chair.seats.releaseconfirm", { name: seat.name }), async () => {
            try { await chairApi(`/seats/${encodeURIComponent(seat.actor)}/release`, { method: "POST" }); toast(t("chair.seats.released", { name: seat.name }), "ok"); } catch (problem) { toast(problem.message, "error"); }
          }) : null,
          !seat.claimed && !bots.includes(seat.actor) ? el("button", { type: "button", class: "small secondary", dataset: { bot: seat.actor }, onclick: () => send("assign_bot", { seat: seat.actor }) }, t("chair.seats.bot")) : null,
          bots.includes(seat.actor) ? el("button", { type: "button", class: "small secondary", onclick: () => send("release_bot", { seat: seat.actor }) }, t("chair.seats.unbot")) : null,
          seat.claimed ? el("button", { type: "button", class: "small secondary", dataset: { reassign: seat.actor }, onclick: async () => {
            try {
              const issued = await chairApi(`/seats/${encodeURIComponent(seat.actor)}/reassign`, { method: "POST" });
              const url = deviceLink(code, issued.token);
              deviceLinks.set(seat.actor, { url, qr: chairQr(code, chairKey, url, { alt: t("chair.seats.newlink.qr.alt", { name: seat.name }) }) });
              renderSeats(client.view, true);
              byId(`copy-device-${seat.actor}`)?.focus();
            } catch (problem) { toast(problem.message, "error"); }
          } }, t("chair.seats.reassign")) : null),
        deviceLinkPart(seat));
    }))),
  ]);
}

async function download(path, filename) {
  try {
    const response = await fetch(`/api/rooms/${encodeURIComponent(code)}${path}`, { headers: { Authorization: `Bearer ${chairKey}` } });
    if (!response.ok) throw new Error(t("chair.export.failed", { status: response.status }));
    saveBlob(await response.blob(), filename);
  } catch (problem) {
    toast(problem.message, "error");
  }
}

function renderSession(view) {
  const locked = Boolean(client.welcome?.locked);
  const closed = Boolean(client.welcome?.closed);
  const agendaSelect = el("select", { id: "agenda-select", "aria-label": t("chair.session.agenda") },
    (view.agenda || []).filter((a) => a.status !== "concluded").map((a) => el("option", { value: a.id, selected: a.id === view.agenda_item }, a.title)));
  renderIfChanged(byId("session"), JSON.stringify([locked, closed, view.meeting, view.paused, view.agenda, view.agenda_item, screens, summary]), () => [
    el("p", {}, t(`chair.session.meeting.${view.meeting}`), view.paused ? ` · ${t("phase.paused")}` : ""),
    el("div", { class: "row" },
      el("button", { type: "button", class: "secondary", id: "pause-resume", onclick: () => toggleClock() }, view.paused ? t("chair.clock.resume") : t("chair.clock.pause")),
      view.meeting === "suspended" ? el("button", { type: "button", onclick: () => send("resume_meeting", {}) }, t("chair.session.resume")) : null,
      view.meeting === "adjourned" ? el("button", { type: "button", onclick: () => send("open_meeting", {}) }, t("chair.session.open")) : null),
    (view.agenda || []).length > 1 ? el("div", { class: "row" }, agendaSelect, el("button", { type: "button", class: "small secondary", onclick: () => send("set_agenda", { item: agendaSelect.value }) }, t("chair.session.setagenda"))) : null,
    el("div", { class: "row" },
      el("button", { type: "button", class: "secondary", id: "lock-room", disabled: closed, onclick: async () => {
        try { const room = await chairApi("/lock", { method: "POST", body: { locked: !locked } }); Object.assign(client.welcome, { locked: room.locked }); renderSession(client.view); } catch (problem) { toast(problem.message, "error"); }
      } }, locked ? t("chair.session.unlock") : t("chair.session.lock")),
      closed ? el("span", { class: "badge bad" }, t("chair.session.closed")) : confirmButton(t("chair.session.close"), t("chair.session.closeconfirm"), async () => {
        try { await chairApi("/close", { method: "POST" }); } catch (problem) { toast(problem.message, "error"); }
      }, { id: "close-room" })),
    el("h3", {}, t("chair.export.heading")),
    el("div", { class: "row" },
      el("button", { type: "button", class: "secondary small", id: "export-md", onclick: () => download("/export.md?notes=false", `plenary-${code}.md`) }, t("chair.export.md")),
      el("button", { type: "button", class: "secondary small", onclick: () => download("/export.md?notes=true", `plenary-${code}-with-notes.md`) }, t("chair.export.mdnotes")),
      el("button", { type: "button", class: "secondary small", id: "export-json", onclick: () => download("/export.json", `plenary-${code}.json`) }, t("chair.export.json")),
      el("button", { type: "button", class: "secondary small", id: "open-debrief", onclick: () => openDebrief(code, chairKey) }, t("chair.export.debrief")),
      el("button", { type: "button", class: "secondary small", id: "save-debrief", onclick: () => downloadDebrief(code, chairKey, `plenary-${code}-debrief.html`) }, t("chair.export.debriefsave"))),
    el("h3", {}, t("chair.sheets.heading")),
    el("p", { class: "small" }, t("chair.sheets.hint")),
    el("div", { class: "row" },
      el("button", { type: "button", class: "secondary small", id: "role-sheets-a4", onclick: () => openRoleSheets(code, chairKey, "a4") }, t("chair.sheets.a4")),
      el("button", { type: "button", class: "secondary small", id: "role-sheets-letter", onclick: () => openRoleSheets(code, chairKey, "letter") }, t("chair.sheets.letter"))),
    el("p", { class: "small" }, el("a", { href: screens?.projector_url || `/projector/${encodeURIComponent(code)}`, target: "_blank", rel: "noopener", id: "projector-link" }, t("chair.session.projector"))),
    el("p", { class: "small" }, el("a", { href: `/projector/${encodeURIComponent(code)}?replay=10`, target: "_blank", rel: "noopener", id: "replay-link" }, t("chair.session.replay"))),
    screensPart(),
    el("h3", {}, t("chair.delete.heading")),
    summary ? el("p", { class: "small", id: "room-expiry" }, t("chair.delete.expires", { date: formatDateTime(new Date(summary.expires_at * 1000), { dateStyle: "long" }) })) : null,
    confirmButton(t("chair.delete.button"), t("chair.delete.confirm"), async () => {
      try {
        await chairApi("", { method: "DELETE" });
        window.location.assign("/");
      } catch (problem) { toast(problem.message, "error"); }
    }, { id: "delete-room" }),
  ]);
}

// Read-only screens: the projector link always gets in; the chair may shut out the others
// (anyone with the room code can open one, and a crowd of them could lock the projector out).
let screens = null;
let summary = null;

const LANGUAGE_NAMES = { ar: "العربية", zh: "中文", en: "English", fr: "Français", ru: "Русский", es: "Español" };

function languagePart() {
  if (!summary) return null;
  return el("label", { class: "small", id: "room-language-row" },
    t("chair.language.label"), " ",
    el("select", { id: "room-language", onchange: async (change) => {
      try {
        summary = await chairApi("/language", { method: "POST", body: { language: change.target.value } });
        toast(t("chair.language.set", { language: LANGUAGE_NAMES[summary.language] }), "ok");
        if (await followRoomLanguage(summary.language)) renderSession(client.view);
      } catch (problem) { toast(problem.message, "error"); }
    } }, LANGUAGES.map((code) => el("option", { value: code, lang: code, selected: summary.language === code }, LANGUAGE_NAMES[code]))));
}

function screensPart() {
  if (!screens) return null;
  return el("div", { id: "screens" },
    languagePart(),
    el("p", { class: "small" }, t("chair.screens.count", { projectors: screens.projectors, spectators: screens.spectators })),
    el("label", { class: "row small" },
      el("input", { type: "checkbox", id: "spectators-allowed", checked: screens.spectators_allowed, onchange: async (change) => {
        try {
          screens = await chairApi("/spectators", { method: "POST", body: { allowed: change.target.checked } });
          toast(t(screens.spectators_allowed ? "chair.screens.opened" : "chair.screens.closed"), "ok");
        } catch (problem) { toast(problem.message, "error"); }
        renderSession(client.view);
      } }),
      t("chair.screens.allow")),
    el("div", { class: "row" },
      el("button", { type: "button", class: "secondary small", id: "refresh-screens", onclick: () => loadScreens() }, t("chair.screens.refresh")),
      el("button", { type: "button", class: "secondary small", id: "new-projector-link", onclick: async () => {
        try {
          screens = await chairApi("/projector", { method: "POST" });
          toast(t("chair.screens.newlink"), "ok");
        } catch (problem) { toast(problem.message, "error"); }
        renderSession(client.view);
      } }, screens.projector_url ? t("chair.screens.replacelink") : t("chair.screens.makelink"))));
}

async function loadScreens() {
  try {
    [screens, summary] = await Promise.all([chairApi("/screens"), chairApi("")]);
  } catch (problem) {
    toast(problem.message, "error");
    return;
  }
  if (client.view) renderSession(client.view);
}
loadScreens();

// ---------------------------------------------------------------- log, shortcuts

const log = byId("log");
// A reloaded page gets the log back from the server; a very long session only its recent part.
client.connection.on("history", ({ truncated }) => {
  if (truncated) log.append(el("li", { class: "muted", dataset: { type: "history-cut" } }, t("log.earlier")));
});
client.onEvent((event, message) => {
  const text = describeEvent(event, client.view);
  if (!text) return;
  log.prepend(el("li", { dataset: { seq: String(message.seq), type: event.type } }, text));
  while (log.childElementCount > 300) log.lastElementChild.remove();
  if (!message.history && ["point_raised", "motion_proposed", "right_of_reply_requested"].includes(event.type)) toast(text, "info");
});

const SHORTCUTS = [
  ["n", "chair.key.next", () => send("recognize_speaker", {})],
  ["t", "chair.key.time", () => send("end_speech", {})],
  ["p", "chair.key.pause", () => toggleClock()],
  ["+", "chair.key.extend", () => extendTime(EXTENSIONS[0])],
  ["e", "chair.key.entertain", () => { const a = chairAction("entertain_motion"); return a ? send("entertain_motion", { motion_id: a.motion_id }) : toast(t("chair.motions.none"), "info"); }],
  ["v", "chair.key.open", () => send("open_vote", {})],
  ["c", "chair.key.close", () => send("close_vote", {})],
  ["?", "chair.key.help", () => showShortcuts()],
];

function showShortcuts() {
  setChildren(byId("shortcuts-list"), SHORTCUTS.flatMap(([key, label]) => [el("kbd", {}, key.toUpperCase()), el("span", {}, t(label))]));
  byId("shortcuts-dialog").showModal();
}
byId("shortcuts-button").addEventListener("click", showShortcuts);

document.addEventListener("keydown", (key) => {
  if (key.ctrlKey || key.metaKey || key.altKey) return;
  const target = key.target;
  if (target.closest("input, textarea, select, [contenteditable], dialog[open]")) return;
  const shortcut = SHORTCUTS.find(([k]) => k === key.key.toLowerCase());
  if (!shortcut) return;
  key.preventDefault();
  shortcut[2]();
});

client.onRender((view) => {
  document.title = t("chair.pagetitle", { forum: view.forum?.name || "", code });
  setText("room-title", `${view.forum?.name || ""} · ${t("chair.title")}`);
  setText("phase", phaseText(view));
  renderAttendance(view);
  renderFloor(view);
  renderMotions(view);
  renderPoints(view);
  renderVote(view);
  renderDrafts(view);
  renderEvents(view);
  renderPressQueue(view);
  renderPouch(view);
  renderSeats(view);
  renderSession(view);
});
client.connection.on("seats", () => client.view && renderSeats(client.view));
client.connection.on("room", () => client.view && renderSession(client.view));
announce(t("chair.ready"));
