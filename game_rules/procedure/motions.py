"""Motions: proposing, entertaining in order of precedence, and what a carried motion does."""

from __future__ import annotations

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.messages import Message, say
from game_rules.procedure.drafts import get_draft, voting_items_for
from game_rules.procedure.important_question import (
    check_declarable,
    check_declare_important_in_order,
)
from game_rules.procedure.meeting import check_agenda_item
from game_rules.procedure.quotas import require_quota
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.rules_of_procedure import AUTOMATIC, CHAIR_DECIDES, MotionKind, MotionSpec
from game_rules.session.state import (
    Caucus,
    Motion,
    Ruling,
    SessionState,
    VotingItem,
    VotingProcedure,
)
from game_rules.session.turn import (
    Turn,
    name,
    require_chair,
    require_delegation,
    require_meeting_open,
    require_no_vote,
    require_present,
    who,
)
from game_rules.session.wording import minutes, status_word

MOTION_NAMES: dict[str, str] = {
    "appeal_chair": "motion to appeal the decision of the chair",
    "suspend_meeting": "motion to suspend the meeting",
    "adjourn_meeting": "motion to adjourn the meeting",
    "unmoderated_caucus": "motion for an unmoderated caucus",
    "moderated_caucus": "motion for a moderated caucus",
    "adjourn_debate": "motion to adjourn debate",
    "declare_important": "motion to declare the question important",
    "close_debate": "motion to close debate",
    "move_to_vote": "motion to move to a vote",
    "divide_question": "motion to divide the question",
    "reconsider": "motion to reconsider",
    "close_speakers_list": "motion to close the speakers list",
    "set_speaking_time": "motion to set the speaking time",
    "set_agenda": "motion to set the agenda",
}

_NEEDS_ITEM = ("adjourn_debate", "close_debate", "move_to_vote", "close_speakers_list")


def motion_name(kind: str) -> Message:
    """A kind of motion as a phrase to translate: "motion to close debate"."""
    return say(MOTION_NAMES[kind])


def motion_title(motion: Motion) -> Message:
    """A motion as a sentence names it: "motion for a 5-minute moderated caucus (topic)"."""
    title = motion_name(motion.kind)
    length = motion.minutes
    if length is not None:
        # "a 5-minute moderated caucus": a compound adjective stays singular.
        if motion.kind == "moderated_caucus":
            title = say("motion for a {minutes}-minute moderated caucus", minutes=length)
        elif motion.kind == "unmoderated_caucus":
            title = say("motion for a {minutes}-minute unmoderated caucus", minutes=length)
        elif motion.kind == "suspend_meeting":
            title = say("motion to suspend the meeting for {duration}", duration=minutes(length))
    if motion.target:
        title = say("{motion} ({target})", motion=title, target=motion.target)
    return title


def motion_by(state: SessionState, motion: Motion) -> Message:
    """A motion and its mover, as a vote or a ruling names it: "motion to close debate by Chile"."""
    return say(
        "{motion} by {member}", motion=motion_title(motion), member=name(state, motion.mover)
    )


def motion_label(motion: Motion) -> str:
    return motion_title(motion).english()


def precedence_key(state: SessionState, motion: Motion) -> tuple[int, float, int]:
    """Precedence first; among equal motions the most disruptive (longest) first, then the
    earliest proposed (NMUN rules of procedure)."""
    spec = state.procedure.motion(motion.kind)
    order = [m.id for m in state.motions].index(motion.id)
    return (spec.precedence, -(motion.minutes or 0.0), order)


