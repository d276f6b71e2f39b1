"""A General Assembly of 193 on the wall: the voters become a compact placard grid that fits a
1920 x 1080 and a 1366 x 768 projector, each placard with its choice in colour and a shape, and
the chair's and a phone's vote panels stay usable."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import yaml
from accessibility import assert_accessible
from e2e_steps import ProtocolSeat, claim_seat, open_seat_page
from playwright.sync_api import expect
from screens import PHONE, SIZES, fits_the_screen, no_sideways_scroll, save_screenshot

pytestmark = pytest.mark.e2e

MEMBERS = [f"M{number:03d}" for number in range(1, 194)]
VOTES = {"yes": MEMBERS[1:13], "no": MEMBERS[13:21], "abstain": MEMBERS[21:27]}


def assembly_scenario() -> str:
    return yaml.safe_dump(
        {
            "metadata": {
                "title": "Assembly of 193",
                "summary": "Every member of the United Nations, as fictional states.",
                "level": "secondary",
                "duration_minutes": 60,
                "learning_objectives": ["Vote in a big assembly."],
            },
            "actors": [
                {"id": actor, "name": f"Republic of {actor}", "kind": "state", "fictional": True}
                for actor in MEMBERS
            ],
            "forums": [
                {
                    "id": "GA",
                    "name": "General Assembly",
                    "members": MEMBERS,
                    # 193 delegations answer no roll call before the vote.
                    "procedure": {"attendance_required": False, "procedural_abstentions": True},
                }
            ],
            "agenda": [
                {"id": "sdg", "title": "The 2030 Agenda", "background": "Goals.",
                 "dimensions": ["economic"]}
            ],
            "briefs": {actor: {"position": "Vote as you see fit."} for actor in MEMBERS},
            "debrief": {"prompts": ["What did the size of the room change?"]},
        },
        sort_keys=False,
    )


def test_193_members_vote_on_a_compact_placard_grid(open_page: Any, base_url: str) -> None:
    answer = httpx.post(
        f"{base_url}/api/rooms",
        files={"file": ("assembly.yaml", assembly_scenario(), "application/x-yaml")},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    room = answer.json()
    code = room["code"]
    chair = ProtocolSeat(base_url, code, "chair", token=room["chair_key"])
    voters = {actor: ProtocolSeat(base_url, code, actor) for choices in VOTES.values()
              for actor in choices}
    voters[MEMBERS[1]].send("propose_motion", kind="unmoderated_caucus", minutes=5)
    state = httpx.get(f"{base_url}/api/rooms/{code}/state").json()
    chair.send("entertain_motion", motion_id=state["view"]["motions"][-1]["id"])
    chair.send("open_vote")
    for choice, actors in VOTES.items():
        for actor in actors:
            voters[actor].send("cast_vote", choice=choice)

    wall = open_page(f"/projector/{code}", viewport=SIZES["projector"])
    grid = wall.locator("#proj-vote .rollcall.compact li")
    expect(grid).to_have_count(193)
    expect(wall.locator("#proj-voted-count")).to_have_text("26/193")
    for choice, actors in VOTES.items():
        expect(wall.locator(f"#proj-vote li[data-choice='{choice}']")).to_have_count(len(actors))
    expect(wall.locator("#proj-vote li[data-choice='waiting']")).to_have_count(193 - 26)
    # A shape beside the colour, and a legend that says what each means.
    expect(wall.locator(f"#proj-vote li[data-actor='{VOTES['no'][0]}'] .mark")).to_have_text("✖")
    expect(wall.locator(f"#proj-vote li[data-actor='{VOTES['yes'][0]}'] .mark")).to_have_text("✔")
    expect(wall.locator(f"#proj-vote li[data-actor='{VOTES['abstain'][0]}'] .mark")).to_have_text(
        "○"
    )
    expect(wall.locator("#proj-vote .rollcall-legend")).to_contain_text("No")
    fits_the_screen(wall, "#proj-vote-card")
    save_screenshot(wall, "projector-193")
    assert_accessible(wall, "the wall with 193 voters")
    wall.set_viewport_size(SIZES["chromebook"])
    fits_the_screen(wall, "#proj-vote-card")
    save_screenshot(wall, "projector-193-1366")

    console = open_page(room["chair_url"], viewport=SIZES["chromebook"])
    expect(console.locator("#vote .rollcall.compact li")).to_have_count(193)
    expect(console.locator("#voted-count")).to_have_text("26/193")
    no_sideways_scroll(console)
    phone = open_page("/", **PHONE)
    open_seat_page(phone, code, claim_seat(base_url, code, MEMBERS[-1], "Zara"))
    expect(phone.locator("#vote .rollcall.compact li")).to_have_count(193)
    phone.locator("#vote button[data-choice='yes']").tap()
    expect(wall.locator("#proj-voted-count")).to_have_text("27/193")
    no_sideways_scroll(phone)
    save_screenshot(phone, "phone-193")
    for page in (wall, console, phone):
        assert not page.console_errors, page.console_errors
