"""Fuzzing the live protocol: thousands of mutated commands against a real server.

A seeded generator takes commands that are well-formed for the room as it is (every command
type, with ids from the current state) and mutates them: fields dropped, renamed or retyped,
numbers out of range or not finite, texts too long, with lone surrogates, NUL or direction
overrides, lists nested deep, ids that do not exist, truncated or invalid JSON, binary frames.
Several sockets (the chair, members, an observer, a spectator) send at once.

Afterwards: no answer was ``internal_error`` and the server logged no traceback; every message
got exactly one answer; every viewer's state is strict JSON; the HTTP reads answer 200; a restart
resumes the room at the same seq; and a legitimate delegate still works. The seed is printed
with every failure; ``PLENARY_FUZZ_SEED`` replays one.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from live_support import PROJECT_ROOT, ServerProcess, write_scenarios

from game_rules.session.commands import COMMAND_TYPES

COMMANDS_PER_RUN = 10_400
SOCKETS = ("chair", "USA", "RUS", "FRA", "KRV", "MSF", "spectator")
SCENARIO = PROJECT_ROOT / "scenarios" / "security-council-protection.yaml"
FUZZ_SETTINGS = {
    "PLENARY_RATE_LIMIT_PER_SECOND": "100000",
    "PLENARY_RATE_LIMIT_BURST": "100000",
    "PLENARY_SEAT_RATE_LIMIT_PER_SECOND": "100000",
    "PLENARY_SEAT_RATE_LIMIT_BURST": "100000",
    "PLENARY_SNAPSHOT_EVERY": "50",
}

STRANGE_TEXT = [
    "",
    "x" * 5_000,
    "\ud800",
    "nul\x00byte",
    "\u202eevil\u202c",
    "<script>alert(1)</script>",
    "🇺🇳" * 50,
    " ",
    "chair",
    "public",
    "system",
]
STRANGE_NUMBERS = [0, -1, 1e308, -1e308, 2**53 + 1, 2**63, 0.5, -0.0, 10**30, 3600.0001]
RAW_NUMBERS = ["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "1" * 5000]


def _ids(state: dict[str, Any]) -> dict[str, list[str]]:
    def pick(key: str, field: str = "id") -> list[str]:
        return [str(item.get(field)) for item in state.get(key) or [] if isinstance(item, dict)]

    members = pick("members") + pick("observers")
    return {
        "member": members or ["USA"],
        "draft": pick("drafts") or ["D1"],
        "amendment": pick("amendments") or ["A1"],
        "motion": pick("motions") or ["M1"],
        "point": pick("points") or ["P1"],
        "agenda": pick("agenda") or ["item"],
    }


def well_formed(rng: random.Random, kind: str, state: dict[str, Any]) -> dict[str, Any]:
    """A plausible, often legal, command of ``kind`` for the room as the fuzzer last saw it."""
    ids = _ids(state)
    member = rng.choice(ids["member"])
    draft = rng.choice(ids["draft"])
    fields: dict[str, Any] = {
        "record_attendance": {"member": member, "status": rng.choice(["present", "absent"])},
        "set_agenda": {"item": rng.choice(ids["agenda"])},
        "set_speaking_time": {"seconds": rng.choice([30, 60, 90])},
        "add_speaker": {"member": member} if rng.random() < 0.3 else {},
        "remove_speaker": {},
        "recognize_speaker": {},
        "yield_floor": {"to": rng.choice(["delegate", "questions", "chair"]), "delegate": member},
        "recognize_questioner": {"member": member},
        "request_right_of_reply": {"reason": "Insulted"},
        "rule_on_right_of_reply": {"request_id": "Q1", "granted": True},
        "extend_time": {"seconds": 30},
        "raise_point": {"kind": rng.choice(["order", "personal_privilege"]), "text": "?"},
        "rule_on_point": {"point_id": rng.choice(ids["point"]), "ruling": "Noted."},
        "propose_motion": {
            "kind": rng.choice(["moderated_caucus", "close_debate", "suspend_meeting"]),
            "minutes": 5,
            "speaker_seconds": 30,
            "target": draft,
        },
        "withdraw_motion": {"motion_id": rng.choice(ids["motion"])},
        "object_to_motion": {"motion_id": rng.choice(ids["motion"])},
        "contest_procedural": {"motion_id": rng.choice(ids["motion"])},
        "entertain_motion": {"motion_id": rng.choice(ids["motion"])},
        "rule_motion_out_of_order": {"motion_id": rng.choice(ids["motion"]), "reason": "No."},
        "submit_draft": {"title": "T", "clauses": [{"text": "Decides"}, {"text": "Requests"}]},
        "sign_draft": {"draft_id": draft},
        "unsign_draft": {"draft_id": draft},
        "introduce_draft": {"draft_id": draft},
        "withdraw_draft": {"draft_id": draft},
        "propose_amendment": {
            "draft_id": draft,
            "action": rng.choice(["add", "modify", "delete"]),
            "target_clause": "OP1",
            "clause": {"text": "Urges"},
            "friendly": rng.random() < 0.5,
        },
        "accept_amendment": {"amendment_id": rng.choice(ids["amendment"])},
        "decline_amendment": {"amendment_id": rng.choice(ids["amendment"])},
        "withdraw_amendment": {"amendment_id": rng.choice(ids["amendment"])},
        "rule_amendment_friendly": {"amendment_id": rng.choice(ids["amendment"])},
        "order_amendments": {"draft_id": draft, "order": ids["amendment"][:3]},
        "open_vote": {"roll_call": rng.random() < 0.3},
        "cast_vote": {"choice": rng.choice(["yes", "no", "abstain", "join", "object", "pass"])},
        "send_note": {"to": [member], "text": "Let us talk."},
        "moderate_note": {"note_id": "N1", "approve": True},
        "decide_consent": {"given": rng.random() < 0.5},
        "pledge_vote": {"recipient": member, "draft_id": draft, "choice": "yes"},
        "press_chair_button": {"event_id": "leak"},
        "assign_bot": {"seat": member},
        "release_bot": {"seat": member},
    }.get(kind, {})
    return {"type": kind, **fields}


def mutate(rng: random.Random, command: dict[str, Any]) -> dict[str, Any]:
    """One to three random changes to a command's fields."""
    command = dict(command)
    for _ in range(rng.randint(1, 3)):
        keys = [key for key in command if key != "type"] or ["type"]
        key = rng.choice(keys)
        change = rng.randrange(9)
        if change == 0:
            command.pop(key, None)
        elif change == 1:
            command[rng.choice(["actor", "now", "extra", "__proto__", "v"])] = 1
        elif change == 2:
            command[key] = rng.choice(STRANGE_TEXT)
        elif change == 3:
            command[key] = rng.choice(STRANGE_NUMBERS)
        elif change == 4:
            nested: Any = rng.choice(STRANGE_TEXT)
            for _ in range(rng.randint(1, 12)):
                nested = rng.choice([[nested], {"a": nested}])
            command[key] = nested
        elif change == 5:
            command[key] = rng.choice([None, True, [], {}, [1, 2], {"text": "x"}])
        elif change == 6:
            command["type"] = rng.choice([*COMMAND_TYPES, "tick", "hello", "ping", "sync", "x"])
        elif change == 7:
            command[key] = [rng.choice(STRANGE_TEXT)] * rng.choice([1, 5, 300])
        else:
            command["clauses"] = [
                {"text": rng.choice(STRANGE_TEXT), "kind": rng.choice(["operative", "x"])}
            ] * rng.choice([0, 1, 150])
    return command


