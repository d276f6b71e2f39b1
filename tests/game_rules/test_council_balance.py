"""Chapter VI with consent against Chapter VII in the Council scenario's own payoffs (issue 12).

The essay's point: soft, non-coercive diplomacy needs the host's consent, and coercion costs the
cooperation it rests on. UN Charter Art. 2(7) (enforcement under Chapter VII needs no consent);
in March 2009, after the ICC's arrest warrant for its president, Sudan expelled 13 aid agencies,
two MSF sections among them (UN OCHA, Sudan humanitarian update, March 2009). So in the bundled
scenario the Chapter VII path must not pay more than Chapter VI with consent.
"""

from __future__ import annotations

from typing import Any

from game_support import SECURITY_COUNCIL, Game, bundled, variant

from game_rules.report.debrief import build_debrief, evaluate
from game_rules.report.simulate import simulate
from game_rules.scenario.setup import Scenario
from game_rules.session.scripting import ConsentToCondition, ConsentToTest
from game_rules.session.world import ActorActionTaken

SEEDS = range(1, 21)


def _chapter_vii_passes(raw: dict[str, Any]) -> None:
    """The counterfactual Council: China and Russia abstain on D2, Guyana votes for it."""
    for seat in ("CHN", "RUS"):
        bot = raw["briefs"][seat]["bot"]
        bot["votes"]["D2"] = "abstain"
        bot.pop("red_line_votes", None)
        bot.pop("amendments", None)
    raw["briefs"]["GUY"]["bot"]["votes"]["D2"] = "yes"


def _points(scenario: Scenario, seed: int) -> tuple[str, int]:
    result = simulate(scenario, seed)
    debrief = build_debrief(scenario, result.start, result.events, state=result.state)
    status = {d.id: d.status for d in result.state.drafts}
    path = "vii" if status.get("D2") == "adopted" else (
        "vi" if status.get("D1") == "adopted" else "none"
    )
    return path, sum(o.points for o in debrief.objectives if o.met)


def test_chapter_vii_does_not_pay_more_than_chapter_vi_with_consent_over_seeds_1_to_20() -> None:
    as_bundled = bundled(SECURITY_COUNCIL)
    forced = variant(SECURITY_COUNCIL, _chapter_vii_passes)
    for seed in SEEDS:
        vi_path, vi_points = _points(as_bundled, seed)
        vii_path, vii_points = _points(forced, seed)
        assert (vi_path, vii_path) == ("vi", "vii"), seed
        assert vi_points > vii_points, (seed, vi_points, vii_points)


def test_consent_to_a_clause_withdrawn_after_chapter_vii_is_not_met() -> None:
    """Chapter VII costs MSF Karevia's trust, Karevia withdraws its consent to MSF, and the
    objective 'Karevia consents to the aid (D1/OP3)' fails with the withdrawal as evidence."""
    result = simulate(variant(SECURITY_COUNCIL, _chapter_vii_passes), 1)
    check = ConsentToCondition(consent_to=ConsentToTest(state="KRV", clause="D1/OP3"))
    met, evidence = evaluate(check, result.state, result.events)
    assert not met
    assert evidence == "Republic of Karevia withdrew its consent to D1/OP3."
    as_bundled = simulate(bundled(SECURITY_COUNCIL), 1)
    met, evidence = evaluate(check, as_bundled.state, as_bundled.events)
    assert met and evidence == "Republic of Karevia gave its consent to D1/OP3."


def test_consent_to_a_provider_is_the_answer_for_that_provider() -> None:
    game = Game(bundled(SECURITY_COUNCIL))
    game.everyone_present()
    check = ConsentToCondition(consent_to=ConsentToTest(state="KRV", provider="MSF"))
    assert evaluate(check, game.state, game.events) == (
        False, "Republic of Karevia never answered to Médecins Sans Frontières (Doctors Without "
        "Borders).",
    )
    game.do("KRV", type="decide_consent", given=True, provider="MSF")
    assert evaluate(check, game.state, game.events)[0]
    game.do("KRV", type="decide_consent", given=False, clause="D1/OP3")
    # The clause's own answer governs the clause; the provider's answer is still a consent.
    assert evaluate(check, game.state, game.events)[0]
    clause = ConsentToCondition(consent_to=ConsentToTest(state="KRV", clause="D1/OP3"))
    assert not evaluate(clause, game.state, game.events)[0]


def test_bots_pace_a_lever_with_several_uses_over_the_session() -> None:
    """MSF's two convoys: the first once Karevia consents, the second from minute 45 of 90."""
    result = simulate(bundled(SECURITY_COUNCIL), 1)
    origin = result.start.started_at
    convoys = [
        (e.at - origin) / 60 for e in result.events
        if isinstance(e, ActorActionTaken) and e.action_id == "deliver-aid"
    ]
    assert len(convoys) == 2
    assert convoys[0] < 45 <= convoys[1] < 90
