"""Plenary's rules engine: pure, deterministic, typed.

Public entry points:

- :func:`decide` decides one vote under a decision rule mapping.
- :func:`apply` drives a live session: ``apply(state, command) -> (new_state, events)``.
"""

from game_rules.errors import InvalidVote, MalformedRule, NotInOrder, NotPermitted, RuleViolation

__all__ = [
    "InvalidVote",
    "MalformedRule",
    "NotInOrder",
    "NotPermitted",
    "RuleViolation",
]
