"""Shared helpers for the server tests: a room made over HTTP with its secrets.

Import these from here, not from ``conftest`` (several ``conftest.py`` files exist, and which one
``import conftest`` finds depends on the order pytest loads them). Fixtures stay in conftest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from live_support import DELEGATIONS


@dataclass
class RoomHandles:
    code: str
    chair_key: str
    tokens: dict[str, str] = field(default_factory=dict)


def create_room(base_url: str, claim: list[str] = DELEGATIONS) -> RoomHandles:
    """A room of the test scenario, with a seat claimed for each actor of ``claim``."""
    with httpx.Client(base_url=base_url, timeout=20) as http:
        created = http.post("/api/rooms", json={"scenario_id": "test_assembly"})
        assert created.status_code == 201, created.text
        body = created.json()
        handles = RoomHandles(code=body["code"], chair_key=body["chair_key"])
        for actor in claim:
            claimed = http.post(
                f"/api/rooms/{handles.code}/seats/{actor}/claim",
                json={"display_name": f"Student {actor}"},
            )
            assert claimed.status_code == 200, claimed.text
            handles.tokens[actor] = claimed.json()["token"]
    return handles
