"""Conferences: rooms under one secretariat, their rosters, and when each room's chair first
connected (issue 14).

Revision ID: 0006_conferences
Revises: 0005_position_papers
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_conferences"
down_revision = "0005_position_papers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rooms", sa.Column("chair_seen_at", sa.Float(), nullable=True))
    op.create_table(
        "conferences",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("secretariat_key_hash", sa.String(64), nullable=False),
        sa.Column("crossings", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_conferences_code", "conferences", ["code"], unique=True)
    op.create_table(
        "conference_rooms",
        sa.Column(
            "conference_id", sa.String(32), sa.ForeignKey("conferences.id"), primary_key=True
        ),
        sa.Column("committee", sa.String(40), primary_key=True),
        sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("one_delegation_per_school", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("room_id", name="uq_conference_rooms_room"),
    )
    op.create_table(
        "roster_entries",
        sa.Column(
            "conference_id", sa.String(32), sa.ForeignKey("conferences.id"), primary_key=True
        ),
        sa.Column("committee", sa.String(40), primary_key=True),
        sa.Column("actor", sa.String(100), primary_key=True),
        sa.Column("school", sa.String(120), nullable=False),
        sa.Column("student", sa.String(80), nullable=False),
        sa.Column("seat_token", sa.String(64), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
    )
    op.create_index("ix_roster_entries_school", "roster_entries", ["school"])


def downgrade() -> None:
    op.drop_index("ix_roster_entries_school", "roster_entries")
    op.drop_table("roster_entries")
    op.drop_table("conference_rooms")
    op.drop_index("ix_conferences_code", "conferences")
    op.drop_table("conferences")
    with op.batch_alter_table("rooms") as batch:
        batch.drop_column("chair_seen_at")
