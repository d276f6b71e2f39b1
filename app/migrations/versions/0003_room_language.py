"""The room's default language, set by the chair (issue 15).

Revision ID: 0003_room_language
Revises: 0002_room_lifecycle
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_room_language"
down_revision = "0002_room_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "rooms", sa.Column("language", sa.String(8), nullable=False, server_default="en")
    )


def downgrade() -> None:
    with op.batch_alter_table("rooms") as batch:
        batch.drop_column("language")
