"""The preliminary question in the Security Council: is this matter procedural? (the double veto)

Statement by the Delegations of the Four Sponsoring Governments on Voting Procedure in the
Security Council (San Francisco, 7 June 1945), part II, para. 2: should a question arise whether
a matter is procedural, that preliminary question is decided "by a vote of seven [now nine]
members of the Security Council including the concurring votes of the permanent members".
A permanent member's ``no`` therefore makes the matter substantive, and it can then veto the
matter itself (Charter Art. 27(2)-(3)).

In a session: a Council member contests that a pending motion is procedural (or the chair puts
the preliminary question); when the chair next opens a vote, the preliminary question is put
first, under :func:`~game_rules.decision.security_council.security_council_rule` for a
substantive question (the rule
:func:`~game_rules.decision.security_council.decide_preliminary_question` applies). If it fails,
the motion is decided under the forum's substantive rule.
"""

from __future__ import annotations

from typing import Any, Literal

from game_rules.decision.security_council import (
    AFFIRMATIVE_VOTES,
    PERMANENT_MEMBERS,
    security_council_rule,
)
from game_rules.errors import NotInOrder
from game_rules.messages import Message, say
from game_rules.procedure.motions import (
    decide_motion,
    get_motion,
    granted_on_request,
    motion_label,
    motion_name,
    motion_title,
)
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.rules_of_procedure import AUTOMATIC, CHAIR_DECIDES, Threshold
from game_rules.session.state import CHAIR, Motion, SessionState, VotingItem
from game_rules.session.turn import (
    Turn,
    name,
    require_meeting_open,
    require_member,
    require_no_vote,
    require_present,
    who,
)

SOURCE = "San Francisco Statement of the Sponsoring Governments, 7 June 1945, part II, para. 2"
SOURCE_SAID = say(SOURCE)  # the citation in the reader's language


def motion_threshold(state: SessionState, motion: Motion) -> Threshold:
    """The rule a motion is voted under: the substantive rule once the preliminary question made
    it substantive, otherwise its own threshold (an objected automatic motion: the objection's)."""
    if motion.classification == "substantive":
        return state.procedure.substantive_rule
    spec = state.procedure.motion(motion.kind)
    if spec.threshold == AUTOMATIC and spec.objection_threshold is not None:
        return spec.objection_threshold
    return spec.threshold


def preliminary_rule(state: SessionState) -> dict[str, Any]:
    """The preliminary question is a substantive question: nine votes, no permanent member's no.

    The permanent members and the number of votes are read from the forum's substantive rule
    (a scenario may model a smaller Council), with the Charter's values as the fallback.
    """
    substantive = state.setup.rule(state.procedure.substantive_rule)
    veto = substantive.get("veto") or PERMANENT_MEMBERS
    votes = substantive.get("min_yes", AFFIRMATIVE_VOTES)
    rule = security_council_rule(
        "substantive", permanent_members=[str(v) for v in veto], affirmative_votes=int(votes)
    )
    rule["source"] = SOURCE
    return rule


def pending_preliminary(state: SessionState) -> VotingItem | None:
    """The preliminary question to put before the entertained motion itself, if one is raised."""
    motion = next((m for m in state.motions if m.status == "entertained"), None)
    if motion is None or motion.contested_by is None or motion.classification is not None:
        return None
    return VotingItem(kind="preliminary", ref=motion.id)


def preliminary_title(state: SessionState, item: VotingItem) -> Message:
    motion = get_motion(state, item.ref)
    return say(
        "Preliminary question: is the {motion} by {member} a procedural matter?",
        motion=motion_title(motion),
        member=name(state, motion.mover),
    )


def check_contest_in_order(state: SessionState, actor: str, motion_id: str) -> Motion:
    """Whether ``actor`` may dispute now that motion ``motion_id`` is procedural."""
    if not state.procedure.double_veto:
        raise NotInOrder(
            "{forum} does not vote on whether a question is procedural: "
            "the preliminary question (the Security Council's 'double veto') is only in order "
            "where the procedure enables it (`{setting}`).",
            forum=state.setup.forum_name,
            setting="procedure: {double_veto: true}",
        )
    if actor != CHAIR:
        require_member(state, actor, "dispute that a question is procedural")
        require_present(state, actor)
    require_meeting_open(state)
    require_no_vote(state)
    motion = get_motion(state, motion_id)
    label = motion_name(motion.kind)
    if motion.status == "voting":
        raise NotInOrder(
            "The vote on the {motion} has begun; it is too late to dispute it.", motion=label
        )
    if motion.classification is not None:
        raise NotInOrder(
            "The preliminary question on the {motion} has been decided: it is {classification}.",
            motion=label,
            classification=say(motion.classification),
        )
    if motion.contested_by is not None:
        # At the start of the sentence: "The chair", or the delegation's name as it is.
        contested_by = (
            say("The chair") if motion.contested_by == CHAIR else who(state, motion.contested_by)
        )
        raise NotInOrder(
            "{member} has already disputed that the "
            "{motion} is procedural; the preliminary question will be put first.",
            member=contested_by,
            motion=label,
        )
    threshold = state.procedure.motion(motion.kind).threshold
    if threshold == CHAIR_DECIDES:
        raise NotInOrder(
            "The chair decides the {motion}; there is no vote to dispute.", motion=label
        )
    rule = state.setup.rule(motion_threshold(state, motion))
    if rule.get("veto") or threshold == state.procedure.substantive_rule:
        raise NotInOrder(
            "The {motion} is already decided as a substantive question.", motion=label
        )
    return motion


def contest_procedural(turn: Turn, command: cmd.ContestProcedural) -> None:
    motion = check_contest_in_order(turn.state, turn.actor, command.motion_id)
    turn.emit(ev.ProceduralCharacterContested(at=turn.now, motion_id=motion.id, by=turn.actor))


def record_preliminary_decision(turn: Turn, item: VotingItem, adopted: bool, reason: str) -> None:
    """The vote on "this matter is procedural" closed: adopted keeps it procedural; otherwise
    (too few votes or a permanent member's no) the matter is substantive."""
    motion = get_motion(turn.state, item.ref)
    classification: Literal["procedural", "substantive"] = (
        "procedural" if adopted else "substantive"
    )
    consequence = (
        "it is decided by the procedural rule"
        if adopted
        else "it will be decided as a substantive question, subject to the veto"
    )
    turn.emit(
        ev.PreliminaryQuestionDecided(
            at=turn.now,
            motion_id=motion.id,
            classification=classification,
            reason=f"The {motion_label(motion)} is {classification} ({SOURCE}): {consequence}. "
            f"{reason}",
        )
    )
    spec = turn.state.procedure.motion(motion.kind)
    if adopted and spec.threshold == AUTOMATIC and not motion.objections:
        decide_motion(turn, motion.id, True, granted_on_request(spec.source))


__all__ = [
    "SOURCE",
    "check_contest_in_order",
    "contest_procedural",
    "motion_threshold",
    "pending_preliminary",
    "preliminary_rule",
    "preliminary_title",
    "record_preliminary_decision",
]