def check_motion_in_order(state: SessionState, actor: str, kind: MotionKind) -> MotionSpec:
    """Everything about the moment and the mover (not the motion's own details)."""
    label = motion_name(kind)
    spec = state.procedure.motions.get(kind)
    if spec is None or not spec.enabled:
        raise NotInOrder(
            "{forum} does not use the {motion}.", forum=state.setup.forum_name, motion=label
        )
    require_delegation(state, actor, say("make a {motion}", motion=label))
    if state.setup.is_observer(actor) and not state.procedure.observers_vote_on_procedure:
        raise NotPermitted("Observers may speak and sign drafts, but cannot make motions here.")
    require_present(state, actor)
    require_quota(state, actor, "pending_motions")
    require_meeting_open(state)
    require_no_vote(state)
    if state.voting is not None and not spec.in_voting_procedure:
        raise NotInOrder(
            "The committee is in voting procedure: the {motion} is not in order until the "
            "voting is over.",
            motion=label,
        )
    if state.caucus is not None and state.caucus.kind == "unmoderated":
        raise NotInOrder(
            "The committee is in an unmoderated caucus; motions are in order again "
            "when formal debate resumes."
        )
    floor = state.floor
    if floor is not None and floor.speaker != actor and not spec.may_interrupt:
        raise NotInOrder(
            "{speaker} has the floor, and a {motion} may not interrupt a speaker.",
            speaker=who(state, floor.speaker),
            motion=label,
        )
    if kind in _NEEDS_ITEM and state.agenda_item is None:
        raise NotInOrder(
            "The {motion} needs an agenda item under discussion, and none is.", motion=label
        )
    if kind == "set_agenda" and state.agenda_item is not None:
        raise NotInOrder(
            "An agenda item is already under discussion. Adjourn or close debate on it first."
        )
    if kind == "appeal_chair" and not any(not r.overturned for r in state.rulings):
        raise NotInOrder("The chair has made no ruling that could be appealed.")
    if kind == "reconsider" and not any(d.status in ("adopted", "rejected") for d in state.drafts):
        raise NotInOrder("No draft has been voted on yet, so there is nothing to reconsider.")
    if kind == "declare_important":
        check_declare_important_in_order(state)
    if kind in ("divide_question", "move_to_vote") and not any(
        d.status == "introduced" for d in state.drafts
    ):
        raise NotInOrder("No draft has been introduced yet.")
    if any(m.mover == actor and m.kind == kind for m in state.motions):
        raise NotInOrder("Your {motion} is still before the chair.", motion=label)
    return spec


def _check_details(state: SessionState, actor: str, command: cmd.ProposeMotion) -> None:
    kind = command.kind
    limit = state.procedure.max_caucus_minutes
    if kind in ("moderated_caucus", "unmoderated_caucus"):
        if command.minutes is None:
            raise NotInOrder("Say how many minutes the caucus should last.")
        if command.minutes > limit:
            raise NotInOrder("A caucus may last at most {limit}.", limit=minutes(limit))
    if kind == "moderated_caucus":
        if command.speaker_seconds is None:
            raise NotInOrder("Say how many seconds each speaker gets in the moderated caucus.")
        assert command.minutes is not None
        if command.speaker_seconds > command.minutes * 60:
            raise NotInOrder("The speaking time cannot be longer than the caucus itself.")
    if kind == "suspend_meeting" and command.minutes is not None and command.minutes > 24 * 60:
        raise NotInOrder("A suspension cannot be longer than a day; adjourn the meeting instead.")
    if kind == "set_speaking_time" and command.seconds is None:
        raise NotInOrder("Say how many seconds each speaker should get.")
    if kind == "set_agenda":
        check_agenda_item(state, command.target)
    if kind == "appeal_chair":
        ruling = state.ruling(command.target or "")
        if ruling is None or ruling.overturned:
            open_rulings = ", ".join(r.id for r in state.rulings if not r.overturned)
            raise NotInOrder(
                "Say which ruling you appeal (rulings: {rulings}).", rulings=open_rulings
            )
    if kind in ("move_to_vote", "divide_question"):
        draft = get_draft(state, command.target or "")
        if draft.status != "introduced":
            raise NotInOrder(
                "Draft {draft} is {status}, not an introduced draft.",
                draft=draft.id,
                status=status_word(draft.status),
            )
        if kind == "move_to_vote" and draft.agenda_item not in (None, state.agenda_item):
            raise NotInOrder("Draft {draft} belongs to another agenda item.", draft=draft.id)
        if kind == "divide_question":
            _check_parts(draft.id, {c.id: c.kind for c in draft.clauses}, command.parts)
    if kind == "declare_important":
        check_declarable(state, command.target)
    if kind == "reconsider":
        draft = get_draft(state, command.target or "")
        if draft.status not in ("adopted", "rejected"):
            raise NotInOrder("Draft {draft} has not been voted on.", draft=draft.id)
        _check_prevailing_side(state, actor, draft.id)


