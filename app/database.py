"""Engines, migrations and the unit of work. SQL never runs on the event loop: ``Database.run``
hands a function to a worker thread, which gets a session and commits when the function returns."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

T = TypeVar("T")


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_pre_ping=False
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: an acknowledged command survives power loss, not only a crash.
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


# The advisory lock every worker takes around the upgrade on PostgreSQL, so that N workers
# starting at once migrate one after the other (the later ones find the schema at head).
MIGRATION_LOCK = 7_346_100


def run_migrations(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (called at every start)."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Held until this transaction ends, which is after Alembic's own commit.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        alembic_command.upgrade(config, "head")


class Database:
    """An engine plus a small pool of threads that run SQL for the event loop."""

    def __init__(self, url: str, *, threads: int = 4) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="plenary-sql")

    def migrate(self) -> None:
        run_migrations(self.engine)

    def unit_of_work(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction: commit if it returns, roll back if it raises."""
        with Session(self.engine, expire_on_commit=False) as session:
            result = work(session)
            session.commit()
            return result

    async def run(self, work: Callable[[Session], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.unit_of_work, work)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.engine.dispose()
