"""The bundled scenarios: each passes `plenary scenario check`, matches the JSON Schema, starts a
session, and has the procedure its forum really uses."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from app.cli import cli
from game_rules.decision.decide import decide
from game_rules.scenario.models import Scenario
from game_rules.scenario.setup import load_scenario, scenario_json_schema, start_session
from game_rules.scenario.yaml_parser import parse_yaml
from game_rules.session.scripting import DIMENSIONS

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
BUNDLED = sorted(SCENARIOS.glob("*.yaml"))
BROKEN = Path(__file__).parent / "game_rules" / "broken_scenarios"
runner = CliRunner()


def load(name: str) -> Scenario:
    return load_scenario(SCENARIOS / name)


def test_the_five_scenarios_are_bundled() -> None:
    assert [p.name for p in BUNDLED] == [
        "climate-summit.yaml",
        "general-assembly-2030.yaml",
        "habitat-urban-agenda.yaml",
        "security-council-protection.yaml",
        "tutorial.yaml",
    ]


def test_plenary_scenario_check_passes_every_bundled_file() -> None:
    result = runner.invoke(cli, ["scenario", "check", *map(str, BUNDLED)])
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok") == len(BUNDLED)


def test_plenary_scenario_check_fails_and_prints_every_problem(tmp_path: Path) -> None:
    text = (BROKEN / "unknown_key.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "two.yaml"
    broken.write_text(text.replace("dimensions: [health]", "dimensions: [helth]"), encoding="utf-8")
    result = runner.invoke(cli, ["scenario", "check", str(BUNDLED[0]), str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:17:5: unknown key 'chapter_seven' (did you mean 'chapter_vii'?) — " in (
        result.output
    )
    assert f"{broken}:24:18: 'helth' is not allowed here (did you mean 'health'?) — " in (
        result.output
    )
    assert f"{broken}: 2 problem(s)" in result.output


def test_plenary_scenario_check_reports_a_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["scenario", "check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "cannot read the file" in result.output


def test_plenary_scenario_schema_prints_a_valid_json_schema() -> None:
    result = runner.invoke(cli, ["scenario", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == scenario_json_schema()


def test_the_schema_file_beside_the_scenarios_is_up_to_date() -> None:
    """Editors read scenarios/scenario.schema.json; regenerate it with `plenary scenario schema`."""
    on_disk = json.loads((SCENARIOS / "scenario.schema.json").read_text(encoding="utf-8"))
    assert on_disk == scenario_json_schema(), (
        "run: plenary scenario schema > scenarios/scenario.schema.json"
    )


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_json_schema_validates_bundled_file(path: Path) -> None:
    data, _ = parse_yaml(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(scenario_json_schema())
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_json_schema_rejects_an_unknown_key() -> None:
    data, _ = parse_yaml((BROKEN / "unknown_key.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(scenario_json_schema())
    assert not validator.is_valid(data)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_file_declares_its_schema_for_editors(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./scenario.schema.json"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_scenario_starts_a_session_of_every_forum(path: Path) -> None:
    scenario = load_scenario(path)
    for forum in scenario.forums:
        state = start_session(scenario, forum.id)
        assert state.setup.forum_id == forum.id
        assert len(state.setup.members) == len(forum.members)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_seat_has_a_brief_with_a_position(path: Path) -> None:
    scenario = load_scenario(path)
    seats = {seat for forum in scenario.forums for seat in forum.seat_ids()}
    assert seats == set(scenario.briefs)
    assert all(len(brief.position.text) > 40 for brief in scenario.briefs.values())


def test_tutorial_is_five_delegations_and_simple_majority_in_fifteen_minutes() -> None:
    """GA rule 86: a majority of members present and voting; abstentions are not counted."""
    scenario = load("tutorial.yaml")
    forum = scenario.forum()
    assert len(forum.members) == 5
    assert scenario.metadata.duration_minutes == 15
    members = forum.member_ids()
    rule = forum.rules["substantive"].to_dict()
    outcome = decide(rule, members, {"BGD": "yes", "KEN": "yes", "DEU": "no", "JPN": "abstain"})
    assert outcome.adopted


def test_security_council_is_the_real_2024_council_with_the_p5_veto() -> None:
    """Charter Art. 23 and 27(3); the Council's composition in 2024."""
    scenario = load("security-council-protection.yaml")
    council = scenario.forum("UNSC")
    assert sorted(council.member_ids()) == sorted(
        ["CHN", "FRA", "RUS", "GBR", "USA", "DZA", "ECU", "GUY", "JPN", "MLT", "MOZ", "KOR",
         "SLE", "SVN", "CHE"]
    )
    assert council.chapter_vii
    rule = council.rules["substantive"].to_dict()
    votes = dict.fromkeys(council.member_ids(), "yes") | {"RUS": "no"}
    outcome = decide(rule, council.member_ids(), votes)
    assert not outcome.adopted and "RUS" in outcome.reason
    # The host state is fictional, takes part without a vote, and is asked for its consent.
    host = scenario.actor("KRV")
    assert host.fictional and "KRV" in council.observers
    assert scenario.briefs["KRV"].bot.consent == "refuse"
    # NGOs are observers: they speak and never vote.
    assert {scenario.actor(a).kind for a in ("MSF", "NRC")} == {"ngo"}
    assert not council.procedure.observers_may_sign


