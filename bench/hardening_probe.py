"""Hardening probe: starts a real ``plenary serve`` and measures nine known weak spots.

    .venv/bin/python bench/hardening_probe.py --json out.json [--only name1,name2] [--repo PATH]

Run it against one checkout, fix things, run the same script against the fixed checkout (``--repo``
names it; the default is the checkout this file sits in) and compare. Each probe starts its own
server (SQLite in a temporary folder, the repo's ``.venv/bin/python`` if there is one) so rate
limits and memory of one probe never leak into the next. A probe never fails because a defect is
fixed: a refusal is an outcome, recorded as its error code. Each probe has a time limit, and a
probe that breaks records ``<probe>.error`` and the figures it had so far. Every figure is
printed as ``<probe>.<figure>: value`` and written to ``--json`` (with the commit and timings).

Probes:

bots_consensus
    Bundled ``tutorial``: one student seat, two bot seats (``assign_bot`` over the socket), the
    roll, the student's motion to close debate, the chair entertains it and puts it to the vote
    (the bots vote by themselves), then the chair proposes adoption without a vote of the
    draft. Reports the seq jump of that ack (events one command produced), of the student's
    ``cast_vote join`` after it and of the chair's ``close_vote``, each with its latency. The same
    on ``climate-summit`` with a bot on every seat but the student's: events and ms per command.
nonfinite
    Raw JSON text with ``1e999`` (infinity) and ``NaN``: a motion's ``minutes`` and a clause's
    ``effects``. Reports ack or error code, whether the messages and the next ``state`` the server
    pushes parse with a strict JSON parser (no Infinity/NaN), and the HTTP state's status.
deep_nesting
    ``submit_draft`` whose clause ``effects`` nest 195 levels of lists and objects
    (``[{"a": [{"a": ...}]}]``), and, each in a room of its own, 197 levels (the first depth
    whose stored snapshot, 5 levels deeper, passes pydantic's JSON depth limit) and 390 (195
    list-and-object pairs). Reports ack or code; forces a snapshot (server started with
    ``PLENARY_SNAPSHOT_EVERY=5``, then a dozen speakers-list commands), restarts the server on
    the same database and reports, per room, the status of ``GET /api/rooms/{code}/state`` and
    ``GET /api/rooms/{code}`` and what a new socket gets (and whether the server came up).
draft_flood
    One delegate submits drafts of four 3,800-character clauses at ~15 a second for 30 s (under
    the 20/s command rate). Reports drafts accepted, the public state size (``GET .../state``
    without auth), the server's RSS, and the bytes one spectator socket received. Then ~10 s each
    (one seat each, ~15/s) of amendments, notes, speakers-list entries and vote pledges: how
    many the server accepted from one seat.
spectator_lockout
    100 read-only sockets (hello with token null) to one room from one address, then one more
    sent like the projector page's hello. Reports what the 101st got (welcome, or close
    code/reason).
room_creation
    Uploads a ~490 KiB scenario YAML (multipart ``file``) and reports the database growth (file
    size after a WAL checkpoint). Then creates rooms as fast as allowed for 60 s: rooms created,
    the burst before the first refusal, rooms per minute after it. Then, on a fresh database with
    100 open rooms, the server's startup time (process start to ``/healthz`` 200) against an
    empty database.
bad_input_500s
    A seat claim whose display name is the lone surrogate ``"\\ud800"`` (raw JSON escape), the
    same as a chair rename, scenario uploads with a NUL byte (raw and as the YAML escape ``\\0``)
    and with a 5,000-digit integer. Reports HTTP statuses ("reset" when the connection broke)
    and whether the server still answers.
never_reading
    200 sockets (raw TCP, a manual WebSocket handshake, a small receive buffer) say hello with
    seat tokens of one room and then never read. Two delegates add and remove themselves from
    the speakers list at ~15/s each for 60 s (~1,800 commits: more than a connection's default
    outbox of 1,000, so the server should give up on the silent sockets). Reports the server's
    RSS growth (sampled every 10 s), whether the server closed those sockets (server-side TCP
    states from ``/proc/net/tcp``, and the bytes the kernel still queues for them) and the
    delegates' ack latency.
compressed_bomb
    Two sockets (each in a helper process of this script, so compressing does not slow the
    probe's own client) negotiate permessage-deflate and send 1 MiB highly compressible text
    frames as fast as they can for 15 s while a legitimate delegate sends a command every
    100 ms. Reports the delegate's ack latency p50/max (and over 5 s without the bomb, for
    comparison), the frames sent and the server CPU seconds used meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import websockets
import yaml

DEFAULT_REPO = Path(__file__).resolve().parent.parent
COMMAND_TIMEOUT = 60.0
HTTP_TIMEOUT = 60.0


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1000 else f"{value:.0f}"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, separators=(",", ":"), default=str)
    return str(value)


class Report:
    def __init__(self) -> None:
        self.figures: dict[str, Any] = {}
        self.details: dict[str, Any] = {}
        self.probes: dict[str, dict[str, Any]] = {}

    def put(self, name: str, value: Any) -> None:
        if isinstance(value, float):
            value = round(value, 4)
        self.figures[name] = value
        print(f"{name}: {_show(value)}", flush=True)


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def strict_json(text: str) -> bool:
    """Parses as standard JSON (no Infinity, -Infinity or NaN)."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"non-standard JSON constant {constant}")

    try:
        json.loads(text, parse_constant=refuse)
    except (ValueError, RecursionError):
        return False
    return True


# ---------------------------------------------------------------------------------------------
# The server process
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerFailed(RuntimeError):
    pass


