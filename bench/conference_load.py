"""Benchmark: a conference's load, 40 rooms x 50 delegates voting 1 vote/s per room, on one
Plenary worker and on two (`plenary serve --workers 2`), with the bare websockets ceiling.

    .venv/bin/python bench/conference_load.py --rooms 40 --delegates 50 --seconds 20

Both Plenary runs use the same PostgreSQL (a fresh schema each) and, for two workers, Redis: one
worker is the `--workers 1` deployment, two the `--workers 2` one. For each: the rooms are made
over HTTP, every seat claimed, every delegate connected (spread over ``--client-processes``
client processes, from `bench/vote_storm.py`), the roll taken and a vote opened in every room.
Then each room gets one vote a second for ``--seconds`` (the rooms' votes staggered over the
second), open loop. Per run: accepted votes per second (acks / (last ack - first send)), and the
latency of a vote from its send to the moment the *last* delegate of its room got its event
(p50, p99). The ceiling is `bench/bare_broadcast.py` with the same rooms (one path each), the
same sockets and the same paced votes. Last, the ratio two workers / one. With ``--profile`` it
samples one worker of the two-worker run with py-spy (`pip install py-spy`) and prints where
its time goes. Loopback only; it stops every server it starts. Not a pytest test; figures go in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil
import sqlalchemy as sa
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vote_storm import (
    ROOT,
    WEB_HELLO,
    BareServer,
    Pool,
    free_port,
    percentile,
    scenario,
    start,
    stop,
)

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"
VOTE = {"type": "cast_vote", "choice": "yes"}


@dataclass
class Result:
    accepted: int
    sent: int
    votes_per_second: float
    p50_ms: float
    p99_ms: float
    lost: int
    server_cpu_seconds: float
    # To the last delegate of the room holding a state of the vote's seq or later (None: the
    # ceiling, whose event is its whole picture).
    state_p50_ms: float | None = None
    state_p99_ms: float | None = None


def server_cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


class PlenaryDeployment:
    """`plenary serve --workers N` on a fresh PostgreSQL schema (and Redis for N > 1)."""

    def __init__(self, workers: int, folder: Path, delegates: int, rooms: int) -> None:
        self.workers = workers
        self.schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(sa.text(f'create schema "{self.schema}"'))
        admin.dispose()
        scenarios = folder / "scenarios"
        scenarios.mkdir(parents=True, exist_ok=True)
        (scenarios / "bench.yaml").write_text(yaml.safe_dump(scenario(delegates)), "utf-8")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        url = f"{POSTGRES_URL}?options=-csearch_path%3D{self.schema}"
        command = [sys.executable, "-m", "app.cli", "serve", "--port", str(self.port)]
        command += ["--database-url", url, "--scenarios-dir", str(scenarios)]
        if workers > 1:
            command += ["--workers", str(workers), "--redis-url", REDIS_URL]
        env = {
            # Every benchmark client comes from loopback: one "school" of all the sockets.
            "PLENARY_WS_CONNECTIONS_PER_ADDRESS": str(rooms * (delegates + 1) + 100),
            "PLENARY_ROOMS_PER_ADDRESS": str(rooms + 10),
            "PLENARY_ROOM_CREATION_BURST": str(rooms + 10),
        }
        env.pop("PLENARY_REDIS_URL", None)
        log = folder / f"plenary-{workers}.log"
        self.process = start(command, "Application startup complete", log, env)
        deadline = time.monotonic() + 60
        while log.read_text().count("Application startup complete") < workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the workers did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)

    def pids(self) -> list[int]:
        if self.workers == 1:
            return [self.process.pid]
        children = psutil.Process(self.process.pid).children()
        # multiprocessing's resource tracker is a child too, and serves nothing.
        return [c.pid for c in children if "resource_tracker" not in " ".join(c.cmdline())]

    def stop(self) -> None:
        stop(self.process)
        admin = sa.create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(sa.text(f'drop schema if exists "{self.schema}" cascade'))
        admin.dispose()


@dataclass
class Seated:
    """The rooms ready to vote: each room's delegate names (client names) in order."""

    rooms: dict[str, list[str]]


