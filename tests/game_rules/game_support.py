"""Helpers for game-layer tests: a session of a bundled scenario driven command by command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from game_rules.bots import play
from game_rules.scenario.setup import Scenario, load_scenario, parse_scenario, start_session
from game_rules.session.commands import parse_command
from game_rules.session.events import Event
from game_rules.session.state import CHAIR, SessionState
from game_rules.session.world import World

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SECURITY_COUNCIL = SCENARIOS / "security-council-protection.yaml"
TUTORIAL = SCENARIOS / "tutorial.yaml"


def bundled(path: Path) -> Scenario:
    return load_scenario(path)


def variant(path: Path, change: Any) -> Scenario:
    """A bundled scenario with ``change(raw_dict)`` applied to its YAML before validation."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    return parse_scenario(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))


class Game:
    """A live session: ``do(actor, type=..., ...)`` applies one command at the current time."""

    def __init__(self, scenario: Scenario, seed: int = 0) -> None:
        self.scenario = scenario
        self.state: SessionState = start_session(scenario, seed=seed)
        self.start = self.state
        self.events: list[Event] = []
        self.now = 1.0

    @property
    def world(self) -> World:
        return self.state.world

    def do(self, actor: str, **fields: Any) -> list[Event]:
        self.now += 1.0
        command = parse_command({**fields, "actor": actor, "now": self.now})
        self.state, new_events = play(self.state, command)
        self.events.extend(new_events)
        return new_events

    def everyone_present(self) -> None:
        for member in self.state.setup.members:
            self.do(member.id, type="record_attendance", member=member.id, status="present")

    def vote_on(self, draft_id: str, choices: dict[str, str], default: str = "yes") -> None:
        """Move to a vote on ``draft_id`` and put every question until it is decided."""
        draft = self.state.draft(draft_id)
        assert draft is not None, f"no draft {draft_id}"
        if draft.status == "working":
            self.do(CHAIR, type="introduce_draft", draft_id=draft_id)
        mover = next(s for s in draft.sponsors if self.state.setup.is_member(s))
        self.do(mover, type="propose_motion", kind="move_to_vote", target=draft_id)
        self.do(CHAIR, type="entertain_motion", motion_id=self.state.motions[-1].id)
        self._put({})
        while self.state.voting is not None:
            self._put(choices, default)

    def _put(self, choices: dict[str, str], default: str = "yes") -> None:
        self.do(CHAIR, type="open_vote", roll_call=False)
        vote = self.state.vote
        assert vote is not None
        for voter in vote.voters:
            if not self.state.is_present(voter):
                continue
            choice = choices.get(voter, default)
            if voter in vote.parties:
                choice = "abstain"
            self.do(voter, type="cast_vote", choice=choice)
        self.do(CHAIR, type="close_vote")

    def indicator(self, place: str, dimension: str) -> float:
        value = self.world.indicator(place, dimension)
        assert value is not None
        return value
