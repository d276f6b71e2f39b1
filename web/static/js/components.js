// Pieces of the floor shared by the delegate, chair and projector pages. Each takes the view
// (docs/protocol.md: public_view + "me") and returns DOM nodes built with `el`.

import { el, setChildren } from "./dom.js";
import { questionTitle, say, t, why } from "./i18n.js";
import { renderMarkdown } from "./markdown.js";
import { flagNode } from "./placard.js";
import { actorName, delegations, describeResult, vetoers } from "./room.js";

export function delegation(view, id) {
  return delegations(view).find((d) => d.id === id) || null;
}

/** "🇷🇺 Russian Federation" as nodes (the flag hidden from screen readers). */
export function nameWithFlag(view, id) {
  const found = delegation(view, id);
  if (!found) return [actorName(view, id)];
  return [flagNode(found, "flag-inline"), " ", found.name];
}

/** A countdown span; RoomClient.tick() keeps its text current. */
export function countdown(view, deadline, { className = "timer", label = null } = {}) {
  if (deadline === null || deadline === undefined) return null;
  return el("span", {
    class: className,
    role: "timer",
    "aria-label": label || t("floor.timeleft"),
    dataset: { deadline: String(deadline), ...(view.paused_at ? { pausedAt: String(view.paused_at) } : {}) },
  });
}

/** The current phase in one line: meeting state, caucus, voting procedure, formal debate. */
export function phaseText(view) {
  if (view.meeting === "adjourned") return t("phase.adjourned");
  if (view.meeting === "suspended") return t("phase.suspended");
  const parts = [];
  if (view.vote) parts.push(t("phase.voting", { title: questionTitle(view.vote) }));
  else if (view.voting_procedure) parts.push(t("phase.voting_procedure"));
  else if (view.caucus) {
    const kind = t(view.caucus.kind === "moderated" ? "phase.moderated" : "phase.unmoderated");
    parts.push(view.caucus.topic ? t("phase.topic", { phase: kind, topic: view.caucus.topic }) : kind);
  }
  else if (view.agenda_item) parts.push(t("phase.debate"));
  else parts.push(t("phase.no_agenda"));
  if (view.paused) parts.push(t("phase.paused"));
  return parts.join(" · ");
}

export function currentAgendaItem(view) {
  return (view.agenda || []).find((item) => item.id === view.agenda_item) || null;
}

/** Current speaker, countdown, and the caucus or suspension clock. */
export function floorNow(view, { large = false } = {}) {
  const floor = view.floor;
  const nodes = [];
  if (floor) {
    const kind = floor.kind && floor.kind !== "speech" ? t(`floor.kind.${floor.kind}`) : null;
    nodes.push(el("div", { class: "floor-now" },
      el("div", {},
        el("div", { class: "muted small" }, t("floor.speaking")),
        el("div", { class: large ? "proj-speaker" : "speaker-now", id: large ? "proj-speaker" : "current-speaker" }, nameWithFlag(view, floor.speaker)),
        kind ? el("div", { class: "muted small" }, kind) : null,
        floor.yielded_by ? el("div", { class: "muted small" }, t("floor.yielded_by", { name: actorName(view, floor.yielded_by) })) : null,
        floor.on_behalf_of ? el("div", { class: "small behalf", id: large ? "proj-behalf" : "current-behalf" }, t("floor.on_behalf", { bloc: view.world?.blocs?.[floor.on_behalf_of]?.name || floor.on_behalf_of })) : null,
        floor.answering_questions ? el("div", { class: "badge warn" }, floor.questioner ? t("floor.question_from", { name: actorName(view, floor.questioner) }) : t("floor.questions")) : null),
      countdown(view, floor.deadline, { className: large ? "proj-timer" : "timer", label: t("floor.timeleft") })));
  } else {
    // On the wall, an empty floor stays small while a vote or a caucus is what matters.
    const quiet = large && (view.vote || view.caucus);
    nodes.push(el("p", { class: large && !quiet ? "proj-speaker muted" : "empty", id: large ? "proj-speaker" : "current-speaker" }, t("floor.nobody")));
  }
  if (view.caucus) {
    nodes.push(el("p", { class: "row" },
      el("span", {}, t(view.caucus.kind === "moderated" ? "floor.caucus.moderated" : "floor.caucus.unmoderated")),
      view.caucus.topic ? el("em", {}, view.caucus.topic) : null,
      el("span", { class: "muted" }, t("floor.caucus.ends")),
      countdown(view, view.caucus.deadline, { className: large && !floor ? "proj-timer" : "timer", label: t("floor.caucus.timeleft") })));
  }
  if (view.meeting === "suspended" && view.suspension_deadline) {
    nodes.push(el("p", { class: "row" }, t("floor.suspended_until"), countdown(view, view.suspension_deadline, { className: large ? "proj-timer" : "timer" })));
  }
  return nodes;
}

