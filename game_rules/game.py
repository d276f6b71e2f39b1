"""The game layer's entry points, for the simulator, the bots and the app.

The procedure engine carries the game layer itself: :func:`game_rules.engine.apply` runs the game
commands (consent, pledges, the chair's buttons, bot seats) and, after every command, the
consequences (``game_rules.consequences.follow_up``); :func:`game_rules.fold.evolve` folds the
game events. The names here are those functions under the game layer's names, plus a session
started from a scenario with its full world.
"""

from __future__ import annotations

from typing import Any

from game_rules import commands as cmd
from game_rules import events as ev
from game_rules.engine import apply, new_session, next_deadline, replay
from game_rules.fold import evolve
from game_rules.scenario import Scenario, session_setup
from game_rules.state import SessionSetup, SessionState

AnyEvent = ev.Event
AnyCommand = cmd.Command

apply_game = apply
evolve_game = evolve
replay_game = replay
next_game_deadline = next_deadline


def parse_any_command(raw: dict[str, Any]) -> cmd.Command:
    return cmd.parse_command(raw)


def parse_any_event(raw: dict[str, Any]) -> ev.Event:
    return ev.parse_event(raw)


def game_setup(scenario: Scenario, forum_id: str | None = None, seed: int = 0) -> SessionSetup:
    """The engine's setup for a session of ``scenario`` with its full game layer."""
    return session_setup(scenario, forum_id, seed=seed)


def start_game(
    scenario: Scenario, forum_id: str | None = None, *, seed: int = 0, now: float = 0.0
) -> SessionState:
    return new_session(game_setup(scenario, forum_id, seed), now)
