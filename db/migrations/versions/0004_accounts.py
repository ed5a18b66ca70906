"""Accounts: API tokens of their own (apitoken), one-time links to set a password (passwordlink).

Each user's API token, user.token_hash, becomes a row of apitoken named "Mã truy cập cũ" (the token
itself still works), and the column goes. Down again, each user gets back the oldest of their tokens not
revoked as user.token_hash (a user without one gets a random hash no token matches), and the tables go.

Revision ID: 0004_accounts
Revises: 0003_issuers
Create Date: 2026-12-02
"""

import hashlib
import secrets
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0004_accounts"
down_revision = "0003_issuers"
branch_labels = None
depends_on = None

OLD_TOKEN_NAME = "Mã truy cập cũ"


def upgrade() -> None:
    op.create_table(
        "apitoken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_apitoken_user_id", "apitoken", ["user_id"])
    op.create_index("ix_apitoken_token_hash", "apitoken", ["token_hash"], unique=True)
    op.create_table(
        "passwordlink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_passwordlink_user_id", "passwordlink", ["user_id"])
    op.create_index("ix_passwordlink_token_hash", "passwordlink", ["token_hash"], unique=True)

    connection = op.get_bind()
    apitoken = sa.table(
        "apitoken", *(sa.column(name) for name in ("user_id", "name", "token_hash", "created_at"))
    )
    now = datetime.now(timezone.utc)
    rows = connection.execute(sa.text('SELECT id, token_hash FROM "user" ORDER BY id')).all()
    if rows:
        connection.execute(
            apitoken.insert(),
            [{"user_id": id_, "name": OLD_TOKEN_NAME, "token_hash": hash_, "created_at": now} for id_, hash_ in rows],
        )
    with op.batch_alter_table("user") as user:  # SQLite drops a column by copying the table
        user.drop_index("ix_user_token_hash")
        user.drop_column("token_hash")


def downgrade() -> None:
    op.add_column("user", sa.Column("token_hash", sa.String(), nullable=True))
    connection = op.get_bind()
    tokens = connection.execute(
        sa.text("SELECT user_id, token_hash FROM apitoken WHERE revoked_at IS NULL ORDER BY id")
    ).all()
    kept: dict[int, str] = {}
    for user_id, hash_ in tokens:
        kept.setdefault(user_id, hash_)
    for (user_id,) in connection.execute(sa.text('SELECT id FROM "user"')).all():
        hash_ = kept.get(user_id) or hashlib.sha256(secrets.token_bytes(32)).hexdigest()
        connection.execute(sa.text('UPDATE "user" SET token_hash = :h WHERE id = :id'), {"h": hash_, "id": user_id})
    with op.batch_alter_table("user") as user:
        user.alter_column("token_hash", nullable=False)
        user.create_index("ix_user_token_hash", ["token_hash"], unique=True)
    op.drop_index("ix_passwordlink_token_hash", "passwordlink")
    op.drop_index("ix_passwordlink_user_id", "passwordlink")
    op.drop_table("passwordlink")
    op.drop_index("ix_apitoken_token_hash", "apitoken")
    op.drop_index("ix_apitoken_user_id", "apitoken")
    op.drop_table("apitoken")
