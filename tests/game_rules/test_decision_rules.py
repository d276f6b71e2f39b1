"""``decide``: each rule kind, proved against its source.

Sources: UN Charter Art. 18 and 27; GA rules of procedure 67, 86 and 95; ICJ Namibia advisory
opinion (1971) para. 22; WTO Agreement Art. IX:1 footnote 1; TFEU Art. 238; EU Council QMV page
https://www.consilium.europa.eu/en/council-eu/voting-system/qualified-majority/; IMF Articles of
Agreement Art. XII Sec. 5.
"""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from fractions import Fraction

import pytest

from game_rules import (
    InvalidVote,
    MalformedRule,
    Outcome,
    RuleViolation,
    decide,
    parse_rule,
)
from game_rules.decision.rules import MajorityRule, Threshold

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED = ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"]
COUNCIL = P5 + ELECTED
SUBSTANTIVE = {"kind": "majority", "min_yes": 9, "veto": P5}


def council_votes(
    no: tuple[str, ...] = (), abstain: tuple[str, ...] = (), absent: tuple[str, ...] = ()
) -> dict[str, str]:
    votes = {}
    for member in COUNCIL:
        if member in absent:
            continue
        votes[member] = "no" if member in no else "abstain" if member in abstain else "yes"
    return votes


# --- the public contract ---------------------------------------------------------------------


def test_rule_violation_is_a_value_error() -> None:
    """Issue #2: `RuleViolation` is a `ValueError` subclass, raised for malformed input."""
    assert issubclass(RuleViolation, ValueError)
    with pytest.raises(ValueError):
        decide({"kind": "majority"}, ["A"], {"B": "yes"})


def test_outcome_is_immutable_and_json_friendly() -> None:
    """The engine stores outcomes in events, so they are frozen and round-trip through JSON."""
    outcome = decide(SUBSTANTIVE, COUNCIL, council_votes(no=("RUS",)))
    with pytest.raises(FrozenInstanceError):
        outcome.adopted = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        outcome.tally["yes"] = 15  # type: ignore[index]
    encoded = json.dumps(outcome.to_dict())
    assert Outcome.from_dict(json.loads(encoded)) == outcome
    assert set(outcome.tally) == {"yes", "no", "abstain", "absent"}


def test_decide_accepts_a_parsed_rule() -> None:
    """A rule may be given as data or as the typed rule `parse_rule` returns."""
    rule = parse_rule({"kind": "majority", "at_least": "2/3"})
    assert isinstance(rule, MajorityRule)
    assert rule.threshold == Threshold("at_least", Fraction(2, 3))
    assert decide(rule, ["A", "B", "C"], {"A": "yes", "B": "yes", "C": "no"}).adopted


# --- Security Council, Art. 27 ----------------------------------------------------------------


def test_charter_27_3_veto_by_permanent_member_no_even_with_fourteen_yes() -> None:
    """UN Charter Art. 27(3): nine votes including the concurring votes of permanent members."""
    outcome = decide(SUBSTANTIVE, COUNCIL, council_votes(no=("RUS",)))
    assert not outcome.adopted
    assert outcome.tally["yes"] == 14
    assert outcome.vetoed_by == ("RUS",)
    assert "vetoed by RUS" in outcome.reason


def test_charter_27_3_two_vetoes_are_both_named() -> None:
    """UN Charter Art. 27(3); e.g. S/2012/77 (13-2-0), vetoed by China and Russia."""
    outcome = decide(SUBSTANTIVE, COUNCIL, council_votes(no=("RUS", "CHN")))
    assert outcome.vetoed_by == ("CHN", "RUS")
    assert "vetoed by CHN, RUS" in outcome.reason


def test_namibia_opinion_permanent_member_abstention_is_not_a_veto() -> None:
    """ICJ Namibia advisory opinion (1971) para. 22: Council practice since 1947."""
    outcome = decide(SUBSTANTIVE, COUNCIL, council_votes(abstain=("USA",)))
    assert outcome.adopted
    assert outcome.vetoed_by == ()
    assert outcome.reason.startswith("Adopted")
    assert "no veto holder" in outcome.reason


