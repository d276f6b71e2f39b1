"""What if: the same ballots decided under other rules, since ``decide`` is pure.

A class sees what the rule, not the votes, decided: a draft a permanent member vetoed that nine
or more members wanted (UN Charter Art. 27(3)), a consensus text one objection stopped, a
majority short of two-thirds (UN General Assembly rules of procedure, rule 83).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from game_rules.decision.decide import decide
from game_rules.decision.rules import (
    ConsensusRule,
    DecisionRule,
    DoubleMajorityRule,
    MajorityRule,
    Threshold,
    parse_rule,
)
from game_rules.errors import RuleViolation
from game_rules.messages import Message, say
from game_rules.procedure.voting import CHOICE_VALUE

#: Each other rule: its name, and the sentence for adopted and for not adopted.
_SENTENCES: dict[str, tuple[str, str]] = {
    "without_veto": ("adopted without the veto", "not adopted even without the veto"),
    "simple_majority": (
        "adopted by a simple majority of those present and voting",
        "not adopted by a simple majority of those present and voting",
    ),
    "two_thirds": (
        "adopted by two-thirds of those present and voting",
        "not adopted by two-thirds of those present and voting",
    ),
    "consensus": ("adopted by consensus (no objection)", "no consensus: someone objected"),
    "double_majority": (
        "adopted by a double majority (55% of members and 65% of their population)",
        "not adopted by a double majority (55% of members and 65% of their population)",
    ),
}


@dataclass(frozen=True)
class WhatIf:
    """One other rule and what it would have decided on the same ballots."""

    rule: str
    adopted: bool
    say: Message

    @property
    def text(self) -> str:
        return self.say.english()


def _alternatives(actual: DecisionRule, peopled: bool) -> list[tuple[str, DecisionRule]]:
    rules: list[tuple[str, DecisionRule]] = []
    if isinstance(actual, MajorityRule) and actual.veto:
        rules.append(("without_veto", dataclasses.replace(actual, veto=())))
    rules.append(("simple_majority", MajorityRule()))
    rules.append(
        ("two_thirds", MajorityRule(threshold=Threshold("at_least", Fraction(2, 3))))
    )
    if not isinstance(actual, ConsensusRule):
        rules.append(("consensus", ConsensusRule()))
    if peopled and not isinstance(actual, DoubleMajorityRule):
        # The EU Council's qualified majority (TEU Art. 16(4)): states and people both count.
        rules.append(("double_majority", DoubleMajorityRule()))
    return rules


def what_if(
    rule: Mapping[str, Any],
    choices: Mapping[str, str],
    members: Sequence[str | Mapping[str, Any]] = (),
) -> tuple[WhatIf, ...]:
    """The same ballots under the other rules; nothing for a secret ballot (no choices).
    ``members`` (``Delegation.as_decision_member()``) add the double majority when every
    voter's population is known."""
    votes = {voter: CHOICE_VALUE[c] for voter, c in choices.items() if c in CHOICE_VALUE}
    if not votes or not rule:
        return ()
    try:
        actual = parse_rule(rule)
    except RuleViolation:
        return ()
    peopled = {
        str(m["id"]): m for m in members if isinstance(m, Mapping) and m.get("population")
    }
    voters: Sequence[str | Mapping[str, Any]] = sorted(votes)
    answers: list[WhatIf] = []
    for name, other in _alternatives(actual, all(v in peopled for v in votes)):
        try:
            entries: Sequence[str | Mapping[str, Any]] = (
                [peopled[v] for v in sorted(votes)] if name == "double_majority" else voters
            )
            outcome = decide(other, entries, votes)
        except RuleViolation:
            continue  # e.g. a weighted rule needs weights these ballots do not carry
        adopted_text, rejected_text = _SENTENCES[name]
        answers.append(
            WhatIf(
                rule=name,
                adopted=outcome.adopted,
                say=say(adopted_text if outcome.adopted else rejected_text),
            )
        )
    return tuple(answers)
