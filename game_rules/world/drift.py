"""Time: the crisis drifts once per round, and scripted events come due at minute T.

The scenario's clock stops while the chair's clock is paused (and when a room is left alone:
``app/rooms/lifecycle.py``), so a class never comes back to every missed round at once.
"""

from __future__ import annotations

from game_rules.messages import say
from game_rules.procedure.voting import consensus_deadline, end_without_consensus, in_consultations
from game_rules.session.scripting import IndicatorChange, IndicatorEffect
from game_rules.session.state import Draft, SessionState
from game_rules.session.turn import Turn
from game_rules.session.world import Cause, RoundEnded, World
from game_rules.world.consent import continue_phased_clauses
from game_rules.world.injects import apply_effects, fire_scripted_event, timed_minute


def _has_drift(world: World) -> bool:
    return any(any(v != 0 for v in dims.values()) for dims in world.rules.drift.values())


def next_world_deadline(state: SessionState) -> float | None:
    """When the next round ends or the next timed event is due (the app ticks then).

    The scenario's clock stops while the chair's clock is paused, so a paused class does not
    come back to every missed round at once: None while paused, and later deadlines move by
    the time spent paused."""
    if state.paused_at is not None:
        return None
    world = state.world
    origin = state.scenario_clock_origin()
    times: list[float] = []
    if _has_drift(world):
        times.append(origin + (world.rounds + 1) * world.rules.round_minutes * 60)
    for scripted in world.rules.events:
        minute = timed_minute(scripted)
        if minute is not None and scripted.id not in world.fired:
            times.append(origin + minute * 60)
    if _open_consultations(state):
        times.append(consensus_deadline(state))
    return min(times) if times else None


def _open_consultations(state: SessionState) -> tuple[Draft, ...]:
    """Drafts in consultations that the deadline may close (not while their question is open)."""
    vote = state.vote
    return tuple(
        d for d in in_consultations(state)
        if vote is None or d.id not in (vote.subject.ref, vote.subject.draft_id)
    )


def advance_time(turn: Turn) -> None:
    """Apply every round and timed event due by ``turn.now``, in time order."""
    while True:
        state = turn.state
        world = state.world
        due = next_world_deadline(state)
        if due is None or due > turn.now:
            return
        origin = state.scenario_clock_origin()
        timed = [
            (minute, s)
            for s in world.rules.events
            if (minute := timed_minute(s)) is not None
            and s.id not in world.fired
            and origin + minute * 60 == due
        ]
        if timed:
            for minute, scripted in timed:
                fire_scripted_event(
                    turn, scripted, say("minute {minute} of the session", minute=minute)
                )
            continue
        if due == consensus_deadline(state) and _open_consultations(state):
            for draft in _open_consultations(state):
                end_without_consensus(turn, draft, "deadline")
            continue
        _end_round(turn, world.rounds + 1)


def _end_round(turn: Turn, number: int) -> None:
    turn.emit(RoundEnded(at=turn.now, round=number))
    world = turn.state.world
    minutes = world.rules.round_minutes
    for place in sorted(world.rules.drift):
        for dimension, change in world.rules.drift[place].items():
            if change == 0:
                continue
            cause = Cause.said(
                "drift",
                str(number),
                say(
                    "the crisis drifts by {change} per round of {minutes} minutes (round {number})",
                    change=f"{change:+g}",
                    minutes=minutes,
                    number=number,
                ),
            )
            effect = IndicatorEffect(
                indicator=IndicatorChange(place=place, dimension=dimension, change=change)
            )
            apply_effects(turn, [effect], cause)
    continue_phased_clauses(turn)
