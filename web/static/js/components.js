// Pieces of the floor shared by the delegate, chair and projector pages. Each takes the view
// (docs/protocol.md: public_view + "me") and returns DOM nodes built with `el`.

import { el, setChildren } from "./dom.js";
import { t } from "./i18n.js";
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
  if (view.vote) parts.push(t("phase.voting", { title: view.vote.title }));
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
      el("span", {}, nameWithFlag(view, id)), controls ? [" ", controls(id)] : null))));
  return wrap;
}

/** Counts from visible choices, or just voted / not yet voted. */
export function tallyBoard(view, vote, { large = false } = {}) {
  const cells = [];
  if (vote.choices) {
    const counts = {};
    for (const choice of Object.values(vote.choices)) counts[choice] = (counts[choice] || 0) + 1;
    const order = vote.method === "consensus" ? ["join", "reservation", "object"] : ["yes", "no", "abstain", "pass"];
    for (const choice of order) {
      if (choice === "pass" && !counts.pass) continue;
      let number = counts[choice] || 0;
      if (choice === "yes") number += counts.yes_with_rights || 0;
      if (choice === "no") number += counts.no_with_rights || 0;
      cells.push(el("div", { class: ["cell", choice], dataset: { choice } },
        el("span", { class: "num" }, String(number)), t(`choice.${choice}`)));
    }
  }
  cells.push(el("div", { class: "cell", dataset: { choice: "voted" } },
    el("span", { class: "num", id: large ? "proj-voted-count" : "voted-count" }, `${vote.voted_count}/${vote.eligible_count}`), t("vote.voted")));
  const share = vote.eligible_count ? Math.round((100 * vote.voted_count) / vote.eligible_count) : 0;
  return [
    el("div", { class: "tally", role: "group", "aria-label": t("vote.tally") }, cells),
    el("div", { class: "progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": String(vote.eligible_count), "aria-valuenow": String(vote.voted_count), "aria-label": t("vote.progress") },
      el("span", { style: { width: `${share}%` } })),
  ];
}

/** Everyone who may vote, in roll order when there is one, marking who has voted (and how, if shown). */
export function voterList(view, vote) {
  const order = vote.roll_order?.length ? vote.roll_order : vote.eligible;
  const voted = new Set(vote.voted || []);
  return el("ul", { class: "rollcall", "aria-label": vote.method === "roll_call" ? t("vote.rollorder") : t("vote.whovoted") },
    order.map((id) => {
      const choice = vote.choices ? vote.choices[id] : null;
      const hasVoted = voted.has(id);
      const status = hasVoted ? (choice ? t(`choice.${choice}`) : t("vote.hasvoted")) : vote.current_caller === id ? t("vote.called") : t("vote.waiting");
      return el("li", { dataset: { actor: id, voted: String(hasVoted), current: String(vote.current_caller === id) } },
        nameWithFlag(view, id), el("span", { class: "visually-hidden" }, `: ${status}`),
        hasVoted && choice ? el("span", { "aria-hidden": "true" }, ` · ${t(`choice.${choice}`)}`) : hasVoted ? el("span", { "aria-hidden": "true" }, " ✓") : null);
    }));
}

/** What is being voted on and under which rule. */
export function voteHeader(view, vote) {
  const method = t(`vote.method.${vote.method}`);
  const rule = ruleSummary(vote.rule);
  return [
    el("p", { class: "vote-title" }, el("strong", { id: "vote-title" }, vote.title)),
    el("p", { class: "small muted" }, [method, vote.secret ? t("vote.secret") : null, rule].filter(Boolean).join(" · ")),
    vote.parties?.length ? el("p", { class: "small" }, t("vote.parties", { names: vote.parties.map((p) => actorName(view, p)).join(", ") })) : null,
    vote.deadline ? el("p", { class: "row small" }, t("vote.closes"), countdown(view, vote.deadline)) : null,
  ];
}

