"""Conferences (app/conferences): the file makes one room per committee under a secretariat
key; a roster seats every student with a link of their own; a veto in the Council opens the
debate A/RES/76/262 requires in the Assembly; the secretariat's crisis lands in several rooms;
the secretariat's socket carries each room's public view and nothing private."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conference_support import BUNDLED_SCENARIOS, THREE_COMMITTEES, sixty_students, veto_first_draft
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, scenarios_dir=BUNDLED_SCENARIOS)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _create(client: TestClient, path: Path = THREE_COMMITTEES) -> dict[str, Any]:
    with path.open("rb") as file:
        made = client.post("/api/conferences", files={"file": (path.name, file)})
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


def _auth(body: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {body['secretariat_key']}"}


def _runtime(client: TestClient, code: str) -> Any:
    rooms = client.app.state.rooms  # type: ignore[attr-defined]
    return client.portal.call(rooms.runtime, code)  # type: ignore[union-attr]


def test_a_conference_file_makes_a_room_per_committee_under_one_secretariat_key(
    client: TestClient,
) -> None:
    body = _create(client)
    assert [c["id"] for c in body["committees"]] == ["sc", "ga", "cop"]
    assert all(c["chair_url"].startswith(f"/chair/{c['code']}#key=") for c in body["committees"])
    summary = client.get(f"/api/conferences/{body['code']}", headers=_auth(body))
    assert summary.status_code == 200
    # The chair keys are shown once, at creation; never again.
    assert all(c["chair_url"] is None for c in summary.json()["committees"])
    # Each committee's own chair key chairs its room.
    sc = body["committees"][0]
    chair_key = sc["chair_url"].split("#key=")[1]
    me = client.get(f"/api/rooms/{sc['code']}/me", headers={"Authorization": f"Bearer {chair_key}"})
    assert me.json()["role"] == "chair"
    missing = client.get(f"/api/conferences/{body['code']}")
    assert (missing.status_code, missing.json()["detail"]["code"]) == (
        401,
        "secretariat_key_required",
    )
    wrong = client.get(
        f"/api/conferences/{body['code']}", headers={"Authorization": f"Bearer {chair_key}"}
    )
    assert (wrong.status_code, wrong.json()["detail"]["code"]) == (403, "wrong_secretariat_key")


def test_a_conference_file_in_csv(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "spring-conference.csv"
    path.write_text(
        "id,name,scenario,forum,variant,one_delegation_per_school\n"
        "sc,Security Council,security-council-protection,,,no\n"
        "tut,Tutorial,tutorial,,,yes\n",
        encoding="utf-8",
    )
    body = _create(client, path)
    assert body["title"] == "spring conference"
    assert [c["name"] for c in body["committees"]] == ["Security Council", "Tutorial"]


@pytest.mark.parametrize(
    ("name", "text", "line", "code"),
    [
        (
            "bad.yaml",
            "title: T\ncommittees:\n  - id: sc\n    name: SC\n    scenario: tutorial\n"
            "crossings:\n  - when: veto\n    from: sc\n    to: [ga]\n",
            9,
            "bad_conference_file",
        ),
        (
            "bad.csv",
            "id,name,scenario\nsc,SC,tutorial\nSC two,Second,tutorial\n",
            3,
            "bad_conference_file",
        ),
    ],
)
def test_a_bad_conference_file_names_the_line_to_fix(
    client: TestClient, name: str, text: str, line: int, code: str
) -> None:
    refused = client.post("/api/conferences", files={"file": (name, text.encode())})
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail["code"] == code
    assert detail["problems"][0]["line"] == line, detail


def test_an_unknown_scenario_leaves_no_room_behind(client: TestClient) -> None:
    text = (
        "title: T\ncommittees:\n  - id: a\n    name: A\n    scenario: tutorial\n"
        "  - id: b\n    name: B\n    scenario: no-such-scenario\n"
    )
    refused = client.post("/api/conferences", files={"file": ("c.yaml", text.encode())})
    assert refused.json()["detail"]["code"] == "unknown_scenario"
    rooms = client.app.state.rooms  # type: ignore[attr-defined]
    assert rooms.loaded_runtimes() == []


def test_a_roster_of_sixty_seats_every_student_with_a_link_to_their_own_seat(
    client: TestClient,
) -> None:
    body = _create(client)
    imported = client.post(
        f"/api/conferences/{body['code']}/roster",
        files={"file": ("roster.csv", sixty_students())},
        headers=_auth(body),
    )
    assert imported.status_code == 200, imported.text
    students = imported.json()["students"]
    assert len(students) == 60
    assert len({s["link"] for s in students}) == 60
    # One delegation per school in the Assembly, as the file asks.
    ga_schools = [s["school"] for s in students if s["committee"] == "ga"]
    assert len(ga_schools) == len(set(ga_schools)) == 30
    # The Council seats asked for by name.
    assert {s["delegation"] for s in students if s["committee"] == "sc"} >= {"RUS", "USA"}
    codes = {c["id"]: c["code"] for c in body["committees"]}
    for student in students:
        token = urlsplit(student["link"]).fragment.removeprefix("seat=")
        assert urlsplit(student["link"]).path == f"/join/{codes[student['committee']]}"
        me = client.get(
            f"/api/rooms/{codes[student['committee']]}/me",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert {key: me.json()[key] for key in ("role", "actor", "display_name")} == {
            "role": "delegate",
            "actor": student["delegation"],
            "display_name": student["student"],
        }
        assert student["qr"].startswith("data:image/svg+xml;base64,")
        assert student["valid"] is True
    # The chair reassigns a seat: the printed link stops working, and the roster says so.
    first = students[0]
    chair_key = next(c for c in body["committees"] if c["id"] == first["committee"])["chair_url"]
    reassigned = client.post(
        f"/api/rooms/{codes[first['committee']]}/seats/{first['delegation']}/reassign",
        headers={"Authorization": f"Bearer {chair_key.split('#key=')[1]}"},
    )
    assert reassigned.status_code == 200
    again = client.get(f"/api/conferences/{body['code']}/roster", headers=_auth(body)).json()
    stale = [s for s in again["students"] if not s["valid"]]
    assert [(s["committee"], s["delegation"]) for s in stale] == [
        (first["committee"], first["delegation"])
    ]


@pytest.mark.parametrize(
    ("rows", "line", "says"),
    [
        ("Riverside,Sam,xx,\n", 2, "there is no committee 'xx'"),
        ("Riverside,Sam,sc,ATL\n", 2, "has no delegation 'ATL'"),
        ("Riverside,Sam,sc,USA\nLycée,Ann,sc,USA\n", 3, "already given to line 2"),
        ("Riverside,Sam,ga,\nRiverside,Ann,ga,\n", 3, "one delegation per school"),
        ("Riverside,,sc,\n", 2, "the student is empty"),
        ('Riverside,"Sam, Lee",sc,USA,extra\n', 2, "5 cells"),
    ],
)
def test_a_malformed_roster_names_each_bad_line_and_seats_nobody(
    client: TestClient, rows: str, line: int, says: str
) -> None:
    body = _create(client)
    refused = client.post(
        f"/api/conferences/{body['code']}/roster",
        files={"file": ("roster.csv", ("school,student,committee,delegation\n" + rows).encode())},
        headers=_auth(body),
    )
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail["code"] == "bad_roster"
    assert detail["problems"][0]["line"] == line
    assert says in detail["problems"][0]["message"], detail
    roster = client.get(f"/api/conferences/{body['code']}/roster", headers=_auth(body))
    assert roster.json()["students"] == []


def test_a_veto_in_the_council_opens_the_use_of_the_veto_item_in_the_assembly(
    client: TestClient,
) -> None:
    """A/RES/76/262 para. 1 (a GA debate within ten working days of a veto) and para. 4 (the
    item "Use of the veto"): the vetoed draft's text goes with it, stored in both rooms."""
    body = _create(client)
    codes = {c["id"]: c["code"] for c in body["committees"]}
    council = _runtime(client, codes["sc"])
    client.portal.call(veto_first_draft, council)  # type: ignore[union-attr]
    assembly = _runtime(client, codes["ga"])
    client.portal.call(assembly.sync)  # type: ignore[union-attr]

    def landed() -> bool:
        return any(i.id == "use-of-veto-1" for i in assembly.state.setup.agenda)

    for _ in range(100):
        if landed() and council.state.world.conference_sent:
            break
        client.portal.call(_pause)  # type: ignore[union-attr]
    item = next(i for i in assembly.state.setup.agenda if i.id == "use-of-veto-1")
    assert item.title.startswith("Use of the veto: Dialogue and humanitarian access")
    draft = council.state.draft("D1")
    assert item.description.splitlines()[0] == f"{draft.clauses[0].id}. {draft.clauses[0].text}"
    assert council.state.world.conference_sent == assembly.state.world.conference_received
    # Stored in both rooms: each reloaded from the table alone has it.
    rooms = client.app.state.rooms  # type: ignore[attr-defined]
    for runtime in (council, assembly):
        before = runtime.state
        client.portal.call(rooms.unload, runtime.room_id)  # type: ignore[union-attr]
        reloaded = _runtime(client, runtime.code)
        assert reloaded is not runtime
        assert reloaded.state.world == before.world
        assert reloaded.state.setup.agenda == before.setup.agenda