def test_charter_27_3_permanent_member_absence_is_not_a_veto() -> None:
    """S/RES/82 (1950) was adopted with the USSR absent; absence does not veto."""
    assert decide(SUBSTANTIVE, COUNCIL, council_votes(absent=("RUS",))).adopted


def test_charter_27_3_nine_affirmative_votes_required() -> None:
    """UN Charter Art. 27(3): eight yes with seven abstentions fails though none voted no."""
    abstaining = ("ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN")
    outcome = decide(SUBSTANTIVE, COUNCIL, council_votes(abstain=abstaining))
    assert not outcome.adopted
    assert "only 8 affirmative votes, at least 9 required" in outcome.reason
    assert [c.name for c in outcome.failed_criteria] == ["min_yes"]


def test_charter_27_2_procedural_vote_has_no_veto() -> None:
    """UN Charter Art. 27(2): procedural matters by an affirmative vote of nine members."""
    rule = {"kind": "majority", "min_yes": 9}
    assert decide(rule, COUNCIL, council_votes(no=("RUS", "CHN", "USA"))).adopted


def test_charter_27_3_party_to_dispute_must_abstain() -> None:
    """UN Charter Art. 27(3): in Chapter VI decisions a party to a dispute shall abstain."""
    rule = {**SUBSTANTIVE, "parties_abstain": True}
    with pytest.raises(InvalidVote, match=r"KEN is a party to the dispute and must abstain"):
        decide(rule, COUNCIL, council_votes(no=("KEN",)), parties=["KEN"])
    with pytest.raises(InvalidVote, match="cannot vote yes"):
        decide(rule, COUNCIL, council_votes(), parties=["KEN"])


def test_charter_27_3_permanent_member_party_cannot_veto() -> None:
    """UN Charter Art. 27(3) applies to permanent members too: a P5 party abstains."""
    rule = {**SUBSTANTIVE, "parties_abstain": True}
    with pytest.raises(InvalidVote):
        decide(rule, COUNCIL, council_votes(no=("GBR",)), parties=["GBR"])
    outcome = decide(rule, COUNCIL, council_votes(abstain=("GBR",)), parties=["GBR"])
    assert outcome.adopted
    assert "parties to the dispute abstained as required: GBR" in outcome.reason


def test_charter_27_3_chapter_vii_party_may_vote() -> None:
    """Art. 27(3)'s duty to abstain covers Chapter VI only; under Chapter VII a party votes."""
    outcome = decide(SUBSTANTIVE, COUNCIL, council_votes(no=("USA",)), parties=["USA"])
    assert not outcome.adopted
    assert outcome.vetoed_by == ("USA",)


def test_veto_holder_must_be_a_member() -> None:
    """A veto list naming a non-member is a malformed rule (Charter Art. 23: the members)."""
    with pytest.raises(MalformedRule, match="'DEU', who is not a member"):
        decide({**SUBSTANTIVE, "veto": [*P5, "DEU"]}, COUNCIL, council_votes())


# --- General Assembly, Art. 18 and the rules of procedure -------------------------------------


def test_ga_rule_86_abstainers_not_voting() -> None:
    """GA rule 86: 'members which abstain from voting are considered as not voting'."""
    members = [f"M{i}" for i in range(10)]
    votes = {"M0": "yes", "M1": "yes", "M2": "no"} | {f"M{i}": "abstain" for i in range(3, 10)}
    outcome = decide({"kind": "majority"}, members, votes)
    assert outcome.adopted
    assert "of 3 present and voting" in outcome.reason


def test_charter_18_2_two_thirds_is_at_least_two_thirds() -> None:
    """UN Charter Art. 18(2): two-thirds of the members present and voting; 6 of 9 suffices."""
    members = [f"M{i}" for i in range(9)]
    votes = {m: "yes" for m in members[:6]} | {m: "no" for m in members[6:]}
    assert decide({"kind": "majority", "at_least": "2/3"}, members, votes).adopted
    assert not decide({"kind": "majority", "more_than": "2/3"}, members, votes).adopted


