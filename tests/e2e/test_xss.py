"""Every user-written text is inserted as text: script payloads posted into every field never run.

Payloads go into display names, notes, points (spoken text), a right of reply, a motion's topic,
a draft's title and clauses, an amendment and its note, a chair's ruling and an uploaded
scenario's Markdown background and brief (its position, interests and what it may trade; its
allies are shown by name). The pages of both delegates, the chair and the
projector must show the payloads as literal text, with no <img>/<script> created and no dialog.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_steps import ProtocolSeat, join_in_browser
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PROJECT_ROOT = Path(__file__).resolve().parents[2]
IMG = "<img src=x onerror=\"window.__xss='img';alert(1)\">"
SCRIPT = "<script>window.__xss='script';alert(2)</script>"
PAYLOAD = f"{IMG}{SCRIPT}"
# Display names are at most 80 characters.
SHORT = "<img src=x onerror=alert(1)><script>alert(2)</script>"
LINK = "[click me](javascript:window.__xss='link')"


def hostile_scenario(tmp_path: Path) -> Path:
    text = (PROJECT_ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    # The tutorial's texts are in six languages: the payloads go in the English ones.
    background = "    background:\n      en: |\n"
    position = "  BGD:\n    position:\n      en: |\n"
    assert background in text and position in text
    text = text.replace(
        background, background + f"        Background {SHORT} and a {LINK}.\n\n", 1
    )
    text = text.replace(position, position + f"        Brief {SHORT}\n\n", 1)
    document = yaml.safe_load(text)
    document["briefs"]["BGD"].update(
        interests=[f"Interest {SHORT}", "Keep the early-warning fund"],
        allies=["KEN", "JPN"],
        may_trade=[f"Trade {SHORT}"],
    )
    for field in ("interests", "allies", "may_trade"):  # a brief without them: no empty rows
        document["briefs"]["KEN"].pop(field, None)
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def assert_nothing_ran(page: Any) -> None:
    assert page.evaluate("window.__xss") is None, "a payload ran"
    assert page.dialogs == [], f"a dialog opened: {page.dialogs}"
    selector = 'img[src="x"], main script, a[href^="javascript"]'
    injected = page.evaluate("(selector) => document.querySelectorAll(selector).length", selector)
    assert injected == 0, "a payload became markup"


def test_script_payloads_in_every_field_are_shown_as_text(
    open_page: Any, base_url: str, tmp_path: Path
) -> None:
    chair = open_page("/new")
    chair.locator("#scenario-file").set_input_files(str(hostile_scenario(tmp_path)))
    chair.get_by_role("button", name="Open the room").click()
    chair.locator("#room-created").wait_for()
    code = chair.locator("#created-code").inner_text().strip()
    chair.goto(chair.locator("#created-chair").get_attribute("href"))
    projector = open_page(f"/projector/{code}")

    bgd = open_page("/")
    join_in_browser(bgd, code, f"Ana {SHORT}", "Bangladesh")
    ken = open_page("/")
    join_in_browser(ken, code, f"Kofi {SHORT}", "Kenya")
    others = {
        actor: ProtocolSeat(base_url, code, actor, name=SHORT) for actor in ("BRA", "DEU", "JPN")
    }
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_have_text(re.compile(r"^5/5"))

    # The chair renames a seat: a display name typed by the chair.
    chair.locator("#seat-details summary").click()
    rename = chair.locator("#rename-DEU")
    rename.fill(f"Dieter {SHORT}")
    rename.press("Enter")

    # A note through the pouch.
    bgd.locator("#pouch summary").click()
    bgd.locator("#note-to-KEN").check()
    bgd.locator("#note-text").fill(f"Note {PAYLOAD}")
    bgd.locator("#note-send").click()
    expect(ken.locator("#pouch .note-body")).to_contain_text(f"Note {PAYLOAD}")

    # A point (spoken text), a right of reply and a motion topic.
    ken.locator("#point-parliamentary_inquiry summary").click()
    ken.locator("#point-parliamentary_inquiry-text").fill(f"Point {PAYLOAD}")
    ken.locator("#point-parliamentary_inquiry-submit").click()
    ruling = chair.locator("#points input").first
    ruling.fill(f"Ruling {PAYLOAD}")
    ruling.press("Enter")
    bgd.locator("#motion-moderated_caucus summary").click()
    bgd.locator("#motion-moderated_caucus-topic").fill(f"Topic {PAYLOAD}")
    bgd.locator("#motion-moderated_caucus-submit").click()
    expect(chair.locator("#motion-queue")).to_contain_text(f"Topic {PAYLOAD}")
    others["BRA"].send("request_right_of_reply", reason=f"Reply {PAYLOAD}")

    # A new draft, then an amendment with a note.
    ken.locator("#drafts summary", has_text="Write a new draft").click()
    ken.locator("#new-draft-title").fill(f"Title {PAYLOAD}")
    ken.locator("#new-draft-clauses").fill(f"Clause {PAYLOAD}\nSecond clause {SCRIPT}")
    ken.locator("#new-draft-submit").click()
    expect(bgd.locator("#drafts")).to_contain_text(f"Title {PAYLOAD}")
    draft = bgd.locator("article.draft").first
    draft_id = draft.get_attribute("data-draft")
    draft.locator(".amend-form summary").click()
    draft.locator(f"#amend-{draft_id}-text").fill(f"Amendment {PAYLOAD}")
    draft.locator(f"#amend-{draft_id}-note").fill(f"Why {PAYLOAD}")
    draft.locator(f"#amend-{draft_id}-submit").click()
    expect(chair.locator("#drafts")).to_contain_text(f"Amendment {PAYLOAD}")

    # Every page shows the payloads as text and ran none of them.
    expect(bgd.locator("#agenda")).to_contain_text(f"Background {SHORT} and a click me")
    expect(bgd.locator("#agenda")).to_contain_text("click me")
    expect(bgd.locator("#brief")).to_contain_text(f"Brief {SHORT}")
    expect(bgd.locator("#brief-interests li")).to_have_text(
        [f"Interest {SHORT}", "Keep the early-warning fund"]
    )
    expect(bgd.locator("#brief-allies li")).to_have_text(["Kenya", "Japan"])
    expect(bgd.locator("#brief-may-trade li")).to_have_text([f"Trade {SHORT}"])
    # Kenya's brief, once shown, has no such rows (its brief has none of the three).
    expect(ken.locator("#brief")).to_contain_text("both droughts and floods")
    assert ken.locator("#brief-interests, #brief-allies, #brief-may-trade").count() == 0
    assert f"Interest {SHORT}" not in ken.locator("body").inner_text()
    expect(chair.locator("#points, #log").first).to_be_visible()
    expect(chair.locator("#floor")).to_contain_text(f"Reply {PAYLOAD}")
    expect(chair.locator("#seats")).to_contain_text(f"Kofi {SHORT}")
    expect(chair.locator("#seats")).to_contain_text(f"Dieter {SHORT}")
    expect(ken.locator("#log")).to_contain_text(f"Ruling {PAYLOAD}")
    expect(bgd.locator("#my-seat")).to_contain_text(f"Ana {SHORT}")
    for page in (bgd, ken, chair, projector):
        assert_nothing_ran(page)
