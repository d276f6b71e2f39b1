"""Decision rules as data: parse the mapping a scenario holds into a typed, frozen rule.

Every rule is a mapping with a ``kind`` (``majority``, ``consensus``, ``unanimity``, ``weighted``
or ``double_majority``) and the keys of that kind. Unknown keys are an error, so a typo in a
scenario (``at_leat``) is caught when the scenario loads, not when a vote silently goes wrong.
Thresholds are exact :class:`fractions.Fraction` values: ``2/3`` must never become 0.666...
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal, TypeAlias

from game_rules.errors import MalformedRule
from game_rules.messages import Message, say

RuleKind = Literal["majority", "consensus", "unanimity", "weighted", "double_majority"]
MajorityBase = Literal["present_and_voting", "present", "membership"]
WeightedBase = Literal["cast", "membership"]
Comparison = Literal["more_than", "at_least"]

RULE_KINDS: tuple[RuleKind, ...] = (
    "majority",
    "consensus",
    "unanimity",
    "weighted",
    "double_majority",
)
MAJORITY_BASES: tuple[MajorityBase, ...] = ("present_and_voting", "present", "membership")
WEIGHTED_BASES: tuple[WeightedBase, ...] = ("cast", "membership")

# Keys that only describe the rule for people; allowed on every kind and otherwise ignored.
DESCRIPTIVE_KEYS = frozenset({"name", "description", "source", "note"})

_KIND_KEYS: dict[str, frozenset[str]] = {
    "majority": frozenset(
        {"base", "more_than", "at_least", "min_yes", "veto", "parties_abstain", "quorum"}
    ),
    "consensus": frozenset({"quorum"}),
    "unanimity": frozenset({"abstention_allowed"}),
    "weighted": frozenset({"base", "more_than", "at_least"}),
    "double_majority": frozenset(
        {"states_at_least", "population_at_least", "blocking_min_states", "abstain_counts_as_no"}
    ),
}


@dataclass(frozen=True)
class Threshold:
    """``more_than`` or ``at_least`` a fraction of some base."""

    comparison: Comparison
    fraction: Fraction

    def is_met(self, part: Fraction | int, whole: Fraction | int) -> bool:
        """Exact comparison of ``part / whole`` with the fraction; an empty base never meets it."""
        if whole <= 0:
            return False
        ratio = Fraction(part) / Fraction(whole)
        if self.comparison == "more_than":
            return ratio > self.fraction
        return ratio >= self.fraction

    def required_count(self, whole: int) -> int:
        """The smallest whole number of votes that meets the threshold out of ``whole``."""
        product = self.fraction * whole
        if self.comparison == "more_than":
            return int(product) + 1 if product >= 0 else 0
        return -((-product.numerator) // product.denominator)  # ceiling

    def describe(self) -> str:
        return self.said().english()

    def said(self) -> Message:
        """The threshold in words: "more than 1/2", "at least 2/3"."""
        share = format_fraction(self.fraction)
        if self.comparison == "more_than":
            return say("more than {share}", share=share)
        return say("at least {share}", share=share)

    def to_dict(self) -> dict[str, str]:
        return {self.comparison: format_fraction(self.fraction)}


@dataclass(frozen=True)
class MajorityRule:
    """A share of votes (GA rule 86, Charter Art. 18 and 27), with optional veto and quorum."""

    base: MajorityBase = "present_and_voting"
    threshold: Threshold = Threshold("more_than", Fraction(1, 2))
    min_yes: int = 0
    veto: tuple[str, ...] = ()
    parties_abstain: bool = False
    quorum: Fraction | None = None
    kind: Literal["majority"] = "majority"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "base": self.base, **self.threshold.to_dict()}
        if self.min_yes:
            out["min_yes"] = self.min_yes
        if self.veto:
            out["veto"] = list(self.veto)
        if self.parties_abstain:
            out["parties_abstain"] = True
        if self.quorum is not None:
            out["quorum"] = format_fraction(self.quorum)
        return out


@dataclass(frozen=True)
class ConsensusRule:
    """Adopted unless a present member formally objects (WTO Agreement Art. IX:1, footnote 1)."""

    quorum: Fraction | None = None
    kind: Literal["consensus"] = "consensus"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.quorum is not None:
            out["quorum"] = format_fraction(self.quorum)
        return out


@dataclass(frozen=True)
class UnanimityRule:
    """Every member votes yes. ``abstention_allowed`` gives TFEU Art. 238(4) unanimity instead."""

    abstention_allowed: bool = False
    kind: Literal["unanimity"] = "unanimity"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.abstention_allowed:
            out["abstention_allowed"] = True
        return out


@dataclass(frozen=True)
class WeightedRule:
    """A share of voting power (IMF Articles of Agreement Art. XII, Sec. 5)."""

    base: WeightedBase = "cast"
    threshold: Threshold = Threshold("more_than", Fraction(1, 2))
    kind: Literal["weighted"] = "weighted"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "base": self.base, **self.threshold.to_dict()}


@dataclass(frozen=True)
class DoubleMajorityRule:
    """EU Council qualified majority: 55% of states and 65% of the population (TEU 16(4))."""

    states_at_least: Fraction = Fraction(55, 100)
    population_at_least: Fraction = Fraction(65, 100)
    blocking_min_states: int = 4
    abstain_counts_as_no: bool = True
    kind: Literal["double_majority"] = "double_majority"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "states_at_least": format_fraction(self.states_at_least),
            "population_at_least": format_fraction(self.population_at_least),
            "blocking_min_states": self.blocking_min_states,
            "abstain_counts_as_no": self.abstain_counts_as_no,
        }


DecisionRule: TypeAlias = (
    MajorityRule | ConsensusRule | UnanimityRule | WeightedRule | DoubleMajorityRule
)


def format_fraction(value: Fraction) -> str:
    """``Fraction(2, 3)`` -> ``"2/3"``, ``Fraction(1)`` -> ``"1"``."""
    return str(value)


def parse_fraction(value: object, key: str) -> Fraction:
    """Read a fraction written as ``"2/3"``, ``"0.85"``, ``"55%"``, an int or a float.

    Floats are read through their decimal text (0.85 -> 17/20), never their binary value.
    """
    if isinstance(value, bool):
        raise MalformedRule(
            '`{key}` must be a fraction such as "2/3", not {value}.', key=key, value=repr(value)
        )
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float | Decimal):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise MalformedRule(
            '`{key}` must be a fraction such as "2/3" or "0.55", not {value}.',
            key=key,
            value=repr(value),
        )
    try:
        if text.endswith("%"):
            return Fraction(Decimal(text[:-1].strip())) / 100
        return Fraction(text)
    except (ValueError, ZeroDivisionError, InvalidOperation):
        raise MalformedRule(
            '`{key}` must be a fraction such as "2/3", "0.55" or "55%"; {value} is not one.',
            key=key,
            value=repr(value),
        ) from None


def _proportion(value: object, key: str, *, allow_zero: bool = False) -> Fraction:
    fraction = parse_fraction(value, key)
    low_ok = fraction >= 0 if allow_zero else fraction > 0
    if not low_ok or fraction > 1:
        text = (
            '`{key}` must be a share: at least 0 and at most 1 (such as "2/3"), not {value}.'
            if allow_zero
            else '`{key}` must be a share: more than 0 and at most 1 (such as "2/3"), not {value}.'
        )
        raise MalformedRule(text, key=key, value=repr(value))
    return fraction


def _flag(raw: Mapping[str, Any], key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise MalformedRule(
            "`{key}` must be true or false, not {value}.", key=key, value=repr(value)
        )
    return value


def _count(raw: Mapping[str, Any], key: str, default: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MalformedRule(
            "`{key}` must be a whole number of members (0 or more), not {value}.",
            key=key,
            value=repr(value),
        )
    return value


def _choice(raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = raw.get(key, default)
    if value not in allowed:
        raise MalformedRule(
            "`{key}` must be one of {allowed}; {value} is not allowed.",
            key=key,
            allowed=", ".join(allowed),
            value=repr(value),
        )
    return str(value)


def _threshold(raw: Mapping[str, Any]) -> Threshold:
    if "more_than" in raw and "at_least" in raw:
        raise MalformedRule(
            "Give either `more_than` or `at_least`, not both: a simple majority is "
            '`more_than: "1/2"`, two-thirds is `at_least: "2/3"`.'
        )
    if "at_least" in raw:
        return Threshold("at_least", _proportion(raw["at_least"], "at_least"))
    if "more_than" in raw:
        fraction = _proportion(raw["more_than"], "more_than", allow_zero=True)
        if fraction == 1:
            raise MalformedRule("`more_than: 1` can never be met; use `at_least: 1` for all votes.")
        return Threshold("more_than", fraction)
    return Threshold("more_than", Fraction(1, 2))


def _veto_list(raw: Mapping[str, Any]) -> tuple[str, ...]:
    value = raw.get("veto", ())
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise MalformedRule(
            "`veto` must be a list of member ids such as [USA, RUS], not {value}.",
            value=repr(value),
        )
    ids: list[str] = []
    for entry in value:
        if not isinstance(entry, str) or not entry:
            raise MalformedRule(
                "`veto` entries must be member ids (text), not {entry}.", entry=repr(entry)
            )
        if entry in ids:
            raise MalformedRule("`veto` lists {member} twice.", member=repr(entry))
        ids.append(entry)
    return tuple(ids)


def _kind_of(raw: Mapping[str, Any]) -> str:
    kind = raw.get("kind", raw.get("type"))
    if "kind" in raw and "type" in raw and raw["kind"] != raw["type"]:
        raise MalformedRule("The rule gives both `kind` and `type` and they differ; give `kind`.")
    if kind is None:
        raise MalformedRule(
            "The rule has no `kind`; give one of {kinds}.", kinds=", ".join(RULE_KINDS)
        )
    if kind not in RULE_KINDS:
        raise MalformedRule(
            "Unknown rule kind {kind}; allowed kinds are {kinds}.",
            kind=repr(kind),
            kinds=", ".join(RULE_KINDS),
        )
    return str(kind)


def parse_rule(rule: Mapping[str, Any] | DecisionRule) -> DecisionRule:
    """Turn a rule mapping (as written in a scenario) into a typed rule; raise MalformedRule."""
    if isinstance(
        rule, MajorityRule | ConsensusRule | UnanimityRule | WeightedRule | DoubleMajorityRule
    ):
        return rule
    if not isinstance(rule, Mapping):
        raise MalformedRule(
            "A decision rule must be a mapping such as {example}, not {given}.",
            example="{kind: majority}",
            given=type(rule).__name__,
        )
    for key in rule:
        if not isinstance(key, str):
            raise MalformedRule("Rule keys must be text; {key} is not.", key=repr(key))
    kind = _kind_of(rule)
    allowed = _KIND_KEYS[kind] | DESCRIPTIVE_KEYS | {"kind", "type"}
    unknown = sorted(set(rule) - allowed)
    if unknown:
        raise MalformedRule(
            "Unknown key {key} in a {kind} rule; allowed keys are {allowed}.",
            key=repr(unknown[0]),
            kind=kind,
            allowed=", ".join(sorted(_KIND_KEYS[kind] | {"kind"})),
        )
    quorum = _proportion(rule["quorum"], "quorum") if rule.get("quorum") is not None else None
    if kind == "majority":
        return MajorityRule(
            base=_choice(rule, "base", MAJORITY_BASES, "present_and_voting"),  # type: ignore[arg-type]
            threshold=_threshold(rule),
            min_yes=_count(rule, "min_yes", 0),
            veto=_veto_list(rule),
            parties_abstain=_flag(rule, "parties_abstain", False),
            quorum=quorum,
        )
    if kind == "consensus":
        return ConsensusRule(quorum=quorum)
    if kind == "unanimity":
        return UnanimityRule(abstention_allowed=_flag(rule, "abstention_allowed", False))
    if kind == "weighted":
        return WeightedRule(
            base=_choice(rule, "base", WEIGHTED_BASES, "cast"),  # type: ignore[arg-type]
            threshold=_threshold(rule),
        )
    blocking = _count(rule, "blocking_min_states", 4)
    return DoubleMajorityRule(
        states_at_least=_proportion(rule.get("states_at_least", "55/100"), "states_at_least"),
        population_at_least=_proportion(
            rule.get("population_at_least", "65/100"), "population_at_least"
        ),
        blocking_min_states=blocking,
        abstain_counts_as_no=_flag(rule, "abstain_counts_as_no", True),
    )