def _check_parts(
    draft_id: str, clauses: dict[str, str], parts: tuple[tuple[str, ...], ...]
) -> None:
    if not parts:
        raise NotInOrder("List the parts to vote on separately, each as a list of clause ids.")
    seen: set[str] = set()
    for part in parts:
        if not part:
            raise NotInOrder("A part of a divided question cannot be empty.")
        for clause_id in part:
            if clauses.get(clause_id) != "operative":
                raise NotInOrder(
                    "'{clause}' is not an operative clause of {draft}.",
                    clause=clause_id,
                    draft=draft_id,
                )
            if clause_id in seen:
                raise NotInOrder("Clause {clause} appears in two parts.", clause=clause_id)
            seen.add(clause_id)


def _check_prevailing_side(state: SessionState, actor: str, draft_id: str) -> None:
    """GA rule 81 as applied in MUN: only a delegation that voted with the majority may move to
    reconsider, when the record shows how it voted."""
    result = next(
        (
            r
            for r in reversed(state.results)
            if r.subject.kind == "draft" and r.subject.ref == draft_id
        ),
        None,
    )
    if result is None or actor not in result.choices:
        return
    choice = result.choices[actor]
    prevailing = "yes" if result.adopted else "no"
    if not choice.startswith(prevailing):
        raise NotPermitted(
            "Only a delegation that voted with the prevailing side may move to reconsider."
        )


def propose_motion(turn: Turn, command: cmd.ProposeMotion) -> None:
    state = turn.state
    check_motion_in_order(state, turn.actor, command.kind)
    _check_details(state, turn.actor, command)
    motion = Motion(
        id=turn.new_id("M"),
        kind=command.kind,
        mover=turn.actor,
        proposed_at=turn.now,
        minutes=command.minutes,
        speaker_seconds=command.speaker_seconds,
        seconds=command.seconds,
        topic=command.topic,
        target=command.target,
        parts=command.parts,
    )
    turn.emit(ev.MotionProposed(at=turn.now, motion=motion))


def get_motion(state: SessionState, motion_id: str) -> Motion:
    motion = state.motion(motion_id)
    if motion is None:
        raise NotInOrder("There is no motion {motion} before the committee.", motion=motion_id)
    return motion


def withdraw_motion(turn: Turn, command: cmd.WithdrawMotion) -> None:
    """GA rule 80: a motion may be withdrawn before voting on it has begun."""
    motion = get_motion(turn.state, command.motion_id)
    if motion.mover != turn.actor:
        raise NotPermitted("Only the delegation that made a motion can withdraw it.")
    vote = turn.state.vote
    on_preliminary = vote is not None and vote.subject == VotingItem(
        kind="preliminary", ref=motion.id
    )
    if motion.status == "voting" or on_preliminary:
        raise NotInOrder("Voting on this motion has begun; it can no longer be withdrawn.")
    turn.emit(ev.MotionWithdrawn(at=turn.now, motion_id=motion.id))