#: Over this the WebSocket layer closes the socket (1009); test_hardening tries that.
MAX_FRAME_BYTES = 16_000
WINDOW = 100


def frame(rng: random.Random, command: dict[str, Any], message_id: int) -> str | bytes:
    """The command as the wire carries it, sometimes broken as text; never over the size the
    WebSocket layer takes (``test_hardening`` tries that), so the socket stays open."""
    text = json.dumps({"id": message_id, **command}, ensure_ascii=rng.random() < 0.5)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate goes as its JSON escape
        text = json.dumps({"id": message_id, **command})
    roll = rng.random()
    if roll < 0.05:
        text = text[: rng.randrange(len(text))]
    elif roll < 0.10:
        field = rng.choice(["minutes", "seconds", "choice"])
        text = text[:-1] + f', "{field}": {rng.choice(RAW_NUMBERS)}}}'
    elif roll < 0.14:
        text = text[:-1] + ', "id": "dup"}'
    if len(text.encode("utf-8", errors="replace")) > MAX_FRAME_BYTES:
        note = {"type": "send_note", "to": ["USA"], "text": "x" * 4_001}
        text = json.dumps({"id": message_id, **note})
    return text.encode("utf-8") if roll > 0.98 else text


class Fuzzer:
    """One socket that sends mutated commands and counts the answers."""

    def __init__(self, url: str, token: str | None, name: str, rng: random.Random) -> None:
        self.url, self.token, self.name, self.rng = url, token, name, rng
        self.sent: set[int] = set()
        self.answers: dict[Any, int] = {}
        self.codes: dict[str, int] = {}
        self.state: dict[str, Any] = {}
        self.states = 0
        self.acks = 0

    async def run(self, count: int, first_id: int) -> None:
        async with websockets.connect(self.url, max_size=None) as socket:
            await socket.send(json.dumps({"type": "hello", "token": self.token}))
            reader = asyncio.create_task(self._read(socket))
            for number in range(count):
                message_id = first_id + number
                kind = self.rng.choice(COMMAND_TYPES)
                command = well_formed(self.rng, kind, self.state)
                if self.rng.random() < 0.6:
                    command = mutate(self.rng, command)
                sent = frame(self.rng, command, message_id)
                if command.get("type") != "sync" or not isinstance(sent, str):
                    self.sent.add(message_id)  # a sync gets a state, not an answer
                else:
                    continue
                await socket.send(sent)
                # At most a window of unanswered messages: a client that never reads what the
                # server answers falls behind and is closed (4008), which is not what is tested.
                while self._outstanding() > WINDOW:
                    await asyncio.sleep(0.001)
            deadline = asyncio.get_running_loop().time() + 30
            while asyncio.get_running_loop().time() < deadline and not self._answered_all():
                await asyncio.sleep(0.05)
            # A last ping: once its pong is in, every earlier answer (duplicates too) is in.
            await socket.send(json.dumps({"type": "ping", "id": "last", "t": 0}))
            while "last" not in self.answers and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.01)
            self.answers.pop("last", None)
            reader.cancel()

    def _outstanding(self) -> int:
        return len(self.sent) - sum(self.answers.values())

    def _answered_all(self) -> bool:
        return sum(self.answers.values()) >= len(self.sent)

    def one_answer_each(self) -> list[str]:
        """Problems with "exactly one answer per message": an id answered twice, or an id sent
        and never answered although no frame was answered without its id."""
        twice = [f"{key!r} x{count}" for key, count in self.answers.items() if key is not None
                 and key != "dup" and count > 1]
        anonymous = self.answers.get(None, 0) + self.answers.get("dup", 0)
        missing = [i for i in self.sent if i not in self.answers]
        if len(missing) > anonymous:
            twice.append(f"{len(missing) - anonymous} ids never answered, e.g. {missing[:3]}")
        if sum(self.answers.values()) != len(self.sent):
            twice.append(f"{sum(self.answers.values())} answers for {len(self.sent)} messages")
        return twice

    async def _read(self, socket: Any) -> None:
        async for raw in socket:
            message = json.loads(raw, parse_constant=_not_json)
            kind = message.get("type")
            if kind in ("ack", "error", "pong"):
                self.answers[message.get("id")] = self.answers.get(message.get("id"), 0) + 1
                if kind == "ack":
                    self.acks += 1
                if kind == "error":
                    self.codes[message["code"]] = self.codes.get(message["code"], 0) + 1
            elif kind in ("state", "snapshot"):
                self.states += 1
                if "view" in message:
                    self.state = message["view"]
                else:
                    self.state = {**self.state, **message["patch"]}


