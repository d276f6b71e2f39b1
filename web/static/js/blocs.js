// Negotiating groups on the delegate's screen: the group's channel, its common position and
// who speaks for it (view.world.blocs for everyone, view.me.world.bloc_notes / common_positions
// for its members only), the actor's own levers (take_action) and consent clause by clause or
// provider by provider. The engine decides every "in order"; this only shows it. User text is
// always inserted as text.

import { announce, toast } from "./announce.js";
import { el } from "./dom.js";
import { t, why } from "./i18n.js";
import { actorName } from "./room.js";

const offer = (view, type) => (view.me?.actions || []).find((a) => a.type === type) || null;
const forBloc = (entry, bloc) => (entry?.blocs || []).find((b) => b.bloc === bloc) || null;

function notesOf(view, bloc) {
  return (view.me?.world?.bloc_notes || []).filter((n) => n.bloc === bloc);
}

function positionsOf(view, bloc) {
  return (view.me?.world?.common_positions || []).filter((p) => p.bloc === bloc);
}

function noteForm(view, client, bloc, entry) {
  const id = `bloc-note-${bloc}`;
  const text = el("textarea", { id, rows: "2", maxlength: String(entry?.max_chars || 1000), "data-focus-id": id });
  const form = el("form", { class: "stack", dataset: { blocNoteForm: bloc }, onsubmit: async (submit) => {
    submit.preventDefault();
    if (!text.value.trim()) return;
    if (await client.send("send_bloc_note", { bloc, text: text.value.trim() })) {
      text.value = "";
      announce(t("bloc.note.sent"));
    }
  } },
  el("label", { for: id }, t("bloc.note.label", { bloc: view.world.blocs[bloc].name })), text,
  el("button", { type: "submit", id: `${id}-send`, disabled: !entry?.in_order }, t("bloc.note.send")),
  entry && !entry.in_order ? el("p", { class: "explain" }, why(entry)) : null);
  return form;
}

function proposeForm(view, client, bloc, entry) {
  const prefix = `bloc-position-${bloc}`;
  const text = el("textarea", { id: `${prefix}-text`, rows: "3", maxlength: String(entry.max_chars), "data-focus-id": `${prefix}-text` });
  const drafts = (view.drafts || []).filter((d) => ["working", "introduced"].includes(d.status));
  const draft = el("select", { id: `${prefix}-draft` },
    el("option", { value: "" }, t("bloc.propose.nodraft")),
    drafts.map((d) => el("option", { value: d.id }, `${d.id}: ${d.title}`)));
  const choice = el("select", { id: `${prefix}-choice` }, ["yes", "no", "abstain"].map((c) => el("option", { value: c }, t(`choice.${c}`))));
  const form = el("form", { class: "stack", dataset: { blocPositionForm: bloc }, onsubmit: async (submit) => {
    submit.preventDefault();
    if (!text.value.trim()) return;
    const fields = { bloc, text: text.value.trim() };
    if (draft.value) Object.assign(fields, { draft_id: draft.value, position: choice.value });
    if (await client.send("propose_common_position", fields)) {
      form.reset();
      toast(t("bloc.propose.sent"), "ok");
    }
  } },
  el("label", { for: text.id }, t("bloc.propose.text", { max: entry.max_chars })), text,
  el("div", { class: "row" },
    el("div", { class: "field" }, el("label", { for: draft.id }, t("bloc.propose.draft")), draft),
    el("div", { class: "field" }, el("label", { for: choice.id }, t("bloc.propose.choice")), choice)),
  el("button", { type: "submit", id: `${prefix}-submit` }, t("bloc.propose.submit")));
  return form;
}

function nameSpeakerForm(view, client, bloc) {
  const id = `bloc-speaker-${bloc}`;
  const info = view.world.blocs[bloc];
  const member = el("select", { id }, info.members.map((m) => el("option", { value: m, selected: m === info.speaker }, actorName(view, m))));
  return el("form", { class: "row", onsubmit: async (submit) => {
    submit.preventDefault();
    if (await client.send("name_bloc_speaker", { bloc, member: member.value })) announce(t("bloc.name.done", { name: actorName(view, member.value) }));
  } },
  el("label", { for: id }, t("bloc.name.label")), member,
  el("button", { type: "submit", class: "secondary small", id: `${id}-submit` }, t("bloc.name.submit")));
}

