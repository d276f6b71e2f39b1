"""Consensus forums: a failed call for objections does not end the item.

UNFCCC draft rules of procedure (FCCC/CP/1996/2): rule 42 on voting was never adopted, so the
COP decides by consensus; when a party objects, the President consults, a revised text is put,
and the President asks again whether there is any objection. The item ends only when the
President closes it or the session's time runs out (draft rule 16: an item not completed goes to
the next session). No tally is ever recorded: the record names objectors and reservations.
"""

from __future__ import annotations

from typing import Any

import pytest
from game_support import SCENARIOS, Game, bundled, variant

from game_rules.engine.narration import Narrator
from game_rules.errors import NotInOrder
from game_rules.report.simulate import format_report, simulate
from game_rules.session.events import ConsultationsOpened, DraftDecided
from game_rules.session.state import CHAIR, SYSTEM

CLIMATE = SCENARIOS / "climate-summit.yaml"


def _call(game: Game, draft_id: str, objectors: tuple[str, ...]) -> None:
    mover = next(s for s in game.state.draft(draft_id).sponsors if game.state.setup.is_member(s))  # type: ignore[union-attr]
    game.do(mover, type="propose_motion", kind="move_to_vote", target=draft_id)
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    game.do(CHAIR, type="open_vote")
    assert game.state.vote is not None and game.state.vote.method == "consensus"
    for member in objectors:
        game.do(member, type="cast_vote", choice="object")
    game.do(CHAIR, type="close_vote")


def _climate() -> tuple[Game, str]:
    game = Game(bundled(CLIMATE))
    game.everyone_present()
    draft = game.state.drafts[0]
    if draft.status == "working":
        game.do(CHAIR, type="introduce_draft", draft_id=draft.id)
    return game, draft.id


def test_an_objection_opens_consultations_and_the_revised_text_is_gavelled_again() -> None:
    game, draft_id = _climate()
    _call(game, draft_id, ("SAU",))
    consulted = [e for e in game.events if isinstance(e, ConsultationsOpened)]
    assert [(e.objectors, e.call) for e in consulted] == [(("SAU",), 1)]
    draft = game.state.draft(draft_id)
    assert draft is not None and draft.status == "introduced" and draft.consensus_calls == 1
    assert game.state.voting is None and game.state.agenda_item is not None
    said = Narrator(game.state).narrate(consulted[0])
    assert said is not None and said.english().startswith(f"No consensus on {draft_id}")
    assert "The President will consult them and put a revised text again" in said.english()
    # The second call: Saudi Arabia no longer objects, and the text is adopted by consensus.
    _call(game, draft_id, ())
    decided = game.state.draft(draft_id)
    assert decided is not None and decided.status == "adopted"
    result = game.state.results[-1]
    assert result.method == "consensus" and result.tally == {}
    assert result.reason.startswith("Adopted by consensus")


def test_the_president_closes_the_item_without_consensus() -> None:
    game, draft_id = _climate()
    with pytest.raises(NotInOrder, match="There are no consultations"):
        game.do(CHAIR, type="close_consultations", draft_id=draft_id)
    _call(game, draft_id, ("SAU",))
    _call(game, draft_id, ("SAU",))
    assert game.state.draft(draft_id).consensus_calls == 2  # type: ignore[union-attr]
    game.do(CHAIR, type="close_consultations", draft_id=draft_id)
    closed = [e for e in game.events if isinstance(e, DraftDecided)]
    assert [(e.adopted, e.closed) for e in closed] == [(False, "chair")]
    assert game.state.draft(draft_id).status == "rejected"  # type: ignore[union-attr]
    said = Narrator(game.state).narrate(closed[0])
    assert said is not None and said.english().endswith(
        "the President closed the item without consensus."
    )
    assert not [r for r in game.state.results if r.subject.ref == draft_id]


def test_the_scenarios_deadline_ends_consultations_and_the_item_goes_to_the_next_session() -> None:
    game, draft_id = _climate()
    _call(game, draft_id, ("SAU",))
    game.now = game.state.scenario_clock_origin() + 60 * game.scenario.metadata.duration_minutes
    game.do(SYSTEM, type="tick")
    closed = [e for e in game.events if isinstance(e, DraftDecided)]
    assert [(e.adopted, e.closed) for e in closed] == [(False, "deadline")]
    assert "UNFCCC draft rule 16" in closed[0].reason


def _saudi_bot_objects(red_line: bool) -> Any:
    def change(raw: dict[str, Any]) -> None:
        bot = raw["briefs"]["SAU"].setdefault("bot", {})
        bot["votes"] = {**bot.get("votes", {}), "D1": "no"}
        bot.pop("amendments", None)
        bot["red_line_votes"] = ["D1"] if red_line else []
        bot["bloc_loyalty"] = 0

    return change


def test_a_bot_stands_aside_after_consultations_unless_its_red_line_is_at_stake() -> None:
    softer = simulate(variant(CLIMATE, _saudi_bot_objects(red_line=False)), seed=1)
    report = format_report(softer)
    assert "no consensus on D1 (call 1): SAU objected; the President consults" in report
    assert softer.state.draft("D1").status == "adopted"  # type: ignore[union-attr]
    assert "SAU reservation" in report
    firm = simulate(variant(CLIMATE, _saudi_bot_objects(red_line=True)), seed=1)
    calls = [e.call for e in firm.events if isinstance(e, ConsultationsOpened)]
    assert calls == [1, 2]
    closed = [e for e in firm.events if isinstance(e, DraftDecided) and e.draft_id == "D1"]
    assert [(e.adopted, e.closed) for e in closed] == [(False, "chair")]
