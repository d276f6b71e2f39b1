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
