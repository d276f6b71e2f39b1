"""Fixtures for the server tests: every server test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live_support import ServerProcess, database_url_for, write_scenarios
from room_helpers import RoomHandles, create_room

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url_for(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def scenarios_dir(tmp_path: Path) -> Path:
    return write_scenarios(tmp_path / "scenarios")


@pytest.fixture(scope="module", params=DATABASES)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """One real server per test module and database; each test makes its own room."""
    folder = tmp_path_factory.mktemp(f"server-{request.param}")
    scenarios = write_scenarios(folder / "scenarios")
    with database_url_for(request.param, folder) as url:
        process = ServerProcess(url, scenarios).start()
        try:
            yield process
        finally:
            process.stop()


@pytest.fixture
def room(server: ServerProcess) -> RoomHandles:
    return create_room(server.base_url)
