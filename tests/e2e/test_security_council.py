"""Three delegates and a chair play the Security Council scenario in real Chromium.

The remaining twelve members of the Council are played over the WebSocket protocol, because a
Council decision needs nine affirmative votes (UN Charter Art. 27(2) and (3)).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from e2e_steps import ProtocolSeat, create_room_in_browser, join_in_browser
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SCENARIO = "Security Council"
BROWSER_SEATS = {
    "CHE": ("Ana", "Switzerland"),
    "USA": ("Ben", "United States"),
    "RUS": ("Chen", "Russia"),
}
COUNCIL = [
    "CHN",
    "FRA",
    "RUS",
    "GBR",
    "USA",
    "DZA",
    "ECU",
    "GUY",
    "JPN",
    "MLT",
    "MOZ",
    "KOR",
    "SLE",
    "SVN",
    "CHE",
]


# The README's pictures are remade only when asked (PLENARY_UPDATE_SCREENSHOTS=1), so a test run
# never changes files in the checkout; otherwise they go to test-results/ for a look.
SCREENSHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("PLENARY_UPDATE_SCREENSHOTS")
    else Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
)


def save_screenshot(page: Any, name: str) -> None:
    """docs/screenshots/{delegate,chair,projector}.png, shown in the README."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    page.evaluate("() => document.querySelectorAll('.toast').forEach((toast) => toast.remove())")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled")


def vote_in_browser(page: Any, choice: str) -> None:
    page.locator("#vote-card").wait_for(state="visible")
    page.locator(f"#vote .vote-choices button[data-choice='{choice}']").click()
    expect(page.locator("#my-vote")).to_be_visible()


