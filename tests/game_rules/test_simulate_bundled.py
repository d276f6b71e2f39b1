"""`plenary simulate`: a whole bot session of each bundled scenario reaches a result, and the same
seed gives byte-identical output (seeded ``random.Random`` only, DESIGN.md)."""

from __future__ import annotations

import pytest
from game_support import SCENARIOS, bundled

from game_rules.report.simulate import format_report, simulate

BUNDLED = sorted(SCENARIOS.glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bot_only_session_of_each_bundled_scenario_reaches_a_result(path) -> None:  # type: ignore[no-untyped-def]
    scenario = bundled(path)
    result = simulate(scenario, seed=1)
    decided = [d for d in result.state.drafts if d.status in ("adopted", "rejected")]
    assert decided, "no draft was decided"
    assert not [d for d in result.state.drafts if d.status == "introduced"]
    assert result.ended_at >= scenario.metadata.duration_minutes * 60
    report = format_report(result)
    assert "VOTES" in report and "FINAL INDICATORS" in report
    for draft in decided:
        assert f"{draft.id} ({draft.title}): {draft.status}" in report


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_same_seed_gives_byte_identical_report(path) -> None:  # type: ignore[no-untyped-def]
    scenario = bundled(path)
    first = format_report(simulate(scenario, seed=42)).encode()
    second = format_report(simulate(bundled(path), seed=42)).encode()
    assert first == second


def test_report_lists_each_delegations_choice_and_the_deciding_rule() -> None:
    """Charter Art. 27(3): the Council's rule (nine votes, P5 veto) is named with each vote."""
    report = format_report(simulate(bundled(SCENARIOS / "security-council-protection.yaml"), 2))
    assert "rule: chapter_vi - " in report
    assert "a no from CHN, FRA, GBR, RUS, USA is a veto" in report
    assert "choices: CHE " in report
    assert "KRV:D1/OP4: refused" in report and "KRV@MSF: given" in report
    assert "withheld" in report


def test_different_seeds_can_play_differently() -> None:
    reports = {format_report(simulate(bundled(SCENARIOS / "tutorial.yaml"), s)) for s in range(6)}
    assert len(reports) > 1


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bot_only_session_reaches_a_scripted_event_and_an_amendment(path) -> None:  # type: ignore[no-untyped-def]
    """Bots propose the amendments their briefs give, so a bot-played session plays the
    scenario's script, not only a first vote; the same seed still prints the same bytes."""
    for seed in (1, 2, 3):
        result = simulate(bundled(path), seed=seed)
        kinds = {type(e).__name__ for e in result.events}
        assert "ScriptedEventFired" in kinds, seed
        assert "AmendmentSubmitted" in kinds, seed
        again = simulate(bundled(path), seed=seed)
        assert format_report(result).encode() == format_report(again).encode()
