"""``decide(rule, members, votes, parties=())``: one vote, decided as the real body decides it.

Pure and exact: thresholds are compared as fractions, every outcome names the criterion that
failed and the members who vetoed or objected. See ``docs/rules.md`` for each rule kind and its
sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

from game_rules.decision.rules import (
    ConsensusRule,
    DecisionRule,
    DoubleMajorityRule,
    MajorityRule,
    Threshold,
    UnanimityRule,
    WeightedRule,
    format_fraction,
    parse_fraction,
    parse_rule,
)
from game_rules.errors import InvalidVote, MalformedRule, RuleViolation

VoteChoice: TypeAlias = Literal["yes", "no", "abstain"]
VOTE_CHOICES: tuple[VoteChoice, ...] = ("yes", "no", "abstain")
TALLY_KEYS = ("yes", "no", "abstain", "absent")
MEMBER_KEYS = frozenset({"id", "name", "weight", "population"})

MemberSpec: TypeAlias = str | Mapping[str, Any]


@dataclass(frozen=True)
class Member:
    """A voting member; ``weight`` and ``population`` only where the rule needs them."""

    id: str
    weight: Fraction | None = None
    population: Fraction | None = None


@dataclass(frozen=True)
class Criterion:
    """One test the vote had to pass, e.g. ``veto`` or ``threshold``, with what was found."""

    name: str
    passed: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "detail": self.detail}


def _frozen_tally(
    yes: int = 0, no: int = 0, abstain: int = 0, absent: int = 0
) -> Mapping[str, int]:
    return MappingProxyType({"yes": yes, "no": no, "abstain": abstain, "absent": absent})


@dataclass(frozen=True)
class Outcome:
    """The result of one vote. Immutable; ``to_dict()`` is plain JSON for the event log."""

    adopted: bool
    reason: str
    tally: Mapping[str, int] = field(default_factory=_frozen_tally)
    kind: str = "majority"
    criteria: tuple[Criterion, ...] = ()
    vetoed_by: tuple[str, ...] = ()
    objections: tuple[str, ...] = ()
    reservations: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    # Exact totals for weighted and double-majority votes, as fraction strings ("523/10").
    totals: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "tally", MappingProxyType(dict(self.tally)))
        object.__setattr__(self, "totals", MappingProxyType(dict(self.totals)))

    @property
    def failed_criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if not c.passed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "adopted": self.adopted,
            "reason": self.reason,
            "tally": dict(self.tally),
            "kind": self.kind,
            "criteria": [c.to_dict() for c in self.criteria],
            "vetoed_by": list(self.vetoed_by),
            "objections": list(self.objections),
            "reservations": list(self.reservations),
            "absent": list(self.absent),
            "totals": dict(self.totals),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Outcome:
        """Rebuild an outcome stored with :meth:`to_dict` (event replay)."""
        return cls(
            adopted=bool(raw["adopted"]),
            reason=str(raw["reason"]),
            tally={str(k): int(v) for k, v in raw["tally"].items()},
            kind=str(raw.get("kind", "majority")),
            criteria=tuple(
                Criterion(str(c["name"]), bool(c["passed"]), str(c["detail"]))
                for c in raw.get("criteria", ())
            ),
            vetoed_by=tuple(raw.get("vetoed_by", ())),
            objections=tuple(raw.get("objections", ())),
            reservations=tuple(raw.get("reservations", ())),
            absent=tuple(raw.get("absent", ())),
            totals={str(k): str(v) for k, v in raw.get("totals", {}).items()},
        )


# ---------------------------------------------------------------------------------------------
# Input checking


def _number(value: object, what: str) -> Fraction:
    if isinstance(value, bool):
        raise RuleViolation(f"{what} must be a number, not {value!r}.")
    try:
        number = parse_fraction(value, what)
    except MalformedRule:
        raise RuleViolation(f"{what} must be a number, not {value!r}.") from None
    if number < 0:
        raise RuleViolation(f"{what} cannot be negative ({value!r}).")
    return number


def parse_members(members: Iterable[MemberSpec]) -> tuple[Member, ...]:
    """Read member ids or ``{"id", "weight", "population"}`` dicts; reject duplicates."""
    if isinstance(members, str | bytes | Mapping):
        raise RuleViolation("`members` must be a list of member ids or member dicts.")
    parsed: list[Member] = []
    seen: set[str] = set()
    for position, entry in enumerate(members, start=1):
        if isinstance(entry, str):
            member = Member(entry)
        elif isinstance(entry, Mapping):
            unknown = sorted(str(k) for k in entry if k not in MEMBER_KEYS)
            if unknown:
                raise RuleViolation(
                    f"Member {position} has unknown key {unknown[0]!r}; allowed keys are "
                    "id, name, weight, population."
                )
            member_id = entry.get("id")
            if not isinstance(member_id, str):
                raise RuleViolation(f"Member {position} needs an `id` (text), got {member_id!r}.")
            weight = entry.get("weight")
            population = entry.get("population")
            member = Member(
                member_id,
                None if weight is None else _number(weight, f"Weight of {member_id}"),
                None if population is None else _number(population, f"Population of {member_id}"),
            )
        else:
            raise RuleViolation(
                f"Member {position} must be an id or a dict with an `id`, not {entry!r}."
            )
        if not member.id:
            raise RuleViolation(f"Member {position} has an empty id.")
        if member.id in seen:
            raise RuleViolation(f"Member {member.id!r} is listed twice in `members`.")
        seen.add(member.id)
        parsed.append(member)
    if not parsed:
        raise RuleViolation("`members` is empty: a vote needs at least one member.")
    return tuple(parsed)


def _check_votes(votes: Mapping[str, str], ids: set[str]) -> dict[str, VoteChoice]:
    if not isinstance(votes, Mapping):
        raise InvalidVote('`votes` must map member ids to "yes", "no" or "abstain".')
    checked: dict[str, VoteChoice] = {}
    for voter in sorted(votes, key=str):
        choice = votes[voter]
        if voter not in ids:
            raise InvalidVote(
                f"{voter!r} is not a member of this body and cannot vote "
                "(observers never vote on substance)."
            )
        if choice == "yes":
            checked[voter] = "yes"
        elif choice == "no":
            checked[voter] = "no"
        elif choice == "abstain":
            checked[voter] = "abstain"
        elif choice == "pass":
            raise InvalidVote(
                f"{voter} passed; a delegation that passes must vote yes or no on the second "
                "call, so only yes, no or abstain can be decided."
            )
        else:
            raise InvalidVote(
                f'Unknown vote {choice!r} from {voter}; a vote is "yes", "no" or "abstain" '
                "(leave a member out of `votes` to record it as absent)."
            )
    return checked


def _check_parties(parties: Iterable[str], ids: set[str]) -> tuple[str, ...]:
    if isinstance(parties, str):
        raise RuleViolation("`parties` must be a list of member ids, not a single string.")
    checked: list[str] = []
    for party in parties:
        if party not in ids:
            raise RuleViolation(
                f"Party to the dispute {party!r} is not a member of this body; list only members "
                "in `parties`."
            )
        if party not in checked:
            checked.append(party)
    return tuple(sorted(checked))


# ---------------------------------------------------------------------------------------------
# Helpers for the reason text


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(sorted(ids))


def _affirmative(count: int) -> str:
    return "1 affirmative vote" if count == 1 else f"{count} affirmative votes"


def _members(count: int) -> str:
    return f"{count} member" if count == 1 else f"{count} members"


def _percent(value: Fraction) -> str:
    """Truncate (never round up) so a share just under a threshold never prints as meeting it."""
    hundredths = (value * 10000).numerator // (value * 10000).denominator
    text = str(Decimal(hundredths) / 100)
    return f"{text}%"


def _share(fraction: Fraction) -> str:
    percent = fraction * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    return format_fraction(fraction)


@dataclass(frozen=True)
class _Count:
    members: tuple[Member, ...]
    votes: Mapping[str, VoteChoice]

    def ids_voting(self, choice: VoteChoice) -> tuple[str, ...]:
        return tuple(sorted(m.id for m in self.members if self.votes.get(m.id) == choice))

    @property
    def absent_ids(self) -> tuple[str, ...]:
        return tuple(sorted(m.id for m in self.members if m.id not in self.votes))

    @property
    def tally(self) -> Mapping[str, int]:
        return _frozen_tally(
            yes=len(self.ids_voting("yes")),
            no=len(self.ids_voting("no")),
            abstain=len(self.ids_voting("abstain")),
            absent=len(self.absent_ids),
        )

    def summary(self) -> str:
        t = self.tally
        text = f"{t['yes']} yes, {t['no']} no, {t['abstain']} abstain"
        return f"{text}, {t['absent']} absent" if t["absent"] else text


def _finish(
    kind: str,
    count: _Count,
    criteria: list[Criterion],
    adopted_reason: str,
    **extra: Any,
) -> Outcome:
    failed = [c for c in criteria if not c.passed]
    if failed:
        reason = "Failed — " + "; ".join(c.detail for c in failed) + f" ({count.summary()})."
    else:
        reason = adopted_reason
    return Outcome(
        adopted=not failed,
        reason=reason,
        tally=count.tally,
        kind=kind,
        criteria=tuple(criteria),
        absent=count.absent_ids,
        **extra,
    )


def _quorum_criterion(quorum: Fraction | None, count: _Count) -> Criterion | None:
    if quorum is None:
        return None
    members = len(count.members)
    present = members - len(count.absent_ids)
    needed = Threshold("at_least", quorum).required_count(members)
    if Threshold("at_least", quorum).is_met(present, members):
        return Criterion("quorum", True, f"quorum met: {present} of {members} members present")
    return Criterion(
        "quorum",
        False,
        f"quorum not met: {present} of {members} members present, {needed} required "
        f"(quorum {format_fraction(quorum)})",
    )


# ---------------------------------------------------------------------------------------------
# The rule kinds

_BASE_WORDS = {
    "present_and_voting": "present and voting",
    "present": "present",
    "membership": "members",
}


def _decide_majority(rule: MajorityRule, count: _Count, parties: tuple[str, ...]) -> Outcome:
    ids = {m.id for m in count.members}
    for holder in rule.veto:
        if holder not in ids:
            raise MalformedRule(
                f"`veto` names {holder!r}, who is not a member; veto holders must be members."
            )
    if rule.parties_abstain:
        for party in parties:
            if count.votes.get(party) in ("yes", "no"):
                raise InvalidVote(
                    f"{party} is a party to the dispute and must abstain (UN Charter Art. 27(3)); "
                    f"it cannot vote {count.votes[party]}."
                )
    tally = count.tally
    yes, no, abstain = tally["yes"], tally["no"], tally["abstain"]
    base = {
        "present_and_voting": yes + no,
        "present": yes + no + abstain,
        "membership": len(count.members),
    }[rule.base]
    criteria: list[Criterion] = []
    quorum = _quorum_criterion(rule.quorum, count)
    if quorum is not None:
        criteria.append(quorum)

    # The veto comes before the count in the failure text: it is what a delegate needs to hear.
    vetoed_by = tuple(sorted(h for h in rule.veto if count.votes.get(h) == "no"))
    if rule.veto:
        if vetoed_by:
            criteria.append(Criterion("veto", False, f"vetoed by {_ids(vetoed_by)}"))
        else:
            criteria.append(Criterion("veto", True, f"no veto holder ({_ids(rule.veto)}) voted no"))

    words = _BASE_WORDS[rule.base]
    wanted = f"{rule.threshold.describe()} of {base} {words}"
    if base == 0:
        empty = "no votes cast" if rule.base == "present_and_voting" else "no members present"
        criteria.append(Criterion("threshold", False, f"{empty}, so no majority is possible"))
    elif rule.threshold.is_met(yes, base):
        needed = rule.threshold.required_count(base)
        criteria.append(Criterion("threshold", True, f"{yes} yes; {wanted} needed ({needed} yes)"))
    else:
        needed = rule.threshold.required_count(base)
        tie = "tie, which fails: " if yes == no else ""
        criteria.append(
            Criterion(
                "threshold",
                False,
                f"{tie}{yes} yes of {base} {words}; {rule.threshold.describe()} required "
                f"({needed} yes)",
            )
        )
    if rule.min_yes:
        if yes >= rule.min_yes:
            criteria.append(
                Criterion("min_yes", True, f"{_affirmative(yes)}, {rule.min_yes} required")
            )
        else:
            criteria.append(
                Criterion(
                    "min_yes",
                    False,
                    f"only {_affirmative(yes)}, at least {rule.min_yes} required",
                )
            )

    parts = [f"{yes} yes, {no} no, {abstain} abstain"]
    parts.append(f"{rule.threshold.describe()} of {base} {words} required")
    if rule.min_yes:
        parts.append(f"at least {rule.min_yes} affirmative votes required")
    if rule.veto:
        parts.append(f"no veto holder ({_ids(rule.veto)}) voted no")
    if quorum is not None:
        parts.append(quorum.detail)
    if rule.parties_abstain and parties:
        abstaining_parties = [p for p in parties if p in count.ids_voting("abstain")]
        absent_parties = [p for p in parties if p in count.absent_ids]
        if abstaining_parties:
            parts.append(
                f"parties to the dispute abstained as required: {_ids(abstaining_parties)}"
            )
        if absent_parties:
            parts.append(f"parties to the dispute absent: {_ids(absent_parties)}")
    adopted_reason = "Adopted: " + "; ".join(parts) + "."
    return _finish("majority", count, criteria, adopted_reason, vetoed_by=vetoed_by)


def _decide_consensus(rule: ConsensusRule, count: _Count) -> Outcome:
    objections = count.ids_voting("no")
    reservations = count.ids_voting("abstain")
    present = len(count.members) - len(count.absent_ids)
    criteria: list[Criterion] = []
    quorum = _quorum_criterion(rule.quorum, count)
    if quorum is not None:
        criteria.append(quorum)
    if objections:
        criteria.append(
            Criterion("objection", False, f"no consensus: formal objection by {_ids(objections)}")
        )
    else:
        criteria.append(Criterion("objection", True, "no present member formally objected"))
    # The spec's "iff no present member objects" holds literally, so an absent member can never
    # turn adoption into failure; a body that needs attendance sets `quorum`.
    notes = [f"{present} present" if present else "nobody present, so nobody objected"]
    if reservations:
        notes.append(f"reservations (standing aside): {_ids(reservations)}")
    if count.absent_ids:
        notes.append(f"absent, cannot block: {_ids(count.absent_ids)}")
    adopted_reason = (
        "Adopted by consensus: no present member formally objected (" + "; ".join(notes) + ")."
    )
    return _finish(
        "consensus",
        count,
        criteria,
        adopted_reason,
        objections=objections,
        reservations=reservations,
    )


def _decide_unanimity(rule: UnanimityRule, count: _Count) -> Outcome:
    against = count.ids_voting("no")
    abstained = count.ids_voting("abstain")
    absent = count.absent_ids
    missing: list[str] = []
    if against:
        missing.append(f"voted no: {_ids(against)}")
    if abstained and not rule.abstention_allowed:
        missing.append(f"abstained: {_ids(abstained)}")
    if absent:
        missing.append(f"absent: {_ids(absent)}")
    criteria: list[Criterion] = []
    if missing:
        criteria.append(
            Criterion(
                "unanimity",
                False,
                "not unanimous, every member must vote yes — " + "; ".join(missing),
            )
        )
    elif not count.ids_voting("yes"):
        criteria.append(Criterion("unanimity", False, "no member voted yes"))
    else:
        criteria.append(Criterion("unanimity", True, "every member voted yes"))
    total = len(count.members)
    if rule.abstention_allowed and abstained:
        adopted_reason = (
            f"Adopted unanimously: {len(count.ids_voting('yes'))} yes, none against, "
            f"abstentions do not prevent unanimity ({_ids(abstained)})."
        )
    else:
        adopted_reason = f"Adopted unanimously: all {total} members voted yes."
    return _finish(
        "unanimity", count, criteria, adopted_reason, objections=against, vetoed_by=against
    )


def _total(members: Iterable[Member], attribute: Literal["weight", "population"]) -> Fraction:
    total = Fraction(0)
    for member in members:
        value = getattr(member, attribute)
        assert value is not None  # checked by _require
        total += value
    return total


def _require(
    members: tuple[Member, ...], attribute: Literal["weight", "population"], kind: str
) -> None:
    missing = [m.id for m in members if getattr(m, attribute) is None]
    if missing:
        raise MalformedRule(
            f"A {kind} vote needs a {attribute} for every member; missing for {_ids(missing)}. "
            f"Give members as dicts such as {{id: {missing[0]}, {attribute}: 10}}."
        )


def _decide_weighted(rule: WeightedRule, count: _Count) -> Outcome:
    _require(count.members, "weight", "weighted")
    by_choice = {
        choice: _total((m for m in count.members if count.votes.get(m.id) == choice), "weight")
        for choice in VOTE_CHOICES
    }
    total = _total(count.members, "weight")
    yes_weight = by_choice["yes"]
    base = by_choice["yes"] + by_choice["no"] if rule.base == "cast" else total
    words = "of the votes cast" if rule.base == "cast" else "of total voting power"
    totals = {
        "yes_weight": format_fraction(yes_weight),
        "no_weight": format_fraction(by_choice["no"]),
        "abstain_weight": format_fraction(by_choice["abstain"]),
        "absent_weight": format_fraction(total - sum(by_choice.values(), Fraction(0))),
        "total_weight": format_fraction(total),
        "base_weight": format_fraction(base),
    }
    if base == 0:
        empty = "no votes cast" if rule.base == "cast" else "the members hold no voting power"
        criterion = Criterion("threshold", False, f"{empty}, so no majority is possible")
    else:
        share = yes_weight / base
        met = rule.threshold.is_met(yes_weight, base)
        verb = "" if met else "only "
        criterion = Criterion(
            "threshold",
            met,
            f"{verb}{_percent(share)} {words} in favour; {rule.threshold.describe()} "
            f"({_share(rule.threshold.fraction)}) required",
        )
    adopted_reason = f"Adopted: {criterion.detail}."
    return _finish("weighted", count, [criterion], adopted_reason, totals=totals)


def _decide_double_majority(rule: DoubleMajorityRule, count: _Count) -> Outcome:
    _require(count.members, "population", "double-majority")
    members = count.members
    abstainers = set(count.ids_voting("abstain"))
    # With abstain_counts_as_no: false, abstainers leave both bases instead of counting against.
    counted = [m for m in members if rule.abstain_counts_as_no or m.id not in abstainers]
    in_favour = [m for m in members if count.votes.get(m.id) == "yes"]
    not_in_favour = sorted(m.id for m in counted if count.votes.get(m.id) != "yes")
    total_population = _total(counted, "population")
    yes_population = _total(in_favour, "population")
    totals = {
        "yes_population": format_fraction(yes_population),
        "counted_population": format_fraction(total_population),
        "total_population": format_fraction(_total(members, "population")),
    }
    criteria: list[Criterion] = []
    states = Threshold("at_least", rule.states_at_least)
    if not counted:
        criteria.append(Criterion("states", False, "no votes cast, so no majority is possible"))
    else:
        states_met = states.is_met(len(in_favour), len(counted))
        criteria.append(
            Criterion(
                "states",
                states_met,
                f"{'' if states_met else 'only '}{len(in_favour)} of {len(counted)} member states "
                f"in favour; at least {_share(rule.states_at_least)} "
                f"({states.required_count(len(counted))}) required",
            )
        )
    population = Threshold("at_least", rule.population_at_least)
    if len(not_in_favour) < rule.blocking_min_states:
        criteria.append(
            Criterion(
                "population",
                True,
                f"population criterion deemed met: only {_members(len(not_in_favour))} did not "
                f"vote in favour, fewer than the {rule.blocking_min_states} a blocking minority "
                "needs",
            )
        )
    elif total_population == 0:
        criteria.append(Criterion("population", False, "the members counted have no population"))
    else:
        share = yes_population / total_population
        met = population.is_met(yes_population, total_population)
        criteria.append(
            Criterion(
                "population",
                met,
                f"{'' if met else 'only '}{_percent(share)} of the population in favour; "
                f"at least {_share(rule.population_at_least)} required",
            )
        )
    if not criteria[-1].passed and not_in_favour:
        criteria[-1] = Criterion(
            "population",
            False,
            f"{criteria[-1].detail}; blocking minority of {len(not_in_favour)} members: "
            f"{_ids(not_in_favour)}",
        )
    adopted_reason = "Adopted by qualified majority: " + "; ".join(c.detail for c in criteria) + "."
    return _finish(
        "double_majority",
        count,
        criteria,
        adopted_reason,
        totals=totals,
        objections=count.ids_voting("no"),
    )


def decide(
    rule: Mapping[str, Any] | DecisionRule,
    members: Iterable[MemberSpec],
    votes: Mapping[str, str],
    parties: Iterable[str] | None = (),
) -> Outcome:
    """Decide one vote under ``rule``; raise :class:`RuleViolation` for anything malformed.

    ``members`` are ids or ``{"id", "weight", "population"}`` dicts; ``votes`` maps member id to
    ``"yes"``, ``"no"`` or ``"abstain"`` (a member with no entry is absent); ``parties`` are the
    members who are parties to the dispute (UN Charter Art. 27(3)).
    """
    parsed_rule = parse_rule(rule)
    parsed_members = parse_members(members)
    ids = {m.id for m in parsed_members}
    checked_votes = _check_votes(votes, ids)
    checked_parties = _check_parties(() if parties is None else parties, ids)
    count = _Count(parsed_members, MappingProxyType(checked_votes))
    if isinstance(parsed_rule, MajorityRule):
        return _decide_majority(parsed_rule, count, checked_parties)
    if isinstance(parsed_rule, ConsensusRule):
        return _decide_consensus(parsed_rule, count)
    if isinstance(parsed_rule, UnanimityRule):
        return _decide_unanimity(parsed_rule, count)
    if isinstance(parsed_rule, WeightedRule):
        return _decide_weighted(parsed_rule, count)
    return _decide_double_majority(parsed_rule, count)


__all__ = [
    "TALLY_KEYS",
    "VOTE_CHOICES",
    "Criterion",
    "DecisionRule",
    "Member",
    "MemberSpec",
    "Outcome",
    "VoteChoice",
    "decide",
    "parse_members",
    "parse_rule",
]
