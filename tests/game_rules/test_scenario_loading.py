"""Loading scenarios into models, and starting an engine session from one in a single call."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from game_rules.scenario.setup import (
    ScenarioError,
    load_scenario,
    parse_scenario,
    session_setup,
    start_session,
)
from game_rules.session.scripting import (
    AnyOfCondition,
    DraftAdoptedCondition,
    DraftNotAdoptedCondition,
    IndicatorEffect,
    SeatAction,
    StatusEffect,
)
from game_rules.session.state import SessionState

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
BASE = (Path(__file__).parent / "broken_scenarios" / "unknown_key.yaml").read_text(encoding="utf-8")
VALID = BASE.replace("    chapter_seven: true\n", "")


def test_the_base_of_the_broken_files_is_valid() -> None:
    scenario = parse_scenario(VALID)
    assert [a.id for a in scenario.actors] == ["FRA", "GHA", "MSF"]


def test_loading_and_starting_a_session_is_one_call() -> None:
    state = start_session(load_scenario(SCENARIOS / "tutorial.yaml"), now=100.0)
    assert isinstance(state, SessionState)
    assert state.started_at == 100.0
    assert [m.id for m in state.setup.members] == ["BGD", "BRA", "DEU", "JPN", "KEN"]
    assert state.agenda_item == "early-warning"  # a single item needs no motion to set it
    (draft,) = state.drafts
    assert [c.id for c in draft.clauses] == ["PP1", "PP2", "OP1", "OP2", "OP3"]
    assert draft.clauses[2].effects[0].model_dump() == {
        "indicator": {"place": "BGD", "dimension": "environmental", "change": 6.0}
    }
    assert state.setup.rules["substantive"] == {
        "kind": "majority", "base": "present_and_voting", "more_than": "1/2"
    }
    assert state.setup.world.indicators["KEN"] == {
        "environmental": 45, "personal": 58, "food": 41
    }


def test_security_council_session_carries_consent_chapters_and_observers() -> None:
    """Charter Art. 27(3) and 31, SC provisional rules 37 and 39: the setup keeps all of it."""
    scenario = load_scenario(SCENARIOS / "security-council-protection.yaml")
    setup = session_setup(scenario)
    assert setup.chapter_vii is True
    assert {o.id: o.kind for o in setup.observers} == {
        "KRV": "observer_state", "MSF": "ngo", "NRC": "ngo", "CCW": "press"
    }
    (d1,) = setup.drafts  # D2 is hidden until the camp-attack event adds it
    assert d1.rule == "chapter_vi" and d1.chapter_vii is False
    assert setup.rules["chapter_vi"]["parties_abstain"] is True
    consent = {c.id: c.requires_consent_of for c in d1.clauses if c.kind == "operative"}
    assert consent == {"OP1": (), "OP2": ("KRV",), "OP3": ("KRV",), "OP4": ("KRV",)}
    d2 = next(d for d in scenario.drafts if d.id == "D2")
    assert d2.hidden and d2.chapter == "vii"
    assert isinstance(d2.operative[1].effects[2], StatusEffect)
    # Security Council practice as the procedure base: division is automatic (rule 32).
    assert setup.procedure.motions["divide_question"].threshold == "automatic"
    assert setup.procedure.speaking_time == 120


def test_start_session_for_an_unknown_forum_names_the_forums() -> None:
    scenario = load_scenario(SCENARIOS / "tutorial.yaml")
    with pytest.raises(ValueError, match="no forum 'GA'; its forums are HSC"):
        start_session(scenario, forum_id="GA")


def test_procedure_override_changes_only_what_it_names() -> None:
    text = VALID.replace(
        "    observers: [MSF]\n",
        "    observers: [MSF]\n    procedure:\n      speaking_time: 45\n"
        "      motions:\n        close_debate: {threshold: procedural}\n",
    )
    procedure = parse_scenario(text).forums[0].procedure
    assert procedure.speaking_time == 45
    assert procedure.motions["close_debate"].threshold == "procedural"
    assert procedure.motions["close_debate"].precedence == 8  # kept from the default
    assert "adjourn_debate" in procedure.motions  # other motions untouched


def test_procedure_override_with_an_unknown_rule_name_is_caught() -> None:
    text = VALID.replace(
        "    observers: [MSF]\n",
        "    observers: [MSF]\n    procedure:\n      motions:\n"
        "        close_debate: {threshold: too_thirds}\n",
    )
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "c.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (19, 35)
    assert problem.message == "'too_thirds' names no decision rule (did you mean 'two_thirds'?)"


def test_observer_cannot_sponsor_when_observers_may_not_sign() -> None:
    """Observers "may sign where the forum allows it" (issue #2): opt-in, off by default."""
    text = VALID.replace("    sponsors: [GHA]\n", "    sponsors: [GHA, MSF]\n")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text)  # the default does not let observers sign
    assert caught.value.problems[0].message == "MSF has no seat in C1 that may sign drafts"
    allowed = text.replace(
        "    observers: [MSF]\n",
        "    observers: [MSF]\n    procedure: {observers_may_sign: true}\n",
    )
    assert parse_scenario(allowed).drafts[0].sponsors == ["GHA", "MSF"]