/** The speakers list as an ordered list; `controls(id)` may add buttons per row. */
export function speakersList(view, { controls = null, large = false } = {}) {
  const speakers = view.speakers || [];
  const wrap = [];
  if (view.speakers_closed) wrap.push(el("p", { class: "badge warn" }, t("floor.speakers.closed")));
  if (!speakers.length) {
    wrap.push(el("p", { class: "empty" }, t("floor.speakers.empty")));
    return wrap;
  }
  wrap.push(el("ol", { class: "speakers", id: large ? "proj-speakers-list" : "speakers-list", "aria-label": t("floor.speakers") },
    speakers.map((id) => el("li", { dataset: { actor: id } },
      el("span", {}, nameWithFlag(view, id)),
      view.speaking_for?.[id] ? el("span", { class: "muted small behalf", dataset: { behalf: view.speaking_for[id] } }, ` ${t("floor.on_behalf", { bloc: view.world?.blocs?.[view.speaking_for[id]]?.name || view.speaking_for[id] })}`) : null,
      controls ? [" ", controls(id)] : null))));
  return wrap;
}

// Every choice is told apart by colour and by shape and word, never by colour alone.
const CHOICE_MARKS = { yes: "✔", no: "✖", abstain: "○", pass: "»", join: "✔", object: "✖", reservation: "◐" };
const baseChoice = (choice) => String(choice || "").replace(/_with_rights$/, "");
export const choiceMark = (choice) => CHOICE_MARKS[baseChoice(choice)] || "●";

/** The ballot choices the rule allows on this question, for the tally's cells. */
export function allowedChoices(vote) {
  const allowed = Array.isArray(vote.allowed) && vote.allowed.length ? vote.allowed
    : vote.method === "consensus" ? ["join", "reservation", "object"] : ["yes", "no", "abstain"];
  return [...new Set(allowed.map(baseChoice))];
}

/** Many voters (a General Assembly) show as a compact placard grid of codes. */
export const COMPACT_VOTERS = 30;
export const isCompact = (vote) => (vote.eligible_count || 0) > COMPACT_VOTERS;

