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
from game_rules.messages import Message, Param, say
from game_rules.session.wording import counted, joined

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


#: Stands for "no message given": a criterion or outcome rebuilt from its stored English.
_UNSAID = Message("")


@dataclass(frozen=True)
class Criterion:
    """One test the vote had to pass, e.g. ``veto`` or ``threshold``, with what was found.

    ``say`` is ``detail`` as a message (template and parameters); ``detail == say.english()``.
    A criterion rebuilt from its dict has only its English, so its ``say`` is that text."""

    name: str
    passed: bool
    detail: str
    say: Message = field(default=_UNSAID, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.say is _UNSAID:
            object.__setattr__(self, "say", Message(self.detail))

    @classmethod
    def said(cls, name: str, passed: bool, message: Message) -> Criterion:
        return cls(name, passed, message.english(), message)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "detail": self.detail}


def _frozen_tally(
    yes: int = 0, no: int = 0, abstain: int = 0, absent: int = 0
) -> Mapping[str, int]:
    return MappingProxyType({"yes": yes, "no": no, "abstain": abstain, "absent": absent})


@dataclass(frozen=True)
class Outcome:
    """The result of one vote. Immutable; ``to_dict()`` is plain JSON for the event log.

    ``say`` is ``reason`` as a message: the template names the rule's verdict ("Failed — ...",
    "Adopted by consensus: ...") and the parameters hold the tally, the criteria that failed
    (each a message), who vetoed or objected; ``reason == say.english()``. It is not part of
    ``to_dict()`` (the event log keeps the English), so an outcome rebuilt with ``from_dict``
    says its English reason as it is, and two outcomes compare equal without it."""

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
    say: Message = field(default=_UNSAID, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tally", MappingProxyType(dict(self.tally)))
        object.__setattr__(self, "totals", MappingProxyType(dict(self.totals)))
        if self.say is _UNSAID:
            object.__setattr__(self, "say", Message(self.reason))

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


def _number(value: object, what: Message) -> Fraction:
    if isinstance(value, bool):
        raise RuleViolation("{what} must be a number, not {value}.", what=what, value=repr(value))
    try:
        number = parse_fraction(value, what.english())
    except MalformedRule:
        raise RuleViolation(
            "{what} must be a number, not {value}.", what=what, value=repr(value)
        ) from None
    if number < 0:
        raise RuleViolation("{what} cannot be negative ({value}).", what=what, value=repr(value))
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
                    "Member {position} has unknown key {key}; allowed keys are "
                    "id, name, weight, population.",
                    position=position,
                    key=repr(unknown[0]),
                )
            member_id = entry.get("id")
            if not isinstance(member_id, str):
                raise RuleViolation(
                    "Member {position} needs an `id` (text), got {value}.",
                    position=position,
                    value=repr(member_id),
                )
            weight = entry.get("weight")
            population = entry.get("population")
            member = Member(
                member_id,
                None
                if weight is None
                else _number(weight, say("Weight of {member}", member=member_id)),
                None
                if population is None
                else _number(population, say("Population of {member}", member=member_id)),
            )
        else:
            raise RuleViolation(
                "Member {position} must be an id or a dict with an `id`, not {value}.",
                position=position,
                value=repr(entry),
            )
        if not member.id:
            raise RuleViolation("Member {position} has an empty id.", position=position)
        if member.id in seen:
            raise RuleViolation(
                "Member {member} is listed twice in `members`.", member=repr(member.id)
            )
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
                "{voter} is not a member of this body and cannot vote "
                "(observers never vote on substance).",
                voter=repr(voter),
            )
        if choice == "yes":
            checked[voter] = "yes"
        elif choice == "no":
            checked[voter] = "no"
        elif choice == "abstain":
            checked[voter] = "abstain"
        elif choice == "pass":
            raise InvalidVote(
                "{voter} passed; a delegation that passes must vote yes or no on the second "
                "call, so only yes, no or abstain can be decided.",
                voter=voter,
            )
        else:
            raise InvalidVote(
                'Unknown vote {choice} from {voter}; a vote is "yes", "no" or "abstain" '
                "(leave a member out of `votes` to record it as absent).",
                choice=repr(choice),
                voter=voter,
            )
    return checked


def _check_parties(parties: Iterable[str], ids: set[str]) -> tuple[str, ...]:
    if isinstance(parties, str):
        raise RuleViolation("`parties` must be a list of member ids, not a single string.")
    checked: list[str] = []
    for party in parties:
        if party not in ids:
            raise RuleViolation(
                "Party to the dispute {party} is not a member of this body; list only members "
                "in `parties`.",
                party=repr(party),
            )
        if party not in checked:
            checked.append(party)
    return tuple(sorted(checked))


