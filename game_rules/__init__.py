"""Plenary's rules engine: pure, deterministic, typed.

Public entry points:

- :func:`decide` decides one vote under a decision rule mapping.
- :func:`apply` drives a live session: ``apply(state, command) -> (new_state, events)``.
"""

from game_rules.decision import Criterion, Member, Outcome, VoteChoice, decide, parse_members
from game_rules.decision_rules import DecisionRule, parse_rule
from game_rules.engine import new_session
from game_rules.errors import InvalidVote, MalformedRule, NotInOrder, NotPermitted, RuleViolation
from game_rules.settings import MotionSpec, PointSpec, ProcedureSettings
from game_rules.state import (
    CHAIR,
    PUBLIC,
    SYSTEM,
    AgendaItem,
    Clause,
    Delegation,
    DraftSpec,
    SessionSetup,
    SessionState,
)

__all__ = [
    "CHAIR",
    "PUBLIC",
    "SYSTEM",
    "AgendaItem",
    "Clause",
    "Criterion",
    "DecisionRule",
    "Delegation",
    "DraftSpec",
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
    "SessionSetup",
    "SessionState",
    "VoteChoice",
    "decide",
    "new_session",
    "parse_members",
    "parse_rule",
]