def _not_json(name: str) -> Any:
    raise AssertionError(f"the server sent {name}, which is not JSON")


@pytest.fixture
def fuzzed(database_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    """A real server on SQLite and on PostgreSQL (``database_url`` of tests/app/conftest)."""
    scenarios = write_scenarios(tmp_path / "scenarios")
    (scenarios / SCENARIO.name).write_text(SCENARIO.read_text(encoding="utf-8"))
    server = ServerProcess(database_url, scenarios, env=FUZZ_SETTINGS).start()
    try:
        yield server
    finally:
        server.stop()


async def test_ten_thousand_mutated_commands_break_nothing(fuzzed: ServerProcess) -> None:
    seed = int(os.environ.get("PLENARY_FUZZ_SEED") or random.randrange(2**32))
    where = f"(seed {seed}; PLENARY_FUZZ_SEED={seed} replays it)"
    async with httpx.AsyncClient(base_url=fuzzed.base_url, timeout=30) as http:
        created = await http.post("/api/rooms", json={"scenario_id": SCENARIO.stem})
        assert created.status_code == 201, created.text
        code, chair_key = created.json()["code"], created.json()["chair_key"]
        tokens: dict[str, str | None] = {"chair": chair_key, "spectator": None}
        for actor in SOCKETS:
            if actor not in tokens:
                claimed = await http.post(f"/api/rooms/{code}/seats/{actor}/claim", json={})
                assert claimed.status_code == 200, claimed.text
                tokens[actor] = claimed.json()["token"]
        url = f"{fuzzed.ws_url}/ws/rooms/{code}"
        async with websockets.connect(url) as chair:
            # Everyone present first, so that more of the well-formed commands are in order.
            await chair.send(json.dumps({"type": "hello", "token": chair_key}))
            for number, actor in enumerate(SOCKETS[1:-1]):
                status = {"member": actor, "status": "present"}
                await chair.send(json.dumps({"id": number, "type": "record_attendance", **status}))
            answered = 0
            while answered < len(SOCKETS) - 2:
                message = json.loads(await asyncio.wait_for(chair.recv(), 10))
                answered += message.get("type") in ("ack", "error")
        fuzzers = [
            Fuzzer(url, tokens[name], name, random.Random(f"{seed}:{name}")) for name in SOCKETS
        ]
        share = COMMANDS_PER_RUN // len(fuzzers) + 1
        await asyncio.gather(
            *(fuzzer.run(share, index * 1_000_000) for index, fuzzer in enumerate(fuzzers))
        )
        sent = sum(len(f.sent) for f in fuzzers)
        assert sent >= 10_000
        codes: dict[str, int] = {}
        for fuzzer in fuzzers:
            problems = fuzzer.one_answer_each()
            assert not problems, f"{fuzzer.name}: {problems} {where}"
            for key, count in fuzzer.codes.items():
                codes[key] = codes.get(key, 0) + count
            assert fuzzer.states > 0, f"{fuzzer.name} got no state {where}"
        assert "internal_error" not in codes, f"{codes} {where}"
        accepted = sum(f.acks for f in fuzzers)
        assert accepted > 100, f"too few commands were legal to exercise the engine {where}"
        print(f"fuzz {where}: {sent} sent, {accepted} accepted, refusals by code {codes}")

        async def every_read_answers() -> int:
            chair = {"Authorization": f"Bearer {chair_key}"}
            seq = -1
            for token in tokens.values():
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                state = await http.get(f"/api/rooms/{code}/state", headers=headers)
                assert state.status_code == 200, f"{state.text[:200]} {where}"
                body = json.loads(state.text, parse_constant=_not_json)
                seq = max(seq, body["seq"])
            for path in ("export.json", "export.md?notes=true", "debrief.html", "replay.json"):
                read = await http.get(f"/api/rooms/{code}/{path}", headers=chair)
                assert read.status_code == 200, f"{path}: {read.text[:200]} {where}"
            return seq

        seq = await every_read_answers()
        fuzzed.stop()
        fuzzed.start()
        assert await every_read_answers() == seq, f"the restart lost events {where}"
        # A legitimate delegate still works: a real command is acknowledged.
        async with websockets.connect(url) as socket:
            await socket.send(json.dumps({"type": "hello", "token": tokens["FRA"]}))
            note = {"id": "ok", "type": "send_note", "to": ["chair"], "text": "Still here."}
            await socket.send(json.dumps(note))
            while True:
                message = json.loads(await asyncio.wait_for(socket.recv(), 10))
                if message.get("id") == "ok":
                    break
            assert message["type"] == "ack", f"{message} {where}"
    log = fuzzed.log()
    assert "Traceback" not in log and "ERROR:" not in log, f"{log[-3000:]} {where}"
