"""Non-state levers in real Chromium: the Norwegian Refugee Council (on a phone) names the
delegation it holds responsible for blocking aid, chosen from a list on its own screen; the
news reaches the named delegation and the wall, and the used-up lever says so. MSF's aid waits
for Karevia's consent to MSF, and the button says why."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_steps import claim_seat, create_room, open_seat_page
from playwright.sync_api import expect
from screens import PHONE, SIZES, no_sideways_scroll, save_screenshot

pytestmark = pytest.mark.e2e


def test_an_ngo_names_a_blocker_from_its_screen_and_the_news_reaches_everyone(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "security-council-protection")
    code = room["code"]
    wall = open_page(f"/projector/{code}", viewport=SIZES["projector"])
    nrc = open_page("/", **PHONE)
    open_seat_page(nrc, code, claim_seat(base_url, code, "NRC", "Ingrid"))
    russia = open_page("/", viewport=SIZES["chromebook"])
    open_seat_page(russia, code, claim_seat(base_url, code, "RUS", "Pavel"))
    msf = open_page("/", viewport=SIZES["chromebook"])
    open_seat_page(msf, code, claim_seat(base_url, code, "MSF", "Amina"))

    # MSF's clinics need Karevia's consent to MSF: the button is off and says why.
    expect(msf.locator("#lever-deliver-aid")).to_be_disabled()
    msf_why = msf.locator("li[data-lever='deliver-aid'] .explain")
    expect(msf_why).to_contain_text("has not consented")

    pick = nrc.locator("#lever-target-name-blocker")
    expect(pick).to_be_visible()
    options = pick.locator("option").evaluate_all("nodes => nodes.map(n => n.value)")
    assert "RUS" in options and "NRC" not in options and "CCW" not in options
    pick.select_option("RUS")
    no_sideways_scroll(nrc)
    save_screenshot(nrc, "levers-phone", full_page=True)
    nrc.locator("#lever-name-blocker").click()

    headline = "NRC names Russian Federation as blocking aid to the displaced in the Vell Valley"
    expect(russia.locator("#news")).to_contain_text(headline)
    wall.keyboard.press("j")  # the session screen, where the news card is
    expect(wall.locator("#proj-news")).to_contain_text(headline)
    expect(nrc.locator("#lever-name-blocker")).to_be_disabled()
    expect(nrc.locator("li[data-lever='name-blocker'] .explain")).to_contain_text("used up")
    save_screenshot(wall, "levers-projector-1920", full_page=True)
    save_screenshot(russia, "levers-named-1366", full_page=True)
