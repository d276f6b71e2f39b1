"""A class joins from its own devices: the server listens on all interfaces, the projector's
lobby shows the room code, the join address and its QR code, and four students join through
them on a phone, a Chromebook and two laptops while the seats fill up on the wall.

This machine must send no traffic to another host, so the "network address" handed out is
127.0.0.2 (PLENARY_NETWORK_ADDRESSES): a loopback address, but not the one the projector and the
chair use, so every join goes through the address the wall shows and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from accessibility import assert_accessible
from e2e_steps import http_json
from playwright.sync_api import expect
from qr_decode import read_qr
from screens import PHONE, SIZES, fits_the_screen, save_screenshot, watch_errors
from servers import start_server, stop_server

pytestmark = pytest.mark.e2e

NETWORK_ADDRESS = "127.0.0.2"


@pytest.fixture(scope="module")
def lan_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`plenary serve --host 0.0.0.0`: its loopback URL (for the teacher's laptop) and log."""
    folder = tmp_path_factory.mktemp("plenary-lan")
    log = folder / "server.log"
    process, url = start_server(
        folder, log, host="0.0.0.0", env_extra={"PLENARY_NETWORK_ADDRESSES": NETWORK_ADDRESS}
    )
    try:
        yield url, log
    finally:
        stop_server(process)


def test_four_students_join_through_the_address_and_qr_code_on_the_wall(
    new_context: Any, lan_server: tuple[str, Path]
) -> None:
    laptop_url, log = lan_server
    port = laptop_url.rsplit(":", 1)[1]
    network = f"http://{NETWORK_ADDRESS}:{port}"
    # `plenary serve` printed every address, as Vite does.
    printed = log.read_text()
    assert f"Local:   http://127.0.0.1:{port}" in printed
    assert f"Network: {network}" in printed

    room = http_json(laptop_url, "POST", "/api/rooms", {"scenario_id": "tutorial"})
    code = room["code"]
    wall = watch_errors(new_context(base_url=laptop_url, viewport=SIZES["projector"]).new_page())
    wall.goto(room["projector_url"])
    lobby = wall.locator("#lobby")
    expect(lobby).to_be_visible()
    expect(wall.locator("#lobby-code")).to_have_text(code)
    shown = wall.locator("#lobby-url").inner_text().replace("\n", "")
    assert shown == f"{network}/join/{code}"
    qr = wall.locator("#lobby-qr")
    qr.evaluate("(image) => image.decode()")
    # The camera's view: the whole wall, as Chromium draws it.
    assert read_qr(wall.screenshot()) == [shown]
    expect(wall.locator("#lobby-seats-heading")).to_have_text("0 of 5 seats taken")
    fits_the_screen(wall, "#lobby")
    assert_accessible(wall, "the projector's lobby")
    save_screenshot(wall, "projector-lobby")

    # The chair's console, on the laptop, hands out the same address and does not warn.
    chair = watch_errors(new_context(base_url=laptop_url, viewport=SIZES["laptop"]).new_page())
    chair.goto(room["chair_url"])
    expect(chair.locator("#join-url")).to_have_text(shown)
    expect(chair.locator("#join-warning")).to_be_hidden()

    students = [
        ("Kofi", "Kenya", PHONE, "scan"),
        ("Lea", "Germany", {"viewport": SIZES["chromebook"]}, "scan"),
        ("Rafael", "Brazil", {"viewport": SIZES["projector"]}, "type"),
        ("Ayesha", "Bangladesh", {"viewport": SIZES["laptop"]}, "type"),
    ]
    for count, (name, seat, device, how) in enumerate(students, start=1):
        page = watch_errors(new_context(base_url=network, **device).new_page())
        if how == "scan":
            page.goto(shown)  # what the phone's camera opens
        else:  # typed: the address, then the code on the landing page
            page.goto(f"{network}/")
            page.get_by_label("Room code").fill(code.lower())
            page.get_by_role("button", name="Join", exact=True).click()
        page.wait_for_url(f"{network}/join/{code}")
        page.get_by_label("Your name").fill(name)
        page.locator(".seat", has_text=seat).click()
        page.wait_for_url(f"{network}/room/{code}")
        expect(page.locator("#connection")).to_have_attribute("data-state", "open")
        expect(page.locator("#my-seat")).to_contain_text(seat)
        # The seats fill up on the wall as each student takes one.
        expect(wall.locator(".lobby-seat[data-claimed='true']", has_text=name)).to_be_visible()
        expect(wall.locator("#lobby-seats-heading")).to_have_text(f"{count} of 5 seats taken")
        assert not page.console_errors, page.console_errors
    assert_accessible(wall, "the lobby with four seats taken")
    fits_the_screen(wall, "#lobby")
    wall.set_viewport_size(SIZES["chromebook"])
    fits_the_screen(wall, "#lobby")

    # Once the session is under way the lobby gives way to the floor; J brings it back.
    chair.locator("#all-present").click()
    chair.locator("#add-speaker-select").select_option("KEN")
    chair.locator("#add-speaker").click()
    expect(lobby).to_be_hidden()
    expect(wall.locator("#proj-join")).to_have_text(shown)
    wall.keyboard.press("j")
    expect(lobby).to_be_visible()
    wall.keyboard.press("j")
    expect(lobby).to_be_hidden()
    for page in (wall, chair):
        assert not page.console_errors, page.console_errors


@pytest.fixture(scope="module")
def loopback_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`plenary serve` as a teacher starts it first: on 127.0.0.1 only, with no public URL."""
    folder = tmp_path_factory.mktemp("plenary-loopback")
    process, url = start_server(folder, folder / "server.log")
    try:
        yield url
    finally:
        stop_server(process)


def test_the_chair_is_told_when_only_this_computer_can_open_the_join_address(
    open_page: Any, loopback_url: str
) -> None:
    """A server listening on 127.0.0.1 only: its console says so and how to fix it."""
    base_url = loopback_url
    room = http_json(base_url, "POST", "/api/rooms", {"scenario_id": "tutorial"})
    chair = open_page(base_url + room["chair_url"])
    warning = chair.locator("#join-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("cannot open http://127.0.0.1")
    expect(warning).to_contain_text("scripts/serve --lan")
    expect(warning).to_contain_text("PLENARY_PUBLIC_URL")
    assert_accessible(chair, "the chair console with the loopback warning")
    # The new-room page says it too.
    creator = open_page(base_url + "/new")
    creator.get_by_label(re.compile("^Tutorial")).check()
    creator.get_by_role("button", name="Open the room").click()
    expect(creator.locator("#created-warning")).to_contain_text("scripts/serve --lan")
    expect(creator.locator("#created-join")).to_have_text(re.compile(r"/join/[A-Z0-9]{6}$"))
    assert not chair.console_errors, chair.console_errors