class Server:
    """``python -m app.cli serve`` of the checkout under test, in a child process."""

    def __init__(
        self, repo: Path, python: str, db_path: Path, log_path: Path, env: dict[str, str]
    ) -> None:
        self.repo = repo
        self.python = python
        self.db_path = db_path
        self.log_path = log_path
        self.env = env
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 60.0) -> float:
        """Start the server; seconds from the process start to ``/healthz`` answering 200."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("PLENARY_")}
        env.update({"PYTHONUNBUFFERED": "1", **self.env})
        log = self.log_path.open("ab")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [
                self.python,
                "-m",
                "app.cli",
                "serve",
                "--port",
                str(self.port),
                "--database-url",
                f"sqlite:///{self.db_path}",
            ],
            cwd=self.repo,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = started + timeout
        with httpx.Client(timeout=1) as http:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise ServerFailed(f"the server exited early: {self.log_tail()}")
                try:
                    if http.get(f"{self.base_url}/healthz").status_code == 200:
                        return time.monotonic() - started
                except httpx.HTTPError:
                    pass
                time.sleep(0.02)
        self.stop()
        raise ServerFailed(f"no /healthz within {timeout} s: {self.log_tail()}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return " | ".join(text.strip().splitlines()[-lines:])

    def rss_mb(self) -> float | None:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except (OSError, AssertionError):
            return None
        return None

    def cpu_seconds(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, AssertionError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------------
# A live client
# ---------------------------------------------------------------------------------------------


@dataclass
class Reply:
    ok: bool
    code: str | None
    seq: int | None
    ms: float
    message: str = ""

    @property
    def outcome(self) -> str:
        return "ack" if self.ok else str(self.code)


class Live:
    """One WebSocket of a room: records what the server sends, matches replies to commands."""

    def __init__(
        self,
        server: Server,
        code: str,
        token: str | None,
        name: str,
        *,
        compression: str | None = None,
        parse: bool = True,
        keep_raw: bool = False,
    ) -> None:
        self.url = f"{server.ws_url}/ws/rooms/{code}"
        self.token = token
        self.name = name
        self.compression = compression
        self.parse = parse
        self.keep_raw = keep_raw
        self.ws: Any = None
        self.reader: asyncio.Task[None] | None = None
        self.welcome: dict[str, Any] | None = None
        self.closed: tuple[int | None, str] | None = None
        self.bytes = 0
        self.frames = 0
        self.events = 0
        self.last_seq = 0
        self.state_seq: int | None = None
        self.raw: list[tuple[str, int | None, str]] = []  # (type, seq, text) when keep_raw
        self.errors_without_id: list[str] = []
        self._replies: dict[Any, tuple[asyncio.Future[dict[str, Any]], float]] = {}
        # Commands whose refusal may come without an id (the server could not read the id).
        self._anonymous: list[Any] = []
        self._next = 0

    async def connect(self, timeout: float = 15.0, **hello: Any) -> Live:
        self.ws = await websockets.connect(
            self.url,
            max_size=None,
            compression=self.compression,
            open_timeout=timeout,
            ping_interval=None,
            close_timeout=2,
        )
        greeting = {"type": "hello", "token": self.token, "last_seq": None, **hello}
        await self.ws.send(json.dumps(greeting))
        self.reader = asyncio.create_task(self._read())
        await until(lambda: self.welcome is not None or self.closed is not None, timeout)
        if self.welcome is None:
            raise ConnectionError(f"{self.name}: no welcome; closed with {self.closed}")
        return self

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8"))
                self.bytes += size
                self.frames += 1
                if not self.parse and self.welcome is not None and size > 2048:
                    continue  # only counted: states and events; replies are small
                try:
                    message = json.loads(raw)
                except (ValueError, RecursionError):
                    continue
                if not isinstance(message, dict):
                    continue
                self._take(message, raw if isinstance(raw, str) else raw.decode())
        except websockets.ConnectionClosed as gone:
            received = gone.rcvd
            self.closed = (received.code, received.reason) if received else (None, "")
        except Exception as failure:  # a broken frame from the server, say
            self.closed = (None, f"reader failed: {failure!r}")
        finally:
            if self.closed is None:
                self.closed = (self.ws.close_code, self.ws.close_reason or "")
            for future, _ in self._replies.values():
                if not future.done():
                    future.set_result({"type": "error", "code": "connection_closed"})
            self._replies.clear()

    def _take(self, message: dict[str, Any], text: str) -> None:
        kind = message.get("type")
        seq = message.get("seq") if isinstance(message.get("seq"), int) else None
        if self.keep_raw:
            self.raw.append((str(kind), seq, text))
        if kind == "welcome":
            self.welcome = message
            self.last_seq = int(message.get("seq") or 0)
        elif kind == "event":
            self.events += 1
            self.last_seq = max(self.last_seq, seq or 0)
        elif kind == "events":
            for event in message.get("events") or []:
                self.events += 1
                if isinstance(event, dict) and isinstance(event.get("seq"), int):
                    self.last_seq = max(self.last_seq, event["seq"])
        elif kind in ("state", "snapshot"):
            self.state_seq = seq
        elif kind in ("ack", "error"):
            entry = self._replies.pop(message.get("id"), None)
            if entry is not None and not entry[0].done():
                entry[0].set_result({**message, "_received_at": time.perf_counter()})
            elif kind == "error" and message.get("id") is None:
                self.errors_without_id.append(str(message.get("code")))
                while self._anonymous:
                    waiting = self._replies.pop(self._anonymous.pop(0), None)
                    if waiting is not None and not waiting[0].done():
                        waiting[0].set_result({**message, "_received_at": time.perf_counter()})
                        break

    def new_id(self) -> str:
        self._next += 1
        return f"{self.name}-{self._next}"

    async def fire(
        self, text: str, command_id: Any, anonymous: bool = False
    ) -> Callable[[float], Awaitable[Reply]]:
        """Send raw text; return a function that waits (up to its argument) for the reply.
        ``anonymous``: an error without an id (the server could not read the message) that
        arrives meanwhile counts as this command's reply."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[dict[str, Any]] = loop.create_future()
        sent_at = time.perf_counter()
        self._replies[command_id] = (future, sent_at)
        if anonymous:
            self._anonymous.append(command_id)
        try:
            await self.ws.send(text)
        except websockets.ConnectionClosed:
            self._replies.pop(command_id, None)
            if not future.done():
                future.set_result({"type": "error", "code": "connection_closed"})

        async def wait(timeout: float) -> Reply:
            try:
                message = await asyncio.wait_for(asyncio.shield(future), timeout)
            except TimeoutError:
                self._replies.pop(command_id, None)
                return Reply(False, "timeout", None, (time.perf_counter() - sent_at) * 1000)
            ms = (float(message.get("_received_at") or time.perf_counter()) - sent_at) * 1000
            if message.get("type") == "ack":
                return Reply(True, None, int(message.get("seq") or 0), ms)
            return Reply(False, str(message.get("code")), None, ms, str(message.get("message")))

        return wait

    async def request(
        self, text: str, command_id: Any, timeout: float = COMMAND_TIMEOUT, anonymous: bool = False
    ) -> Reply:
        wait = await self.fire(text, command_id, anonymous)
        return await wait(timeout)

    async def send(
        self, command_type: str, /, timeout: float = COMMAND_TIMEOUT, **fields: Any
    ) -> Reply:
        command_id = self.new_id()
        text = json.dumps({"id": command_id, "type": command_type, **fields})
        return await self.request(text, command_id, timeout)

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader


async def until(condition: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(step)
    return True


async def close_all(clients: list[Live]) -> None:
    await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)


# ---------------------------------------------------------------------------------------------
# HTTP helpers
# ---------------------------------------------------------------------------------------------


@dataclass
class Room:
    code: str
    chair_key: str
    tokens: dict[str, str] = field(default_factory=dict)
    # The projector link's key, where the server hands one out (``projector_url`` ``#key=``).
    projector_key: str | None = None


async def create_room(
    http: httpx.AsyncClient, scenario_id: str, headers: dict[str, str] | None = None
) -> Room:
    created = await http.post("/api/rooms", json={"scenario_id": scenario_id}, headers=headers)
    if created.status_code != 201:
        raise RuntimeError(f"creating a {scenario_id} room: {created.status_code} {created.text}")
    body = created.json()
    projector_url = str(body.get("projector_url", ""))
    key = projector_url.split("#key=", 1)[1] if "#key=" in projector_url else None
    return Room(code=body["code"], chair_key=body["chair_key"], projector_key=key)


async def upload_room(http: httpx.AsyncClient, name: str, content: bytes) -> httpx.Response:
    return await http.post(
        "/api/rooms", files={"file": (name, content, "application/x-yaml")}, timeout=HTTP_TIMEOUT
    )


async def claim(http: httpx.AsyncClient, room: Room, actor: str) -> str:
    claimed = await http.post(
        f"/api/rooms/{room.code}/seats/{actor}/claim", json={"display_name": f"Student {actor}"}
    )
    if claimed.status_code != 200:
        raise RuntimeError(f"claiming {actor}: {claimed.status_code} {claimed.text}")
    token = str(claimed.json()["token"])
    room.tokens[actor] = token
    return token


async def seat_list(http: httpx.AsyncClient, room: Room) -> list[dict[str, Any]]:
    listed = await http.get(f"/api/rooms/{room.code}/seats")
    listed.raise_for_status()
    return list(listed.json())


async def chair_view(http: httpx.AsyncClient, room: Room) -> dict[str, Any]:
    answer = await http.get(
        f"/api/rooms/{room.code}/state", headers={"Authorization": f"Bearer {room.chair_key}"}
    )
    answer.raise_for_status()
    return dict(answer.json()["view"])


