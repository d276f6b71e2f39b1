"""What one effect does to the world: an indicator, the trust between two delegations, or a
status tag moves, as an event that carries its cause (so the log explains every number)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from game_rules.session.scripting import Effect, IndicatorEffect, StatusEffect, TrustEffect
from game_rules.session.state import SessionState
from game_rules.session.turn import Turn
from game_rules.session.world import (
    Cause,
    IndicatorChanged,
    StatusChanged,
    TrustChanged,
    World,
    clamp,
)

EffectEvent = IndicatorChanged | TrustChanged | StatusChanged


def effect_events(
    state: SessionState, effect: Effect, cause: Cause, at: float, scale: float = 1.0
) -> list[EffectEvent]:
    """The events ``effect`` produces now. An indicator the scenario does not track, or a change
    that rounds to nothing, produces none."""
    world = state.world
    match effect:
        case IndicatorEffect(indicator=change):
            before = world.indicator(change.place, change.dimension)
            if before is None:
                return []
            after = round(clamp(before + change.change * scale), 2)
            if after == before:
                return []
            return [
                IndicatorChanged(
                    at=at,
                    place=change.place,
                    dimension=change.dimension,
                    before=before,
                    after=after,
                    cause=cause,
                )
            ]
        case TrustEffect(trust=change):
            first, second = change.between
            return list(
                trust_changes(
                    world, first, second, change.change * scale, cause, at, one_way=change.one_way
                )
            )
        case StatusEffect(status=change):
            status = change.set or change.clear or ""
            return [
                StatusChanged(
                    at=at,
                    actor=change.actor,
                    status=status,
                    label=change.label or status.replace("_", " "),
                    active=change.set is not None,
                    cause=cause,
                )
            ]


#: Called after each indicator moved, with the world before it (triggers watch thresholds).
AfterIndicator = Callable[[Turn, World], None]


def emit_effects(
    turn: Turn,
    effects: Iterable[Effect],
    cause: Cause,
    scale: float = 1.0,
    after_indicator: AfterIndicator | None = None,
) -> None:
    """Emit the events of ``effects`` in order, each worked out on the world as it is by then."""
    for effect in effects:
        for event in effect_events(turn.state, effect, cause, turn.now, scale):
            before = turn.state.world
            turn.emit(event)
            if after_indicator is not None and isinstance(event, IndicatorChanged):
                after_indicator(turn, before)


def trust_changes(
    world: World,
    truster: str,
    trusted: str,
    change: float,
    cause: Cause,
    at: float,
    *,
    one_way: bool,
) -> list[TrustChanged]:
    """Trust moved by ``change``: ``truster``'s in ``trusted`` only when ``one_way``; else
    both directions, as one event while they stand equal and as two once they differ."""
    directions = [(truster, trusted)] if one_way else [(truster, trusted), (trusted, truster)]
    befores = [world.trust_between(a, b) for a, b in directions]
    if not one_way and befores[0] == befores[1]:
        directions, befores = directions[:1], befores[:1]
        one_way = False
    else:
        one_way = True
    changes: list[TrustChanged] = []
    for (a, b), before in zip(directions, befores, strict=True):
        after = round(clamp(before + change), 2)
        if after != before:
            changes.append(
                TrustChanged(
                    at=at, between=(a, b), before=before, after=after, cause=cause,
                    one_way=one_way,
                )
            )
    return changes