def test_charter_18_2_es_11_3_figures() -> None:
    """A/RES/ES-11/3 (2022): 93-24-58 met two-thirds of those present and voting (GA rule 86)."""
    members = [f"M{i:03d}" for i in range(193)]
    votes = (
        {m: "yes" for m in members[:93]}
        | {m: "no" for m in members[93:117]}
        | {m: "abstain" for m in members[117:175]}
    )
    outcome = decide({"kind": "majority", "at_least": "2/3"}, members, votes)
    assert outcome.adopted
    assert dict(outcome.tally) == {"yes": 93, "no": 24, "abstain": 58, "absent": 18}
    present = decide({"kind": "majority", "base": "present", "at_least": "2/3"}, members, votes)
    assert not present.adopted


def test_ga_rule_95_equally_divided_vote_is_rejected() -> None:
    """GA rule 95: if a vote is equally divided on matters other than elections, it is rejected."""
    outcome = decide(
        {"kind": "majority"}, ["A", "B", "C", "D"], {"A": "yes", "B": "yes", "C": "no", "D": "no"}
    )
    assert not outcome.adopted
    assert "tie" in outcome.reason


def test_ga_rule_86_no_votes_cast_is_not_adopted() -> None:
    """GA rule 86: with every member abstaining, nobody is present and voting, so nothing passes."""
    outcome = decide({"kind": "majority"}, ["A", "B"], {"A": "abstain", "B": "abstain"})
    assert not outcome.adopted
    assert "no votes cast" in outcome.reason


def test_ga_rule_67_quorum_not_met() -> None:
    """GA rule 67 (quorum): a decision needs the required share of members present."""
    outcome = decide(
        {"kind": "majority", "quorum": "1/2"}, ["A", "B", "C", "D", "E"], {"A": "yes", "B": "yes"}
    )
    assert not outcome.adopted
    assert "quorum not met: 2 of 5 members present, 3 required" in outcome.reason


def test_min_yes_applies_alongside_majority() -> None:
    """`min_yes` is an absolute floor that a majority of those voting does not replace."""
    rule = {"kind": "majority", "min_yes": 5}
    members = [f"M{i}" for i in range(10)]
    votes = {"M0": "yes", "M1": "yes", "M2": "yes", "M3": "yes", "M4": "no"}
    outcome = decide(rule, members, votes)
    assert not outcome.adopted
    assert [c.name for c in outcome.failed_criteria] == ["min_yes"]


def test_membership_base_counts_absentees_against() -> None:
    """A majority of the membership (e.g. Charter Art. 108's two-thirds of members)."""
    rule = {"kind": "majority", "base": "membership", "at_least": "2/3"}
    members = [f"M{i}" for i in range(6)]
    assert not decide(rule, members, {m: "yes" for m in members[:3]}).adopted
    assert decide(rule, members, {m: "yes" for m in members[:4]}).adopted


# --- consensus and unanimity ------------------------------------------------------------------


def test_wto_ix_1_formal_objection_blocks_consensus() -> None:
    """WTO Agreement Art. IX:1 fn. 1: consensus unless a Member present formally objects."""
    outcome = decide(
        {"kind": "consensus"}, ["EU", "IND", "USA"], {"EU": "yes", "IND": "no", "USA": "yes"}
    )
    assert not outcome.adopted
    assert outcome.objections == ("IND",)
    assert "formal objection by IND" in outcome.reason


def test_wto_ix_1_absent_member_cannot_block_consensus() -> None:
    """WTO Art. IX:1 fn. 1 counts only Members *present at the meeting*."""
    outcome = decide({"kind": "consensus"}, ["EU", "IND", "USA"], {"EU": "yes", "USA": "yes"})
    assert outcome.adopted
    assert outcome.absent == ("IND",)


def test_wto_ix_1_reservation_does_not_block_consensus() -> None:
    """Standing aside (an abstention, a reservation in the record) is not a formal objection."""
    outcome = decide(
        {"kind": "consensus"},
        ["EU", "IND", "USA"],
        {"EU": "yes", "IND": "abstain", "USA": "abstain"},
    )
    assert outcome.adopted
    assert outcome.reservations == ("IND", "USA")


