"""The facilitator's new-room page: bundled scenarios with summaries and levels, and a scenario
upload whose errors are shown with their line numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_new_room_lists_bundled_scenarios_with_summary_and_level(open_page: Any) -> None:
    page = open_page("/new")
    tutorial = page.locator(".scenario-card", has_text="Tutorial")
    expect(tutorial).to_be_visible()
    expect(tutorial).to_contain_text("Level: secondary")
    expect(tutorial).to_contain_text("Five delegations")
    expect(page.locator(".scenario-card", has_text="Security Council")).to_be_visible()
    # The tutorial comes first and is chosen by default: the newcomer's path.
    expect(page.locator(".scenario-card input[type=radio]").first).to_be_checked()
    expect(page.locator(".scenario-card").first).to_contain_text("Tutorial")


def test_upload_errors_are_shown_with_their_line_numbers(open_page: Any, tmp_path: Path) -> None:
    text = (PROJECT_ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    broken = text.replace("level: secondary", "level: kindergarten", 1)
    line = next(n for n, row in enumerate(broken.splitlines(), start=1) if "kindergarten" in row)
    path = tmp_path / "my-scenario.yaml"
    path.write_text(broken, encoding="utf-8")

    page = open_page("/new")
    page.locator("#scenario-file").set_input_files(str(path))
    page.get_by_role("button", name="Open the room").click()
    errors = page.locator("#new-room-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text(f"my-scenario.yaml, line {line}")
    expect(errors).to_contain_text("kindergarten")
    expect(errors).to_contain_text("secondary")
    expect(page.locator("#room-created")).to_be_hidden()
    # The 422 answer itself is logged by Chromium; nothing else may be.
    unexpected = [e for e in page.console_errors if "status of 422" not in e]
    assert not unexpected, unexpected
