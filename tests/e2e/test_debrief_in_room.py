"""The debrief from a live room in the browser: four bots and one student play the tutorial to a
vote; the chair opens the whole report, the student only Germany's part."""

from __future__ import annotations

from typing import Any

import pytest
from accessibility import assert_accessible
from e2e_steps import ProtocolSeat, claim_seat, create_room, http_json, open_seat_page
from screens import PHONE, no_sideways_scroll, save_screenshot

pytestmark = pytest.mark.e2e

BOTS = ["BGD", "BRA", "JPN", "KEN"]


def _play_to_a_vote(base_url: str, code: str, chair_key: str, student: ProtocolSeat) -> None:
    chair = ProtocolSeat(base_url, code, "chair", token=chair_key)
    for seat in BOTS:
        chair.send("assign_bot", seat=seat)  # bots answer the roll call at once
    student.send("record_attendance", member="DEU", status="present")
    student.send("pledge_vote", recipient="BGD", draft_id="D1", choice="yes")
    student.send("propose_motion", kind="move_to_vote", target="D1")
    view = http_json(base_url, "GET", f"/api/rooms/{code}/state", token=chair_key)["view"]
    chair.send("entertain_motion", motion_id=view["motions"][-1]["id"])
    chair.send("open_vote")  # the procedural motion: the bots vote inside the engine
    student.send("cast_vote", choice="yes")
    chair.send("close_vote")
    chair.send("open_vote", roll_call=False)  # Japan's bot amended OP1 from its brief: first
    student.send("cast_vote", choice="yes")
    chair.send("close_vote")
    chair.send("open_vote", roll_call=False)  # the draft itself
    student.send("cast_vote", choice="no")  # Germany breaks its pledge to Bangladesh
    chair.send("close_vote")


def _report(page: Any, opener: str) -> Any:
    with page.context.expect_page() as opened:
        page.locator(opener).click()
    report = opened.value
    report.wait_for_load_state()
    report.locator("#objectives").wait_for()
    return report


def test_chair_and_student_open_their_debriefs_from_the_room(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "tutorial")
    code, chair_key = room["code"], room["chair_key"]
    token = claim_seat(base_url, code, "DEU", "Dieter")
    _play_to_a_vote(base_url, code, chair_key, ProtocolSeat(base_url, code, "DEU", token=token))

    chair = open_page(f"/chair/{code}#key={chair_key}")
    chair.locator("#open-debrief").wait_for()
    full = _report(chair, "#open-debrief")
    assert "Chair's report" in full.locator("header").inner_text()
    assert full.locator("figure.chart svg polyline").count() >= 6
    delegations = full.locator("tr.objective").evaluate_all(
        "rows => [...new Set(rows.map(r => r.dataset.delegation))]"
    )
    assert set(delegations) == {"BGD", "BRA", "DEU", "JPN", "KEN"}
    assert full.locator('tr.pledge[data-status="broken"]').count() == 1

    assert_accessible(full, "the chair's debrief")
    # The student reads its part on a phone: every table fits 360 px, none scrolls sideways.
    student = open_page("/", **PHONE)
    open_seat_page(student, code, token)
    student.locator("#tab-me").tap()
    own = _report(student, "#open-debrief")
    assert "Report for Germany" in own.locator("header").inner_text()
    no_sideways_scroll(own)
    wide = own.evaluate(
        """() => [...document.querySelectorAll("table, tr, td")]
            .filter((node) => node.getBoundingClientRect().right > innerWidth + 1).length"""
    )
    assert wide == 0
    assert own.locator("tr.objective td[data-label='Objective']").count() >= 1
    assert_accessible(own, "a delegation's debrief on a phone")
    save_screenshot(own, "debrief-phone", full_page=True)
    own_rows = own.locator("tr.objective").evaluate_all(
        "rows => rows.map(r => r.dataset.delegation)"
    )
    assert own_rows and set(own_rows) == {"DEU"}
    results = own.locator("tr.objective").evaluate_all("rows => rows.map(r => r.dataset.result)")
    assert set(results) <= {"met", "unmet", "judged"}
    assert own.locator('tr.pledge[data-status="broken"]').count() == 1
    assert own.evaluate("() => window.__xss") is None


def test_projector_replays_the_session_at_speed(open_page: Any, base_url: str) -> None:
    room = create_room(base_url, "tutorial")
    code, chair_key = room["code"], room["chair_key"]
    token = claim_seat(base_url, code, "DEU", "Dieter")
    _play_to_a_vote(base_url, code, chair_key, ProtocolSeat(base_url, code, "DEU", token=token))
    projector = open_page(f"/projector/{code}?replay=100")
    projector.locator("#proj-replay-card").wait_for()
    projector.locator("#proj-replay li.done").wait_for(timeout=20_000)
    lines = projector.locator("#proj-replay li").all_inner_texts()
    assert any("Draft" in line or "D1" in line for line in lines), lines
    # A pledge is private: the projector's replay never shows it.
    assert projector.locator('#proj-replay li[data-type="pledge_made"]').count() == 0
