"""State patches (hello ``state_patches``, docs/protocol.md): after one full state a connection
gets only the top-level parts of the view that changed, and a client that merges them always
holds exactly the view the server would send it whole."""

from __future__ import annotations

from typing import Any

import httpx
from live_support import DELEGATIONS, LiveClient, ServerProcess
from room_helpers import RoomHandles
from session_script import last_event, roll_call


def _server_view(server: ServerProcess, code: str, token: str | None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(base_url=server.base_url, timeout=20, headers=headers) as http:
        answer = http.get(f"/api/rooms/{code}/state")
        assert answer.status_code == 200, answer.text
        body = answer.json()
        return int(body["seq"]), body["view"]


async def _matches_server(
    server: ServerProcess, code: str, client: LiveClient, token: str | None
) -> None:
    seq, view = _server_view(server, code, token)
    await client.wait_until(
        lambda: client.state_seq is not None and client.state_seq >= seq,
        what=f"the state of seq {seq}",
    )
    assert client.state_seq == seq
    assert client.bad_patches == [], f"{client.name}: patches on another view: {client.bad_patches}"
    assert client.state == view, f"{client.name}: rebuilt view differs from the server's at {seq}"


async def test_a_view_rebuilt_from_patches_equals_the_servers_full_view(
    server: ServerProcess, room: RoomHandles
) -> None:
    """Full state + every patch == the server's whole view for that viewer (delegate, chair,
    projector), after each step of a session, and the patches leave unchanged parts out."""
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect(
        state_patches=True
    )
    d01 = await LiveClient(server.ws_url, room.code, room.tokens["D01"], "D01").connect(
        state_patches=True
    )
    projector = await LiveClient(server.ws_url, room.code, None, "projector").connect(
        state_patches=True
    )
    watchers = [(chair, room.chair_key), (d01, room.tokens["D01"]), (projector, None)]
    try:
        steps: list[tuple[LiveClient, str, dict[str, Any]]] = [
            (chair, "record_attendance", {"member": "D01", "status": "present_and_voting"}),
            (chair, "record_attendance", {"member": "D02", "status": "present"}),
            (d01, "add_speaker", {}),
            (chair, "recognize_speaker", {}),
            (chair, "send_note", {"to": ["D01"], "text": "Only for D01"}),
            (chair, "end_speech", {}),
        ]
        for actor, command, fields in steps:
            await actor.must(command, **fields)
            for client, token in watchers:
                await _matches_server(server, room.code, client, token)
        for client, _token in watchers:
            full = [m for m in client.messages if m.get("type") in ("state", "snapshot")]
            assert "view" in full[0], "the first state after hello must be whole"
            patches = [m for m in full if "patch" in m]
            assert patches, f"{client.name}: no state patch after {len(full)} states"
            keys = len(client.state or {})
            assert all(len(m["patch"]) < keys for m in patches), "a patch resent every part"
        assert "Only for D01" in str(d01.state["me"] if d01.state else None)
        assert "Only for D01" not in str(projector.messages)
    finally:
        for client, _token in watchers:
            await client.close()


async def test_a_seat_that_loses_access_gets_a_full_projector_state(
    server: ServerProcess, room: RoomHandles
) -> None:
    """A released seat's next state is whole and public (``me: {}``), not a patch on the
    secrets it held, and patches after it still rebuild the projector's view."""
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    old = await LiveClient(server.ws_url, room.code, room.tokens["D04"], "D04").connect(
        state_patches=True
    )
    try:
        await chair.must("record_attendance", member="D04", status="present")
        await _matches_server(server, room.code, old, room.tokens["D04"])
        before = len(old.messages)
        with httpx.Client(
            base_url=server.base_url,
            timeout=20,
            headers={"Authorization": f"Bearer {room.chair_key}"},
        ) as http:
            released = http.post(f"/api/rooms/{room.code}/seats/D04/release")
            assert released.status_code == 200, released.text
        await old.wait_until(
            lambda: any(m.get("type") == "state" for m in old.messages[before:]),
            what="the state after the release",
        )
        after = next(m for m in old.messages[before:] if m.get("type") == "state")
        assert "view" in after, f"a seat losing access got a patch: {after}"
        assert after["view"]["me"] == {}
        assert after["view"] == _server_view(server, room.code, None)[1]
        await chair.must("send_note", to=["D04"], text="For whoever holds D04 next")
        await _matches_server(server, room.code, old, None)
        assert "For whoever holds D04 next" not in str(old.messages[before:])
    finally:
        await old.close()
        await chair.close()


async def test_sync_asks_for_a_whole_state(server: ServerProcess, room: RoomHandles) -> None:
    """A client whose view is not the patches' base sends ``sync`` and gets a full state."""
    client = await LiveClient(server.ws_url, room.code, room.tokens["D05"], "D05").connect(
        state_patches=True
    )
    try:
        await client.wait_until(lambda: client.state is not None, what="the first state")
        before = len(client.messages)
        await client.send_raw('{"type": "sync"}')
        message = await client.next_message("state", after=before)
        assert "view" in message and "patch" not in message
        assert message["view"] == _server_view(server, room.code, room.tokens["D05"])[1]
    finally:
        await client.close()


async def test_a_ballot_sends_me_only_to_its_voter(
    server: ServerProcess, room: RoomHandles
) -> None:
    """Issue 16: a seat's private part is sent only when it changed. After D01's ballot, D01's
    patch carries its ``me`` (its ballot, its choices), D02's carries none, and both clients
    still hold exactly the view the server would send each of them whole."""
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    delegates = {
        actor: await LiveClient(server.ws_url, room.code, room.tokens[actor], actor).connect(
            state_patches=actor in ("D01", "D02")
        )
        for actor in DELEGATIONS
    }
    d01, d02 = delegates["D01"], delegates["D02"]
    try:
        await roll_call(chair, delegates)
        await d01.must(
            "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30, topic="Dams"
        )
        motion = last_event(d01, "motion_proposed")["motion"]
        await chair.must("entertain_motion", motion_id=motion["id"])
        await chair.must("open_vote")
        for client in (d01, d02):
            await _matches_server(server, room.code, client, room.tokens[client.name])
        seen = {client.name: len(client.messages) for client in (d01, d02)}
        ballot = await d01.must("cast_vote", choice="yes")
        for client in (d01, d02):
            await _matches_server(server, room.code, client, room.tokens[client.name])
        patches = {
            client.name: [
                m
                for m in client.messages[seen[client.name] :]
                if m.get("type") == "state" and m.get("seq") == ballot
            ]
            for client in (d01, d02)
        }
        assert [("patch" in m) for m in patches["D01"]] == [True]
        assert [("patch" in m) for m in patches["D02"]] == [True]
        assert "me" in patches["D01"][0], "the voter's own ballot did not reach its screen"
        assert patches["D01"][0]["me"]["my_ballots"], patches["D01"][0]["me"]
        assert "me" not in patches["D02"][0], "D02's unchanged private part was sent again"
        assert "vote" in patches["D02"][0]["patch"], "the tally did not reach D02"
    finally:
        for client in (chair, *delegates.values()):
            await client.close()


async def test_the_web_clients_hello_gets_a_ballots_state_once_with_its_events_one_level_deep(
    server: ServerProcess, room: RoomHandles
) -> None:
    """Issue 16: with the web client's hello (``state_with_events``, ``deep_patches``) a
    ballot's state patch comes in the same frame as its event (or alone, once, when the room's
    CPU cap makes it wait); it changes ``vote`` one level
    deeper (who voted, not the list of who may vote), carries ``me`` only to the voter, and
    both clients still hold exactly the view the server would send each of them whole."""
    web_hello = {
        "batch_events": True,
        "state_patches": True,
        "state_with_events": True,
        "deep_patches": True,
    }
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    delegates = {
        actor: await LiveClient(server.ws_url, room.code, room.tokens[actor], actor).connect(
            **(web_hello if actor in ("D01", "D02") else {})
        )
        for actor in DELEGATIONS
    }
    d01, d02 = delegates["D01"], delegates["D02"]
    try:
        await roll_call(chair, delegates)
        await d01.must(
            "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30, topic="Dams"
        )
        motion = last_event(d01, "motion_proposed")["motion"]
        await chair.must("entertain_motion", motion_id=motion["id"])
        await chair.must("open_vote")
        for client in (d01, d02):
            await _matches_server(server, room.code, client, room.tokens[client.name])
        seen = {client.name: len(client.messages) for client in (d01, d02)}
        ballot = await d01.must("cast_vote", choice="yes")
        for client in (d01, d02):
            await _matches_server(server, room.code, client, room.tokens[client.name])
        # The ballot's state comes once: inside the events frame it follows, or alone when the
        # room's CPU cap makes it wait (docs/protocol.md, state_with_events). The test client
        # records a state carried in an events frame as a state message of its own too.
        states = {
            client.name: [
                m
                for m in client.messages[seen[client.name] :]
                if m.get("type") == "state" and m.get("seq") == ballot
            ]
            for client in (d01, d02)
        }
        for name in ("D01", "D02"):
            found = states[name]
            assert [m["seq"] for m in found] == [ballot], f"{name}: {found}"
            assert "vote" not in found[0]["patch"], "the whole vote was resent"
            voted = found[0]["merge"]["vote"]
            assert voted["voted"] == ["D01"] and "eligible" not in voted, voted
        assert states["D01"][0]["me"]["my_ballots"], "the voter's own ballot did not come"
        assert "me" not in states["D02"][0], "D02's unchanged private part was sent again"
    finally:
        for client in (chair, *delegates.values()):
            await client.close()
