"""Pledges: a private promise of a vote, tested when the vote closes.

Only the pledger, the recipient and the chair see a pledge (the secret-state rule of
boardgame.io's playerView, DESIGN.md). Only the recipient's trust in the pledger moves (trust is
one-way): broken pledges cost more than kept ones earn.
"""

from __future__ import annotations

import pytest
from game_support import TUTORIAL, Game, bundled
from hypothesis import given, settings
from hypothesis import strategies as st

from game_rules.errors import NotInOrder, NotPermitted
from game_rules.report.debrief import build_debrief, for_delegation
from game_rules.session.world import (
    PLEDGE_BROKEN_TRUST,
    PLEDGE_KEPT_TRUST,
    PledgeResolved,
    TrustChanged,
)


def _pledged_game() -> Game:
    game = Game(bundled(TUTORIAL))
    game.everyone_present()
    game.do("JPN", type="pledge_vote", recipient="BGD", draft_id="D1", choice="yes")
    game.do("BRA", type="pledge_vote", recipient="KEN", draft_id="D1", choice="yes")
    return game


def test_broken_pledge_lowers_the_recipients_trust_in_the_pledger_only() -> None:
    game = _pledged_game()
    trust_before = dict(game.world.trust)
    game.vote_on("D1", {"JPN": "abstain"})
    assert game.world.trust_between("BGD", "JPN") == 50 + PLEDGE_BROKEN_TRUST
    assert game.world.trust_between("KEN", "BRA") == 50 + PLEDGE_KEPT_TRUST
    pledge_changes = [
        e for e in game.events if isinstance(e, TrustChanged) and e.cause.kind.startswith("pledge")
    ]
    assert {e.between for e in pledge_changes} == {("BGD", "JPN"), ("KEN", "BRA")}
    changed = {
        key for key, value in game.world.trust.items() if trust_before.get(key, 50) != value
    }
    # The draft's own two-way trust effect (BGD-DEU +5) and the two recipients' trust in their
    # pledgers: nothing else moved.
    assert changed == {"BGD>JPN", "KEN>BRA", "BGD>DEU", "DEU>BGD"}
    resolved = {e.pledger: e for e in game.events if isinstance(e, PledgeResolved)}
    assert resolved["JPN"].kept is False and resolved["JPN"].actual == "abstain"
    assert resolved["BRA"].kept is True


def test_trust_from_a_to_b_changes_without_changing_b_to_a() -> None:
    """One-way trust (issue 12): JPN broke its pledge to BGD, so Bangladesh trusts Japan less;
    Japan's trust in Bangladesh, who did nothing, stays where it was."""
    game = _pledged_game()
    game.vote_on("D1", {"JPN": "abstain"})
    assert game.world.trust_between("BGD", "JPN") == 50 + PLEDGE_BROKEN_TRUST
    assert game.world.trust_between("JPN", "BGD") == 50
    from game_rules.engine.views import private_view

    assert private_view(game.state, "JPN")["world"]["trust"].get("BGD", 50) == 50
    assert private_view(game.state, "BGD")["world"]["trust"]["JPN"] == 50 + PLEDGE_BROKEN_TRUST


def test_symmetric_trust_of_an_older_session_loads_as_two_directions() -> None:
    """Snapshots written before trust was one-way keep 'A|B' keys: both directions read them."""
    from game_rules.session.world import World

    world = World.model_validate({"trust": {"BGD|JPN": 20.0, "JPN>BGD": 70.0}})
    assert world.trust_between("BGD", "JPN") == 20
    assert world.trust_between("JPN", "BGD") == 70


def test_broken_pledge_appears_in_the_chairs_debrief_and_only_to_the_two_parties() -> None:
    game = _pledged_game()
    game.vote_on("D1", {"JPN": "abstain"})
    debrief = build_debrief(game.scenario, game.start, game.events, state=game.state)
    broken = [p for p in debrief.pledges if p.status == "broken"]
    assert [(p.pledger, p.recipient, p.draft_id) for p in broken] == [("JPN", "BGD", "D1")]
    assert [p.pledger for p in for_delegation(debrief, "BGD").pledges] == ["JPN"]
    assert [p.pledger for p in for_delegation(debrief, "JPN").pledges] == ["JPN"]
    assert for_delegation(debrief, "DEU").pledges == ()
    deu_timeline = " ".join(e.text for e in for_delegation(debrief, "DEU").timeline)
    assert "pledge" not in deu_timeline


def test_pledges_are_seen_only_by_pledger_recipient_and_chair() -> None:
    game = _pledged_game()
    world = game.world
    assert [p.pledger for p in world.pledges_seen_by("BGD")] == ["JPN"]
    assert [p.pledger for p in world.pledges_seen_by("JPN")] == ["JPN"]
    assert world.pledges_seen_by("DEU") == ()
    assert world.pledges_seen_by("public") == ()
    assert len(world.pledges_seen_by("chair")) == 2


