"""Under a vote storm every vote is acknowledged once and every client sees every ballot once.

A small cousin of ``bench/vote_storm.py`` (which measures; this one checks correctness).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))

from live_support import LiveClient, ServerProcess

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from vote_storm import scenario

DELEGATES = 60


async def test_sixty_delegates_voting_at_once_lose_nothing_and_repeat_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "bench.yaml").write_text(yaml.safe_dump(scenario(DELEGATES)), "utf-8")
    server = ServerProcess(f"sqlite:///{tmp_path / 'storm.db'}", folder).start()
    clients: list[LiveClient] = []
    try:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as http:
            room = (await http.post("/api/rooms", json={"scenario_id": "bench"})).json()
            tokens = {}
            for n in range(1, DELEGATES + 1):
                actor = f"S{n:03d}"
                claimed = await http.post(f"/api/rooms/{room['code']}/seats/{actor}/claim", json={})
                tokens[actor] = claimed.json()["token"]
        chair = await LiveClient(server.ws_url, room["code"], room["chair_key"], "chair").connect()
        delegates = [
            await LiveClient(server.ws_url, room["code"], token, actor).connect()
            for actor, token in tokens.items()
        ]
        clients = [chair, *delegates]
        await asyncio.gather(
            *(
                d.must("record_attendance", member=d.name, status="present_and_voting")
                for d in delegates
            )
        )
        await delegates[0].must(
            "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30
        )
        motion = next(m for m in delegates[0].events if m["event"]["type"] == "motion_proposed")
        await chair.must("entertain_motion", motion_id=motion["event"]["motion"]["id"])
        opened = await chair.must("open_vote")

        acks = await asyncio.gather(*(d.send("cast_vote", choice="yes") for d in delegates))
        assert all(ack["type"] == "ack" for ack in acks), [a for a in acks if a["type"] != "ack"]
        vote_seqs = sorted(ack["seq"] for ack in acks)
        assert vote_seqs == list(range(opened + 1, opened + DELEGATES + 1))

        await asyncio.gather(*(c.wait_for_seq(vote_seqs[-1]) for c in clients))
        for client in clients:
            seen = [m["seq"] for m in client.events if m["seq"] > opened]
            assert seen == vote_seqs, f"{client.name} missed or repeated a ballot"
        closed = await chair.must("close_vote")
        await chair.wait_for_seq(closed)
        result = next(m for m in reversed(chair.events) if m["event"]["type"] == "vote_closed")
        assert result["event"]["result"]["tally"]["yes"] == DELEGATES
    finally:
        for client in clients:
            await client.close()
        server.stop()
