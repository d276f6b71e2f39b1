"""SIGKILL the server mid-vote: every acknowledged vote survives and the vote can be closed."""

from __future__ import annotations

import asyncio
from pathlib import Path

from live_support import DELEGATIONS, LiveClient, ServerProcess
from room_helpers import create_room
from session_script import last_event, roll_call


async def test_acknowledged_votes_survive_a_sigkill_and_the_vote_can_be_closed(
    database_url: str, scenarios_dir: Path
) -> None:
    server = ServerProcess(database_url, scenarios_dir).start()
    clients: list[LiveClient] = []
    try:
        room = create_room(server.base_url)
        chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
        delegates = {
            actor: await LiveClient(server.ws_url, room.code, room.tokens[actor], actor).connect()
            for actor in DELEGATIONS
        }
        clients = [chair, *delegates.values()]
        await roll_call(chair, delegates)
        await delegates["D03"].must(
            "propose_motion", kind="moderated_caucus", minutes=5, speaker_seconds=30, topic="Dams"
        )
        motion = last_event(delegates["D03"], "motion_proposed")["motion"]
        await chair.must("entertain_motion", motion_id=motion["id"])
        await chair.must("open_vote")

        acked: set[str] = set()

        async def vote(actor: str) -> None:
            reply = await delegates[actor].send("cast_vote", choice="yes")
            if reply["type"] == "ack":
                acked.add(actor)

        voting = [asyncio.create_task(vote(actor)) for actor in DELEGATIONS]
        while len(acked) < 8:
            await asyncio.sleep(0.001)
        server.kill()  # mid-vote: some votes acked, some in flight
        await asyncio.gather(*voting, return_exceptions=True)
        for client in clients:
            await client.close()
        assert len(acked) >= 8

        server.start()
        chair_again = await LiveClient(server.ws_url, room.code, room.chair_key, "chair2").connect(
            last_seq=chair.last_seq
        )
        clients = [chair_again]
        await chair_again.wait_until(lambda: chair_again.state is not None, what="state")
        assert chair_again.state is not None
        vote_view = chair_again.state["vote"]
        assert vote_view is not None, "the open vote did not survive the restart"
        assert acked <= set(vote_view["voted"]), (
            f"acknowledged votes were lost: {sorted(acked - set(vote_view['voted']))}"
        )
        survivors = set(vote_view["voted"])
        closed_at = await chair_again.must("close_vote")
        await chair_again.wait_for_seq(closed_at)
        result = last_event(chair_again, "vote_closed")["result"]
        assert result["tally"].get("yes", 0) == len(survivors)
    finally:
        for client in clients:
            await client.close()
        server.stop()