/** Counts from visible choices (a cell per allowed choice), or just voted / not yet voted. */
export function tallyBoard(view, vote, { large = false } = {}) {
  const cells = [];
  if (vote.choices && vote.method === "consensus") {
    // Consensus counts no heads: name who objects and who stands aside, never a tally.
    const named = (choice) => Object.entries(vote.choices).filter(([, c]) => baseChoice(c) === choice).map(([id]) => actorName(view, id));
    for (const choice of ["object", "reservation"]) {
      const names = named(choice);
      cells.push(el("div", { class: ["cell", "names", choice], dataset: { choice } },
        el("span", { class: "cell-label" }, el("span", { class: "mark", "aria-hidden": "true" }, choiceMark(choice)), " ", t(`choice.${choice}`)),
        el("span", { class: "who" }, names.length ? names.join(t("list.separator")) : t("common.none"))));
    }
  } else if (vote.choices) {
    const counts = {};
    for (const choice of Object.values(vote.choices)) counts[baseChoice(choice)] = (counts[baseChoice(choice)] || 0) + 1;
    const shown = allowedChoices(vote);
    // A choice cast under another rule (a pass in a roll call) still counts where it was cast.
    for (const choice of Object.keys(counts)) if (!shown.includes(choice)) shown.push(choice);
    for (const choice of shown) {
      cells.push(el("div", { class: ["cell", choice], dataset: { choice } },
        el("span", { class: "num" }, String(counts[choice] || 0)),
        el("span", { class: "cell-label" }, el("span", { class: "mark", "aria-hidden": "true" }, choiceMark(choice)), " ", t(`choice.${choice}`))));
    }
  }
  cells.push(el("div", { class: "cell voted", dataset: { choice: "voted" } },
    el("span", { class: "num", id: large ? "proj-voted-count" : "voted-count" }, `${vote.voted_count}/${vote.eligible_count}`),
    el("span", { class: "cell-label" }, t("vote.voted"))));
  const share = vote.eligible_count ? Math.round((100 * vote.voted_count) / vote.eligible_count) : 0;
  return [
    el("div", { class: "tally", role: "group", "aria-label": t("vote.tally") }, cells),
    el("div", { class: "progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": String(vote.eligible_count), "aria-valuenow": String(vote.voted_count), "aria-label": t("vote.progress") },
      el("span", { style: { width: `${share}%` } })),
  ];
}

/** Who would veto the question if the vote closed now (the engine's `veto_now`). */
export function vetoNow(vote) {
  return Array.isArray(vote?.veto_now) ? vote.veto_now : [];
}

/** While the vote is open: "Russian Federation (RUS) has voted No: a veto." */
export function vetoNowBanner(view, vote, { large = false } = {}) {
  const vetoing = vetoNow(vote);
  if (!vetoing.length) return null;
  const names = vetoing.map((id) => `${delegation(view, id)?.name || id} (${id})`).join(t("list.separator"));
  return el("div", { class: "veto-now", id: large ? "proj-veto-now" : "veto-now", dataset: { vetoers: vetoing.join(" ") } },
    el("strong", {}, el("span", { "aria-hidden": "true" }, "✖ "), t("vote.vetonow.heading")),
    " ", t("vote.vetonow.text", { names, count: vetoing.length }));
}

/** Everyone who may vote, in roll order when there is one, marking who has voted (and how, if
 * shown). Many voters become a compact grid of placards with the delegation's code. */
export function voterList(view, vote, { compact = isCompact(vote) } = {}) {
  const order = vote.roll_order?.length ? vote.roll_order : vote.eligible;
  const voted = new Set(vote.voted || []);
  const vetoing = new Set(vetoNow(vote));
  const list = el("ul", { class: ["rollcall", compact && "compact"], "aria-label": vote.method === "roll_call" ? t("vote.rollorder") : t("vote.whovoted") },
    order.map((id) => {
      const choice = vote.choices ? vote.choices[id] : null;
      const hasVoted = voted.has(id);
      const veto = vetoing.has(id);
      const state = hasVoted ? (choice ? baseChoice(choice) : "voted") : "waiting";
      const status = hasVoted ? (choice ? t(`choice.${choice}`) : t("vote.hasvoted")) : vote.current_caller === id ? t("vote.called") : t("vote.waiting");
      const found = delegation(view, id);
      const shown = hasVoted ? (choice ? `${choiceMark(choice)} ${t(`choice.${choice}`)}` : "● ") : "";
      const said = el("span", { class: "visually-hidden" }, `${compact ? found?.name || id : ""}: ${status}${veto ? `, ${t("vote.veto.chip")}` : ""}`);
      const vetoTag = veto ? el("span", { class: "veto-tag", "aria-hidden": "true" }, t("vote.veto.chip")) : null;
      const data = { dataset: { actor: id, voted: String(hasVoted), choice: state, current: String(vote.current_caller === id), veto: veto ? "true" : null } };
      if (compact) {
        return el("li", { ...data, title: `${found?.name || id}: ${status}` },
          el("span", { class: "code", "aria-hidden": "true" }, id), said,
          el("span", { class: "mark", "aria-hidden": "true" }, hasVoted ? (choice ? choiceMark(choice) : "●") : ""), vetoTag);
      }
      // The flag, then the name and the choice as one line of text that wraps.
      return el("li", data, found ? flagNode(found, "flag-inline") : null,
        el("span", { class: "chip-text" }, found?.name || actorName(view, id), said,
          hasVoted ? el("span", { class: "chip-choice", "aria-hidden": "true" }, ` ${shown}`) : null, vetoTag ? [" ", vetoTag] : null));
    }));
  if (!compact) return list;
  const legend = allowedChoices(vote).map((choice) => el("span", { dataset: { choice } }, el("span", { class: "mark", "aria-hidden": "true" }, choiceMark(choice)), " ", t(`choice.${choice}`)));
  return [list, el("p", { class: "rollcall-legend", "aria-hidden": "true" }, legend,
    el("span", { dataset: { choice: vote.choices ? "waiting" : "voted" } }, el("span", { class: "mark" }, vote.choices ? "" : "●"), " ", t(vote.choices ? "vote.waiting" : "vote.hasvoted")))];
}

