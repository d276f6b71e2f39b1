"""What a room owes the others (app/conferences/crossings.py): a veto or an adoption on a whole
draft, for the crossings that name its committee, until it is recorded as sent."""

from __future__ import annotations

from app.conferences.crossings import CrossingRule, Target, owed_crossings
from game_rules.session.state import SYSTEM
from tests.game_rules.game_support import SECURITY_COUNCIL, Game, bundled

TARGETS = {"ga": Target("ga", "General Assembly", "room-ga"), "sc": Target("sc", "SC", "room-sc")}
VETO = CrossingRule(when="veto", from_committee="sc", to_committees=("ga",))
ADOPTED = CrossingRule(when="adopted", from_committee="sc", to_committees=("ga",))


def _council(choices: dict[str, str]) -> Game:
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.vote_on("D1", choices)
    return game


def test_a_veto_is_owed_to_the_assembly_and_an_adoption_is_not_under_a_veto_rule() -> None:
    vetoed = _council({"RUS": "no"})
    owed = owed_crossings("room-sc", "sc", vetoed.state, [VETO, ADOPTED], TARGETS)
    assert [(c.kind, [t.committee for t in c.targets]) for c in owed] == [("veto_debate", ["ga"])]
    assert owed[0].title == vetoed.state.draft("D1").title  # type: ignore[union-attr]
    adopted = _council({})
    owed = owed_crossings("room-sc", "sc", adopted.state, [VETO, ADOPTED], TARGETS)
    assert [c.kind for c in owed] == ["resolution"]


def test_nothing_is_owed_once_recorded_or_from_another_committee() -> None:
    game = _council({"RUS": "no"})
    assert owed_crossings("room-ga", "ga", game.state, [VETO], TARGETS) == []
    (crossing,) = owed_crossings("room-sc", "sc", game.state, [VETO], TARGETS)
    game.do(
        SYSTEM,
        type="record_sent_to_conference",
        key=crossing.key,
        kind=crossing.kind,
        to_committees=["General Assembly"],
        title=crossing.title,
    )
    assert owed_crossings("room-sc", "sc", game.state, [VETO], TARGETS) == []


def test_the_key_names_the_room_and_the_vote_not_the_moment() -> None:
    first = _council({"RUS": "no"})
    second = _council({"RUS": "no"})
    keys = [
        owed_crossings("room-sc", "sc", g.state, [VETO], TARGETS)[0].key for g in (first, second)
    ]
    assert keys[0] == keys[1] and keys[0].startswith("room-sc:")


def test_a_draft_longer_than_a_crossing_carries_is_cut_not_refused() -> None:
    game = _council({"RUS": "no"})
    draft = game.state.draft("D1")
    assert draft is not None
    long_clause = draft.clauses[0].model_copy(update={"text": "x" * 30000})
    long_draft = draft.model_copy(update={"title": "T" * 300, "clauses": (long_clause,)})
    state = game.state.model_copy(
        update={"drafts": tuple(long_draft if d.id == "D1" else d for d in game.state.drafts)}
    )
    (crossing,) = owed_crossings("room-sc", "sc", state, [VETO], TARGETS)
    assert len(crossing.title) == 200 and crossing.title.endswith("…")
    assert len(crossing.text) == 20000