async def _pause() -> None:
    import asyncio

    await asyncio.sleep(0.05)


def test_the_secretariats_crisis_lands_once_in_every_room_named(client: TestClient) -> None:
    body = _create(client)
    crisis = {"id": "dam-1", "committees": ["sc", "cop"], "title": "Dam breach", "text": "Floods."}
    first = client.post(f"/api/conferences/{body['code']}/crises", json=crisis, headers=_auth(body))
    again = client.post(f"/api/conferences/{body['code']}/crises", json=crisis, headers=_auth(body))
    assert [x["committee"] for x in first.json()["landed"]] == ["sc", "cop"]
    # The retry stored nothing: each room's seq stayed where the first left it.
    assert [x["seq"] for x in again.json()["landed"]] == [x["seq"] for x in first.json()["landed"]]
    codes = {c["id"]: c["code"] for c in body["committees"]}
    for committee in ("sc", "cop"):
        view = client.get(f"/api/rooms/{codes[committee]}/state").json()["view"]
        assert [n["headline"] for n in view["world"]["news"]].count("Dam breach") == 1
    unknown = client.post(
        f"/api/conferences/{body['code']}/crises",
        json={**crisis, "id": "x", "committees": ["nope"]},
        headers=_auth(body),
    )
    assert unknown.json()["detail"]["code"] == "committee_not_found"


