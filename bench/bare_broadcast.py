"""The ceiling: a bare ``websockets`` server that does only the unavoidable work of a vote.

For every message it receives it stamps the next seq on a prepared event payload (the same bytes
Plenary sends for a ballot), broadcasts it to every connection and acks the sender. No engine,
no database, no views. Run by ``bench/vote_storm.py``; not useful on its own.
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
    connections: set[websockets.ServerConnection] = set()
    seq = 0

    async def serve(connection: websockets.ServerConnection) -> None:
        nonlocal seq
        connections.add(connection)
        try:
            async for message in connection:
                request = json.loads(message)
                if request.get("type") == "hello":
                    await connection.send(json.dumps({"type": "welcome", "seq": seq}))
                    continue
                seq += 1
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
