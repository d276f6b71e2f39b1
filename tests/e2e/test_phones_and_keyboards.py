"""Phones and keyboards: long names wrap, a name too long is told, seat buttons are named by
what they show, a repeated tap is harmless, and focus lands somewhere sensible after every
action (never on <body>)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from accessibility import assert_accessible, violations
from e2e_steps import ProtocolSeat, claim_seat, create_room, open_seat_page
from playwright.sync_api import expect
from screens import PHONE, SIZES, no_sideways_scroll, save_screenshot

pytestmark = pytest.mark.e2e

LONG_NAME = "Maximiliana" * 7  # 77 characters and not one space
MEMBERS = ["BGD", "BRA", "DEU", "JPN", "KEN"]


def focused(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement?.id || document.activeElement?.tagName"))


def test_a_long_unbroken_name_wraps_on_every_phone_screen(open_page: Any, base_url: str) -> None:
    room = create_room(base_url, "tutorial")
    code = room["code"]
    token = claim_seat(base_url, code, "BGD", LONG_NAME)
    # The seat picker every other student sees.
    picker = open_page(f"/join/{code}", **PHONE)
    expect(picker.locator(".seat[data-actor='BGD']")).to_contain_text(LONG_NAME)
    no_sideways_scroll(picker)
    # The student's own page, the chair's console (seats open) and the wall, on a phone.
    student = open_page("/", **PHONE)
    open_seat_page(student, code, token)
    expect(student.locator("#my-seat")).to_contain_text(LONG_NAME)
    no_sideways_scroll(student)
    chair = open_page(room["chair_url"], **PHONE)
    chair.locator("#seat-details summary").click()
    expect(chair.locator("#seats li[data-actor='BGD']")).to_contain_text(LONG_NAME)
    no_sideways_scroll(chair)
    wall = open_page(f"/projector/{code}", **PHONE)
    expect(wall.locator(".lobby-seat[data-actor='BGD']")).to_contain_text(LONG_NAME)
    no_sideways_scroll(wall)
    for page in (picker, student, chair, wall):
        assert_accessible(page)


def test_a_name_too_long_is_told_and_seat_buttons_say_what_they_show(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "tutorial")
    code = room["code"]
    claim_seat(base_url, code, "BRA", "Ana")
    page = open_page(f"/join/{code}", **PHONE)
    seats = page.locator(".seat")
    expect(seats).to_have_count(5)
    # Each button's accessible name is its visible text (WCAG 2.5.3 Label in Name).
    for index in range(5):
        seat = seats.nth(index)
        assert seat.get_attribute("aria-label") is None
        name = seat.locator(".seat-name").inner_text()
        meta = seat.locator(".seat-meta").inner_text()
        expect(seat).to_have_accessible_name(f"{name} {meta}")
    expect(page.locator(".seat[data-actor='BRA']")).to_have_accessible_name(
        re.compile(r"^Brazil .*taken by Ana: join as a co-delegate$")
    )
    # axe counts its rule for this as experimental, which a run by WCAG tags leaves out.
    assert violations(page, ["label-content-name-mismatch"]) == []
    page.get_by_label("Your name").fill("Bartholomew" * 11)  # 121 characters
    expect(page.locator("#display-name-error")).to_contain_text("at most 80 characters")
    expect(page.locator("#display-name-error")).to_contain_text("this one has 121")
    page.locator(".seat[data-actor='KEN']").tap()
    expect(page.get_by_label("Your name")).to_be_focused()
    expect(page.get_by_label("Your name")).to_have_attribute("aria-invalid", "true")
    assert page.url.endswith(f"/join/{code}")
    page.get_by_label("Your name").fill("Bartholomew")
    expect(page.locator("#display-name-error")).to_have_text("")
    page.locator(".seat[data-actor='KEN']").tap()
    page.wait_for_url(f"**/room/{code}")
    expect(page.locator("#my-seat")).to_contain_text("Bartholomew")


def test_a_double_tap_votes_once_and_focus_follows_every_action(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "tutorial")
    code = room["code"]
    chair = ProtocolSeat(base_url, code, "chair", token=room["chair_key"])
    bots = {actor: ProtocolSeat(base_url, code, actor) for actor in ("BGD", "BRA", "JPN")}
    phone = open_page("/", **PHONE)
    open_seat_page(phone, code, claim_seat(base_url, code, "KEN", "Kofi"))
    laptop = open_page("/", viewport=SIZES["chromebook"])
    open_seat_page(laptop, code, claim_seat(base_url, code, "DEU", "Lea"))
    for actor in MEMBERS:
        chair.send("record_attendance", member=actor, status="present")
    # "· present", not the "not yet marked present" shown before: until then Add me is disabled.
    expect(laptop.locator("#my-seat")).to_have_text(re.compile(r"· present$"))

    # Keyboard: Add me to the speakers list; focus goes to its replacement, Leave.
    laptop.locator("#add-me").focus()
    laptop.keyboard.press("Enter")
    expect(laptop.locator("#leave-speakers")).to_be_focused()
    laptop.keyboard.press("Enter")
    expect(laptop.locator("#add-me")).to_be_focused()

    bots["BGD"].send("propose_motion", kind="unmoderated_caucus", minutes=5)
    motion_id = phone.wait_for_function(
        "() => window.plenary.view?.motions.find((m) => m.kind === 'unmoderated_caucus')?.id"
    ).json_value()
    chair.send("entertain_motion", motion_id=motion_id)
    chair.send("open_vote")
    # A vote the phone has not voted in waits at the top, with a link to the ballot.
    todo = phone.locator("#todo li[data-todo='vote']")
    expect(todo).to_contain_text("not voted yet")
    todo.get_by_role("link", name="Go there").tap()
    expect(phone.locator("#vote-card")).to_be_focused()

    # A double tap on Yes: one ballot, no error.
    yes = phone.locator("#vote button[data-choice='yes']")
    yes.scroll_into_view_if_needed()
    box = yes.bounding_box()
    assert box is not None
    # Two taps on the same spot, the second before the first is answered.
    for _ in range(2):
        phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(phone.locator("#my-vote")).to_contain_text("Yes")
    phone.wait_for_function("() => window.plenary.connection.pending.size === 0")
    expect(phone.locator(".toast.error")).to_have_count(0)
    expect(phone.locator("#todo")).to_be_hidden()
    no_sideways_scroll(phone)
    save_screenshot(phone, "phone-voted")

    # Keyboard: once the ballot is cast (and its buttons gone) focus is on the line saying so,
    # and after the vote closes on the result.
    laptop.locator("#vote button[data-choice='no']").focus()
    laptop.keyboard.press("Enter")
    expect(laptop.locator("#my-vote")).to_contain_text("No")
    expect(laptop.locator("#my-vote")).to_be_focused()
    bots["BRA"].send("cast_vote", choice="yes")
    chair.send("close_vote")
    expect(laptop.locator("#result-banner")).to_be_focused()
    assert focused(laptop) == "result-banner"
    assert not phone.console_errors, phone.console_errors
    assert not laptop.console_errors, laptop.console_errors
