"""Position papers end to end in Chromium (issue 13, item 3): Kenya's student, on a phone,
gets a clear error for a paper over the limit, then submits one in Markdown; the chair, in
another browser, reads it (Markdown shown as text and emphasis, never as HTML), scores it on
the rubric and exports the CSV; the student sees the score, and both debriefs show it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from e2e_steps import claim_seat, create_room, open_seat_page
from playwright.sync_api import expect
from screens import PHONE, SIZES, no_sideways_scroll

pytestmark = pytest.mark.e2e

SHOTS = Path("/work/helpers/shots/kit-b")
PAPER = (
    "# Kenya's position\n\nKenya asks for **early warnings** in every county.\n\n"
    "- Warnings in Swahili and English\n- <b>not bold</b> stays text\n"
)


def _report(page: Any, opener: str) -> Any:
    with page.context.expect_page() as opened:
        page.locator(opener).click()
    report = opened.value
    report.wait_for_load_state()
    return report


def test_a_paper_is_submitted_scored_exported_and_debriefed(
    new_context: Any, base_url: str, tmp_path: Path
) -> None:
    room = create_room(base_url, "tutorial")
    code, key = room["code"], room["chair_key"]
    token = claim_seat(base_url, code, "KEN", "Wanjiru")
    student = new_context(**PHONE).new_page()
    open_seat_page(student, code, token)
    student.locator("#tab-me").click()
    text = student.get_by_label("Your position paper")
    expect(text).to_be_visible()
    text.fill("a" * 20_001)
    expect(student.locator("#paper-count")).to_have_text("20,001 of 20,000 characters")
    student.get_by_role("button", name="Submit the paper").click()
    expect(student.locator("#paper-error")).to_have_text(
        "A position paper may be at most 20,000 characters. Shorten it and submit again."
    )
    expect(text).to_have_attribute("aria-invalid", "true")
    text.fill(PAPER)
    student.get_by_role("button", name="Preview").click()
    expect(student.locator("#paper-preview strong")).to_have_text("early warnings")
    expect(student.locator("#paper-preview")).to_contain_text("<b>not bold</b> stays text")
    student.get_by_role("button", name="Submit the paper").click()
    expect(student.locator("#paper-submitted")).to_contain_text(f"({len(PAPER)} characters)")
    expect(student.locator("#paper-error")).to_be_hidden()
    SHOTS.mkdir(parents=True, exist_ok=True)
    no_sideways_scroll(student)
    student.locator("#paper-card").screenshot(path=str(SHOTS / "paper-student-phone.png"))

    chair = new_context(viewport=SIZES["chromebook"], accept_downloads=True).new_page()
    chair.goto(f"/chair/{code}#key={key}")
    papers = chair.locator("#papers")
    papers.get_by_role("button", name="Refresh").click()
    expect(chair.locator("#papers-summary")).to_have_text(
        "1 of 5 seats has submitted a paper; 0 scored."
    )
    kenya = papers.locator('li.paper[data-actor="KEN"]')
    kenya.locator("summary").click()
    expect(kenya).to_contain_text("Submitted by Wanjiru")
    expect(kenya.locator(".paper-text strong")).to_have_text("early warnings")
    expect(kenya.locator(".paper-text b")).to_have_count(0)
    for criterion, score in (("Preparation", "4"), ("Diplomacy", "3"),
                             ("Use of procedure", "2"), ("Use of evidence", "3")):
        kenya.get_by_label(criterion).select_option(score)
    kenya.get_by_label("Comment (the seat sees it)").fill("Clear asks; cite the WMO.")
    kenya.get_by_role("button", name="Save the score").click()
    expect(papers.locator('li.paper[data-actor="KEN"] summary')).to_contain_text("score 12 of 16")
    expect(chair.locator("#papers-summary")).to_have_text(
        "1 of 5 seats has submitted a paper; 1 scored."
    )
    papers.locator('li.paper[data-actor="KEN"] summary').click()
    papers.scroll_into_view_if_needed()
    for size in ("chromebook", "projector", "phone"):
        chair.set_viewport_size(SIZES[size])
        chair.locator("#papers-card").screenshot(path=str(SHOTS / f"papers-chair-{size}.png"))
    chair.set_viewport_size(SIZES["chromebook"])
    with chair.expect_download() as downloaded:
        chair.locator("#papers-csv").click()
    saved = tmp_path / "papers.csv"
    downloaded.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert [row["seat"] for row in rows] == ["BGD", "BRA", "DEU", "JPN", "KEN"]
    assert rows[-1] == {
        **rows[-1], "delegation": "Kenya", "submitted_by": "Wanjiru", "preparation": "4",
        "diplomacy": "3", "procedure": "2", "evidence": "3", "total": "12",
        "comment": "Clear asks; cite the WMO.", "paper": PAPER,
    }
    assert rows[0]["characters"] == "0" and rows[0]["total"] == ""

    student.reload()
    student.locator("#tab-me").click()
    expect(student.locator("#paper-score")).to_contain_text("The chair's score: 12 of 16")
    expect(student.locator("#paper-score")).to_contain_text("Comment: Clear asks; cite the WMO.")

    full = _report(chair, "#open-debrief")
    expect(full.locator('#papers article[data-delegation="KEN"] h3')).to_contain_text(
        "score 12 of 16"
    )
    expect(full.locator("#papers .paper-text strong")).to_have_text("early warnings")
    own = _report(student, "#open-debrief")
    expect(own.locator("#papers article")).to_have_count(1)
    kenya_part = own.locator('#papers article[data-delegation="KEN"]')
    expect(kenya_part).to_contain_text("Use of evidence: 3/4")
