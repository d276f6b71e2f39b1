"""Non-state levers: an actor's own `actions:` with limited uses (issue 12).

Aid through a provider needs the host's consent to that provider (UN Charter Art. 2(7)): MSF's
mobile clinics in the Security Council scenario wait for Karevia's consent to MSF.
"""

from __future__ import annotations

import pytest
from game_support import SECURITY_COUNCIL, Game, bundled

from game_rules.engine.legality import legal_actions
from game_rules.errors import NotInOrder
from game_rules.session.world import ActorActionTaken, NewsPublished
from game_rules.world.actions import likely_blocker


def test_aid_only_an_ngo_delivers_needs_the_hosts_consent_to_that_provider() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    offer = next(o for o in legal_actions(game.state, "MSF") if o.type == "take_action")
    in_order = {a["action_id"]: a["in_order"] for a in offer.extras["actions"]}
    assert in_order == {"field-report": True, "deliver-aid": False}
    with pytest.raises(NotInOrder, match="has not consented to Médecins"):
        game.do("MSF", type="take_action", action_id="deliver-aid")
    game.do("KRV", type="decide_consent", given=True, provider="MSF")
    health = game.indicator("VELL", "health")
    game.do("MSF", type="take_action", action_id="deliver-aid")
    assert game.indicator("VELL", "health") == health + 3


def test_an_actor_action_has_limited_uses_and_a_field_report_goes_public() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    game.do("MSF", type="take_action", action_id="field-report")
    taken = [e for e in game.events if isinstance(e, ActorActionTaken)]
    assert (taken[0].kind, taken[0].uses_left) == ("field_report", 0)
    news = [e.news for e in game.events if isinstance(e, NewsPublished)]
    assert news[-1].to == () and news[-1].headline.startswith("MSF field report")
    # Publishing costs MSF Karevia's trust, one way: MSF's trust in Karevia stays at 35.
    assert game.world.trust_between("KRV", "MSF") == 55
    assert game.world.trust_between("MSF", "KRV") == 35
    with pytest.raises(NotInOrder, match="used up"):
        game.do("MSF", type="take_action", action_id="field-report")


def test_naming_a_blocker_names_one_delegation_in_public_and_costs_its_trust() -> None:
    """A name_blocker lever must name a delegation in the room; the named one's trust in the NGO
    falls one way (naming and shaming is resented), and the news says whom it named."""
    game = Game(bundled(SECURITY_COUNCIL))
    offer = next(o for o in legal_actions(game.state, "NRC") if o.type == "take_action")
    lever = next(a for a in offer.extras["actions"] if a["action_id"] == "name-blocker")
    assert lever["in_order"] and "RUS" in lever["targets"] and "NRC" not in lever["targets"]
    assert "CCW" not in lever["targets"]  # a press seat has no vote to block with
    with pytest.raises(NotInOrder, match="Say which delegation"):
        game.do("NRC", type="take_action", action_id="name-blocker")
    with pytest.raises(NotInOrder, match="cannot be named"):
        game.do("NRC", type="take_action", action_id="name-blocker", target="NRC")
    with pytest.raises(NotInOrder, match="names nobody"):
        game.do("NRC", type="take_action", action_id="side-event", target="RUS")
    before, reverse = game.world.trust_between("RUS", "NRC"), game.world.trust_between("NRC", "RUS")
    game.do("NRC", type="take_action", action_id="name-blocker", target="RUS")
    taken = [e for e in game.events if isinstance(e, ActorActionTaken)][-1]
    assert (taken.kind, taken.target) == ("name_blocker", "RUS")
    news = [e.news for e in game.events if isinstance(e, NewsPublished)][-1]
    assert news.headline == (
        "NRC names Russian Federation as blocking aid to the displaced in the Vell Valley"
    )
    assert game.world.trust_between("RUS", "NRC") == before - 10
    assert game.world.trust_between("NRC", "RUS") == reverse


def test_a_bot_names_the_member_whose_veto_defeated_the_last_draft() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    assert likely_blocker(game.state, "NRC") is None  # nobody has blocked anything yet
    game.everyone_present()
    game.vote_on("D1", {"CHN": "no", "GUY": "no"})
    # China's "no" is a veto (Charter Art. 27(3)); Guyana's is only a vote against.
    assert game.state.results[-1].vetoed_by == ("CHN",)
    assert likely_blocker(game.state, "NRC") == "CHN"
