"""Role sheets print (issue 13, item 5): Chromium's PDF printing at A4 and Letter gives exactly
one page per seat and one for the chair's script, and nothing on a sheet is cut off (no element
wider than its box, none beyond the printable width, no sheet taller than the printable height).
The chair opens them from the console; only the chair key reads them (they hold every brief)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHOTS = Path("/work/helpers/shots/kit-b")
MM = 96 / 25.4  # CSS pixels per millimetre
MARGIN_MM = 12  # the sheets' @page margin
PAPERS = {"a4": ("A4", 210, 297), "letter": ("Letter", 215.9, 279.4)}
ROOMS = [
    ("security-council-protection", "lesson-45"),
    ("general-assembly-2030", None),
    ("climate-summit", "lesson-45"),
    ("habitat-urban-agenda", "double-90"),
    ("tutorial", "lesson-45"),
]


def _room(base_url: str, scenario: str, variant: str | None) -> tuple[str, str, int]:
    created = httpx.post(
        f"{base_url}/api/rooms", json={"scenario_id": scenario, "variant_id": variant}
    ).json()
    seats = httpx.get(f"{base_url}/api/rooms/{created['code']}/seats").json()
    return created["code"], created["chair_key"], len(seats)


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize(("scenario", "variant"), ROOMS, ids=[s for s, _ in ROOMS])
def test_role_sheets_print_one_page_per_seat_with_nothing_cut_off(
    new_context: Any, base_url: str, scenario: str, variant: str | None, paper: str
) -> None:
    code, key, seats = _room(base_url, scenario, variant)
    name, width_mm, height_mm = PAPERS[paper]
    printable_width = round((width_mm - 2 * MARGIN_MM) * MM)
    printable_height = (height_mm - 2 * MARGIN_MM) * MM
    context = new_context(
        viewport={"width": printable_width, "height": 900},
        extra_http_headers={"Authorization": f"Bearer {key}"},
    )
    page = context.new_page()
    page.goto(f"/api/rooms/{code}/role-sheets.html?paper={paper}")
    page.emulate_media(media="print")
    sheets = page.locator("section.sheet")
    expect(sheets).to_have_count(seats + 1)
    expect(page.locator("section.seat-sheet .code").first).to_have_text(code)
    measured = page.evaluate(
        """() => [...document.querySelectorAll("section.sheet")].map((sheet) => {
            const box = sheet.getBoundingClientRect();
            const spilled = [...sheet.querySelectorAll("*")]
              .filter((node) => node.scrollWidth > node.clientWidth + 1
                      || node.getBoundingClientRect().right > box.right + 1)
              .map((node) => node.tagName + ": " + node.textContent.slice(0, 40));
            return { id: sheet.dataset.actor || "chair", height: box.height,
                     width: document.documentElement.scrollWidth, spilled };
        })"""
    )
    for sheet in measured:
        assert not sheet["spilled"], (sheet["id"], sheet["spilled"])
        assert sheet["height"] <= printable_height, (sheet["id"], sheet["height"])
        assert sheet["width"] <= printable_width, sheet
    pdf = page.pdf(format=name, print_background=True)
    assert _pdf_pages(pdf) == seats + 1, f"{_pdf_pages(pdf)} pages for {seats} seats + script"
    if scenario == "security-council-protection":
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / f"role-sheets-{paper}.pdf").write_bytes(pdf)
        page.screenshot(path=str(SHOTS / f"role-sheets-print-{paper}.png"), full_page=False)
        sheets.last.screenshot(path=str(SHOTS / f"chair-script-print-{paper}.png"))
    context.close()


def test_the_chair_opens_the_role_sheets_from_the_console_and_no_one_else_can(
    open_page: Any, base_url: str
) -> None:
    code, key, _ = _room(base_url, "security-council-protection", "lesson-45")
    page = open_page(f"/chair/{code}#key={key}")
    page.locator("#session").scroll_into_view_if_needed()
    with page.expect_popup() as popup:
        page.locator("#role-sheets-letter").click()
    sheets = popup.value
    france = sheets.locator('section.seat-sheet[data-actor="FRA"]')
    expect(france.locator("h1")).to_contain_text("France")
    expect(france).to_contain_text("Your brief")
    expect(france).to_contain_text("Your red lines")
    expect(france).to_contain_text("One 45-minute lesson")
    expect(france.locator(".rules")).to_contain_text("nine")
    script = sheets.locator("section.chair-script")
    expect(script).to_contain_text("Minute 20")
    expect(script).to_contain_text("A displacement camp is shelled")
    expect(script).to_contain_text("Release the leaked orders")
    for size, viewport in {"phone": (360, 740), "chromebook": (1366, 768),
                           "projector": (1920, 1080)}.items():
        sheets.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        SHOTS.mkdir(parents=True, exist_ok=True)
        sheets.screenshot(path=str(SHOTS / f"role-sheets-{size}.png"))
    sheets.close()
    for token in (None, "not-a-key"):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        refused = httpx.get(f"{base_url}/api/rooms/{code}/role-sheets.html", headers=headers)
        assert refused.status_code == 401
    seat = httpx.post(f"{base_url}/api/rooms/{code}/seats/FRA/claim", json={}).json()["token"]
    student = httpx.get(
        f"{base_url}/api/rooms/{code}/role-sheets.html",
        headers={"Authorization": f"Bearer {seat}"},
    )
    assert student.status_code == 403 and student.json()["detail"]["code"] == "chair_only"
