"""Position papers, one per seat, with the chair's rubric score (issue 13, item 3).

Revision ID: 0005_position_papers
Revises: 0004_room_variant
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_position_papers"
down_revision = "0004_room_variant"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "position_papers",
        sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id"), primary_key=True),
        sa.Column("actor", sa.String(100), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("submitted_by", sa.String(80), nullable=True),
        sa.Column("submitted_at", sa.Float(), nullable=False),
        sa.Column("scores", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("scored_at", sa.Float(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("position_papers")