function positionItem(view, client, position, sign) {
  const target = (sign?.positions || []).find((p) => p.position_id === position.id);
  return el("li", { dataset: { position: position.id } },
    el("p", {}, el("strong", {}, actorName(view, position.proposer)), ": ", position.text),
    position.draft_id ? el("p", { class: "small" }, t("bloc.position.line", { draft: position.draft_id, choice: t(`choice.${position.position}`) })) : null,
    el("p", { class: "small muted", dataset: { signatures: position.id } }, t("bloc.position.signed", { names: position.signatures.map((s) => actorName(view, s)).join(t("list.separator")) })),
    target && target.in_order
      ? el("button", { type: "button", class: "small", id: `sign-${position.id}`, onclick: async () => {
        if (await client.send("sign_common_position", { position_id: position.id })) toast(t("bloc.position.signed.ok"), "ok");
      } }, t("bloc.position.sign"))
      : null);
}

/** The seat's negotiating groups; null when it belongs to none. */
export function blocsPanel(view, client) {
  const me = view.me?.id;
  const all = view.world?.blocs || {};
  const mine = Object.keys(all).filter((b) => all[b].members.includes(me));
  if (!mine.length) return null;
  const note = offer(view, "send_bloc_note");
  const propose = offer(view, "propose_common_position");
  const naming = offer(view, "name_bloc_speaker");
  const sign = offer(view, "sign_common_position");
  return mine.map((bloc) => {
    const info = all[bloc];
    const notes = notesOf(view, bloc);
    const positions = positionsOf(view, bloc);
    const proposeHere = forBloc(propose, bloc);
    return el("section", { class: "bloc", dataset: { bloc } },
      el("h3", {}, info.name),
      el("p", { class: "small" }, info.coordinator ? t("bloc.coordinator", { name: actorName(view, info.coordinator) }) : t("bloc.any"),
        info.speaker && info.speaker !== info.coordinator ? ` · ${t("bloc.speaker", { name: actorName(view, info.speaker) })}` : ""),
      el("p", { class: "hint" }, t("bloc.secret")),
      el("h4", {}, t("bloc.positions")),
      positions.length ? el("ol", { class: "plain bloc-positions" }, positions.map((p) => positionItem(view, client, p, sign)))
        : el("p", { class: "empty" }, t("bloc.position.none")),
      proposeHere && proposeHere.in_order ? el("details", {}, el("summary", {}, t("bloc.propose.summary")), proposeForm(view, client, bloc, propose)) : null,
      forBloc(naming, bloc) ? nameSpeakerForm(view, client, bloc) : null,
      el("h4", {}, t("bloc.notes")),
      notes.length ? el("ol", { class: "plain bloc-notes" }, notes.map((n) => el("li", { dataset: { blocNote: n.id } },
        el("strong", {}, actorName(view, n.sender)), ": ", n.text)))
        : el("p", { class: "empty" }, t("bloc.notes.none")),
      noteForm(view, client, bloc, forBloc(note, bloc)));
  });
}

/** "Speak on behalf of <group>" buttons, for the groups the seat may speak for now. */
export function behalfButtons(view, client, addSpeaker) {
  const groups = (addSpeaker?.on_behalf_of || []).filter((b) => b.in_order);
  return groups.map((b) => el("button", { type: "button", class: "secondary", id: `add-me-for-${b.bloc}`, dataset: { behalf: b.bloc },
    onclick: () => client.send("add_speaker", { on_behalf_of: b.bloc }).then((ok) => ok && announce(t("floor.added"))) },
  t("floor.behalf", { bloc: view.world?.blocs?.[b.bloc]?.name || b.bloc })));
}

