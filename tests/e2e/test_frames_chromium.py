"""Contested narratives in real Chromium: two delegates argue from opposite frames (a speech and a
draft tagged on their own screens) and the projector shows which narrative holds the floor, with
the count per frame and the order in which they were argued."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_steps import claim_seat, create_room, open_seat_page
from playwright.sync_api import expect
from screens import PHONE, SIZES, no_sideways_scroll, save_screenshot

pytestmark = pytest.mark.e2e


def test_frames_argued_on_delegates_screens_show_on_the_projector(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "security-council-protection")
    code = room["code"]
    chair = open_page(room["chair_url"], viewport=SIZES["chromebook"])
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    wall = open_page(f"/projector/{code}", viewport=SIZES["projector"])
    france = open_page("/", viewport=SIZES["chromebook"])
    open_seat_page(france, code, claim_seat(base_url, code, "FRA", "Lou"))
    china = open_page("/", **PHONE)
    open_seat_page(china, code, claim_seat(base_url, code, "CHN", "Wei"))
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_contain_text(re.compile(r"^(\d+)/\1"))

    expect(wall.locator("#lobby")).to_be_visible()
    wall.keyboard.press("j")  # the chair puts the session screen up before anyone speaks
    frames = wall.locator("#proj-frames-card")
    expect(frames).to_be_visible()
    expect(wall.locator("#frame-lead")).to_contain_text("No speech, draft or news item")

    # France asks for the floor arguing the responsibility to protect, China from sovereignty.
    france.locator("#speech-frame").select_option("r2p")
    france.locator("#add-me").click()
    china.locator("#speech-frame").select_option("sovereignty")
    china.locator("#add-me").click()
    expect(chair.locator("#speakers-list")).to_contain_text("China")
    expect(wall.locator("#frame-lead")).to_have_text("No frame leads: two are tied.")

    # France tables a draft from the same frame: two uses to one, and the wall says who leads.
    france.locator("#drafts summary", has_text="Write a new draft").click()
    france.locator("#new-draft-title").fill("Protection of civilians in the Vell Valley")
    france.locator("#new-draft-clauses").fill("Demands safe passage for aid convoys")
    france.locator("#new-draft-frame").select_option("r2p")
    france.locator("#new-draft-title").press("Enter")
    expect(wall.locator("#frame-lead")).to_have_text(
        "Holding the floor: Responsibility to protect"
    )
    expect(wall.locator(".frame-bar[data-frame='r2p']")).to_have_attribute("data-count", "2")
    expect(wall.locator(".frame-bar[data-frame='r2p']")).to_contain_text("2 uses")
    expect(wall.locator(".frame-bar[data-frame='sovereignty']")).to_contain_text("1 use")
    expect(wall.locator(".frame-timeline .frame-step")).to_have_count(3)
    order = wall.locator(".frame-timeline .frame-step").evaluate_all(
        "steps => steps.map(s => s.dataset.frame + '/' + s.dataset.via)"
    )
    assert order == ["r2p/speech", "sovereignty/speech", "r2p/draft"]
    # The bars are in order of use: the leading frame first.
    first = wall.locator(".frame-bar").first
    expect(first).to_have_attribute("data-frame", "r2p")

    save_screenshot(wall, "frames-projector-1920", full_page=True)
    for page, name in ((china, "frames-delegate-phone"), (france, "frames-delegate-1366")):
        no_sideways_scroll(page)
        save_screenshot(page, name, full_page=True)
    wall.set_viewport_size(SIZES["phone"])
    no_sideways_scroll(wall)
    save_screenshot(wall, "frames-projector-360", full_page=True)
