"""Every server frame is the dump of its ``app/protocol.py`` model, byte for byte.

The large frames (``event``, ``events``, ``state``, ``snapshot``, state patches) are spliced from
text encoded once for many connections (``app/rooms/wire.py``); through a whole bot session,
for the public, the chair and every seat, each equals what its model would dump. The small
frames are the models themselves, and keep the bytes they had as plain JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.protocol import (
    EventMessage,
    EventsMessage,
    Ping,
    SnapshotMessage,
    StateMessage,
    StatePatchMessage,
)
from app.rooms.fanout import CommittedBatch, CommittedEvent, StateFrames, ViewEncoder
from app.rooms.schemas import Identity
from app.rooms.secrecy import Audience, SecretBriefs
from app.rooms.wire import (
    ack_frame,
    dumps,
    error_frame,
    events_frame,
    pong_frame,
    room_frame,
    seats_frame,
    welcome_frame,
)
from game_rules.engine.apply import evolve
from game_rules.engine.views import brief_view, private_view, public_view, view_event
from game_rules.report.simulate import simulate
from game_rules.scenario.setup import load_scenario
from game_rules.session.state import CHAIR, PUBLIC

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "security-council-protection.yaml"


def _expected_view(batch: CommittedBatch, viewer: str, briefs: dict[str, Any]) -> dict[str, Any]:
    me = private_view(batch.state, viewer) if viewer != PUBLIC else {}
    if viewer == CHAIR and briefs:
        me["briefs"] = briefs
    elif viewer in briefs:
        me["brief"] = briefs[viewer]
    return {**public_view(batch.state), "me": me}


_LEFT_OUT = ("merge", "removed", "me")


def _expected_patch(
    seq: int, base: int, old: dict[str, Any], view: dict[str, Any], deep: bool
) -> StatePatchMessage:
    """The patch docs/protocol.md describes: changed top-level parts whole, or (``deep``) an
    object part with the same keys as the base's as its changed keys in ``merge``."""
    patch: dict[str, Any] = {}
    merge: dict[str, dict[str, Any]] = {}
    for key, part in view.items():
        if key == "me" or old.get(key) == part:
            continue
        before = old.get(key)
        if deep and isinstance(part, dict) and isinstance(before, dict) and (
            part.keys() == before.keys()
        ):
            merge[key] = {name: value for name, value in part.items() if before[name] != value}
        else:
            patch[key] = part
    removed = [key for key in old if key != "me" and key not in view]
    return StatePatchMessage(
        seq=seq,
        base=base,
        patch=patch,
        merge=merge or None,
        removed=removed or None,
        me=view["me"] if view["me"] != old["me"] else None,
    )


def _dump_patch(message: StatePatchMessage) -> str:
    return message.model_dump_json(exclude={n for n in _LEFT_OUT if getattr(message, n) is None})


def _applied(old: dict[str, Any], message: StatePatchMessage) -> dict[str, Any]:
    """What a client holds after the patch (web/static/js/connection.js applyState)."""
    view = {**old, **message.patch}
    for key, changed in (message.merge or {}).items():
        view[key] = {**view[key], **changed}
    for key in message.removed or []:
        view.pop(key)
    view["me"] = old["me"] if message.me is None else message.me
    return view


