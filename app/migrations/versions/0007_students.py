"""Students of a room: co-delegates sharing a seat, roles without a seat, and what the
assessment keeps per student (rubric score, report, reflections) (issue 13).

Revision ID: 0007_students
Revises: 0006_conferences
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_students"
down_revision = "0006_conferences"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "students",
        sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), primary_key=True),
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("actor", sa.String(100), nullable=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=True),
        sa.Column("joined_at", sa.Float(), nullable=False),
        sa.Column("scores", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("scored_at", sa.Float(), nullable=True),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("answers", sa.Text(), nullable=True),
        sa.UniqueConstraint("token_hash", name="uq_students_token_hash"),
    )


def downgrade() -> None:
    op.drop_table("students")