async def command_until_acked(
    pool: Pool, owner: int, name: str, body: dict[str, Any], tag: str
) -> dict[str, Any]:
    """A setup command, sent again while its worker has not yet seen what it needs (with two
    workers, a socket's worker may be a few milliseconds behind the other)."""
    for attempt in range(50):
        replies = await pool.ask(owner, "command", [(name, f"{tag}{attempt}", body)])
        reply: dict[str, Any] = replies[0]
        if reply["type"] == "ack":
            return reply
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{tag} was refused: {reply}")


async def seat_plenary(
    deployment: PlenaryDeployment, pool: Pool, rooms: int, delegates: int
) -> Seated:
    """Rooms made, seats claimed, delegates connected, the roll taken, a vote open in each."""
    seated: dict[str, list[str]] = {}
    chairs: dict[str, tuple[int, str]] = {}
    hellos: list[list[tuple[str, dict[str, Any]]]] = [[] for _ in range(len(pool))]
    urls: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=deployment.base, timeout=60) as http:
        for index in range(rooms):
            created = await http.post("/api/rooms", json={"scenario_id": "bench"})
            created.raise_for_status()
            room = created.json()
            code = room["code"]
            urls[code] = f"ws://127.0.0.1:{deployment.port}/ws/rooms/{code}"

            async def claim(actor: str, code: str = code) -> tuple[str, str]:
                answer = await http.post(f"/api/rooms/{code}/seats/{actor}/claim", json={})
                answer.raise_for_status()
                return actor, answer.json()["token"]

            tokens = dict(
                await asyncio.gather(*(claim(f"S{n:03d}") for n in range(1, delegates + 1)))
            )
            owner = index % len(pool)
            chairs[code] = (owner, f"{code}:chair")
            hellos[owner].append((f"{code}:chair", {"type": "hello", "token": room["chair_key"]}))
            seated[code] = []
            for n, (actor, token) in enumerate(tokens.items()):
                name = f"{code}:{actor}"
                seated[code].append(name)
                hello = {**WEB_HELLO, "token": token}
                hellos[(index + n) % len(pool)].append((name, hello))
    # Each client process connects its sockets, room by room.
    await pool.ask_all(
        "connect_rooms", [([(urls[n.split(":")[0]], n, h) for n, h in part],) for part in hellos]
    )
    owners = {name: i for i, part in enumerate(hellos) for name, _ in part}
    roll: list[list[tuple[str, str, dict[str, Any]]]] = [[] for _ in range(len(pool))]
    for names in seated.values():
        for name in names:
            actor = name.split(":")[1]
            body = {"type": "record_attendance", "member": actor, "status": "present_and_voting"}
            roll[owners[name]].append((name, "roll", body))
    for replies in await pool.ask_all("command", [(r,) for r in roll]):
        for reply in replies:
            if reply["type"] != "ack":
                raise RuntimeError(f"roll call refused: {reply}")
    motion = {"type": "propose_motion", "kind": "moderated_caucus", "minutes": 5,
              "speaker_seconds": 30}
    for code, names in seated.items():
        proposed = await command_until_acked(pool, owners[names[0]], names[0], motion, "m")
        # The motion's id is "M" and the seq of its event (game_rules' draft and motion ids).
        motion_id = f"M{proposed['seq']}"
        owner, chair = chairs[code]
        await command_until_acked(
            pool, owner, chair, {"type": "entertain_motion", "motion_id": motion_id}, "e"
        )
        await command_until_acked(pool, owner, chair, {"type": "open_vote"}, "o")
    await asyncio.sleep(2.0)  # every worker has shown every room's open vote
    return Seated(seated)


