"""A delegate's page loses its connection, comes back by itself and shows what it missed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_steps import ProtocolSeat, claim_seat, create_room, open_seat_page
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MEMBERS = ["BGD", "BRA", "DEU", "JPN", "KEN"]


def test_delegate_page_reconnects_and_shows_the_votes_it_missed(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "tutorial")
    code = room["code"]
    chair = ProtocolSeat(base_url, code, "chair", token=room["chair_key"])
    page = open_page("/")
    open_seat_page(page, code, claim_seat(base_url, code, "BGD", "Dana"))
    bots = {actor: ProtocolSeat(base_url, code, actor) for actor in MEMBERS if actor != "BGD"}
    for actor in MEMBERS:
        chair.send("record_attendance", member=actor, status="present")
    bots["BRA"].send("propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30)
    motion_id = page.wait_for_function(
        "() => window.plenary.view?.motions.find((m) => m.kind === 'moderated_caucus')?.id"
    ).json_value()
    chair.send("entertain_motion", motion_id=motion_id)
    chair.send("open_vote")
    expect(page.locator("#vote-card")).to_be_visible()
    expect(page.locator("#voted-count")).to_have_text("0/5")

    # The network goes away; the page says so and keeps trying.
    page.context.set_offline(True)
    page.evaluate("() => window.plenary.connection.dropConnection()")
    expect(page.locator("#connection")).to_have_attribute(
        "data-state", re.compile("offline|reconnecting")
    )
    for actor in ("BRA", "DEU", "JPN"):
        bots[actor].send("cast_vote", choice="yes")
    expect(page.locator("#voted-count")).to_have_text("0/5")  # still offline: nothing new yet

    # Back online: no reload, the missed ballots are caught up and shown.
    page.context.set_offline(False)
    expect(page.locator("#connection")).to_have_attribute("data-state", "open", timeout=15_000)
    expect(page.locator("#voted-count")).to_have_text("3/5")
    for name in ("Brazil", "Germany", "Japan"):
        expect(page.locator("#vote .rollcall li[data-voted='true']", has_text=name)).to_be_visible()
        expect(page.locator("#log li[data-type='ballot_cast']", has_text=name)).to_contain_text(
            "missed"
        )
    expect(page.locator(".toast", has_text="caught up")).to_be_visible()
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1

    # And it is live again: its own vote goes through.
    page.locator("#vote button[data-choice='yes']").click()
    expect(page.locator("#voted-count")).to_have_text("4/5")
    assert not page.console_errors, page.console_errors
