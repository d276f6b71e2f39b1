"""The HTTP API: scenarios, rooms, seats, the chair's powers, exports, pages and docs."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import httpx
import yaml
from fastapi.testclient import TestClient
from live_support import (
    DELEGATIONS,
    PROJECT_ROOT,
    LiveClient,
    ServerProcess,
    scenario_document,
    write_scenarios,
)
from room_helpers import RoomHandles, create_room
from session_script import last_event, roll_call

from app.main import create_app
from app.settings import Settings


def chair_headers(room: RoomHandles) -> dict[str, str]:
    return {"Authorization": f"Bearer {room.chair_key}"}


def test_health_docs_and_scenarios(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        health = http.get("/healthz").json()
        assert health["status"] == "ok" and health["database"] == "ok"
        paths = http.get("/openapi.json").json()["paths"]
        for path in (
            "/api/scenarios",
            "/api/rooms",
            "/api/rooms/{code}/state",
            "/api/rooms/{code}/export.md",
        ):
            assert path in paths
        assert http.get("/docs").status_code == 200
        scenarios = http.get("/api/scenarios").json()
        assert [s["id"] for s in scenarios] == ["test_assembly"]
        assert scenarios[0]["forums"] == [{"id": "plenary", "name": "Plenary"}]
        assert scenarios[0]["actors"] == 21


def test_creating_rooms_from_a_bundled_or_uploaded_scenario(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        missing = http.post("/api/rooms", json={"scenario_id": "atlantis"})
        assert missing.status_code == 404
        assert missing.json()["detail"]["code"] == "scenario_not_found"
        assert "test_assembly" in missing.json()["detail"]["message"]

        wrong_forum = http.post(
            "/api/rooms", json={"scenario_id": "test_assembly", "forum_id": "nope"}
        )
        assert (
            wrong_forum.status_code == 422
            and wrong_forum.json()["detail"]["code"] == "unknown_forum"
        )

        good = yaml.safe_dump(scenario_document(["AAA", "BBB", "CCC"]))
        uploaded = http.post(
            "/api/rooms", files={"file": ("my class.yaml", good, "application/x-yaml")}
        )
        assert uploaded.status_code == 201, uploaded.text
        code = uploaded.json()["code"]
        assert len(code) == 6 and not set(code) & set("01OIL")
        assert uploaded.json()["chair_url"] == f"/chair/{code}#key={uploaded.json()['chair_key']}"
        seats = http.get(f"/api/rooms/{code.lower()}/seats").json()
        assert [seat["actor"] for seat in seats] == ["AAA", "BBB", "CCC", "NGO1"]
        assert seats[-1]["kind"] == "observer" and seats[-1]["delegation_kind"] == "ngo"

        broken = good.replace("level: secondary", "level: kindergarten")
        refused = http.post(
            "/api/rooms", files={"file": ("broken.yaml", broken, "application/x-yaml")}
        )
        assert refused.status_code == 422
        detail = refused.json()["detail"]
        assert detail["code"] == "invalid_scenario"
        line = (
            broken.splitlines().index(
                next(text for text in broken.splitlines() if "kindergarten" in text)
            )
            + 1
        )
        assert detail["errors"][0]["location"].startswith(f"broken.yaml:{line}:")
        assert (
            "level" in detail["errors"][0]["message"]
            or "kindergarten" in detail["errors"][0]["message"]
        )

        not_yaml = http.post(
            "/api/rooms", files={"file": ("x.yaml", b"a: [unclosed", "text/plain")}
        )
        assert not_yaml.status_code == 422
        assert not_yaml.json()["detail"]["errors"][0]["location"].startswith("x.yaml:1:")


def test_seats_are_claimed_once_and_the_chair_manages_them(server: ServerProcess) -> None:
    room = create_room(server.base_url, claim=["D01"])
    with httpx.Client(base_url=server.base_url) as http:
        taken = http.post(f"/api/rooms/{room.code}/seats/D01/claim", json={"display_name": "Bo"})
        assert taken.status_code == 409 and taken.json()["detail"]["code"] == "seat_taken"
        assert http.post(f"/api/rooms/{room.code}/seats/XX/claim", json={}).status_code == 404
        too_long = http.post(
            f"/api/rooms/{room.code}/seats/D02/claim", json={"display_name": "x" * 150}
        )
        assert too_long.status_code == 422

        me = http.get(
            f"/api/rooms/{room.code}/me", headers={"Authorization": f"Bearer {room.tokens['D01']}"}
        )
        assert {k: me.json()[k] for k in ("role", "actor", "display_name", "student_role")} == {
            "role": "delegate", "actor": "D01", "display_name": "Student D01",
            "student_role": "delegate",
        }

        delegate = {"Authorization": f"Bearer {room.tokens['D01']}"}
        assert (
            http.post(
                f"/api/rooms/{room.code}/lock", json={"locked": True}, headers=delegate
            ).status_code
            == 403
        )
        assert http.post(f"/api/rooms/{room.code}/lock", json={"locked": True}).status_code == 401

        locked = http.post(
            f"/api/rooms/{room.code}/lock", json={"locked": True}, headers=chair_headers(room)
        )
        assert locked.json()["locked"] is True
        refused = http.post(f"/api/rooms/{room.code}/seats/D02/claim", json={})
        assert refused.status_code == 423 and refused.json()["detail"]["code"] == "room_locked"
        http.post(
            f"/api/rooms/{room.code}/lock", json={"locked": False}, headers=chair_headers(room)
        )
        assert http.post(f"/api/rooms/{room.code}/seats/D02/claim", json={}).status_code == 200

        renamed = http.patch(
            f"/api/rooms/{room.code}/seats/D01",
            json={"display_name": "  Ana   Lopez "},
            headers=chair_headers(room),
        )
        assert renamed.json()["display_name"] == "Ana Lopez"

        moved = http.post(f"/api/rooms/{room.code}/seats/D01/reassign", headers=chair_headers(room))
        new_token = moved.json()["token"]
        assert http.get(f"/api/rooms/{room.code}/me", headers=delegate).status_code == 401
        me = http.get(
            f"/api/rooms/{room.code}/me", headers={"Authorization": f"Bearer {new_token}"}
        )
        assert me.json()["actor"] == "D01"

        cochair = http.post(f"/api/rooms/{room.code}/cochairs", headers=chair_headers(room)).json()
        second = http.get(
            f"/api/rooms/{room.code}/me",
            headers={"Authorization": f"Bearer {cochair['chair_key']}"},
        )
        assert second.json()["role"] == "chair"


def test_the_state_endpoint_shows_each_caller_only_what_they_may_see(
    server: ServerProcess, room: RoomHandles
) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        public = http.get(f"/api/rooms/{room.code}/state").json()
        assert public["role"] == "spectator" and public["view"]["me"] == {}
        assert "Secret position" not in str(public)
        own = http.get(
            f"/api/rooms/{room.code}/state",
            headers={"Authorization": f"Bearer {room.tokens['D03']}"},
        )
        assert "Secret position of D03" in str(own.json()["view"]["me"])
        assert "Secret position of D04" not in str(own.json())
        chair = http.get(f"/api/rooms/{room.code}/state", headers=chair_headers(room)).json()
        assert chair["role"] == "chair" and "Secret position of D04" in str(chair["view"]["me"])
        bad = http.get(f"/api/rooms/{room.code}/state", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
        assert http.get("/api/rooms/QQQQQQ/state").status_code == 404


async def test_exports_and_closing_a_room(server: ServerProcess, room: RoomHandles) -> None:
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    delegates = {
        a: await LiveClient(server.ws_url, room.code, room.tokens[a], a).connect()
        for a in DELEGATIONS
    }
    try:
        await roll_call(chair, delegates)
        await delegates["D01"].must("send_note", to=["D02"], text="Meet at the coffee machine")
        await delegates["D03"].must(
            "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30, topic="Dams"
        )
        motion = last_event(delegates["D03"], "motion_proposed")["motion"]
        await chair.must("entertain_motion", motion_id=motion["id"])
        await chair.must("open_vote")
        await asyncio.gather(
            *(delegates[a].must("cast_vote", choice="yes") for a in DELEGATIONS[:11])
        )
        await asyncio.gather(
            *(delegates[a].must("cast_vote", choice="no") for a in DELEGATIONS[11:14])
        )
        await chair.must("close_vote")
        async with httpx.AsyncClient(base_url=server.base_url) as http:
            as_delegate = await http.get(
                f"/api/rooms/{room.code}/export.json",
                headers={"Authorization": f"Bearer {room.tokens['D01']}"},
            )
            assert as_delegate.status_code == 403
            record = (
                await http.get(f"/api/rooms/{room.code}/export.json", headers=chair_headers(room))
            ).json()
            assert record["room"]["code"] == room.code
            assert [event["seq"] for event in record["events"]] == list(range(1, record["seq"] + 1))
            transcript = (
                await http.get(f"/api/rooms/{room.code}/export.md", headers=chair_headers(room))
            ).text
            assert transcript.startswith("# Test Assembly")
            assert "| Republic of D01 | yes |" in transcript
            assert "| Republic of D12 | no |" in transcript
            assert "coffee machine" not in transcript
            with_notes = (
                await http.get(
                    f"/api/rooms/{room.code}/export.md?notes=true", headers=chair_headers(room)
                )
            ).text
            assert "coffee machine" in with_notes

            offline = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "app.cli",
                    "export",
                    room.code.lower(),
                    "--database-url",
                    server.database_url,
                ],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert offline.returncode == 0, offline.stderr
            assert offline.stdout == transcript
            as_json = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "app.cli",
                    "export",
                    room.code,
                    "--format",
                    "json",
                    "--database-url",
                    server.database_url,
                ],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
            assert json.loads(as_json.stdout)["seq"] == record["seq"]

            closed = await http.post(f"/api/rooms/{room.code}/close", headers=chair_headers(room))
            assert closed.json()["closed"] is True
            await delegates["D05"].next_message("room")
            reply = await delegates["D05"].send("add_speaker")
            assert reply["type"] == "error" and reply["code"] == "room_closed"
            claim = await http.post(f"/api/rooms/{room.code}/seats/NGO1/claim", json={})
            assert claim.status_code == 410
            still_readable = await http.get(f"/api/rooms/{room.code}/state")
            assert still_readable.status_code == 200
    finally:
        await asyncio.gather(*(c.close() for c in [chair, *delegates.values()]))


def test_pages_render_their_templates_or_say_which_is_missing(tmp_path: Path) -> None:
    web = tmp_path / "web"
    (web / "templates").mkdir(parents=True)
    (web / "static").mkdir()
    (web / "static" / "app.css").write_text("body{}", "utf-8")
    (web / "templates" / "room.html").write_text(
        "room {{ room_code }} v{{ settings.protocol_version }}", "utf-8"
    )
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'p.db'}",
        scenarios_dir=write_scenarios(tmp_path / "scenarios"),
        web_dir=web,
    )
    with TestClient(create_app(settings)) as client:
        assert client.get("/room/abc234").text == "room ABC234 v1"
        missing = client.get("/projector/ABC234")
        assert missing.status_code == 500
        assert "projector.html" in missing.text
        assert client.get("/static/app.css").text == "body{}"


def test_every_bundled_scenario_opens_a_room_with_its_seats_and_briefs(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}")
    with TestClient(create_app(settings)) as client:
        scenarios = client.get("/api/scenarios").json()
        assert scenarios, f"no bundled scenarios found in {settings.scenarios_dir}"
        for scenario in scenarios:
            for forum in scenario["forums"]:
                created = client.post(
                    "/api/rooms", json={"scenario_id": scenario["id"], "forum_id": forum["id"]}
                )
                assert created.status_code == 201, (scenario["id"], forum["id"], created.text)
                code = created.json()["code"]
                seats = client.get(f"/api/rooms/{code}/seats").json()
                assert seats, f"{scenario['id']}/{forum['id']} has no seats"
                claimed = client.post(f"/api/rooms/{code}/seats/{seats[0]['actor']}/claim", json={})
                token = claimed.json()["token"]
                state = client.get(
                    f"/api/rooms/{code}/state", headers={"Authorization": f"Bearer {token}"}
                ).json()
                assert state["seat"] == seats[0]["actor"]
                assert "brief" in state["view"]["me"], f"{scenario['id']}: no brief for the seat"


async def test_two_students_clicking_the_same_seat_at_once_get_it_only_once(
    server: ServerProcess,
) -> None:
    room = create_room(server.base_url, claim=[])
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        answers = await asyncio.gather(
            *(
                http.post(f"/api/rooms/{room.code}/seats/D07/claim", json={"display_name": f"S{n}"})
                for n in range(12)
            )
        )
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [409] * 11, statuses
    winner = next(answer for answer in answers if answer.status_code == 200).json()["token"]
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        me = await http.get(
            f"/api/rooms/{room.code}/me", headers={"Authorization": f"Bearer {winner}"}
        )
    assert me.json()["actor"] == "D07"
