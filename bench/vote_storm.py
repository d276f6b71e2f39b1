"""Benchmark: one room, N connected delegates voting; Plenary against a bare websockets ceiling.

    .venv/bin/python bench/vote_storm.py --clients 200 500 --rates 20 50 100

For each N it starts a real ``plenary serve`` (SQLite in a temporary folder) and, for each
measurement, a fresh room: N seats claimed over HTTP, N delegates and a chair connected, the roll
taken and a vote opened. The benchmark's WebSocket clients are spread over ``--workers``
processes (``multiprocessing``), each owning a slice of the connections and reporting its
receive times back, so reading N x N event messages is not one Python process's job.

Two modes, each also run against ``bench/bare_broadcast.py`` (a bare ``websockets`` server that
only stamps a seq on the same event bytes, broadcasts them and acks: the ceiling):

- **storm**: every delegate sends ``cast_vote`` at once. Accepted commands/s = votes acked /
  (last ack - first send); Plenary with one frame per event (default) and with ``batch_events``.
- **paced**: votes leave open-loop at a fixed rate (``--rates`` votes/s, from distinct
  delegates, whatever the server answers), for ``--paced-seconds`` at most.

Latency of a vote, in both modes: from its send to the moment the *last* of the N delegates
received its event (p50, p99), and, for Plenary, to the moment the last delegate holds a *state*
(whole or patch) of that seq or later: the tally on screen (state p50, p99). The ceiling's event
carries everything it has, so its state latency is its event latency. Delegates say hello as the
web client does (``batch_events`` and ``state_patches``); storm mode also runs one frame per
event. Server memory per connection: RSS growth while N connect, / N.
Server CPU: user + system seconds used during the measurement. Loopback only; every server it
starts is stopped before it returns. This is not a pytest test; figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import websockets
import yaml

ROOT = Path(__file__).resolve().parent.parent
SEQ = re.compile(rb'"seq":(\d+)')
EVENT_SEQ = re.compile(rb'"type":"event","seq":(\d+)')
# A state patch inside an events frame (hello "state_with_events").
STATE_IN_EVENTS = b',"state":{"v":1,"type":"state","seq":'
# The hello of the web client (web/static/js/connection.js), less the token.
WEB_HELLO = {
    "type": "hello",
    "batch_events": True,
    "state_patches": True,
    "state_with_events": True,
    "deep_patches": True,
}
CHAIR = "chair"
VOTE = {"type": "cast_vote", "choice": "yes"}
# Bounds, so a broken server cannot keep the benchmark running.
REPLY_TIMEOUT = 120.0
DELIVERY_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scenario(count: int) -> dict[str, Any]:
    ids = [f"S{n:03d}" for n in range(1, count + 1)]
    return {
        "metadata": {
            "title": f"Benchmark assembly of {count}",
            "summary": "Fictional states for the benchmark.",
            "level": "conference",
            "duration_minutes": 60,
            "learning_objectives": ["Measure the server."],
        },
        "actors": [
            {"id": i, "name": f"State {i}", "kind": "state", "fictional": True} for i in ids
        ],
        "forums": [{"id": "plenary", "name": "Plenary", "members": ids}],
        "agenda": [
            {"id": "item", "title": "An item", "background": "Text.", "dimensions": ["economic"]}
        ],
        "briefs": {i: {"position": f"Position of {i}."} for i in ids},
        "debrief": {"prompts": ["Done?"]},
    }


# --- The client processes -------------------------------------------------------------------


class WorkerClient:
    """One WebSocket of a worker process: records when each event seq arrived."""

    def __init__(self, name: str, socket: Any) -> None:
        self.name = name
        self.socket = socket
        self.received: dict[int, float] = {}
        # (seq, arrival) of every state frame, whole or patch, in arrival order.
        self.states: list[tuple[int, float]] = []
        self.replies: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.sample_event: bytes | None = None

    async def read(self) -> None:
        clock = time.monotonic
        received = self.received
        try:
            while True:
                raw = await self.socket.recv(decode=False)
                now = clock()
                head = raw[:40]
                if b'"type":"state"' in head or b'"type":"snapshot"' in head:
                    self.states.append((int(SEQ.search(head).group(1)), now))  # type: ignore[union-attr]
                elif b'"type":"events"' in head:
                    seqs = EVENT_SEQ.findall(raw)
                    for seq in seqs:
                        received[int(seq)] = now
                    state_at = raw.rfind(STATE_IN_EVENTS)
                    if state_at >= 0:
                        self.states.append((int(SEQ.search(raw, state_at).group(1)), now))  # type: ignore[union-attr]
                    if self.sample_event is None and len(seqs) == 1 and b'"ballot_cast"' in raw:
                        # The one event frame inside: what the ceiling broadcasts.
                        end = state_at - 1 if state_at >= 0 else len(raw) - 2
                        self.sample_event = raw[raw.index(b"[") + 1 : end]
                elif b'"type":"event"' in head:
                    received[int(SEQ.search(head).group(1))] = now  # type: ignore[union-attr]
                    if self.sample_event is None and b'"ballot_cast"' in raw:
                        self.sample_event = raw
                elif b'"type":"ack"' in head or b'"type":"error"' in head:
                    message = json.loads(raw)
                    future = self.replies.pop(str(message.get("id")), None)
                    if future is not None and not future.done():
                        future.set_result(message)
        except websockets.ConnectionClosed:
            pass

    async def send(self, command_id: str, body: dict[str, Any]) -> asyncio.Future[dict[str, Any]]:
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.replies[command_id] = future
        await self.socket.send(json.dumps({"id": command_id, **body}))
        return future


class Worker:
    """Runs in its own process; obeys the main process's requests on a pipe."""

    def __init__(self, pipe: Connection) -> None:
        self.pipe = pipe
        self.clients: dict[str, WorkerClient] = {}
        self.readers: list[asyncio.Task[None]] = []

    async def serve(self) -> None:
        while True:
            request, arguments = await asyncio.to_thread(self.pipe.recv)
            if request == "exit":
                await self.close()
                self.pipe.send(None)
                return
            answer = await getattr(self, request)(*arguments)
            self.pipe.send(answer)

    async def connect(self, url: str, hellos: list[tuple[str, dict[str, Any]]]) -> int:
        for name, hello in hellos:
            ws = await websockets.connect(url, max_size=None, max_queue=None, compression=None)
            await ws.send(json.dumps(hello))
            client = WorkerClient(name, ws)
            self.clients[name] = client
            self.readers.append(asyncio.create_task(client.read()))
        return len(self.clients)

    async def command(self, items: list[tuple[str, str, dict[str, Any]]]) -> list[dict[str, Any]]:
        futures = [await self.clients[name].send(cid, body) for name, cid, body in items]
        return list(await asyncio.wait_for(asyncio.gather(*futures), REPLY_TIMEOUT))

    async def schedule(
        self, items: list[tuple[str, str, dict[str, Any], float]]
    ) -> list[tuple[str, float, float, dict[str, Any]]]:
        """Send each command at its monotonic time (open loop); return (id, sent, acked, reply)."""
        answers: list[tuple[str, float, float, dict[str, Any]]] = []

        async def await_reply(cid: str, sent: float, future: asyncio.Future[Any]) -> None:
            reply = await future
            answers.append((cid, sent, time.monotonic(), reply))

        waiting = []
        for name, cid, body, at in sorted(items, key=lambda item: item[3]):
            delay = at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            sent = time.monotonic()
            future = await self.clients[name].send(cid, body)
            waiting.append(asyncio.create_task(await_reply(cid, sent, future)))
        await asyncio.wait_for(asyncio.gather(*waiting), REPLY_TIMEOUT)
        return answers

    async def clear(self) -> None:
        for client in self.clients.values():
            client.received.clear()
            client.states.clear()

    async def collect(
        self, seqs: list[int], states: bool
    ) -> tuple[dict[int, float], int, bytes | None, dict[int, float]]:
        """For each seq, when the last delegate of this worker got its event, and (``states``)
        when the last one held a state of that seq or later; and how many events were lost."""
        delegates = [c for c in self.clients.values() if c.name != CHAIR]
        newest = max(seqs, default=0)

        def complete() -> bool:
            if not all(seq in c.received for c in delegates for seq in seqs):
                return False
            return not states or all(c.states and c.states[-1][0] >= newest for c in delegates)

        deadline = time.monotonic() + DELIVERY_TIMEOUT
        while time.monotonic() < deadline and not complete():
            await asyncio.sleep(0.02)
        latest: dict[int, float] = {}
        missing = 0
        for seq in seqs:
            times = [c.received[seq] for c in delegates if seq in c.received]
            missing += len(delegates) - len(times)
            if times:
                latest[seq] = max(times)
        shown: dict[int, float] = {}
        if states:
            for seq in seqs:
                firsts = [
                    next((at for got, at in c.states if got >= seq), None) for c in delegates
                ]
                if firsts and None not in firsts:
                    shown[seq] = max(at for at in firsts if at is not None)
        sample = next((c.sample_event for c in delegates if c.sample_event), None)
        return latest, missing, sample, shown

    async def close(self) -> None:
        for client in self.clients.values():
            await client.socket.close()
        for reader in self.readers:
            reader.cancel()
        self.clients.clear()
        self.readers.clear()
        return None


