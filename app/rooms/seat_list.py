"""The seat list every screen shows (the seat picker, the chair's Seats panel, ``seats``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.models import Seat, Student
from app.rooms.wire import seats_frame
from game_rules.session.state import Delegation, SessionSetup, SessionState

# A room's capacity, here because the seat picker and class_fit both state it.
#: Students on one held seat: one, or two or three co-delegates (one vote per seat).
CO_DELEGATES_PER_SEAT = 3
#: Students in roles without a seat, in one room.
MAX_SEATLESS = 4


def bot_seats(state: SessionState) -> frozenset[str]:
    """The seats a bot plays."""
    return frozenset(state.world.bots)


def public_seat(
    seat: Seat,
    state: SessionState,
    delegation: Delegation | None = None,
    bots: frozenset[str] | None = None,
    students: Mapping[str, Student] | None = None,
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
        "co_delegates": co_delegates(seat, students or {}),
        "max_students": CO_DELEGATES_PER_SEAT,
    }


def co_delegates(seat: Seat, students: Mapping[str, Student]) -> list[dict[str, Any]]:
    """The students sitting on a held seat, first come first (display names only)."""
    if seat.token_hash is None:
        return []
    return [
        {"student": s.id, "display_name": s.display_name}
        for s in students.values()
        if s.actor == seat.actor and s.token_hash is not None
    ]


def seat_list(
    seats: Mapping[str, Seat], state: SessionState, students: Mapping[str, Student] | None = None
) -> list[dict[str, Any]]:
    setup = state.setup
    delegations = {d.id: d for d in (*setup.members, *setup.observers)}
    bots = bot_seats(state)
    return [
        public_seat(seat, state, delegations.get(seat.actor), bots, students)
        for seat in seats.values()
    ]


def same_to_screens(
    old: Mapping[str, Seat],
    new: Mapping[str, Seat],
    old_students: Mapping[str, Student] | None = None,
    new_students: Mapping[str, Student] | None = None,
) -> bool:
    """Whether no screen would see a difference between the two seat lists (who holds a seat,
    and under which name, and its co-delegates)."""
    return _seat_rows(old) == _seat_rows(new) and _student_rows(old_students) == _student_rows(
        new_students
    )


def _student_rows(
    students: Mapping[str, Student] | None,
) -> list[tuple[str, str | None, str | None, str | None]]:
    return sorted(
        (s.id, s.actor, s.display_name, s.token_hash) for s in (students or {}).values()
    )


def _seat_rows(seats: Mapping[str, Seat]) -> list[tuple[str, str | None, str | None]]:
    return sorted((actor, seat.display_name, seat.token_hash) for actor, seat in seats.items())


class SeatsFrame:
    """The ``seats`` frame, made once per seat list (every joining connection sends it)."""

    def __init__(self) -> None:
        self._cached: (
            tuple[Mapping[str, Seat], SessionSetup, frozenset[str], object, str] | None
        ) = None

    def text(
        self,
        seats: Mapping[str, Seat],
        state: SessionState,
        students: Mapping[str, Student] | None = None,
    ) -> str:
        # Bots and scripted seat moves change the list too, not only claims and releases.
        setup, bots = state.setup, bot_seats(state)
        cached = self._cached
        if (
            cached is not None
            and cached[:2] == (seats, setup)
            and cached[2] == bots
            and cached[3] is students
        ):
            return cached[4]
        text = seats_frame(seat_list(seats, state, students))
        self._cached = (seats, setup, bots, students, text)
        return text
