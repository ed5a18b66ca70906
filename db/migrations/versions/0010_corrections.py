"""The unit's corrections (db/corrections.py): a nominee's achievement summary (nominee.achievement_summary), a
"Tài liệu khác"'s description (document.description), and a file removed or replaced, its row kept as evidence
(document.removed_at, removed_by, replaced_by). Every existing row keeps its data: the new columns are empty.

Revision ID: 0010_corrections
Revises: 0009_notifications
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_corrections"
down_revision = "0009_notifications"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("nominee", sa.Column("achievement_summary", sa.String(), nullable=True))
    op.add_column("document", sa.Column("description", sa.String(), nullable=True))
    op.add_column("document", sa.Column("removed_by", sa.String(), nullable=True))
    op.add_column("document", sa.Column("replaced_by", sa.String(), nullable=True))
    op.add_column("document", sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:  # SQLite drops a column by copying the table
    with op.batch_alter_table("document") as table:
        table.drop_column("removed_at")
        table.drop_column("replaced_by")
        table.drop_column("removed_by")
        table.drop_column("description")
    with op.batch_alter_table("nominee") as table:
        table.drop_column("achievement_summary")