# ---------------------------------------------------------------------------------------------
# Helpers for the reason text


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(sorted(ids))


def _affirmative(count: int) -> Message:
    return counted(count, "{count} affirmative vote", "{count} affirmative votes")


def _members(count: int) -> Message:
    return counted(count, "{count} member", "{count} members")


def _percent(value: Fraction) -> float:
    """The share in per cent, to two decimals: truncated (never rounded up) so a share just
    under a threshold never prints as meeting it. Written through the message ``{percent}%``."""
    hundredths = (value * 10000).numerator // (value * 10000).denominator
    return float(Decimal(hundredths) / 100)


def _share(fraction: Fraction) -> Param:
    """A rule's share: "55%" when it is whole per cent, else the fraction ("2/3")."""
    percent = fraction * 100
    if percent.denominator == 1:
        return say("{percent}%", percent=percent.numerator)
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

    def summary(self) -> Message:
        t = self.tally
        if t["absent"]:
            return say(
                "{yes} yes, {no} no, {abstain} abstain, {absent} absent",
                yes=t["yes"],
                no=t["no"],
                abstain=t["abstain"],
                absent=t["absent"],
            )
        return say(
            "{yes} yes, {no} no, {abstain} abstain", yes=t["yes"], no=t["no"], abstain=t["abstain"]
        )


