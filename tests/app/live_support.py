"""Helpers for the server tests: a scenario, databases, a real server process, live clients."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import sqlalchemy as sa
import websockets
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DELEGATIONS = [f"D{number:02d}" for number in range(1, 21)]
OBSERVER = "NGO1"


def scenario_document(delegations: list[str] = DELEGATIONS) -> dict[str, Any]:
    """A small valid scenario: twenty fictional states and one NGO in one forum."""
    return {
        "metadata": {
            "title": "Test Assembly",
            "summary": "Twenty fictional states and an NGO, for the server tests.",
            "level": "secondary",
            "duration_minutes": 60,
            "learning_objectives": ["Practise the rules of procedure."],
        },
        "actors": [
            {"id": actor, "name": f"Republic of {actor}", "kind": "state", "fictional": True}
            for actor in delegations
        ]
        + [{"id": OBSERVER, "name": "Relief Network", "kind": "ngo"}],
        "forums": [
            {"id": "plenary", "name": "Plenary", "members": delegations, "observers": [OBSERVER]}
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
            actor: {
                "position": f"Secret position of {actor}: protect the river.",
                "interests": [f"Secret interest of {actor}: clean water"],
                "may_trade": [f"Secret trade of {actor}: the dam's timetable"],
            }
            for actor in [*delegations, OBSERVER]
        },
        "debrief": {"prompts": ["What did you learn?"]},
    }


def write_scenarios(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test_assembly.yaml").write_text(
        yaml.safe_dump(scenario_document(), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return folder


def postgres_available() -> bool:
    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@contextlib.contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test (dropped afterwards), as a database URL."""
    if not postgres_available():
        raise RuntimeError(
            "PostgreSQL is not reachable at 127.0.0.1:5432 (database 'test'); "
            "start it with scripts/ensure-services."
        )
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'create schema "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'drop schema if exists "{schema}" cascade'))
        admin.dispose()


DATABASES = ("sqlite", "postgres")


@contextlib.contextmanager
def database_url_for(kind: str, folder: Path) -> Iterator[str]:
    """A database URL of ``kind``: a SQLite file in ``folder``, or a fresh PostgreSQL schema."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'plenary.db'}"
    else:
        with postgres_schema_url() as url:
            yield url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# What uvicorn logs once a process (each worker, with --workers) has run its lifespan start.
STARTED = "Application startup complete."


class ServerProcess:
    """``plenary serve`` in a child process, so a test can SIGKILL it."""

    def __init__(
        self,
        database_url: str,
        scenarios_dir: Path,
        port: int | None = None,
        redis_url: str | None = None,
        env: dict[str, str] | None = None,
        workers: int = 1,
    ) -> None:
        self.database_url = database_url
        self.workers = workers
        # Extra environment, e.g. PLENARY_* settings a test lowers to reach a limit cheaply.
        self.env = env or {}
        self.redis_url = redis_url
        self.scenarios_dir = scenarios_dir
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = scenarios_dir.parent / f"server-{self.port}.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> ServerProcess:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        env.pop("PLENARY_DATABASE_URL", None)
        log = self.log_path.open("ab")
        started_before = self.log().count(STARTED) if self.log_path.exists() else 0
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "serve",
                "--port",
                str(self.port),
                "--database-url",
                self.database_url,
                "--scenarios-dir",
                str(self.scenarios_dir),
                *(["--redis-url", self.redis_url] if self.redis_url else []),
                *(["--workers", str(self.workers)] if self.workers > 1 else []),
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited early; log:\n{self.log()}")
            try:
                answered = httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200
                ready = self.log().count(STARTED) - started_before >= self.workers
                if answered and ready:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within {timeout} s; log:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def worker_pids(self) -> list[int]:
        """The processes that serve: uvicorn's worker children, or the server itself."""

        if self.process is None or self.process.poll() is not None:
            return []
        if self.workers == 1:
            return [self.process.pid]
        pids = []
        for child in psutil.Process(self.process.pid).children():
            try:
                # A killed worker lingers as a zombie until the supervisor reaps it, and
                # multiprocessing's resource tracker is a child that serves nothing.
                if child.status() == psutil.STATUS_ZOMBIE:
                    continue
                if "resource_tracker" in " ".join(child.cmdline()):
                    continue
            except psutil.Error:
                continue
            pids.append(child.pid)
        return pids

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            children = psutil.Process(self.process.pid).children(recursive=True)
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
            for child in children:  # a supervisor cut short leaves none behind
                with contextlib.suppress(psutil.NoSuchProcess):
                    child.kill()


def worker_of(server: ServerProcess, client: LiveClient) -> int:
    """The pid of the worker process that holds ``client``'s socket."""
    port = client._socket.local_address[1]
    for pid in server.worker_pids():
        for connection in psutil.Process(pid).net_connections(kind="tcp"):
            if connection.raddr and connection.raddr.port == port:
                return pid
    raise AssertionError(f"no worker holds the socket of {client.name} (port {port})")


async def spread_over_workers(
    server: ServerProcess, clients: dict[str, LiveClient], code: str, tokens: dict[str, str]
) -> dict[str, int]:
    """Reconnect clients until both workers hold some (the kernel hands sockets out as it
    likes); returns each client's worker."""
    for _attempt in range(20):
        where = {name: worker_of(server, client) for name, client in clients.items()}
        if len(set(where.values())) == 2:
            return where
        crowded = next(iter(where.values()))
        for name in [name for name, pid in where.items() if pid == crowded][::2]:
            await clients[name].close()
            clients[name] = await LiveClient(server.ws_url, code, tokens[name], name).connect()
    raise AssertionError(f"all sockets stayed on one worker: {where}")