def test_security_council_moves_from_chapter_vi_towards_chapter_vii() -> None:
    scenario = load("security-council-protection.yaml")
    d1, d2 = scenario.drafts
    assert (d1.chapter, d1.rule, d1.hidden) == ("vi", "chapter_vi", False)
    assert (d2.chapter, d2.hidden) == ("vii", True)
    assert any(c.acts_in == "KRV" and c.non_coercive_effects for c in d1.operative)
    adds_d2 = [
        e for e in scenario.events
        if any(getattr(a, "add_draft", None) == "D2" for a in e.actions)
    ]
    assert len(adds_d2) == 1


def test_climate_summit_decides_by_consensus_with_the_five_blocs() -> None:
    """WTO Art. IX:1 footnote and UNFCCC practice: consensus is no formal objection."""
    scenario = load("climate-summit.yaml")
    cop = scenario.forum()
    assert cop.procedure.consensus_forum
    assert {"G77", "AOSIS", "LDC", "EU", "UMBRELLA"} <= {b.id for b in scenario.blocs}
    tracked = {d for place in scenario.indicators.places for d in place.start}
    assert tracked == {"environmental", "food"}
    members = cop.member_ids()
    rule = cop.rules["substantive"].to_dict()
    everyone_but_saudi = dict.fromkeys(members, "yes") | {"SAU": "abstain"}
    assert decide(rule, members, everyone_but_saudi).adopted  # standing aside does not block
    assert not decide(rule, members, everyone_but_saudi | {"SAU": "no"}).adopted


def test_habitat_partners_may_speak_and_sign_but_not_object() -> None:
    scenario = load("habitat-urban-agenda.yaml")
    forum = scenario.forum()
    kinds = {scenario.actor(a).kind for a in forum.observers}
    assert {"local_government", "academic", "civil_society"} <= kinds
    assert forum.procedure.observers_may_sign and not forum.procedure.observers_may_object
    assert all(scenario.actor(a).kind == "state" for a in forum.member_ids())


def test_general_assembly_has_forty_delegations_from_every_regional_group() -> None:
    """Charter Art. 18(2)-(3): simple majority, two-thirds once a question is declared important."""
    scenario = load("general-assembly-2030.yaml")
    ga = scenario.forum()
    assert len(ga.members) >= 40
    groups = Counter(scenario.actor(a).regional_group for a in ga.member_ids())
    assert set(groups) == {"african", "asia_pacific", "eastern_european",
                           "latin_american_caribbean", "weog"}
    members = ga.member_ids()
    votes = {m: "yes" for m in members[:24]} | {m: "no" for m in members[24:40]}
    assert decide(ga.rules["substantive"].to_dict(), members, votes).adopted  # 24 of 40
    assert not decide(ga.rules["important"].to_dict(), members, votes).adopted  # below 2/3


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_indicators_use_the_seven_undp_dimensions(path: Path) -> None:
    scenario = load_scenario(path)
    for item in scenario.agenda:
        assert set(item.dimensions) <= set(DIMENSIONS)
    assert scenario.indicators.places, "every bundled scenario tracks human security"
