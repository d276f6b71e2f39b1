"""Bots and students share the seats of a room (issue 6: "the chair can hand any unclaimed seat
to a bot"; "a bot seat can be handed back to a student who arrives late").

A real server, real WebSockets: the chair cannot give a bot a seat a student holds, and a late
student who claims a bot's seat takes it over in the same transaction as the claim.
"""

from __future__ import annotations

from typing import Any

import httpx
from live_support import LiveClient, ServerProcess
from room_helpers import create_room


def _seats(http: httpx.Client, code: str) -> dict[str, dict[str, Any]]:
    listed = http.get(f"/api/rooms/{code}/seats")
    assert listed.status_code == 200, listed.text
    return {seat["actor"]: seat for seat in listed.json()}


def _bots(http: httpx.Client, code: str) -> list[str]:
    state = http.get(f"/api/rooms/{code}/state")
    assert state.status_code == 200, state.text
    return list(state.json()["view"]["world"]["bots"])


async def test_the_chair_cannot_hand_a_seat_a_student_holds_to_a_bot(
    server: ServerProcess,
) -> None:
    room = create_room(server.base_url, claim=["D01"])
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    try:
        refused = await chair.send("assign_bot", seat="D01")
        assert refused["type"] == "error", refused
        assert refused["code"] == "seat_held_by_student"
        assert "Release the seat first" in refused["message"]
        assert "Student D01" in refused["message"]
        with httpx.Client(base_url=server.base_url, timeout=20) as http:
            assert _bots(http, room.code) == []
            released = http.post(
                f"/api/rooms/{room.code}/seats/D01/release",
                headers={"Authorization": f"Bearer {room.chair_key}"},
            )
            assert released.status_code == 200, released.text
        # Once released, the same seat may go to a bot.
        await chair.must("assign_bot", seat="D01")
        with httpx.Client(base_url=server.base_url, timeout=20) as http:
            assert _bots(http, room.code) == ["D01"]
    finally:
        await chair.close()


async def test_the_seat_picker_says_a_seat_is_played_by_a_bot(server: ServerProcess) -> None:
    room = create_room(server.base_url, claim=["D01"])
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    try:
        await chair.must("assign_bot", seat="D05")
        with httpx.Client(base_url=server.base_url, timeout=20) as http:
            seats = _seats(http, room.code)
        assert (seats["D05"]["bot"], seats["D05"]["claimed"]) == (True, False)
        assert (seats["D01"]["bot"], seats["D01"]["claimed"]) == (False, True)
        assert seats["D02"]["bot"] is False
        # A screen that joins now gets the same list over the WebSocket.
        watcher = await LiveClient(server.ws_url, room.code, None, "watcher").connect()
        try:
            listed = await watcher.next_message("seats")
            by_actor = {seat["actor"]: seat for seat in listed["seats"]}
            assert by_actor["D05"]["bot"] is True
        finally:
            await watcher.close()
    finally:
        await chair.close()


async def test_a_late_student_who_claims_a_bot_seat_takes_it_over_from_the_bot(
    server: ServerProcess,
) -> None:
    room = create_room(server.base_url, claim=[])
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    try:
        await chair.must("assign_bot", seat="D03")
        with httpx.Client(base_url=server.base_url, timeout=20) as http:
            claimed = http.post(
                f"/api/rooms/{room.code}/seats/D03/claim", json={"display_name": "Late Ana"}
            )
            assert claimed.status_code == 200, claimed.text
            # Stored with the claim: by the time the claim answers, the bot has left.
            assert _bots(http, room.code) == []
            seats = _seats(http, room.code)
        assert (seats["D03"]["claimed"], seats["D03"]["bot"]) == (True, False)
        await chair.wait_until(
            lambda: any(e["event"]["type"] == "bot_seat_released" for e in chair.events),
            what="bot_seat_released",
        )
        released = [e["event"] for e in chair.events if e["event"]["type"] == "bot_seat_released"]
        assert [(e["seat"], e["by"]) for e in released] == [("D03", "system")]
        # The student now acts from the seat, and no bot answers for it any more.
        student = await LiveClient(
            server.ws_url, room.code, claimed.json()["token"], "D03"
        ).connect()
        try:
            await student.wait_until(lambda: student.state is not None, what="the state")
            assert student.state is not None
            assert "D03" not in student.state["world"]["bots"]
            await student.must("send_note", to=["chair"], text="Here now, sorry I was late.")
        finally:
            await student.close()
    finally:
        await chair.close()


async def test_a_new_device_link_for_a_bot_seat_hands_it_to_a_student(
    server: ServerProcess,
) -> None:
    room = create_room(server.base_url, claim=[])
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    try:
        await chair.must("assign_bot", seat="D04")
        with httpx.Client(base_url=server.base_url, timeout=20) as http:
            linked = http.post(
                f"/api/rooms/{room.code}/seats/D04/reassign",
                headers={"Authorization": f"Bearer {room.chair_key}"},
            )
            assert linked.status_code == 200, linked.text
            assert _bots(http, room.code) == []
            # A seat a student holds again refuses a bot.
        refused = await chair.send("assign_bot", seat="D04")
        assert refused["type"] == "error" and refused["code"] == "seat_held_by_student"
    finally:
        await chair.close()
