"""Plenary's rules engine: pure, deterministic, typed.

Public entry points:

- :func:`decide` decides one vote under a decision rule mapping.
- :func:`apply` drives a live session: ``apply(state, command) -> (new_state, events)``;
  :func:`play` is ``apply`` with the seats played by bots taking their turns after it (what a
  live room runs).
- :func:`load_scenario` reads a scenario file; :func:`start_session` opens a session from it.
"""

from game_rules.bots import play
from game_rules.decision.decide import Criterion, Member, Outcome, VoteChoice, decide, parse_members
from game_rules.decision.rules import DecisionRule, parse_rule
from game_rules.engine.apply import apply, evolve, new_session, next_deadline, replay
from game_rules.engine.views import private_view, public_view, view_event
from game_rules.errors import InvalidVote, MalformedRule, NotInOrder, NotPermitted, RuleViolation
from game_rules.scenario.setup import (
    Scenario,
    ScenarioError,
    ScenarioProblem,
    load_scenario,
    parse_scenario,
    scenario_json_schema,
    scenario_problems,
    session_setup,
    start_session,
)
from game_rules.session.commands import Command, parse_command
from game_rules.session.drafting import Clause, DraftSpec
from game_rules.session.events import Event, parse_event
from game_rules.session.rules_of_procedure import MotionSpec, PointSpec, ProcedureSettings
from game_rules.session.state import (
    CHAIR,
    PUBLIC,
    SYSTEM,
    AgendaItem,
    Delegation,
    SessionSetup,
    SessionState,
)

__all__ = [
    "CHAIR",
    "PUBLIC",
    "SYSTEM",
    "AgendaItem",
    "Clause",
    "Command",
    "Criterion",
    "DecisionRule",
    "Delegation",
    "DraftSpec",
    "Event",
    "InvalidVote",
    "MalformedRule",
    "Member",
    "MotionSpec",
    "NotInOrder",
    "NotPermitted",
    "Outcome",
    "PointSpec",
    "ProcedureSettings",
    "RuleViolation",
    "Scenario",
    "ScenarioError",
    "ScenarioProblem",
    "SessionSetup",
    "SessionState",
    "VoteChoice",
    "apply",
    "decide",
    "evolve",
    "load_scenario",
    "new_session",
    "next_deadline",
    "parse_command",
    "parse_event",
    "parse_members",
    "parse_rule",
    "parse_scenario",
    "play",
    "private_view",
    "public_view",
    "replay",
    "scenario_json_schema",
    "scenario_problems",
    "session_setup",
    "start_session",
    "view_event",
]
