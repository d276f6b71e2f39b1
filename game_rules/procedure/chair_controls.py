"""Chair controls: extend a timer, rule an amendment friendly, order the unfriendly amendments.

- ``extend_time``: the chair may give a speaker, a caucus or an open vote more time. The chair
  sets and keeps time at its discretion (GA rule 72: the President may limit the time allowed to
  speakers; NMUN and THIMUN rules leave the extension of a speaker's or a caucus's time to the
  chair). Works while the clock is paused: the remaining time grows by the same amount.
- ``rule_amendment_friendly``: THIMUN Rules of Procedure (amendments): the chair asks the
  submitters whether they accept the amendment; if every sponsor agrees on the floor, the chair
  declares it friendly and it becomes part of the draft without a vote (NMUN rules of
  procedure: an amendment supported by all sponsors is friendly and incorporated). The chair
  acts on what the sponsors said; the engine records that the sponsors agreed.
- ``order_amendments``: GA rule 90: "the committee shall first vote on the amendment furthest
  removed in substance from the original proposal"; which one that is, is the chair's ruling.
  Refused once voting on the draft's amendments has begun.
"""

from __future__ import annotations

from game_rules.errors import NotInOrder
from game_rules.messages import say
from game_rules.procedure.drafts import get_amendment, get_draft
from game_rules.session import commands as cmd
from game_rules.session import events as ev
from game_rules.session.state import Amendment, Draft, SessionState
from game_rules.session.turn import Turn, require_chair
from game_rules.session.wording import status_word

FRIENDLY_SOURCE = "THIMUN Rules of Procedure (amendments); NMUN rules of procedure"
ORDER_SOURCE = "GA rule 90 (A/520/Rev.20): the amendment furthest removed in substance first"

#: "There is no {timer} to extend right now": each timer as a phrase to translate.
_TIMER_NAMES = {"floor": "speaker's time", "caucus": "caucus", "vote": "vote"}


def running_timers(state: SessionState) -> list[cmd.TimerName]:
    """The timers the chair can extend now, in the order ``extend_time`` picks them."""
    timers: list[cmd.TimerName] = []
    if state.floor is not None:
        timers.append("floor")
    if state.caucus is not None:
        timers.append("caucus")
    if state.vote is not None and state.vote.deadline is not None:
        timers.append("vote")
    return timers


def check_extend_time(state: SessionState, timer: cmd.TimerName | None) -> cmd.TimerName:
    """The timer ``extend_time`` would extend, or NotInOrder saying why there is none."""
    timers = running_timers(state)
    if timer is None:
        if not timers:
            raise NotInOrder(
                "There is no running timer to extend: nobody has the floor, no caucus is "
                "running and the open vote (if any) has no deadline."
            )
        return timers[0]
    if timer not in timers:
        if timers:
            raise NotInOrder(
                "There is no {timer} to extend right now (running: {running}).",
                timer=say(_TIMER_NAMES[timer]),
                running=", ".join(timers),
            )
        raise NotInOrder(
            "There is no {timer} to extend right now.", timer=say(_TIMER_NAMES[timer])
        )
    return timer


def _deadline(state: SessionState, timer: cmd.TimerName) -> float:
    if timer == "floor":
        assert state.floor is not None
        return state.floor.deadline
    if timer == "caucus":
        assert state.caucus is not None
        return state.caucus.deadline
    assert state.vote is not None and state.vote.deadline is not None
    return state.vote.deadline


def extend_time(turn: Turn, command: cmd.ExtendTime) -> None:
    state = turn.state
    require_chair(state, turn.actor, "extend a timer")
    timer = check_extend_time(state, command.timer)
    # A timer that has just run out (before its tick) restarts from now, not from the past.
    clock = state.paused_at if state.paused_at is not None else turn.now
    deadline = max(_deadline(state, timer), clock) + command.seconds
    turn.emit(ev.TimeExtended(at=turn.now, timer=timer, seconds=command.seconds, deadline=deadline))


def _voting_on_amendments_began(state: SessionState, draft: Draft) -> bool:
    vote = state.vote
    return draft.amendment_voted or (
        vote is not None and vote.subject.kind == "amendment" and vote.subject.draft_id == draft.id
    )


def check_rule_friendly(state: SessionState, amendment: Amendment) -> Draft:
    draft = get_draft(state, amendment.draft_id)
    if amendment.status not in ("awaiting_sponsors", "pending", "declined"):
        raise NotInOrder(
            "Amendment {amendment} is {status}; only an "
            "amendment still before the committee can be ruled friendly.",
            amendment=amendment.id,
            status=status_word(amendment.status),
        )
    if draft.status not in ("working", "introduced"):
        raise NotInOrder(
            "Draft {draft} is {status}; it can no longer be amended.",
            draft=draft.id,
            status=status_word(draft.status),
        )
    if _voting_on_amendments_began(state, draft):
        raise NotInOrder(
            "Voting on amendments to this draft has begun, so no amendment can be ruled friendly "
            "any more (NMUN rules of procedure); put it to the vote instead."
        )
    if state.voting is not None and any(i.draft_id == draft.id for i in state.voting.queue):
        raise NotInOrder(
            "The committee is voting on draft {draft}; it cannot change now.", draft=draft.id
        )
    if amendment.target_clause is not None and amendment.target_clause not in {
        c.id for c in draft.clauses
    }:
        raise NotInOrder(
            "Clause {clause} is no longer in the draft.", clause=amendment.target_clause
        )
    return draft


def rule_amendment_friendly(turn: Turn, command: cmd.RuleAmendmentFriendly) -> None:
    state = turn.state
    require_chair(state, turn.actor, "rule an amendment friendly")
    amendment = get_amendment(state, command.amendment_id)
    draft = check_rule_friendly(state, amendment)
    turn.emit(
        ev.AmendmentRuledFriendly(at=turn.now, amendment_id=amendment.id, sponsors=draft.sponsors)
    )
    turn.emit(ev.AmendmentIncorporated(at=turn.now, amendment_id=amendment.id))


def pending_unfriendly(state: SessionState, draft_id: str) -> list[Amendment]:
    return [a for a in state.amendments if a.draft_id == draft_id and a.status == "pending"]


def check_order_amendments(
    state: SessionState, draft_id: str, order: tuple[str, ...] | None = None
) -> Draft:
    draft = get_draft(state, draft_id)
    if _voting_on_amendments_began(state, draft):
        raise NotInOrder(
            "Voting on the amendments to {draft} has begun; their order can no longer change.",
            draft=draft.id,
        )
    pending = {a.id for a in pending_unfriendly(state, draft.id)}
    if len(pending) < 2:
        raise NotInOrder(
            "Draft {draft} has fewer than two unfriendly amendments to order.", draft=draft.id
        )
    if order is not None and (len(order) != len(set(order)) or set(order) != pending):
        raise NotInOrder(
            "List every pending unfriendly amendment to "
            "{draft} exactly once ({pending}); you gave {given}.",
            draft=draft.id,
            pending=", ".join(sorted(pending)),
            given=", ".join(order),
        )
    return draft


def order_amendments(turn: Turn, command: cmd.OrderAmendments) -> None:
    state = turn.state
    require_chair(state, turn.actor, "order the amendments")
    draft = check_order_amendments(state, command.draft_id, command.order)
    turn.emit(ev.AmendmentsOrdered(at=turn.now, draft_id=draft.id, order=command.order))
