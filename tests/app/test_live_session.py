"""A real uvicorn server, a chair and twenty delegates over real WebSockets."""

from __future__ import annotations

import asyncio
import json

from live_support import DELEGATIONS, LiveClient, ServerProcess
from room_helpers import RoomHandles
from session_script import (
    DRAFT_CHOICES,
    caucus_motion,
    close_debate,
    everyone_at,
    last_event,
    roll_call,
    speakers,
    submit_draft,
    vote_everyone,
)


async def connect_all(
    server: ServerProcess, room: RoomHandles
) -> tuple[LiveClient, dict[str, LiveClient], LiveClient]:
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    delegates = {
        actor: await LiveClient(server.ws_url, room.code, room.tokens[actor], actor).connect()
        for actor in DELEGATIONS
    }
    projector = await LiveClient(server.ws_url, room.code, None, "projector").connect()
    return chair, delegates, projector


async def test_a_committee_session_reaches_every_client_in_the_same_order(
    server: ServerProcess, room: RoomHandles
) -> None:
    chair, delegates, projector = await connect_all(server, room)
    clients = [chair, *delegates.values(), projector]
    try:
        await roll_call(chair, delegates)
        await speakers(chair, delegates)
        await caucus_motion(chair, delegates)
        draft_id = await submit_draft(chair, delegates)
        await close_debate(chair, delegates)
        await vote_everyone(delegates, DRAFT_CHOICES)
        final_seq = await chair.must("close_vote")
        await everyone_at(clients, final_seq)

        # Each connection: strictly increasing seqs, so nothing twice and in order.
        for client in clients:
            seqs = [message["seq"] for message in client.events]
            assert seqs == sorted(set(seqs)), f"{client.name} saw events out of order or twice"
        # Everyone saw the same public record, event for event.
        reference = projector.event_types()
        assert reference, "the projector saw no events"
        for client in clients:
            seen = set(client.event_types())
            assert set(reference) <= seen, f"{client.name} missed events the projector saw"
        # And the same tally, in the same order of results.
        tallies = [
            json.dumps(
                [
                    m["event"]["result"]["tally"]
                    for m in c.events
                    if m["event"]["type"] == "vote_closed"
                ],
                sort_keys=True,
            )
            for c in clients
        ]
        assert len(set(tallies)) == 1, "clients disagree about the tallies"
        draft_result = last_event(projector, "vote_closed")["result"]
        assert draft_result["tally"]["yes"] == 12
        assert draft_result["tally"]["no"] == 4
        assert draft_result["adopted"] is True
        assert last_event(projector, "draft_decided")["draft_id"] == draft_id
        for client in clients:
            assert client.state is not None
            assert client.last_seq == final_seq
    finally:
        await asyncio.gather(*(client.close() for client in clients))


async def test_a_reconnecting_client_misses_nothing_and_sees_nothing_twice(
    server: ServerProcess, room: RoomHandles
) -> None:
    chair, delegates, projector = await connect_all(server, room)
    wanderer = delegates["D05"]
    try:
        await roll_call(chair, delegates)
        before = wanderer.last_seq or 0
        await wanderer.close()  # Wi-Fi drops
        await delegates["D01"].must("add_speaker")
        await delegates["D02"].must("add_speaker")
        last = await chair.must("recognize_speaker")
        back = await LiveClient(server.ws_url, room.code, room.tokens["D05"], "D05-again").connect(
            last_seq=before
        )
        delegates["D05"] = back
        await back.wait_for_seq(last)
        assert back.welcome is not None and back.welcome["resync"] == "events"
        missed = [message["seq"] for message in back.events]
        assert missed == list(range(before + 1, last + 1)), missed
        await back.must("add_speaker")
        seqs = [message["seq"] for message in back.events]
        assert seqs == sorted(set(seqs)) and seqs[-1] == last + 1
    finally:
        await asyncio.gather(
            *(client.close() for client in [chair, *delegates.values(), projector])
        )


async def test_a_large_gap_is_answered_with_a_snapshot(
    server: ServerProcess, room: RoomHandles
) -> None:
    delegate = await LiveClient(server.ws_url, room.code, room.tokens["D01"], "D01").connect()
    try:
        assert delegate.welcome is not None and delegate.welcome["resync"] == "snapshot"
        snapshot = await delegate.next_message("snapshot")
        assert snapshot["seq"] == delegate.welcome["seq"]
        assert "Secret position of D01" in json.dumps(snapshot["view"]["me"])
    finally:
        await delegate.close()


