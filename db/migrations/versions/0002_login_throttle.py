"""Failed logins, counted per account and per address, and the lock of an account (web/logins.py).

Revision ID: 0002_login_throttle
Revises: 0001_baseline
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_login_throttle"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loginfailure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_loginfailure_address", "loginfailure", ["address"])
    op.create_index("ix_loginfailure_user_id", "loginfailure", ["user_id"])
    op.create_index("ix_loginfailure_at", "loginfailure", ["at"])
    op.add_column("user", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user") as user:  # SQLite drops a column by copying the table
        user.drop_column("locked_until")
    op.drop_table("loginfailure")