def test_wto_ix_1_consensus_with_nobody_present_is_blocked_only_by_a_quorum() -> None:
    """WTO Art. IX:1 fn. 1: only a Member *present* can object, so absence alone never blocks;
    a body that needs attendance says so with a quorum."""
    outcome = decide({"kind": "consensus"}, ["EU", "IND"], {})
    assert outcome.adopted
    assert "nobody present" in outcome.reason
    with_quorum = decide({"kind": "consensus", "quorum": "1/2"}, ["EU", "IND"], {})
    assert not with_quorum.adopted
    assert "quorum" in with_quorum.reason


def test_unanimity_requires_every_member_yes() -> None:
    """Unanimity (unlike consensus): an absent or abstaining member prevents adoption."""
    members = ["A", "B", "C"]
    assert decide({"kind": "unanimity"}, members, dict.fromkeys(members, "yes")).adopted
    absent = decide({"kind": "unanimity"}, members, {"A": "yes", "B": "yes"})
    assert not absent.adopted
    assert "absent: C" in absent.reason
    abstain = decide({"kind": "unanimity"}, members, {"A": "yes", "B": "yes", "C": "abstain"})
    assert "abstained: C" in abstain.reason


def test_tfeu_238_4_abstention_does_not_prevent_unanimity() -> None:
    """TFEU Art. 238(4): abstentions by members present do not prevent unanimous adoption."""
    rule = {"kind": "unanimity", "abstention_allowed": True}
    assert decide(rule, ["A", "B", "C"], {"A": "yes", "B": "yes", "C": "abstain"}).adopted


# --- weighted and double majority -------------------------------------------------------------

IMF = [{"id": "USA", "weight": "16.5"}, {"id": "REST", "weight": "83.5"}]


def test_imf_xii_85_percent_of_total_voting_power() -> None:
    """IMF Articles Art. XII Sec. 5 / XXVIII(a): 85% of total voting power; 16.5% can block."""
    rule = {"kind": "weighted", "base": "membership", "at_least": "85/100"}
    outcome = decide(rule, IMF, {"USA": "no", "REST": "yes"})
    assert not outcome.adopted
    assert "83.5% of total voting power" in outcome.reason
    assert outcome.totals["yes_weight"] == "167/2"
    assert decide(rule, IMF, {"USA": "yes", "REST": "yes"}).adopted


def test_weighted_cast_base_ignores_abstainers_but_membership_does_not() -> None:
    """IMF Art. XII Sec. 5(c) (majority of votes cast) versus a share of total voting power."""
    members = [{"id": "A", "weight": 30}, {"id": "B", "weight": 20}, {"id": "C", "weight": 50}]
    votes = {"A": "yes", "B": "no", "C": "abstain"}
    assert decide({"kind": "weighted", "base": "cast"}, members, votes).adopted
    assert not decide({"kind": "weighted", "base": "membership"}, members, votes).adopted


def test_weighted_threshold_uses_exact_fractions() -> None:
    """0.1 + 0.2 != 0.3 in floats; a share of exactly 30% must meet `at_least: 0.3`."""
    members = [{"id": "A", "weight": 0.1}, {"id": "B", "weight": 0.2}, {"id": "C", "weight": 0.7}]
    rule = {"kind": "weighted", "base": "membership", "at_least": 0.3}
    assert decide(rule, members, {"A": "yes", "B": "yes"}).adopted


EU = [{"id": f"S{i:02d}", "population": p} for i, p in enumerate([18, 15, 13, 10] + [2] * 23)]
EU_IDS = [str(m["id"]) for m in EU]


def test_eu_qmv_both_criteria_needed() -> None:
    """EU Council QMV: 55% of member states and 65% of the population (consilium.europa.eu)."""
    small_states = EU_IDS[4:]
    outcome = decide(
        {"kind": "double_majority"}, EU, {m: "yes" if m in small_states else "no" for m in EU_IDS}
    )
    assert not outcome.adopted
    assert [c.name for c in outcome.failed_criteria] == ["population"]
    assert "blocking minority of 4 members: S00, S01, S02, S03" in outcome.reason