/** What the open vote decides: an amendment's change, or a division's part. */
export function voteSubject(view, vote) {
  const subject = vote.subject || {};
  if (subject.kind !== "amendment") return null;
  const amendment = (view.amendments || []).find((a) => a.id === subject.ref);
  if (!amendment) return null;
  const draft = (view.drafts || []).find((d) => d.id === amendment.draft_id);
  return el("div", { class: "vote-subject amendment", id: "vote-subject", dataset: { amendment: amendment.id } },
    el("p", { class: "small" }, t("vote.amendment.of", { id: amendment.id, name: actorName(view, amendment.proposer), draft: draft ? `${draft.id}: ${draft.title}` : amendment.draft_id })),
    el("p", {}, amendmentText(view, amendment, draft)));
}

/** What is being voted on and under which rule. */
export function voteHeader(view, vote) {
  const method = t(`vote.method.${vote.method}`);
  const rule = ruleSummary(vote.rule);
  return [
    el("p", { class: "vote-title" }, el("strong", { id: "vote-title" }, questionTitle(vote))),
    voteSubject(view, vote),
    el("p", { class: "small muted" }, [method, vote.secret ? t("vote.secret") : null, rule].filter(Boolean).join(" · ")),
    vote.parties?.length ? el("p", { class: "small" }, t("vote.parties", { names: vote.parties.map((p) => actorName(view, p)).join(t("list.separator")) })) : null,
    vote.deadline ? el("p", { class: "row small" }, t("vote.closes"), countdown(view, vote.deadline)) : null,
  ];
}

export function ruleSummary(rule) {
  if (!rule || typeof rule !== "object") return "";
  const parts = [];
  if (rule.kind === "majority") {
    // Art. 27: `more_than: "0"` with `min_yes` is a count of affirmative votes, not a share.
    const countOnly = rule.min_yes && String(rule.more_than) === "0";
    const share = rule.more_than ? t("rule.more_than", { share: rule.more_than }) : rule.at_least ? t("rule.at_least", { share: rule.at_least }) : "";
    if (!countOnly) parts.push(t("rule.majority", { share, base: String(rule.base || "").replace(/_/g, " ") }));
  } else if (rule.kind) parts.push(String(rule.kind).replace(/_/g, " "));
  if (rule.min_yes) parts.push(t("rule.min_yes", { count: rule.min_yes }));
  if (Array.isArray(rule.veto) && rule.veto.length) parts.push(t("rule.veto", { names: rule.veto.join(t("list.separator")) }));
  return parts.join(t("list.separator"));
}

/**
 * The double veto: dispute that a motion is procedural (a Council member) or put the preliminary
 * question (the chair). `entry` is the engine's `contest_procedural` action; null when absent.
 */
