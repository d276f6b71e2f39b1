"""The new-room page for a teacher with a class (issue 13, items 1 and 6): the class size shows,
in words, which scenario and length gives every student a role; choosing one picks the scenario
and its variant, and the room is opened from that variant. The page says that only display
names are stored and that everything goes with the room."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from screens import SIZES, no_sideways_scroll

pytestmark = pytest.mark.e2e

SHOTS = Path("/work/helpers/shots/kit-b")


def test_a_class_of_28_is_shown_the_scenarios_that_give_everyone_a_role(
    open_page: Any, base_url: str
) -> None:
    page = open_page("/new")
    expect(page.locator("#privacy-note")).to_contain_text("display name")
    expect(page.locator("#privacy-note")).to_contain_text("deleted with it")
    page.get_by_label("How many students are in your class?").fill("28")
    expect(page.locator("#fit-good .fit-option")).to_have_count(9)  # any length: every cut
    page.get_by_label("Your lesson lasts").select_option("45")
    good = page.locator("#fit-good")
    expect(good.locator(".fit-option")).to_have_count(3)
    council = good.locator(
        ".fit-option", has_text="Security Council: protecting the people of Karevia, One 45-minute"
    )
    expect(council).to_contain_text("18 seats.")
    expect(council).to_contain_text("10 seats are shared by two co-delegates")
    # The tutorial's five seats hold 15 students and 4 roles without a seat: 9 are left over.
    expect(page.locator("#fit-others")).to_contain_text("9 students would have no role")
    expect(page.locator("#fit-others")).to_contain_text("bots play the 15 seats left")
    council.get_by_role("button", name="Choose this").click()
    chosen = page.locator(".scenario-card", has_text="Security Council").locator("input")
    expect(chosen).to_be_checked()
    expect(page.locator("#variant-select")).to_have_value("lesson-45")
    expect(page.locator("#variant-hint")).to_contain_text("camp attack")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, size in SIZES.items():
        if name == "laptop":
            continue
        page.set_viewport_size(size)
        no_sideways_scroll(page)
        page.screenshot(path=str(SHOTS / f"new-room-class-fit-{name}.png"), full_page=True)
    page.set_viewport_size(SIZES["laptop"])
    page.get_by_role("button", name="Open the room").click()
    code = page.locator("#created-code")
    expect(code).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    summary = httpx.get(f"{base_url}/api/rooms/{code.inner_text()}").json()
    assert summary["variant_id"] == "lesson-45"
    assert summary["scenario_id"] == "security-council-protection"
    assert not page.console_errors


def test_a_class_size_that_is_not_a_number_of_students_gets_a_clear_error(
    open_page: Any,
) -> None:
    page = open_page("/new")
    size = page.get_by_label("How many students are in your class?")
    size.fill("0")
    expect(page.locator("#class-size-error")).to_have_text("Type a whole number from 1 to 1000.")
    expect(size).to_have_attribute("aria-invalid", "true")
    size.fill("5")
    expect(page.locator("#class-size-error")).to_be_hidden()
    tutorial = page.locator("#fit-good .fit-option", has_text="Tutorial")
    expect(tutorial.first).to_contain_text("One student per seat.")