def test_eu_qmv_blocking_minority_needs_four_members() -> None:
    """EU Council QMV page: a blocking minority must include at least four Council members."""
    votes = {m: "no" if m in EU_IDS[:3] else "yes" for m in EU_IDS}
    outcome = decide({"kind": "double_majority"}, EU, votes)
    assert outcome.adopted
    assert "deemed met" in outcome.reason


def test_eu_qmv_abstention_counts_as_a_vote_against() -> None:
    """EU Council QMV page: 'an abstention ... counts as a vote against'."""
    votes = {m: "no" if m in EU_IDS[:3] else "yes" for m in EU_IDS}
    votes["S26"] = "abstain"
    votes["S00"] = "abstain"
    votes["S03"] = "no"
    counted = decide({"kind": "double_majority"}, EU, votes)
    assert not counted.adopted
    excluded = decide({"kind": "double_majority", "abstain_counts_as_no": False}, EU, votes)
    assert excluded.adopted


def test_double_majority_needs_populations() -> None:
    """A double majority without populations is malformed; the message names the members."""
    with pytest.raises(MalformedRule, match="missing for A, B"):
        decide({"kind": "double_majority"}, ["A", "B"], {})


# --- malformed input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"kind": "majority", "at_leat": "2/3"}, "Unknown key 'at_leat'.*allowed keys are"),
        ({"kind": "majority", "at_least": "2/3x"}, "`at_least` must be a fraction"),
        ({"kind": "majority", "at_least": "3/2"}, "more than 0 and at most 1"),
        ({"kind": "majority", "base": "all"}, "`base` must be one of"),
        ({"kind": "vote"}, "Unknown rule kind 'vote'"),
        ({}, "no `kind`"),
        ({"kind": "majority", "more_than": "1/2", "at_least": "1/2"}, "not both"),
        ({"kind": "majority", "min_yes": 2.5}, "`min_yes` must be a whole number"),
        ({"kind": "majority", "veto": "A"}, "`veto` must be a list"),
        ({"kind": "double_majority", "blocking_min_states": -1}, "blocking_min_states"),
    ],
)
def test_malformed_rule_says_which_key_and_what_is_allowed(
    rule: dict[str, object], message: str
) -> None:
    """Issue #2: a malformed rule raises RuleViolation saying which key and what is allowed."""
    with pytest.raises(MalformedRule, match=message):
        decide(rule, ["A"], {})


def test_vote_from_non_member_is_refused() -> None:
    """Observers never vote on substance (issue #2)."""
    with pytest.raises(InvalidVote, match="'MSF' is not a member"):
        decide({"kind": "majority"}, ["A"], {"MSF": "yes"})


def test_unknown_vote_value_is_refused() -> None:
    """Votes are "yes", "no" or "abstain"; absence is the lack of an entry."""
    with pytest.raises(InvalidVote, match="Unknown vote 'Yes'"):
        decide({"kind": "majority"}, ["A"], {"A": "Yes"})


def test_duplicate_members_and_non_member_parties_are_refused() -> None:
    """Each member is listed once; parties to a dispute must be members."""
    with pytest.raises(RuleViolation, match="listed twice"):
        decide({"kind": "majority"}, ["A", {"id": "A"}], {})
    with pytest.raises(RuleViolation, match="'Z' is not a member"):
        decide({"kind": "majority"}, ["A"], {}, parties=["Z"])


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "majority", "base": "present", "at_least": "2/3", "min_yes": 9, "veto": ["A"]},
        {"kind": "majority", "quorum": "1/2", "parties_abstain": True},
        {"kind": "consensus", "quorum": "1/3"},
        {"kind": "unanimity", "abstention_allowed": True},
        {"kind": "weighted", "base": "membership", "at_least": "85/100"},
        {"kind": "double_majority", "states_at_least": "72/100", "abstain_counts_as_no": False},
    ],
)
def test_parsed_rule_round_trips_through_to_dict(rule: dict[str, object]) -> None:
    """Scenarios store rules as data: `parse_rule(r.to_dict()) == r` for every kind."""
    parsed = parse_rule(rule)
    assert parse_rule(parsed.to_dict()) == parsed
    assert json.loads(json.dumps(parsed.to_dict())) == parsed.to_dict()
