"""One rubric per room (issue 13): the scenario's optional ``rubric:`` block replaces the
default for students and position papers alike, and a score is checked against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import InvalidInput
from app.papers.rubric import DEFAULT_RUBRIC, checked_score, scenario_rubric
from app.scenarios.service import room_scenario

TUTORIAL = (Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml").read_text(
    encoding="utf-8"
)
OWN = TUTORIAL + "\nrubric:\n  criteria: [research, teamwork]\n  lowest: 0\n  highest: 5\n"


def test_the_default_rubric_without_a_rubric_block() -> None:
    assert scenario_rubric(TUTORIAL, "tutorial", None) == DEFAULT_RUBRIC
    assert DEFAULT_RUBRIC.criteria == ("preparation", "diplomacy", "procedure", "evidence")
    assert (DEFAULT_RUBRIC.lowest, DEFAULT_RUBRIC.highest) == (1, 4)


def test_a_scenarios_rubric_sets_the_criteria_and_the_scale() -> None:
    rubric = scenario_rubric(OWN, "tutorial", None)
    assert rubric.criteria == ("research", "teamwork")
    assert (rubric.lowest, rubric.highest) == (0, 5)
    assert checked_score(rubric, {"research": 0, "teamwork": 5}, " ok ") == (
        {"research": 0, "teamwork": 5}, "ok"
    )
    with pytest.raises(InvalidInput) as out_of_range:
        checked_score(rubric, {"research": 6, "teamwork": 5}, None)
    assert out_of_range.value.code == "score_out_of_range"
    with pytest.raises(InvalidInput) as unknown:
        checked_score(rubric, {"preparation": 3, "research": 1, "teamwork": 1}, None)
    assert unknown.value.code == "unknown_criterion"


def test_a_rubric_whose_scale_is_upside_down_is_refused() -> None:
    broken = TUTORIAL + "\nrubric:\n  criteria: [research]\n  lowest: 4\n  highest: 2\n"
    with pytest.raises(Exception, match="highest"):
        room_scenario(broken, "tutorial", None)
