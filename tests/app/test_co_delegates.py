"""Co-delegates and roles without a seat (issue 13, item 1): two or three students share a seat,
each with a token of their own that acts for it; the events they cause say which student; the
seat has one vote; a fourth student is refused with the limit; rapporteurs take a role without a
seat, four at most; releasing the seat ends every co-delegate's token."""

from __future__ import annotations

import httpx
from live_support import LiveClient, ServerProcess
from room_helpers import create_room


def _join(http: httpx.Client, code: str, actor: str, name: str) -> httpx.Response:
    return http.post(
        f"/api/rooms/{code}/seats/{actor}/claim", json={"display_name": name, "co_delegate": True}
    )


async def test_co_delegates_share_a_seat_with_one_vote(server: ServerProcess) -> None:
    room = create_room(server.base_url, claim=["D01", "D02"])
    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        taken = http.post(f"/api/rooms/{room.code}/seats/D01/claim", json={"display_name": "X"})
        assert taken.status_code == 409 and taken.json()["detail"]["code"] == "seat_taken"
        amara = _join(http, room.code, "D01", "Amara")
        bruno = _join(http, room.code, "D01", "Bruno")
        assert amara.status_code == 200 and bruno.status_code == 200, (amara.text, bruno.text)
        full = _join(http, room.code, "D01", "Chen")
        assert full.status_code == 409
        detail = full.json()["detail"]
        assert detail["code"] == "seat_full" and "at most 3" in detail["message"]
        seats = {s["actor"]: s for s in http.get(f"/api/rooms/{room.code}/seats").json()}
        assert [c["display_name"] for c in seats["D01"]["co_delegates"]] == [
            "Student D01", "Amara", "Bruno"
        ]
        # The picker reads the limit the server enforces from the seat list itself.
        assert seats["D01"]["max_students"] == len(seats["D01"]["co_delegates"]) == 3
        me = http.get(
            f"/api/rooms/{room.code}/me",
            headers={"Authorization": f"Bearer {bruno.json()['token']}"},
        ).json()
        assert me["actor"] == "D01" and me["display_name"] == "Bruno"
        assert me["student"] == bruno.json()["student"]

    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    first = await LiveClient(server.ws_url, room.code, amara.json()["token"], "amara").connect()
    second = await LiveClient(server.ws_url, room.code, bruno.json()["token"], "bruno").connect()
    other = await LiveClient(server.ws_url, room.code, room.tokens["D02"], "D02").connect()
    try:
        # Both co-delegates read the seat's own view (its brief, its notes).
        assert first.state is not None and second.state is not None
        assert first.state.get("me") == second.state.get("me")
        seq = await second.must("record_attendance", member="D01", status="present")
        await other.must("record_attendance", member="D02", status="present")
        await chair.wait_for_seq(seq)
        marked = next(e for e in chair.events if e["seq"] == seq)["event"]
        assert marked["by_student"] == bruno.json()["student"]
        proposed = await other.must(
            "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30, topic="Dams"
        )
        await chair.wait_for_seq(proposed)
        motion = next(
            e["event"] for e in reversed(chair.events)
            if e["event"]["type"] == "motion_proposed"
        )["motion"]
        await chair.must("entertain_motion", motion_id=motion["id"])
        await chair.must("open_vote")
        await first.must("cast_vote", choice="yes")
        refused = await second.send("cast_vote", choice="no")
        assert refused["type"] == "error" and refused["code"] == "vote_cast_by_co_delegate"
        assert "Amara" in refused["message"]
        forged = await second.send("cast_vote", choice="no", by_student="someone")
        assert forged["type"] == "error" and forged["code"] == "invalid_command"
    finally:
        for client in (chair, first, second, other):
            await client.close()

    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        released = http.post(
            f"/api/rooms/{room.code}/seats/D01/release",
            headers={"Authorization": f"Bearer {room.chair_key}"},
        )
        assert released.status_code == 200
        assert released.json()["co_delegates"] == []
        gone = http.get(
            f"/api/rooms/{room.code}/me",
            headers={"Authorization": f"Bearer {amara.json()['token']}"},
        )
        assert gone.status_code == 401


def test_up_to_four_students_take_a_role_without_a_seat(server: ServerProcess) -> None:
    room = create_room(server.base_url, claim=[])
    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        for number in range(4):
            joined = http.post(
                f"/api/rooms/{room.code}/roles/rapporteur/join",
                json={"display_name": f"Rapporteur {number}"},
            )
            assert joined.status_code == 200, joined.text
        me = http.get(
            f"/api/rooms/{room.code}/me",
            headers={"Authorization": f"Bearer {joined.json()['token']}"},
        ).json()
        assert me["role"] == "spectator" and me["student_role"] == "rapporteur"
        fifth = http.post(
            f"/api/rooms/{room.code}/roles/rapporteur/join", json={"display_name": "Five"}
        )
        assert fifth.status_code == 409 and fifth.json()["detail"]["code"] == "roles_full"
        assert "4" in fifth.json()["detail"]["message"]
        unknown = http.post(f"/api/rooms/{room.code}/roles/king/join", json={})
        assert unknown.status_code == 422 and unknown.json()["detail"]["code"] == "unknown_role"
