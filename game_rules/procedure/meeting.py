"""Attendance, the meeting, the clock, the agenda and private notes."""

from __future__ import annotations

from game_rules.errors import NotInOrder, NotPermitted, TextTooLong
from game_rules.messages import say
from game_rules.procedure.quotas import QuotaKind, require_quota
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.state import CHAIR, SYSTEM, Note, SessionState
from game_rules.session.turn import (
    Turn,
    require_chair,
    require_delegation,
    require_known,
    require_meeting_open,
    require_no_vote,
    who,
)
from game_rules.session.wording import status_word


def record_attendance(turn: Turn, command: cmd.RecordAttendance) -> None:
    """GA rule 86 / NMUN roll call: present, or present and voting."""
    state = turn.state
    delegation = require_known(state, command.member)
    is_chair = turn.actor in (CHAIR, SYSTEM)
    if not is_chair and turn.actor != command.member:
        raise NotPermitted("You can only answer the roll call for your own delegation.")
    if command.status == "present_and_voting" and not state.setup.is_member(delegation.id):
        raise NotInOrder(
            "{member} is an observer and does not vote: answer 'present' instead.",
            member=delegation.name,
        )
    current = state.attendance.get(command.member, "absent")
    if current == command.status:
        raise NotInOrder(
            "{member} is already recorded as {status}.",
            member=delegation.name,
            status=status_word(current),
        )
    if not is_chair and current == "present_and_voting":
        raise NotInOrder(
            "Your delegation declared itself present and voting; it cannot change that "
            "declaration during the session. Ask the chair if this was a mistake."
        )
    turn.emit(
        ev.AttendanceRecorded(
            at=turn.now, member=command.member, status=command.status, by=turn.actor
        )
    )


def check_open_meeting(state: SessionState, command: cmd.OpenMeeting) -> None:
    require_chair(state, command.actor, "open a meeting")
    if state.meeting != "adjourned":
        raise NotInOrder(
            "The meeting is already open."
            if state.meeting == "open"
            else "The meeting is suspended: resume it instead."
        )


def open_meeting(turn: Turn, command: cmd.OpenMeeting) -> None:
    check_open_meeting(turn.state, command)
    turn.emit(ev.MeetingOpened(at=turn.now))


def check_resume_meeting(state: SessionState, command: cmd.ResumeMeeting) -> None:
    require_chair(state, command.actor, "resume the meeting")
    if state.meeting != "suspended":
        raise NotInOrder("The meeting is not suspended.")


def resume_meeting(turn: Turn, command: cmd.ResumeMeeting) -> None:
    check_resume_meeting(turn.state, command)
    turn.emit(ev.MeetingResumed(at=turn.now))


def check_pause_clock(state: SessionState, command: cmd.PauseClock) -> None:
    require_chair(state, command.actor, "pause the clock")
    if state.paused_at is not None:
        raise NotInOrder("The clock is already paused.")


def pause_clock(turn: Turn, command: cmd.PauseClock) -> None:
    check_pause_clock(turn.state, command)
    turn.emit(ev.ClockPaused(at=turn.now))


def check_resume_clock(state: SessionState, command: cmd.ResumeClock) -> float:
    """When the clock was paused."""
    require_chair(state, command.actor, "restart the clock")
    if state.paused_at is None:
        raise NotInOrder("The clock is not paused.")
    return state.paused_at


def resume_clock(turn: Turn, command: cmd.ResumeClock) -> None:
    paused_at = check_resume_clock(turn.state, command)
    turn.emit(ev.ClockResumed(at=turn.now, paused_for=max(0.0, turn.now - paused_at)))


def check_agenda_item(state: SessionState, item: str | None) -> str:
    if item is None:
        raise NotInOrder("Say which agenda item you mean.")
    known = {i.id: i for i in state.setup.agenda}
    if item not in known:
        listed = ", ".join(known) or say("none")
        raise NotInOrder(
            "'{item}' is not on the agenda (agenda items: {listed}).", item=item, listed=listed
        )
    if item in state.agenda_done:
        raise NotInOrder(
            "The committee has already concluded '{title}'.", title=known[item].title
        )
    if item == state.agenda_item:
        raise NotInOrder("'{title}' is already under discussion.", title=known[item].title)
    return item


def set_agenda(turn: Turn, command: cmd.SetAgenda) -> None:
    state = turn.state
    require_chair(state, turn.actor, "set the agenda directly (delegations move to set it)")
    require_meeting_open(state)
    require_no_vote(state)
    if state.voting is not None:
        raise NotInOrder("The committee is in voting procedure; finish voting first.")
    turn.emit(ev.AgendaSet(at=turn.now, item=check_agenda_item(state, command.item)))


def set_speaking_time(turn: Turn, command: cmd.SetSpeakingTime) -> None:
    require_chair(turn.state, turn.actor, "set the speaking time directly")
    turn.emit(ev.SpeakingTimeSet(at=turn.now, seconds=command.seconds))


def check_note_in_order(
    state: SessionState, actor: str, quota: QuotaKind = "notes"
) -> None:
    """Notes, to delegations or to a negotiating group's channel (``quota: bloc_notes``)."""
    if actor not in (CHAIR, SYSTEM):
        require_delegation(state, actor, "send notes")
    require_quota(state, actor, quota)
    if state.voting is not None and not state.procedure.notes_during_voting:
        raise NotInOrder("Passing notes is suspended during voting procedure.")


def check_note_length(state: SessionState, text: str) -> None:
    limit = state.procedure.note_max_chars
    if len(text) > limit:
        raise TextTooLong(
            "Notes in {forum} can be at most {limit} characters; yours has "
            "{length}. Shorten it, or send it as two notes.",
            forum=state.setup.forum_name,
            limit=limit,
            length=len(text),
        )


def send_note(turn: Turn, command: cmd.SendNote) -> None:
    """Private notes between delegations: only sender, recipients and the chair read them."""
    state = turn.state
    check_note_in_order(state, turn.actor)
    check_note_length(state, command.text)
    recipients: list[str] = []
    for recipient in command.to:
        if recipient != CHAIR:
            require_known(state, recipient)
        if recipient == turn.actor:
            raise NotInOrder("You cannot send a note to yourself.")
        if recipient not in recipients:
            recipients.append(recipient)
    moderated = state.procedure.notes_moderated and turn.actor not in (CHAIR, SYSTEM)
    note = Note(
        id=turn.new_id("N"),
        sender=turn.actor,
        recipients=tuple(recipients),
        text=command.text,
        sent_at=turn.now,
        status="pending" if moderated else "delivered",
    )
    turn.emit(ev.NoteSent(at=turn.now, note=note))


def moderate_note(turn: Turn, command: cmd.ModerateNote) -> None:
    state = turn.state
    require_chair(state, turn.actor, "pass or stop notes")
    note = next((n for n in state.notes if n.id == command.note_id), None)
    if note is None:
        raise NotInOrder("There is no note {note}.", note=command.note_id)
    if note.status != "pending":
        raise NotInOrder(
            "Note {note} from {sender} was already {status}.",
            note=note.id,
            sender=who(state, note.sender),
            status=status_word(note.status),
        )
    moderated = note.model_copy(update={"status": "delivered" if command.approve else "rejected"})
    turn.emit(ev.NoteModerated(at=turn.now, note=moderated, approved=command.approve))