def test_a_new_pledge_supersedes_the_previous_one_to_the_same_recipient() -> None:
    game = _pledged_game()
    game.do("JPN", type="pledge_vote", recipient="BGD", draft_id="D1", choice="abstain")
    statuses = [(p.choice, p.status) for p in game.world.pledges if p.pledger == "JPN"]
    assert statuses == [("yes", "superseded"), ("abstain", "open")]
    game.vote_on("D1", {"JPN": "abstain"})
    assert game.world.trust_between("BGD", "JPN") == 50 + PLEDGE_KEPT_TRUST


def test_pledges_must_make_sense() -> None:
    game = Game(bundled(TUTORIAL))
    with pytest.raises(NotInOrder, match="not to yourself"):
        game.do("JPN", type="pledge_vote", recipient="JPN", draft_id="D1", choice="yes")
    with pytest.raises(NotInOrder, match="no draft"):
        game.do("JPN", type="pledge_vote", recipient="BGD", draft_id="D9", choice="yes")
    with pytest.raises(NotPermitted):
        game.do("chair", type="pledge_vote", recipient="BGD", draft_id="D1", choice="yes")
    game.everyone_present()
    game.vote_on("D1", {})
    with pytest.raises(NotInOrder, match="already been adopted"):
        game.do("JPN", type="pledge_vote", recipient="BGD", draft_id="D1", choice="yes")


def test_pledge_not_voted_counts_as_broken() -> None:
    """A pledger who does not vote at all has not kept its word."""
    game = Game(bundled(TUTORIAL))
    for member in ("BGD", "BRA", "DEU", "KEN"):
        game.do(member, type="record_attendance", member=member, status="present")
    game.do("JPN", type="pledge_vote", recipient="BGD", draft_id="D1", choice="yes")
    game.vote_on("D1", {})
    resolved = next(e for e in game.events if isinstance(e, PledgeResolved))
    assert resolved.kept is False and resolved.actual == "did not vote"


def test_views_show_a_pledge_only_to_its_two_parties_and_the_chair() -> None:
    """playerView: the projector and third delegations never see a pledge or the trust it moves."""
    from game_rules.engine.views import private_view, public_view, view_event

    game = _pledged_game()
    made = [e for e in game.events if getattr(e, "type", "") == "pledge_made"]
    assert "pledges" not in public_view(game.state)["world"]
    assert private_view(game.state, "BGD")["world"]["pledges"][0]["pledger"] == "JPN"
    assert private_view(game.state, "DEU")["world"]["pledges"] == []
    assert len(private_view(game.state, "chair")["world"]["pledges"]) == 2
    assert view_event(made[0], "JPN") is not None
    assert view_event(made[0], "BGD") is not None
    assert view_event(made[0], "DEU") is None
    assert view_event(made[0], "public") is None
    game.vote_on("D1", {"JPN": "abstain"})
    broken = next(
        e for e in game.events if isinstance(e, TrustChanged) and e.cause.kind == "pledge_broken"
    )
    assert view_event(broken, "DEU") is None
    assert view_event(broken, "BGD") is not None
    assert view_event(broken, "JPN") is None  # how far Bangladesh trusts Japan is its own
    assert private_view(game.state, "BGD")["world"]["trust"]["JPN"] == 50 + PLEDGE_BROKEN_TRUST


CHOICES = ("yes", "no", "abstain")


@settings(max_examples=25, deadline=None)
@given(
    pledges=st.lists(
        st.tuples(
            st.sampled_from(("BGD", "BRA", "DEU", "JPN", "KEN")),
            st.sampled_from(("BGD", "BRA", "DEU", "JPN", "KEN")),
            st.sampled_from(CHOICES),
        ),
        max_size=8,
    ),
    votes=st.dictionaries(
        st.sampled_from(("BGD", "BRA", "DEU", "JPN", "KEN")), st.sampled_from(CHOICES)
    ),
)
def test_pledges_move_trust_only_between_their_parties_and_within_bounds(
    pledges: list[tuple[str, str, str]], votes: dict[str, str]
) -> None:
    """Property: whatever is pledged and voted, trust stays in 0..100 and only pairs that
    pledged (or that the adopted draft names, BGD-DEU) ever move."""
    game = Game(bundled(TUTORIAL))
    game.everyone_present()
    pairs = set()
    for pledger, recipient, choice in pledges:
        if pledger == recipient:
            continue
        game.do(pledger, type="pledge_vote", recipient=recipient, draft_id="D1", choice=choice)
        pairs.add((recipient, pledger))
    game.vote_on("D1", votes)
    for key, value in game.world.trust.items():
        assert 0 <= value <= 100
        truster, trusted = key.split(">")
        assert (truster, trusted) in pairs | {("BGD", "DEU"), ("DEU", "BGD")}
    for pledge in game.world.pledges:
        if pledge.status in ("kept", "broken"):
            assert (pledge.status == "kept") == (pledge.actual == pledge.choice)