def test_the_secretariat_socket_shows_every_room_public_parts_only(client: TestClient) -> None:
    body = _create(client)
    with client.websocket_connect(f"/ws/conferences/{body['code']}") as socket:
        socket.send_text(json.dumps({"type": "hello", "token": body["secretariat_key"]}))
        welcome = json.loads(socket.receive_text())
        assert welcome["type"] == "conference"
        views = {}
        while len(views) < 3:
            frame = json.loads(socket.receive_text())
            if frame["type"] == "committee":
                views[frame["committee"]] = frame
        for frame in views.values():
            assert "me" not in frame["view"]
            assert "brief" not in json.dumps(frame["view"])
        status = json.loads(socket.receive_text())
        assert status["type"] == "status"
        assert [c["chair_seen_at"] for c in status["committees"]] == [None, None, None]


def test_the_secretariat_socket_refuses_a_wrong_key(client: TestClient) -> None:
    body = _create(client)
    with client.websocket_connect(f"/ws/conferences/{body['code']}") as socket:
        socket.send_text(json.dumps({"type": "hello", "token": "not-the-key"}))
        with pytest.raises(Exception) as closed:
            socket.receive_text()
        assert getattr(closed.value, "code", None) == 4001


def test_a_new_chair_link_replaces_the_old_one(client: TestClient) -> None:
    body = _create(client)
    sc = body["committees"][0]
    old_key = sc["chair_url"].split("#key=")[1]
    made = client.post(
        f"/api/conferences/{body['code']}/committees/sc/chair-link", headers=_auth(body)
    )
    new_key = made.json()["chair_url"].split("#key=")[1]

    def role(key: str) -> int:
        return client.get(
            f"/api/rooms/{sc['code']}/me", headers={"Authorization": f"Bearer {key}"}
        ).status_code

    assert (role(new_key), role(old_key)) == (200, 401)


