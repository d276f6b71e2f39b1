"""The chair's record of a room: every event as JSON, and a Markdown transcript."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.models import Room, Seat
from app.rooms.runtime import CommittedEvent, public_seat
from game_rules.session.state import CHAIR, SessionState


def export_record(
    room: Room,
    seats: Sequence[Seat],
    events: Sequence[CommittedEvent],
    state: SessionState,
    seq: int,
) -> dict[str, Any]:
    from game_rules.engine.views import private_view, public_view

    return {
        "format": "plenary-room-export",
        "version": 1,
        "room": {
            "code": room.code,
            "title": room.title,
            "scenario_id": room.scenario_id,
            "forum_id": room.forum_id,
            "created_at": room.created_at,
            "locked": room.locked,
            "closed": room.closed,
        },
        "seats": [public_seat(seat, state) for seat in seats],
        "seq": seq,
        "events": [{"seq": item.seq, **item.event.model_dump(mode="json")} for item in events],
        "final_state": {**public_view(state), "me": private_view(state, CHAIR)},
    }


def export_markdown(
    room: Room,
    seats: Sequence[Seat],
    events: Sequence[CommittedEvent],
    state: SessionState,
    *,
    include_notes: bool,
) -> str:
    setup = state.setup
    names = {seat.actor: seat.actor_name for seat in seats}

    def name(actor: str | None) -> str:
        if actor is None:
            return "—"
        return setup.name_of(actor) if actor not in names else names[actor]

    def clock(at: float) -> str:
        elapsed = max(0, int(at - state.started_at))
        return f"{elapsed // 3600:d}:{elapsed // 60 % 60:02d}:{elapsed % 60:02d}"

    lines = [
        f"# {room.title}",
        "",
        f"- Room: `{room.code}` — forum: {setup.forum_name}",
        f"- Scenario: `{room.scenario_id}`",
        f"- Events recorded: {len(events)}",
        "",
        "## Delegations",
        "",
        "| seat | delegation | student | |",
        "| --- | --- | --- | --- |",
    ]
    for seat in seats:
        student = _cell(seat.display_name or "")
        lines.append(f"| {seat.actor} | {_cell(seat.actor_name)} | {student} | {seat.kind} |")
    lines += ["", "## Transcript", ""]
    for item in events:
        text = _describe(item.event.model_dump(mode="json"), name, include_notes)
        if text:
            lines.append(f"- `{clock(item.event.at)}` {text}")
    results = [result for result in state.results]
    if results:
        lines += ["", "## Votes", ""]
        for result in results:
            verdict = "adopted" if result.adopted else "not adopted"
            tally = ", ".join(f"{choice} {count}" for choice, count in result.tally.items())
            lines += [
                f"### {_inline(result.title)} — {verdict}",
                "",
                f"{_inline(result.reason)} ({tally})",
                "",
            ]
            if result.choices:
                lines += ["| delegation | vote |", "| --- | --- |"]
                lines += [
                    f"| {_cell(name(voter))} | {choice} |"
                    for voter, choice in result.choices.items()
                ]
                lines.append("")
            elif result.secret:
                lines += ["Secret ballot: individual votes are not recorded.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _describe(event: dict[str, Any], name: Any, include_notes: bool) -> str | None:
    kind = event.get("type")
    if kind == "attendance_recorded":
        return f"Roll call: {name(event['member'])} is {str(event['status']).replace('_', ' ')}."
    if kind == "meeting_opened":
        return "The meeting is opened."
    if kind == "meeting_suspended":
        return "The meeting is suspended."
    if kind == "meeting_resumed":
        return "The meeting resumes."
    if kind == "meeting_adjourned":
        return "The meeting is adjourned."
    if kind == "agenda_set":
        return f"Agenda item set: {_inline(event['item'])}."
    if kind == "speaker_added":
        return f"{name(event['member'])} joins the speakers list."
    if kind == "floor_given":
        seconds, kind_of_floor = int(event["seconds"]), event["kind"]
        return f"**{name(event['speaker'])}** has the floor ({seconds} s, {kind_of_floor})."
    if kind == "floor_ended":
        return (
            f"{name(event['speaker'])} yields the floor ({str(event['reason']).replace('_', ' ')})."
        )
    if kind == "point_raised":
        point = event["point"]
        what = _words(point["kind"])
        return f"{name(point['actor'])} raises a point of {what}: {_inline(point.get('text', ''))}"
    if kind == "motion_proposed":
        motion = event["motion"]
        topic = f" — {_inline(motion['topic'])}" if motion.get("topic") else ""
        return f"{name(motion['mover'])} moves: {str(motion['kind']).replace('_', ' ')}{topic}."
    if kind == "motion_decided":
        verdict = "carried" if event["adopted"] else "failed"
        return (
            f"Motion {str(event['kind']).replace('_', ' ')} {verdict}: {_inline(event['reason'])}"
        )
    if kind == "motion_ruled_out_of_order":
        return f"The chair rules a motion out of order: {_inline(event['ruling']['text'])}"
    if kind == "caucus_started":
        caucus = event["caucus"]
        topic = f": {_inline(caucus['topic'])}" if caucus.get("topic") else ""
        return f"{str(caucus['kind']).capitalize()} caucus begins{topic}."
    if kind == "caucus_ended":
        return "The caucus ends."
    if kind == "draft_submitted":
        draft = event["draft"]
        sponsors = ", ".join(name(sponsor) for sponsor in draft["sponsors"])
        return f"Draft **{_inline(draft['title'])}** submitted by {sponsors}."
    if kind == "draft_signed":
        return f"{name(event['signer'])} signs draft {event['draft_id']}."
    if kind == "draft_introduced":
        return f"Draft {event['draft_id']} is introduced."
    if kind == "amendment_submitted":
        amendment = event["amendment"]
        action, draft = amendment["action"], amendment["draft_id"]
        return f"{name(amendment['proposer'])} proposes to {action} a clause of {draft}."
    if kind == "amendment_decided":
        return f"Amendment {event['amendment_id']} {'adopted' if event['adopted'] else 'rejected'}."
    if kind == "vote_opened":
        vote = event["vote"]
        return f"Vote opened on **{_inline(vote['title'])}** ({_words(vote['method'])})."
    if kind == "ballot_cast":
        return f"{name(event['voter'])} votes."
    if kind == "vote_closed":
        result = event["result"]
        tally = ", ".join(f"{choice} {count}" for choice, count in result["tally"].items())
        verdict = "adopted" if result["adopted"] else "not adopted"
        return f"Vote on **{_inline(result['title'])}** closed: {verdict} ({tally})."
    if kind == "draft_decided":
        verdict = "adopted" if event["adopted"] else "not adopted"
        return f"Draft {event['draft_id']} {verdict}: {_inline(event['reason'])}"
    if kind == "note_sent" and include_notes:
        note = event["note"]
        recipients = ", ".join(name(recipient) for recipient in note["recipients"])
        return f"Note from {name(note['sender'])} to {recipients}: “{_inline(note['text'])}”"
    if kind in {"note_sent", "note_moderated", "tick"}:
        return None
    return f"{str(kind).replace('_', ' ').capitalize()}."


def _words(slug: object) -> str:
    return str(slug).replace("_", " ")


def _inline(text: str) -> str:
    return " ".join(str(text).split())


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")