class LiveClient:
    """A WebSocket client that records everything the server sends."""

    def __init__(self, ws_url: str, code: str, token: str | None, name: str = "") -> None:
        self.url = f"{ws_url}/ws/rooms/{code}"
        self.token = token
        self.name = name
        self.messages: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.batches: list[int] = []
        self.welcome: dict[str, Any] | None = None
        self.state: dict[str, Any] | None = None
        self.state_seq: int | None = None
        self.bad_patches: list[dict[str, Any]] = []
        self.last_seq: int | None = None
        self._socket: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._replies: dict[Any, asyncio.Future[dict[str, Any]]] = {}
        self._next_id = 0
        self._changed = asyncio.Condition()
        self.closed_with: tuple[int | None, str] | None = None

    async def connect(
        self, last_seq: int | None = None, batch_events: bool = False, **hello_fields: Any
    ) -> LiveClient:
        self._socket = await websockets.connect(self.url, max_size=None)
        hello = {"type": "hello", "token": self.token, "last_seq": last_seq, **hello_fields}
        if batch_events:
            hello["batch_events"] = True
        await self._socket.send(json.dumps(hello))
        self._reader = asyncio.create_task(self._read())
        await self.wait_until(
            lambda: self.welcome is not None or self.closed_with is not None, what="welcome"
        )
        if self.welcome is None:
            raise ConnectionError(
                f"{self.name}: the server closed the connection: {self.closed_with}"
            )
        return self

    async def _read(self) -> None:
        try:
            async for raw in self._socket:
                message = json.loads(raw)
                self.messages.append(message)
                kind = message.get("type")
                if kind == "welcome":
                    self.welcome = message
                elif kind == "event":
                    self.events.append(message)
                    self.last_seq = message["seq"]
                elif kind == "events":
                    self.batches.append(len(message["events"]))
                    for event in message["events"]:
                        self.events.append(event)
                        self.last_seq = event["seq"]
                    if "state" in message:
                        # hello state_with_events: the patch after these events, same frame.
                        self.messages.append(message["state"])
                        self._apply_state(message["state"])
                        self.last_seq = max(self.last_seq or 0, message["state"]["seq"])
                elif kind in ("state", "snapshot"):
                    self._apply_state(message)
                    self.last_seq = max(self.last_seq or 0, message["seq"])
                elif kind in ("ack", "error") and message.get("id") in self._replies:
                    future = self._replies.pop(message["id"])
                    if not future.done():
                        future.set_result(message)
                async with self._changed:
                    self._changed.notify_all()
        except websockets.ConnectionClosed as closed:
            self.closed_with = (
                closed.rcvd.code if closed.rcvd else None,
                closed.rcvd.reason if closed.rcvd else "",
            )
        finally:
            if (
                self._socket is not None
                and self._socket.close_code is not None
                and self.closed_with is None
            ):
                self.closed_with = (self._socket.close_code, self._socket.close_reason or "")
            for future in self._replies.values():
                if not future.done():
                    future.set_exception(ConnectionError(f"{self.name}: the connection closed"))
            self._replies.clear()
            async with self._changed:
                self._changed.notify_all()

    def _apply_state(self, message: dict[str, Any]) -> None:
        """A full state replaces the view; a state patch (hello ``state_patches``) replaces the
        top-level keys it names, and must build on the state seq held (``state_seq``)."""
        if "view" in message:
            self.state = message["view"]
        else:
            if self.state is None or message["base"] != self.state_seq:
                self.bad_patches.append(message)
                return
            view = {**self.state, **message["patch"]}
            for key, changed in message.get("merge", {}).items():
                view[key] = {**view[key], **changed}
            for key in message.get("removed", []):
                view.pop(key, None)
            if "me" in message:
                view["me"] = message["me"]
            self.state = view
        self.state_seq = message["seq"]

    async def send(self, command_type: str, **fields: Any) -> dict[str, Any]:
        """Send a command; return its ack or error."""
        self._next_id += 1
        command_id = f"{self.name}-{self._next_id}"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[command_id] = future
        await self._socket.send(json.dumps({"id": command_id, "type": command_type, **fields}))
        return await asyncio.wait_for(future, timeout=20)

    async def must(self, command_type: str, **fields: Any) -> int:
        reply = await self.send(command_type, **fields)
        assert reply["type"] == "ack", f"{self.name}: {command_type} {fields} was refused: {reply}"
        return int(reply["seq"])

    async def send_raw(self, text: str | bytes) -> None:
        await self._socket.send(text)

    async def wait_until(self, condition: Any, *, timeout: float = 20, what: str = "") -> None:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(condition), timeout)
            except TimeoutError:
                raise AssertionError(
                    f"{self.name}: timed out waiting for {what}; "
                    f"last messages: {self.messages[-5:]}"
                ) from None

    async def wait_for_seq(self, seq: int, timeout: float = 20) -> None:
        await self.wait_until(
            lambda: (self.last_seq or 0) >= seq, timeout=timeout, what=f"seq {seq}"
        )

    async def next_message(self, kind: str, after: int = 0, timeout: float = 10) -> dict[str, Any]:
        def found() -> bool:
            return any(message.get("type") == kind for message in self.messages[after:])

        await self.wait_until(found, timeout=timeout, what=kind)
        return next(message for message in self.messages[after:] if message.get("type") == kind)

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._reader, 5)

    def event_types(self) -> list[tuple[int, str]]:
        return [(message["seq"], message["event"]["type"]) for message in self.events]