def test_a_committee_runs_the_variant_its_file_names(client: TestClient) -> None:
    text = (
        "title: T\ncommittees:\n  - id: ga\n    name: GA\n    scenario: general-assembly-2030\n"
        "    variant: lesson-45\n"
    )
    made = client.post("/api/conferences", files={"file": ("c.yaml", text.encode())})
    assert made.status_code == 201, made.text
    room = _runtime(client, made.json()["committees"][0]["code"])
    assert room.room.variant_id == "lesson-45"
    unknown = client.post(
        "/api/conferences", files={"file": ("c.yaml", text.replace("lesson-45", "x").encode())}
    )
    assert unknown.json()["detail"]["code"] == "unknown_variant"


def test_a_crossing_left_unsent_by_a_crash_is_sent_when_the_room_loads_again(
    client: TestClient,
) -> None:
    """The veto is committed but the server stops before sending it on: the Council's room owes
    the crossing, and sends it as soon as it is loaded again."""
    body = _create(client)
    codes = {c["id"]: c["code"] for c in body["committees"]}
    council = _runtime(client, codes["sc"])
    council.commit_listeners.clear()  # as if the process died right after the commit
    client.portal.call(veto_first_draft, council)  # type: ignore[union-attr]
    assembly = _runtime(client, codes["ga"])
    assert not any(i.id.startswith("use-of-veto") for i in assembly.state.setup.agenda)
    assert council.state.world.conference_sent == ()
    rooms = client.app.state.rooms  # type: ignore[attr-defined]
    client.portal.call(rooms.unload, council.room_id)  # type: ignore[union-attr]
    reloaded = _runtime(client, codes["sc"])
    for _ in range(100):
        if reloaded.state.world.conference_sent:
            break
        client.portal.call(_pause)  # type: ignore[union-attr]
    assert any(i.id == "use-of-veto-1" for i in assembly.state.setup.agenda)
    assert reloaded.state.world.conference_sent == assembly.state.world.conference_received


def test_deleting_a_committees_room_takes_its_students_and_its_place(client: TestClient) -> None:
    body = _create(client)
    client.post(
        f"/api/conferences/{body['code']}/roster",
        files={"file": ("roster.csv", sixty_students())},
        headers=_auth(body),
    )
    sc = body["committees"][0]
    chair = {"Authorization": f"Bearer {sc['chair_url'].split('#key=')[1]}"}
    assert client.delete(f"/api/rooms/{sc['code']}", headers=chair).status_code == 204
    left = client.get(f"/api/conferences/{body['code']}", headers=_auth(body)).json()
    assert [c["id"] for c in left["committees"]] == ["ga", "cop"]
    roster = client.get(f"/api/conferences/{body['code']}/roster", headers=_auth(body)).json()
    assert len(roster["students"]) == 45
    assert {s["committee"] for s in roster["students"]} == {"ga", "cop"}
