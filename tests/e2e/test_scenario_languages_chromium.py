# ruff: noqa: E501 - the expected texts are quoted whole
"""The tutorial in six languages (issue 15, item 5): a delegate who switches to French reads the
French brief and draft, while another delegate reads the same room in English at the same time;
a clause a delegate rewords shows as written, in every language."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from e2e_steps import ProtocolSeat, claim_seat, create_room, open_seat_page
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
SCREENSHOTS = Path(os.environ.get("PLENARY_SCREENSHOTS", "/tmp/plenary-screenshots"))


def test_a_delegate_switches_to_french_and_reads_the_french_brief_and_draft_beside_an_english_one(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "tutorial")
    code = room["code"]
    kenya_token = claim_seat(base_url, code, "KEN", "Wanjiru")
    bangladesh_token = claim_seat(base_url, code, "BGD", "Rahim")

    kenya = open_page("/", **PHONE)
    open_seat_page(kenya, code, kenya_token)
    bangladesh = open_page("/")
    open_seat_page(bangladesh, code, bangladesh_token)

    # Both start in English.
    expect(kenya.locator("#brief")).to_contain_text("Kenya suffers from both droughts and floods")
    expect(kenya.locator("#draft-D1")).to_contain_text("Calls upon all states to share weather")

    # Kenya's student picks French on their own device (the page reloads in it).
    kenya.locator("#language-picker").select_option("fr")
    expect(kenya.locator("html")).to_have_attribute("lang", "fr")
    kenya.locator("#connection[data-state='open']").wait_for()
    brief = kenya.locator("#brief")
    expect(brief).to_contain_text("Le Kenya souffre à la fois de sécheresses et d'inondations.")
    expect(brief).to_contain_text("Le projet D1 est adopté avec la formation de bénévoles (paragraphe 3)")
    expect(brief).not_to_contain_text("Kenya suffers")
    draft = kenya.locator("#draft-D1")
    expect(draft.locator("h3")).to_have_text("D1: Des alertes précoces pour tous")
    expect(draft).to_contain_text(
        "Demande à tous les États de partager gratuitement entre eux les données des satellites"
    )
    expect(draft).to_contain_text("Rappelant qu'une alerte donnée un jour avant une tempête")
    expect(kenya.locator("#agenda")).to_contain_text("Alerte rapide en cas d'inondations et de tempêtes")
    # The scenario's names too: the forum in the top bar, the delegations on the draft.
    expect(kenya.locator("#room-title")).to_contain_text("Commission de la sécurité humaine (tutoriel)")
    expect(draft).to_contain_text("Signataires : Brésil")

    # The other delegate, at the same time, still reads the scenario in English.
    expect(bangladesh.locator("html")).to_have_attribute("lang", "en")
    expect(bangladesh.locator("#brief")).to_contain_text("Bangladesh is one of the countries most exposed")
    expect(bangladesh.locator("#draft-D1 h3")).to_have_text("D1: Early warnings for everyone")
    expect(bangladesh.locator("#draft-D1")).to_contain_text("Calls upon all states to share weather")
    expect(bangladesh.locator("#draft-D1")).to_contain_text("Brazil")

    # The sponsors reword clause 1 (a friendly amendment both accept): the new words are the
    # delegates' own, shown as written in French too; the clauses they did not touch stay French.
    new_words = "Calls upon all states to share weather data wherever they can;"
    proposed = ProtocolSeat(base_url, code, "BGD", token=bangladesh_token).send(
        "propose_amendment", draft_id="D1", action="modify", target_clause="OP1",
        friendly=True, clause={"kind": "operative", "text": new_words},
    )
    assert proposed["type"] == "ack"
    amendment = kenya.locator(".amendment").first
    amendment.wait_for()
    ProtocolSeat(base_url, code, "KEN", token=kenya_token).send(
        "accept_amendment", amendment_id=amendment.get_attribute("data-amendment")
    )
    clauses = draft.get_by_role("listitem")
    expect(clauses.filter(has_text="OP1")).to_have_text(f"OP1 {new_words}")
    expect(clauses.filter(has_text="OP2")).to_contain_text("Crée un fonds de contributions volontaires")
    english = bangladesh.locator("#draft-D1").get_by_role("listitem")
    expect(english.filter(has_text="OP1")).to_have_text(f"OP1 {new_words}")
    expect(english.filter(has_text="OP2")).to_contain_text("Establishes a voluntary fund")

    # The French brief at phone size, for a person to look at.
    kenya.locator("#tab-me").click()
    expect(brief).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    kenya.screenshot(path=str(SCREENSHOTS / "tutorial-brief-fr-phone.png"), full_page=False)
    width = kenya.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"the French brief scrolls sideways ({width} px wide)"
    assert not kenya.console_errors and not bangladesh.console_errors
