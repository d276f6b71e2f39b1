# ruff: noqa: E501 - the expected messages are quoted whole
"""The validator against broken scenario files: each reports the exact line, column and message.

Every file in ``broken_scenarios/`` is the same small valid committee with one mistake a teacher
could make (or, for ``billion_laughs.yaml`` and ``python_tag.yaml``, an attack).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game_rules.scenario.setup import ScenarioError, load_scenario

BROKEN = Path(__file__).parent / "broken_scenarios"

# file name -> [(line, column, message)] : every problem the validator must print, in order.
EXPECTED: dict[str, list[tuple[int, int, str]]] = {
    'billion_laughs.yaml': [(8, 4, 'once its aliases are expanded the file holds more than 200,000 values')],
    'brief_ally_not_an_actor.yaml': [(43, 57, "'GHNA' names no actor (did you mean 'GHA'?)"), (44, 48, 'GHA is listed as its own ally')],
    'bloc_category_with_coordinator.yaml': [(11, 18, 'P2 is not a negotiating group, so it has no `coordinator`')],
    'bloc_coordinator_not_member.yaml': [(9, 72, 'FRA coordinates AFRICAN but is not one of its members')],
    'brief_for_missing_seat.yaml': [(45, 3, "there is a brief for 'GHB', which has no seat in any forum (did you mean 'GHA'?)")],
    'chapter_vii_without_power.yaml': [(32, 14, 'forum C1 cannot act under Chapter VII')],
    'double_majority_without_population.yaml': [(15, 20, "rule 'substantive' is a double majority, which counts population, but GHA has no population")],
    'draft_rule_unknown.yaml': [(32, 11, "'importnt' names no decision rule")],
    'duplicate_actor_id.yaml': [(12, 10, "the actor id 'FRA' is used twice")],
    'duplicate_key.yaml': [(6, 3, "the key 'level' appears twice in the same mapping")],
    'effect_on_untracked_indicator.yaml': [(35, 48, "GHA's food security has no starting value")],
    'fictional_state_with_real_code.yaml': [(10, 10, "the fictional actor uses the real country code 'GHA'")],
    'hidden_draft_never_added.yaml': [(32, 13, 'draft D1 is hidden but no event adds it')],
    'indicator_out_of_range.yaml': [(27, 23, '160 is out of range: it must be at most 100')],
    'malformed_rule.yaml': [(18, 20, "Unknown key 'at_leat' in a majority rule (did you mean 'at_least'?); allowed keys are at_least, base, kind, min_yes, more_than, parties_abstain, quorum, veto")],
    'member_names_no_actor.yaml': [(15, 25, "'DEU' names no actor")],
    'missing_title.yaml': [(2, 1, '`title` is missing under `metadata`')],
    'non_coercive_without_acts_in.yaml': [(37, 11, 'non_coercive_effects apply only to a clause that needs consent')],
    'objective_clause_out_of_range.yaml': [(48, 49, 'draft D1 has no operative clause 3')],
    'python_tag.yaml': [(3, 10, 'the tag !!python/object/apply:os.system is not allowed here')],
    'real_state_with_wrong_code.yaml': [(9, 10, "'FRN' is not an ISO 3166-1 alpha-3 country code (did you mean 'IRN'?)")],
    'seat_without_brief.yaml': [(16, 17, 'MSF has a seat but no brief')],
    'tab_indentation.yaml': [(30, 1, "YAML syntax error: found character '\\t' that cannot start any token (while scanning for the next token)")],
    'trigger_names_no_draft.yaml': [(39, 26, "'D2' names no draft")],
    'trigger_fires_at_once.yaml': [(39, 68, "GHA's health security starts at 60, already below 70, so the event would fire at once")],
    'unknown_dimension.yaml': [(23, 18, "'helth' is not allowed here (did you mean 'health'?)")],
    'unknown_language_code.yaml': [(31, 56, "'de' is not one of the scenario's languages (en, fr)")],
    'unknown_key.yaml': [(17, 5, "unknown key 'chapter_seven' (did you mean 'chapter_vii'?)")],
    'unknown_trigger.yaml': [(39, 11, "a trigger (`when:`) must start with one of: at_minute, draft_adopted, draft_failed, veto_cast, indicator_below, chair_button; found 'draft_fail' (did you mean 'draft_failed'?)")],
    'variant_drops_a_draft_an_event_needs.yaml': [(42, 9, 'variant no-vote drops draft D1 but keeps event thanks, which needs it')],
    'variant_event_after_end.yaml': [(51, 14, 'event drought comes at minute 12, not before the end of this 10-minute variant')],
    'variant_keep_and_drop.yaml': [(57, 13, 'give `keep:` or `drop:`, not both')],
    'variant_moves_an_untimed_event.yaml': [(58, 19, 'event thanks is not timed (`when: {at_minute: ...}`), so it has no minute to move')],
    'variant_names_no_event.yaml': [(53, 28, "'drougth' names no event (did you mean 'drought'?)")],
    'variant_seat_without_brief.yaml': [(53, 12, 'DEU has a seat in this variant but no brief')],
    'veto_holder_not_member.yaml': [(18, 49, "veto holder 'USA' is not a member of C1")],
    'vote_stance_typo.yaml': [(43, 61, "'maybe' is not allowed here")],
    'weighted_without_weight.yaml': [(15, 40, "rule 'substantive' is weighted, but GHA has no weight")],
}


def test_every_broken_file_has_an_expectation() -> None:
    """A new broken file without an expectation would prove nothing."""
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_reports_exact_position_and_message(name: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BROKEN / name)
    found = [(p.line, p.column, p.message) for p in caught.value.problems]
    assert found == EXPECTED[name]
    for problem in caught.value.problems:
        # file:line:column: what is wrong — how to fix it
        assert str(problem).startswith(f"{BROKEN / name}:{problem.line}:{problem.column}: ")
        assert " — " in str(problem)
        assert problem.hint


@pytest.mark.parametrize(
    ("name", "hint_part"),
    [
        ("unknown_key.yaml", "allowed keys here: chapter_vii"),
        ("member_names_no_actor.yaml", "known: FRA, GHA, MSF"),
        ("double_majority_without_population.yaml", "add `population:` to actor GHA"),
        ("tab_indentation.yaml", "replace the tab character with spaces"),
        ("billion_laughs.yaml", "billion laughs"),
        ("trigger_names_no_draft.yaml", "known: D1"),
        ("seat_without_brief.yaml", "add `MSF:` under `briefs:`"),
        ("unknown_trigger.yaml", "`draft_failed: ...`"),
    ],
)
def test_broken_file_says_how_to_fix_it(name: str, hint_part: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BROKEN / name)
    assert hint_part in caught.value.problems[0].hint


def test_billion_laughs_fails_fast() -> None:
    """Nine levels of nine aliases expand to 387 million values; refusing must take milliseconds."""
    started = time.perf_counter()
    with pytest.raises(ScenarioError):
        load_scenario(BROKEN / "billion_laughs.yaml")
    assert time.perf_counter() - started < 1.0