export function contestProceduralControl(view, entry, send, { chair = false } = {}) {
  if (!entry) return null;
  const motionOf = (id) => (view.motions || []).find((m) => m.id === id);
  return el("div", { class: "contest-procedural", id: "contest-procedural" },
    el("h3", {}, t(chair ? "contest.heading.chair" : "contest.heading")),
    el("p", { class: "explain" }, t("contest.explain")),
    el("ul", { class: "plain" }, (entry.motions || []).map((m) => {
      const motion = motionOf(m.motion_id);
      const label = motion ? t(`motion.${motion.kind}`) : m.motion_id;
      return el("li", { class: "item-row", dataset: { contest: m.motion_id } },
        el("span", { class: "item-main" }, el("strong", {}, label), motion?.contested_by ? el("span", { class: "badge warn" }, ` ${t("contest.contested")}`) : null,
          m.in_order ? null : el("span", { class: "explain" }, why(m))),
        el("button", { type: "button", class: "small secondary", disabled: !m.in_order, "aria-label": t(chair ? "contest.button.chair.aria" : "contest.button.aria", { motion: label }),
          onclick: () => send("contest_procedural", { motion_id: m.motion_id }) }, t(chair ? "contest.button.chair" : "contest.button")));
    })),
    entry.source ? el("p", { class: "small muted" }, entry.source_say ? say(entry.source_say) : entry.source) : null);
}

/** The last decision, with vetoes made unmistakable. The verdict is said once: the result's
 * own sentence names it. */
export function resultBanner(view, result, { large = false } = {}) {
  if (!result) return null;
  const vetoed = vetoers(result);
  const vetoNames = vetoed.map((id) => {
    const found = delegation(view, id);
    return found ? `${found.name} (${id})` : id;
  });
  // The engine's sentence gives the count already; an older result only its reason.
  const tally = result.say ? {} : result.tally || {};
  const tallyText = Object.entries(tally).filter(([, n]) => n).map(([choice, n]) => `${t(`choice.${choice}`)} ${n}`).join(" · ");
  return el("div", {
    class: "result-banner",
    role: "status",
    id: large ? "proj-result" : "result-banner",
    tabindex: "-1",
    dataset: { outcome: result.adopted ? "adopted" : "failed", veto: String(vetoed.length > 0), voteId: result.vote_id },
  },
  vetoed.length ? el("span", { class: "veto-line" }, el("span", { "aria-hidden": "true" }, "✖ "), t("result.vetoed", { names: vetoNames.join(t("list.separator")) })) : null,
  el("span", { class: vetoed.length ? "reason" : "verdict" }, vetoed.length ? null : el("span", { "aria-hidden": "true" }, result.adopted ? "✔ " : "✖ "), describeResult(result)),
  tallyText ? el("span", { class: "reason small" }, tallyText) : null);
}

/** The newest result, shown until the next vote opens. */
export function latestResult(view) {
  if (view.vote) return null;
  const results = view.results || [];
  return results.length ? results[results.length - 1] : null;
}

/** Agenda item title plus its background (Markdown rendered as DOM). */
export function agendaPanel(view) {
  const item = currentAgendaItem(view);
  const nodes = [];
  if (!item) nodes.push(el("p", { class: "empty" }, t("agenda.none")));
  else {
    nodes.push(el("h3", { id: "agenda-title" }, item.title));
    if (item.description) nodes.push(el("div", { class: "prose" }, renderMarkdown(item.description)));
  }
  const others = (view.agenda || []).filter((a) => a.id !== view.agenda_item);
  if (others.length) {
    nodes.push(el("details", {}, el("summary", {}, t("agenda.others", { count: others.length })),
      el("ul", {}, others.map((a) => el("li", {}, a.title, " ", el("span", { class: "badge" }, t(`agenda.status.${a.status}`)))))));
  }
  return nodes;
}

/** Scenario news, newest first. */
export function newsList(view, items) {
  if (!items.length) return [el("p", { class: "empty" }, t("news.empty"))];
  return items.slice().reverse().map((item, index) => el("article", { class: ["news-item", index === 0 && "fresh"] },
    el("h3", {}, item.headline || item.title || ""),
    item.to?.length ? el("p", { class: "small" }, t("news.private")) : null,
    item.body ? el("div", { class: "prose small" }, renderMarkdown(item.body)) : null));
}