def test_party_to_the_dispute_must_be_a_member_and_need_a_parties_abstain_rule() -> None:
    """Charter Art. 27(3) binds Council members; a non-member party has no vote to give up."""
    text = VALID.replace("    sponsors: [GHA]\n", "    sponsors: [GHA]\n    parties: [MSF]\n")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text)
    messages = [p.message for p in caught.value.problems]
    assert "party MSF is not a member of C1; Art. 27(3) binds members only" in messages
    assert "parties are listed but the draft's rule does not make parties abstain" in messages


def test_every_problem_of_a_stage_is_reported_at_once() -> None:
    text = VALID.replace("dimensions: [health]", "dimensions: [helth]").replace(
        "level: secondary", "level: school"
    )
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "two.yaml")
    assert [(p.line, p.column) for p in caught.value.problems] == [(5, 10), (23, 18)]
    assert str(caught.value).count("two.yaml:") == 2


def test_shorthands_read_as_their_full_forms() -> None:
    text = VALID.replace(
        "      - text: Calls for wells.\n",
        "      - Asks for a report.\n      - text: Calls for wells.\n",
    ).replace(
        "  GHA: {position: Ghana needs wells.}",
        "  GHA:\n    position: Ghana needs wells.\n    objectives:\n"
        "      - text: Wells or nothing\n"
        "        check:\n"
        "          any_of: [{draft_adopted: D1, without_clause: 1}, {draft_not_adopted: D1}]",
    )
    scenario = parse_scenario(text)
    assert scenario.drafts[0].operative[0].text.text == "Asks for a report."
    check = scenario.briefs["GHA"].objectives[0].check
    assert isinstance(check, AnyOfCondition)
    first, second = check.any_of
    assert isinstance(first, DraftAdoptedCondition) and first.without_clause == [1]
    assert isinstance(second, DraftNotAdoptedCondition)


def test_scenario_models_are_immutable() -> None:
    scenario = parse_scenario(VALID)
    with pytest.raises(ValidationError):
        scenario.metadata.title = "changed"  # type: ignore[misc]


def test_climate_withdrawal_event_moves_the_largest_economy_to_an_observer_seat() -> None:
    scenario = load_scenario(SCENARIOS / "climate-summit.yaml")
    event = next(e for e in scenario.events if e.id == "largest-economy-withdraws")
    seat = next(a for a in event.actions if isinstance(a, SeatAction))
    assert (seat.seat.actor, seat.seat.becomes) == ("USA", "observer")
    assert any(isinstance(a, IndicatorEffect) for a in event.actions)


def test_missing_file_and_non_utf8_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load_scenario(tmp_path / "nope.yaml")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("metadata:\n  title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(latin1)
    assert caught.value.problems[0].line == 2
    assert "not UTF-8" in caught.value.problems[0].message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="more than the limit of 1,000,000"):
        load_scenario(big)


def test_a_misspelt_motion_is_reported_once_with_a_suggestion() -> None:
    text = VALID.replace(
        "    observers: [MSF]\n",
        "    observers: [MSF]\n    procedure:\n      speakin_time: 30\n      motions:\n"
        "        close_debat: {threshold: procedural}\n",
    )
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (18, "unknown key 'speakin_time' (did you mean 'speaking_time'?)"),
        (20, "'close_debat' is not allowed here (did you mean 'close_debate'?)"),
    ]


TUTORIAL_TEXT = (Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("replace", "by"),
    [
        ("round_minutes: 5", 'round_minutes: "inf"'),
        ("round_minutes: 5", "round_minutes: Infinity"),
        ("round_minutes: 5", "round_minutes: '1e999'"),
        ("round_minutes: 5", "round_minutes: 0.001"),
        ("duration_minutes: 15", "duration_minutes: .nan"),
        ("duration_minutes: 15", "duration_minutes: " + "9" * 5000),
        ('en: "Tutorial:', 'en: "Tuto\\0rial:'),
    ],
)
def test_a_scenario_cannot_carry_a_number_json_cannot_hold_or_a_control_character(
    replace: str, by: str
) -> None:
    """Hardening issue 2 and 3 through the other door: a quoted "inf" in a scenario became a
    float infinity, so every state sent to browsers carried Infinity, or the room could not be
    loaded again at all. Each is now a problem at its line, as every scenario mistake is."""
    assert replace in TUTORIAL_TEXT
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(TUTORIAL_TEXT.replace(replace, by, 1), source="tutorial.yaml")
    problem = refused.value.problems[0]
    assert problem.line == TUTORIAL_TEXT[: TUTORIAL_TEXT.index(replace)].count("\n") + 1
