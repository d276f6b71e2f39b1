"""A brief's interests, allies and what it may trade reach its seat's "My brief" data, and
nobody else's: the state frames the live layer sends (``app/rooms/fanout.py``), built from the
room's stored scenario (``briefs_of``), carry them to the seat itself (and so to its
co-delegates, who read as the seat) and to the chair, never to another seat or the projector."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from app.models import Room
from app.rooms.fanout import CommittedBatch
from app.rooms.secrecy import Audience, briefs_of
from game_rules.engine.view_models import DelegateMe, View
from game_rules.scenario.setup import load_scenario, start_session
from game_rules.session.localized import Localized
from game_rules.session.state import CHAIR, PUBLIC

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
RICH = ["security-council-protection", "habitat-urban-agenda"]


def _frames(scenario_id: str) -> tuple[Any, CommittedBatch]:
    path = SCENARIOS / f"{scenario_id}.yaml"
    scenario = load_scenario(path)
    room = Room(
        id="r1", code="ABC234", title="t", scenario_id=scenario_id,
        scenario_source=path.read_text(encoding="utf-8"), chair_key_hash="x", created_at=0.0,
    )
    return scenario, CommittedBatch(1, (), start_session(scenario), briefs_of(room))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _texts(lines: Sequence[Localized]) -> list[str]:
    return [line.text for line in lines]


@pytest.mark.parametrize("scenario_id", RICH)
def test_my_brief_carries_interests_allies_and_may_trade(scenario_id: str) -> None:
    scenario, batch = _frames(scenario_id)
    for seat, brief in scenario.briefs.items():
        view = View.model_validate(json.loads(batch.view_json(Audience(seat))))
        assert isinstance(view.me, DelegateMe)
        mine = view.me.brief
        assert mine is not None, seat
        assert mine.interests == _texts(brief.interests) and len(mine.interests) >= 2, seat
        assert mine.allies == brief.allies and mine.allies, seat
        assert mine.may_trade == _texts(brief.may_trade) and mine.may_trade, seat
        # Every ally sits in the room, so the page can name it.
        assert set(mine.allies) <= {d.id for d in (*view.members, *view.observers)}, seat
    chair = json.loads(batch.view_json(Audience(CHAIR)))["me"]["briefs"]
    assert {seat: b["may_trade"] for seat, b in chair.items()} == {
        seat: _texts(b.may_trade) for seat, b in scenario.briefs.items()
    }


@pytest.mark.parametrize("scenario_id", RICH)
def test_another_seats_view_never_holds_its_interests_or_trades(scenario_id: str) -> None:
    scenario, batch = _frames(scenario_id)
    for viewer in [PUBLIC, *scenario.briefs]:
        seen = set(_strings(json.loads(batch.view_json(Audience(viewer)))))
        own = scenario.briefs.get(viewer)
        own_lines = set(_texts(own.interests + own.may_trade)) if own else set()
        for seat, brief in scenario.briefs.items():
            if seat == viewer:
                continue
            secret = set(_texts(brief.interests + brief.may_trade)) - own_lines
            # Whole strings: a line is a string of the brief (another seat's objective may
            # share words with it).
            leaked = secret & seen
            assert not leaked, f"{viewer} reads {seat}'s brief: {leaked}"
