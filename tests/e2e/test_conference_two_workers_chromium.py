"""Issue 14's done-when, on two workers: `plenary serve --workers 2` on PostgreSQL and Redis runs a
conference of three committees (Council, General Assembly, climate summit) from a roster of 60
students. Every student's link lands in its seat (all 60 over HTTP and WebSocket, spread over both
workers, a few in Chromium), a veto in the Council opens the Assembly's "Use of the veto" item,
and the secretariat page in Chromium shows all three rooms live.

The steps are the one-worker test's (test_conference_chromium.py). Each socket lands on whichever
worker the kernel picks, so every command is sent only once the socket's worker has shown what
it acts on, as a person acts on what their screen shows."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from websockets.sync.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from conference_support import BUNDLED_SCENARIOS, COUNCIL
from live_support import ServerProcess, free_port, postgres_schema_url
from test_conference_chromium import _create_conference, _import_roster_on_the_roster_page

REDIS_URL = "redis://127.0.0.1:6379/0"
SHOTS = Path("/work/helpers/shots/ops")

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("two-workers")
    port = free_port()
    with postgres_schema_url() as url:
        server = ServerProcess(
            url,
            BUNDLED_SCENARIOS,
            port=port,
            redis_url=REDIS_URL,
            workers=2,
            env={"PLENARY_PUBLIC_URL": f"http://127.0.0.1:{port}"},
        )
        server.log_path = folder / "server.log"
        server.start(timeout=90)
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="module")
def base_url(two_workers: ServerProcess) -> str:
    """The browser contexts (conftest's ``new_context``) open this server."""
    return two_workers.base_url


class Room:
    """One committee as the clients see it: the newest seq any of them was acknowledged."""

    def __init__(self, base_url: str, code: str) -> None:
        self.base_url = base_url
        self.code = code
        self.seen = 0

    def state(self) -> dict[str, Any]:
        """The room's state from whichever worker answers, once it holds every acked event."""
        deadline = time.monotonic() + 20
        while True:
            body: dict[str, Any] = httpx.get(f"{self.base_url}/api/rooms/{self.code}/state").json()
            if body["seq"] >= self.seen:
                return body
            assert time.monotonic() < deadline, f"no worker caught up to {self.seen}: {body['seq']}"
            time.sleep(0.05)

    def send(self, token: str, command_type: str, **fields: Any) -> int:
        """One command on a fresh socket, sent once that socket's worker has shown ``seen``;
        returns the seq of its ack."""
        url = self.base_url.replace("http://", "ws://") + f"/ws/rooms/{self.code}"
        with connect(url, open_timeout=10, max_size=None) as socket:
            socket.send(json.dumps({"type": "hello", "token": token, "last_seq": None}))
            shown = -1
            while shown < self.seen:
                message = json.loads(socket.recv(timeout=10))
                shown = max(shown, int(message.get("seq", -1)))
            socket.send(json.dumps({"id": "c", "type": command_type, **fields}))
            while True:
                message = json.loads(socket.recv(timeout=10))
                if message.get("id") == "c" and message["type"] in ("ack", "error"):
                    assert message["type"] == "ack", f"{command_type} {fields}: {message}"
                    self.seen = max(self.seen, int(message["seq"]))
                    return self.seen


def test_a_conference_of_sixty_students_on_two_workers(
    new_context: Any, two_workers: ServerProcess, tmp_path: Path
) -> None:
    server = two_workers
    base_url = server.base_url
    conference = _create_conference(base_url)
    codes = {c["id"]: c["code"] for c in conference["committees"]}
    chair_keys = {c["id"]: c["chair_url"].split("#key=")[1] for c in conference["committees"]}
    rooms = {committee: Room(base_url, code) for committee, code in codes.items()}
    students = _import_roster_on_the_roster_page(new_context, conference, tmp_path)
    assert len(students) == 60

    # Every link lands in its seat: its token names the student's seat on both workers.
    served_by: set[int] = set()
    with httpx.Client(base_url=base_url, timeout=20) as http:
        for student in students:
            token = urlsplit(student["link"]).fragment.removeprefix("seat=")
            code = codes[student["committee"]]
            assert urlsplit(student["link"]).path == f"/join/{code}"
            me = http.get(f"/api/rooms/{code}/me", headers={"Authorization": f"Bearer {token}"})
            assert me.status_code == 200, me.text
            assert me.json()["actor"] == student["delegation"]
            assert me.json()["display_name"] == student["student"]
            url = base_url.replace("http://", "ws://") + f"/ws/rooms/{code}"
            with connect(url, open_timeout=10) as socket:
                socket.send(json.dumps({"type": "hello", "token": token, "last_seq": None}))
                welcome = json.loads(socket.recv(timeout=10))
                assert welcome["type"] == "welcome", welcome
                assert (welcome["role"], welcome["seat"]) == ("delegate", student["delegation"])
                served_by.add(worker_holding(server, socket.local_address[1]))
    assert len(served_by) == 2, "the 60 students' sockets all reached one worker"

    # A few in Chromium: the link opens the room page in the student's seat.
    for committee in codes:
        student = next(s for s in students if s["committee"] == committee)
        page = new_context().new_page()
        page.goto(student["link"])
        page.wait_for_url(f"**/room/{codes[committee]}")
        page.locator("#connection[data-state='open']").wait_for()
        page.locator("#my-seat", has_text=student["student"]).wait_for()
        page.close()

    secretariat = new_context(viewport={"width": 1366, "height": 768}).new_page()
    secretariat.goto(f"/secretariat/{conference['code']}#key={conference['secretariat_key']}")
    secretariat.locator("#connection[data-state='open']").wait_for()
    for committee in codes:
        secretariat.locator(f"#committee-{committee} [data-part='phase']").wait_for()

    # The Council's chair opens the console (on either worker): the secretariat sees it.
    chair = new_context().new_page()
    chair.goto(f"/chair/{codes['sc']}#key={chair_keys['sc']}")
    chair.locator("#connection[data-state='open']").wait_for()
    secretariat.locator("#committee-sc [data-chair='seen']").wait_for()

    # The climate summit moves: live on the secretariat page.
    cop_student = next(s for s in students if s["committee"] == "cop")
    rooms["cop"].send(
        urlsplit(cop_student["link"]).fragment.removeprefix("seat="),
        "record_attendance",
        member=cop_student["delegation"],
        status="present",
    )
    secretariat.locator(
        "#committee-cop [data-part='attendance']", has_text="Present: 1 of 20"
    ).wait_for()

    # The Council with the students' own tokens: D1 to a vote and Russia's no.
    tokens = {
        s["delegation"]: urlsplit(s["link"]).fragment.removeprefix("seat=")
        for s in students
        if s["committee"] == "sc"
    }
    council = rooms["sc"]
    for actor in COUNCIL:
        council.send(tokens[actor], "record_attendance", member=actor, status="present")
    council.send(tokens["CHE"], "propose_motion", kind="move_to_vote", target="D1")
    motion = council.state()["view"]["motions"][-1]["id"]
    council.send(chair_keys["sc"], "entertain_motion", motion_id=motion)
    while True:
        council.send(chair_keys["sc"], "open_vote", roll_call=False)
        vote = council.state()["view"]["vote"]
        on_draft = vote["subject"]["kind"] == "draft"
        for actor in vote["eligible"]:
            choice = "no" if on_draft and actor == "RUS" else "yes"
            council.send(tokens[actor], "cast_vote", choice=choice)
            if on_draft and actor == vote["eligible"][0]:
                secretariat.locator("#committee-sc [data-part='vote'] .tally").wait_for()
        council.send(chair_keys["sc"], "close_vote")
        if on_draft:
            break
    secretariat.locator("#committee-sc .result-banner[data-veto='true']").wait_for()

    # The veto opened the 76/262 debate in the Assembly, shown live and served by both workers.
    secretariat.locator(
        "#committee-ga [data-item='use-of-veto-1']", has_text="Use of the veto"
    ).wait_for()
    title = "Use of the veto: Dialogue and humanitarian access in Karevia (Chapter VI)"
    in_a_row, deadline = 0, time.monotonic() + 20
    while in_a_row < 8:  # eight reads in a row, from whichever worker answers each
        ga = rooms["ga"].state()["view"]
        found = [i["title"] for i in ga["agenda"] if i["id"] == "use-of-veto-1"]
        in_a_row = in_a_row + 1 if found == [title] else 0
        assert time.monotonic() < deadline, f"the workers did not all show the item: {found}"
    for committee in codes:  # still all three rooms on the page
        secretariat.locator(f"#committee-{committee} [data-part='phase']").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    secretariat.screenshot(path=str(SHOTS / "e2e-secretariat-two-workers.png"), full_page=True)
    assert "Traceback" not in server.log(), server.log()[-3000:]


def worker_holding(server: ServerProcess, local_port: int) -> int:
    import psutil

    for pid in server.worker_pids():
        for connection in psutil.Process(pid).net_connections(kind="tcp"):
            if connection.raddr and connection.raddr.port == local_port:
                return pid
    raise AssertionError(f"no worker holds the socket from port {local_port}")
