"""A roll-call vote in the browser: the order is shown, only the delegation being called may
answer, it may pass once, and on the second call it must vote yes or no (GA rule 87 practice)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_steps import ProtocolSeat, claim_seat, create_room, open_seat_page
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MEMBERS = ["BGD", "BRA", "DEU", "JPN", "KEN"]


def current_caller(page: Any) -> str | None:
    return page.evaluate("() => window.plenary.view.vote?.current_caller ?? null")


CALL = (
    "() => JSON.stringify("
    "[window.plenary.view.vote?.current_caller, window.plenary.view.vote?.roll_round])"
)


def wait_for_next_call(page: Any, before: str) -> None:
    page.wait_for_function(f"(before) => ({CALL})() !== before", arg=before)


def test_roll_call_shows_the_order_and_lets_the_called_delegation_pass_once(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "tutorial")
    code = room["code"]
    chair = open_page(f"/chair/{code}#key={room['chair_key']}")
    page = open_page("/")
    open_seat_page(page, code, claim_seat(base_url, code, "DEU", "Dieter"))
    bots = {actor: ProtocolSeat(base_url, code, actor) for actor in MEMBERS if actor != "DEU"}
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_have_text(re.compile(r"^5/5"))
    expect(page.locator("#my-seat")).to_contain_text("· present")

    bots["BRA"].send("propose_motion", kind="unmoderated_caucus", minutes=5)
    expect(chair.locator("#motion-queue li[data-kind='unmoderated_caucus']")).to_be_visible()
    chair.keyboard.press("e")  # entertain the motion
    chair.locator("#open-roll-call").check()
    chair.locator("#open-vote").click()
    expect(page.locator("#vote-card")).to_be_visible()
    order = page.locator("#vote .rollcall li")
    expect(order).to_have_count(5)

    passed = False
    for _ in range(12):
        caller = current_caller(page)
        if caller is None:
            break
        expect(page.locator(f"#vote .rollcall li[data-actor='{caller}']")).to_have_attribute(
            "data-current", "true"
        )
        before = page.evaluate(CALL)
        if caller == "DEU":
            # The call waits at the top of the page, with a link to the ballot.
            expect(page.locator("#todo li[data-todo='rollcall']")).to_contain_text(
                "roll call has reached you"
            )
            choices = page.locator("#vote .vote-choices button")
            if not passed:
                expect(page.locator("#vote button[data-choice='pass']")).to_be_visible()
                page.locator("#vote button[data-choice='pass']").click()
                passed = True
            else:
                # Second call after a pass: only yes or no.
                expect(choices).to_have_count(2)
                page.locator("#vote button[data-choice='no']").click()
            wait_for_next_call(page, before)
        else:
            # Not our turn: no buttons, and the panel says who is being called.
            expect(page.locator("#vote .vote-choices")).to_have_count(0)
            expect(page.locator("#vote-why")).to_contain_text("not your turn")
            bots[caller].send("cast_vote", choice="yes")
            wait_for_next_call(page, before)
    assert passed
    chair.locator("#close-vote").click()
    expect(page.locator("#result-banner")).to_have_attribute("data-outcome", "adopted")
    expect(chair.locator("#result-banner")).to_contain_text(re.compile("adopted", re.I))
    assert not page.console_errors, page.console_errors
    assert not chair.console_errors, chair.console_errors
