"""The ceiling: a bare ``websockets`` server that does only the unavoidable work of a vote.

For every message it receives it stamps the next seq on a prepared event payload (the same bytes
Plenary sends for a ballot), broadcasts it to every connection of the same path (a room: one
path, one seq) and acks the sender. No engine, no database, no views. Run by
``bench/vote_storm.py`` and ``bench/conference_load.py``; not useful on its own.
"""

from __future__ import annotations

import asyncio
import json
import sys

import websockets


async def main(port: int, payload_path: str) -> None:
    with open(payload_path, encoding="utf-8") as handle:
        template = json.load(handle)
    prefix, suffix = template["prefix"], template["suffix"]
    rooms: dict[str, set[websockets.ServerConnection]] = {}
    seqs: dict[str, int] = {}

    async def serve(connection: websockets.ServerConnection) -> None:
        room = connection.request.path if connection.request else "/"
        connections = rooms.setdefault(room, set())
        connections.add(connection)
        try:
            async for message in connection:
                request = json.loads(message)
                if request.get("type") == "hello":
                    welcome = {"type": "welcome", "seq": seqs.get(room, 0)}
                    await connection.send(json.dumps(welcome))
                    continue
                seq = seqs[room] = seqs.get(room, 0) + 1
                websockets.broadcast(connections, f"{prefix}{seq}{suffix}")
                await connection.send(
                    json.dumps(
                        {"type": "ack", "id": request["id"], "seq": seq}, separators=(",", ":")
                    )
                )
        finally:
            connections.discard(connection)

    async with websockets.serve(serve, "127.0.0.1", port, max_size=2**20, compression=None):
        print("ready", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
