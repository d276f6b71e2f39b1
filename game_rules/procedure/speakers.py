"""The floor: the speakers list, yields, right of reply, points and caucuses."""

from __future__ import annotations

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.procedure.quotas import require_quota
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.rules_of_procedure import PointKind
from game_rules.session.state import (
    CHAIR,
    SYSTEM,
    FloorKind,
    Point,
    ReplyRequest,
    Ruling,
    SessionState,
)
from game_rules.session.turn import (
    Turn,
    name,
    remaining_floor_time,
    require_chair,
    require_debate,
    require_delegation,
    require_known,
    require_meeting_open,
    require_no_vote,
    require_present,
)

POINT_NAMES: dict[str, str] = {
    "personal_privilege": "point of personal privilege",
    "order": "point of order",
    "parliamentary_inquiry": "point of parliamentary inquiry",
}


def check_add_speaker(state: SessionState, actor: str, member: str) -> None:
    is_chair = actor in (CHAIR, SYSTEM)
    if not is_chair:
        require_delegation(state, actor, "join the speakers list")
        if member != actor:
            raise NotPermitted("You can only add your own delegation to the speakers list.")
    require_known(state, member)
    require_present(state, member)
    require_debate(state, "add speakers")
    if state.agenda_item is None:
        raise NotInOrder("There is no speakers list yet: the agenda has not been set.")
    if state.speakers_closed:
        raise NotInOrder("The speakers list is closed (GA rule 73): no names can be added.")
    if member in state.speakers:
        raise NotInOrder(f"{name(state, member)} is already on the speakers list.")


def add_speaker(turn: Turn, command: cmd.AddSpeaker) -> None:
    member = command.member or turn.actor
    check_add_speaker(turn.state, turn.actor, member)
    turn.emit(ev.SpeakerAdded(at=turn.now, member=member))


def remove_speaker(turn: Turn, command: cmd.RemoveSpeaker) -> None:
    member = command.member or turn.actor
    if turn.actor not in (CHAIR, SYSTEM) and member != turn.actor:
        raise NotPermitted("You can only take your own delegation off the speakers list.")
    if member not in turn.state.speakers:
        raise NotInOrder(f"{name(turn.state, member)} is not on the speakers list.")
    turn.emit(ev.SpeakerRemoved(at=turn.now, member=member))


def check_floor_free(state: SessionState) -> None:
    if state.floor is not None:
        raise NotInOrder(
            f"{name(state, state.floor.speaker)} still has the floor. End that speech first."
        )


def recognize_speaker(turn: Turn, command: cmd.RecognizeSpeaker) -> None:
    state = turn.state
    require_chair(state, turn.actor, "give the floor")
    require_meeting_open(state)
    require_no_vote(state)
    check_floor_free(state)
    if state.caucus is not None and state.caucus.kind == "unmoderated":
        raise NotInOrder("The committee is in an unmoderated caucus: there is no floor to give.")
    if command.member is None:
        if state.voting is not None:
            raise NotInOrder("The speakers list is closed during voting procedure.")
        if state.caucus is not None:
            raise NotInOrder("In a moderated caucus, name the delegation you call on.")
        if not state.speakers:
            raise NotInOrder("The speakers list is empty.")
        speaker = state.speakers[0]
        turn.emit(
            ev.FloorGiven(
                at=turn.now,
                speaker=speaker,
                kind="speech",
                seconds=state.speaking_time,
                from_list=True,
            )
        )
        return
    require_known(state, command.member)
    require_present(state, command.member)
    kind: FloorKind = "other"
    seconds = state.speaking_time
    if state.caucus is not None:
        kind = "caucus"
        seconds = state.caucus.speaker_time or seconds
    elif any(m.status == "entertained" for m in state.motions):
        kind = "motion_debate"
    elif state.voting is not None or (
        state.results and command.member in state.results[-1].with_rights
    ):
        kind = "explanation"
    turn.emit(
        ev.FloorGiven(
            at=turn.now, speaker=command.member, kind=kind, seconds=seconds, may_yield=False
        )
    )


def yield_floor(turn: Turn, command: cmd.YieldFloor) -> None:
    """NMUN rules of procedure: yield to another delegate (who may not yield again), to
    questions, or to the chair."""
    state = turn.state
    floor = state.floor
    if floor is None or floor.speaker != turn.actor:
        raise NotInOrder("You can only yield while you have the floor.")
    if not floor.may_yield:
        reason = (
            "the time was yielded to you, and a delegate who receives a yield cannot yield again"
            if floor.yielded_by
            else "yields are only in order in speeches from the speakers list"
        )
        raise NotInOrder(f"You cannot yield: {reason}.")
    if command.to == "chair":
        turn.emit(ev.FloorEnded(at=turn.now, speaker=turn.actor, reason="yielded_to_chair"))
    elif command.to == "questions":
        turn.emit(ev.FloorYieldedToQuestions(at=turn.now, speaker=turn.actor))
    else:
        if command.delegate is None:
            raise NotInOrder("Say which delegation you yield your time to.")
        if command.delegate == turn.actor:
            raise NotInOrder("You cannot yield the floor to yourself.")
        require_known(state, command.delegate)
        require_present(state, command.delegate)
        remaining = remaining_floor_time(state, turn.now)
        if remaining <= 0:
            raise NotInOrder("Your time is up: there is no time left to yield.")
        turn.emit(ev.FloorEnded(at=turn.now, speaker=turn.actor, reason="yielded"))
        turn.emit(
            ev.FloorGiven(
                at=turn.now,
                speaker=command.delegate,
                kind="yield",
                seconds=remaining,
                may_yield=False,
                yielded_by=turn.actor,
            )
        )


