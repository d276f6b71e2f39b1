"""One command's turn: emit events (folding each at once) and the checks every handler shares.

Handlers call :meth:`Turn.emit`; the state they read afterwards already includes the event, so
``apply`` is "validate, produce events, fold them" and replay equals live state by construction.
"""

from __future__ import annotations

import math
from fractions import Fraction

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.session import events as ev
from game_rules.session.fold import evolve
from game_rules.session.state import CHAIR, SYSTEM, Delegation, SessionState


class Turn:
    def __init__(self, state: SessionState, actor: str, now: float) -> None:
        self.state = state
        self.actor = actor
        self.now = now
        self.events: list[ev.Event] = []

    def emit(self, event: ev.Event) -> None:
        self.state = evolve(self.state, event)
        self.events.append(event)

    def new_id(self, prefix: str) -> str:
        return self.state.next_id(prefix)


def name(state: SessionState, actor_id: str) -> str:
    return state.setup.name_of(actor_id)


def require_chair(state: SessionState, actor: str, doing: str) -> None:
    if actor not in (CHAIR, SYSTEM):
        raise NotPermitted(f"Only the chair can {doing}.")


def require_delegation(state: SessionState, actor: str, doing: str) -> Delegation:
    delegation = state.setup.delegation(actor)
    if delegation is None:
        if actor in (CHAIR, SYSTEM):
            raise NotPermitted(f"The chair cannot {doing}: only a delegation can.")
        raise NotPermitted(f"'{actor}' is not a delegation in this forum.")
    return delegation


def require_known(state: SessionState, actor_id: str) -> Delegation:
    delegation = state.setup.delegation(actor_id)
    if delegation is None:
        raise NotInOrder(f"There is no delegation '{actor_id}' in this forum.")
    return delegation


def require_present(state: SessionState, actor: str) -> None:
    if not state.is_present(actor):
        raise NotPermitted(
            f"{name(state, actor)} is not recorded as present. Ask the chair to mark your "
            "delegation present first."
        )


def require_member(state: SessionState, actor: str, doing: str) -> None:
    require_delegation(state, actor, doing)
    if not state.setup.is_member(actor):
        raise NotPermitted(
            f"Observers cannot {doing}: only members of {state.setup.forum_name} can."
        )


def require_meeting_open(state: SessionState) -> None:
    if state.meeting == "suspended":
        raise NotInOrder("The meeting is suspended. Wait until the chair resumes it.")
    if state.meeting == "adjourned":
        raise NotInOrder("The meeting is adjourned. The chair has to open a new meeting first.")


def require_no_vote(state: SessionState) -> None:
    if state.vote is not None:
        raise NotInOrder(
            f"A vote is in progress ({state.vote.title}). Nobody may interrupt the voting "
            "except with a point of order about how the vote is being conducted (GA rule 88)."
        )


def require_debate(state: SessionState, doing: str) -> None:
    """Formal debate on an agenda item: not voting, not in an unmoderated caucus."""
    require_meeting_open(state)
    require_no_vote(state)
    if state.voting is not None:
        raise NotInOrder(
            f"The committee is in voting procedure, so you cannot {doing} now. Debate is "
            "closed until every question has been put to the vote."
        )
    if state.caucus is not None and state.caucus.kind == "unmoderated":
        raise NotInOrder(
            f"The committee is in an unmoderated caucus, so you cannot {doing} now. Formal "
            "debate resumes when the caucus ends."
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


def minutes_text(minutes: float) -> str:
    return f"{minutes:g} minute" + ("" if minutes == 1 else "s")
