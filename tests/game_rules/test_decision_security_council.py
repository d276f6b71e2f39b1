"""Security Council specifics: Art. 27, the double veto and provisional rule 32."""

from __future__ import annotations

import json

import pytest

from game_rules import InvalidVote, RuleViolation
from game_rules.decision.security_council import (
    PERMANENT_MEMBERS,
    decide_division,
    decide_preliminary_question,
    decide_security_council_question,
    division_needs_vote,
    parties_must_abstain,
    security_council_rule,
)

ELECTED = ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"]
COUNCIL = [*PERMANENT_MEMBERS, *ELECTED]


def votes(no: tuple[str, ...] = (), abstain: tuple[str, ...] = ()) -> dict[str, str]:
    return {m: "no" if m in no else "abstain" if m in abstain else "yes" for m in COUNCIL}


def test_charter_27_2_procedural_question_decided_without_veto() -> None:
    """UN Charter Art. 27(2): procedural matters by an affirmative vote of nine members."""
    rule = security_council_rule("procedural")
    assert "veto" not in rule
    decision = decide_security_council_question(
        COUNCIL, votes(no=("RUS", "CHN")), question="procedural"
    )
    assert decision.adopted
    assert decision.classification == "procedural"


def test_charter_27_3_substantive_question_vetoed() -> None:
    """UN Charter Art. 27(3): nine votes including the concurring votes of the permanent members."""
    decision = decide_security_council_question(COUNCIL, votes(no=("RUS",)))
    assert not decision.adopted
    assert "vetoed by RUS" in decision.outcome.reason


def test_san_francisco_statement_double_veto() -> None:
    """San Francisco Statement (7 June 1945) part II para. 2: whether a matter is procedural is
    itself decided with the concurring votes of the permanent members, so a permanent member can
    veto the preliminary question and then veto the matter as substantive."""
    preliminary = votes(no=("RUS",))
    decision = decide_security_council_question(
        COUNCIL, votes(no=("RUS",)), question="procedural", preliminary_votes=preliminary
    )
    assert decision.preliminary is not None
    assert decision.preliminary.classification == "substantive"
    assert "vetoed by RUS" in decision.preliminary.outcome.reason
    assert decision.classification == "substantive"
    assert not decision.adopted
    assert decision.outcome.vetoed_by == ("RUS",)
    json.dumps(decision.to_dict())


def test_san_francisco_statement_preliminary_question_adopted_makes_matter_procedural() -> None:
    """San Francisco Statement para. 2: if the preliminary question carries, Art. 27(2) applies."""
    decision = decide_security_council_question(
        COUNCIL, votes(no=("RUS",)), question="substantive", preliminary_votes=votes()
    )
    assert decision.classification == "procedural"
    assert decision.adopted


def test_san_francisco_statement_preliminary_needs_nine_votes() -> None:
    """The preliminary vote also needs nine affirmative votes (Art. 27(3) as applied by para. 2)."""
    result = decide_preliminary_question(
        COUNCIL, votes(abstain=("ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN"))
    )
    assert result.classification == "substantive"
    assert not result.outcome.adopted


def test_charter_27_3_parties_abstain_only_in_chapter_vi() -> None:
    """UN Charter Art. 27(3): 'in decisions under Chapter VI ... a party to a dispute shall
    abstain from voting'; not under Chapter VII, and not on procedural questions."""
    assert parties_must_abstain("substantive", "VI")
    assert not parties_must_abstain("substantive", "VII")
    assert not parties_must_abstain("procedural", "VI")
    assert security_council_rule("substantive", chapter="VI")["parties_abstain"] is True
    with pytest.raises(InvalidVote, match="USA is a party"):
        decide_security_council_question(COUNCIL, votes(no=("USA",)), chapter="VI", parties=["USA"])
    vii = decide_security_council_question(
        COUNCIL, votes(no=("USA",)), chapter="VII", parties=["USA"]
    )
    assert vii.outcome.vetoed_by == ("USA",)


def test_charter_27_3_party_abstaining_in_chapter_vi_is_adopted() -> None:
    """A permanent member that is a party abstains, and the draft carries (Art. 27(3))."""
    decision = decide_security_council_question(
        COUNCIL, votes(abstain=("GBR",)), chapter="VI", parties=["GBR"]
    )
    assert decision.adopted


def test_provisional_rule_32_division_automatic_without_objection() -> None:
    """Provisional rule 32: parts are voted separately at a representative's request."""
    assert not division_needs_vote("MEX", "FRA", mover_objects=False)
    result = decide_division(COUNCIL, requested_by="MEX", mover="FRA")
    assert result.divided
    assert result.by == "request"
    assert result.outcome is None


def test_provisional_rule_32_mover_objection_is_put_to_procedural_vote() -> None:
    """Provisional rule 32: '... unless the original mover objects'; the request is then voted
    as a procedural matter (Art. 27(2)), so a permanent member's no is not a veto."""
    assert division_needs_vote("MEX", "FRA", mover_objects=True)
    result = decide_division(
        COUNCIL,
        requested_by="MEX",
        mover="FRA",
        mover_objects=True,
        votes=votes(no=("FRA", "USA")),
    )
    assert result.by == "vote"
    assert result.divided
    assert result.outcome is not None and result.outcome.vetoed_by == ()
    refused = decide_division(
        COUNCIL,
        requested_by="MEX",
        mover="FRA",
        mover_objects=True,
        votes=votes(no=("FRA", "USA", "GBR", "ALB", "BRA", "GAB", "GHA")),
    )
    assert not refused.divided
    assert "not divided" in refused.reason


def test_provisional_rule_32_objection_without_votes_is_an_error() -> None:
    """An objected division cannot be settled without the Council's vote."""
    with pytest.raises(RuleViolation, match="procedural vote"):
        decide_division(COUNCIL, requested_by="MEX", mover="FRA", mover_objects=True)
    with pytest.raises(RuleViolation, match="not a member"):
        decide_division(COUNCIL, requested_by="DEU", mover="FRA")
