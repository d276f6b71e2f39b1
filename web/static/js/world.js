// The game layer on screen: human-security indicators, statuses, consent, trust and pledges
// (view.world for everyone, view.me.world for this seat).

import { toast } from "./announce.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { actorName, delegations } from "./room.js";

export const DIMENSIONS = ["economic", "food", "health", "environmental", "personal", "community", "political"];

function placeName(view, place) {
  return view.world?.place_names?.[place] || actorName(view, place);
}

/** One meter per dimension, with the number as text (colour is never the only cue). */
function meter(dimension, value) {
  const rounded = Math.round(value);
  return el("div", { class: "meter", dataset: { dimension } },
    el("span", { class: "meter-label" }, t(`dimension.${dimension}`)),
    el("span", { class: "meter-bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(rounded), "aria-label": t(`dimension.${dimension}`) },
      el("span", { class: ["meter-fill", rounded < 35 ? "low" : rounded < 60 ? "mid" : "high"], style: { width: `${Math.max(0, Math.min(100, rounded))}%` } })),
    el("span", { class: "meter-value" }, String(rounded)));
}

export function hasWorld(view) {
  const world = view.world || {};
  return Boolean(Object.keys(world.indicators || {}).length || Object.keys(world.statuses || {}).length);
}

/** Indicators per place, statuses, consent answers and withheld clauses. */
export function situationPanel(view) {
  const world = view.world || {};
  const nodes = [];
  const places = Object.entries(world.indicators || {});
  if (places.length) {
    nodes.push(el("p", { class: "hint" }, t("world.indicators.hint")));
    for (const [place, values] of places) {
      nodes.push(el("section", { class: "place", dataset: { place } },
        el("h3", {}, placeName(view, place)),
        DIMENSIONS.filter((d) => d in values).map((d) => meter(d, values[d]))));
    }
  }
  const statuses = Object.entries(world.statuses || {});
  if (statuses.length) {
    nodes.push(el("h3", {}, t("world.statuses")), el("ul", {}, statuses.flatMap(([actor, labels]) =>
      Object.values(labels).map((label) => el("li", {}, el("strong", {}, actorName(view, actor)), ": ", label)))));
  }
  const consent = Object.entries(world.consent || {});
  if (consent.length) {
    nodes.push(el("h3", {}, t("world.consent")), el("ul", {}, consent.map(([state, record]) =>
      el("li", {}, t(record.given ? "world.consent.given" : "world.consent.refused", { name: actorName(view, state) })))));
  }
  if ((world.withheld || []).length) {
    nodes.push(el("h3", {}, t("world.withheld")), el("ul", {}, world.withheld.map((w) =>
      el("li", {}, t("world.withheld.item", { draft: w.draft_id, clause: w.clause_id, name: actorName(view, w.state) })))));
  }
  return nodes.length ? nodes : [el("p", { class: "empty" }, t("world.none"))];
}

/** This delegation's trust in the others (0-100). */
export function trustPanel(view) {
  const trust = Object.entries(view.me?.world?.trust || {});
  if (!trust.length) return null;
  return el("div", {}, el("h3", {}, t("world.trust")), el("p", { class: "hint" }, t("world.trust.hint")),
    trust.map(([other, value]) => el("div", { class: "meter", dataset: { trust: other } },
      el("span", { class: "meter-label" }, actorName(view, other)),
      el("span", { class: "meter-bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(Math.round(value)), "aria-label": t("world.trust.with", { name: actorName(view, other) }) },
        el("span", { class: ["meter-fill", value < 35 ? "low" : value < 60 ? "mid" : "high"], style: { width: `${Math.round(value)}%` } })),
      el("span", { class: "meter-value" }, String(Math.round(value))))));
}

/** Pledges this seat made or received, and a form to promise a vote on a draft. */
export function pledgePanel(view, client) {
  const me = view.me?.id;
  const pledges = view.me?.world?.pledges || [];
  const drafts = (view.drafts || []).filter((d) => ["working", "introduced"].includes(d.status));
  const others = delegations(view).filter((d) => d.id !== me);
  const recipient = el("select", { id: "pledge-to", name: "recipient" }, others.map((d) => el("option", { value: d.id }, d.name)));
  const draft = el("select", { id: "pledge-draft", name: "draft" }, drafts.map((d) => el("option", { value: d.id }, `${d.id}: ${d.title}`)));
  const choice = el("select", { id: "pledge-choice", name: "choice" }, ["yes", "no", "abstain"].map((c) => el("option", { value: c }, t(`choice.${c}`))));
  const text = el("input", { id: "pledge-text", maxlength: "500", "data-focus-id": "pledge-text" });
  const form = el("form", { class: "stack", onsubmit: async (submit) => {
    submit.preventDefault();
    if (await client.send("pledge_vote", { recipient: recipient.value, draft_id: draft.value, choice: choice.value, text: text.value.trim() })) {
      toast(t("pledge.sent", { name: actorName(view, recipient.value) }), "ok");
      form.reset();
    }
  } },
  el("p", { class: "hint" }, t("pledge.hint")),
  el("div", { class: "field" }, el("label", { for: "pledge-to" }, t("pledge.to")), recipient),
  el("div", { class: "field" }, el("label", { for: "pledge-draft" }, t("pledge.draft")), draft),
  el("div", { class: "field" }, el("label", { for: "pledge-choice" }, t("pledge.choice")), choice),
  el("div", { class: "field" }, el("label", { for: "pledge-text" }, t("pledge.text")), text),
  el("button", { type: "submit", id: "pledge-submit", disabled: !drafts.length }, t("pledge.submit")));
  return el("div", {},
    pledges.length ? el("ul", { class: "plain", id: "pledges" }, pledges.map((p) => el("li", { dataset: { pledge: p.id } },
      p.pledger === me
        ? t("pledge.mine", { name: actorName(view, p.recipient), choice: t(`choice.${p.choice}`), draft: p.draft_id })
        : t("pledge.theirs", { name: actorName(view, p.pledger), choice: t(`choice.${p.choice}`), draft: p.draft_id }),
      " ", el("span", { class: ["badge", p.status === "kept" ? "ok" : p.status === "broken" ? "bad" : ""] }, t(`pledge.status.${p.status}`)),
      p.text ? el("span", { class: "explain" }, p.text) : null))) : null,
    drafts.length ? el("details", {}, el("summary", {}, t("pledge.summary")), form) : null);
}

/** Consent buttons for a state whose territory a draft would act on (Charter Art. 2(7)). */
export function consentControls(view, client, draft) {
  const me = view.me?.id;
  const asks = (draft.clauses || []).some((c) => (c.requires_consent_of || []).includes(me));
  if (!asks || !["working", "introduced"].includes(draft.status)) return null;
  const record = view.world?.consent?.[me];
  return el("div", { class: "phase-banner consent", dataset: { consent: me } },
    el("p", {}, t("consent.asked", { draft: draft.id })),
    record ? el("p", { class: "badge" }, t(record.given ? "consent.given" : "consent.refused")) : null,
    el("div", { class: "row" },
      el("button", { type: "button", class: "ok small", onclick: () => client.send("decide_consent", { given: true }) }, t("consent.give")),
      el("button", { type: "button", class: "danger small", onclick: () => client.send("decide_consent", { given: false }) }, t("consent.refuse"))));
}

/** A scripted event's trigger in words, for the chair's list. */
export function describeTrigger(when) {
  if (!when || typeof when !== "object") return "";
  const [kind, value] = Object.entries(when)[0] || [];
  switch (kind) {
    case "at_minute": return t("trigger.at_minute", { minute: value });
    case "chair_button": return t("trigger.chair_button");
    case "draft_adopted": return t("trigger.draft_adopted", { draft: value });
    case "draft_failed": return t("trigger.draft_failed", { draft: value });
    case "veto_cast": return t("trigger.veto_cast", { draft: value?.draft || t("trigger.any"), by: value?.by || t("trigger.anyone") });
    case "indicator_below": return t("trigger.indicator_below", { place: value?.place, dimension: t(`dimension.${value?.dimension}`), value: value?.value });
    default: return String(kind || "").replace(/_/g, " ");
  }
}
