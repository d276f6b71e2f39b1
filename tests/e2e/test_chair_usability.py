"""What a teacher running the chair console needs beyond the happy path: the activity log comes
back after a reload, attendance fits on one line per delegation at 1280 px, a vote's deadline can
be extended with a button, and the transcript export really downloads a file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from e2e_steps import ProtocolSeat, claim_seat, create_room, open_seat_page
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def open_chair(open_page: Any, room: dict[str, Any], **options: Any) -> Any:
    page = open_page(f"/chair/{room['code']}#key={room['chair_key']}", **options)
    expect(page.locator("#connection")).to_have_attribute("data-state", "open")
    return page


def test_the_chair_log_comes_back_after_a_reload_without_missed_badges_or_toasts(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "tutorial")
    chair = open_chair(open_page, room)
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_have_text(re.compile(r"^5/5"))
    ProtocolSeat(base_url, room["code"], "KEN").send("propose_motion", kind="close_debate")
    expect(chair.locator("#log")).to_contain_text("Kenya moved")
    before = chair.locator("#log li").all_inner_texts()

    chair.reload()
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    expect(chair.locator("#log li")).to_have_count(len(before))
    # Newest first, named by delegation (the names come from the state that follows the replay).
    assert chair.locator("#log li").all_inner_texts() == before
    expect(chair.locator("#log li").first).to_contain_text("Kenya moved")
    expect(chair.locator("#log .badge")).to_have_count(0)  # history is not "missed while offline"
    chair.wait_for_timeout(500)
    expect(chair.locator(".toast-text", has_text="moved")).to_have_count(0)

    # A delegate's page gets the log back too.
    student = open_page("/")
    open_seat_page(student, room["code"], claim_seat(base_url, room["code"], "JPN", "Jun"))
    expect(student.locator("#log")).to_contain_text("Kenya moved")
    expect(student.locator("#log")).to_contain_text("Japan is present")
    for page in (chair, student):
        assert not page.console_errors, page.console_errors


def test_attendance_rows_keep_name_and_buttons_on_one_line_at_1280_pixels(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "security-council-protection")
    chair = open_chair(open_page, room, viewport={"width": 1280, "height": 800})
    rows = chair.locator(".attendance-row")
    expect(rows.first).to_be_visible()
    for index in range(rows.count()):
        row = rows.nth(index)
        name_box = row.locator("> span").first.bounding_box()
        buttons_box = row.locator(".choice").bounding_box()
        assert name_box and buttons_box
        label = row.get_attribute("data-actor")
        # Side by side: the buttons share the name's line(s) instead of wrapping below it.
        assert buttons_box["y"] < name_box["y"] + name_box["height"], f"{label}: buttons wrapped"
        assert buttons_box["y"] + buttons_box["height"] > name_box["y"], label
        assert buttons_box["x"] >= name_box["x"] + name_box["width"] - 1, label
        # No name is broken inside a word: its cell is wide enough for "Bangladesh"-sized names.
        assert name_box["width"] >= 110, f"{label}: name cell only {name_box['width']:.0f} px"


def test_the_vote_panel_extends_a_vote_deadline_with_a_button(
    open_page: Any, base_url: str, tmp_path: Path
) -> None:
    text = (PROJECT_ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    assert "      speaking_time: 60\n" in text
    scenario = tmp_path / "timed-votes.yaml"
    scenario.write_text(
        text.replace(
            "      speaking_time: 60\n", "      speaking_time: 60\n      vote_time_limit: 120\n"
        ),
        encoding="utf-8",
    )
    teacher = open_page("/new")
    teacher.locator("#scenario-file").set_input_files(str(scenario))
    teacher.get_by_role("button", name="Open the room").click()
    expect(teacher.locator("#room-created")).to_be_visible()
    code = teacher.locator("#created-code").inner_text().strip()
    teacher.goto(teacher.locator("#created-chair").get_attribute("href") or "")
    expect(teacher.locator("#connection")).to_have_attribute("data-state", "open")

    teacher.locator("#all-present").click()
    expect(teacher.locator("#attendance-summary")).to_have_text(re.compile(r"^5/5"))
    ProtocolSeat(base_url, code, "BGD").send("propose_motion", kind="close_debate")
    motion = teacher.locator("#motion-queue li[data-kind='close_debate']")
    motion.locator("button[data-act='entertain']").click()
    motion.locator("button[data-act='open-vote']").click()

    countdown = teacher.locator("#vote [data-deadline]")
    expect(countdown).to_be_visible()
    deadline = float(countdown.get_attribute("data-deadline") or 0)
    # The floor panel no longer offers "+30 s" for the vote: the button sits by the countdown.
    expect(teacher.locator("#floor #extend-30")).to_have_count(0)
    extend = teacher.locator("#extend-vote-30")
    expect(extend).to_have_accessible_name("+30 s to vote")
    extend.click()
    teacher.wait_for_function(
        "(old) => Number(document.querySelector('#vote [data-deadline]').dataset.deadline) > old",
        arg=deadline,
    )
    extended = float(countdown.get_attribute("data-deadline") or 0)
    assert extended == pytest.approx(deadline + 30, abs=0.01)
    assert not teacher.console_errors, teacher.console_errors


def test_the_transcript_export_downloads_a_file(open_page: Any, base_url: str) -> None:
    room = create_room(base_url, "tutorial")
    chair = open_chair(open_page, room)
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_have_text(re.compile(r"^5/5"))
    with chair.expect_download() as download_info:
        chair.locator("#export-md").click()
    download = download_info.value
    assert download.suggested_filename == f"plenary-{room['code']}.md"
    transcript = Path(download.path()).read_text(encoding="utf-8")
    assert "Kenya" in transcript
    with chair.expect_download() as download_info:
        chair.locator("#save-debrief").click()
    assert download_info.value.suggested_filename == f"plenary-{room['code']}-debrief.html"
    assert "<html" in Path(download_info.value.path()).read_text(encoding="utf-8").lower()
    assert not chair.console_errors, chair.console_errors