def worker_main(pipe: Connection) -> None:
    asyncio.run(Worker(pipe).serve())


class Pool:
    """The client processes; the main process talks to them through pipes."""

    def __init__(self, size: int, target: Callable[[Connection], None] | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes: list[Connection] = []
        self.processes = []
        for _ in range(size):
            mine, theirs = context.Pipe()
            process = context.Process(target=target or worker_main, args=(theirs,), daemon=True)
            process.start()
            self.pipes.append(mine)
            self.processes.append(process)

    def __len__(self) -> int:
        return len(self.pipes)

    async def ask(self, index: int, request: str, *arguments: Any) -> Any:
        pipe = self.pipes[index]

        def call() -> Any:
            pipe.send((request, arguments))
            if not pipe.poll(REPLY_TIMEOUT + DELIVERY_TIMEOUT + 60):
                raise TimeoutError(f"client process {index} did not answer {request}")
            return pipe.recv()

        return await asyncio.to_thread(call)

    async def ask_all(self, request: str, per_worker: list[tuple[Any, ...]]) -> list[Any]:
        return list(
            await asyncio.gather(
                *(self.ask(i, request, *args) for i, args in enumerate(per_worker))
            )
        )

    def shutdown(self) -> None:
        for pipe, process in zip(self.pipes, self.processes, strict=True):
            try:
                pipe.send(("exit", ()))
                pipe.poll(10)
            except (BrokenPipeError, OSError):
                pass
            process.join(10)
            if process.is_alive():
                process.terminate()
                process.join(5)


# --- One measured run -----------------------------------------------------------------------


@dataclass
class Result:
    accepted: int
    commands_per_second: float
    p50_ms: float
    p99_ms: float
    server_cpu_seconds: float
    missing: int
    kib_per_connection: float | None = None
    # To the last delegate holding the state of the vote's seq (None: the ceiling, no states).
    state_p50_ms: float | None = None
    state_p99_ms: float | None = None


def owner(index: int, workers: int) -> int:
    return index % workers


async def measure(
    pool: Pool,
    names: list[str],
    server_pid: int,
    start_at: Callable[[int], float],
    states: bool = False,
) -> tuple[Result, bytes | None]:
    """Delegate ``names[i]`` sends one vote at monotonic time ``start_at(i)``."""
    await pool.ask_all("clear", [() for _ in range(len(pool))])
    plans: list[list[tuple[str, str, dict[str, Any], float]]] = [[] for _ in range(len(pool))]
    for index, name in enumerate(names):
        plans[owner(index, len(pool))].append((name, f"vote-{name}", VOTE, start_at(index)))
    cpu_before = cpu_seconds(server_pid)
    answers = [a for part in await pool.ask_all("schedule", [(p,) for p in plans]) for a in part]
    acked = [
        (sent, done, int(reply["seq"]))
        for _, sent, done, reply in answers
        if reply["type"] == "ack"
    ]
    seqs = sorted({seq for _, _, seq in acked})
    collected = await pool.ask_all("collect", [(seqs, states) for _ in range(len(pool))])
    server_cpu = cpu_seconds(server_pid) - cpu_before
    latest: dict[int, float] = {}
    shown: dict[int, float] = {}
    for part, _, _, part_shown in collected:
        for seq, at in part.items():
            latest[seq] = max(latest.get(seq, 0.0), at)
        for seq, at in part_shown.items():
            shown[seq] = max(shown.get(seq, 0.0), at)
    latencies = sorted(latest[seq] - sent for sent, _, seq in acked if seq in latest)
    # A seq some worker never showed is left out of ``shown``'s latencies but counted lost.
    complete = [seq for seq in seqs if all(seq in p[3] for p in collected)] if states else []
    state_latencies = sorted(shown[seq] - sent for sent, _, seq in acked if seq in complete)
    first_sent = min((sent for _, sent, _, _ in answers), default=0.0)
    last_ack = max((done for _, done, _ in acked), default=first_sent + 1)
    sample = next((s for _, _, s, _ in collected if s), None)
    return Result(
        accepted=len(acked),
        commands_per_second=len(acked) / max(last_ack - first_sent, 1e-9),
        p50_ms=statistics.median(latencies) * 1000 if latencies else float("nan"),
        p99_ms=percentile(latencies, 0.99) * 1000 if latencies else float("nan"),
        server_cpu_seconds=server_cpu,
        missing=sum(m for _, m, _, _ in collected) + (len(seqs) - len(complete) if states else 0),
        state_p50_ms=statistics.median(state_latencies) * 1000 if state_latencies else None,
        state_p99_ms=percentile(state_latencies, 0.99) * 1000 if state_latencies else None,
    ), sample


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def storm_times(count: int) -> Callable[[int], float]:
    at = time.monotonic() + 0.2
    return lambda _index: at


def paced_times(rate: float) -> Callable[[int], float]:
    at = time.monotonic() + 0.2
    return lambda index: at + index / rate


# --- The servers ----------------------------------------------------------------------------


def start(
    command: list[str], ready: str, log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[2]} exited: {log.read_text()[-2000:]}")
        if ready in log.read_text():
            return process
        time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"{command} did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


class PlenaryServer:
    def __init__(self, count: int, folder: Path) -> None:
        self.count = count
        scenarios = folder / "scenarios"
        scenarios.mkdir(parents=True, exist_ok=True)
        (scenarios / "bench.yaml").write_text(yaml.safe_dump(scenario(count)), "utf-8")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = start(
            [
                sys.executable,
                "-m",
                "app.cli",
                "serve",
                "--port",
                str(self.port),
                "--database-url",
                f"sqlite:///{folder / 'bench.db'}",
                "--scenarios-dir",
                str(scenarios),
            ],
            "Application startup complete",
            folder / f"plenary-{count}.log",
            # Every benchmark client comes from loopback: one "school" of N + 1 sockets.
            {"PLENARY_WS_CONNECTIONS_PER_ADDRESS": str(count + 10)},
        )

    async def open_vote(self, pool: Pool, batch: bool) -> tuple[list[str], float]:
        """A fresh room, every delegate connected and present, a vote open; (names, KiB/conn)."""
        async with httpx.AsyncClient(base_url=self.base, timeout=60) as http:
            room = (await http.post("/api/rooms", json={"scenario_id": "bench"})).json()
            code = room["code"]
            tokens = {}
            for n in range(1, self.count + 1):
                actor = f"S{n:03d}"
                claimed = await http.post(f"/api/rooms/{code}/seats/{actor}/claim", json={})
                tokens[actor] = claimed.json()["token"]
        url = f"ws://127.0.0.1:{self.port}/ws/rooms/{code}"
        await pool.ask(0, "connect", url, [(CHAIR, {"type": "hello", "token": room["chair_key"]})])
        await asyncio.sleep(0.5)
        before = rss_kib(self.process.pid)
        names = list(tokens)
        hellos: list[list[tuple[str, dict[str, Any]]]] = [[] for _ in range(len(pool))]
        for index, name in enumerate(names):
            # Like the web client: state patches after the first full state (docs/protocol.md).
            hello = {**WEB_HELLO, "token": tokens[name], "batch_events": batch}
            hellos[owner(index, len(pool))].append((name, hello))
        await pool.ask_all("connect", [(url, h) for h in hellos])
        await asyncio.sleep(2.0)
        memory = (rss_kib(self.process.pid) - before) / self.count
        roll: list[list[tuple[str, str, dict[str, Any]]]] = [[] for _ in range(len(pool))]
        for index, name in enumerate(names):
            body = {"type": "record_attendance", "member": name, "status": "present_and_voting"}
            roll[owner(index, len(pool))].append((name, "roll", body))
        for replies in await pool.ask_all("command", [(r,) for r in roll]):
            refused(replies)
        motion = {
            "type": "propose_motion",
            "kind": "moderated_caucus",
            "minutes": 5,
            "speaker_seconds": 30,
        }
        refused(await pool.ask(owner(0, len(pool)), "command", [(names[0], "motion", motion)]))
        async with httpx.AsyncClient(base_url=self.base) as http:
            state = (await http.get(f"/api/rooms/{code}/state")).json()
        motion_id = str(state["view"]["motions"][0]["id"])
        entertain = {"type": "entertain_motion", "motion_id": motion_id}
        refused(await pool.ask(0, "command", [(CHAIR, "entertain", entertain)]))
        refused(await pool.ask(0, "command", [(CHAIR, "open", {"type": "open_vote"})]))
        await asyncio.sleep(1.0)
        return names, memory

    async def close_vote(self, pool: Pool) -> None:
        refused(await pool.ask(0, "command", [(CHAIR, "close", {"type": "close_vote"})]))
        await pool.ask_all("close", [() for _ in range(len(pool))])

    def stop(self) -> None:
        stop(self.process)


def refused(replies: list[dict[str, Any]]) -> None:
    for reply in replies:
        if reply["type"] != "ack":
            raise RuntimeError(f"a setup command was refused: {reply}")


class BareServer:
    def __init__(self, count: int, folder: Path, sample: bytes) -> None:
        self.count = count
        text = sample.decode("utf-8")
        seq_at = re.search(r'"seq":(\d+)', text)
        assert seq_at is not None
        payload = folder / "payload.json"
        payload.write_text(
            json.dumps({"prefix": text[: seq_at.start(1)], "suffix": text[seq_at.end(1) :]})
        )
        self.port = free_port()
        self.process = start(
            [
                sys.executable,
                str(ROOT / "bench" / "bare_broadcast.py"),
                str(self.port),
                str(payload),
            ],
            "ready",
            folder / f"bare-{count}.log",
        )

    async def connect(self, pool: Pool) -> tuple[list[str], float]:
        before = rss_kib(self.process.pid)
        names = [f"c{n}" for n in range(self.count)]
        hellos: list[list[tuple[str, dict[str, Any]]]] = [[] for _ in range(len(pool))]
        for index, name in enumerate(names):
            hellos[owner(index, len(pool))].append((name, {"type": "hello"}))
        await pool.ask_all("connect", [(f"ws://127.0.0.1:{self.port}", h) for h in hellos])
        await asyncio.sleep(1.0)
        return names, (rss_kib(self.process.pid) - before) / self.count

    async def disconnect(self, pool: Pool) -> None:
        await pool.ask_all("close", [() for _ in range(len(pool))])

    def stop(self) -> None:
        stop(self.process)


# --- The report -----------------------------------------------------------------------------


@dataclass
class Row:
    count: int
    mode: str
    server: str
    result: Result


def profile(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes] | None:
    """py-spy on the server for ``seconds`` (raw stacks to ``out``), or None without py-spy."""
    spy = Path(sys.executable).with_name("py-spy")
    if not spy.exists():
        print("py-spy is not installed: no profile (pip install py-spy)", file=sys.stderr)
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [str(spy), "record", "--pid", str(pid), "--duration", str(max(1, round(seconds))),
         "--rate", "200", "--format", "raw", "--output", str(out), "--nonblocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


async def run_count(
    pool: Pool,
    count: int,
    rates: list[float],
    seconds: float,
    storm: bool = True,
    profile_dir: Path | None = None,
) -> list[Row]:
    rows: list[Row] = []
    sample: bytes | None = None
    last_sample: bytes | None = None
    with tempfile.TemporaryDirectory(prefix="plenary-bench-") as tmp:
        folder = Path(tmp)
        plenary = PlenaryServer(count, folder / "plenary")
        try:
            for batch in (False, True) if storm else ():
                names, memory = await plenary.open_vote(pool, batch)
                result, seen = await measure(
                    pool, names, plenary.process.pid, storm_times(count), states=True
                )
                # Memory per connection: only the first room of a server shows the growth.
                result.kib_per_connection = memory if not rows else None
                sample = sample or seen
                rows.append(Row(count, "storm", "batched" if batch else "plenary", result))
                await plenary.close_vote(pool)
            for rate in rates:
                # Paced: the web client's hello (batch_events and state_patches).
                names, memory = await plenary.open_vote(pool, True)
                votes = names[: max(1, min(count, int(rate * seconds)))]
                spy = None
                if profile_dir is not None:
                    out = profile_dir / f"plenary-{count}-{rate:g}.txt"
                    spy = profile(plenary.process.pid, len(votes) / rate + 1, out)
                result, seen = await measure(
                    pool, votes, plenary.process.pid, paced_times(rate), states=True
                )
                if spy is not None:
                    spy.wait(60)
                last_sample = last_sample or seen
                # Memory per connection: only the first room of a server shows the growth.
                result.kib_per_connection = memory if not rows else None
                rows.append(Row(count, f"paced {rate:g}/s", "plenary", result))
                await plenary.close_vote(pool)
        finally:
            plenary.stop()
        if sample is None:
            sample = last_sample
        if sample is None:
            raise RuntimeError("no ballot_cast event was seen; cannot build the ceiling")
        bare = BareServer(count, folder, sample)
        try:
            plans = [("storm", None)] if storm else []
            for mode, plan in [*plans, *((f"paced {r:g}/s", r) for r in rates)]:
                names, memory = await bare.connect(pool)
                if plan is None:
                    votes, times = names, storm_times(count)
                else:
                    votes = names[: max(1, min(count, int(plan * seconds)))]
                    times = paced_times(plan)
                result, _ = await measure(pool, votes, bare.process.pid, times)
                first = plan is None or (not storm and plan == rates[0])
                result.kib_per_connection = memory if first else None
                rows.append(Row(count, mode, "bare ws", result))
                await bare.disconnect(pool)
        finally:
            bare.stop()
    return rows


def table(rows: list[Row]) -> str:
    ceiling = {(r.count, r.mode): r.result for r in rows if r.server == "bare ws"}
    lines = [
        "| N | mode | server | votes | cmd/s | event p50 / p99 ms | state p50 / p99 ms "
        "| KiB/conn | server CPU s | CPU ms/vote | lost | cmd/s ÷ ceiling "
        "| state p99 ÷ ceiling p99 | CPU ÷ ceiling | state p99 < 100 ms |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | --- |",
    ]
    for row in rows:
        r, bare = row.result, ceiling.get((row.count, row.mode))
        ratio = f"{r.commands_per_second / bare.commands_per_second:.2f}" if bare else "-"
        # The ceiling's event is its whole picture: its event p99 is the state p99 to beat.
        ceiling_row = row.server == "bare ws"
        state_p50 = r.p50_ms if ceiling_row else r.state_p50_ms
        state_p99 = r.p99_ms if ceiling_row else r.state_p99_ms
        # No vote's state reached every delegate in time: nothing to show (see "lost").
        shown = "n/a" if state_p50 is None or state_p99 is None else (
            f"{state_p50:.1f} / {state_p99:.1f}"
        )
        p99_ratio = (
            f"{state_p99 / bare.p99_ms:.2f}" if bare and state_p99 is not None and not ceiling_row
            else "-"
        )
        per_vote = r.server_cpu_seconds * 1000 / max(r.accepted, 1)
        cpu_ratio = (
            f"{r.server_cpu_seconds / max(bare.server_cpu_seconds, 1e-9):.2f}"
            if bare and not ceiling_row
            else "-"
        )
        memory = "-" if r.kib_per_connection is None else f"{r.kib_per_connection:.1f}"
        lines.append(
            f"| {row.count} | {row.mode} | {row.server} | {r.accepted} | "
            f"{r.commands_per_second:.0f} | {r.p50_ms:.1f} / {r.p99_ms:.1f} | "
            f"{shown} | {memory} | {r.server_cpu_seconds:.2f} | "
            f"{per_vote:.1f} | {r.missing} | {ratio} | {p99_ratio} | {cpu_ratio} | "
            f"{'yes' if state_p99 is not None and state_p99 < 100 else 'no'} |"
        )
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> None:
    pool = Pool(args.workers)
    rows: list[Row] = []
    try:
        for count in args.clients:
            rows.extend(
                await run_count(
                    pool, count, args.rates, args.paced_seconds, not args.no_storm, args.profile
                )
            )
            print(f"done: {count} delegates", file=sys.stderr, flush=True)
    finally:
        pool.shutdown()
    # Other work on the machine shows in every figure: say how busy it was.
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.workers} client "
        f"processes; clients and servers on one machine, loopback; load average at the end "
        f"(1 / 5 / 15 min) {load}"
    )
    print(table(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[200, 500])
    parser.add_argument(
        "--rates",
        type=float,
        nargs="*",
        default=[20.0, 50.0, 100.0],
        help="votes per second for the paced mode (none: storm only)",
    )
    parser.add_argument(
        "--paced-seconds",
        type=float,
        default=8.0,
        help="at most this long of paced votes (and at most N votes)",
    )
    parser.add_argument("--workers", type=int, default=2, help="client processes")
    parser.add_argument("--no-storm", action="store_true", help="paced mode only")
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="py-spy the server during each paced run; raw stacks to this folder",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
