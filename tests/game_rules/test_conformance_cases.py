"""Run the decision-rule conformance cases in ``tests/game_rules/cases/*.yaml`` through ``decide``.

The cases are data so that any Model UN tool can check its own engine against them, the way
Diplomacy adjudicators are checked against the DATC. Each case cites its source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from game_rules import RuleViolation, decide

CASES_DIR = Path(__file__).parent / "cases"
CASE_KEYS = {"name", "source", "rule", "members", "votes", "parties", "expect"}


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    loaded: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in document["cases"]:
            loaded.append((f"{path.stem}::{case['name']}", case))
    return loaded


CASES = _load_cases()


def test_conformance_suite_has_more_than_100_cases_with_unique_names() -> None:
    """Issue #2: 'Aim for more than 100 cases', each with its rule, expected outcome and source."""
    names = [case["name"] for _, case in CASES]
    assert len(names) > 100
    assert len(names) == len(set(names)), "case names must be unique"
    for _, case in CASES:
        assert set(case) <= CASE_KEYS, f"{case['name']}: unknown keys {set(case) - CASE_KEYS}"
        assert case["source"], f"{case['name']} must cite a source"
        expect = case["expect"]
        assert ("raises" in expect) != ("adopted" in expect), case["name"]


@pytest.mark.parametrize(("case_id", "case"), CASES, ids=[case_id for case_id, _ in CASES])
def test_conformance_case(case_id: str, case: dict[str, Any]) -> None:
    """Each case's source is in its ``source`` field; see the YAML file header for the format."""
    expect = case["expect"]
    arguments = (case["rule"], case["members"], case["votes"], case.get("parties", []))
    if "raises" in expect:
        assert expect["raises"] == "RuleViolation"
        with pytest.raises(RuleViolation) as raised:
            decide(*arguments)
        assert str(raised.value), "a RuleViolation must explain itself"
        return
    outcome = decide(*arguments)
    assert outcome.adopted is expect["adopted"], outcome.reason
    for key, count in expect["tally"].items():
        assert outcome.tally[key] == count, f"tally[{key}]: {dict(outcome.tally)}"
    assert sum(outcome.tally.values()) == len(case["members"])
    for fragment in expect.get("reason_contains", []):
        assert str(fragment).lower() in outcome.reason.lower(), outcome.reason
    word = "Adopted" if expect["adopted"] else "Failed"
    assert outcome.reason.startswith(word), outcome.reason
