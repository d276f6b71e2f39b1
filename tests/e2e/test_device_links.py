"""A student moves to a new device: the chair's new-device link comes with a QR code and a copy
button; typed into a tab already open it works without a reload; the old device says its seat
moved, and keeps saying so until it is reloaded."""

from __future__ import annotations

from typing import Any

import pytest
from accessibility import assert_accessible
from e2e_steps import claim_seat, create_room, open_seat_page
from playwright.sync_api import expect
from qr_decode import read_qr
from screens import PHONE, SIZES, save_element_screenshot, save_screenshot

pytestmark = pytest.mark.e2e


def test_a_new_device_link_moves_the_seat_and_the_old_device_says_so(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "tutorial")
    code = room["code"]
    old_phone = open_page("/", **PHONE)
    open_seat_page(old_phone, code, claim_seat(base_url, code, "JPN", "Hana"))
    expect(old_phone.locator("#my-seat")).to_contain_text("Japan")
    # The new device already has the join page open (the student typed the code there).
    new_laptop = open_page(f"/join/{code}", viewport=SIZES["chromebook"])
    expect(new_laptop.locator(".seat")).to_have_count(5)

    chair = open_page(room["chair_url"], viewport=SIZES["chromebook"])
    chair.context.grant_permissions(["clipboard-read", "clipboard-write"])
    chair.locator("#seat-details summary").click()
    chair.locator("button[data-reassign='JPN']").click()
    link_box = chair.locator("#device-link-JPN")
    expect(link_box).to_be_visible()
    link = link_box.locator("code.join-url").inner_text()
    assert link.startswith(f"{base_url}/join/{code}#seat=")
    expect(chair.locator("#copy-device-JPN")).to_be_focused()
    # The QR code carries exactly the link shown.
    link_box.locator("img[data-ready='true']").wait_for()
    link_box.scroll_into_view_if_needed()
    assert read_qr(link_box.screenshot()) == [link]
    chair.locator("#copy-device-JPN").click()
    expect(chair.locator(".toast.ok")).to_contain_text("Copied")
    assert chair.evaluate("() => navigator.clipboard.readText()") == link
    assert_accessible(chair, "the chair's new device link")
    save_element_screenshot(chair.locator("#seats").locator(".."), "chair-device-link")

    # The old device: told at once, and still told once the notice has faded.
    moved = old_phone.locator("#room-error.seat-moved")
    expect(moved).to_contain_text("moved to another device")
    expect(old_phone.locator("#connection")).to_have_attribute("data-state", "seat_moved")
    expect(old_phone.locator(".toast")).to_have_count(0, timeout=20_000)
    expect(moved).to_be_visible()
    expect(old_phone.locator("#connection")).to_contain_text("Seat moved")
    assert_accessible(old_phone, "a device whose seat moved")
    save_screenshot(old_phone, "phone-seat-moved")

    # Typed into the open tab, the link changes only the fragment: the page takes the seat.
    new_laptop.evaluate("(link) => { window.location.href = link; }", link)
    new_laptop.wait_for_url(f"**/room/{code}")
    expect(new_laptop.locator("#connection")).to_have_attribute("data-state", "open")
    expect(new_laptop.locator("#my-seat")).to_contain_text("Japan")
    assert "#seat=" not in new_laptop.url
    # Reloaded, the old device offers to pick a seat again.
    old_phone.locator("#seat-moved-reload").tap()
    expect(old_phone.locator("#room-error")).to_contain_text("no longer valid")
    expect(old_phone.get_by_role("link", name="Choose a seat")).to_be_visible()
    for page in (chair, new_laptop):
        assert not page.console_errors, page.console_errors
