"""Benchmark: one room, N connected delegates, every delegate casts a vote as fast as it can.

    .venv/bin/python bench/vote_storm.py --clients 200 500

For each N it starts a real ``plenary serve`` (SQLite in a temporary folder), claims N seats,
connects N delegates and a chair, takes the roll and opens a vote; then every delegate sends
``cast_vote`` at once. It measures:

- accepted commands per second (N / time from the first vote sent to the last ack);
- latency of each vote: from its send to the moment the *last* client received its event
  (p50, p99);
- server memory per connection (RSS growth while connecting N clients, divided by N).

Then it runs ``bench/bare_broadcast.py`` (a bare ``websockets`` server that only stamps and
broadcasts the same event bytes) with the same N and prints Plenary's ratio to that ceiling.
This is not a pytest test; figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import websockets
import yaml

ROOT = Path(__file__).resolve().parent.parent
SEQ = re.compile(r'"seq":(\d+)')
EVENT_SEQ = re.compile(r'"type":"event","seq":(\d+)')


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


@dataclass
class Client:
    name: str
    socket: Any = None
    received: dict[int, float] = field(default_factory=dict)
    replies: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    sample_event: str | None = None
    reader: asyncio.Task[None] | None = None

    async def read(self) -> None:
        try:
            async for raw in self.socket:
                now = time.perf_counter()
                head = raw[:60]
                if '"type":"events"' in head:
                    for seq in EVENT_SEQ.findall(raw):
                        self.received[int(seq)] = now
                elif '"type":"event"' in head:
                    self.received[int(SEQ.search(head).group(1))] = now  # type: ignore[union-attr]
                    if self.sample_event is None and '"ballot_cast"' in raw:
                        self.sample_event = raw
                elif '"type":"ack"' in head or '"type":"error"' in head:
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


async def connect(url: str, hello: dict[str, Any], name: str) -> Client:
    client = Client(name)
    client.socket = await websockets.connect(url, max_size=None, max_queue=None, compression=None)
    await client.socket.send(json.dumps(hello))
    client.reader = asyncio.create_task(client.read())
    return client


async def must(client: Client, command_id: str, body: dict[str, Any]) -> dict[str, Any]:
    reply = await asyncio.wait_for(await client.send(command_id, body), 60)
    if reply["type"] != "ack":
        raise RuntimeError(f"{client.name}: {body} refused: {reply}")
    return reply


@dataclass
class StormResult:
    commands_per_second: float
    p50_ms: float
    p99_ms: float
    kib_per_connection: float | None
    accepted: int
    server_cpu_seconds: float = 0.0


async def storm(clients: list[Client], body_for: Any, server_pid: int) -> StormResult:
    """Every client sends one command at once; latency = send -> last client got its event."""
    cpu_before = cpu_seconds(server_pid)
    sent: dict[str, float] = {}
    futures = []
    for index, client in enumerate(clients):
        command_id = f"vote-{index}"
        sent[client.name] = time.perf_counter()
        futures.append(await client.send(command_id, body_for(client)))
    replies = await asyncio.wait_for(asyncio.gather(*futures), 300)
    last_ack = time.perf_counter()
    acked = [
        (client, reply)
        for client, reply in zip(clients, replies, strict=True)
        if reply["type"] == "ack"
    ]
    latencies = []
    for client, reply in acked:
        seq = int(reply["seq"])
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline and not all(seq in c.received for c in clients):
            await asyncio.sleep(0.01)
        latest = max(c.received[seq] for c in clients)
        latencies.append(latest - sent[client.name])
    server_cpu = cpu_seconds(server_pid) - cpu_before
    latencies.sort()
    first_sent = min(sent.values())
    return StormResult(
        commands_per_second=len(acked) / (last_ack - first_sent),
        p50_ms=statistics.median(latencies) * 1000,
        p99_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        kib_per_connection=None,
        accepted=len(acked),
        server_cpu_seconds=server_cpu,
    )


def start(
    command: list[str], env: dict[str, str], ready: str, log: Path
) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[2]} exited: {log.read_text()[-2000:]}")
        if ready(process) if callable(ready) else ready in log.read_text():
            return process
        time.sleep(0.1)
    raise RuntimeError(f"{command} did not start")


async def run_plenary(count: int, folder: Path, batch: bool) -> tuple[StormResult, str]:
    scenarios = folder / "scenarios"
    scenarios.mkdir(parents=True, exist_ok=True)
    (scenarios / "bench.yaml").write_text(yaml.safe_dump(scenario(count)), "utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    server = start(
        [
            sys.executable,
            "-m",
            "app.cli",
            "serve",
            "--port",
            str(port),
            "--database-url",
            f"sqlite:///{folder / 'bench.db'}",
            "--scenarios-dir",
            str(scenarios),
        ],
        env,
        "Application startup complete",
        folder / f"plenary-{count}.log",
    )
    clients: list[Client] = []
    try:
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            room = (await http.post("/api/rooms", json={"scenario_id": "bench"})).json()
            code = room["code"]
            tokens = {}
            for n in range(1, count + 1):
                actor = f"S{n:03d}"
                claimed = await http.post(f"/api/rooms/{code}/seats/{actor}/claim", json={})
                tokens[actor] = claimed.json()["token"]
        url = f"ws://127.0.0.1:{port}/ws/rooms/{code}"
        chair = await connect(url, {"type": "hello", "token": room["chair_key"]}, "chair")
        await asyncio.sleep(0.5)
        before = rss_kib(server.pid)
        for actor, token in tokens.items():
            hello = {"type": "hello", "token": token, "batch_events": batch}
            clients.append(await connect(url, hello, actor))
        await asyncio.sleep(2.0)
        memory = (rss_kib(server.pid) - before) / count
        # Roll call, a motion for a moderated caucus, and its vote opened.
        await asyncio.gather(
            *(
                must(
                    c,
                    "roll",
                    {"type": "record_attendance", "member": c.name, "status": "present_and_voting"},
                )
                for c in clients
            )
        )
        reply = await must(
            clients[0],
            "motion",
            {
                "type": "propose_motion",
                "kind": "moderated_caucus",
                "minutes": 5,
                "speaker_seconds": 30,
            },
        )
        await must(
            chair,
            "entertain",
            {"type": "entertain_motion", "motion_id": await motion_id(base, code)},
        )
        await must(chair, "open", {"type": "open_vote"})
        await asyncio.sleep(1.0)
        for c in clients:
            c.received.clear()
        result = await storm(clients, lambda c: {"type": "cast_vote", "choice": "yes"}, server.pid)
        result.kib_per_connection = memory
        await must(chair, "close", {"type": "close_vote"})
        sample = next((c.sample_event for c in clients if c.sample_event), "")
        del reply
        return result, sample
    finally:
        for c in [*clients]:
            await c.socket.close()
        server.terminate()
        server.wait(10)


async def motion_id(base: str, code: str) -> str:
    async with httpx.AsyncClient(base_url=base) as http:
        state = (await http.get(f"/api/rooms/{code}/state")).json()
    return str(state["view"]["motions"][0]["id"])


async def run_bare(count: int, folder: Path, sample: str) -> StormResult:
    seq_at = SEQ.search(sample)
    assert seq_at is not None
    payload = folder / "payload.json"
    payload.write_text(
        json.dumps({"prefix": sample[: seq_at.start(1)], "suffix": sample[seq_at.end(1) :]})
    )
    port = free_port()
    server = start(
        [sys.executable, str(ROOT / "bench" / "bare_broadcast.py"), str(port), str(payload)],
        dict(os.environ),
        "ready",
        folder / f"bare-{count}.log",
    )
    clients: list[Client] = []
    try:
        before = rss_kib(server.pid)
        for n in range(count):
            clients.append(await connect(f"ws://127.0.0.1:{port}", {"type": "hello"}, f"c{n}"))
        await asyncio.sleep(1.0)
        memory = (rss_kib(server.pid) - before) / count
        result = await storm(clients, lambda c: {"type": "cast_vote", "choice": "yes"}, server.pid)
        result.kib_per_connection = memory
        return result
    finally:
        for c in clients:
            await c.socket.close()
        server.terminate()
        server.wait(10)


def line(name: str, result: StormResult) -> str:
    return (
        f"{name:<10} {result.accepted:>5} votes  {result.commands_per_second:>8.0f} cmd/s  "
        f"p50 {result.p50_ms:>7.1f} ms  p99 {result.p99_ms:>7.1f} ms  "
        f"{result.kib_per_connection or 0:>6.1f} KiB/conn  "
        f"server CPU {result.server_cpu_seconds:>5.2f} s"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[200, 500])
    args = parser.parse_args()
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
        "clients and servers on one machine"
    )
    for count in args.clients:
        with tempfile.TemporaryDirectory(prefix="plenary-bench-") as tmp:
            folder = Path(tmp)
            plenary, sample = await run_plenary(count, folder / "frames", batch=False)
            batched, _ = await run_plenary(count, folder / "batched", batch=True)
            bare = await run_bare(count, folder, sample)
        print(f"\n== {count} delegates, one vote each (event payload {len(sample)} bytes)")
        print(line("plenary", plenary))
        print(line("batched", batched))
        print(line("bare ws", bare))
        for name, result in (("plenary", plenary), ("batched", batched)):
            print(
                f"{name:<10} throughput "
                f"{result.commands_per_second / bare.commands_per_second:.2f} of the ceiling; "
                f"p99 {result.p99_ms / bare.p99_ms:.2f}x the ceiling's; server CPU per vote "
                f"{result.server_cpu_seconds / max(bare.server_cpu_seconds, 0.01):.1f}x"
            )


if __name__ == "__main__":
    asyncio.run(main())
