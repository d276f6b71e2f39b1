"""The floor: the speakers list, yields, right of reply, points and caucuses."""

from __future__ import annotations

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.messages import Message, say
from game_rules.procedure.quotas import require_quota
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.blocs import check_speaks_for
from game_rules.session.rules_of_procedure import PointKind
from game_rules.session.state import (
    CHAIR,
    SYSTEM,
    Floor,
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
    who,
)

POINT_NAMES: dict[str, str] = {
    "personal_privilege": "point of personal privilege",
    "order": "point of order",
    "parliamentary_inquiry": "point of parliamentary inquiry",
}


def point_name(kind: str) -> Message:
    """A kind of point as a phrase to translate: "point of order"."""
    return say(POINT_NAMES[kind])


def check_add_speaker(
    state: SessionState, actor: str, member: str, on_behalf_of: str | None = None
) -> None:
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
        raise NotInOrder("{member} is already on the speakers list.", member=who(state, member))
    if on_behalf_of is not None:
        check_speaks_for(state, member, on_behalf_of)


def add_speaker(turn: Turn, command: cmd.AddSpeaker) -> None:
    member = command.member or turn.actor
    check_add_speaker(turn.state, turn.actor, member, command.on_behalf_of)
    turn.emit(ev.SpeakerAdded(at=turn.now, member=member, on_behalf_of=command.on_behalf_of))


def check_remove_speaker(state: SessionState, command: cmd.RemoveSpeaker) -> str:
    """The delegation to take off the list."""
    member = command.member or command.actor
    if command.actor not in (CHAIR, SYSTEM) and member != command.actor:
        raise NotPermitted("You can only take your own delegation off the speakers list.")
    if member not in state.speakers:
        raise NotInOrder("{member} is not on the speakers list.", member=who(state, member))
    return member


def remove_speaker(turn: Turn, command: cmd.RemoveSpeaker) -> None:
    member = check_remove_speaker(turn.state, command)
    turn.emit(ev.SpeakerRemoved(at=turn.now, member=member))


def check_floor_free(state: SessionState) -> None:
    if state.floor is not None:
        raise NotInOrder(
            "{speaker} still has the floor. End that speech first.",
            speaker=who(state, state.floor.speaker),
        )


def check_recognize_speaker(state: SessionState, command: cmd.RecognizeSpeaker) -> None:
    require_chair(state, command.actor, "give the floor")
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
    else:
        require_known(state, command.member)
        require_present(state, command.member)


def recognize_speaker(turn: Turn, command: cmd.RecognizeSpeaker) -> None:
    state = turn.state
    check_recognize_speaker(state, command)
    if command.member is None:
        speaker = state.speakers[0]
        turn.emit(
            ev.FloorGiven(
                at=turn.now,
                speaker=speaker,
                kind="speech",
                seconds=state.speaking_time,
                from_list=True,
                on_behalf_of=state.speaking_for.get(speaker),
            )
        )
        return
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


def check_yield(state: SessionState, actor: str) -> Floor:
    """The speaker may yield at all (to whom is the command's part)."""
    floor = state.floor
    if floor is None or floor.speaker != actor:
        raise NotInOrder("You can only yield while you have the floor.")
    if not floor.may_yield:
        reason = (
            say(
                "the time was yielded to you, and a delegate who receives a yield cannot "
                "yield again"
            )
            if floor.yielded_by
            else say("yields are only in order in speeches from the speakers list")
        )
        raise NotInOrder("You cannot yield: {reason}.", reason=reason)
    return floor


def check_yield_floor(state: SessionState, command: cmd.YieldFloor) -> None:
    check_yield(state, command.actor)
    if command.to == "delegate":
        if command.delegate is None:
            raise NotInOrder("Say which delegation you yield your time to.")
        if command.delegate == command.actor:
            raise NotInOrder("You cannot yield the floor to yourself.")
        require_known(state, command.delegate)
        require_present(state, command.delegate)
        if remaining_floor_time(state, command.now) <= 0:
            raise NotInOrder("Your time is up: there is no time left to yield.")


