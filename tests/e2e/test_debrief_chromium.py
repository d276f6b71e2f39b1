"""The debrief report in a real Chromium: its charts are drawn, its objectives are evaluated, and
it prints to PDF. The page is rendered from a bot session of the Security Council scenario and
opened as a file, so no server is needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.debrief.render import render_debrief
from game_rules.report.debrief import build_debrief, for_delegation
from game_rules.report.simulate import simulate
from game_rules.scenario.setup import load_scenario

pytestmark = pytest.mark.e2e

COUNCIL = Path(__file__).resolve().parents[2] / "scenarios" / "security-council-protection.yaml"


@pytest.fixture(scope="module")
def council_debrief() -> Any:
    scenario = load_scenario(COUNCIL)
    result = simulate(scenario, seed=2)
    return build_debrief(scenario, result.start, result.events, state=result.state)


def _open(browser: Any, tmp_path: Path, html: str) -> Any:
    page_file = tmp_path / "debrief.html"
    page_file.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(page_file.as_uri())
    page.console_errors = errors
    return page


def test_debrief_charts_are_drawn_for_every_place_and_dimension(
    browser: Any, tmp_path: Path, council_debrief: Any
) -> None:
    page = _open(browser, tmp_path, render_debrief(council_debrief))
    try:
        charts = page.locator("figure.chart")
        assert charts.count() == len(council_debrief.indicators) == 13
        vell_personal = page.locator('figure.chart[data-place="VELL"][data-dimension="personal"]')
        box = vell_personal.locator("svg polyline").bounding_box()
        assert box is not None and box["width"] > 100
        points = vell_personal.locator("svg polyline").get_attribute("points") or ""
        assert len(points.split()) > 4  # the line moves: drift, the camp attack, the mission
        assert "Personal" in vell_personal.locator("figcaption").inner_text()
        labels = page.locator("figure.chart svg[role=img]").evaluate_all(
            "svgs => svgs.map(s => s.getAttribute('aria-label'))"
        )
        assert all(label and "at the start" in label for label in labels)
        assert page.console_errors == []
    finally:
        page.context.close()


def test_debrief_objectives_are_evaluated_with_evidence(
    browser: Any, tmp_path: Path, council_debrief: Any
) -> None:
    page = _open(browser, tmp_path, render_debrief(council_debrief))
    try:
        rows = page.locator("table[data-testid=objectives] tr.objective")
        assert rows.count() == len(council_debrief.objectives)
        results = rows.evaluate_all("rows => rows.map(r => r.dataset.result)")
        assert set(results) <= {"met", "unmet", "judged"}
        assert "met" in results and "unmet" in results
        karevia = page.locator('tr.objective[data-delegation="KRV"]').first
        assert karevia.locator("td").nth(4).inner_text().strip() != ""
        assert page.get_by_text("Questions for discussion").is_visible()
    finally:
        page.context.close()


def test_a_delegation_sees_only_its_own_objectives_and_pledges(
    browser: Any, tmp_path: Path, council_debrief: Any
) -> None:
    page = _open(browser, tmp_path, render_debrief(for_delegation(council_debrief, "KRV")))
    try:
        delegations = page.locator("tr.objective").evaluate_all(
            "rows => [...new Set(rows.map(r => r.dataset.delegation))]"
        )
        assert delegations == ["KRV"]
        assert "Report for Republic of Karevia" in page.locator("header").inner_text()
    finally:
        page.context.close()


def test_debrief_prints_to_pdf_with_its_charts(
    browser: Any, tmp_path: Path, council_debrief: Any
) -> None:
    page = _open(browser, tmp_path, render_debrief(council_debrief))
    try:
        page.emulate_media(media="print")
        assert page.locator(".print-hint").is_hidden()
        assert page.locator("figure.chart svg").first.is_visible()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    finally:
        page.context.close()
