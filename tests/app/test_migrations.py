"""Upgrading a database made by an earlier version keeps its rooms and dates them right."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from app.database import MIGRATIONS_DIR, make_engine


def _upgrade(engine: sa.Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_rooms_made_before_the_lifecycle_get_their_full_time_and_a_timer_check(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    try:
        _upgrade(engine, "0001_initial")
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO rooms (id, code, title, scenario_id, forum_id, scenario_source,"
                    " chair_key_hash, locked, closed, created_at) VALUES ('r1', 'ABCDEF', 'T',"
                    " 's', NULL, 'x', 'h', false, false, 100.0)"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO events (room_id, seq, type, at, body) VALUES"
                    " ('r1', 1, 'x', 500.0, '{}'), ('r1', 2, 'x', 900.0, '{}')"
                )
            )
        _upgrade(engine, "head")
        with engine.begin() as connection:
            row = connection.execute(
                sa.text(
                    "SELECT last_active_at, next_deadline, spectators_allowed, stored_bytes"
                    " FROM rooms WHERE id = 'r1'"
                )
            ).one()
        # Used at the upgrade: it gets the documented time before it expires.
        assert row.last_active_at > 1_700_000_000
        assert row.next_deadline == 0  # checked at the first start
        assert row.spectators_allowed in (True, 1)
        assert row.stored_bytes == 0
    finally:
        engine.dispose()