def yield_floor(turn: Turn, command: cmd.YieldFloor) -> None:
    """NMUN rules of procedure: yield to another delegate (who may not yield again), to
    questions, or to the chair."""
    state = turn.state
    check_yield_floor(state, command)
    if command.to == "chair":
        turn.emit(ev.FloorEnded(at=turn.now, speaker=turn.actor, reason="yielded_to_chair"))
    elif command.to == "questions":
        turn.emit(ev.FloorYieldedToQuestions(at=turn.now, speaker=turn.actor))
    else:
        assert command.delegate is not None
        remaining = remaining_floor_time(state, turn.now)
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


def check_questions(state: SessionState, actor: str) -> None:
    """The speaker takes questions, so the chair may call on a questioner."""
    require_chair(state, actor, "call on a questioner")
    if state.floor is None or not state.floor.answering_questions:
        raise NotInOrder("The speaker has not yielded to questions.")


def check_recognize_questioner(state: SessionState, command: cmd.RecognizeQuestioner) -> None:
    check_questions(state, command.actor)
    assert state.floor is not None
    if command.member == state.floor.speaker:
        raise NotInOrder("The speaker cannot ask themselves a question.")
    require_known(state, command.member)
    require_present(state, command.member)


def recognize_questioner(turn: Turn, command: cmd.RecognizeQuestioner) -> None:
    check_recognize_questioner(turn.state, command)
    turn.emit(ev.QuestionerRecognized(at=turn.now, member=command.member))


def check_end_speech(state: SessionState, command: cmd.EndSpeech) -> Floor:
    floor = state.floor
    if floor is None:
        raise NotInOrder("Nobody has the floor.")
    if command.actor not in (CHAIR, SYSTEM, floor.speaker):
        raise NotPermitted("Only the speaker or the chair can end a speech.")
    return floor


def end_speech(turn: Turn, command: cmd.EndSpeech) -> None:
    floor = check_end_speech(turn.state, command)
    reason = "cut_off" if turn.actor in (CHAIR, SYSTEM) else "finished"
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
        raise NotInOrder("There is no pending request {request}.", request=command.request_id)
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
    label = point_name(kind)
    if spec is None or not spec.enabled:
        raise NotInOrder("This forum does not use the {point}.", point=label)
    require_delegation(state, actor, say("raise a {point}", point=label))
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
        raise NotInOrder("A {point} is not in order during voting procedure.", point=label)
    floor = state.floor
    if floor is not None and floor.speaker != actor and not spec.may_interrupt:
        raise NotInOrder(
            "A {point} may not interrupt a speaker. Wait until {speaker} has finished.",
            point=label,
            speaker=who(state, floor.speaker),
        )
    if any(p.actor == actor and p.kind == kind for p in state.points):
        raise NotInOrder("Your {point} is still waiting for the chair.", point=label)


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
        raise NotInOrder("There is no pending point {point}.", point=command.point_id)
    about = say(
        "{point} raised by {member}", point=point_name(point.kind), member=name(state, point.actor)
    )
    ruling = Ruling(
        id=turn.new_id("R"),
        text=command.ruling,
        about=about.english(),
        about_say=about,
        at=turn.now,
    )
    turn.emit(ev.PointRuled(at=turn.now, point_id=point.id, ruling=ruling))


def check_end_caucus(state: SessionState, command: cmd.EndCaucus) -> None:
    require_chair(state, command.actor, "end a caucus early")
    if state.caucus is None:
        raise NotInOrder("There is no caucus to end.")


def end_caucus(turn: Turn, command: cmd.EndCaucus) -> None:
    check_end_caucus(turn.state, command)
    turn.emit(ev.CaucusEnded(at=turn.now, reason="ended_by_chair"))
