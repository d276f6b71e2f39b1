"""Hypothesis properties of ``decide`` that every correct engine must have.

Sources: GA rule 86 (abstainers are not voting), UN Charter Art. 27(3) (veto), WTO Agreement
Art. IX:1 footnote 1 (only members present can object).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from game_rules import decide

CHOICES = ("yes", "no", "abstain", None)  # None: absent
IDS = [f"M{i:02d}" for i in range(20)]

fractions = st.sampled_from(["1/2", "2/3", "3/5", "3/4", "1/3", "55/100", "1"])
bases = st.sampled_from(["present_and_voting", "present", "membership"])


@st.composite
def bodies(draw: st.DrawFn) -> tuple[list[str], dict[str, str]]:
    size = draw(st.integers(min_value=1, max_value=len(IDS)))
    members = IDS[:size]
    votes: dict[str, str] = {}
    for member in members:
        choice = draw(st.sampled_from(CHOICES))
        if choice is not None:
            votes[member] = choice
    return members, votes


@st.composite
def majority_rules(draw: st.DrawFn, base: str | None = None, veto: bool = True) -> dict[str, Any]:
    rule: dict[str, Any] = {"kind": "majority", "base": base or draw(bases)}
    rule[draw(st.sampled_from(["more_than", "at_least"]))] = draw(fractions)
    if rule.get("more_than") == "1":
        rule["more_than"] = "1/2"
    if draw(st.booleans()):
        rule["min_yes"] = draw(st.integers(min_value=0, max_value=12))
    if veto and draw(st.booleans()):
        rule["veto"] = IDS[:2]
    if draw(st.booleans()):
        rule["quorum"] = draw(st.sampled_from(["1/3", "1/2", "2/3"]))
    return rule


def _with_veto_members(rule: dict[str, Any], members: list[str]) -> dict[str, Any]:
    if "veto" in rule:
        rule = {**rule, "veto": [m for m in rule["veto"] if m in members]}
    return rule


@settings(max_examples=300)
@given(body=bodies(), rule=majority_rules(base="present_and_voting"), data=st.data())
def test_ga_rule_86_adding_an_abstention_never_changes_present_and_voting_outcome(
    body: tuple[list[str], dict[str, str]], rule: dict[str, Any], data: st.DataObject
) -> None:
    """GA rule 86: abstainers are not voting, so turning an absentee into an abstainer is neutral.

    (Quorum is left out: an abstainer is present and may complete a quorum, GA rule 67.)
    """
    members, votes = body
    rule = _with_veto_members({k: v for k, v in rule.items() if k != "quorum"}, members)
    absentees = [m for m in members if m not in votes]
    if not absentees:
        return
    newcomer = data.draw(st.sampled_from(absentees))
    before = decide(rule, members, votes)
    after = decide(rule, members, {**votes, newcomer: "abstain"})
    assert before.adopted == after.adopted


@settings(max_examples=300)
@given(body=bodies(), rule=majority_rules(veto=False), data=st.data())
def test_charter_27_3_veto_holder_switching_yes_to_no_only_turns_adopted_into_failed(
    body: tuple[list[str], dict[str, str]], rule: dict[str, Any], data: st.DataObject
) -> None:
    """UN Charter Art. 27(3): a permanent member's no can defeat a draft, never save one."""
    members, votes = body
    yes_voters = [m for m in members if votes.get(m) == "yes"]
    if not yes_voters:
        return
    holder = data.draw(st.sampled_from(yes_voters))
    rule = {**rule, "veto": [holder]}
    before = decide(rule, members, votes)
    after = decide(rule, members, {**votes, holder: "no"})
    assert not after.adopted
    assert after.vetoed_by == (holder,)
    assert not (after.adopted and not before.adopted)


@settings(max_examples=300)
@given(body=bodies(), data=st.data())
def test_wto_ix_1_an_absent_member_never_blocks_consensus(
    body: tuple[list[str], dict[str, str]], data: st.DataObject
) -> None:
    """WTO Art. IX:1 fn. 1: only a member present can object; absence never blocks."""
    members, votes = body
    present = [m for m in members if m in votes]
    if not present:
        return
    leaver = data.draw(st.sampled_from(present))
    others = {m: v for m, v in votes.items() if m != leaver}
    with_leaver = decide({"kind": "consensus"}, members, votes)
    without = decide({"kind": "consensus"}, members, others)
    # Leaving can only remove an objection; if it was adopted with the member, it stays adopted
    # as long as someone remains present.
    if with_leaver.adopted and others:
        assert without.adopted
    objections = [m for m, v in votes.items() if v == "no"]
    assert with_leaver.adopted == (not objections)


@settings(max_examples=300)
@given(
    body=bodies(),
    rule=st.one_of(
        majority_rules(),
        st.just({"kind": "consensus"}),
        st.just({"kind": "unanimity"}),
        st.just({"kind": "weighted", "base": "cast"}),
        st.just({"kind": "weighted", "base": "membership", "at_least": "85/100"}),
        st.just({"kind": "double_majority"}),
    ),
)
def test_tally_counts_always_sum_to_the_number_of_members(
    body: tuple[list[str], dict[str, str]], rule: dict[str, Any]
) -> None:
    """Every member is exactly one of yes, no, abstain or absent."""
    members, votes = body
    specs = [{"id": m, "weight": i + 1, "population": 10 * (i + 1)} for i, m in enumerate(members)]
    outcome = decide(_with_veto_members(rule, members), specs, votes)
    assert sum(outcome.tally.values()) == len(members)
    assert outcome.tally["absent"] == len(members) - len(votes)


@settings(max_examples=200)
@given(
    body=bodies(),
    rule=st.one_of(
        majority_rules(),
        st.just({"kind": "consensus"}),
        st.just({"kind": "weighted", "base": "membership", "at_least": "2/3"}),
        st.just({"kind": "double_majority", "blocking_min_states": 2}),
    ),
    seed=st.randoms(use_true_random=False),
)
def test_outcome_is_independent_of_the_order_of_members_and_votes(
    body: tuple[list[str], dict[str, str]], rule: dict[str, Any], seed: Any
) -> None:
    """A vote is a set of choices: listing members or votes in another order changes nothing."""
    members, votes = body
    specs = [{"id": m, "weight": i + 1, "population": 7 * i + 3} for i, m in enumerate(members)]
    rule = _with_veto_members(rule, members)
    shuffled_specs = list(specs)
    seed.shuffle(shuffled_specs)
    vote_items = list(votes.items())
    seed.shuffle(vote_items)
    first = decide(rule, specs, votes)
    second = decide(rule, shuffled_specs, dict(vote_items))
    assert first == second


@settings(max_examples=300)
@given(body=bodies(), rule=majority_rules(veto=False), data=st.data())
def test_charter_18_more_yes_votes_never_turn_adopted_into_failed(
    body: tuple[list[str], dict[str, str]], rule: dict[str, Any], data: st.DataObject
) -> None:
    """Monotonicity of majority rules without a veto (Charter Art. 18): no -> yes never hurts."""
    members, votes = body
    no_voters = [m for m in members if votes.get(m) == "no"]
    if not no_voters:
        return
    convert = data.draw(st.sampled_from(no_voters))
    before = decide(rule, members, votes)
    after = decide(rule, members, {**votes, convert: "yes"})
    assert after.tally["yes"] == before.tally["yes"] + 1
    if before.adopted:
        assert after.adopted
