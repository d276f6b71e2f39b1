"""Three delegates and a chair play the Security Council scenario in real Chromium.

The remaining twelve members of the Council are played over the WebSocket protocol, because a
Council decision needs nine affirmative votes (UN Charter Art. 27(2) and (3)).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from accessibility import assert_accessible
from e2e_steps import ProtocolSeat, create_room_in_browser, join_in_browser
from playwright.sync_api import expect
from screens import (
    PHONE,
    SIZES,
    fits_the_screen,
    no_sideways_scroll,
    nothing_overflows,
    save_screenshot,
)

pytestmark = pytest.mark.e2e

SCENARIO = "Security Council"
BROWSER_SEATS = {
    "CHE": ("Ana", "Switzerland"),
    "USA": ("Ben", "United States"),
    "RUS": ("Chen", "Russia"),
}
# Russia's delegate is on a 360-pixel phone, the chair on a 1366 x 768 Chromebook, the wall at
# 1920 x 1080 (and 1366 x 768, another classroom's projector).
DEVICES = {"CHE": {"viewport": SIZES["laptop"]}, "USA": {"viewport": SIZES["laptop"]}, "RUS": PHONE}
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


def vote_in_browser(page: Any, choice: str) -> None:
    page.locator("#vote-card").wait_for(state="visible")
    page.locator(f"#vote .vote-choices button[data-choice='{choice}']").click()
    expect(page.locator("#my-vote")).to_be_visible()


def tally_cells(page: Any, scope: str) -> list[str]:
    return list(
        page.locator(f"{scope} .tally .cell:not([data-choice='voted'])").evaluate_all(
            "(cells) => cells.map((cell) => cell.dataset.choice)"
        )
    )


def allowed_choices(page: Any) -> list[str]:
    """The engine's ``vote.allowed``, with its 'with rights' variants under their choice."""
    return list(
        page.evaluate(
            """() => [...new Set(window.plenary.view.vote.allowed
                .map((c) => c.replace(/_with_rights$/, "")))]"""
        )
    )