/** Public news plus news only this seat (or the chair) may read, oldest first. */
export function newsOf(view) {
  const all = [...(view.world?.news || []), ...(view.me?.world?.news || [])];
  return all.sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
}

/** A clause list for a draft. */
export function clauseList(draft) {
  return el("ol", { class: "clauses" }, (draft.clauses || []).map((clause) => el("li", { dataset: { clause: clause.id } },
    el("span", { class: "clause-kind" }, `${clause.id} `), clause.text)));
}

export function draftMeta(view, draft) {
  const sponsors = (draft.sponsors || []).map((id) => actorName(view, id)).join(t("list.separator"));
  const signatories = (draft.signatories || []).map((id) => actorName(view, id)).join(t("list.separator"));
  return el("p", { class: "small" },
    el("span", { class: ["badge", draft.status === "adopted" ? "ok" : draft.status === "rejected" ? "bad" : "brand"] }, t(`draft.status.${draft.status}`)), " ",
    t("draft.sponsors", { names: sponsors || t("common.none") }), " · ",
    t("draft.signatories", { names: signatories || t("common.none") }),
    // Support only matters until the draft is introduced.
    draft.status === "working" ? ` · ${t("draft.support", { count: draft.supporters ?? 0, needed: view.signatures_needed ?? 0 })}` : null,
    // A consensus forum: the call for objections failed and the President is consulting.
    draft.status === "introduced" && draft.consensus_calls ? [" ", el("span", { class: "badge warn", dataset: { consultations: String(draft.consensus_calls) } },
      t("draft.consultations", { count: draft.consensus_calls }))] : null);
}

/** Amendments of a draft, optionally only some statuses. */
export function amendmentsOf(view, draftId, statuses = null) {
  return (view.amendments || []).filter((a) => a.draft_id === draftId && (!statuses || statuses.includes(a.status)));
}

export function amendmentText(view, amendment, draft) {
  const target = (draft?.clauses || []).find((c) => c.id === amendment.target_clause);
  const parts = [el("strong", {}, t(`amend.action.${amendment.action}`, { clause: amendment.target_clause || "" })), " "];
  if (amendment.action !== "add" && target) parts.push(el("span", { class: "diff-del" }, target.text), " ");
  if (amendment.clause) parts.push(el("span", { class: "diff-ins" }, amendment.clause.text));
  return parts;
}

/**
 * Render `build()` into `container` only when `key` changed. What the user was doing survives:
 * fields marked with data-focus-id keep their typed value or checked state, a <details> so
 * marked stays open, and the focused one keeps focus and caret.
 */
export function renderIfChanged(container, key, build) {
  if (!container) return;
  if (container.__renderKey === key) return;
  container.__renderKey = key;
  const active = document.activeElement;
  const hadFocus = active && container.contains(active);
  const selection = hadFocus && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
  const focusId = hadFocus ? active.dataset?.focusId : null;
  const scope = hadFocus ? active.closest("[data-focus-scope]")?.dataset.focusScope : null;
  const typed = new Map();
  for (const field of container.querySelectorAll("[data-focus-id]")) {
    typed.set(field.dataset.focusId, field.tagName === "DETAILS" ? { open: field.open }
      : field.type === "checkbox" || field.type === "radio" ? { checked: field.checked } : { value: field.value });
  }
  setChildren(container, build());
  for (const field of container.querySelectorAll("[data-focus-id]")) {
    const before = typed.get(field.dataset.focusId);
    if (!before) continue;
    if ("open" in before) field.open = before.open;
    else if ("checked" in before) field.checked = before.checked;
    else if (before.value && !field.value) field.value = before.value;
    else if (before.value && field.tagName === "SELECT" && [...field.options].some((o) => o.value === before.value)) field.value = before.value;
  }
  if (!hadFocus) return;
  const found = active.isConnected ? active : focusId ? container.querySelector(`[data-focus-id="${CSS.escape(focusId)}"]`) : null;
  const target = found && !found.disabled ? found : null;
  if (target) {
    target.focus({ preventScroll: true });
    if (selection) {
      try { target.setSelectionRange(selection[0], selection[1]); } catch { /* not a text field */ }
    }
    return;
  }
  // The control that had focus is gone (the action it took is done): focus never drops to
  // <body>, it goes to what the panel now offers instead, or to the panel's heading.
  const scoped = scope ? container.querySelector(`[data-focus-scope="${CSS.escape(scope)}"]`) : null;
  focusFallback(scoped || container);
}

