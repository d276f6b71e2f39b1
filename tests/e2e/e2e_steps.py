"""Steps shared by the browser tests: opening a room, joining a seat, and seats played
directly over the WebSocket protocol (the rest of a fifteen-member Council)."""

from __future__ import annotations

import itertools
import json
import re
import urllib.request
from typing import Any

from accessibility import assert_accessible
from websockets.sync.client import connect

_ids = itertools.count(1)


def http_json(
    base_url: str, method: str, path: str, body: Any = None, token: str | None = None
) -> Any:
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base_url + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def create_room_in_browser(page: Any, scenario_title: str) -> tuple[str, str]:
    """The facilitator opens /new, picks a bundled scenario and opens a room.

    Returns the room code and the chair link (path with the key fragment)."""
    page.goto("/new")
    page.get_by_label(re.compile(re.escape(scenario_title))).check()
    assert_accessible(page, "the new-room page")
    page.get_by_role("button", name="Open the room").click()
    page.locator("#room-created").wait_for()
    page.locator("#created-join-qr img").evaluate("(img) => img.decode()")
    assert_accessible(page, "the new room's links")
    code = page.locator("#created-code").inner_text().strip()
    chair_link = page.locator("#created-chair").get_attribute("href")
    assert code and chair_link and "#key=" in chair_link
    return code, chair_link


def join_in_browser(page: Any, code: str, display_name: str, seat_name: str) -> None:
    """A student types the code on the landing page, then picks a seat in the seat picker."""
    page.goto("/")
    page.get_by_label("Room code").fill(code.lower())
    assert_accessible(page, "the landing page")
    page.get_by_role("button", name="Join", exact=True).click()
    page.wait_for_url(f"**/join/{code}")
    page.get_by_label("Your name").fill(display_name)
    page.locator(".seat", has_text=seat_name).first.wait_for()
    assert_accessible(page, "the seat picker")
    page.locator(".seat", has_text=seat_name).first.click()
    page.wait_for_url(f"**/room/{code}")
    page.locator("#connection[data-state='open']").wait_for()


def create_room(base_url: str, scenario_id: str) -> dict[str, Any]:
    """Open a room over the HTTP API (for tests whose subject is not the new-room page)."""
    return http_json(base_url, "POST", "/api/rooms", {"scenario_id": scenario_id})


def claim_seat(base_url: str, code: str, actor: str, display_name: str) -> str:
    claimed = http_json(
        base_url, "POST", f"/api/rooms/{code}/seats/{actor}/claim", {"display_name": display_name}
    )
    return str(claimed["token"])


def open_seat_page(page: Any, code: str, token: str) -> None:
    """Put a seat token where the join page would have stored it, then open the room."""
    page.goto("/")
    page.evaluate(
        "([key, token]) => localStorage.setItem(key, token)", [f"plenary:seat:{code}", token]
    )
    page.goto(f"/room/{code}")
    page.locator("#connection[data-state='open']").wait_for()


class ProtocolSeat:
    """A delegation played over the WebSocket protocol: claims its seat over HTTP, then opens a
    short connection per command (hello, command, wait for the ack)."""

    def __init__(
        self,
        base_url: str,
        code: str,
        actor: str,
        token: str | None = None,
        name: str | None = None,
    ) -> None:
        self.ws_url = base_url.replace("http://", "ws://") + f"/ws/rooms/{code}"
        self.actor = actor
        self.token = token or claim_seat(base_url, code, actor, name or f"bot {actor}")

    def send(self, command_type: str, **fields: Any) -> dict[str, Any]:
        command_id = f"bot-{next(_ids)}"
        with connect(self.ws_url, open_timeout=10, max_size=None) as socket:
            socket.send(json.dumps({"type": "hello", "token": self.token, "last_seq": None}))
            socket.send(json.dumps({"id": command_id, "type": command_type, **fields}))
            while True:
                message = json.loads(socket.recv(timeout=10))
                if message.get("id") == command_id and message["type"] in ("ack", "error"):
                    if message["type"] == "error":
                        raise AssertionError(f"{self.actor} {command_type}: {message['message']}")
                    return message
