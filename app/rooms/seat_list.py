"""The seat list every screen shows (the seat picker, the chair's Seats panel, ``seats``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.models import Seat
from app.rooms.wire import seats_frame
from game_rules.session.state import Delegation, SessionSetup, SessionState


def bot_seats(state: SessionState) -> frozenset[str]:
    """The seats a bot plays."""
    return frozenset(state.world.bots)


def public_seat(
    seat: Seat,
    state: SessionState,
    delegation: Delegation | None = None,
    bots: frozenset[str] | None = None,
) -> dict[str, Any]:
    if delegation is None:
        delegation = state.setup.delegation(seat.actor)
    if bots is None:
        bots = bot_seats(state)
    # A scripted seat move (a withdrawal) can make a member an observer while the room runs.
    kind = seat.kind if delegation is None else (
        "member" if state.setup.is_member(seat.actor) else "observer"
    )
    return {
        "actor": seat.actor,
        "name": seat.actor_name,
        "kind": kind,
        "bot": seat.actor in bots,
        "delegation_kind": delegation.kind if delegation is not None else None,
        "flag": delegation.flag if delegation is not None else None,
        "claimed": seat.token_hash is not None,
        "display_name": seat.display_name,
    }


def seat_list(seats: Mapping[str, Seat], state: SessionState) -> list[dict[str, Any]]:
    setup = state.setup
    delegations = {d.id: d for d in (*setup.members, *setup.observers)}
    bots = bot_seats(state)
    return [public_seat(seat, state, delegations.get(seat.actor), bots) for seat in seats.values()]


def same_to_screens(old: Mapping[str, Seat], new: Mapping[str, Seat]) -> bool:
    """Whether no screen would see a difference between the two seat lists (who holds a seat,
    and under which name)."""
    return _seat_rows(old) == _seat_rows(new)


def _seat_rows(seats: Mapping[str, Seat]) -> list[tuple[str, str | None, str | None]]:
    return sorted((actor, seat.display_name, seat.token_hash) for actor, seat in seats.items())


class SeatsFrame:
    """The ``seats`` frame, made once per seat list (every joining connection sends it)."""

    def __init__(self) -> None:
        self._cached: tuple[Mapping[str, Seat], SessionSetup, frozenset[str], str] | None = None

    def text(self, seats: Mapping[str, Seat], state: SessionState) -> str:
        # Bots and scripted seat moves change the list too, not only claims and releases.
        setup, bots = state.setup, bot_seats(state)
        cached = self._cached
        if cached is not None and cached[:2] == (seats, setup) and cached[2] == bots:
            return cached[3]
        text = seats_frame(seat_list(seats, state))
        self._cached = (seats, setup, bots, text)
        return text
