"""The live-session engine: ``apply(state, command) -> (state, events)``.

``apply`` validates the command, produces events and folds each with :func:`evolve` as it is
produced, so folding a session's events from its initial state (:func:`replay`) rebuilds the
same state by construction. Time is only ever the command's ``now``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from game_rules.errors import RuleViolation
from game_rules.procedure import (
    chair_controls,
    double_veto,
    drafts,
    meeting,
    motions,
    speakers,
    voting,
)
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.fold import evolve
from game_rules.session.state import Draft, SessionSetup, SessionState
from game_rules.session.turn import Turn
from game_rules.world.consequences import GAME_HANDLERS, follow_up
from game_rules.world.drift import next_world_deadline
from game_rules.world.narratives import tag_frame
from game_rules.world.press import check_press_seat

__all__ = [
    "apply",
    "evolve",
    "new_session",
    "next_deadline",
    "procedure_deadline",
    "replay",
]


def new_session(setup: SessionSetup, now: float = 0.0) -> SessionState:
    """The state of a session that opens at ``now``: nobody recorded present yet."""
    drafts_at_start = tuple(
        Draft(
            id=spec.id,
            title=spec.title,
            agenda_item=spec.agenda_item,
            sponsors=spec.sponsors,
            signatories=spec.signatories,
            clauses=spec.clauses,
            rule=spec.rule,
            parties=spec.parties,
            chapter_vii=spec.chapter_vii,
            status="introduced" if spec.introduced else "working",
            submitted_at=now,
            scripted=True,
            i18n=spec.i18n,
        )
        for spec in setup.drafts
    )
    return SessionState(
        setup=setup,
        started_at=now,
        last_event_at=now,
        agenda_item=setup.agenda_item,
        speaking_time=setup.procedure.speaking_time,
        drafts=drafts_at_start,
        world=setup.world,
    )


def next_deadline(state: SessionState) -> float | None:
    """When the next timer runs out (the app schedules a ``tick`` then); None while paused.

    Procedure timers and the game layer's (drift rounds, scripted events at minute T)."""
    if state.paused_at is not None:
        return None
    times = [t for t in (procedure_deadline(state), next_world_deadline(state)) if t is not None]
    return min(times) if times else None


def procedure_deadline(state: SessionState) -> float | None:
    """The next procedure timer: speech, caucus, suspension or vote."""
    if state.paused_at is not None:
        return None
    deadlines = [
        state.floor.deadline if state.floor is not None else None,
        state.caucus.deadline if state.caucus is not None else None,
        state.suspension_deadline,
        state.vote.deadline if state.vote is not None else None,
    ]
    present = [d for d in deadlines if d is not None]
    return min(present) if present else None


def tick(turn: Turn, command: cmd.Tick) -> None:
    """Every deadline that has passed takes effect, earliest first."""
    while True:
        state = turn.state
        deadline = procedure_deadline(state)
        if deadline is None or deadline > turn.now:
            return
        if state.vote is not None and state.vote.deadline == deadline:
            voting.close_open_vote(turn)
        elif state.floor is not None and state.floor.deadline == deadline:
            turn.emit(ev.FloorEnded(at=turn.now, speaker=state.floor.speaker, reason="time_up"))
        elif state.caucus is not None and state.caucus.deadline == deadline:
            turn.emit(ev.CaucusEnded(at=turn.now, reason="time_up"))
        else:
            turn.emit(ev.MeetingResumed(at=turn.now))


Handler = Callable[[Turn, Any], None]

