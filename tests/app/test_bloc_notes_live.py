"""A negotiating group's channel over real WebSockets: its notes and common positions reach its
members only (not the chair: this scenario keeps `chair_reads_notes` off), and the server
enforces the documented limits with their codes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest
import yaml
from live_support import LiveClient, ServerProcess, scenario_document
from room_helpers import RoomHandles

GROUP = ["D01", "D02", "D03"]
OUTSIDERS = ["D04", "D05"]
SEATS = [*GROUP, *OUTSIDERS]


def _scenario() -> dict[str, object]:
    document = scenario_document()
    document["blocs"] = [
        {"id": "RIVER", "name": "River States", "negotiating": True, "coordinator": "D01"}
    ]
    for actor in document["actors"]:  # type: ignore[attr-defined]
        if actor["id"] in GROUP:
            actor["blocs"] = ["RIVER"]
    return document


@pytest.fixture(scope="module")
def bloc_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("blocs")
    scenarios = folder / "scenarios"
    scenarios.mkdir()
    (scenarios / "test_assembly.yaml").write_text(
        yaml.safe_dump(_scenario(), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    process = ServerProcess(f"sqlite:///{folder / 'plenary.db'}", scenarios).start()
    try:
        yield process
    finally:
        process.stop()


def _room(server: ServerProcess) -> RoomHandles:
    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        created = http.post("/api/rooms", json={"scenario_id": "test_assembly"})
        assert created.status_code == 201, created.text
        body = created.json()
        room = RoomHandles(code=body["code"], chair_key=body["chair_key"])
        for actor in SEATS:
            claimed = http.post(f"/api/rooms/{room.code}/seats/{actor}/claim", json={})
            assert claimed.status_code == 200, claimed.text
            room.tokens[actor] = claimed.json()["token"]
    return room


async def _connect(server: ServerProcess, room: RoomHandles) -> dict[str, LiveClient]:
    clients = {
        actor: await LiveClient(server.ws_url, room.code, room.tokens[actor], actor).connect()
        for actor in SEATS
    }
    clients["chair"] = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    clients["projector"] = await LiveClient(server.ws_url, room.code, None, "projector").connect()
    for actor in SEATS:
        await clients[actor].must("record_attendance", member=actor, status="present")
    return clients


async def _all_at(clients: dict[str, LiveClient], seq: int) -> None:
    """Every client has the events and a state at least as new as ``seq`` (a positive signal)."""
    for client in clients.values():
        await client.wait_for_seq(seq)
        await client.wait_until(
            lambda c=client: (c.state_seq or 0) >= seq, what=f"a state at seq {seq}"
        )


async def test_a_bloc_note_and_common_position_reach_the_members_only(
    bloc_server: ServerProcess,
) -> None:
    room = _room(bloc_server)
    clients = await _connect(bloc_server, room)
    try:
        await clients["D02"].must("send_bloc_note", bloc="RIVER", text="Dams are our red line")
        await clients["D01"].must(
            "propose_common_position", bloc="RIVER", text="Shared rivers, shared rules"
        )
        # A public event after both: once everyone has it, they have had the bloc's too.
        marker = await clients["chair"].must("add_speaker", member="D05")
        await _all_at(clients, marker)
        for name, client in clients.items():
            everything = json.dumps(client.messages)
            for secret in ("Dams are our red line", "Shared rivers, shared rules"):
                if name in GROUP:
                    assert secret in everything, f"{name} should read {secret!r}"
                else:
                    assert secret not in everything, f"{name} read the group's {secret!r}"
        mine = clients["D03"].state["me"]["world"]  # type: ignore[index]
        assert [n["text"] for n in mine["bloc_notes"]] == ["Dams are our red line"]
        assert clients["D04"].state["me"]["world"]["bloc_notes"] == []  # type: ignore[index]
        assert clients["chair"].state["me"]["world"]["common_positions"] == []  # type: ignore[index]
        # The chair's export holds what the chair may read, so not this group's channel.
        with httpx.Client(base_url=bloc_server.base_url, timeout=20) as http:
            exported = http.get(
                f"/api/rooms/{room.code}/export.json",
                headers={"Authorization": f"Bearer {room.chair_key}"},
            )
        assert exported.status_code == 200, exported.text
        assert any(e["type"] == "speaker_added" for e in exported.json()["events"])
        for secret in ("Dams are our red line", "Shared rivers, shared rules"):
            assert secret not in exported.text
        public = clients["projector"].state["world"]["blocs"]  # type: ignore[index]
        assert public == {
            "RIVER": {
                "name": "River States",
                "members": GROUP,
                "coordinator": "D01",
                "speaker": "D01",
            }
        }
    finally:
        await asyncio.gather(*(client.close() for client in clients.values()))


async def test_the_bloc_limits_and_codes_are_the_documented_ones(
    bloc_server: ServerProcess,
) -> None:
    room = _room(bloc_server)
    clients = await _connect(bloc_server, room)
    try:
        cases = [
            ("D04", "send_bloc_note", {"bloc": "RIVER", "text": "let me in"}, "not_in_bloc"),
            ("chair", "send_bloc_note", {"bloc": "RIVER", "text": "hello"}, "not_in_bloc"),
            ("D01", "send_bloc_note", {"bloc": "DELTA", "text": "x"}, "unknown_bloc"),
            ("D01", "send_bloc_note", {"bloc": "RIVER", "text": "x" * 1001}, "text_too_long"),
            (
                "D01",
                "propose_common_position",
                {"bloc": "RIVER", "text": "x" * 601},
                "text_too_long",
            ),
            (
                "D02",
                "propose_common_position",
                {"bloc": "RIVER", "text": "ours"},
                "not_bloc_coordinator",
            ),
            ("D02", "add_speaker", {"on_behalf_of": "RIVER"}, "not_bloc_spokesperson"),
        ]
        for actor, kind, fields, code in cases:
            reply = await clients[actor].send(kind, **fields)
            assert reply["type"] == "error" and reply["code"] == code, (actor, kind, reply)
        ok = await clients["D01"].send(
            "propose_common_position", bloc="RIVER", text="x" * 600
        )
        assert ok["type"] == "ack", ok
    finally:
        await asyncio.gather(*(client.close() for client in clients.values()))