def scenario_document(delegations: list[str], padding: int = 0) -> dict[str, Any]:
    """A small valid scenario (as in the server tests): fictional states and one NGO."""
    document: dict[str, Any] = {
        "metadata": {
            "title": "Probe Assembly",
            "summary": "Fictional states and an NGO, for the hardening probe.",
            "level": "secondary",
            "duration_minutes": 60,
            "learning_objectives": ["Practise the rules of procedure."],
        },
        "actors": [
            {"id": actor, "name": f"Republic of {actor}", "kind": "state", "fictional": True}
            for actor in delegations
        ]
        + [{"id": "NGO1", "name": "Relief Network", "kind": "ngo"}],
        "forums": [
            {"id": "plenary", "name": "Plenary", "members": delegations, "observers": ["NGO1"]}
        ],
        "agenda": [
            {
                "id": "water",
                "title": "Water security",
                "background": "Rivers are drying up.",
                "dimensions": ["food", "environmental"],
            }
        ],
        "briefs": {
            actor: {"position": f"Secret position of {actor}: protect the river."}
            for actor in [*delegations, "NGO1"]
        },
        "debrief": {"prompts": ["What did you learn?"]},
    }
    return document


def scenario_yaml(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def padded_scenario(target_bytes: int) -> bytes:
    """A valid scenario YAML of about ``target_bytes``: long (<= 20,000 character) briefs."""
    delegations = [f"D{n:02d}" for n in range(1, 21)]
    document = scenario_document(delegations)
    words = ["rivers", "dams", "treaties", "droughts", "farmers", "cities", "wells", "basins"]
    text_of = lambda n, seed: " ".join(words[(seed + i) % len(words)] for i in range(n))  # noqa: E731
    actors = [*delegations, "NGO1"]
    for index, actor in enumerate(actors):
        document["briefs"][actor]["position"] = text_of(2_200, index)[:19_900]
    content = scenario_yaml(document).encode()
    extra = 0
    while len(content) < target_bytes and extra < 40:
        extra += 1
        document["agenda"].append(
            {
                "id": f"item{extra}",
                "title": f"Item {extra}",
                "background": text_of(2_200, extra)[:19_900],
                "dimensions": ["food"],
            }
        )
        content = scenario_yaml(document).encode()
    # Trim the last background so the file lands just under the target.
    if len(content) > target_bytes and extra:
        over = len(content) - target_bytes + 64
        last = document["agenda"][-1]
        last["background"] = last["background"][: max(100, len(last["background"]) - over)]
        content = scenario_yaml(document).encode()
    return content


def sqlite_size(path: Path) -> dict[str, int]:
    """File sizes of the database after a WAL checkpoint (and the pages in use)."""
    result: dict[str, int] = {}
    with contextlib.closing(sqlite3.connect(path, timeout=10)) as db:
        with contextlib.suppress(sqlite3.Error):
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        free = db.execute("PRAGMA freelist_count").fetchone()[0]
        result["used_bytes"] = (pages - free) * page_size
    result["file_bytes"] = path.stat().st_size
    wal = path.with_name(path.name + "-wal")
    result["wal_bytes"] = wal.stat().st_size if wal.exists() else 0
    return result


# ---------------------------------------------------------------------------------------------
# Probe context
# ---------------------------------------------------------------------------------------------


@dataclass
class Context:
    repo: Path
    python: str
    workdir: Path
    report: Report
    name: str = ""

    def put(self, figure: str, value: Any) -> None:
        self.report.put(f"{self.name}.{figure}", value)

    def detail(self, figure: str, value: Any) -> None:
        """Kept in the JSON only (too long for a line)."""
        self.report.details[f"{self.name}.{figure}"] = value

    def new_server(self, label: str, env: dict[str, str] | None = None) -> Server:
        folder = self.workdir / self.name
        folder.mkdir(parents=True, exist_ok=True)
        return Server(
            self.repo,
            self.python,
            folder / f"{label}.db",
            folder / f"{label}.log",
            env or {},
        )

    @contextlib.contextmanager
    def server(self, label: str, env: dict[str, str] | None = None) -> Iterator[Server]:
        server = self.new_server(label, env)
        try:
            server.start()
            yield server
        finally:
            server.stop()


def http_for(server: Server, keepalive: bool = True) -> httpx.AsyncClient:
    """An HTTP client; ``keepalive=False`` opens a new connection per request, so a connection
    the server broke after one answer cannot fail the next request."""
    limits = httpx.Limits() if keepalive else httpx.Limits(max_keepalive_connections=0)
    return httpx.AsyncClient(base_url=server.base_url, timeout=HTTP_TIMEOUT, limits=limits)


# ---------------------------------------------------------------------------------------------
# 1. bots_consensus
# ---------------------------------------------------------------------------------------------


async def probe_bots_consensus(ctx: Context) -> None:
    for scenario, prefix, bots in (("tutorial", "tutorial", 2), ("climate-summit", "climate", 0)):
        with ctx.server(prefix) as server:
            try:
                await asyncio.wait_for(consensus_session(ctx, server, scenario, prefix, bots), 150)
            except TimeoutError:
                ctx.put(f"{prefix}.error", "timed out after 150 s")


async def consensus_session(
    ctx: Context, server: Server, scenario: str, prefix: str, bot_count: int
) -> None:
    async with http_for(server) as http:
        room = await create_room(http, scenario)
        seats = await seat_list(http, room)
        members = [s["actor"] for s in seats if s["kind"] == "member"]
        student = members[0]
        others = [s["actor"] for s in seats if s["actor"] != student]
        bots = others[:bot_count] if bot_count else others
        await claim(http, room, student)
        chair = await Live(server, room.code, room.chair_key, "chair", parse=True).connect()
        pupil = await Live(server, room.code, room.tokens[student], student).connect()
        seq = int(chair.welcome["seq"]) if chair.welcome else 0
        steps: list[dict[str, Any]] = []

        async def step(label: str, client: Live, command_type: str, /, **fields: Any) -> Reply:
            nonlocal seq
            reply = await client.send(command_type, **fields)
            jump = None
            if reply.ok and reply.seq is not None:
                jump, seq = reply.seq - seq, reply.seq
            steps.append(
                {"step": label, "outcome": reply.outcome, "seq_jump": jump, "ms": reply.ms}
            )
            if reply.code == "timeout":
                raise TimeoutError(f"{label} got no answer in {COMMAND_TIMEOUT} s")
            return reply

        try:
            ctx.put(f"{prefix}.seats", {"student": student, "bots": len(bots)})
            for seat in bots:
                await step(f"assign_bot {seat}", chair, "assign_bot", seat=seat)
            for actor in [student, *(o for o in others if o not in bots)]:
                await step(
                    "record_attendance", chair, "record_attendance", member=actor, status="present"
                )
            await step("propose_motion", pupil, "propose_motion", kind="close_debate")
            view = await chair_view(http, room)
            motion = next(
                (m for m in view.get("motions", []) if m.get("kind") == "close_debate"), None
            )
            if motion is None:
                raise RuntimeError(f"no close_debate motion in the view: {steps[-1]}")
            await step("entertain_motion", chair, "entertain_motion", motion_id=motion["id"])
            view = await chair_view(http, room)
            if view.get("voting_procedure") is None:
                await step("open_vote (motion)", chair, "open_vote")
                await step("cast_vote yes (motion)", pupil, "cast_vote", choice="yes")
                await step("close_vote (motion)", chair, "close_vote")
                view = await chair_view(http, room)
            ctx.put(f"{prefix}.in_voting_procedure", view.get("voting_procedure") is not None)
            adoption = await step(
                "propose_adoption_without_vote", chair, "propose_adoption_without_vote"
            )
            ctx.put(f"{prefix}.adoption_outcome", adoption.outcome)
            ctx.put(f"{prefix}.adoption_seq_jump", steps[-1]["seq_jump"])
            ctx.put(f"{prefix}.adoption_ms", adoption.ms)
            follow = await step("cast_vote join", pupil, "cast_vote", choice="join")
            ctx.put(f"{prefix}.followup_outcome", follow.outcome)
            ctx.put(f"{prefix}.followup_seq_jump", steps[-1]["seq_jump"])
            ctx.put(f"{prefix}.followup_ms", follow.ms)
            closing = await step("close_vote", chair, "close_vote")
            ctx.put(f"{prefix}.close_vote_outcome", closing.outcome)
            ctx.put(f"{prefix}.close_vote_seq_jump", steps[-1]["seq_jump"])
            ctx.put(f"{prefix}.close_vote_ms", closing.ms)
        finally:
            jumps = [s["seq_jump"] for s in steps if s["seq_jump"] is not None]
            if jumps:
                ctx.put(f"{prefix}.commands", len(steps))
                ctx.put(f"{prefix}.events_per_command_mean", statistics.mean(jumps))
                ctx.put(f"{prefix}.events_per_command_max", max(jumps))
                ctx.put(f"{prefix}.ms_per_command_mean", statistics.mean(s["ms"] for s in steps))
                ctx.put(f"{prefix}.ms_per_command_max", max(s["ms"] for s in steps))
            ctx.detail(f"{prefix}.steps", steps)
            refused = [f"{s['step']}={s['outcome']}" for s in steps if s["outcome"] != "ack"]
            if refused:
                ctx.put(f"{prefix}.refused_steps", refused)
            ctx.put(f"{prefix}.server_rss_mb", server.rss_mb())
            await close_all([chair, pupil])


# ---------------------------------------------------------------------------------------------
# 2. nonfinite
# ---------------------------------------------------------------------------------------------


async def probe_nonfinite(ctx: Context) -> None:
    with ctx.server("nonfinite") as server:
        async with http_for(server) as http:
            room = await create_room(http, "tutorial")
            actors = ["BGD", "BRA", "DEU"]
            for actor in actors:
                await claim(http, room, actor)
            chair = await Live(server, room.code, room.chair_key, "chair").connect()
            for actor in ["BGD", "BRA", "DEU", "JPN", "KEN"]:
                await chair.send("record_attendance", member=actor, status="present")
            watcher = await Live(server, room.code, None, "watcher", keep_raw=True).connect()
            delegates = {
                actor: await Live(
                    server, room.code, room.tokens[actor], actor, keep_raw=True
                ).connect()
                for actor in actors
            }
            cases = [
                (
                    "motion_inf",
                    "BGD",
                    '{"id":"nf-inf","type":"propose_motion","kind":"close_debate","minutes":1e999}',
                ),
                (
                    "motion_nan",
                    "BRA",
                    '{"id":"nf-nan","type":"propose_motion","kind":"close_debate","minutes":NaN}',
                ),
                (
                    "draft_inf",
                    "DEU",
                    '{"id":"nf-draft","type":"submit_draft","title":"Infinite patience",'
                    '"clauses":[{"kind":"operative","text":"Decides to wait for ever;",'
                    '"effects":[{"x":1e999}]}]}',
                ),
            ]
            try:
                for case, actor, text in cases:
                    client = delegates[actor]
                    mark_watcher, mark_own = len(watcher.raw), len(client.raw)
                    command_id = json.loads(text)["id"]
                    reply = await client.request(text, command_id, timeout=20, anonymous=True)
                    ctx.put(f"{case}.reply", reply.outcome)
                    if not reply.ok:
                        continue
                    await nonfinite_check(ctx, case, "spectator", watcher, mark_watcher, reply)
                    await nonfinite_check(ctx, case, "sender", client, mark_own, reply)
                # One more ordinary command: is the room's state still standard JSON?
                mark = len(watcher.raw)
                reply = await delegates["BGD"].send("add_speaker", timeout=20)
                ctx.put("after.add_speaker", reply.outcome)
                if reply.ok:
                    await nonfinite_check(ctx, "after", "spectator", watcher, mark, reply)
                answer = await http.get(f"/api/rooms/{room.code}/state")
                ctx.put("http_state_status", answer.status_code)
                ctx.put("http_state_strict_json", strict_json(answer.text))
                ctx.put(
                    "connections_closed",
                    {c.name: c.closed for c in [watcher, *delegates.values()] if c.closed}
                    or "none",
                )
            finally:
                await close_all([chair, watcher, *delegates.values()])


async def nonfinite_check(
    ctx: Context, case: str, who: str, client: Live, mark: int, reply: Reply
) -> None:
    seq = reply.seq or 0

    def state_index() -> int | None:
        for index in range(mark, len(client.raw)):
            kind, state_seq, _ = client.raw[index]
            if kind in ("state", "snapshot") and (state_seq or 0) >= seq:
                return index
        return None

    await until(lambda: state_index() is not None or client.closed is not None, 5)
    index = state_index()
    upto = index + 1 if index is not None else len(client.raw)
    bad = sum(1 for _, _, text in client.raw[mark:upto] if not strict_json(text))
    ctx.put(f"{case}.{who}_nonstrict_messages", bad)
    if index is None:
        ctx.put(f"{case}.{who}_next_state", f"none within 5 s (closed: {client.closed})")
    else:
        ctx.put(f"{case}.{who}_next_state_strict_json", strict_json(client.raw[index][2]))


# ---------------------------------------------------------------------------------------------
# 3. deep_nesting
# ---------------------------------------------------------------------------------------------

NESTING_DEPTHS = (195, 197, 390)


def nested_effects(depth: int) -> Any:
    """``depth`` nested containers, lists at odd levels and objects at even ones, so the
    outermost is the effects list of objects: [{"a": [{"a": ...}]}]."""
    value: Any = [] if depth % 2 == 1 else {}
    for level in range(depth - 1, 0, -1):
        value = [value] if level % 2 == 1 else {"a": value}
    return value


def json_depth(value: Any) -> int:
    depth, layer = 0, [value]
    while layer:
        depth += 1
        nxt: list[Any] = []
        for item in layer:
            if isinstance(item, dict):
                nxt.extend(item.values())
            elif isinstance(item, list):
                nxt.extend(item)
        layer = [item for item in nxt if isinstance(item, (dict, list))]
    return depth


async def deep_room(
    ctx: Context, server: Server, http: httpx.AsyncClient, label: str, depth: int
) -> Room:
    """A tutorial room holding one draft whose clause effects nest ``depth`` containers."""
    effects = nested_effects(depth)
    ctx.put(f"{label}.effects_depth", json_depth(effects))
    room = await create_room(http, "tutorial")
    await claim(http, room, "BGD")
    chair = await Live(server, room.code, room.chair_key, "chair").connect()
    delegate = await Live(server, room.code, room.tokens["BGD"], "BGD").connect()
    try:
        await chair.send("record_attendance", member="BGD", status="present")
        text = json.dumps(
            {
                "id": "deep",
                "type": "submit_draft",
                "title": "Deep",
                "clauses": [{"kind": "operative", "text": "Nests;", "effects": effects}],
            }
        )
        ctx.put(f"{label}.message_bytes", len(text))
        reply = await delegate.request(text, "deep", timeout=20, anonymous=True)
        ctx.put(f"{label}.submit_draft", reply.outcome)
        live = await http.get(f"/api/rooms/{room.code}/state")
        ctx.put(f"{label}.live_state_status", live.status_code)
        acked = 0
        for index in range(12):  # past a snapshot (PLENARY_SNAPSHOT_EVERY=5)
            kind = "add_speaker" if index % 2 == 0 else "remove_speaker"
            acked += (await delegate.send(kind, timeout=20)).ok
        ctx.put(f"{label}.snapshot_commands_acked", acked)
    finally:
        await close_all([chair, delegate])
    return room


async def probe_deep_nesting(ctx: Context) -> None:
    # 195 nested containers as briefed. A stored state nests 5 deeper than the effects, and
    # pydantic's JSON parser (snapshots are read with model_validate_json) takes at most 201
    # levels, so 195 still loads and 197 is the first depth that does not; 390 is 195
    # list-and-object pairs. One room each, so each result is its own.
    server = ctx.new_server("deep", env={"PLENARY_SNAPSHOT_EVERY": "5"})
    try:
        server.start()
        rooms: dict[str, Room] = {}
        async with http_for(server) as http:
            for depth in NESTING_DEPTHS:
                label = f"depth{depth}"
                rooms[label] = await deep_room(ctx, server, http, label, depth)
        server.stop()
        try:
            ctx.put("restart_seconds", server.start())
        except ServerFailed as failed:
            ctx.put("restart", f"failed: {str(failed)[-300:]}")
            return
        async with http_for(server, keepalive=False) as http:
            for label, room in rooms.items():
                after = await status_of(http.get(f"/api/rooms/{room.code}/state"))
                ctx.put(f"{label}.restarted_state_status", after)
                summary = await status_of(http.get(f"/api/rooms/{room.code}"))
                ctx.put(f"{label}.restarted_summary_status", summary)
                watcher = Live(server, room.code, None, "watcher")
                try:
                    await watcher.connect(timeout=10)
                    await until(lambda w=watcher: w.state_seq is not None or w.closed, 3)
                    got = "welcome+state" if watcher.state_seq is not None else "welcome"
                    ctx.put(f"{label}.restarted_socket", f"{got} (closed: {watcher.closed})")
                except Exception as refused:
                    why = f"{type(refused).__name__}: {refused}"[:150]
                    ctx.put(
                        f"{label}.restarted_socket", f"refused: {why} (closed: {watcher.closed})"
                    )
                finally:
                    await watcher.close()
        ctx.put("server_alive", server.alive())
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------
# 4. draft_flood
# ---------------------------------------------------------------------------------------------

FLOOD_RATE = 15.0
CLAUSE_CHARS = 3_800


async def paced(
    client: Live,
    seconds: float,
    make: Callable[[int], dict[str, Any]],
    rate: float = FLOOD_RATE,
    max_in_flight: int = 100,
    reply_timeout: float = 30.0,
    should_stop: Callable[[], bool] = lambda: False,
) -> dict[str, Any]:
    """Send ``make(i)`` commands at ``rate`` a second for ``seconds``; tally the replies."""
    waits: list[Callable[[float], Awaitable[Reply]]] = []
    in_flight: set[asyncio.Task[Reply]] = set()
    results: list[Reply] = []
    skipped = 0
    started = time.monotonic()
    index = 0
    while time.monotonic() - started < seconds and client.closed is None and not should_stop():
        target = started + index / rate
        delay = target - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        in_flight = {task for task in in_flight if not task.done()}
        if len(in_flight) >= max_in_flight:
            skipped += 1
        else:
            command_id = client.new_id()
            text = json.dumps({"id": command_id, **make(index)})
            wait = await client.fire(text, command_id)
            waits.append(wait)
            task = asyncio.create_task(wait(reply_timeout))
            in_flight.add(task)
        index += 1
    sent_seconds = time.monotonic() - started
    for wait in waits:
        results.append(await wait(reply_timeout))
    codes: dict[str, int] = {}
    why: dict[str, str] = {}
    for reply in results:
        codes[reply.outcome] = codes.get(reply.outcome, 0) + 1
        if not reply.ok:
            why.setdefault(reply.outcome, reply.message[:200])
    latencies = [r.ms for r in results if r.ok]
    return {
        "sent": len(results),
        "accepted": codes.get("ack", 0),
        "outcomes": codes,
        "refusals": why,
        "skipped_backpressure": skipped,
        "seconds": sent_seconds,
        "ack_p50_ms": percentile(latencies, 0.5),
        "ack_max_ms": max(latencies) if latencies else None,
    }


def long_text(index: int, tag: str, chars: int = CLAUSE_CHARS) -> str:
    head = f"{tag} {index}: "
    return (head + "calls for more water for everyone " * (chars // 30 + 1))[:chars]


async def probe_draft_flood(ctx: Context) -> None:
    with ctx.server("flood") as server:
        async with http_for(server) as http:
            room = await create_room(http, "tutorial")
            actors = ["BGD", "BRA", "DEU", "JPN", "KEN"]
            for actor in actors:
                await claim(http, room, actor)
            chair = await Live(server, room.code, room.chair_key, "chair", parse=False).connect()
            for actor in actors:
                await chair.send("record_attendance", member=actor, status="present")
            spectator = await Live(server, room.code, None, "spectator", parse=False).connect()
            clients = {
                actor: await Live(server, room.code, room.tokens[actor], actor).connect()
                for actor in actors
            }
            rss_before = server.rss_mb()
            ctx.put("rss_before_mb", rss_before)
            try:
                spectator_before = spectator.bytes

                def draft(index: int) -> dict[str, Any]:
                    return {
                        "type": "submit_draft",
                        "title": f"Flood draft {index}",
                        "clauses": [
                            {"kind": "operative", "text": long_text(index, f"clause {c}")}
                            for c in range(4)
                        ],
                    }

                ctx.put("draft_message_bytes", len(json.dumps({"id": "BGD-1", **draft(0)})))
                flood = await paced(clients["BGD"], 30.0, draft, reply_timeout=90)
                ctx.put("drafts_sent", flood["sent"])
                ctx.put("drafts_accepted", flood["accepted"])
                ctx.put("drafts_outcomes", flood["outcomes"])
                ctx.put("drafts_ack_p50_ms", flood["ack_p50_ms"])
                ctx.put("drafts_ack_max_ms", flood["ack_max_ms"])
                public = await http.get(f"/api/rooms/{room.code}/state")
                ctx.put("public_state_status", public.status_code)
                ctx.put("public_state_bytes", len(public.content))
                ctx.put("rss_after_drafts_mb", server.rss_mb())
                ctx.put("spectator_bytes_during_drafts", spectator.bytes - spectator_before)

                def amendment(index: int) -> dict[str, Any]:
                    return {
                        "type": "propose_amendment",
                        "draft_id": "D1",
                        "action": "add",
                        "clause": {"kind": "operative", "text": long_text(index, "amendment")},
                    }

                def note(index: int) -> dict[str, Any]:
                    return {
                        "type": "send_note",
                        "to": ["BGD"],
                        "text": long_text(index, "note", 900),
                    }

                def speaker(index: int) -> dict[str, Any]:
                    return {"type": "add_speaker"}

                def pledge(index: int) -> dict[str, Any]:
                    return {
                        "type": "pledge_vote",
                        "recipient": "BGD",
                        "draft_id": "D1",
                        "choice": ("yes", "no", "abstain")[index % 3],
                        "text": long_text(index, "pledge", 480),
                    }

                per_seat = await asyncio.gather(
                    paced(clients["BRA"], 10.0, amendment),
                    paced(clients["DEU"], 10.0, note),
                    paced(clients["JPN"], 10.0, speaker),
                    paced(clients["KEN"], 10.0, pledge),
                )
                for label, result in zip(
                    ("amendments", "notes", "speakers", "pledges"), per_seat, strict=True
                ):
                    ctx.put(f"{label}_sent", result["sent"])
                    ctx.put(f"{label}_accepted", result["accepted"])
                    ctx.put(f"{label}_outcomes", result["outcomes"])
                    ctx.detail(f"{label}_refusals", result["refusals"])
                public = await http.get(f"/api/rooms/{room.code}/state")
                ctx.put("final_public_state_bytes", len(public.content))
                ctx.put("final_rss_mb", server.rss_mb())
                ctx.put("spectator_bytes_total", spectator.bytes)
                ctx.put("spectator_closed", spectator.closed or "no")
                ctx.put("db_file_mb", sqlite_size(server.db_path)["file_bytes"] / 2**20)
            finally:
                await close_all([chair, spectator, *clients.values()])


# ---------------------------------------------------------------------------------------------
# 5. spectator_lockout
# ---------------------------------------------------------------------------------------------


async def probe_spectator_lockout(ctx: Context) -> None:
    with ctx.server("spectators") as server:
        async with http_for(server) as http:
            room = await create_room(http, "tutorial")
        screens: list[Live] = []
        refused: list[Any] = []
        try:
            for index in range(100):
                screen = Live(server, room.code, None, f"screen{index}", parse=False)
                try:
                    screens.append(await screen.connect(timeout=10))
                except Exception:
                    refused.append(screen.closed)
            ctx.put("first_100_welcomed", len(screens))
            if refused:
                ctx.put("first_100_refusals", refused[:3])
            # The projector page as the server hands it out: with its key, where there is one.
            ctx.put("projector_has_key", room.projector_key is not None)
            projector = Live(server, room.code, room.projector_key, "projector", parse=False)
            try:
                await projector.connect(timeout=10, v=1, batch_events=True, state_patches=True)
                await asyncio.sleep(0.5)  # a socket let in and closed at once shows up here
                ctx.put("projector_101st", "welcome" if projector.closed is None else "closed")
                if projector.closed is not None:
                    ctx.put("projector_close", list(projector.closed))
                screens.append(projector)
            except Exception as failure:
                ctx.put("projector_101st", "refused")
                ctx.put("projector_close", list(projector.closed or (None, repr(failure))))
            await asyncio.sleep(0.5)
            ctx.put("first_100_closed_since", sum(1 for s in screens[:100] if s.closed))
        finally:
            await close_all(screens)


# ---------------------------------------------------------------------------------------------
# 6. room_creation
# ---------------------------------------------------------------------------------------------


async def probe_room_creation(ctx: Context) -> None:
    with ctx.server("creation") as server:
        async with http_for(server) as http:
            content = padded_scenario(490 * 1024)
            ctx.put("upload_bytes", len(content))
            before = sqlite_size(server.db_path)
            upload = await upload_room(http, "big.yaml", content)
            ctx.put("upload_status", upload.status_code)
            if upload.status_code != 201:
                ctx.put("upload_answer", upload.text[:300])
            after = sqlite_size(server.db_path)
            ctx.put("upload_db_growth_kib", (after["file_bytes"] - before["file_bytes"]) / 1024)
            used = after["used_bytes"] - before["used_bytes"]
            ctx.put("upload_db_used_growth_kib", used / 1024)

            created = refused = 0
            first_refusal: float | None = None
            created_after_burst = 0
            started = time.monotonic()
            while (now := time.monotonic()) - started < 60:
                answer = await http.post("/api/rooms", json={"scenario_id": "tutorial"})
                if answer.status_code == 201:
                    created += 1
                    if first_refusal is not None:
                        created_after_burst += 1
                else:
                    refused += 1
                    if first_refusal is None:
                        first_refusal = now - started
                        ctx.put("refusal_status", answer.status_code)
                        ctx.put("refusal_retry_after", answer.headers.get("retry-after"))
                    await asyncio.sleep(0.02)
            ctx.put("rooms_created_60s", created)
            ctx.put("requests_refused_60s", refused)
            ctx.put("burst_before_first_refusal", created - created_after_burst)
            ctx.put("first_refusal_after_s", first_refusal)
            if first_refusal is not None and 60 - first_refusal > 1:
                rate = created_after_burst / (60 - first_refusal) * 60
                ctx.put("rooms_per_minute_after_burst", rate)
            burst_db = sqlite_size(server.db_path)
            growth = burst_db["file_bytes"] - after["file_bytes"]
            ctx.put("db_growth_per_room_kib", growth / 1024 / max(created, 1))
    await startup_with_rooms(ctx, 100)


async def startup_with_rooms(ctx: Context, count: int) -> None:
    env = {"PLENARY_ROOMS_CREATED_PER_SECOND": "1000", "PLENARY_ROOM_CREATION_BURST": "1000"}
    server = ctx.new_server("startup", env=env)
    try:
        ctx.put("startup_empty_db_s", server.start())
        made = 0
        async with http_for(server) as http:
            deadline = time.monotonic() + 60
            attempt = 0
            while made < count and time.monotonic() < deadline:
                attempt += 1
                # A different (trusted, from 127.0.0.1) forwarded address per room, in case the
                # checkout ignores the rate settings above.
                headers = {"X-Forwarded-For": f"10.9.{attempt // 250}.{attempt % 250 + 1}"}
                answer = await http.post(
                    "/api/rooms", json={"scenario_id": "climate-summit"}, headers=headers
                )
                if answer.status_code == 201:
                    made += 1
                else:
                    await asyncio.sleep(0.05)
        ctx.put("startup_rooms_in_db", made)
        ctx.put("startup_db_mb", sqlite_size(server.db_path)["file_bytes"] / 2**20)
        server.stop()
        seconds = []
        for _ in range(2):
            seconds.append(server.start(timeout=120))
            rss = server.rss_mb()
            server.stop()
        ctx.put("startup_with_rooms_s", min(seconds))
        ctx.put("startup_with_rooms_rss_mb", rss)
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------
# 7. bad_input_500s
# ---------------------------------------------------------------------------------------------


async def status_of(request: Awaitable[httpx.Response]) -> int | str:
    try:
        return (await request).status_code
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as broken:
        return f"reset ({type(broken).__name__})"
    except httpx.TimeoutException:
        return "timeout"


async def probe_bad_input_500s(ctx: Context) -> None:
    with ctx.server("badinput") as server:
        async with http_for(server, keepalive=False) as http:
            room = await create_room(http, "tutorial")
            surrogate = b'{"display_name": "\\ud800"}'
            json_headers = {"Content-Type": "application/json"}
            ctx.put(
                "claim_lone_surrogate",
                await status_of(
                    http.post(
                        f"/api/rooms/{room.code}/seats/BGD/claim",
                        content=surrogate,
                        headers=json_headers,
                    )
                ),
            )
            await claim(http, room, "BRA")
            ctx.put(
                "rename_lone_surrogate",
                await status_of(
                    http.patch(
                        f"/api/rooms/{room.code}/seats/BRA",
                        content=surrogate,
                        headers={**json_headers, "Authorization": f"Bearer {room.chair_key}"},
                    )
                ),
            )
            seats = await http.get(f"/api/rooms/{room.code}/seats")
            ctx.put("seats_after_surrogate", seats.status_code)
            base = scenario_yaml(scenario_document(["D01", "D02", "D03"]))
            raw_nul = base.replace("title: Probe Assembly", "title: Probe\x00Assembly").encode()
            escaped_nul = base.replace("title: Probe Assembly", 'title: "Probe\\0Assembly"')
            digits = base.replace("duration_minutes: 60", "duration_minutes: " + "7" * 5000)
            for label, content in (
                ("upload_raw_nul_byte", raw_nul),
                ("upload_yaml_escaped_nul", escaped_nul.encode()),
                ("upload_5000_digit_integer", digits.encode()),
            ):
                ctx.put(label, await status_of(upload_room(http, "bad.yaml", content)))
            ctx.put("healthz_after", await status_of(http.get("/healthz")))
            ctx.put("server_alive", server.alive())


# ---------------------------------------------------------------------------------------------
# 8. never_reading
# ---------------------------------------------------------------------------------------------

NEVER_READING = 200
# Two delegates at ~15 commands/s each: 60 s then make ~1,800 committed batches, more than a
# connection's outbox holds by default (send_queue_limit 1,000), so "fell behind" is reached.
TALKERS = 2


def ws_frame(payload: bytes, opcode: int = 0x1) -> bytes:
    """One masked client frame (FIN set)."""
    mask = os.urandom(4)
    size = len(payload)
    head = bytes([0x80 | opcode])
    if size < 126:
        head += bytes([0x80 | size])
    elif size < 65536:
        head += bytes([0x80 | 126]) + size.to_bytes(2, "big")
    else:
        head += bytes([0x80 | 127]) + size.to_bytes(8, "big")
    masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
    return head + mask + masked


def open_raw_socket(port: int, path: str, hello: str, rcvbuf: int = 4096) -> socket.socket:
    """A WebSocket opened by hand that says hello and is then never read again."""
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    raw.settimeout(15)
    raw.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    raw.sendall(
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = raw.recv(1)
        if not chunk:
            raise ConnectionError("closed during the handshake")
        head += chunk
    if not head.startswith(b"HTTP/1.1 101"):
        raise ConnectionError(head.split(b"\r\n", 1)[0].decode(errors="replace"))
    raw.sendall(ws_frame(hello.encode()))
    return raw


def tcp_states(server_port: int, client_ports: set[int]) -> dict[str, Any]:
    """Server-side TCP sockets to ``client_ports``: count by state and bytes queued to send."""
    names = {
        "01": "ESTABLISHED",
        "04": "FIN_WAIT1",
        "05": "FIN_WAIT2",
        "06": "TIME_WAIT",
        "07": "CLOSE",
        "08": "CLOSE_WAIT",
        "09": "LAST_ACK",
        "0B": "CLOSING",
    }
    states: dict[str, int] = {}
    queued = 0
    seen = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        local, remote, state, queues = parts[1], parts[2], parts[3], parts[4]
        if int(local.split(":")[1], 16) != server_port:
            continue
        if int(remote.split(":")[1], 16) not in client_ports:
            continue
        seen += 1
        label = names.get(state, state)
        states[label] = states.get(label, 0) + 1
        queued += int(queues.split(":")[0], 16)
    states["absent"] = len(client_ports) - seen
    return {"states": states, "send_queue_bytes": queued}


async def probe_never_reading(ctx: Context) -> None:
    with ctx.server("neverreading") as server:
        delegations = [f"D{n:03d}" for n in range(1, NEVER_READING + TALKERS + 1)]
        async with http_for(server) as http:
            upload = await upload_room(
                http, "many.yaml", scenario_yaml(scenario_document(delegations)).encode()
            )
            if upload.status_code != 201:
                raise RuntimeError(f"upload: {upload.status_code} {upload.text[:200]}")
            body = upload.json()
            room = Room(code=body["code"], chair_key=body["chair_key"])
            for actor in delegations:
                await claim(http, room, actor)
        chair = await Live(server, room.code, room.chair_key, "chair", parse=False).connect()
        talkers: list[Live] = []
        for actor in delegations[NEVER_READING:]:
            await chair.send("record_attendance", member=actor, status="present")
            talkers.append(await Live(server, room.code, room.tokens[actor], actor).connect())
        path = f"/ws/rooms/{room.code}"

        def open_all() -> tuple[list[socket.socket], list[str]]:
            opened, failures = [], []
            for actor in delegations[:NEVER_READING]:
                hello = json.dumps({"type": "hello", "token": room.tokens[actor], "last_seq": None})
                try:
                    opened.append(open_raw_socket(server.port, path, hello))
                except OSError as failure:
                    failures.append(repr(failure))
            return opened, failures

        sockets: list[socket.socket] = []
        try:
            sockets, failures = await asyncio.to_thread(open_all)
            ctx.put("sockets_opened", len(sockets))
            if failures:
                ctx.put("socket_failures", failures[:3])
            ports = {s.getsockname()[1] for s in sockets}
            await asyncio.sleep(2)
            rss_start = server.rss_mb() or 0.0
            ctx.put("rss_start_mb", rss_start)
            samples: list[float] = []
            established: list[int] = []
            too_big = [False]

            async def sample() -> None:
                while True:
                    await asyncio.sleep(10)
                    samples.append(round(server.rss_mb() or 0.0, 1))
                    established.append(
                        tcp_states(server.port, ports)["states"].get("ESTABLISHED", 0)
                    )
                    if samples[-1] > 8_000:  # keep the machine alive
                        too_big[0] = True
                        ctx.put("stopped_early", "server RSS over 8 GB")

            sampler = asyncio.create_task(sample())
            try:
                runs = await asyncio.gather(
                    *(
                        paced(
                            talker,
                            60.0,
                            lambda i: {"type": "add_speaker" if i % 2 == 0 else "remove_speaker"},
                            reply_timeout=20,
                            should_stop=lambda: too_big[0],
                        )
                        for talker in talkers
                    )
                )
            finally:
                sampler.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sampler
            rss_end = server.rss_mb() or 0.0
            ctx.put("rss_samples_mb", samples)
            ctx.put("established_samples", established)
            ctx.put("rss_end_mb", rss_end)
            ctx.put("rss_growth_mb", rss_end - rss_start)
            outcomes: dict[str, int] = {}
            for run in runs:
                for outcome, count in run["outcomes"].items():
                    outcomes[outcome] = outcomes.get(outcome, 0) + count
            ctx.put("commands_accepted", outcomes.get("ack", 0))
            ctx.put("command_outcomes", outcomes)
            ctx.put("ack_p50_ms", max(r["ack_p50_ms"] or 0 for r in runs))
            ctx.put("ack_max_ms", max(r["ack_max_ms"] or 0 for r in runs))
            tcp = tcp_states(server.port, ports)
            ctx.put("server_side_tcp_states", tcp["states"])
            ctx.put("server_send_queue_mb", tcp["send_queue_bytes"] / 2**20)
            ctx.put(
                "sockets_closed_by_server",
                len(ports) - tcp["states"].get("ESTABLISHED", 0),
            )
            await asyncio.sleep(5)
            ctx.put("rss_5s_after_traffic_mb", server.rss_mb())
            ctx.put("talkers_closed", [t.closed for t in talkers if t.closed] or "no")
        finally:
            for raw in sockets:
                with contextlib.suppress(OSError):
                    raw.close()
            await close_all([chair, *talkers])


# ---------------------------------------------------------------------------------------------
# 9. compressed_bomb
# ---------------------------------------------------------------------------------------------

BOMB = '{"id":1,"type":"x","p":"' + "a" * 1_000_000 + '"}'
BOMB_SECONDS = 15.0


async def legit_cadence(client: Live, seconds: float) -> dict[str, Any]:
    return await paced(
        client,
        seconds,
        lambda i: {"type": "add_speaker" if i % 2 == 0 else "remove_speaker"},
        rate=10.0,
        reply_timeout=30,
    )


async def bomber_main(url: str, seconds: float) -> None:
    """A bomber process (``--bomb-url``): its own process, so compressing 1 MiB frames does not
    slow the probe's legitimate client. Prints ``ready``, bombs, prints a JSON summary."""
    socket_ = await websockets.connect(
        url, compression="deflate", max_size=None, ping_interval=None, close_timeout=2
    )
    await socket_.send(json.dumps({"type": "hello", "token": None, "last_seq": None}))
    replies = [0]

    async def drain() -> None:
        with contextlib.suppress(Exception):
            async for _ in socket_:
                replies[0] += 1

    reader = asyncio.create_task(drain())
    extensions = [type(ext).__name__ for ext in getattr(socket_.protocol, "extensions", [])]
    print("ready", flush=True)
    sent, closed = 0, None
    stop_at = time.monotonic() + seconds
    try:
        while time.monotonic() < stop_at:
            await socket_.send(BOMB)
            sent += 1
    except websockets.ConnectionClosed as gone:
        closed = [gone.rcvd.code, gone.rcvd.reason] if gone.rcvd else "no close frame"
    await asyncio.sleep(0.5)
    reader.cancel()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(socket_.close(), 3)
    summary = {"sent": sent, "replies": replies[0], "closed": closed, "extensions": extensions}
    print(json.dumps(summary), flush=True)


async def probe_compressed_bomb(ctx: Context) -> None:
    with ctx.server("bomb") as server:
        async with http_for(server) as http:
            room = await create_room(http, "tutorial")
            await claim(http, room, "BGD")
        chair = await Live(server, room.code, room.chair_key, "chair", parse=False).connect()
        await chair.send("record_attendance", member="BGD", status="present")
        legit = await Live(server, room.code, room.tokens["BGD"], "BGD").connect()
        bombers: list[asyncio.subprocess.Process] = []
        try:
            baseline = await legit_cadence(legit, 5.0)
            ctx.put("baseline_ack_p50_ms", baseline["ack_p50_ms"])
            ctx.put("baseline_ack_max_ms", baseline["ack_max_ms"])
            url = f"{server.ws_url}/ws/rooms/{room.code}"
            for _ in range(2):
                bombers.append(
                    await asyncio.create_subprocess_exec(
                        sys.executable,
                        str(Path(__file__).resolve()),
                        "--bomb-url",
                        url,
                        "--bomb-seconds",
                        str(BOMB_SECONDS + 1),
                        stdout=asyncio.subprocess.PIPE,
                    )
                )
            for bomber in bombers:
                assert bomber.stdout is not None
                line = await asyncio.wait_for(bomber.stdout.readline(), 20)
                if line.strip() != b"ready":
                    raise RuntimeError(f"a bomber did not start: {line!r}")
            cpu_before = server.cpu_seconds() or 0.0
            started = time.monotonic()
            under_bomb = await legit_cadence(legit, BOMB_SECONDS)
            cpu_used = (server.cpu_seconds() or 0.0) - cpu_before
            elapsed = time.monotonic() - started
            summaries = []
            for bomber in bombers:
                assert bomber.stdout is not None
                out = await asyncio.wait_for(bomber.stdout.read(), 30)
                await bomber.wait()
                with contextlib.suppress(ValueError, IndexError):
                    summaries.append(json.loads(out.decode().strip().splitlines()[-1]))
            sent = sum(int(s.get("sent", 0)) for s in summaries)
            ctx.put("bombers_extensions", [s.get("extensions") for s in summaries])
            ctx.put("bomb_frames_sent", sent)
            ctx.put("bomb_decompressed_mb_sent", sent * len(BOMB) / 2**20)
            ctx.put("bomb_replies_received", sum(int(s.get("replies", 0)) for s in summaries))
            ctx.put("bombers_closed", [s.get("closed") for s in summaries])
            ctx.put("legit_commands", under_bomb["sent"])
            ctx.put("legit_outcomes", under_bomb["outcomes"])
            ctx.put("legit_ack_p50_ms", under_bomb["ack_p50_ms"])
            ctx.put("legit_ack_max_ms", under_bomb["ack_max_ms"])
            ctx.put("server_cpu_s", cpu_used)
            ctx.put("wall_s", elapsed)
            ctx.put("server_alive", server.alive())
        finally:
            for bomber in bombers:
                if bomber.returncode is None:
                    bomber.kill()
                    await bomber.wait()
            await close_all([chair, legit])


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------

PROBES: dict[str, tuple[Callable[[Context], Awaitable[None]], float]] = {
    "bots_consensus": (probe_bots_consensus, 330.0),
    "nonfinite": (probe_nonfinite, 90.0),
    "deep_nesting": (probe_deep_nesting, 120.0),
    "draft_flood": (probe_draft_flood, 180.0),
    "spectator_lockout": (probe_spectator_lockout, 90.0),
    "room_creation": (probe_room_creation, 300.0),
    "bad_input_500s": (probe_bad_input_500s, 90.0),
    "never_reading": (probe_never_reading, 200.0),
    "compressed_bomb": (probe_compressed_bomb, 90.0),
}


async def run_probe(ctx: Context, name: str) -> dict[str, Any]:
    probe, limit = PROBES[name]
    started = time.monotonic()
    status: dict[str, Any] = {"status": "ok"}
    try:
        await asyncio.wait_for(probe(ctx), limit)
    except TimeoutError:
        status = {"status": "timeout", "error": f"gave up after {limit:.0f} s"}
    except Exception as failure:
        status = {"status": "error", "error": f"{type(failure).__name__}: {failure}"[:500]}
    if status["status"] != "ok":
        ctx.put("error", status["error"])
    status["seconds"] = round(time.monotonic() - started, 1)
    ctx.put("probe_seconds", status["seconds"])
    return status


def commit_of(repo: Path) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def app_module_of(repo: Path, python: str) -> str:
    """Where the server's ``app`` package is imported from (must lie inside ``repo``)."""
    try:
        return subprocess.run(
            [python, "-c", "import app; print(app.__file__)"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=DEFAULT_REPO, help="checkout to start")
    parser.add_argument("--json", type=Path, help="write every figure here as JSON")
    parser.add_argument("--only", help=f"comma-separated probes: {','.join(PROBES)}")
    parser.add_argument("--python", help="interpreter for the server (default: repo .venv)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, dbs)")
    parser.add_argument("--bomb-url", help=argparse.SUPPRESS)
    parser.add_argument("--bomb-seconds", type=float, default=BOMB_SECONDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bomb_url:  # a compressed_bomb helper process
        asyncio.run(bomber_main(args.bomb_url, args.bomb_seconds))
        return 0

    names = list(PROBES)
    if args.only:
        names = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in names if name not in PROBES]
        if unknown:
            parser.error(f"unknown probes {unknown}; choose from {', '.join(PROBES)}")
    repo = args.repo.resolve()
    venv_python = repo / ".venv" / "bin" / "python"
    python = args.python or (str(venv_python) if venv_python.exists() else sys.executable)
    workdir = Path(tempfile.mkdtemp(prefix="hardening-probe-"))
    report = Report()
    meta: dict[str, Any] = {
        "repo": str(repo),
        "commit": commit_of(repo),
        "python": python,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "app_module": app_module_of(repo, python),
        "workdir": str(workdir) if args.keep else None,
    }
    print(f"# repo {repo} at {meta['commit']}; server code {meta['app_module']}", flush=True)
    if not str(meta["app_module"]).startswith(str(repo)):
        print(f"# WARNING: the server's app package is not from {repo}", flush=True)
    try:
        for name in names:
            ctx = Context(repo=repo, python=python, workdir=workdir, report=report, name=name)
            report.probes[name] = asyncio.run(run_probe(ctx, name))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(
                json.dumps(
                    {
                        **meta,
                        "probes": report.probes,
                        "figures": report.figures,
                        "details": report.details,
                    },
                    indent=2,
                    default=str,
                )
                + "\n",
                encoding="utf-8",
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
