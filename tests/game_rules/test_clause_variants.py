"""Clause variants: the wordings a scenario writes for one clause, each with its own effects.

Source: the New Urban Agenda (A/RES/71/256, annex, para. 11) settled the "right to the city" by
a compromise wording ("this vision, referred to as 'right to the city'"). In the Habitat
scenario the United States proposes that wording; it must carry its own effects, and the
objectives that name "clause 2 as filed" must see that clause 2 is no longer as filed.
"""

from __future__ import annotations

from typing import Any

import pytest
from game_support import SCENARIOS, Game, bundled

from game_rules.engine.apply import replay
from game_rules.errors import NotInOrder
from game_rules.report.debrief import evaluate
from game_rules.session.events import parse_event
from game_rules.session.state import CHAIR

HABITAT = SCENARIOS / "habitat-urban-agenda.yaml"
COMPROMISE = (
    "Shares the vision of cities for all, referred to by some national and local governments "
    "as the right to the city, including adequate housing, water and sanitation;"
)


def _adopt_with_amendment(**amendment: Any) -> Game:
    game = Game(bundled(HABITAT))
    game.everyone_present()
    game.do("USA", type="propose_amendment", draft_id="D1", action="modify",
            target_clause="OP2", **amendment)
    game.do("ECU", type="propose_motion", kind="move_to_vote", target="D1")
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    while game.state.voting is not None:
        game.do(CHAIR, type="open_vote")
        vote = game.state.vote
        assert vote is not None
        for voter in vote.voters:
            if game.state.is_present(voter):
                game.do(voter, type="cast_vote", choice="join")
        game.do(CHAIR, type="close_vote")
    assert game.state.draft("D1").status == "adopted"  # type: ignore[union-attr]
    return game


def _objective(game: Game, seat: str) -> bool:
    check = game.scenario.briefs[seat].objectives[0].check
    assert check is not None
    return evaluate(check, game.state, game.events)[0]


def test_a_variant_chosen_by_amendment_keeps_its_own_effects() -> None:
    game = _adopt_with_amendment(variant="compromise")
    clause = next(c for c in game.state.draft("D1").clauses if c.id == "OP2")  # type: ignore[union-attr]
    assert clause.text == COMPROMISE and clause.variant == "compromise"
    # Medellín starts at 58; the compromise wording brings +2 (the filed right, +4).
    assert game.world.indicator("MEDELLIN", "community") == 60
    assert _objective(game, "USA")  # "without clause 2 as written": met
    assert not _objective(game, "ECU")  # "with the right to the city": not met
    stored = [e.model_dump(mode="json") for e in game.events]
    assert replay(game.start, [parse_event(raw) for raw in stored]) == game.state


def test_new_text_naming_a_variant_keeps_that_variants_effects() -> None:
    game = _adopt_with_amendment(variant="compromise", clause={"text": "Shares the vision;"})
    assert game.world.indicator("MEDELLIN", "community") == 60


def test_rewording_a_clause_no_longer_erases_its_effects() -> None:
    """The erased-effects bug: a reworded clause had no effects at all."""
    game = _adopt_with_amendment(clause={"text": "Recognizes the right to the city for all;"})
    assert game.world.indicator("MEDELLIN", "community") == 62
    assert _objective(game, "USA")  # reworded: clause 2 is no longer as written


def test_a_variant_the_clause_does_not_have_is_refused() -> None:
    game = Game(bundled(HABITAT))
    with pytest.raises(NotInOrder, match="no variant 'softer'"):
        game.do("USA", type="propose_amendment", draft_id="D1", action="modify",
                target_clause="OP2", variant="softer")
