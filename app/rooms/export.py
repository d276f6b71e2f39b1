"""The chair's record of a room: every event as JSON, and a Markdown transcript."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.i18n.catalogues import render
from app.models import Room, Seat
from app.rooms.fanout import CommittedEvent
from app.rooms.seat_list import public_seat
from game_rules.engine.narration import Narrator, narrate, result_message
from game_rules.messages import Param, say, sentence
from game_rules.session.events import NoteSent
from game_rules.session.localized import translated
from game_rules.session.state import CHAIR, SessionState

# A recorded vote as the transcript's table shows it (each a catalogue entry).
VOTE_CELLS = {
    "yes": "yes",
    "no": "no",
    "abstain": "abstain",
    "pass": "pass",
    "yes_with_rights": "yes, with the right to explain",
    "no_with_rights": "no, with the right to explain",
}


def export_record(
    room: Room,
    seats: Sequence[Seat],
    events: Sequence[CommittedEvent],
    state: SessionState,
    seq: int,
) -> dict[str, Any]:
    from game_rules.engine.views import private_view, public_view, view_event

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
        # The chair's copy: each event as the chair may see it (a group's channel is left out
        # unless the scenario lets the chair read it).
        "events": [
            {"seq": item.seq, **seen}
            for item in events
            if (seen := view_event(item.event, CHAIR)) is not None
        ],
        "final_state": {**public_view(state), "me": private_view(state, CHAIR)},
    }


def export_markdown(
    room: Room,
    seats: Sequence[Seat],
    events: Sequence[CommittedEvent],
    state: SessionState,
    *,
    include_notes: bool,
    lang: str = "en",
) -> str:
    """The room's record in Markdown, in ``lang`` (one of app.i18n.LANGUAGES)."""
    setup = state.setup

    def tr(text: str, **params: Param) -> str:
        return render(say(text, **params), lang)

    names = {seat.actor: seat.actor_name for seat in seats}

    def name(actor: str) -> str:
        return names.get(actor) or setup.name_of(actor)

    def clock(at: float) -> str:
        elapsed = max(0, int(at - state.started_at))
        return f"{elapsed // 3600:d}:{elapsed // 60 % 60:02d}:{elapsed % 60:02d}"

    lines = [
        f"# {room.title}",
        "",
        "- " + tr("Room: `{code}` — forum: {forum}", code=room.code, forum=setup.forum_name),
        "- " + tr("Scenario: `{scenario}`", scenario=room.scenario_id),
        "- " + tr("Events recorded: {count}", count=len(events)),
        "",
        "## " + tr("Delegations"),
        "",
        f"| {tr('seat')} | {tr('delegation')} | {tr('student')} | |",
        "| --- | --- | --- | --- |",
    ]
    for seat in seats:
        student = _cell(seat.display_name or "")
        lines.append(f"| {seat.actor} | {_cell(seat.actor_name)} | {student} | {seat.kind} |")
    lines += ["", "## " + tr("Transcript"), ""]
    for item in events:
        if item.is_note and not include_notes:
            continue
        # Each event in the narration's words, against the state it was committed in (the
        # names and titles as they then were); the chair's record, so nothing is redacted.
        message = narrate(item.event, item.state or state, CHAIR)
        if message is None:
            continue
        line = _inline(render(message, lang))
        if isinstance(item.event, NoteSent):
            # The narration names sender and recipients; the record asked for notes holds the text.
            line = f"{line} “{_inline(item.event.note.text)}”"
        lines.append(f"- `{clock(item.event.at)}` {line}")
    adopted = [draft for draft in state.drafts if draft.status == "adopted"]
    if adopted:
        lines += ["", "## " + tr("Adopted resolutions"), ""]
        for draft in adopted:
            sponsors = ", ".join(name(sponsor) for sponsor in draft.sponsors)
            title = translated(draft.i18n, lang, "title", draft.title)
            lines += [f"### {draft.id} — {_inline(title)}", ""]
            lines += [tr("Sponsors: {sponsors}", sponsors=sponsors), ""]
            # The final text, amendments incorporated, each clause under the id delegates cite;
            # the scenario's own wording in the transcript's language where it gives one.
            lines += [
                f"- **{clause.id}** {_inline(translated(clause.i18n, lang, 'text', clause.text))}"
                for clause in draft.clauses
            ]
            lines.append("")
    results = [result for result in state.results]
    if results:
        lines += ["", "## " + tr("Votes"), ""]
        for result in results:
            said = sentence(render(result_message(Narrator(state, CHAIR), result), lang))
            title = sentence(render(result.title_say, lang)) if result.title_say else result.title
            lines += [f"### {_inline(title)}", "", _inline(said), ""]
            if result.choices:
                lines += [f"| {tr('delegation')} | {tr('vote')} |", "| --- | --- |"]
                lines += [
                    f"| {_cell(name(voter))} | {tr(VOTE_CELLS.get(choice, choice))} |"
                    for voter, choice in result.choices.items()
                ]
                lines.append("")
            elif result.secret:
                lines += [tr("Secret ballot: individual votes are not recorded."), ""]
    return "\n".join(lines).rstrip() + "\n"


def _inline(text: str) -> str:
    return " ".join(str(text).split())


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")
