"""Crossings between the rooms of a conference, as each room's engine records them
(``game_rules/world/conference.py``): landed once per key, replayed by fold, server-only."""

from __future__ import annotations

import pytest

from game_rules.engine.apply import replay
from game_rules.errors import NotPermitted
from game_rules.session.state import SYSTEM
from game_rules.session.world import (
    AgendaItemRevealed,
    ConferenceItemReceived,
    ConferenceItemSent,
    NewsPublished,
)
from tests.game_rules.game_support import SCENARIOS, Game, bundled

GENERAL_ASSEMBLY = SCENARIOS / "general-assembly-2030.yaml"


def _veto_debate(game: Game, key: str = "sc:41:ga") -> list:
    return game.do(
        SYSTEM,
        type="receive_from_conference",
        key=key,
        kind="veto_debate",
        from_committee="Security Council",
        title="Protection of civilians in Krevania",
        text="1. Demands an immediate ceasefire.",
    )


def test_a_76_262_veto_opens_the_use_of_the_veto_item_with_the_drafts_text() -> None:
    """A/RES/76/262 para. 1: a formal meeting of the Assembly to debate the situation as to which
    the veto was cast; para. 4: the item "Use of the veto"."""
    game = Game(bundled(GENERAL_ASSEMBLY))
    events = _veto_debate(game)
    assert [type(e) for e in events] == [ConferenceItemReceived, AgendaItemRevealed]
    item = next(i for i in game.state.setup.agenda if i.id == "use-of-veto-1")
    assert item.title == "Use of the veto: Protection of civilians in Krevania"
    assert item.description == "1. Demands an immediate ceasefire."
    game.do("chair", type="set_agenda", item="use-of-veto-1")
    assert game.state.agenda_item == "use-of-veto-1"


def test_a_crossing_lands_once_however_often_it_is_sent() -> None:
    game = Game(bundled(GENERAL_ASSEMBLY))
    _veto_debate(game)
    assert _veto_debate(game) == []
    assert [i.id for i in game.state.setup.agenda].count("use-of-veto-1") == 1
    # A second veto is a second item.
    _veto_debate(game, key="sc:77:ga")
    assert "use-of-veto-2" in [i.id for i in game.state.setup.agenda]


def test_a_resolution_or_a_crisis_arrives_as_news() -> None:
    game = Game(bundled(GENERAL_ASSEMBLY))
    events = game.do(
        SYSTEM, type="receive_from_conference", key="crisis:1:ga", kind="crisis",
        from_committee="Secretariat", title="Dam breach downstream", text="Thousands displaced.",
    )
    assert isinstance(events[-1], NewsPublished)
    assert game.world.news[-1].headline == "Dam breach downstream"
    assert game.world.news[-1].source_event == "crisis:1:ga"


def test_the_sending_room_records_where_its_vote_went_once() -> None:
    game = Game(bundled(GENERAL_ASSEMBLY))
    fields = dict(
        type="record_sent_to_conference", key="sc:41:ga", kind="veto_debate",
        to_committees=["General Assembly"], title="Protection of civilians",
    )
    assert [type(e) for e in game.do(SYSTEM, **fields)] == [ConferenceItemSent]
    assert game.do(SYSTEM, **fields) == []
    assert game.world.conference_sent == ("sc:41:ga",)


def test_crossings_replay_to_the_same_state() -> None:
    game = Game(bundled(GENERAL_ASSEMBLY))
    _veto_debate(game)
    game.do(
        SYSTEM, type="receive_from_conference", key="r:1", kind="resolution",
        from_committee="COP", title="Loss and damage fund",
    )
    assert replay(game.start, game.events) == game.state


@pytest.mark.parametrize("actor", ["chair", "USA"])
def test_only_the_server_sends_what_other_rooms_decided(actor: str) -> None:
    game = Game(bundled(GENERAL_ASSEMBLY))
    with pytest.raises(NotPermitted):
        _veto_debate_as(game, actor)


def _veto_debate_as(game: Game, actor: str) -> None:
    game.do(
        actor, type="receive_from_conference", key="k", kind="crisis",
        from_committee="x", title="y",
    )
