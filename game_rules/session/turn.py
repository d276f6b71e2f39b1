"""One command's turn: emit events (folding each at once) and the checks every handler shares.

Handlers call :meth:`Turn.emit`; the state they read afterwards already includes the event, so
``apply`` is "validate, produce events, fold them" and replay equals live state by construction.
"""

from __future__ import annotations

import math
from fractions import Fraction

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.messages import Message, Param, say
from game_rules.session import events as ev
from game_rules.session.fold import evolve
from game_rules.session.state import CHAIR, SYSTEM, Delegation, SessionState


class Turn:
    def __init__(
        self, state: SessionState, actor: str, now: float, by_student: str | None = None
    ) -> None:
        self.state = state
        self.actor = actor
        self.now = now
        self.by_student = by_student
        self.events: list[ev.Event] = []

    def emit(self, event: ev.Event) -> None:
        if self.by_student is not None and event.by_student is None:
            event = event.model_copy(update={"by_student": self.by_student})
        self.state = evolve(self.state, event)
        self.events.append(event)

    def new_id(self, prefix: str) -> str:
        return self.state.next_id(prefix)


def name(state: SessionState, actor_id: str) -> str:
    return state.setup.name_of(actor_id)


def who(state: SessionState, actor_id: str) -> Param:
    """An actor as a message parameter: a delegation's name as the scenario spells it, or
    "the chair" as a phrase to translate."""
    if actor_id == CHAIR:
        return say("the chair")
    return state.setup.name_of(actor_id)


#: What the actor tried to do, for a refusal ("Only the chair can {doing}."): a phrase such as
#: "open a vote" (its own catalogue key), or a message with parameters.
Doing = str | Message


def doing_said(doing: Doing) -> Message:
    return doing if isinstance(doing, Message) else say(doing)


def require_chair(state: SessionState, actor: str, doing: Doing) -> None:
    if actor not in (CHAIR, SYSTEM):
        raise NotPermitted("Only the chair can {doing}.", doing=doing_said(doing))


def require_delegation(state: SessionState, actor: str, doing: Doing) -> Delegation:
    delegation = state.setup.delegation(actor)
    if delegation is None:
        if actor in (CHAIR, SYSTEM):
            raise NotPermitted(
                "The chair cannot {doing}: only a delegation can.", doing=doing_said(doing)
            )
        raise NotPermitted("'{actor}' is not a delegation in this forum.", actor=actor)
    return delegation


def require_known(state: SessionState, actor_id: str) -> Delegation:
    delegation = state.setup.delegation(actor_id)
    if delegation is None:
        raise NotInOrder("There is no delegation '{member}' in this forum.", member=actor_id)
    return delegation


def require_present(state: SessionState, actor: str) -> None:
    if not state.is_present(actor):
        raise NotPermitted(
            "{member} is not recorded as present. Ask the chair to mark your "
            "delegation present first.",
            member=who(state, actor),
        )


def require_member(state: SessionState, actor: str, doing: Doing) -> None:
    require_delegation(state, actor, doing)
    if not state.setup.is_member(actor):
        raise NotPermitted(
            "Observers cannot {doing}: only members of {forum} can.",
            doing=doing_said(doing),
            forum=state.setup.forum_name,
        )


def require_meeting_open(state: SessionState) -> None:
    if state.meeting == "suspended":
        raise NotInOrder("The meeting is suspended. Wait until the chair resumes it.")
    if state.meeting == "adjourned":
        raise NotInOrder("The meeting is adjourned. The chair has to open a new meeting first.")


def require_no_vote(state: SessionState) -> None:
    if state.vote is not None:
        raise NotInOrder(
            "A vote is in progress ({vote}). Nobody may interrupt the voting "
            "except with a point of order about how the vote is being conducted (GA rule 88).",
            vote=state.vote.title_say or state.vote.title,
        )


def require_debate(state: SessionState, doing: Doing) -> None:
    """Formal debate on an agenda item: not voting, not in an unmoderated caucus."""
    require_meeting_open(state)
    require_no_vote(state)
    if state.voting is not None:
        raise NotInOrder(
            "The committee is in voting procedure, so you cannot {doing} now. Debate is "
            "closed until every question has been put to the vote.",
            doing=doing_said(doing),
        )
    if state.caucus is not None and state.caucus.kind == "unmoderated":
        raise NotInOrder(
            "The committee is in an unmoderated caucus, so you cannot {doing} now. Formal "
            "debate resumes when the caucus ends.",
            doing=doing_said(doing),
        )


def required_signatures(state: SessionState) -> int:
    share = Fraction(state.procedure.signatory_share)
    return math.ceil(share * len(state.setup.members))


def member_supporters(
    state: SessionState, sponsors: tuple[str, ...], signatories: tuple[str, ...]
) -> int:
    return len({a for a in (*sponsors, *signatories) if state.setup.is_member(a)})


def remaining_floor_time(state: SessionState, now: float) -> float:
    if state.floor is None:
        return 0.0
    clock = state.paused_at if state.paused_at is not None else now
    return max(0.0, state.floor.deadline - clock)
