"""Consent given, limited and withdrawn; Chapter VII over several rounds, at a cost in trust.

UN Charter Art. 2(7): a clause acts inside a state with its consent, or under Chapter VII. A host
may consent to one provider and refuse another (issue 12: Karevia may accept aid through MSF and
refuse a fact-finding mission), and may take consent back: in March 2009 Sudan expelled 13 aid
agencies, two MSF sections among them, after the ICC's arrest warrant for its president.
"""

from __future__ import annotations

from game_support import SECURITY_COUNCIL, Game, bundled

from game_rules.session.state import SYSTEM
from game_rules.session.world import (
    ClausePhasedIn,
    ClauseStopped,
    ConsentDecided,
    EffectWithheld,
    IndicatorChanged,
    TrustChanged,
)

ROUND = 600.0  # the scenario's round of 10 minutes, in seconds


def _next_round(game: Game) -> None:
    game.now = (game.now // ROUND + 1) * ROUND
    game.do(SYSTEM, type="tick")


def _aid(game: Game) -> list[IndicatorChanged]:
    return [
        e for e in game.events
        if isinstance(e, IndicatorChanged) and e.cause.ref == "D1/OP3"
    ]


def test_consent_to_one_provider_lets_its_aid_in_and_keeps_a_fact_finding_mission_out() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.do("KRV", type="decide_consent", given=True, provider="MSF")
    game.do("KRV", type="decide_consent", given=False, clause="D1/OP4")
    game.vote_on("D1", {})
    phased = [e for e in game.events if isinstance(e, ClausePhasedIn)]
    assert [(e.draft_id, e.clause_id, e.parts) for e in phased] == [("D1", "OP3", 8)]
    assert "consent of Republic of Karevia to Médecins" in phased[0].basis
    withheld = {e.clause_id for e in game.events if isinstance(e, EffectWithheld)}
    assert withheld == {"OP2", "OP4"}  # the envoy (no answer) and the mission (refused)


def test_a_withdrawn_consent_stops_the_effect_of_a_clause_from_the_next_round() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.do("KRV", type="decide_consent", given=True, provider="MSF")
    game.vote_on("D1", {})
    _next_round(game)
    _next_round(game)
    assert len({e.at for e in _aid(game)}) == 2  # two rounds of aid have come
    food = game.indicator("VELL", "food")
    game.do("KRV", type="decide_consent", given=False, provider="MSF")
    withdrawn = [e for e in game.events if isinstance(e, ConsentDecided) and e.withdrawn]
    assert len(withdrawn) == 1
    # The sponsors and MSF trust Karevia less; Karevia's trust in them does not move.
    costs = [e for e in game.events if isinstance(e, TrustChanged)
             and e.cause.kind == "consent_withdrawn"]
    assert {e.between for e in costs} == {("CHE", "KRV"), ("SLE", "KRV"), ("MSF", "KRV")}
    assert game.world.trust_between("KRV", "MSF") > 60
    _next_round(game)
    stopped = [e for e in game.events if isinstance(e, ClauseStopped)]
    assert [(e.clause_id, e.parts_left) for e in stopped] == [("OP3", 6)]
    assert len({e.at for e in _aid(game)}) == 2  # nothing more came
    assert game.indicator("VELL", "food") < food  # the drift goes on without the aid
    assert game.world.ongoing == ()


def test_chapter_vii_phases_in_and_costs_the_hosts_and_its_allies_trust() -> None:
    """Chapter VII acts without consent (Art. 2(7) yields to it), but the mission comes over
    six rounds, and Karevia and the states that trust it (Russia, China) trust the sponsors
    less: enough that Karevia takes back its consent to MSF, and the aid stops."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.do("KRV", type="decide_consent", given=True, provider="MSF")
    game.vote_on("D1", {})
    _next_round(game)
    game.do("chair", type="press_chair_button", event_id="camp-attack")
    personal = game.indicator("VELL", "personal")
    game.vote_on("D2", {})
    mission = next(
        e for e in game.events if isinstance(e, ClausePhasedIn) and e.draft_id == "D2"
    )
    assert (mission.clause_id, mission.parts) == ("OP2", 6)
    assert "Chapter VII" in mission.basis
    assert game.indicator("VELL", "personal") - personal < 12  # not all at once
    costs = {e.between for e in game.events
             if isinstance(e, TrustChanged) and e.cause.kind == "chapter_vii_cost"}
    assert {("KRV", "GBR"), ("KRV", "FRA"), ("KRV", "MSF")} <= costs
    assert {("RUS", "GBR"), ("CHN", "FRA")} <= costs
    assert ("GBR", "KRV") not in costs  # one-way: the sponsors' trust in Karevia is theirs
    assert game.world.trust_between("KRV", "MSF") < 55