def test_security_council_session_ends_in_a_veto_every_screen_shows(
    open_page: Any, base_url: str, view_checker: Any
) -> None:
    chair = open_page("/")
    code, chair_link = create_room_in_browser(chair, SCENARIO)
    chair.goto(chair_link)
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    projector = open_page(f"/projector/{code}", viewport={"width": 1920, "height": 1080})

    delegates: dict[str, Any] = {}
    for actor, (person, seat_name) in BROWSER_SEATS.items():
        page = open_page("/")
        join_in_browser(page, code, person, seat_name)
        delegates[actor] = page
    bots = {
        actor: ProtocolSeat(base_url, code, actor)
        for actor in COUNCIL
        if actor not in BROWSER_SEATS
    }
    che, usa, rus = delegates["CHE"], delegates["USA"], delegates["RUS"]

    # Attendance: the chair takes the roll; each delegate sees itself present.
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_have_text(re.compile(r"^18/18"))
    expect(che.locator("#my-seat")).to_contain_text("· present")

    # The chair releases an inject; the news reaches every screen.
    chair.locator("button[data-inject='leaked-orders']").click()
    for page in delegates.values():
        expect(page.locator("#news")).to_contain_text("Leaked documents")
    expect(projector.locator("#proj-news")).to_contain_text("Leaked documents")

    # A speech with a yield: Switzerland speaks and yields its time to the United States.
    che.locator("#add-me").click()
    expect(chair.locator("#speakers-list")).to_contain_text("Switzerland")
    chair.keyboard.press("n")  # shortcut: recognise the next speaker
    expect(che.locator("#my-speech")).to_be_visible()
    expect(projector.locator("#proj-speaker")).to_contain_text("Switzerland")
    che.locator("#yield-to-delegate").select_option("USA")
    che.locator("#yield-delegate").click()
    expect(usa.locator("#current-speaker")).to_contain_text("United States")
    expect(projector.locator("#proj-speaker")).to_contain_text("United States")
    expect(usa.locator("#current-speaker")).to_contain_text("United States")
    chair.locator("#call-time").click()
    expect(projector.locator("#proj-speaker")).to_contain_text("Nobody")

    # A motion for a moderated caucus, entertained and carried.
    usa.locator("#motion-moderated_caucus summary").click()
    usa.locator("#motion-moderated_caucus-minutes").fill("5")
    usa.locator("#motion-moderated_caucus-speaker_seconds").fill("30")
    usa.locator("#motion-moderated_caucus-topic").fill("Humanitarian access")
    usa.locator("#motion-moderated_caucus-submit").click()
    motion = chair.locator("#motion-queue li[data-kind='moderated_caucus']")
    expect(motion).to_be_visible()
    motion.locator("button[data-act='entertain']").click()
    motion.locator("button[data-act='open-vote']").click()
    for page in delegates.values():
        vote_in_browser(page, "yes")
    for bot in bots.values():
        bot.send("cast_vote", choice="yes")
    expect(projector.locator("#proj-voted-count")).to_have_text("15/15")
    chair.locator("#close-vote").click()
    for page in (*delegates.values(), projector):
        expect(page.locator("#proj-phase, #phase").first).to_contain_text("Moderated caucus")
    chair.locator("#end-caucus").click()

    # A friendly amendment to D1: the United States proposes, both sponsors accept.
    draft = usa.locator("#draft-D1")
    draft.locator(".amend-form summary").click()
    draft.locator("#amend-D1-action").select_option("modify")
    draft.locator("#amend-D1-target").select_option("OP4")
    new_text = "Requests the Secretary-General to report to the Council within 60 days;"
    draft.locator("#amend-D1-text").fill(new_text)
    draft.locator("#amend-D1-friendly").check()
    draft.locator("#amend-D1-submit").click()
    pending = che.locator("#draft-D1 li.amendment")
    expect(pending).to_be_visible()
    pending.locator("button[data-act='accept']").click()
    amendment_id = pending.get_attribute("data-amendment")
    bots["SLE"].send("accept_amendment", amendment_id=amendment_id)
    for page in delegates.values():
        expect(page.locator("#draft-D1 li[data-clause='OP4']")).to_contain_text("within 60 days")

    # Close debate, then vote on the draft: Russia votes no.
    che.locator("#motion-close_debate summary").click()
    che.locator("#motion-close_debate-submit").click()
    motion = chair.locator("#motion-queue li[data-kind='close_debate']")
    motion.locator("button[data-act='entertain']").click()
    motion.locator("button[data-act='open-vote']").click()
    for page in delegates.values():
        vote_in_browser(page, "yes")
    for bot in bots.values():
        bot.send("cast_vote", choice="yes")
    chair.locator("#close-vote").click()
    expect(chair.locator("#voting-order")).to_contain_text("D1")
    chair.locator("#open-vote").click()
    vote_in_browser(che, "yes")
    vote_in_browser(usa, "yes")
    for actor in ("CHN", "FRA", "GBR", "JPN", "SLE"):
        bots[actor].send("cast_vote", choice="yes")
    expect(chair.locator("#voted-count")).to_have_text("7/15")
    save_screenshot(rus, "delegate")
    save_screenshot(chair, "chair")
    vote_in_browser(rus, "no")
    for actor, bot in bots.items():
        if actor not in ("CHN", "FRA", "GBR", "JPN", "SLE"):
            bot.send("cast_vote", choice="yes")
    expect(projector.locator("#proj-voted-count")).to_have_text("15/15")
    chair.keyboard.press("c")  # shortcut: close the vote

    for page in (chair, projector, *delegates.values()):
        banner = page.locator(".result-banner[data-veto='true']")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("VETOED")
        expect(banner).to_contain_text("Russia")
        expect(banner).to_contain_text(re.compile("vetoed by RUS", re.I))
    save_screenshot(projector, "projector")
    # The scenario reacts to the failed draft with news.
    expect(che.locator("#news")).to_contain_text("Council fails to agree")
    for page in (chair, projector, *delegates.values()):
        assert page.evaluate("window.__xss") is None
        assert not page.console_errors, page.console_errors
    # Every state these screens got was checked against the view schema (conftest.py).
    assert view_checker.checked > 20, view_checker.checked