def _finish(
    kind: str,
    count: _Count,
    criteria: list[Criterion],
    adopted_reason: Message,
    **extra: Any,
) -> Outcome:
    """The outcome: adopted when every criterion passed (then ``adopted_reason`` says why),
    else "Failed — " and the criteria that failed, with the tally."""
    failed = [c for c in criteria if not c.passed]
    if failed and kind == "consensus":
        # Consensus is not a count: the record names the objectors, never a "19-1" tally.
        reason = say("Failed — {failures}.", failures=joined([c.say for c in failed]))
    elif failed:
        reason = say(
            "Failed — {failures} ({tally}).",
            failures=joined([c.say for c in failed]),
            tally=count.summary(),
        )
    else:
        reason = adopted_reason
    return Outcome(
        adopted=not failed,
        reason=reason.english(),
        say=reason,
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
        return Criterion.said(
            "quorum",
            True,
            say(
                "quorum met: {present} of {members} members present",
                present=present,
                members=members,
            ),
        )
    return Criterion.said(
        "quorum",
        False,
        say(
            "quorum not met: {present} of {members} members present, {needed} required "
            "(quorum {quorum})",
            present=present,
            members=members,
            needed=needed,
            quorum=format_fraction(quorum),
        ),
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
                "`veto` names {holder}, who is not a member; veto holders must be members.",
                holder=repr(holder),
            )
    if rule.parties_abstain:
        for party in parties:
            if count.votes.get(party) in ("yes", "no"):
                raise InvalidVote(
                    "{party} is a party to the dispute and must abstain (UN Charter Art. 27(3)); "
                    "it cannot vote {choice}.",
                    party=party,
                    choice=say(count.votes[party]),
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
    no_veto = say("no veto holder ({holders}) voted no", holders=_ids(rule.veto))
    if rule.veto:
        if vetoed_by:
            vetoed = say("vetoed by {members}", members=_ids(vetoed_by))
            criteria.append(Criterion.said("veto", False, vetoed))
        else:
            criteria.append(Criterion.said("veto", True, no_veto))

    words = say(_BASE_WORDS[rule.base])
    threshold = rule.threshold.said()
    # Art. 27(2)-(3) asks a count ("nine members"), not a share: `more_than: "0"` with `min_yes`
    # says so, and the reason then names no share at all.
    count_only = rule.min_yes > 0 and rule.threshold.fraction == 0
    if count_only:
        pass
    elif base == 0:
        empty = (
            say("no votes cast, so no majority is possible")
            if rule.base == "present_and_voting"
            else say("no members present, so no majority is possible")
        )
        criteria.append(Criterion.said("threshold", False, empty))
    elif rule.threshold.is_met(yes, base):
        needed = rule.threshold.required_count(base)
        met = say(
            "{yes} yes; {threshold} of {base} {words} needed ({needed} yes)",
            yes=yes,
            threshold=threshold,
            base=base,
            words=words,
            needed=needed,
        )
        criteria.append(Criterion.said("threshold", True, met))
    else:
        needed = rule.threshold.required_count(base)
        short = (
            "tie, which fails: {yes} yes of {base} {words}; {threshold} required ({needed} yes)"
            if yes == no
            else "{yes} yes of {base} {words}; {threshold} required ({needed} yes)"
        )
        criteria.append(
            Criterion.said(
                "threshold",
                False,
                say(short, yes=yes, base=base, words=words, threshold=threshold, needed=needed),
            )
        )
    if rule.min_yes:
        if yes >= rule.min_yes:
            enough = say(
                "{affirmative}, {required} required",
                affirmative=_affirmative(yes),
                required=rule.min_yes,
            )
            criteria.append(Criterion.said("min_yes", True, enough))
        else:
            too_few = say(
                "only {affirmative}, at least {required} required",
                affirmative=_affirmative(yes),
                required=rule.min_yes,
            )
            criteria.append(Criterion.said("min_yes", False, too_few))

    parts: list[Param] = [
        say("{yes} yes, {no} no, {abstain} abstain", yes=yes, no=no, abstain=abstain)
    ]
    if not count_only:
        parts.append(
            say(
                "{threshold} of {base} {words} required",
                threshold=threshold,
                base=base,
                words=words,
            )
        )
    if rule.min_yes:
        parts.append(say("at least {count} affirmative votes required", count=rule.min_yes))
    if rule.veto:
        parts.append(no_veto)
    if quorum is not None:
        parts.append(quorum.say)
    if rule.parties_abstain and parties:
        abstaining_parties = [p for p in parties if p in count.ids_voting("abstain")]
        absent_parties = [p for p in parties if p in count.absent_ids]
        if abstaining_parties:
            parts.append(
                say(
                    "parties to the dispute abstained as required: {parties}",
                    parties=_ids(abstaining_parties),
                )
            )
        if absent_parties:
            parts.append(
                say("parties to the dispute absent: {parties}", parties=_ids(absent_parties))
            )
    adopted_reason = say("Adopted: {conditions}.", conditions=joined(parts))
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
        objected = say("no consensus: formal objection by {members}", members=_ids(objections))
        criteria.append(Criterion.said("objection", False, objected))
    else:
        criteria.append(
            Criterion.said("objection", True, say("no present member formally objected"))
        )
    # The spec's "iff no present member objects" holds literally, so an absent member can never
    # turn adoption into failure; a body that needs attendance sets `quorum`.
    notes: list[Param] = [
        say("{count} present", count=present)
        if present
        else say("nobody present, so nobody objected")
    ]
    if reservations:
        notes.append(
            say("reservations (standing aside): {members}", members=_ids(reservations))
        )
    if count.absent_ids:
        notes.append(say("absent, cannot block: {members}", members=_ids(count.absent_ids)))
    adopted_reason = say(
        "Adopted by consensus: no present member formally objected ({notes}).",
        notes=joined(notes),
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
    missing: list[Param] = []
    if against:
        missing.append(say("voted no: {members}", members=_ids(against)))
    if abstained and not rule.abstention_allowed:
        missing.append(say("abstained: {members}", members=_ids(abstained)))
    if absent:
        missing.append(say("absent: {members}", members=_ids(absent)))
    criteria: list[Criterion] = []
    if missing:
        not_unanimous = say(
            "not unanimous, every member must vote yes — {missing}", missing=joined(missing)
        )
        criteria.append(Criterion.said("unanimity", False, not_unanimous))
    elif not count.ids_voting("yes"):
        criteria.append(Criterion.said("unanimity", False, say("no member voted yes")))
    else:
        criteria.append(Criterion.said("unanimity", True, say("every member voted yes")))
    total = len(count.members)
    if rule.abstention_allowed and abstained:
        adopted_reason = say(
            "Adopted unanimously: {yes} yes, none against, "
            "abstentions do not prevent unanimity ({members}).",
            yes=len(count.ids_voting("yes")),
            members=_ids(abstained),
        )
    else:
        adopted_reason = say("Adopted unanimously: all {count} members voted yes.", count=total)
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
            "A {kind} vote needs a {attribute} for every member; missing for {members}. "
            "Give members as dicts such as {example}.",
            kind=kind,
            attribute=attribute,
            members=_ids(missing),
            example="{id: " + missing[0] + ", " + attribute + ": 10}",
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
    totals = {
        "yes_weight": format_fraction(yes_weight),
        "no_weight": format_fraction(by_choice["no"]),
        "abstain_weight": format_fraction(by_choice["abstain"]),
        "absent_weight": format_fraction(total - sum(by_choice.values(), Fraction(0))),
        "total_weight": format_fraction(total),
        "base_weight": format_fraction(base),
    }
    if base == 0:
        empty = (
            say("no votes cast, so no majority is possible")
            if rule.base == "cast"
            else say("the members hold no voting power, so no majority is possible")
        )
        criterion = Criterion.said("threshold", False, empty)
    else:
        met = rule.threshold.is_met(yes_weight, base)
        template = {
            (True, "cast"): "{percent}% of the votes cast in favour; "
            "{threshold} ({share}) required",
            (False, "cast"): "only {percent}% of the votes cast in favour; "
            "{threshold} ({share}) required",
            (True, "membership"): "{percent}% of total voting power in favour; "
            "{threshold} ({share}) required",
            (False, "membership"): "only {percent}% of total voting power in favour; "
            "{threshold} ({share}) required",
        }[(met, rule.base)]
        criterion = Criterion.said(
            "threshold",
            met,
            say(
                template,
                percent=_percent(yes_weight / base),
                threshold=rule.threshold.said(),
                share=_share(rule.threshold.fraction),
            ),
        )
    adopted_reason = say("Adopted: {criterion}.", criterion=criterion.say)
    return _finish("weighted", count, [criterion], adopted_reason, totals=totals)


def _decide_double_majority(rule: DoubleMajorityRule, count: _Count) -> Outcome:
    _require(count.members, "population", "double-majority")
    members = count.members
    abstainers = set(count.ids_voting("abstain"))
    # With abstain_counts_as_no: false, abstainers leave both bases instead of counting against.
    counted_members = [m for m in members if rule.abstain_counts_as_no or m.id not in abstainers]
    in_favour = [m for m in members if count.votes.get(m.id) == "yes"]
    not_in_favour = sorted(m.id for m in counted_members if count.votes.get(m.id) != "yes")
    total_population = _total(counted_members, "population")
    yes_population = _total(in_favour, "population")
    totals = {
        "yes_population": format_fraction(yes_population),
        "counted_population": format_fraction(total_population),
        "total_population": format_fraction(_total(members, "population")),
    }
    criteria: list[Criterion] = []
    states = Threshold("at_least", rule.states_at_least)
    if not counted_members:
        criteria.append(
            Criterion.said("states", False, say("no votes cast, so no majority is possible"))
        )
    else:
        states_met = states.is_met(len(in_favour), len(counted_members))
        template = (
            "{in_favour} of {counted} member states in favour; at least {share} ({required}) "
            "required"
            if states_met
            else "only {in_favour} of {counted} member states in favour; at least {share} "
            "({required}) required"
        )
        criteria.append(
            Criterion.said(
                "states",
                states_met,
                say(
                    template,
                    in_favour=len(in_favour),
                    counted=len(counted_members),
                    share=_share(rule.states_at_least),
                    required=states.required_count(len(counted_members)),
                ),
            )
        )
    population = Threshold("at_least", rule.population_at_least)
    if len(not_in_favour) < rule.blocking_min_states:
        deemed = say(
            "population criterion deemed met: only {members} did not vote in favour, fewer "
            "than the {blocking} a blocking minority needs",
            members=_members(len(not_in_favour)),
            blocking=rule.blocking_min_states,
        )
        criteria.append(Criterion.said("population", True, deemed))
    elif total_population == 0:
        criteria.append(
            Criterion.said("population", False, say("the members counted have no population"))
        )
    else:
        met = population.is_met(yes_population, total_population)
        template = (
            "{percent} of the population in favour; at least {share} required"
            if met
            else "only {percent} of the population in favour; at least {share} required"
        )
        criteria.append(
            Criterion.said(
                "population",
                met,
                say(
                    template,
                    # "{percent}%" its own message: "45.5% of" reads to Babel as %-format "% o"
                    percent=say("{percent}%", percent=_percent(yes_population / total_population)),
                    share=_share(rule.population_at_least),
                ),
            )
        )
    if not criteria[-1].passed and not_in_favour:
        blocking = say(
            "{criterion}; blocking minority of {count} members: {members}",
            criterion=criteria[-1].say,
            count=len(not_in_favour),
            members=_ids(not_in_favour),
        )
        criteria[-1] = Criterion.said("population", False, blocking)
    adopted_reason = say(
        "Adopted by qualified majority: {criteria}.", criteria=joined([c.say for c in criteria])
    )
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
