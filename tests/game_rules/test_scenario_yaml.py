"""Safe YAML reading: limits, YAML 1.2 scalars, duplicate keys and source positions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game_rules.scenario.setup import scenario_problems
from game_rules.scenario.yaml_parser import Position, YamlLimits, YamlProblem, parse_yaml


def test_yes_no_and_country_codes_stay_text() -> None:
    """YAML 1.1 turns `no`, `NO` and `on` into booleans (the "Norway problem"); we read YAML 1.2."""
    data, _ = parse_yaml(
        "vote: no\ncountry: NO\nswitch: on\nflag: true\nn: 3\nx: 2.5\nnothing: ~\n"
    )
    assert data == {
        "vote": "no", "country": "NO", "switch": "on", "flag": True, "n": 3, "x": 2.5,
        "nothing": None,
    }


def test_positions_of_keys_and_values_are_one_based() -> None:
    _, where = parse_yaml("a:\n  b: [x, y]\n")
    assert where.keys[("a", "b")] == Position(2, 3)
    assert where.values[("a", "b", 1)] == Position(2, 10)
    assert where.value_at(("a", "b", 1, "missing")) == Position(2, 10)


def test_duplicate_key_is_an_error_not_a_silent_overwrite() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("a: 1\nb: 2\na: 3\n")
    assert caught.value.position == Position(3, 1)
    assert "appears twice" in caught.value.message


def test_file_size_limit_is_checked_before_parsing() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("a: " + "x" * 200, YamlLimits(max_bytes=100))
    assert "larger than the limit of 100 bytes" in caught.value.message


def test_alias_count_limit() -> None:
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 5) + "]\n"
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text, YamlLimits(max_aliases=4))
    assert "more than 4 aliases" in caught.value.message


def test_nesting_depth_limit() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("[" * 50 + "]" * 50)
    assert "nested more than 40 levels" in caught.value.message


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("a: &loop [1, *loop]\n")
    assert "endless loop" in caught.value.message


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system [ls]\n",
        "a: !!python/name:os.system\n",
        "a: !custom {x: 1}\n",
    ],
)
def test_object_tags_are_refused(text: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text)
    assert "is not allowed here" in caught.value.message


def test_standard_tags_still_work() -> None:
    data, _ = parse_yaml("a: !!str 123\nb: !!int '7'\n")
    assert data == {"a": "123", "b": 7}


def test_empty_file() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("# only a comment\n")
    assert caught.value.message == "the file is empty"


def test_flow_list_with_question_mark_gets_a_quoting_hint() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("prompts: [Why? Because]\n")
    assert "in quotes" in caught.value.hint


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!#|>'\" \n\t0129.~?,")), max_size=80))
def test_any_text_gives_problems_or_a_scenario_never_a_crash(text: str) -> None:
    """Whatever a client uploads, the checker answers with positioned problems, never a crash."""
    scenario, problems = scenario_problems(text, "upload.yaml")
    assert (scenario is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and problem.hint
