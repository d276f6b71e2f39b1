"""Consult, revise, gavel again, in real Chromium: at the climate summit Saudi Arabia objects to
the draft decision; the President's screen shows the draft in consultations with a button to
close the item without consensus, and the live board names the objector without a tally
(UNFCCC draft rules of procedure, FCCC/CP/1996/2: rule 42 never adopted)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from accessibility import assert_accessible
from e2e_steps import ProtocolSeat, create_room
from playwright.sync_api import expect
from screens import SIZES, no_sideways_scroll, save_screenshot

pytestmark = pytest.mark.e2e


def test_an_objection_leaves_the_draft_in_consultations_until_the_chair_closes_it(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "climate-summit")
    code = room["code"]
    chair = open_page(room["chair_url"], viewport=SIZES["chromebook"])
    expect(chair.locator("#connection")).to_have_attribute("data-state", "open")
    chair.locator("#all-present").click()
    expect(chair.locator("#attendance-summary")).to_contain_text(re.compile(r"^(\d+)/\1 present"))
    president = ProtocolSeat(base_url, code, "chair", token=room["chair_key"])
    maldives = ProtocolSeat(base_url, code, "MDV")
    saudi = ProtocolSeat(base_url, code, "SAU")

    def call_for_objections() -> None:
        maldives.send("propose_motion", kind="move_to_vote", target="D1")
        motion = president.send("entertain_motion", motion_id=_pending_motion(chair))
        assert motion["type"] == "ack"
        president.send("open_vote")

    call_for_objections()
    saudi.send("cast_vote", choice="object")
    board = chair.locator("#vote .tally .cell.object")
    expect(board).to_contain_text("Saudi Arabia")
    expect(chair.locator("#vote .tally .num")).to_have_count(1)  # only "voted n/N", no tally
    president.send("close_vote")

    card = chair.locator("#drafts article[data-draft='D1']")
    expect(card.locator("[data-consultations='1']")).to_be_visible()
    close = card.locator("button[data-act='close-consultations']")
    expect(close).to_be_enabled()
    no_sideways_scroll(chair)
    assert_accessible(chair, "chair in consultations")
    save_screenshot(chair, "consultations-chromebook", full_page=True)
    chair.set_viewport_size(SIZES["projector"])
    save_screenshot(chair, "consultations-1920", full_page=True)
    chair.set_viewport_size({"width": 360, "height": 740})
    no_sideways_scroll(chair)
    save_screenshot(chair, "consultations-360", full_page=True)

    close.click()
    expect(card.locator(".badge", has_text="rejected")).to_be_visible()
    expect(chair.locator("#log")).to_contain_text("closed the item without consensus")


def _pending_motion(chair: Any) -> str:
    """The motion just proposed, once the chair's screen has it (a positive signal, no sleep)."""
    chair.wait_for_function(
        "() => (window.plenary.view?.motions || []).some((m) => m.status === 'pending')"
    )
    return str(
        chair.evaluate(
            "() => window.plenary.view.motions.filter((m) => m.status === 'pending').at(-1).id"
        )
    )
