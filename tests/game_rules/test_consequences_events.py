"""Drift, scripted events and their triggers: each change carries its cause.

UNDP Human Development Report 1994, ch. 2: the seven dimensions the indicators track. Charter
Art. 27(3) decides when a veto is cast (the ``veto_cast`` trigger).
"""

from __future__ import annotations

import pytest
from game_support import SECURITY_COUNCIL, TUTORIAL, Game, bundled

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.session.state import CHAIR, SYSTEM
from game_rules.session.world import IndicatorChanged, NewsPublished, RoundEnded, ScriptedEventFired
from game_rules.world.drift import next_world_deadline


def test_hdr_1994_drift_applies_once_per_round_with_its_cause() -> None:
    """A crisis that worsens while delegates talk: the Vell Valley loses 2 personal security per
    10-minute round, and each loss is logged as drift."""
    game = Game(bundled(SECURITY_COUNCIL))
    assert next_world_deadline(game.state) == 600.0
    game.now = 600.0
    game.do(SYSTEM, type="tick")
    rounds = [e for e in game.events if isinstance(e, RoundEnded)]
    assert [r.round for r in rounds] == [1]
    assert game.indicator("VELL", "personal") == 15 - 2
    drift = [e for e in game.events if isinstance(e, IndicatorChanged)]
    assert {e.cause.kind for e in drift} == {"drift"}
    assert {(e.place, e.dimension) for e in drift} == {
        ("KRV", "political"), ("VELL", "personal"), ("VELL", "food"), ("VELL", "health")
    }


def test_at_minute_event_fires_once_in_time_order_with_its_actions() -> None:
    """Scripted inject at minute 15: news, then the health change it causes, exactly once."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.now = 16 * 60.0
    game.do(SYSTEM, type="tick")
    game.do(SYSTEM, type="tick")
    fired = [e for e in game.events if isinstance(e, ScriptedEventFired)]
    assert [e.event_id for e in fired] == ["displacement-report"]
    news = [e for e in game.events if isinstance(e, NewsPublished)]
    assert news[0].news.headline.startswith("NRC")
    health = [
        e for e in game.events if isinstance(e, IndicatorChanged) and e.dimension == "health"
    ]
    assert [e.cause.kind for e in health] == ["drift", "scripted_event"]
    assert game.indicator("VELL", "health") == 24 - 1 - 4


def test_draft_failed_trigger_fires_when_the_draft_is_rejected() -> None:
    """``draft_failed`` fires on rejection, ``draft_adopted`` does not."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.vote_on("D1", {}, default="no")
    assert "d1-fails" in game.world.fired
    assert "consent-asked" not in game.world.fired
    assert game.indicator("VELL", "community") == 18 - 3


def test_indicator_below_fires_when_the_value_crosses_the_threshold() -> None:
    """Mass flight when personal security in the valley falls below 5: the trigger fires on the
    crossing, with its own consequences."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.now = 40 * 60.0  # camp attack (-6) and four rounds of drift (-8): 15 -> 1
    game.do(SYSTEM, type="tick")
    assert game.indicator("VELL", "personal") == 1
    assert "valley-collapse" in game.world.fired
    fired = [e.event_id for e in game.events if isinstance(e, ScriptedEventFired)]
    assert fired.count("valley-collapse") == 1
    assert game.indicator("KRV", "economic") == 42 - 5


def test_chair_button_releases_an_inject_only_for_the_chair_and_only_once() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    with pytest.raises(NotPermitted):
        game.do("USA", type="press_chair_button", event_id="leaked-orders")
    game.do(CHAIR, type="press_chair_button", event_id="leaked-orders")
    assert game.world.trust_between("KRV", "USA") == 30 - 10
    with pytest.raises(NotInOrder, match="already happened"):
        game.do(CHAIR, type="press_chair_button", event_id="leaked-orders")
    with pytest.raises(NotInOrder, match="no event 'nope'"):
        game.do(CHAIR, type="press_chair_button", event_id="nope")


def test_adopted_clause_effects_change_indicators_and_trust() -> None:
    """Tutorial D1 has no clause acting in a state's territory: every effect applies."""
    game = Game(bundled(TUTORIAL))
    game.everyone_present()
    game.vote_on("D1", {})
    assert game.indicator("BGD", "personal") == 55 + 8
    assert game.world.trust_between("BGD", "DEU") == 50 + 5
    assert "thanks" in game.world.fired