def object_to_motion(turn: Turn, command: cmd.ObjectToMotion) -> None:
    """SC provisional rule 32: division is automatic unless the mover of the draft objects."""
    state = turn.state
    motion = get_motion(state, command.motion_id)
    spec = state.procedure.motion(motion.kind)
    if spec.threshold != AUTOMATIC:
        raise NotInOrder(
            "The {motion} is decided by a vote, not by objection.",
            motion=motion_name(motion.kind),
        )
    draft = get_draft(state, motion.target or "")
    if turn.actor not in draft.sponsors:
        raise NotPermitted(
            "Only the sponsors of {draft} can object to dividing it.", draft=draft.id
        )
    if motion.status != "pending":
        raise NotInOrder("The chair has already taken up this motion.")
    if turn.actor in motion.objections:
        raise NotInOrder("Your objection is already recorded.")
    turn.emit(ev.MotionObjected(at=turn.now, motion_id=motion.id, member=turn.actor))


def next_motion(state: SessionState) -> Motion | None:
    """The pending motion the chair must take up first."""
    pending = [m for m in state.motions if m.status == "pending"]
    return min(pending, key=lambda m: precedence_key(state, m)) if pending else None


def check_entertain_motion(state: SessionState, command: cmd.EntertainMotion) -> Motion:
    require_chair(state, command.actor, "entertain a motion")
    require_meeting_open(state)
    require_no_vote(state)
    motion = get_motion(state, command.motion_id)
    if motion.status != "pending":
        raise NotInOrder("Motion {motion} is already before the committee.", motion=motion.id)
    busy = next((m for m in state.motions if m.status != "pending"), None)
    if busy is not None:
        raise NotInOrder(
            "Finish with {title} ({motion}) first.", title=motion_title(busy), motion=busy.id
        )
    first = next_motion(state)
    if first is not None and first.id != motion.id:
        raise NotInOrder(
            "Motions are taken in order of precedence: deal with the {title} "
            "({motion}) by {mover} first.",
            title=motion_title(first),
            motion=first.id,
            mover=who(state, first.mover),
        )
    return motion


def entertain_motion(turn: Turn, command: cmd.EntertainMotion) -> None:
    state = turn.state
    motion = check_entertain_motion(state, command)
    spec = state.procedure.motion(motion.kind)
    turn.emit(ev.MotionEntertained(at=turn.now, motion_id=motion.id))
    if spec.threshold == CHAIR_DECIDES:
        decide_motion(turn, motion.id, True, say("The chair granted the motion."))
    elif spec.threshold == AUTOMATIC and not motion.objections and motion.contested_by is None:
        decide_motion(turn, motion.id, True, granted_on_request(spec.source))


def granted_on_request(source: str) -> Message:
    return say("Granted automatically on a member's request ({source}).", source=source)


def rule_motion_out_of_order(turn: Turn, command: cmd.RuleMotionOutOfOrder) -> None:
    state = turn.state
    require_chair(state, turn.actor, "rule a motion out of order")
    motion = get_motion(state, command.motion_id)
    if motion.status == "voting":
        raise NotInOrder("The committee is already voting on this motion.")
    text = say("Out of order: {reason}", reason=command.reason)
    about = motion_by(state, motion)
    ruling = Ruling(
        id=turn.new_id("R"),
        text=text.english(),
        about=about.english(),
        text_say=text,
        about_say=about,
        at=turn.now,
        motion=motion.model_copy(update={"status": "pending"}),
    )
    turn.emit(ev.MotionRuledOutOfOrder(at=turn.now, motion_id=motion.id, ruling=ruling))


def decide_motion(turn: Turn, motion_id: str, adopted: bool, reason: Message) -> None:
    """Record a motion's fate; a carried motion takes effect and the others lapse."""
    motion = get_motion(turn.state, motion_id)
    # Declaring a question important only changes the majority a draft needs: the motions
    # pending behind it stay before the chair.
    lapsed = (
        tuple(m.id for m in turn.state.motions if m.id != motion.id and m.kind != "appeal_chair")
        if adopted and motion.kind != "declare_important"
        else ()
    )
    turn.emit(
        ev.MotionDecided(
            at=turn.now,
            motion_id=motion.id,
            kind=motion.kind,
            adopted=adopted,
            reason=reason.english(),
            reason_say=reason,
            lapsed=lapsed,
        )
    )
    if adopted:
        carry_motion(turn, motion)


