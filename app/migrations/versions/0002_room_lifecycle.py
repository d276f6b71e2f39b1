"""Room lifecycle: a projector link, read-only screens on or off, who created a room and how
big it is, when it was last used and closed, and its next timer (so rooms load lazily).

Revision ID: 0002_room_lifecycle
Revises: 0001_initial
Create Date: 2026-12-02
"""

import time

import sqlalchemy as sa
from alembic import op

revision = "0002_room_lifecycle"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): SQLite adds columns in place, and copying the table
    # would trip the seats' and events' foreign keys.
    op.add_column("rooms", sa.Column("projector_key", sa.String(64), nullable=True))
    op.add_column(
        "rooms",
        sa.Column("spectators_allowed", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.add_column("rooms", sa.Column("creator", sa.String(64), nullable=True))
    op.add_column(
        "rooms", sa.Column("stored_bytes", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("rooms", sa.Column("last_active_at", sa.Float(), nullable=True))
    op.add_column("rooms", sa.Column("closed_at", sa.Float(), nullable=True))
    op.add_column("rooms", sa.Column("next_deadline", sa.Float(), nullable=True))
    # Rooms made before count as used, and closed ones as closed, at the upgrade: each gets the
    # documented time before it expires, rather than going at the first maintenance pass. Their
    # next timer is not known without loading them, so 0 books a wake-up at the first start
    # (which corrects it).
    now = time.time()
    op.execute(sa.text("UPDATE rooms SET last_active_at = :now").bindparams(now=now))
    op.execute(sa.text("UPDATE rooms SET closed_at = :now WHERE closed").bindparams(now=now))
    op.execute("UPDATE rooms SET next_deadline = 0 WHERE NOT closed")
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_index("ix_rooms_creator", "rooms", ["creator"])
    op.create_index("ix_rooms_next_deadline", "rooms", ["next_deadline"])
    op.create_index("ix_rooms_last_active_at", "rooms", ["last_active_at"])


def downgrade() -> None:
    op.drop_table("server_secrets")
    op.drop_index("ix_rooms_last_active_at", table_name="rooms")
    op.drop_index("ix_rooms_next_deadline", table_name="rooms")
    op.drop_index("ix_rooms_creator", table_name="rooms")
    with op.batch_alter_table("rooms") as rooms:
        for column in (
            "next_deadline",
            "closed_at",
            "last_active_at",
            "stored_bytes",
            "creator",
            "spectators_allowed",
            "projector_key",
        ):
            rooms.drop_column(column)
