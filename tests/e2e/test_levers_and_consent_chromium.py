"""An NGO's own lever and a host's consent to one provider, in real Chromium (Security Council):
MSF's aid is not in order until Karevia consents to MSF; Karevia consents to MSF alone from its
screen, MSF delivers its aid with its own button, and Karevia can withdraw that consent again."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_steps import claim_seat, create_room, open_seat_page
from playwright.sync_api import expect
from screens import PHONE, SIZES, no_sideways_scroll, save_screenshot

pytestmark = pytest.mark.e2e


def test_a_host_consents_to_one_provider_the_ngo_uses_its_lever_and_consent_is_withdrawn(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "security-council-protection")
    code = room["code"]
    chair = open_page(room["chair_url"], viewport=SIZES["chromebook"])
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    karevia = open_page("/", viewport=SIZES["chromebook"])
    open_seat_page(karevia, code, claim_seat(base_url, code, "KRV", "Ana"))
    msf = open_page("/", **PHONE)
    open_seat_page(msf, code, claim_seat(base_url, code, "MSF", "Sam"))
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_contain_text(re.compile(r"^(\d+)/\1"))

    aid = msf.locator("#lever-deliver-aid")
    expect(aid).to_be_disabled()
    why_not = msf.locator("li[data-lever='deliver-aid'] .explain")
    expect(why_not).to_contain_text("has not consented")

    detail = karevia.locator("details[data-consent-draft='D1']")
    detail.locator("summary").click()
    karevia.locator("#consent-provider-MSF").click()
    expect(detail.locator("li[data-consent-provider='MSF'] .badge")).to_have_text("consented")

    expect(aid).to_be_enabled()
    aid.click()
    expect(msf.locator("#log")).to_contain_text("Runs mobile clinics in the Vell Valley")

    karevia.locator("#withdraw-provider-MSF").click()
    expect(detail.locator("li[data-consent-provider='MSF'] .badge")).to_have_text("refused")
    expect(aid).to_be_disabled()

    for page, name in ((msf, "levers-ngo-360"), (karevia, "consent-host-1366")):
        no_sideways_scroll(page)
        save_screenshot(page, name, full_page=True)
    karevia.set_viewport_size(SIZES["projector"])
    save_screenshot(karevia, "consent-host-1920", full_page=True)