def test_spliced_frames_equal_their_models_through_a_whole_bot_session() -> None:
    scenario = load_scenario(SCENARIO)
    result = simulate(scenario, seed=3)
    briefs = {actor: brief_view(brief) for actor, brief in scenario.briefs.items()}
    secret = SecretBriefs(briefs)
    viewers = [PUBLIC, CHAIR, *(d.id for d in result.start.setup.members)]
    encoder = ViewEncoder()
    patches = {viewer: StateFrames(patches=True) for viewer in viewers}
    deep_patches = {viewer: StateFrames(patches=True, deep=True) for viewer in viewers}
    shown: dict[str, tuple[int, dict[str, Any]]] = {}
    state = result.start
    for seq, event in enumerate(result.events, start=1):
        state = evolve(state, event)
        committed = CommittedEvent(seq, event)
        batch = CommittedBatch(seq, (committed,), state, secret, encoder)
        for viewer in viewers:
            audience = Audience(viewer)
            seen = view_event(event, viewer)
            frame = committed.frame_for(audience)
            if seen is None:
                assert frame is None
            else:
                assert frame == EventMessage(seq=seq, event=seen).model_dump_json()
                assert events_frame([frame, frame]) == EventsMessage(
                    events=[EventMessage(seq=seq, event=seen)] * 2
                ).model_dump_json(exclude={"state"})
            view = _expected_view(batch, viewer, briefs)
            assert batch.frame("state", audience) == StateMessage(
                seq=seq, view=view
            ).model_dump_json()
            assert batch.frame("snapshot", audience) == SnapshotMessage(
                seq=seq, view=view
            ).model_dump_json()
            frames, deep_frames = patches[viewer], deep_patches[viewer]
            if viewer not in shown:
                whole = frames.whole(batch, "state", audience)
                assert whole == StateMessage(seq=seq, view=view).model_dump_json()
                assert deep_frames.whole(batch, "state", audience) == whole
            else:
                base, old = shown[viewer]
                for deep, made in ((False, frames.next(batch, audience)),
                                   (True, deep_frames.next(batch, audience))):
                    message = _expected_patch(seq, base, old, view, deep)
                    assert made == _dump_patch(message)
                    assert _applied(old, message) == view
                    if seen is not None and frame is not None:
                        # hello state_with_events: the patch inside the events frame.
                        assert events_frame([frame], made) == EventsMessage(
                            events=[EventMessage(seq=seq, event=seen)], state=message
                        ).model_dump_json(
                            exclude={"state": {n for n in _LEFT_OUT if getattr(message, n) is None}}
                        )
            shown[viewer] = (seq, view)
    assert len(result.events) > 50, "the bot session was too short to prove anything"


def test_small_frames_keep_the_bytes_of_plain_json() -> None:
    text = 'a "quoted" \\ line\nbreak, é ≥ 😀 \u2028 </script>'
    assert ack_frame("D01-7", 12) == dumps({"v": 1, "type": "ack", "id": "D01-7", "seq": 12})
    assert ack_frame(2**53 - 1, 3) == dumps({"v": 1, "type": "ack", "id": 2**53 - 1, "seq": 3})
    for command_id in (None, 7, text[:20]):
        assert error_frame(command_id, "not_in_order", text) == dumps(
            {"v": 1, "type": "error", "id": command_id, "code": "not_in_order", "message": text}
        )
    assert room_frame(locked=True, closed=False) == dumps(
        {"v": 1, "type": "room", "locked": True, "closed": False}
    )
    seats = [
        {
            "actor": "D01",
            "name": "État «ü»",
            "kind": "member",
            "bot": False,
            "delegation_kind": "state",
            "flag": None,
            "claimed": True,
            "display_name": text,
        }
    ]
    assert seats_frame(seats) == dumps({"v": 1, "type": "seats", "seats": seats})
    assert pong_frame(Ping(t=1.5), 100.25) == dumps(
        {"v": 1, "type": "pong", "t": 1.5, "server_time": 100.25}
    )
    assert pong_frame(Ping(id=3, t=None), 100.25) == dumps(
        {"v": 1, "type": "pong", "id": 3, "t": None, "server_time": 100.25}
    )
    welcome = welcome_frame(
        Identity(role="delegate", viewer="D01", actor="D01", token_hash="x"),
        room_code="ABCDEF",
        title=text,
        locked=False,
        closed=False,
        seq=4,
        server_time=100.25,
        resync="events",
    )
    assert json.loads(welcome) == {
        "v": 1,
        "type": "welcome",
        "room_code": "ABCDEF",
        "role": "delegate",
        "viewer": "D01",
        "seat": "D01",
        "seq": 4,
        "server_time": 100.25,
        "resync": "events",
        "title": text,
        "locked": False,
        "closed": False,
    }