HANDLERS: dict[type[Any], Handler] = {
    cmd.RecordAttendance: meeting.record_attendance,
    cmd.OpenMeeting: meeting.open_meeting,
    cmd.ResumeMeeting: meeting.resume_meeting,
    cmd.PauseClock: meeting.pause_clock,
    cmd.ResumeClock: meeting.resume_clock,
    cmd.Tick: tick,
    cmd.SetAgenda: meeting.set_agenda,
    cmd.SetSpeakingTime: meeting.set_speaking_time,
    cmd.SendNote: meeting.send_note,
    cmd.ModerateNote: meeting.moderate_note,
    cmd.AddSpeaker: speakers.add_speaker,
    cmd.RemoveSpeaker: speakers.remove_speaker,
    cmd.RecognizeSpeaker: speakers.recognize_speaker,
    cmd.YieldFloor: speakers.yield_floor,
    cmd.RecognizeQuestioner: speakers.recognize_questioner,
    cmd.EndSpeech: speakers.end_speech,
    cmd.RequestRightOfReply: speakers.request_right_of_reply,
    cmd.RuleOnRightOfReply: speakers.rule_on_right_of_reply,
    cmd.EndCaucus: speakers.end_caucus,
    cmd.ExtendTime: chair_controls.extend_time,
    cmd.RuleAmendmentFriendly: chair_controls.rule_amendment_friendly,
    cmd.OrderAmendments: chair_controls.order_amendments,
    cmd.RaisePoint: speakers.raise_point,
    cmd.RuleOnPoint: speakers.rule_on_point,
    cmd.ProposeMotion: motions.propose_motion,
    cmd.WithdrawMotion: motions.withdraw_motion,
    cmd.ObjectToMotion: motions.object_to_motion,
    cmd.ContestProcedural: double_veto.contest_procedural,
    cmd.EntertainMotion: motions.entertain_motion,
    cmd.RuleMotionOutOfOrder: motions.rule_motion_out_of_order,
    cmd.SubmitDraft: drafts.submit_draft,
    cmd.SignDraft: drafts.sign_draft,
    cmd.UnsignDraft: drafts.unsign_draft,
    cmd.IntroduceDraft: drafts.introduce_draft,
    cmd.WithdrawDraft: drafts.withdraw_draft,
    cmd.ProposeAmendment: drafts.propose_amendment,
    cmd.AcceptAmendment: drafts.accept_amendment,
    cmd.DeclineAmendment: drafts.decline_amendment,
    cmd.WithdrawAmendment: drafts.withdraw_amendment,
    cmd.RequestRollCall: voting.request_roll_call,
    cmd.OpenVote: voting.open_vote,
    cmd.ProposeAdoptionWithoutVote: voting.propose_adoption_without_vote,
    cmd.CastVote: voting.cast_vote,
    cmd.SkipRollCall: voting.skip_roll_call,
    cmd.CloseVote: voting.close_vote,
    cmd.CloseConsultations: voting.close_consultations,
    **GAME_HANDLERS,
}


def apply(state: SessionState, command: cmd.Command) -> tuple[SessionState, list[ev.Event]]:
    """Validate ``command`` against the forum's rules and return the new state and its events:
    the command's own and its consequences in the world. Seats played by bots do not act here;
    :func:`game_rules.bots.play` is ``apply`` with their turns taken after it.

    Raises :class:`RuleViolation` (``NotInOrder``, ``NotPermitted``...) when the command is not
    allowed; the state is then unchanged.
    """
    handler = HANDLERS.get(type(command))
    if handler is None:
        raise RuleViolation("The engine does not know the command {command}.", command=command.type)
    if command.now < state.last_event_at:
        raise RuleViolation(
            "Commands must arrive in time order: this one is dated before the last event.",
            code="clock_went_back",
        )
    check_press_seat(state, command)
    turn = Turn(state, command.actor, command.now, command.by_student)
    handler(turn, command)
    tag_frame(turn, command)
    follow_up(turn, state, list(turn.events))
    return turn.state, turn.events


def replay(
    start: SessionSetup | SessionState, events: Iterable[ev.Event], *, started_at: float = 0.0
) -> SessionState:
    """Fold ``events`` from an initial state, or from a setup whose session opened at
    ``started_at`` (the ``now`` given to :func:`new_session`)."""
    state = start if isinstance(start, SessionState) else new_session(start, started_at)
    for event in events:
        state = evolve(state, event)
    return state
