"""The press seat (issue 12): it files news items the chair approves before they are public, and
an approved item with a frame weighs in the battle of narratives. A conference's press office
clears what is released from the floor; a reporter does not speak, vote or sign in the chamber
(the Council's observers speak under provisional rules 37 and 39; the press has no such rule)."""

from __future__ import annotations

import pytest
from game_support import SECURITY_COUNCIL, Game, bundled

from game_rules.engine.views import private_view, public_view
from game_rules.errors import NotInOrder, NotPermitted, RuleViolation
from game_rules.report.simulate import format_report, simulate
from game_rules.session.commands import parse_command
from game_rules.session.state import CHAIR
from game_rules.session.world import NewsPublished, PressItemFiled
from game_rules.world.narratives import dominant_frame, frame_leaning, frame_share


def _game() -> Game:
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    return game


def test_a_press_item_is_public_only_once_the_chair_approves_it() -> None:
    game = _game()
    game.do("CCW", type="publish_news", headline="Convoys turned back", frame="humanitarian")
    filed = [e for e in game.events if isinstance(e, PressItemFiled)]
    assert len(filed) == 1
    item_id = filed[0].item.id
    assert not [n for n in game.world.news if n.by == "CCW"]
    assert [p["id"] for p in private_view(game.state, "CCW")["world"]["press_items"]] == [item_id]
    assert private_view(game.state, "CHE")["world"]["press_items"] == []
    assert frame_share(game.world)["humanitarian"] == 0
    game.do(CHAIR, type="moderate_press", item_id=item_id, approve=True)
    published = [e.news for e in game.events if isinstance(e, NewsPublished)]
    assert [(n.headline, n.by, n.frame) for n in published] == [
        ("Convoys turned back", "CCW", "humanitarian")
    ]
    assert frame_share(game.world)["humanitarian"] == 1
    assert public_view(game.state)["world"]["frame_timeline"][-1]["via"] == "press"
    with pytest.raises(NotInOrder, match="already been approved"):
        game.do(CHAIR, type="moderate_press", item_id=item_id, approve=False)


def test_a_rejected_item_stays_unpublished_and_counts_for_no_frame() -> None:
    game = _game()
    game.do("CCW", type="publish_news", headline="Leak!", frame="r2p")
    item_id = game.world.press_items[-1].id
    game.do(CHAIR, type="moderate_press", item_id=item_id, approve=False)
    assert game.world.press_items[-1].status == "rejected"
    assert not [e for e in game.events if isinstance(e, NewsPublished)]
    assert frame_share(game.world)["r2p"] == 0


def test_a_press_seat_takes_no_other_part_and_only_the_press_files_news() -> None:
    game = _game()
    with pytest.raises(NotPermitted, match="is a press seat"):
        game.do("CCW", type="add_speaker")
    with pytest.raises(NotPermitted, match="Only a press seat files news items"):
        game.do("CHE", type="publish_news", headline="Ours")
    with pytest.raises(NotInOrder, match="not a frame of this scenario"):
        game.do("CCW", type="publish_news", headline="x", frame="nonsense")


def test_the_headline_and_body_have_documented_limits() -> None:
    with pytest.raises(ValueError):
        parse_command({"type": "publish_news", "actor": "CCW", "now": 1, "headline": "x" * 121})
    with pytest.raises(ValueError):
        parse_command(
            {"type": "publish_news", "actor": "CCW", "now": 1, "headline": "x", "body": "y" * 601}
        )


def test_bots_that_hold_no_frame_lean_with_the_frame_the_press_put_on_the_floor() -> None:
    game = _game()
    assert dominant_frame(game.world) is None
    for headline in ("One", "Two"):
        game.do("CCW", type="publish_news", headline=headline, frame="humanitarian")
        game.do(CHAIR, type="moderate_press", item_id=game.world.press_items[-1].id, approve=True)
    assert dominant_frame(game.world) == "humanitarian"
    # A seat with no frame of its own (the press seat's own rules aside, e.g. a new member).
    assert frame_leaning(game.world, "NOBODY", "humanitarian") == "yes"
    assert frame_leaning(game.world, "NOBODY", "r2p") is None


def test_simulate_shows_the_press_bot_paced_and_approved() -> None:
    report = format_report(simulate(bundled(SECURITY_COUNCIL), seed=1))
    assert "[00:00] PRESS CCW [humanitarian]: Stakeout:" in report
    assert "[30:00] PRESS CCW [humanitarian]:" in report


def test_a_press_item_needs_the_press_quota() -> None:
    game = _game()
    for n in range(40):
        game.do("CCW", type="publish_news", headline=f"Item {n}")
    with pytest.raises(RuleViolation, match="at most 40 news items filed"):
        game.do("CCW", type="publish_news", headline="One too many")