async def seat_bare(bare: BareServer, pool: Pool, rooms: int, delegates: int) -> Seated:
    seated: dict[str, list[str]] = {}
    parts: list[list[tuple[str, str, dict[str, Any]]]] = [[] for _ in range(len(pool))]
    for index in range(rooms):
        code = f"R{index:02d}"
        seated[code] = [f"{code}:c{n}" for n in range(delegates)]
        for n, name in enumerate(seated[code]):
            url = f"ws://127.0.0.1:{bare.port}/{code}"
            parts[(index + n) % len(pool)].append((url, name, {"type": "hello"}))
    await pool.ask_all("connect_rooms", [(part,) for part in parts])
    await asyncio.sleep(1.0)
    return Seated(seated)


async def measure(
    pool: Pool, seated: Seated, seconds: int, pids: list[int], states: bool = False
) -> Result:
    """Each room: one vote a second from its next delegate, rooms staggered over the second."""
    await pool.ask_all("clear", [() for _ in range(len(pool))])
    owners = await pool.ask_all("names", [() for _ in range(len(pool))])
    owner_of = {name: index for index, names in enumerate(owners) for name in names}
    plans: list[list[tuple[str, str, dict[str, Any], float]]] = [[] for _ in range(len(pool))]
    start_at = time.monotonic() + 0.5
    rooms = list(seated.rooms)
    for index, code in enumerate(rooms):
        for second in range(seconds):
            name = seated.rooms[code][second % len(seated.rooms[code])]
            at = start_at + second + index / len(rooms)
            plans[owner_of[name]].append((name, f"v-{name}-{second}", VOTE, at))
    cpu_before = server_cpu(pids)
    answers = [a for part in await pool.ask_all("schedule", [(p,) for p in plans]) for a in part]
    acked = [(cid, sent, done, int(reply["seq"])) for cid, sent, done, reply in answers
             if reply["type"] == "ack"]
    wanted: dict[str, list[int]] = collections.defaultdict(list)
    for cid, _, _, seq in acked:
        wanted[cid.split("-")[1].split(":")[0]].append(seq)
    collected = await pool.ask_all(
        "collect_rooms", [(dict(wanted), states) for _ in range(len(pool))]
    )
    cpu = server_cpu(pids) - cpu_before
    latest: dict[tuple[str, int], float] = {}
    shown: dict[tuple[str, int], float] = {}
    lost = 0
    for part, missing, part_shown in collected:
        lost += missing
        for (code, seq), at in part.items():
            latest[(code, seq)] = max(latest.get((code, seq), 0.0), at)
        for (code, seq), at in part_shown.items():
            shown[(code, seq)] = max(shown.get((code, seq), 0.0), at)

    def delays(arrived: dict[tuple[str, int], float]) -> list[float]:
        return sorted(
            arrived[(cid.split("-")[1].split(":")[0], seq)] - sent
            for cid, sent, _, seq in acked
            if (cid.split("-")[1].split(":")[0], seq) in arrived
        )

    if states:
        # Shown only where every client process saw the room's last delegates hold it (each
        # process has delegates of every room); a vote whose state never reached them is lost.
        shown = {key: at for key, at in shown.items() if all(key in p[2] for p in collected)}
        lost += sum(1 for cid, _, _, seq in acked if (cid.split("-")[1].split(":")[0], seq)
                    not in shown)
    latencies = delays(latest)
    state_latencies = delays(shown) if states else []
    first = min(sent for _, sent, _, _ in answers)
    last = max((done for _, _, done, _ in acked), default=first + 1)
    return Result(
        accepted=len(acked),
        sent=len(answers),
        votes_per_second=len(acked) / max(last - first, 1e-9),
        p50_ms=statistics.median(latencies) * 1000 if latencies else float("nan"),
        p99_ms=percentile(latencies, 0.99) * 1000 if latencies else float("nan"),
        lost=lost,
        server_cpu_seconds=cpu,
        state_p50_ms=statistics.median(state_latencies) * 1000 if state_latencies else None,
        state_p99_ms=percentile(state_latencies, 0.99) * 1000 if state_latencies else None,
    )


