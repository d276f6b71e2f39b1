"""Security Council voting: Art. 27 of the UN Charter and the Council's provisional rules.

Pure functions the procedure engine calls:

- :func:`security_council_rule` builds the decision rule for a procedural or substantive question
  (Art. 27(2) and 27(3)), with Art. 27(3) party abstention for Chapter VI decisions.
- :func:`decide_preliminary_question` decides whether a matter is procedural as a substantive
  question, so a permanent member can veto it: the "double veto" (San Francisco Statement of the
  four sponsoring governments, 7 June 1945, part II, para. 2).
- :func:`decide_security_council_question` runs the whole thing: the preliminary question if
  one is raised, then the question itself under the rule that resulted.
- :func:`decide_division` applies provisional rule 32: parts of a draft are voted separately at
  a member's request unless the original mover objects; an objection is put to a procedural vote.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from game_rules.decision.decide import MemberSpec, Outcome, decide, parse_members
from game_rules.errors import RuleViolation
from game_rules.messages import Message, say

QuestionKind: TypeAlias = Literal["procedural", "substantive"]
Chapter: TypeAlias = Literal["VI", "VII"]

PERMANENT_MEMBERS: tuple[str, ...] = ("CHN", "FRA", "GBR", "RUS", "USA")
AFFIRMATIVE_VOTES = 9  # Art. 27(2) and (3), since the 1965 enlargement to 15 members

#: Stands for "no message given": a decision built from its English reason alone.
_UNSAID = Message("")


def security_council_rule(
    question: QuestionKind,
    *,
    permanent_members: Iterable[str] = PERMANENT_MEMBERS,
    chapter: Chapter | None = None,
    affirmative_votes: int = AFFIRMATIVE_VOTES,
) -> dict[str, Any]:
    """The decision rule for a Council question, as a rule mapping for :func:`decide`.

    Procedural (Art. 27(2)): nine affirmative votes, no veto. Substantive (Art. 27(3)): nine
    affirmative votes including the concurring votes of the permanent members; since 1947 (and the
    ICJ's Namibia opinion, 1971, para. 22) an abstention or absence is not a veto, so only a ``no``
    vetoes. Under Chapter VI a party to the dispute abstains; under Chapter VII it votes.
    """
    if question not in ("procedural", "substantive"):
        raise RuleViolation(
            "A question is procedural or substantive, not {question}.", question=repr(question)
        )
    if chapter not in (None, "VI", "VII"):
        raise RuleViolation(
            "`chapter` must be VI, VII or left out, not {chapter}.", chapter=repr(chapter)
        )
    rule: dict[str, Any] = {"kind": "majority", "min_yes": affirmative_votes}
    if question == "substantive":
        rule["veto"] = sorted(permanent_members)
        if chapter == "VI":
            rule["parties_abstain"] = True
    return rule


@dataclass(frozen=True)
class PreliminaryDecision:
    """Whether the Council treats a matter as procedural, and the vote that settled it."""

    classification: QuestionKind
    outcome: Outcome

    def to_dict(self) -> dict[str, Any]:
        return {"classification": self.classification, "outcome": self.outcome.to_dict()}


def decide_preliminary_question(
    members: Iterable[MemberSpec],
    votes: Mapping[str, str],
    *,
    permanent_members: Iterable[str] = PERMANENT_MEMBERS,
    affirmative_votes: int = AFFIRMATIVE_VOTES,
) -> PreliminaryDecision:
    """Vote on "the matter is procedural" as a substantive question (the double veto).

    San Francisco Statement, 7 June 1945, part II, para. 2: the preliminary question whether a
    matter is procedural "must be taken by a vote of seven [now nine] members of the Security
    Council including the concurring votes of the permanent members". If that proposal fails, for
    want of votes or by a veto, the matter is treated as substantive.
    """
    rule = security_council_rule(
        "substantive",
        permanent_members=permanent_members,
        affirmative_votes=affirmative_votes,
    )
    outcome = decide(rule, list(members), votes)
    return PreliminaryDecision("procedural" if outcome.adopted else "substantive", outcome)


@dataclass(frozen=True)
class CouncilDecision:
    """The Council's decision on a question, with the preliminary vote if one was held."""

    classification: QuestionKind
    outcome: Outcome
    preliminary: PreliminaryDecision | None = None

    @property
    def adopted(self) -> bool:
        return self.outcome.adopted

    def to_dict(self) -> dict[str, Any]:
        return {
            "classification": self.classification,
            "outcome": self.outcome.to_dict(),
            "preliminary": None if self.preliminary is None else self.preliminary.to_dict(),
        }


def decide_security_council_question(
    members: Iterable[MemberSpec],
    votes: Mapping[str, str],
    *,
    question: QuestionKind = "substantive",
    chapter: Chapter | None = None,
    parties: Iterable[str] = (),
    preliminary_votes: Mapping[str, str] | None = None,
    permanent_members: Iterable[str] = PERMANENT_MEMBERS,
    affirmative_votes: int = AFFIRMATIVE_VOTES,
) -> CouncilDecision:
    """Decide a Council question; with ``preliminary_votes``, first decide if it is procedural.

    ``question`` is the classification claimed for the matter; when ``preliminary_votes`` is
    given, the preliminary vote replaces it (so a permanent member can turn a "procedural"
    matter into a substantive one it may then veto).
    """
    member_list = list(members)
    permanent = tuple(permanent_members)
    preliminary = None
    classification = question
    if preliminary_votes is not None:
        preliminary = decide_preliminary_question(
            member_list,
            preliminary_votes,
            permanent_members=permanent,
            affirmative_votes=affirmative_votes,
        )
        classification = preliminary.classification
    rule = security_council_rule(
        classification,
        permanent_members=permanent,
        chapter=chapter,
        affirmative_votes=affirmative_votes,
    )
    # Parties matter only where Art. 27(3) makes them abstain; elsewhere they vote like anyone.
    outcome = decide(rule, member_list, votes, parties if rule.get("parties_abstain") else ())
    return CouncilDecision(classification, outcome, preliminary)


def parties_must_abstain(question: QuestionKind, chapter: Chapter | None) -> bool:
    """Art. 27(3): a party to a dispute abstains in decisions under Chapter VI (and Art. 52(3))."""
    return question == "substantive" and chapter == "VI"


@dataclass(frozen=True)
class DivisionDecision:
    """Whether parts of a draft are voted separately (provisional rule 32).

    ``say`` is ``reason`` as a message (who asked, who objected, and the vote's own
    :attr:`Outcome.say`); ``reason == say.english()``. Not part of ``to_dict()``."""

    divided: bool
    by: Literal["request", "vote"]
    reason: str
    outcome: Outcome | None = None
    say: Message = field(default=_UNSAID, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.say is _UNSAID:
            object.__setattr__(self, "say", Message(self.reason))

    def to_dict(self) -> dict[str, Any]:
        return {
            "divided": self.divided,
            "by": self.by,
            "reason": self.reason,
            "outcome": None if self.outcome is None else self.outcome.to_dict(),
        }


def division_needs_vote(requested_by: str, mover: str, mover_objects: bool) -> bool:
    """Rule 32: division is automatic; only the original mover's objection needs a vote."""
    return mover_objects and requested_by != mover


def decide_division(
    members: Iterable[MemberSpec],
    *,
    requested_by: str,
    mover: str,
    mover_objects: bool = False,
    votes: Mapping[str, str] | None = None,
    affirmative_votes: int = AFFIRMATIVE_VOTES,
) -> DivisionDecision:
    """Provisional rule 32: divide on any representative's request unless the mover objects.

    When the original mover objects, the request for division is put to the vote as a procedural
    question (Art. 27(2): nine affirmative votes, no veto), so ``votes`` is then required.
    """
    member_list = list(members)
    ids = {m.id for m in parse_members(member_list)}
    for role, member in (("requested_by", requested_by), ("mover", mover)):
        if member not in ids:
            raise RuleViolation(
                "`{role}` {member} is not a member of the Council.", role=role, member=repr(member)
            )
    if not division_needs_vote(requested_by, mover, mover_objects):
        return _division(
            True,
            "request",
            say(
                "Divided at the request of {requester}; the mover {mover} did not object "
                "(provisional rule 32).",
                requester=requested_by,
                mover=mover,
            ),
        )
    if votes is None:
        raise RuleViolation(
            "The mover {mover} objects to dividing the draft, so the request by {requester} "
            "must be put to a procedural vote; give the votes.",
            mover=mover,
            requester=requested_by,
        )
    outcome = decide(
        security_council_rule("procedural", affirmative_votes=affirmative_votes),
        member_list,
        votes,
    )
    template = (
        "The draft is divided: the mover {mover} objected, and the request by {requester} "
        "was put to a procedural vote. {outcome}"
        if outcome.adopted
        else "The draft is not divided: the mover {mover} objected, and the request by "
        "{requester} was put to a procedural vote. {outcome}"
    )
    message = say(template, mover=mover, requester=requested_by, outcome=outcome.say)
    return _division(outcome.adopted, "vote", message, outcome)


def _division(
    divided: bool, by: Literal["request", "vote"], message: Message, outcome: Outcome | None = None
) -> DivisionDecision:
    return DivisionDecision(divided, by, message.english(), outcome, message)


__all__ = [
    "AFFIRMATIVE_VOTES",
    "PERMANENT_MEMBERS",
    "Chapter",
    "CouncilDecision",
    "DivisionDecision",
    "PreliminaryDecision",
    "QuestionKind",
    "decide_division",
    "decide_preliminary_question",
    "decide_security_council_question",
    "division_needs_vote",
    "parties_must_abstain",
]
