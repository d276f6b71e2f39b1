"""The seat picker says which seats a bot plays, and a late student takes one over (issue 6:
"a bot seat can be handed back to a student who arrives late")."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_steps import ProtocolSeat, create_room, http_json
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_a_late_student_sees_the_bot_seat_and_takes_it_over(
    open_page: Any, base_url: str
) -> None:
    room = create_room(base_url, "tutorial")
    code = room["code"]
    chair = ProtocolSeat(base_url, code, "chair", token=room["chair_key"])
    chair.send("assign_bot", seat="KEN")

    page = open_page(f"/join/{code}")
    kenya = page.locator(".seat", has_text="Kenya")
    expect(kenya).to_contain_text("played by a bot: take it over")
    # Its accessible name is what it shows (WCAG 2.5.3), bot and all.
    expect(kenya).to_have_accessible_name("Kenya State · G77 · played by a bot: take it over")
    expect(page.locator(".seat", has_text="Brazil")).to_contain_text("free")

    page.get_by_label("Your name").fill("Late Ana")
    kenya.click()
    page.wait_for_url(f"**/room/{code}")
    page.locator("#connection[data-state='open']").wait_for()
    state = http_json(base_url, "GET", f"/api/rooms/{code}/state")
    assert state["view"]["world"]["bots"] == []
    seats = {s["actor"]: s for s in http_json(base_url, "GET", f"/api/rooms/{code}/seats")}
    assert (seats["KEN"]["claimed"], seats["KEN"]["bot"]) == (True, False)