export function ruleSummary(rule) {
  if (!rule || typeof rule !== "object") return "";
  const parts = [];
  if (rule.kind === "majority") {
    const share = rule.more_than ? t("rule.more_than", { share: rule.more_than }) : rule.at_least ? t("rule.at_least", { share: rule.at_least }) : "";
    parts.push(t("rule.majority", { share, base: String(rule.base || "").replace(/_/g, " ") }));
  } else if (rule.kind) parts.push(String(rule.kind).replace(/_/g, " "));
  if (rule.min_yes) parts.push(t("rule.min_yes", { count: rule.min_yes }));
  if (Array.isArray(rule.veto) && rule.veto.length) parts.push(t("rule.veto", { names: rule.veto.join(", ") }));
  return parts.join(", ");
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
          m.in_order ? null : el("span", { class: "explain" }, m.why)),
        el("button", { type: "button", class: "small secondary", disabled: !m.in_order, "aria-label": t("contest.button.aria", { motion: label }),
          onclick: () => send("contest_procedural", { motion_id: m.motion_id }) }, t(chair ? "contest.button.chair" : "contest.button")));
    })),
    entry.source ? el("p", { class: "small muted" }, entry.source) : null);
}

/** The last decision, with vetoes made unmistakable. */
export function resultBanner(view, result, { large = false } = {}) {
  if (!result) return null;
  const vetoed = vetoers(result);
  const vetoNames = vetoed.map((id) => {
    const found = delegation(view, id);
    return found ? `${found.name} (${id})` : id;
  });
  const tally = result.tally || {};
  const tallyText = Object.entries(tally).filter(([, n]) => n).map(([choice, n]) => `${t(`choice.${choice}`)} ${n}`).join(" · ");
  return el("div", {
    class: "result-banner",
    role: "status",
    id: large ? "proj-result" : "result-banner",
    dataset: { outcome: result.adopted ? "adopted" : "failed", veto: String(vetoed.length > 0), voteId: result.vote_id },
  },
  vetoed.length ? el("span", { class: "veto-line" }, "✖ ", t("result.vetoed", { names: vetoNames.join(", ") })) : el("span", {}, result.adopted ? "✔ " : "✖ ", result.adopted ? t("result.adopted") : t("result.failed")),
  el("span", { class: "reason" }, describeResult(result)),
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
  const sponsors = (draft.sponsors || []).map((id) => actorName(view, id)).join(", ");
  const signatories = (draft.signatories || []).map((id) => actorName(view, id)).join(", ");
  return el("p", { class: "small" },
    el("span", { class: ["badge", draft.status === "adopted" ? "ok" : draft.status === "rejected" ? "bad" : "brand"] }, t(`draft.status.${draft.status}`)), " ",
    t("draft.sponsors", { names: sponsors || t("common.none") }), " · ",
    t("draft.signatories", { names: signatories || t("common.none") }),
    // Support only matters until the draft is introduced.
    draft.status === "working" ? ` · ${t("draft.support", { count: draft.supporters ?? 0, needed: view.signatures_needed ?? 0 })}` : null);
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
 * fields marked with data-focus-id keep their typed value or checked state, and the focused one
 * keeps focus and caret.
 */
export function renderIfChanged(container, key, build) {
  if (!container) return;
  if (container.__renderKey === key) return;
  container.__renderKey = key;
  const active = document.activeElement;
  const hadFocus = active && container.contains(active);
  const selection = hadFocus && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
  const focusId = hadFocus ? active.dataset?.focusId : null;
  const typed = new Map();
  for (const field of container.querySelectorAll("[data-focus-id]")) {
    typed.set(field.dataset.focusId, field.type === "checkbox" || field.type === "radio" ? { checked: field.checked } : { value: field.value });
  }
  setChildren(container, build());
  for (const field of container.querySelectorAll("[data-focus-id]")) {
    const before = typed.get(field.dataset.focusId);
    if (!before) continue;
    if ("checked" in before) field.checked = before.checked;
    else if (before.value && !field.value) field.value = before.value;
    else if (before.value && field.tagName === "SELECT" && [...field.options].some((o) => o.value === before.value)) field.value = before.value;
  }
  if (!hadFocus) return;
  const target = active.isConnected ? active : focusId ? container.querySelector(`[data-focus-id="${CSS.escape(focusId)}"]`) : null;
  if (target) {
    target.focus({ preventScroll: true });
    if (selection) {
      try { target.setSelectionRange(selection[0], selection[1]); } catch { /* not a text field */ }
    }
  }
}

/** Build a node once per key and reuse it across renders (keeps what the user typed). */
export function cached(cache, key, build) {
  if (!cache.has(key)) cache.set(key, build());
  return cache.get(key);
}