/** Focus what stands in for a control that went away: a [data-focus-fallback] element of the
 * part it was in (a draft, say), else that part's heading, else its section's. */
export function focusFallback(container) {
  const own = container.matches("[data-focus-scope]") ? container.querySelector("h2, h3, h4") : null;
  const stand = container.querySelector("[data-focus-fallback]") || own;
  const heading = container.closest("section")?.querySelector("h2, h3");
  const target = stand && !stand.closest("[hidden]") ? stand : heading;
  if (!target) return;
  if (!target.matches("a, button, input, select, textarea, summary, [tabindex]")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: false });
}

/** Build a node once per key and reuse it across renders (keeps what the user typed). */
export function cached(cache, key, build) {
  if (!cache.has(key)) cache.set(key, build());
  return cache.get(key);
}

/** A select of the scenario's frames for a speech, note, draft or news item ("" = none), or null
 *  when the scenario names no frames. `keep` holds the choice across re-renders of its panel. */
export function frameSelect(view, id, keep = null) {
  const frames = view.world?.frames || {};
  if (!Object.keys(frames).length) return null;
  const select = el("select", { id, "data-focus-id": id, onchange: () => { if (keep) keep.value = select.value; } },
    el("option", { value: "" }, t("press.noframe")),
    Object.entries(frames).map(([frame, name]) => el("option", { value: frame, selected: keep?.value === frame }, name)));
  return select;
}

/** The same select with its label, in a field; null when the scenario names no frames. */
export function frameField(view, id, keep = null) {
  const select = frameSelect(view, id, keep);
  return select ? el("div", { class: "field" }, el("label", { for: id }, t("frames.argue")), select) : null;
}

/** Which narratives hold the floor: the tagged public speeches, drafts and approved press items
 *  per frame, as bars with their counts, and the order in which they were argued. */
export function frameShareChart(view) {
  const frames = view.world?.frames || {};
  const ids = Object.keys(frames);
  if (!ids.length) return [];
  const share = view.world?.frame_share || {};
  const total = ids.reduce((sum, frame) => sum + (share[frame] || 0), 0);
  const colour = new Map(ids.map((frame, index) => [frame, `frame-${index % 6}`]));
  const ranked = [...ids].sort((a, b) => (share[b] || 0) - (share[a] || 0) || frames[a].localeCompare(frames[b]));
  const top = ranked.length ? share[ranked[0]] || 0 : 0;
  const tied = ranked.length > 1 && (share[ranked[1]] || 0) === top;
  const lead = !top ? t("frames.none") : tied ? t("frames.tied") : t("frames.leading", { name: frames[ranked[0]] });
  const timeline = view.world?.frame_timeline || [];
  return [
    el("p", { class: "frame-lead", id: "frame-lead" }, lead),
    el("ul", { class: "plain frame-bars" }, ranked.map((frame) => {
      const count = share[frame] || 0;
      return el("li", { class: "frame-bar", dataset: { frame, count: String(count) } },
        el("span", { class: "frame-name" }, frames[frame]),
        el("span", { class: "frame-track", "aria-hidden": "true" },
          el("span", { class: ["frame-fill", colour.get(frame)], style: { inlineSize: `${total ? (100 * count) / total : 0}%` } })),
        el("span", { class: "frame-count" }, t("frames.count", { count })));
    })),
    timeline.length ? el("div", { class: "frame-timeline-wrap" },
      el("p", { class: "small muted" }, t("frames.timeline")),
      el("ol", { class: "frame-timeline", "aria-hidden": "true" }, timeline.map((use) => el("li", { class: ["frame-step", colour.get(use.frame)], dataset: { frame: use.frame, via: use.via } })))) : null,
  ];
}
