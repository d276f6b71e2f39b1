"""Which scenario and variant fits a class: seats, co-delegates and roles without a seat.

A seat holds one student, or up to ``CO_DELEGATES_PER_SEAT`` who share it (co-delegates: one
vote per seat, each on their own device). Students beyond that take one of the roles without a
seat (press, rapporteur, observer), at most ``MAX_SEATLESS`` in a room. Seats nobody takes
are played by bots. docs/protocol.md (``GET /api/scenarios/fit``) documents both numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from app.rooms.seat_list import CO_DELEGATES_PER_SEAT, MAX_SEATLESS
from app.scenarios.service import LoadedScenario, seat_count
from game_rules.scenario.variants import scenario_variant

MAX_CLASS_SIZE = 1000


@dataclass(frozen=True)
class ClassFit:
    """How a class of ``students`` fills one scenario cut: who sits where, who has no role."""

    scenario_id: str
    title: str
    variant_id: str | None
    variant_name: str | None
    minutes: int
    seats: int
    students: int
    bots: int  # seats no student takes, played by bots
    shared: int  # seats with two or more students
    three: int  # of those, seats with three
    without_seat: int  # students in roles without a seat
    without_role: int  # students left with nothing to do

    @property
    def fits(self) -> bool:
        """Every student has a role and every seat a student."""
        return self.without_role == 0 and self.bots == 0

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "fits": self.fits}


def fill(seats: int, students: int) -> tuple[int, int, int, int, int]:
    """(bots, shared, three, without_seat, without_role) for a class in a room of ``seats``."""
    bots = max(0, seats - students)
    seated = min(students, seats * CO_DELEGATES_PER_SEAT)
    extra = seated - min(students, seats)  # co-delegates beyond the first student of a seat
    shared = min(seats, extra)
    three = max(0, extra - seats)
    rest = students - seated
    without_seat = min(rest, MAX_SEATLESS)
    return bots, shared, three, without_seat, rest - without_seat


def class_fits(scenarios: list[LoadedScenario], students: int) -> list[ClassFit]:
    """Every scenario as written and in each variant, for a class of ``students``: those that
    fit first, then by length."""
    fits: list[ClassFit] = []
    for loaded in scenarios:
        cuts = [(None, None, loaded.scenario)] + [
            (v.id, v.name, scenario_variant(loaded.scenario, v.id))
            for v in loaded.scenario.variants
        ]
        for variant_id, name, cut in cuts:
            seats = seat_count(cut)
            bots, shared, three, without_seat, without_role = fill(seats, students)
            fits.append(
                ClassFit(
                    scenario_id=loaded.id,
                    title=loaded.title,
                    variant_id=variant_id,
                    variant_name=name,
                    minutes=cut.metadata.duration_minutes,
                    seats=seats,
                    students=students,
                    bots=bots,
                    shared=shared,
                    three=three,
                    without_seat=without_seat,
                    without_role=without_role,
                )
            )
    return sorted(fits, key=lambda fit: (not fit.fits, fit.minutes, fit.title))