def start_voting(turn: Turn, item: str | None, draft_ids: list[str], concludes: bool) -> None:
    state = turn.state
    if state.floor is not None:
        turn.emit(ev.FloorEnded(at=turn.now, speaker=state.floor.speaker, reason="closed"))
    if state.caucus is not None:
        turn.emit(ev.CaucusEnded(at=turn.now, reason="ended_by_chair"))
    queue = tuple(
        voting_item
        for draft_id in draft_ids
        for voting_item in voting_items_for(turn.state, get_draft(turn.state, draft_id))
    )
    procedure = VotingProcedure(agenda_item=item, queue=queue, concludes_item=concludes)
    turn.emit(ev.VotingProcedureStarted(at=turn.now, procedure=procedure))
    finish_voting_if_done(turn)


def finish_voting_if_done(turn: Turn) -> None:
    voting = turn.state.voting
    if voting is not None and not voting.queue:
        concluded = voting.agenda_item if voting.concludes_item else None
        turn.emit(ev.VotingProcedureEnded(at=turn.now, item_concluded=concluded))


def carry_motion(turn: Turn, motion: Motion) -> None:
    """What a carried motion does. The game layer extends vote closing, not this."""
    state = turn.state
    now = turn.now
    kind = motion.kind
    if kind == "appeal_chair":
        ruling = state.ruling(motion.target or "")
        assert ruling is not None
        turn.emit(ev.RulingOverturned(at=now, ruling_id=ruling.id))
        if ruling.motion is not None:
            restored = ruling.motion.model_copy(update={"id": turn.new_id("M")})
            turn.emit(ev.MotionReinstated(at=now, motion=restored))
    elif kind == "suspend_meeting":
        deadline = now + motion.minutes * 60 if motion.minutes is not None else None
        turn.emit(ev.MeetingSuspended(at=now, deadline=deadline))
    elif kind == "adjourn_meeting":
        turn.emit(ev.MeetingAdjourned(at=now))
    elif kind in ("moderated_caucus", "unmoderated_caucus"):
        assert motion.minutes is not None
        if state.floor is not None:
            turn.emit(ev.FloorEnded(at=now, speaker=state.floor.speaker, reason="closed"))
        caucus = Caucus(
            kind="moderated" if kind == "moderated_caucus" else "unmoderated",
            topic=motion.topic,
            started_at=now,
            deadline=now + motion.minutes * 60,
            speaker_time=motion.speaker_seconds,
        )
        turn.emit(ev.CaucusStarted(at=now, caucus=caucus))
    elif kind == "adjourn_debate":
        turn.emit(ev.DebateAdjourned(at=now, item=state.agenda_item))
    elif kind == "declare_important":
        assert motion.target is not None
        turn.emit(ev.QuestionDeclaredImportant(at=now, draft_id=motion.target))
    elif kind == "close_debate":
        drafts = [
            d.id
            for d in state.drafts
            if d.status == "introduced" and d.agenda_item in (None, state.agenda_item)
        ]
        start_voting(turn, state.agenda_item, drafts, concludes=True)
    elif kind == "move_to_vote":
        assert motion.target is not None
        start_voting(turn, state.agenda_item, [motion.target], concludes=False)
    elif kind == "divide_question":
        assert motion.target is not None
        turn.emit(ev.QuestionDivided(at=now, draft_id=motion.target, parts=motion.parts))
    elif kind == "reconsider":
        assert motion.target is not None
        turn.emit(ev.ReconsiderationOpened(at=now, draft_id=motion.target))
    elif kind == "close_speakers_list":
        turn.emit(ev.SpeakersListClosed(at=now))
    elif kind == "set_speaking_time":
        assert motion.seconds is not None
        turn.emit(ev.SpeakingTimeSet(at=now, seconds=motion.seconds))
    elif kind == "set_agenda":
        assert motion.target is not None
        turn.emit(ev.AgendaSet(at=now, item=motion.target))
