"""Sovereignty and consent in the Security Council protection scenario.

UN Charter Art. 2(7): nothing authorises the UN to intervene in matters essentially within a
state's domestic jurisdiction, "but this principle shall not prejudice the application of
enforcement measures under Chapter VII". Chapter VI (Art. 33-38) recommends; Chapter VII
(Art. 39-42) decides, binding without consent. Art. 27(3): a permanent member's no is a veto.
2005 World Summit Outcome paras 138-139: collective action through the Council under Chapter VII.
"""

from __future__ import annotations

from typing import Any

import pytest
from game_support import SECURITY_COUNCIL, Game, bundled, variant

from game_rules.errors import NotPermitted, RuleViolation
from game_rules.session.state import CHAIR, SYSTEM
from game_rules.session.world import EffectWithheld, IndicatorChanged, WithheldReleased


def _monitors_only(raw: dict[str, Any]) -> None:
    """D1's first clause, its only one touching personal security, now acts in Karevia."""
    d1 = next(d for d in raw["drafts"] if d["id"] == "D1")
    d1["operative"][0] = {
        "text": "Requests the deployment of civilian ceasefire monitors in the Vell Valley;",
        "acts_in": "KRV",
        "effects": [{"indicator": {"place": "VELL", "dimension": "personal", "change": 10}}],
    }


def test_charter_2_7_chapter_vi_effect_needs_consent_refused_leaves_personal_security() -> None:
    """Art. 2(7), Chapter VI: without the host's consent a clause acting in its territory has no
    effect on personal security, even though the draft is adopted."""
    game = Game(variant(SECURITY_COUNCIL, _monitors_only))
    game.everyone_present()
    game.do("KRV", type="decide_consent", given=False)
    before = game.indicator("VELL", "personal")
    game.vote_on("D1", {})
    assert game.state.draft("D1").status == "adopted"  # type: ignore[union-attr]
    assert game.indicator("VELL", "personal") == before
    withheld = [e for e in game.events if isinstance(e, EffectWithheld)]
    assert (withheld[0].clause_id, withheld[0].state) == ("OP1", "KRV")
    personal = [
        e for e in game.events if isinstance(e, IndicatorChanged) and e.dimension == "personal"
    ]
    assert personal == []
    assert "refused its consent" in withheld[0].reason
    assert "Art. 2(7)" in withheld[0].reason


def test_charter_2_7_chapter_vi_effect_applies_with_host_consent() -> None:
    """Art. 2(7): with the host state's consent the same Chapter VI clause takes effect."""
    game = Game(variant(SECURITY_COUNCIL, _monitors_only))
    game.everyone_present()
    game.do("KRV", type="decide_consent", given=True)
    before = game.indicator("VELL", "personal")
    game.vote_on("D1", {})
    assert game.indicator("VELL", "personal") == before + 10
    change = next(
        e for e in game.events if isinstance(e, IndicatorChanged) and e.dimension == "personal"
    )
    assert change.cause.kind == "clause"
    assert "consent of Republic of Karevia" in change.cause.text


def test_charter_2_7_bundled_d1_refused_consent_gives_only_the_non_coercive_appeal() -> None:
    """Chapter VI: the clauses of D1 acting in Karevia are withheld; only the scenario's
    non-coercive appeal (+2 food, +2 political) and the clause not acting in Karevia apply."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.do("KRV", type="decide_consent", given=False)
    game.vote_on("D1", {})
    withheld = {e.clause_id for e in game.events if isinstance(e, EffectWithheld)}
    assert withheld == {"OP2", "OP3", "OP4"}
    assert game.indicator("VELL", "food") == 22 + 2
    assert game.indicator("KRV", "political") == 20 + 2
    assert game.indicator("VELL", "health") == 24  # humanitarian access never came
    assert game.indicator("VELL", "personal") == 15 + 4  # OP1 does not act in Karevia
    appeals = [e for e in game.events if isinstance(e, IndicatorChanged)]
    assert {e.cause.kind for e in appeals} == {"clause", "non_coercive_appeal"}


def test_consent_given_after_adoption_releases_the_withheld_clauses() -> None:
    """Art. 2(7): consent may come late; the clause then takes its full effect, with its cause."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.vote_on("D1", {})
    assert game.indicator("VELL", "food") == 24
    game.do("KRV", type="decide_consent", given=True)
    released = {e.clause_id for e in game.events if isinstance(e, WithheldReleased)}
    assert released == {"OP2", "OP3", "OP4"}
    assert game.world.withheld == ()
    # OP3's aid comes through MSF round by round (over_rounds: 8), the others at once.
    assert [(o.clause_id, o.parts_left) for o in game.world.ongoing] == [("OP3", 8)]
    late = [e for e in game.events if isinstance(e, IndicatorChanged)][-1]
    assert late.cause.kind == "consent_given_later"


