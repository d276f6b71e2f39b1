"""Every seat of a scenario with rich briefs knows what to negotiate for (issue 12: "each seat:
interests, red lines, allies, what it may trade", as rich as the Security Council's): a
position, at least two interests, at least one red line, at least one ally and at least one
thing it may trade. The Council, General Assembly and Habitat scenarios are held to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from game_support import SCENARIOS, bundled

from game_rules.scenario.variants import variant_seat_ids

# The scenarios held to complete briefs. Add a scenario here once its briefs are filled.
REQUIRED = [
    "security-council-protection.yaml", "general-assembly-2030.yaml", "habitat-urban-agenda.yaml"
]


def incomplete_briefs(path: Path) -> dict[str, list[str]]:
    """Seat -> what its brief lacks, for every seat of every forum and variant."""
    scenario = bundled(path)
    seats = {seat for forum in scenario.forums for seat in forum.seat_ids()}
    seats |= variant_seat_ids(scenario)
    lacking: dict[str, list[str]] = {}
    for seat in sorted(seats):
        brief = scenario.briefs.get(seat)
        if brief is None:
            lacking[seat] = ["a brief"]
            continue
        wanted = {
            "a position": bool(brief.position.text.strip()),
            "two interests": len(brief.interests) >= 2,
            "a red line": len(brief.red_lines) >= 1,
            "an ally": len(brief.allies) >= 1,
            "something it may trade": len(brief.may_trade) >= 1,
        }
        missing = [what for what, present in wanted.items() if not present]
        if missing:
            lacking[seat] = missing
    return lacking


@pytest.mark.parametrize("name", REQUIRED)
def test_every_seat_has_interests_red_lines_allies_and_trades(name: str) -> None:
    assert incomplete_briefs(SCENARIOS / name) == {}