def test_security_council_session_ends_in_a_veto_every_screen_shows(
    open_page: Any, base_url: str, view_checker: Any
) -> None:
    chair = open_page("/", viewport=SIZES["chromebook"])
    code, chair_link = create_room_in_browser(chair, SCENARIO)
    chair.goto(chair_link)
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    projector = open_page(f"/projector/{code}", viewport=SIZES["projector"])

    delegates: dict[str, Any] = {}
    for actor, (person, seat_name) in BROWSER_SEATS.items():
        page = open_page("/", **DEVICES[actor])
        join_in_browser(page, code, person, seat_name)
        delegates[actor] = page
    bots = {
        actor: ProtocolSeat(base_url, code, actor)
        for actor in COUNCIL
        if actor not in BROWSER_SEATS
    }
    che, usa, rus = delegates["CHE"], delegates["USA"], delegates["RUS"]
    # The wall's lobby showed the seats filling up; the session begins with the roll.
    expect(projector.locator("#lobby-seats-heading")).to_have_text("15 of 19 seats taken")

    # Attendance: the chair takes the roll; each delegate sees itself present.
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_have_text(re.compile(r"^19/19"))
    expect(che.locator("#my-seat")).to_contain_text("· present")

    # The chair releases an inject; the news reaches every screen.
    chair.locator("button[data-inject='leaked-orders']").click()
    for page in delegates.values():
        expect(page.locator("#news")).to_contain_text("Leaked documents")

    # A speech with a yield: Switzerland speaks and yields its time to the United States,
    # whose page puts it at the top: the floor is theirs.
    che.locator("#add-me").click()
    expect(chair.locator("#speakers-list")).to_contain_text("Switzerland")
    chair.keyboard.press("n")  # shortcut: recognise the next speaker
    expect(che.locator("#my-speech")).to_be_visible()
    expect(projector.locator("#proj-speaker")).to_contain_text("Switzerland")
    expect(projector.locator("#lobby")).to_be_hidden()
    expect(projector.locator("#proj-news")).to_contain_text("Leaked documents")
    che.locator("#yield-to-delegate").select_option("USA")
    che.locator("#yield-delegate").click()
    expect(usa.locator("#current-speaker")).to_contain_text("United States")
    expect(usa.locator("#todo li[data-todo='floor']")).to_contain_text("Switzerland yielded")
    expect(projector.locator("#proj-speaker")).to_contain_text("United States")
    chair.locator("#call-time").click()
    expect(projector.locator("#proj-speaker")).to_contain_text("Nobody")
    expect(usa.locator("#todo")).to_be_hidden()

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
    # A procedural vote: the tally has a cell for each choice the rule allows, and no other.
    expect(projector.locator("#proj-vote-card")).to_be_visible()
    for page, scope in ((projector, "#proj-vote"), (chair, "#vote"), (che, "#vote")):
        assert tally_cells(page, scope) == allowed_choices(page)
    for page in delegates.values():
        vote_in_browser(page, "yes")
    for bot in bots.values():
        bot.send("cast_vote", choice="yes")
    expect(projector.locator("#proj-voted-count")).to_have_text("15/15")
    nothing_overflows(projector, "#proj-vote .tally .cell")
    fits_the_screen(projector, "#proj-vote-card")
    # Every chip says its choice in a word and a shape, not only in green.
    expect(projector.locator("#proj-vote li[data-actor='RUS']")).to_contain_text("✔ Yes")
    chair.locator("#close-vote").click()
    for page in (*delegates.values(), projector):
        expect(page.locator("#proj-phase, #phase").first).to_contain_text("Moderated caucus")
    banner = chair.locator("#result-banner")
    expect(banner).to_have_attribute("data-outcome", "adopted")
    # The verdict is said once.
    assert banner.inner_text().lower().count("adopted") <= 1, banner.inner_text()
    chair.locator("#end-caucus").click()

    # A friendly amendment to D1: the United States proposes; each sponsor's page puts the
    # acceptance at the top, with a link to it (far down a phone's page otherwise).
    draft = usa.locator("#draft-D1")
    draft.locator(".amend-form summary").click()
    draft.locator("#amend-D1-action").select_option("modify")
    draft.locator("#amend-D1-target").select_option("OP4")
    new_text = "Requests the Secretary-General to report to the Council within 60 days;"
    draft.locator("#amend-D1-text").fill(new_text)
    draft.locator("#amend-D1-friendly").check()
    draft.locator("#amend-D1-submit").click()
    todo = che.locator("#todo li[data-todo^='amendment-']")
    expect(todo).to_contain_text("needs your acceptance")
    todo.get_by_role("link", name="Go there").click()
    pending = che.locator("#draft-D1 li.amendment")
    expect(pending).to_be_focused()
    pending.locator("button[data-act='accept']").click()
    # The accepted amendment's buttons are gone: focus stays in the draft, not on <body>.
    expect(che.locator("#todo")).to_be_hidden()
    assert che.evaluate("() => document.activeElement.closest('#draft-D1') !== null")
    amendment_id = pending.get_attribute("data-amendment")
    bots["SLE"].send("accept_amendment", amendment_id=amendment_id)
    for page in delegates.values():
        expect(page.locator("#draft-D1 li[data-clause='OP4']")).to_contain_text("within 60 days")

    # France moves an unfriendly amendment; it is voted before the draft.
    amended = "Demands that all parties cease hostilities at once and enter an inclusive dialogue;"
    bots["FRA"].send(
        "propose_amendment", draft_id="D1", action="modify", target_clause="OP1",
        clause={"kind": "operative", "text": amended}, friendly=False, note="",
    )

    # Close debate, then vote: the amendment first, its text on every screen.
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
    for page, where in ((projector, "#proj-vote"), (chair, "#vote"), (rus, "#vote")):
        expect(page.locator(f"{where} .vote-subject")).to_contain_text(amended)
    fits_the_screen(projector, "#proj-vote-card")
    for page in delegates.values():
        vote_in_browser(page, "abstain" if page is rus else "yes")
    for bot in bots.values():
        bot.send("cast_vote", choice="yes")
    chair.locator("#close-vote").click()
    expect(chair.locator("#result-banner")).to_be_visible()

    # The draft. Russia's delegate is warned before casting: a No from it is a veto.
    chair.locator("#open-vote").click()
    vote_in_browser(che, "yes")
    vote_in_browser(usa, "yes")
    for actor in ("CHN", "FRA", "GBR", "JPN", "SLE"):
        bots[actor].send("cast_vote", choice="yes")
    expect(chair.locator("#voted-count")).to_have_text("7/15")
    expect(rus.locator("#veto-warning")).to_contain_text("a No from you is a veto")
    expect(rus.locator("#veto-warning")).to_contain_text("an abstention is not a veto")
    save_screenshot(rus, "delegate")
    rus.locator("#vote button[data-choice='no']").click()
    confirm = rus.locator("#veto-confirm")
    expect(confirm).to_contain_text("vetoes the draft")
    expect(rus.locator("#veto-confirm-button")).to_be_focused()
    # Nothing was cast yet: the first tap only asked.
    expect(chair.locator("#voted-count")).to_have_text("7/15")
    assert_accessible(rus, "the veto confirmation on a phone")
    no_sideways_scroll(rus)
    rus.keyboard.press("Enter")
    expect(rus.locator("#my-vote")).to_contain_text("No")

    # While the vote is still open, every screen shows the veto.
    for page, banner_id in ((chair, "#veto-now"), (projector, "#proj-veto-now"),
                            (rus, "#veto-now"), (che, "#veto-now"), (usa, "#veto-now")):
        veto_now = page.locator(banner_id)
        expect(veto_now).to_be_visible()
        expect(veto_now).to_contain_text("Russian Federation")
        expect(veto_now).to_contain_text("fails by veto")
    chip = projector.locator("#proj-vote li[data-actor='RUS']")
    expect(chip).to_have_attribute("data-veto", "true")
    expect(chip).to_have_attribute("data-choice", "no")
    expect(chip).to_contain_text("✖ No")
    expect(chip).to_contain_text("VETO")
    fits_the_screen(projector, "#proj-vote-card")
    nothing_overflows(projector, "#proj-vote .tally .cell")
    save_screenshot(projector, "projector")
    save_screenshot(chair, "chair")
    nothing_overflows(chair, "#vote .tally .cell")
    save_screenshot(rus, "phone-vote")
    for page in (chair, projector, rus, che):
        assert_accessible(page, "a vote with a veto on the table")
    projector.set_viewport_size(SIZES["chromebook"])
    fits_the_screen(projector, "#proj-vote-card")
    nothing_overflows(projector, "#proj-vote .tally .cell")
    save_screenshot(projector, "projector-1366")
    projector.set_viewport_size(SIZES["projector"])

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
    save_screenshot(projector, "projector-result")
    # The scenario reacts to the failed draft with news.
    expect(che.locator("#news")).to_contain_text("Council fails to agree")
    for page in (chair, projector, *delegates.values()):
        assert page.evaluate("window.__xss") is None
        assert not page.console_errors, page.console_errors
    # Every state these screens got was checked against the view schema (conftest.py).
    assert view_checker.checked > 20, view_checker.checked
