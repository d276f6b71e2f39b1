"""Room codes, secrets, flood control, settings and the hubs (the Redis one on the real Redis)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from app.hub import InMemoryHub, RedisHub
from app.ratelimit import TokenBucket
from app.security import (
    ROOM_CODE_ALPHABET,
    hash_secret,
    new_room_code,
    new_secret,
    normalise_room_code,
    secret_matches,
)
from app.settings import BUNDLED_SCENARIOS_DIR, Settings

REDIS_URL = "redis://127.0.0.1:6379/0"


def test_room_codes_avoid_characters_that_look_alike() -> None:
    for ambiguous in "0O1IL":
        assert ambiguous not in ROOM_CODE_ALPHABET
    codes = {new_room_code(6) for _ in range(2000)}
    assert all(len(code) == 6 and set(code) <= set(ROOM_CODE_ALPHABET) for code in codes)
    assert len(codes) > 1990  # random enough that collisions are rare


def test_room_code_typed_by_a_student_is_normalised() -> None:
    assert normalise_room_code(" k7q-xm2 ") == "K7QXM2"


def test_secrets_are_stored_hashed_and_compared_in_constant_time() -> None:
    secret = new_secret()
    stored = hash_secret(secret)
    assert secret not in stored and len(stored) == 64
    assert secret_matches(secret, stored)
    assert not secret_matches(secret + "x", stored)
    assert not secret_matches(secret, None)


def test_token_bucket_allows_a_burst_then_the_rate() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=2, burst=3, clock=lambda: now[0])
    assert [bucket.try_take() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.5  # one token back at 2 a second
    assert bucket.try_take() is True
    assert bucket.try_take() is False


def test_settings_read_the_plenary_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLENARY_DATABASE_URL", "sqlite:////tmp/x.db")
    monkeypatch.setenv("PLENARY_PORT", "9123")
    settings = Settings()
    assert settings.database_url == "sqlite:////tmp/x.db"
    assert settings.port == 9123
    assert settings.host == "127.0.0.1"
    assert settings.scenarios_dir == BUNDLED_SCENARIOS_DIR


def test_default_database_is_a_sqlite_file_in_the_current_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.delenv("PLENARY_DATABASE_URL", raising=False)
    monkeypatch.chdir(str(tmp_path))
    assert Settings().database_url == f"sqlite:///{tmp_path}/plenary.db"


async def test_in_memory_hub_wakes_every_listener_but_the_announcer() -> None:
    hub = InMemoryHub()
    woken: list[tuple[str, str, int]] = []

    async def first(room_id: str, seq: int) -> None:
        woken.append(("first", room_id, seq))

    async def second(room_id: str, seq: int) -> None:
        woken.append(("second", room_id, seq))

    hub.listen(first)
    unlisten = hub.listen(second)
    await hub.announce("R", 7, origin=first)
    assert woken == [("second", "R", 7)]
    unlisten()
    await hub.announce("R", 8, origin=first)
    assert woken == [("second", "R", 7)]


async def test_redis_hub_carries_room_and_seq_between_processes() -> None:
    """Two hubs stand for two worker processes sharing the real Redis at 127.0.0.1:6379."""
    worker_a, worker_b = RedisHub(REDIS_URL), RedisHub(REDIS_URL)
    try:
        await worker_a.start()
        await worker_b.start()
    except Exception as missing:  # pragma: no cover - the message says what is missing
        raise AssertionError(
            f"Redis must run at {REDIS_URL} (scripts/ensure-services): {missing}"
        ) from None
    received: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
    echoes: list[tuple[str, int]] = []

    async def on_b(room_id: str, seq: int) -> None:
        await received.put((room_id, seq))

    async def on_a(room_id: str, seq: int) -> None:
        echoes.append((room_id, seq))

    worker_a.listen(on_a)
    worker_b.listen(on_b)
    room_id = uuid.uuid4().hex
    try:
        await worker_a.announce(room_id, 42, origin=on_a)
        assert await asyncio.wait_for(received.get(), 5) == (room_id, 42)
        await asyncio.sleep(0.2)
        assert echoes == [], "a worker must not wake itself for its own commit"
    finally:
        await worker_a.close()
        await worker_b.close()
