"""In-app notifications (db/notifications.py): one row per (event, user) of the events a user is mailed about,
read on /notifications; the unread count is one COUNT on (user_id, read_at).

Revision ID: 0009_notifications
Revises: 0008_record_indicators
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_notifications"
down_revision = "0008_record_indicators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event", "user_id"),
    )
    op.create_index("ix_notification_user_id_read_at", "notification", ["user_id", "read_at"])


def downgrade() -> None:
    op.drop_table("notification")
