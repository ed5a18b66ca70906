"""Where an issuer's series of a document type starts in a year, as its admin sets it (db/numbers.py
NumberSeriesStart): a new table, empty; the numbers already taken stay as they are.

Revision ID: 0013_number_series
Revises: 0012_issuer_emblem
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_number_series"
down_revision = "0012_issuer_emblem"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "numberseriesstart",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("issuer", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("type_code", sa.String(), nullable=False),
        sa.Column("first_number", sa.Integer(), nullable=False),
        sa.UniqueConstraint("issuer", "year", "type_code"),
    )


def downgrade() -> None:
    op.drop_table("numberseriesstart")
