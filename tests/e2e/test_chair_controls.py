"""The chair's controls in real Chromium: extending the timer (every screen's countdown grows),
ordering unfriendly amendments, declaring an amendment friendly, and the double veto's
"dispute that a motion is procedural" control on a Council member's screen.

The Security Council scenario is used; delegations not shown in a browser are played over the
WebSocket protocol, and so is the chair where the subject is not the chair console.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_steps import ProtocolSeat, claim_seat, create_room, http_json, open_seat_page
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

COUNCIL = ("CHN", "FRA", "RUS", "GBR", "USA", "DZA", "ECU", "GUY", "JPN", "MLT", "MOZ", "KOR")


def deadline_of(page: Any, selector: str) -> float:
    timer = page.locator(selector).first
    expect(timer).to_be_visible()
    return float(timer.get_attribute("data-deadline"))


def seconds_shown(page: Any, selector: str) -> int:
    """The countdown as the screen shows it ("2:01" is 121 seconds)."""
    minutes, seconds = page.locator(selector).first.inner_text().strip().split(":")
    return int(minutes) * 60 + int(seconds)


def wait_for_deadline(page: Any, selector: str, expected: float) -> None:
    page.wait_for_function(
        """([selector, expected]) => {
          const timer = document.querySelector(selector);
          return timer && Math.abs(Number(timer.dataset.deadline) - expected) < 0.01;
        }""",
        arg=[selector, expected],
    )


def open_council(open_page: Any, base_url: str) -> tuple[dict[str, Any], Any, Any]:
    room = create_room(base_url, "security-council-protection")
    code = room["code"]
    chair = open_page(room["chair_url"])
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    chair.locator("#all-present").click()
    # Every member recorded present before anyone acts (15 commands are in flight otherwise).
    expect(chair.locator("#attendance-summary")).to_contain_text(re.compile(r"^(\d+)/\1 present"))
    return room, code, chair


def test_chair_extends_the_speakers_time_and_every_countdown_grows(
    open_page: Any, base_url: str
) -> None:
    room, code, chair = open_council(open_page, base_url)
    projector = open_page(f"/projector/{code}", viewport={"width": 1920, "height": 1080})
    delegate = open_page("/")
    open_seat_page(delegate, code, claim_seat(base_url, code, "CHE", "Ana"))
    chair_seat = ProtocolSeat(base_url, code, "chair", token=room["chair_key"])
    expect(
        chair.locator(".attendance-row[data-actor='CHE'] button[aria-pressed='true']")
    ).to_have_attribute("data-status", "present")

    delegate.locator("#add-me").click()
    expect(chair.locator("#speakers-list")).to_contain_text("Switzerland")
    chair_seat.send("recognize_speaker")
    timers = {
        chair: "#floor [role='timer']",
        delegate: "#current-speaker ~ [role='timer'], .floor-now [role='timer']",
        projector: ".proj-timer",
    }
    start = deadline_of(chair, timers[chair])
    for page, selector in timers.items():
        wait_for_deadline(page, selector, start)

    shown = {page: seconds_shown(page, selector) for page, selector in timers.items()}
    chair.locator("#extend-30").click()
    for page, selector in timers.items():
        wait_for_deadline(page, selector, start + 30)
        # The countdown on the screen jumped up by about 30 s (a second or two has passed).
        assert seconds_shown(page, selector) >= shown[page] + 25
    chair.locator("#extend-60").click()
    for page, selector in timers.items():
        wait_for_deadline(page, selector, start + 90)
    # The keyboard shortcut gives 30 s more; so does an extension while the clock is paused.
    chair.locator("body").click(position={"x": 5, "y": 5})
    chair.keyboard.press("+")
    for page, selector in timers.items():
        wait_for_deadline(page, selector, start + 120)
    chair.keyboard.press("p")
    for page in timers:
        expect(page.locator("#phase, #proj-phase").first).to_contain_text("paused")
    frozen = {page: seconds_shown(page, selector) for page, selector in timers.items()}
    chair.locator("#extend-30").click()
    for page, selector in timers.items():
        wait_for_deadline(page, selector, start + 150)
        # Paused: the frozen countdown shows exactly 30 s more.
        assert abs(seconds_shown(page, selector) - (frozen[page] + 30)) <= 1
    expect(chair.locator("#log")).to_contain_text("30 more seconds")
    for page in (chair, delegate, projector):
        assert page.evaluate("window.__xss") is None
        assert not page.console_errors, page.console_errors


def test_chair_orders_unfriendly_amendments_and_rules_one_friendly(
    open_page: Any, base_url: str
) -> None:
    _, code, chair = open_council(open_page, base_url)
    bots = {actor: ProtocolSeat(base_url, code, actor) for actor in ("USA", "CHN", "ECU")}
    bots["USA"].send(
        "propose_amendment",
        draft_id="D1",
        action="modify",
        target_clause="OP4",
        clause={"text": "Requests a report within 60 days;"},
    )
    bots["CHN"].send("propose_amendment", draft_id="D1", action="delete", target_clause="OP2")
    bots["ECU"].send(
        "propose_amendment",
        draft_id="D1",
        action="add",
        clause={"text": "Decides to remain seized;"},
    )
    view = http_json(base_url, "GET", f"/api/rooms/{code}/state")["view"]
    amendments = {a["proposer"]: a["id"] for a in view["amendments"]}
    modify, delete, add = amendments["USA"], amendments["CHN"], amendments["ECU"]
    order = chair.locator("ol[data-amendment-order='D1'] > li.amendment")
    expect(order).to_have_count(3)
    assert order.evaluate_all("(rows) => rows.map((r) => r.dataset.amendment)") == [
        delete,
        modify,
        add,
    ]

    # The chair rules that the modification is furthest removed: it moves up, to the top.
    chair.locator(f"li.amendment[data-amendment='{modify}'] button[data-act='move-up']").click()
    expect(order.first).to_have_attribute("data-amendment", modify)
    assert order.evaluate_all("(rows) => rows.map((r) => r.dataset.amendment)") == [
        modify,
        delete,
        add,
    ]
    view = http_json(base_url, "GET", f"/api/rooms/{code}/state")["view"]
    d1 = next(d for d in view["drafts"] if d["id"] == "D1")
    assert d1["amendment_voting_order"] == [modify, delete, add]
    expect(chair.locator("#log")).to_contain_text("set the order of the votes")

    # The sponsors (Switzerland, Sierra Leone) say on the floor they accept Ecuador's addition.
    chair.locator(f"li.amendment[data-amendment='{add}'] button[data-act='rule-friendly']").click()
    expect(chair.locator("#drafts")).to_contain_text("Decides to remain seized;")
    expect(order).to_have_count(2)
    assert not chair.console_errors, chair.console_errors


def test_council_member_disputes_that_a_motion_is_procedural(open_page: Any, base_url: str) -> None:
    _, code, chair = open_council(open_page, base_url)
    russia = open_page("/")
    open_seat_page(russia, code, claim_seat(base_url, code, "RUS", "Chen"))
    ProtocolSeat(base_url, code, "JPN").send("propose_motion", kind="adjourn_debate")
    control = russia.locator("#contest-procedural")
    expect(control).to_be_visible()
    expect(control).to_contain_text("double veto")
    control.locator("li[data-contest] button").first.click()
    expect(chair.locator("#motion-queue [data-contested='RUS']")).to_contain_text(
        "disputed by Russian Federation"
    )
    expect(control.locator("li[data-contest]").first).to_contain_text("disputed")
    expect(chair.locator("#contest-procedural")).to_be_visible()
    assert not russia.console_errors, russia.console_errors
