"""Blocs you can play, in real Chromium: in the climate summit the Maldives (AOSIS's coordinator,
a Chromebook) writes to the group, proposes a common position and speaks on behalf of AOSIS;
Tuvalu (a member, a phone) reads the note and signs; China (not a member, the projector-sized
screen) never sees the group's notes or positions, but sees the group statement on the list."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_steps import claim_seat, create_room, open_seat_page
from playwright.sync_api import expect
from screens import PHONE, SIZES, no_sideways_scroll, save_screenshot

pytestmark = pytest.mark.e2e

NOTE = "Hold the line on 1.5 degrees"
POSITION = "Loss and damage finance is not negotiable"


def _talk_tab(page: Any) -> None:
    tab = page.locator("#tab-talk")
    if tab.is_visible():
        tab.click()


def test_a_bloc_note_and_common_position_reach_members_only_and_the_group_speaks_as_one(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "climate-summit")
    code = room["code"]
    chair = open_page(room["chair_url"], viewport=SIZES["chromebook"])
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    maldives = open_page("/", viewport=SIZES["chromebook"])
    open_seat_page(maldives, code, claim_seat(base_url, code, "MDV", "Aminath"))
    tuvalu = open_page("/", **PHONE)
    open_seat_page(tuvalu, code, claim_seat(base_url, code, "TUV", "Sio"))
    china = open_page("/", viewport=SIZES["projector"])
    open_seat_page(china, code, claim_seat(base_url, code, "CHN", "Wei"))
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_contain_text(re.compile(r"^(\d+)/\1"))

    # The coordinator writes to the group's channel.
    _talk_tab(maldives)
    group = maldives.locator("#blocs [data-bloc='AOSIS']")
    expect(group).to_contain_text("Alliance of Small Island States")
    expect(group).to_contain_text("Coordinator: Maldives")
    maldives.locator("#bloc-note-AOSIS").fill(NOTE)
    maldives.locator("#bloc-note-AOSIS-send").click()
    _talk_tab(tuvalu)
    expect(tuvalu.locator("#blocs [data-bloc='AOSIS'] .bloc-notes")).to_contain_text(NOTE)

    # It proposes a common position with a line on D1; the member signs it.
    group.locator("summary", has_text="Propose a common position").click()
    maldives.locator("#bloc-position-AOSIS-text").fill(POSITION)
    maldives.locator("#bloc-position-AOSIS-draft").select_option("D1")
    maldives.locator("#bloc-position-AOSIS-choice").select_option("yes")
    maldives.locator("#bloc-position-AOSIS-submit").click()
    position = tuvalu.locator("#blocs [data-bloc='AOSIS'] .bloc-positions li").first
    expect(position).to_contain_text(POSITION)
    expect(position).to_contain_text("On D1: vote Yes")
    position.get_by_role("button", name="Sign the common position").click()
    expect(
        maldives.locator("#blocs [data-bloc='AOSIS'] .bloc-positions [data-signatures]").first
    ).to_have_text("Signed by Maldives, Tuvalu")

    # A group statement: on the list "on behalf of" AOSIS, for everyone to see.
    maldives.locator("#add-me-for-AOSIS").click()
    listed = china.locator("#speakers-list li[data-actor='MDV']")
    expect(listed).to_contain_text("on behalf of Alliance of Small Island States")
    expect(chair.locator("#speakers-list li[data-actor='MDV']")).to_contain_text(
        "on behalf of Alliance of Small Island States"
    )
    # China has seen an event after both the note and the position: it never got either, and
    # its own group (the G77) shows instead of AOSIS.
    _talk_tab(china)
    expect(china.locator("#blocs [data-bloc='G77']")).to_be_visible()
    expect(china.locator("#blocs [data-bloc='AOSIS']")).to_have_count(0)
    for secret in (NOTE, POSITION):
        assert secret not in china.content()
        assert secret not in chair.content()

    for page, name in (
        (tuvalu, "blocs-member-360"),
        (maldives, "blocs-coordinator-1366"),
        (china, "blocs-outsider-1920"),
    ):
        no_sideways_scroll(page)
        save_screenshot(page, name, full_page=True)