def profile(pid: int, seconds: int, folder: Path) -> subprocess.Popen[bytes] | None:
    spy = Path(sys.executable).with_name("py-spy")
    if not spy.exists():
        print("py-spy is not installed: no profile (pip install py-spy)", file=sys.stderr)
        return None
    out = folder / "profile.txt"
    return subprocess.Popen(
        [str(spy), "record", "--pid", str(pid), "--duration", str(seconds), "--rate", "100",
         "--format", "raw", "--output", str(out), "--nonblocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def summarise_profile(path: Path, top: int = 14) -> str:
    """Share of samples by the innermost frame of app/, game_rules/ or a library."""
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        samples = int(count)
        total += samples
        mine = next((f for f in reversed(frames) if "(app/" in f or "(game_rules/" in f), None)
        leaf = frames[-1]
        label = leaf if mine is None or mine == leaf else f"{mine} -> {leaf.split(' ')[0]}"
        own[label.replace(str(ROOT) + "/", "")] += samples
    lines = [f"{count / total:6.1%}  {label}" for label, count in own.most_common(top)]
    return f"{total} samples\n" + "\n".join(lines)


def table(rows: list[tuple[str, Result]]) -> str:
    lines = [
        "| server | votes sent | accepted | accepted votes/s | vote → last delegate p50 / p99 ms "
        "| state p50 / p99 ms | lost | server CPU s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in rows:
        # The ceiling's event is its whole picture: its state latency is its event latency.
        p50 = r.p50_ms if r.state_p50_ms is None else r.state_p50_ms
        p99 = r.p99_ms if r.state_p99_ms is None else r.state_p99_ms
        lines.append(
            f"| {name} | {r.sent} | {r.accepted} | {r.votes_per_second:.1f} | "
            f"{r.p50_ms:.1f} / {r.p99_ms:.1f} | {p50:.1f} / {p99:.1f} | {r.lost} | "
            f"{r.server_cpu_seconds:.1f} |"
        )
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> None:
    pool = Pool(args.client_processes, target=client_main)
    rows: list[tuple[str, Result]] = []
    profile_text = ""
    load_before = os.getloadavg()
    try:
        with tempfile.TemporaryDirectory(prefix="plenary-conference-") as tmp:
            folder = args.keep_logs or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            for workers in args.plenary_workers:
                deployment = PlenaryDeployment(
                    workers, folder / f"w{workers}", args.delegates, args.rooms
                )
                try:
                    seated = await seat_plenary(deployment, pool, args.rooms, args.delegates)
                    spy = None
                    if args.profile and workers == max(args.plenary_workers):
                        spy = profile(deployment.pids()[0], args.seconds, folder)
                    result = await measure(
                        pool, seated, args.seconds, deployment.pids(), states=True
                    )
                    if spy is not None:
                        spy.wait(60)
                        if (folder / "profile.txt").exists():
                            profile_text = summarise_profile(folder / "profile.txt")
                    label = f"plenary, {workers} worker{'s' if workers > 1 else ''}"
                    rows.append((label, result))
                    print(f"done: {label}", file=sys.stderr, flush=True)
                    sample = await pool.ask(0, "sample")
                finally:
                    await pool.ask_all("close", [() for _ in range(len(pool))])
                    deployment.stop()
            bare = BareServer(args.rooms * args.delegates, folder, sample)
            try:
                seated = await seat_bare(bare, pool, args.rooms, args.delegates)
                rows.append(("bare ws", await measure(pool, seated, args.seconds,
                                                      [bare.process.pid])))
            finally:
                await pool.ask_all("close", [() for _ in range(len(pool))])
                bare.stop()
    finally:
        pool.shutdown()
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    before = " / ".join(f"{x:.2f}" for x in load_before)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.client_processes} client "
        f"processes; {args.rooms} rooms x {args.delegates} delegates, 1 vote/s per room for "
        f"{args.seconds} s; PostgreSQL and Redis on this machine; load average (1 / 5 / 15 min) "
        f"before {before}, after {load}"
    )
    print(table(rows))
    by_name = dict(rows)
    one, two = by_name.get("plenary, 1 worker"), by_name.get("plenary, 2 workers")
    if one and two:
        rate = two.votes_per_second / one.votes_per_second
        print(
            f"\ntwo workers / one: accepted votes/s {rate:.2f}"
            f", p99 {two.p99_ms / one.p99_ms:.2f}, p50 {two.p50_ms / one.p50_ms:.2f}"
        )
    if profile_text:
        print("\nProfile of one worker of two (py-spy, innermost Plenary frame -> leaf):")
        print(profile_text)


# --- The client processes: vote_storm's, with rooms ---------------------------------------


def client_main(pipe: Any) -> None:
    from vote_storm import CHAIR, Worker, WorkerClient

    class RoomWorker(Worker):
        """vote_storm's client process; clients are named ``ROOM:actor``."""

        async def connect_rooms(self, items: list[tuple[str, str, dict[str, Any]]]) -> int:
            import json

            import websockets

            async def one(url: str, name: str, hello: dict[str, Any]) -> None:
                ws = await websockets.connect(
                    url, max_size=None, max_queue=None, compression=None, open_timeout=60
                )
                await ws.send(json.dumps(hello))
                client = WorkerClient(name, ws)
                self.clients[name] = client
                self.readers.append(asyncio.create_task(client.read()))

            for start_index in range(0, len(items), 50):
                await asyncio.gather(*(one(*item) for item in items[start_index:start_index + 50]))
            return len(self.clients)

        async def names(self) -> list[str]:
            return list(self.clients)

        async def sample(self) -> bytes | None:
            return next((c.sample_event for c in self.clients.values() if c.sample_event), None)

        async def collect_rooms(
            self, wanted: dict[str, list[int]], states: bool = False
        ) -> tuple[dict[tuple[str, int], float], int, dict[tuple[str, int], float]]:
            """For each room's acked seqs: when this process's last delegate of it got the
            event; how many (delegate, seq) deliveries never came; and (``states``) when its
            last delegate held a state of that seq or later."""
            delegates = [c for c in self.clients.values() if not c.name.endswith(":" + CHAIR)]
            newest = {code: max(seqs) for code, seqs in wanted.items() if seqs}

            def complete() -> bool:
                if not all(
                    seq in c.received for c in delegates for seq in wanted.get(room(c), [])
                ):
                    return False
                return not states or all(
                    c.states and c.states[-1][0] >= newest[room(c)]
                    for c in delegates
                    if room(c) in newest
                )

            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not complete():
                await asyncio.sleep(0.05)
            latest: dict[tuple[str, int], float] = {}
            missing = 0
            for client in delegates:
                code = room(client)
                for seq in wanted.get(code, []):
                    at = client.received.get(seq)
                    if at is None:
                        missing += 1
                    else:
                        latest[(code, seq)] = max(latest.get((code, seq), 0.0), at)
            shown: dict[tuple[str, int], float] = {}
            unshown: set[tuple[str, int]] = set()
            for client in delegates if states else []:
                code = room(client)
                for seq in wanted.get(code, []):
                    at = next((t for got, t in client.states if got >= seq), None)
                    if at is None:
                        unshown.add((code, seq))
                    else:
                        shown[(code, seq)] = max(shown.get((code, seq), 0.0), at)
            for key in unshown:
                shown.pop(key, None)
            return latest, missing, shown

    def room(client: Any) -> str:
        return str(client.name.split(":")[0])

    asyncio.run(RoomWorker(pipe).serve())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rooms", type=int, default=40)
    parser.add_argument("--delegates", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20, help="votes per room (1 a second)")
    parser.add_argument("--plenary-workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="py-spy one worker of the last run")
    parser.add_argument(
        "--keep-logs", type=Path, default=None, help="write the servers' logs here, and keep them"
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
