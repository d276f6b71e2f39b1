"""Facts the bundled scenarios teach, checked against their sources.

- UN Charter Art. 27(2)-(3): "an affirmative vote of nine members", with the concurring votes of
  the permanent members on substance (by practice an abstention is not a veto): a count, not a
  share of those present and voting.
- Charter Art. 41 (measures not involving armed force: embargoes, sanctions), Art. 42 (force);
  Rome Statute Art. 13(b): the Court's jurisdiction on a Council referral under Chapter VII.
- A/RES/ES-10/23 (10 May 2024), annex (c)-(d): the State of Palestine may submit, introduce and
  co-sponsor proposals and amendments in the General Assembly, though it does not vote.
- UN list of least developed countries (December 2024): 44 countries.
- UNFCCC practice (draft rule 42 never adopted): a consensus forum takes no vote; the record names
  the objection, not a tally.
"""

from __future__ import annotations

import pytest
from game_support import SCENARIOS, SECURITY_COUNCIL, Game, bundled

from game_rules.decision.decide import decide
from game_rules.errors import NotPermitted
from game_rules.session.events import ConsultationsOpened
from game_rules.session.state import CHAIR
from game_rules.session.world import ClausePhasedIn, IndicatorChanged

GENERAL_ASSEMBLY = SCENARIOS / "general-assembly-2030.yaml"
CLIMATE = SCENARIOS / "climate-summit.yaml"


def test_charter_27_3_council_rule_is_nine_affirmative_votes_not_a_share() -> None:
    scenario = bundled(SECURITY_COUNCIL)
    rule = scenario.forum("UNSC").rules["substantive"]
    members = scenario.forum("UNSC").member_ids()
    # S/RES/1973 (2011): 10-0-5 with two permanent members abstaining.
    abstaining = {"CHN", "RUS", "JPN", "KOR", "CHE"}
    votes = {m: ("abstain" if m in abstaining else "yes") for m in members}
    outcome = decide(rule, members, votes)
    assert outcome.adopted
    assert "present and voting" not in outcome.reason
    assert "at least 9 affirmative votes required" in outcome.reason
    votes["GUY"] = votes["ECU"] = "abstain"  # eight yes: fails on the count alone
    failed = decide(rule, members, votes)
    assert not failed.adopted and "only 8 affirmative votes" in failed.reason


def test_charter_41_42_and_rome_statute_13_b_each_clause_cites_its_own_basis() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.do(CHAIR, type="press_chair_button", event_id="camp-attack")
    game.vote_on("D2", {})  # every member votes yes
    assert game.state.draft("D2").status == "adopted"  # type: ignore[union-attr]
    causes = {e.cause.text for e in game.events if isinstance(e, IndicatorChanged)}
    council = "a Chapter VII decision of United Nations Security Council"
    # The mission (clause 2) deploys over rounds: its basis is stated when it starts phasing in.
    phased = {e.basis for e in game.events if isinstance(e, ClausePhasedIn)}
    assert f"D2 operative clause 2 adopted on the basis of {council} (Charter Art. 42)" in phased
    assert f"D2 operative clause 3 adopted on the basis of {council} (Charter Art. 41)" in causes
    assert "D2 operative clause 4 adopted on the basis of Charter Art. 41" in causes
    assert "D2 operative clause 5 adopted on the basis of Rome Statute Art. 13(b)" in causes


def test_a_res_es_10_23_palestine_may_co_sponsor_the_holy_see_may_not() -> None:
    game = Game(bundled(GENERAL_ASSEMBLY))
    game.do("BRA", type="submit_draft", title="Water for all", clauses=[{"text": "Calls for"}])
    draft = game.state.drafts[-1]
    game.do("PSE", type="sign_draft", draft_id=draft.id, as_sponsor=True)
    signed = game.state.draft(draft.id)
    assert signed is not None and "PSE" in signed.sponsors
    with pytest.raises(NotPermitted, match="Observers may not sign"):
        game.do("VAT", type="sign_draft", draft_id=draft.id)


@pytest.mark.parametrize("path", [CLIMATE, GENERAL_ASSEMBLY], ids=lambda p: p.stem)
def test_un_list_of_least_developed_countries_has_44(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    assert "The 44 " in text and "The 45 " not in text


def test_consensus_forum_records_the_objection_not_a_tally() -> None:
    game = Game(bundled(CLIMATE))
    game.everyone_present()
    draft = game.state.drafts[0]
    if draft.status == "working":
        game.do(CHAIR, type="introduce_draft", draft_id=draft.id)
    mover = next(s for s in draft.sponsors if game.state.setup.is_member(s))
    game.do(mover, type="propose_motion", kind="move_to_vote", target=draft.id)
    game.do(CHAIR, type="entertain_motion", motion_id=game.state.motions[-1].id)
    # The President judges the text ready: no two-thirds vote on the motion.
    assert game.state.voting is not None and game.state.vote is None
    game.do(CHAIR, type="open_vote")
    vote = game.state.vote
    assert vote is not None and vote.method == "consensus"
    game.do("SAU", type="cast_vote", choice="object")
    game.do(CHAIR, type="close_vote")
    # The objection is recorded by name and the item stays open: no result, no tally.
    consulted = [e for e in game.events if isinstance(e, ConsultationsOpened)]
    assert [(e.draft_id, e.objectors, e.call) for e in consulted] == [(draft.id, ("SAU",), 1)]
    assert not [r for r in game.state.results if r.subject.ref == draft.id]
    still = game.state.draft(draft.id)
    assert still is not None and still.status == "introduced"