/** The actor's own levers (scenario `actions:`), each with whether it is in order. */
export function leversPanel(view, client) {
  const levers = offer(view, "take_action");
  if (!levers) return null;
  return el("ul", { class: "plain levers" }, levers.actions.map((lever) => {
    // A name_blocker lever names one delegation: its offer lists whom it may name.
    const pickId = `lever-target-${lever.action_id}`;
    const pick = lever.targets?.length ? el("select", { id: pickId, "data-focus-id": pickId },
      lever.targets.map((actor) => el("option", { value: actor }, actorName(view, actor)))) : null;
    const fields = () => ({ action_id: lever.action_id, ...(pick ? { target: pick.value } : {}) });
    return el("li", { dataset: { lever: lever.action_id } },
      pick && lever.in_order ? [el("label", { for: pickId }, t("lever.target")), " ", pick, " "] : null,
      el("button", { type: "button", class: "small", id: `lever-${lever.action_id}`, disabled: !lever.in_order,
        onclick: () => client.send("take_action", fields()).then((ok) => ok && announce(t("lever.used", { title: lever.title }))) },
      lever.title),
      lever.in_order ? null : el("span", { class: "explain" }, why(lever)));
  }));
}

function answerOf(view, scope) {
  return view.world?.consent_limited?.[scope] || null;
}

/** Consent clause by clause and provider by provider, for the state a draft acts in; a consent
 * given can be withdrawn (decide_consent given: false), which stops the clause next round. */
export function consentByClause(view, client, draft) {
  const me = view.me?.id;
  const asked = (draft.clauses || []).filter((c) => (c.requires_consent_of || []).includes(me));
  if (!asked.length || !["working", "introduced", "adopted"].includes(draft.status)) return null;
  const providers = view.world?.providers || {};
  const rows = asked.map((clause) => {
    const ref = `${draft.id}/${clause.id}`;
    const answer = answerOf(view, `${me}:${ref}`);
    return el("li", { dataset: { consentClause: ref } },
      el("span", {}, ref), " ",
      answer ? el("span", { class: ["badge", answer.given ? "ok" : "bad"] }, t(answer.given ? "consent.status.given" : "consent.status.refused")) : null, " ",
      answer?.given
        ? el("button", { type: "button", class: "danger small", id: `withdraw-${draft.id}-${clause.id}`, onclick: () => client.send("decide_consent", { given: false, clause: ref }) }, t("consent.clause.withdraw", { clause: ref }))
        : [el("button", { type: "button", class: "ok small", id: `consent-${draft.id}-${clause.id}`, onclick: () => client.send("decide_consent", { given: true, clause: ref }) }, t("consent.clause.give", { clause: ref })),
          el("button", { type: "button", class: "secondary small", id: `refuse-${draft.id}-${clause.id}`, onclick: () => client.send("decide_consent", { given: false, clause: ref }) }, t("consent.clause.refuse", { clause: ref }))]);
  });
  const named = [...new Set(asked.map((c) => providers[`${draft.id}/${c.id}`]).filter(Boolean))];
  const byProvider = named.map((provider) => {
    const answer = answerOf(view, `${me}@${provider}`);
    return el("li", { dataset: { consentProvider: provider } },
      answer ? el("span", { class: ["badge", answer.given ? "ok" : "bad"] }, t(answer.given ? "consent.status.given" : "consent.status.refused")) : null, " ",
      answer?.given
        ? el("button", { type: "button", class: "danger small", id: `withdraw-provider-${provider}`, onclick: () => client.send("decide_consent", { given: false, provider }) }, t("consent.provider.withdraw", { name: actorName(view, provider) }))
        : el("button", { type: "button", class: "ok small", id: `consent-provider-${provider}`, onclick: () => client.send("decide_consent", { given: true, provider }) }, t("consent.provider.give", { name: actorName(view, provider) })));
  });
  return el("details", { class: "consent-detail", dataset: { consentDraft: draft.id, focusId: `consent-${draft.id}` } },
    el("summary", {}, t("consent.detail", { draft: draft.id })),
    el("p", { class: "hint" }, t("consent.detail.hint")),
    el("ul", { class: "plain" }, rows, byProvider));
}
