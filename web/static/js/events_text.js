// One readable line per engine event (game_rules/events.py), for the activity log.
// Returns null for events not worth a line.

import { t } from "./i18n.js";
import { actorName } from "./room.js";

function motionLabel(kind) {
  return t(`motion.${kind}`) === `motion.${kind}` ? String(kind).replace(/_/g, " ") : t(`motion.${kind}`);
}

export function describeEvent(event, view) {
  const name = (id) => actorName(view, id);
  const draftTitle = (id) => (view?.drafts || []).find((d) => d.id === id)?.title || id;
  switch (event.type) {
    case "attendance_recorded": return t(`log.attendance.${event.status}`, { name: name(event.member) });
    case "meeting_opened": return t("log.meeting_opened");
    case "meeting_suspended": return t("log.meeting_suspended");
    case "meeting_resumed": return t("log.meeting_resumed");
    case "meeting_adjourned": return t("log.meeting_adjourned");
    case "clock_paused": return t("log.clock_paused");
    case "clock_resumed": return t("log.clock_resumed");
    case "time_extended": return t(`log.time_extended.${event.timer}`, { seconds: Math.round(event.seconds) });
    case "agenda_set": return t("log.agenda_set", { item: (view?.agenda || view?.setup?.agenda || []).find((a) => a.id === event.item)?.title || event.item });
    case "speaking_time_set": return t("log.speaking_time_set", { seconds: Math.round(event.seconds) });
    case "speaker_added": return t("log.speaker_added", { name: name(event.member) });
    case "speaker_removed": return t("log.speaker_removed", { name: name(event.member) });
    case "speakers_list_closed": return t("log.speakers_list_closed");
    case "floor_given": return event.yielded_by
      ? t("log.floor_yielded", { name: name(event.speaker), by: name(event.yielded_by) })
      : t("log.floor_given", { name: name(event.speaker) });
    case "floor_yielded_to_questions": return t("log.floor_questions", { name: name(event.speaker) });
    case "questioner_recognized": return t("log.questioner", { name: name(event.member) });
    case "floor_ended": return t(`log.floor_ended.${event.reason}`, { name: name(event.speaker) });
    case "right_of_reply_requested": return t("log.reply_requested", { name: name(event.request?.member) });
    case "right_of_reply_ruled": return t(event.granted ? "log.reply_granted" : "log.reply_refused", { name: name(event.member) });
    case "point_raised": return t("log.point_raised", { name: name(event.point?.actor), kind: t(`point.${event.point?.kind}`) });
    case "point_ruled": return t("log.point_ruled", { ruling: event.ruling?.text || "" });
    case "motion_proposed": return t("log.motion_proposed", { name: name(event.motion?.mover), motion: motionLabel(event.motion?.kind) });
    case "motion_withdrawn": return t("log.motion_withdrawn");
    case "motion_objected": return t("log.motion_objected", { name: name(event.member) });
    case "motion_entertained": return t("log.motion_entertained");
    case "motion_ruled_out_of_order": return t("log.motion_out_of_order", { reason: event.ruling?.text || "" });
    case "motion_decided": return t("log.motion_decided", { motion: motionLabel(event.kind), reason: event.reason || "" });
    case "motion_reinstated": return t("log.motion_reinstated", { motion: motionLabel(event.motion?.kind) });
    case "procedural_character_contested": return event.by === "chair" ? t("log.procedural_contested.chair") : t("log.procedural_contested", { name: name(event.by) });
    case "preliminary_question_decided": return t(`log.preliminary_decided.${event.classification}`, { reason: event.reason || "" });
    case "caucus_started": return t(`log.caucus_started.${event.caucus?.kind}`);
    case "caucus_ended": return t("log.caucus_ended");
    case "debate_adjourned": return t("log.debate_adjourned");
    case "voting_procedure_started": return t("log.voting_procedure_started");
    case "voting_procedure_ended": return t("log.voting_procedure_ended");
    case "roll_call_requested": return t("log.roll_call_requested", { name: name(event.member) });
    case "question_divided": return t("log.question_divided", { draft: draftTitle(event.draft_id) });
    case "ruling_overturned": return t("log.ruling_overturned");
    case "reconsideration_opened": return t("log.reconsideration_opened", { draft: draftTitle(event.draft_id) });
    case "draft_submitted": return t("log.draft_submitted", { draft: event.draft?.title || "" });
    case "draft_signed": return t(event.as_sponsor ? "log.draft_sponsored" : "log.draft_signed", { name: name(event.signer), draft: draftTitle(event.draft_id) });
    case "draft_unsigned": return t("log.draft_unsigned", { name: name(event.signer), draft: draftTitle(event.draft_id) });
    case "draft_introduced": return t("log.draft_introduced", { draft: draftTitle(event.draft_id) });
    case "draft_withdrawn": return t("log.draft_withdrawn", { draft: draftTitle(event.draft_id) });
    case "amendment_submitted": return t(event.amendment?.friendly ? "log.amendment_friendly" : "log.amendment_unfriendly", { name: name(event.amendment?.proposer), draft: draftTitle(event.amendment?.draft_id) });
    case "amendment_accepted": return t("log.amendment_accepted", { name: name(event.sponsor) });
    case "amendment_incorporated": return t("log.amendment_incorporated");
    case "amendment_declined": return t("log.amendment_declined", { name: name(event.by) });
    case "amendment_withdrawn": return t("log.amendment_withdrawn");
    case "amendment_ruled_friendly": return t("log.amendment_ruled_friendly", { id: event.amendment_id });
    case "amendments_ordered": return t("log.amendments_ordered", { draft: draftTitle(event.draft_id), order: (event.order || []).join(", ") });
    case "amendment_decided": return t(event.adopted ? "log.amendment_adopted" : "log.amendment_rejected");
    case "division_part_decided": return t(event.adopted ? "log.part_adopted" : "log.part_rejected", { part: event.part, draft: draftTitle(event.draft_id) });
    case "draft_decided": return t("log.draft_decided", { draft: draftTitle(event.draft_id), reason: event.reason || "" });
    case "vote_opened": return t("log.vote_opened", { title: event.vote?.title || "" });
    case "ballot_cast": return event.choice
      ? t("log.ballot_cast_choice", { name: name(event.voter), choice: t(`choice.${event.choice}`) })
      : t("log.ballot_cast", { name: name(event.voter) });
    case "roll_call_skipped": return t("log.roll_call_skipped", { name: name(event.voter) });
    case "vote_closed": return t("log.vote_closed", { title: event.result?.title || "", reason: event.result?.reason || "" });
    case "consensus_not_reached": return t("log.consensus_not_reached", { names: (event.objectors || []).map(name).join(", ") });
    case "note_sent": return event.note ? t("log.note_sent", { name: name(event.note.sender), to: (event.note.recipients || []).map(name).join(", ") }) : null;
    case "note_moderated": return t(event.approved ? "log.note_approved" : "log.note_rejected", { name: name(event.sender) });
    case "news_published": return t("log.news", { headline: event.news?.headline || "" });
    case "scripted_event_fired": return t("log.scripted_event_fired", { title: event.title || "" });
    case "indicator_changed": return t("log.indicator_changed", {
      place: view?.world?.place_names?.[event.place] || name(event.place), dimension: t(`dimension.${event.dimension}`),
      before: Math.round(event.before), after: Math.round(event.after), cause: event.cause?.text || "" });
    case "trust_changed": return t("log.trust_changed", { a: name(event.between?.[0]), b: name(event.between?.[1]), before: Math.round(event.before), after: Math.round(event.after), cause: event.cause?.text || "" });
    case "status_changed": return t(event.active ? "log.status_set" : "log.status_cleared", { name: name(event.actor), label: event.label || event.status });
    case "consent_decided": return t(event.given ? "log.consent_given" : "log.consent_refused", { name: name(event.state) });
    case "effect_withheld": return t("log.effect_withheld", { draft: event.draft_id, clause: event.clause_id, reason: event.reason || "" });
    case "withheld_released": return t("log.withheld_released", { draft: event.draft_id, clause: event.clause_id });
    case "pledge_made": return t("log.pledge_made", { name: name(event.pledge?.pledger), to: name(event.pledge?.recipient), choice: t(`choice.${event.pledge?.choice}`), draft: event.pledge?.draft_id || "" });
    case "pledge_resolved": return t(event.kept ? "log.pledge_kept" : "log.pledge_broken", { name: name(event.pledger), to: name(event.recipient) });
    case "agenda_item_revealed": return t("log.agenda_item_revealed", { title: event.title || event.item });
    case "seat_changed": return t(`log.seat_changed.${event.becomes}`, { name: name(event.actor), cause: (event.cause && event.cause.text) || "" });
    case "round_ended": return t("log.round_ended", { round: event.round });
    case "bot_seat_assigned": return t("log.bot_seat_assigned", { name: name(event.seat) });
    case "bot_seat_released": return t("log.bot_seat_released", { name: name(event.seat) });
    default: return null;
  }
}
