"""The scenario variant a room was started from (issue 13): a 45-minute lesson, a double lesson.

Revision ID: 0004_room_variant
Revises: 0003_room_language
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_room_variant"
down_revision = "0003_room_language"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rooms", sa.Column("variant_id", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rooms") as batch:
        batch.drop_column("variant_id")
