"""A 360-pixel-wide phone: the seat picker and the vote buttons are usable."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_steps import ProtocolSeat, create_room, http_json, join_in_browser
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
MIN_TARGET = 44  # px, WCAG 2.5.5 target size


def assert_fits(page: Any, locator: Any) -> None:
    box = locator.bounding_box()
    assert box is not None, "element is not rendered"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, f"off screen horizontally: {box}"
    assert box["height"] >= MIN_TARGET - 0.5, f"too small to tap: {box}"


def no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways ({width} px wide)"


def test_phone_seat_picker_and_vote_buttons_are_usable(open_page: Any, base_url: str) -> None:
    room = create_room(base_url, "tutorial")
    code = room["code"]
    chair = ProtocolSeat(base_url, code, "chair", token=room["chair_key"])
    ProtocolSeat(base_url, code, "BRA")  # one seat held by one student...
    bangladesh = ProtocolSeat(base_url, code, "BGD", name="Bo")  # ...and one full (three, the most)
    for name in ("Bea", "Bill"):
        http_json(
            base_url, "POST", f"/api/rooms/{code}/seats/BGD/claim",
            {"display_name": name, "co_delegate": True},
        )

    page = open_page("/", **PHONE)
    page.get_by_label("Room code").fill(code)
    page.get_by_role("button", name="Join", exact=True).tap()
    page.wait_for_url(f"**/join/{code}")
    no_horizontal_scroll(page)
    seats = page.locator(".seat")
    expect(seats).to_have_count(5)
    for index in range(5):
        assert_fits(page, seats.nth(index))
    held = page.locator(".seat[data-actor='BRA']")
    expect(held).to_contain_text("taken by bot BRA: join as a co-delegate")
    expect(held).not_to_have_attribute("aria-disabled", "true")
    full = page.locator(".seat[data-actor='BGD']")
    expect(full).to_have_attribute("aria-disabled", "true")
    expect(full).to_contain_text("full: Bo, Bea, Bill")
    full.tap(force=True)  # aria-disabled: Playwright would otherwise refuse to tap
    expect(page.locator("#seat-error")).to_contain_text("already has 3 students")

    join_in_browser(page, code, "Kofi", "Kenya")
    no_horizontal_scroll(page)
    chair.send("record_attendance", member="KEN", status="present")
    chair.send("record_attendance", member="BRA", status="present")
    for actor in ("BGD", "DEU", "JPN"):
        chair.send("record_attendance", member=actor, status="present")
    bangladesh.send("propose_motion", kind="unmoderated_caucus", minutes=5)
    motion_id = page.wait_for_function(
        "() => window.plenary.view?.motions.find((m) => m.kind === 'unmoderated_caucus')?.id"
    ).json_value()
    chair.send("entertain_motion", motion_id=motion_id)
    chair.send("open_vote")

    choices = page.locator("#vote .vote-choices button")
    expect(choices.first).to_be_visible()
    for index in range(choices.count()):
        choices.nth(index).scroll_into_view_if_needed()
        assert_fits(page, choices.nth(index))
    no_horizontal_scroll(page)
    page.locator("#vote button[data-choice='yes']").tap()
    expect(page.locator("#my-vote")).to_contain_text("Yes")
    expect(page.locator("#voted-count")).to_have_text("1/5")
    assert not page.console_errors, page.console_errors
