"""What if, in the debrief: the same ballots decided under other rules (``decide`` is pure).

UN Charter Art. 27(3): nine affirmative votes and no negative vote of a permanent member. In the
Security Council scenario China vetoes D2 though fourteen members vote for it; the panel shows
that the rule, not the votes, stopped it.
"""

from __future__ import annotations

from pathlib import Path

from game_support import Game

from app.debrief.render import render_debrief
from game_rules.report.debrief import build_debrief
from game_rules.report.what_if import what_if
from game_rules.scenario.loading import load_scenario

SECURITY_COUNCIL = Path(__file__).parents[2] / "scenarios" / "security-council-protection.yaml"


def test_the_counterfactual_panel_shows_adopted_without_the_veto_for_a_vetoed_draft() -> None:
    game = Game(load_scenario(SECURITY_COUNCIL))
    game.everyone_present()
    game.do("chair", type="press_chair_button", event_id="camp-attack")
    game.vote_on("D2", {"CHN": "no"})
    debrief = build_debrief(game.scenario, game.start, game.events, state=game.state)
    vetoed = next(v for v in debrief.votes if v.draft_id == "D2" and v.subject_kind == "draft")
    assert vetoed.vetoed_by and not vetoed.adopted
    answers = {w.rule: w for w in vetoed.what_if}
    assert answers["without_veto"].adopted is True
    assert answers["without_veto"].text == "adopted without the veto"
    html = render_debrief(debrief)
    assert 'data-rule="without_veto" class="adopted">adopted without the veto</li>' in html


def test_what_if_decides_the_same_ballots_under_each_rule() -> None:
    """Two-thirds (GA rules of procedure, rule 83) and consensus (one objection stops it)."""
    rule = {"kind": "majority", "base": "present_and_voting", "more_than": "1/2"}
    choices = {"A": "yes", "B": "yes", "C": "yes", "D": "no", "E": "no"}
    answers = {w.rule: w.adopted for w in what_if(rule, choices)}
    assert answers == {"simple_majority": True, "two_thirds": False, "consensus": False}
    assert what_if(rule, {}) == ()  # a secret ballot has no choices to decide again


def test_what_if_a_double_majority_weighs_people_as_well_as_states() -> None:
    """TEU Art. 16(4): 55% of the members and 65% of their population, and a blocking minority
    needs at least four members. Five small states outvote four populous ones by a simple
    majority, not by a double majority."""
    rule = {"kind": "majority", "base": "present_and_voting", "more_than": "1/2"}
    small, large = ["A", "B", "C", "D", "E"], ["F", "G", "H", "I"]
    choices = {**{s: "yes" for s in small}, **{s: "no" for s in large}}
    members = [{"id": s, "population": 1_000_000} for s in small] + [
        {"id": s, "population": 80_000_000} for s in large
    ]
    answers = {w.rule: w for w in what_if(rule, choices, members)}
    assert answers["simple_majority"].adopted is True
    assert answers["double_majority"].adopted is False
    assert answers["double_majority"].text.startswith("not adopted by a double majority")
    # Without every voter's population the double majority is not offered.
    assert "double_majority" not in {w.rule for w in what_if(rule, choices, members[:8])}
