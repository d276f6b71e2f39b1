"""The press seat in real Chromium: the Coastal Courier's reporter (on a phone) files a story at
the press desk, the chair (on a Chromebook) approves it, and it becomes public news on the
reporter's own screen, with its status, while the press desk replaces the floor's actions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from accessibility import assert_accessible
from e2e_steps import claim_seat, create_room, open_seat_page
from playwright.sync_api import expect
from screens import PHONE, SIZES, no_sideways_scroll, save_screenshot

pytestmark = pytest.mark.e2e


def test_a_story_filed_at_the_press_desk_is_public_once_the_chair_approves_it(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "security-council-protection")
    code = room["code"]
    chair = open_page(room["chair_url"], viewport=SIZES["chromebook"])
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    reporter = open_page("/", **PHONE)
    open_seat_page(reporter, code, claim_seat(base_url, code, "CCW", "Dee"))

    desk = reporter.locator("#press-card")
    expect(desk).to_be_visible()
    expect(reporter.locator("#actions-card")).to_be_hidden()
    expect(reporter.locator("#press-headline")).to_have_attribute("maxlength", "120")
    reporter.locator("#press-headline").fill("Convoys turned back at the Vell checkpoints")
    reporter.locator("#press-body").fill("Drivers say they waited two days.")
    reporter.locator("#press-frame").select_option("humanitarian")
    reporter.locator("#press-file").click()
    mine = reporter.locator(".press-items li[data-status='pending']")
    expect(mine).to_contain_text("Convoys turned back")

    queue = chair.locator("#press-queue-card")
    expect(queue).to_be_visible()
    row = chair.locator("#press-queue li[data-status='pending']")
    expect(row).to_contain_text("Coastal Courier")
    expect(row).to_contain_text("Humanitarian access first")
    for page, name in ((reporter, "press-desk-phone"), (chair, "press-queue-chromebook")):
        no_sideways_scroll(page)
        assert_accessible(page, name)
        save_screenshot(page, name, full_page=True)

    row.locator("button[data-act='approve-press']").click()
    expect(reporter.locator(".press-items li[data-status='approved']")).to_contain_text(
        "Convoys turned back"
    )
    expect(chair.locator("#press-queue")).to_contain_text(re.compile("Decided stories: 1"))
    expect(reporter.locator("#news")).to_contain_text("Convoys turned back")

    for width, height in ((1920, 1080), (1366, 768)):
        reporter.set_viewport_size({"width": width, "height": height})
        no_sideways_scroll(reporter)
        save_screenshot(reporter, f"press-desk-{width}", full_page=True)
    chair.set_viewport_size(SIZES["projector"])
    save_screenshot(chair, "press-queue-1920", full_page=True)