def _open_d2(game: Game) -> None:
    game.do(CHAIR, type="press_chair_button", event_id="camp-attack")
    assert game.state.draft("D2") is not None


def test_charter_42_chapter_vii_authorisation_without_veto_changes_personal_security() -> None:
    """Art. 39-42 and 2(7) final clause; World Summit Outcome 2005 paras 138-139: a Chapter VII
    mission adopted with no P5 veto acts in Karevia although Karevia refused consent."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.do("KRV", type="decide_consent", given=False)
    _open_d2(game)
    before = game.indicator("VELL", "personal")
    game.vote_on("D2", {"CHN": "abstain", "RUS": "abstain"})
    assert game.state.draft("D2").status == "adopted"  # type: ignore[union-attr]
    # The demand and the embargo act at once; the mission deploys over six rounds.
    assert game.indicator("VELL", "personal") == before + 3 + 5
    assert [(o.clause_id, o.parts_left) for o in game.world.ongoing] == [("OP2", 6)]
    assert not [e for e in game.events if isinstance(e, EffectWithheld) and e.draft_id == "D2"]
    game.now = (game.now // 600 + 1) * 600
    game.do(SYSTEM, type="tick")
    mission = [
        e
        for e in game.events
        if isinstance(e, IndicatorChanged) and e.cause.ref == "D2/OP2"
    ]
    assert mission and all("Chapter VII" in e.cause.text for e in mission)
    assert "un_mission_deployed" in game.world.status_of("KRV")


def test_charter_27_3_permanent_member_veto_stops_the_chapter_vii_mission() -> None:
    """Art. 27(3): one permanent member's no defeats the draft; the mission never deploys and
    the scenario's veto event fires (A/RES/76/262 debate)."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    _open_d2(game)
    before = game.indicator("VELL", "personal")
    game.vote_on("D2", {"RUS": "no"})
    assert game.state.draft("D2").status == "rejected"  # type: ignore[union-attr]
    assert "d2-vetoed" in game.world.fired
    assert game.indicator("VELL", "personal") == before - 3
    assert "un_mission_deployed" not in game.world.status_of("KRV")


def test_charter_2_7_only_the_state_itself_gives_its_consent() -> None:
    """Art. 2(7) protects the state's own jurisdiction: another delegation cannot consent for
    it, and a non-state actor has no territory to consent for."""
    game = Game(bundled(SECURITY_COUNCIL))
    with pytest.raises(NotPermitted, match="Only Republic of Karevia"):
        game.do("USA", type="decide_consent", given=True, state="KRV")
    with pytest.raises(NotPermitted, match="not a state"):
        game.do("MSF", type="decide_consent", given=True)
    assert game.world.consent == {}


def test_every_indicator_number_is_explained_by_the_log() -> None:
    """HDR 1994 dimensions: start values plus the logged changes give every final value."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    game.do("KRV", type="decide_consent", given=False)
    game.vote_on("D1", {})
    _open_d2(game)
    game.vote_on("D2", {"CHN": "abstain", "RUS": "abstain"})
    values = {
        (place, dim): value
        for place, dims in game.start.world.indicators.items()
        for dim, value in dims.items()
    }
    for event in game.events:
        if isinstance(event, IndicatorChanged):
            assert values[(event.place, event.dimension)] == event.before
            assert event.cause.text
            values[(event.place, event.dimension)] = event.after
    for (place, dim), value in values.items():
        assert game.indicator(place, dim) == value


def test_effects_written_by_a_delegate_never_change_indicators() -> None:
    """Only the scenario's clauses have consequences: a delegate cannot award its own country
    +100 food security by sending a clause with effects (developer guide: one bad client never
    harms others)."""
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    cheat = {"indicator": {"place": "VELL", "dimension": "food", "change": 100}}
    with pytest.raises(RuleViolation, match="effects") as refused:
        game.do(
            "USA",
            type="submit_draft",
            title="Food for all",
            clauses=[{"text": "Decides that food appears;", "effects": [cheat]}],
        )
    assert refused.value.code == "bad_command"
    game.do(
        "USA",
        type="submit_draft",
        title="Food for all",
        clauses=[{"text": "Decides that food appears;"}],
    )
    draft_id = game.state.drafts[-1].id
    game.vote_on(draft_id, {})
    assert game.state.draft(draft_id).status == "adopted"  # type: ignore[union-attr]
    assert game.indicator("VELL", "food") == 22