async def test_a_seat_cannot_act_as_another_seat(server: ServerProcess, room: RoomHandles) -> None:
    chair, delegates, projector = await connect_all(server, room)
    try:
        impostor = delegates["D01"]
        refused = await impostor.send(
            "record_attendance", member="D02", status="present_and_voting"
        )
        assert refused["type"] == "error" and refused["code"] == "not_permitted"
        spoofed = await impostor.send(
            "record_attendance", member="D02", status="present_and_voting", actor="D02"
        )
        assert spoofed["type"] == "error" and spoofed["code"] == "invalid_command"
        assert "actor" in spoofed["message"]
        await roll_call(chair, delegates)
        await impostor.must("add_speaker")
        other = await impostor.send("add_speaker", member="D03")
        assert other["type"] == "error" and other["code"] == "not_permitted"
        # A seat's private view holds its own brief, never another's.
        assert impostor.state is not None
        assert "Secret position of D01" in json.dumps(impostor.state["me"])
        assert "Secret trade of D01" in json.dumps(impostor.state["me"])
        for secret in ("Secret position of D02", "Secret interest of D02", "Secret trade of D02"):
            assert secret not in json.dumps(impostor.state)
        for secret in ("Secret position", "Secret interest", "Secret trade"):
            assert secret not in json.dumps(projector.state)
    finally:
        await asyncio.gather(
            *(client.close() for client in [chair, *delegates.values(), projector])
        )


async def test_a_delegate_cannot_use_chair_commands(
    server: ServerProcess, room: RoomHandles
) -> None:
    chair, delegates, projector = await connect_all(server, room)
    try:
        await roll_call(chair, delegates)
        delegate = delegates["D07"]
        for command, fields in [
            ("set_speaking_time", {"seconds": 30}),
            ("recognize_speaker", {}),
            ("open_vote", {}),
            ("close_vote", {}),
        ]:
            reply = await delegate.send(command, **fields)
            assert reply["type"] == "error", f"a delegate could {command}"
            assert reply["code"] in ("not_permitted", "not_in_order"), reply
        reply = await delegate.send("set_speaking_time", seconds=30)
        assert reply["code"] == "not_permitted"
        read_only = await projector.send("add_speaker")
        assert read_only["type"] == "error" and read_only["code"] == "read_only"
    finally:
        await asyncio.gather(
            *(client.close() for client in [chair, *delegates.values(), projector])
        )


async def test_batched_events_arrive_in_order_and_once(
    server: ServerProcess, room: RoomHandles
) -> None:
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    watcher = await LiveClient(server.ws_url, room.code, None, "batched").connect(batch_events=True)
    delegates = {
        actor: await LiveClient(server.ws_url, room.code, room.tokens[actor], actor).connect()
        for actor in DELEGATIONS
    }
    try:
        last = await roll_call(chair, delegates)
        await watcher.wait_for_seq(last)
        assert [m["seq"] for m in watcher.events] == list(range(1, last + 1))
        assert all(m["type"] == "event" for m in watcher.events)
        assert watcher.batches and sum(watcher.batches) == last
        assert not any(m["type"] == "event" for m in watcher.messages), "batched client got frames"
    finally:
        await asyncio.gather(*(c.close() for c in [chair, watcher, *delegates.values()]))


async def test_a_private_note_reaches_only_its_sender_recipient_and_the_chair(
    server: ServerProcess, room: RoomHandles
) -> None:
    chair, delegates, projector = await connect_all(server, room)
    # A chair may choose not to read notes (they are not moderated in this scenario).
    quiet_chair = await LiveClient(server.ws_url, room.code, room.chair_key, "quiet-chair").connect(
        show_notes=False
    )
    clients = [chair, *delegates.values(), projector, quiet_chair]
    try:
        await roll_call(chair, delegates)
        sent = await delegates["D01"].must("send_note", to=["D02"], text="Meet at the fountain")
        marker = await chair.must("add_speaker", member="D09")  # a public event after the note
        await everyone_at(clients, marker)
        await asyncio.sleep(0.5)  # let the coalesced state views arrive too
        readers = {"chair", "D01", "D02"}
        for client in clients:
            everything = json.dumps(client.messages)
            if client.name in readers:
                assert "Meet at the fountain" in everything, f"{client.name} should read the note"
            else:
                assert "Meet at the fountain" not in everything, (
                    f"{client.name} read a private note"
                )
        assert sent < marker
    finally:
        await asyncio.gather(*(client.close() for client in clients))


async def test_a_client_far_behind_or_ahead_gets_a_snapshot(
    server: ServerProcess, room: RoomHandles
) -> None:
    chair, delegates, projector = await connect_all(server, room)
    try:
        last = await roll_call(chair, delegates)
        ahead = await LiveClient(server.ws_url, room.code, None, "ahead").connect(
            last_seq=last + 50
        )
        assert ahead.welcome is not None and ahead.welcome["resync"] == "snapshot"
        await ahead.close()
        near = await LiveClient(server.ws_url, room.code, None, "near").connect(last_seq=last - 2)
        assert near.welcome is not None and near.welcome["resync"] == "events"
        await near.wait_for_seq(last)
        assert [m["seq"] for m in near.events] == [last - 1, last]
        await near.close()
    finally:
        await asyncio.gather(
            *(client.close() for client in [chair, *delegates.values(), projector])
        )
