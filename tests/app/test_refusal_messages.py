"""A refusal from the engine reaches the client as a message it can translate
(docs/protocol.md, Messages): the English template, its parameters, and the English sentence."""

from __future__ import annotations

from live_support import LiveClient, ServerProcess
from room_helpers import create_room
from session_script import roll_call


async def test_an_engine_refusal_carries_its_template_and_parameters(
    server: ServerProcess,
) -> None:
    room = create_room(server.base_url, claim=["D01", "D02"])
    chair = await LiveClient(server.ws_url, room.code, room.chair_key, "chair").connect()
    delegate = await LiveClient(server.ws_url, room.code, room.tokens["D01"], "D01").connect()
    try:
        await roll_call(chair, {"D01": delegate})
        await delegate.must("add_speaker")
        refused = await delegate.send("add_speaker")
        assert refused["type"] == "error", refused
        assert refused["say"]["text"] == "{member} is already on the speakers list."
        assert refused["say"]["params"] == {"member": "Republic of D01"}
        assert refused["message"] == "Republic of D01 is already on the speakers list."
        # A refusal of the server's own (not the engine's) has no message to translate.
        bad = await delegate.send("frobnicate")
        assert bad["type"] == "error" and "say" not in bad, bad
    finally:
        await delegate.close()
        await chair.close()