def recognize_questioner(turn: Turn, command: cmd.RecognizeQuestioner) -> None:
    state = turn.state
    require_chair(state, turn.actor, "call on a questioner")
    if state.floor is None or not state.floor.answering_questions:
        raise NotInOrder("The speaker has not yielded to questions.")
    if command.member == state.floor.speaker:
        raise NotInOrder("The speaker cannot ask themselves a question.")
    require_known(state, command.member)
    require_present(state, command.member)
    turn.emit(ev.QuestionerRecognized(at=turn.now, member=command.member))


def end_speech(turn: Turn, command: cmd.EndSpeech) -> None:
    floor = turn.state.floor
    if floor is None:
        raise NotInOrder("Nobody has the floor.")
    if turn.actor in (CHAIR, SYSTEM):
        reason = "cut_off"
    elif turn.actor == floor.speaker:
        reason = "finished"
    else:
        raise NotPermitted("Only the speaker or the chair can end a speech.")
    turn.emit(ev.FloorEnded(at=turn.now, speaker=floor.speaker, reason=reason))


def check_right_of_reply(state: SessionState, actor: str) -> None:
    require_delegation(state, actor, "ask for a right of reply")
    require_present(state, actor)
    require_meeting_open(state)
    require_no_vote(state)
    if (
        state.floor is not None
        and state.floor.kind == "reply"
        and not (state.procedure.right_of_reply_to_reply)
    ):
        raise NotInOrder("There is no right of reply to a right of reply.")
    if any(r.member == actor for r in state.reply_requests):
        raise NotInOrder("You have already asked for a right of reply; the chair will decide.")


def request_right_of_reply(turn: Turn, command: cmd.RequestRightOfReply) -> None:
    """GA rule 73 / 115: granted at the chair's discretion."""
    check_right_of_reply(turn.state, turn.actor)
    request = ReplyRequest(
        id=turn.new_id("Q"), member=turn.actor, reason=command.reason, at=turn.now
    )
    turn.emit(ev.RightOfReplyRequested(at=turn.now, request=request))


def rule_on_right_of_reply(turn: Turn, command: cmd.RuleOnRightOfReply) -> None:
    state = turn.state
    require_chair(state, turn.actor, "grant a right of reply")
    request = next((r for r in state.reply_requests if r.id == command.request_id), None)
    if request is None:
        raise NotInOrder(f"There is no pending request {command.request_id}.")
    if command.granted:
        require_meeting_open(state)
        require_no_vote(state)
        check_floor_free(state)
    turn.emit(
        ev.RightOfReplyRuled(
            at=turn.now, request_id=request.id, member=request.member, granted=command.granted
        )
    )
    if command.granted:
        turn.emit(
            ev.FloorGiven(
                at=turn.now,
                speaker=request.member,
                kind="reply",
                seconds=state.procedure.reply_time,
                may_yield=False,
            )
        )


def check_point_in_order(state: SessionState, actor: str, kind: PointKind) -> None:
    spec = state.procedure.points.get(kind)
    label = POINT_NAMES[kind]
    if spec is None or not spec.enabled:
        raise NotInOrder(f"This forum does not use the {label}.")
    require_delegation(state, actor, f"raise a {label}")
    require_present(state, actor)
    require_quota(state, actor, "pending_points")
    if state.meeting == "adjourned":
        raise NotInOrder("The meeting is adjourned.")
    if state.vote is not None and kind != "order":
        raise NotInOrder(
            "During a vote only a point of order about the conduct of the vote is in order "
            "(GA rule 88)."
        )
    if state.voting is not None and not spec.in_voting_procedure:
        raise NotInOrder(f"A {label} is not in order during voting procedure.")
    floor = state.floor
    if floor is not None and floor.speaker != actor and not spec.may_interrupt:
        raise NotInOrder(
            f"A {label} may not interrupt a speaker. Wait until "
            f"{name(state, floor.speaker)} has finished."
        )
    if any(p.actor == actor and p.kind == kind for p in state.points):
        raise NotInOrder(f"Your {label} is still waiting for the chair.")


def raise_point(turn: Turn, command: cmd.RaisePoint) -> None:
    state = turn.state
    check_point_in_order(state, turn.actor, command.kind)
    interrupted = (
        state.floor.speaker
        if state.floor is not None and state.floor.speaker != turn.actor
        else None
    )
    point = Point(
        id=turn.new_id("P"),
        kind=command.kind,
        actor=turn.actor,
        text=command.text,
        raised_at=turn.now,
        interrupted=interrupted,
    )
    turn.emit(ev.PointRaised(at=turn.now, point=point))


def rule_on_point(turn: Turn, command: cmd.RuleOnPoint) -> None:
    state = turn.state
    require_chair(state, turn.actor, "rule on a point")
    point = next((p for p in state.points if p.id == command.point_id), None)
    if point is None:
        raise NotInOrder(f"There is no pending point {command.point_id}.")
    ruling = Ruling(
        id=turn.new_id("R"),
        text=command.ruling,
        about=f"{POINT_NAMES[point.kind]} raised by {name(state, point.actor)}",
        at=turn.now,
    )
    turn.emit(ev.PointRuled(at=turn.now, point_id=point.id, ruling=ruling))


def end_caucus(turn: Turn, command: cmd.EndCaucus) -> None:
    require_chair(turn.state, turn.actor, "end a caucus early")
    if turn.state.caucus is None:
        raise NotInOrder("There is no caucus to end.")
    turn.emit(ev.CaucusEnded(at=turn.now, reason="ended_by_chair"))
