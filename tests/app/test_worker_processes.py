"""`plenary serve --workers 2`: two processes on one port, one PostgreSQL and one Redis.

Which worker holds a socket is the kernel's choice; psutil reads it from the workers' own
connections (the worker whose socket has the client's local port as its remote end)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from live_support import (
    DELEGATIONS,
    PROJECT_ROOT,
    LiveClient,
    ServerProcess,
    postgres_schema_url,
    spread_over_workers,
    worker_of,
    write_scenarios,
)
from room_helpers import create_room
from session_script import everyone_at, last_event, roll_call

REDIS_URL = "redis://127.0.0.1:6379/0"

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[ServerProcess]:
    scenarios = write_scenarios(tmp_path / "scenarios")
    with postgres_schema_url() as url:
        server = ServerProcess(url, scenarios, redis_url=REDIS_URL, workers=2).start(timeout=60)
        try:
            yield server
        finally:
            server.stop()


async def open_caucus_vote(chair: LiveClient, delegates: dict[str, LiveClient]) -> None:
    """Roll call, a motion and its vote opened. Each client acts on what its own worker has
    shown it, as a person would: a worker may not yet hold what the other just committed."""
    clients = [chair, *delegates.values()]
    await everyone_at(clients, await roll_call(chair, delegates))
    proposed = await delegates["D03"].must(
        "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30, topic="Dams"
    )
    await chair.wait_for_seq(proposed)
    motion = last_event(chair, "motion_proposed")["motion"]
    await chair.must("entertain_motion", motion_id=motion["id"])
    await everyone_at(clients, await chair.must("open_vote"))


def test_more_than_one_worker_needs_postgres_and_redis(tmp_path: Path) -> None:
    scenarios = write_scenarios(tmp_path / "scenarios")
    base = [sys.executable, "-m", "app.cli", "serve", "--scenarios-dir", str(scenarios)]
    on_sqlite = subprocess.run(
        [*base, "--workers", "2", "--database-url", f"sqlite:///{tmp_path / 'p.db'}",
         "--redis-url", REDIS_URL],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
    )
    assert on_sqlite.returncode == 2, on_sqlite.stderr
    assert "SQLite has one writer" in on_sqlite.stderr
    without_redis = subprocess.run(
        [*base, "--workers", "2", "--database-url", "postgresql+psycopg://u@127.0.0.1/x"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
        env={k: v for k, v in __import__("os").environ.items() if k != "PLENARY_REDIS_URL"},
    )
    assert without_redis.returncode == 2, without_redis.stderr
    assert "needs Redis" in without_redis.stderr and "wake each other" in without_redis.stderr


async def test_clients_of_two_workers_on_one_port_see_each_others_votes(
    two_workers: ServerProcess,
) -> None:
    server = two_workers
    room = create_room(server.base_url)
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    delegates = {
        actor: await LiveClient(server.ws_url, room.code, room.tokens[actor], actor).connect()
        for actor in DELEGATIONS
    }
    try:
        where = await spread_over_workers(server, delegates, room.code, room.tokens)
        await open_caucus_vote(chair, delegates)
        seqs = await asyncio.gather(
            *(delegates[actor].must("cast_vote", choice="yes") for actor in DELEGATIONS[:16])
        )
        clients = [chair, *delegates.values()]
        await asyncio.gather(*(client.wait_for_seq(max(seqs)) for client in clients))
        for actor, client in delegates.items():
            voters = {
                m["event"]["voter"] for m in client.events if m["event"]["type"] == "ballot_cast"
            }
            # Every ballot, whichever worker took it, reached this client's worker.
            assert voters == set(DELEGATIONS[:16]), (actor, where[actor])
        assert len({tuple(c.event_types()) for c in clients}) == 1
    finally:
        for client in [chair, *delegates.values()]:
            await client.close()


async def test_killing_one_worker_mid_vote_loses_no_acknowledged_vote(
    two_workers: ServerProcess,
) -> None:
    server = two_workers
    room = create_room(server.base_url)
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    delegates = {
        actor: await LiveClient(server.ws_url, room.code, room.tokens[actor], actor).connect()
        for actor in DELEGATIONS
    }
    try:
        where = await spread_over_workers(server, delegates, room.code, room.tokens)
        chair_worker = worker_of(server, chair)
        victim = next(pid for pid in where.values() if pid != chair_worker)
        await open_caucus_vote(chair, delegates)

        acked: set[str] = set()

        async def vote(actor: str) -> None:
            reply = await delegates[actor].send("cast_vote", choice="yes")
            if reply["type"] == "ack":
                acked.add(actor)

        voting = [asyncio.create_task(vote(actor)) for actor in DELEGATIONS]
        while len(acked) < 6:
            await asyncio.sleep(0.001)
        psutil.Process(victim).kill()  # SIGKILL one worker mid-vote
        await asyncio.gather(*voting, return_exceptions=True)
        cut_off = [actor for actor in DELEGATIONS if where[actor] == victim]
        for actor in cut_off:
            client = delegates[actor]
            await client.wait_until(lambda c=client: c.closed_with is not None, what="cut off")

        # The cut-off clients reconnect to the same port; the surviving worker serves them.
        for actor in cut_off:
            old = delegates[actor]
            again = LiveClient(server.ws_url, room.code, room.tokens[actor], actor + "'")
            delegates[actor] = await again.connect(last_seq=old.last_seq)
            assert worker_of(server, again) != victim
        await chair.wait_until(lambda: chair.state is not None, what="state")
        for actor in DELEGATIONS:  # a vote sent but not acknowledged is sent again
            if actor not in acked:
                reply = await delegates[actor].send("cast_vote", choice="yes")
                assert reply["type"] == "ack" or "already voted" in str(reply), reply
        closed_at = await chair.must("close_vote")
        await asyncio.gather(*(c.wait_for_seq(closed_at) for c in [chair, *delegates.values()]))
        ballots = [m["event"]["voter"] for m in chair.events if m["event"]["type"] == "ballot_cast"]
        assert acked <= set(ballots), f"acknowledged votes were lost: {acked - set(ballots)}"
        assert sorted(ballots) == sorted(DELEGATIONS), "a vote was lost or counted twice"
        result = last_event(chair, "vote_closed")["result"]
        assert result["tally"].get("yes", 0) == len(DELEGATIONS)
        for actor in cut_off:  # the reconnected clients saw the whole vote, in order
            seqs = [m["seq"] for m in delegates[actor].events]
            assert seqs == sorted(set(seqs)) and seqs[-1] == closed_at
    finally:
        for client in [chair, *delegates.values()]:
            await client.close()


async def test_the_redis_hub_subscribes_again_after_redis_drops_it() -> None:
    """Redis cuts the hub's connections (as on a restart): the hub subscribes again, tells its
    listeners to catch up every room (wake-ups sent meanwhile are lost), and hears new ones."""
    import redis.asyncio as redis_asyncio

    from app.hub import EVERY_ROOM, RedisHub

    listening, other = RedisHub(REDIS_URL), RedisHub(REDIS_URL)
    heard: list[tuple[str, int]] = []
    changed = asyncio.Event()

    async def on_wake(room_id: str, seq: int) -> None:
        heard.append((room_id, seq))
        changed.set()

    async def until(condition: object) -> None:
        async with asyncio.timeout(20):
            while not condition():  # type: ignore[operator]
                changed.clear()
                await changed.wait()

    await listening.start()
    await other.start()
    listening.listen(on_wake)
    admin = redis_asyncio.from_url(REDIS_URL)
    try:
        await other.announce("R1", 1)
        await until(lambda: ("R1", 1) in heard)
        for client in await admin.client_list():
            if client["name"] == listening.client_name:
                await admin.client_kill_filter(_id=client["id"])
        await until(lambda: (EVERY_ROOM, 0) in heard)
        await other.announce("R1", 2)
        await until(lambda: ("R1", 2) in heard)
    finally:
        await admin.aclose()
        await listening.close()
        await other.close()
