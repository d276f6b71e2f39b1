"""Keyboard only: a student joins a room and takes a seat without a mouse, and the focused
control is always visibly outlined."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_steps import create_room
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def focused_outline(page: Any) -> float:
    return float(
        page.evaluate(
            "() => parseFloat(getComputedStyle(document.activeElement).outlineWidth) || 0"
        )
    )


def tab_to(page: Any, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            assert focused_outline(page) >= 2, f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_student_joins_and_takes_a_seat_with_the_keyboard_alone(
    open_page: Any, base_url: str
) -> None:
    code = create_room(base_url, "tutorial")["code"]
    page = open_page("/")
    tab_to(page, "#room-code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/join/{code}")
    expect(page.locator(".seat").first).to_be_visible()
    tab_to(page, "#display-name")
    page.keyboard.type("Lea")
    tab_to(page, ".seat[data-actor='JPN']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/room/{code}")
    expect(page.locator("#my-seat")).to_contain_text("Japan")
    # The room page is keyboard-reachable too: the first point or motion control takes focus.
    tab_to(page, "#connection, #add-me, summary", limit=60)
    assert not page.console_errors, page.console_errors
