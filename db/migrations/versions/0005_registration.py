"""Registrations (đăng ký thi đua): one row per campaign, unit and registrant (the unit itself, or a collective or
an individual it names), entered online or from a paper registration (db/registrations.py).

Revision ID: 0005_registration
Revises: 0004_accounts
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_registration"
down_revision = "0004_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_code", sa.String(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("registrant", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("entered_by_user_id", sa.Integer(), nullable=False),
        sa.Column("entered_by_name", sa.String(), nullable=False),
        sa.Column("paper", sa.Boolean(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["campaign_code"], ["campaign.code"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.ForeignKeyConstraint(["entered_by_user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_code", "unit_id", "registrant", "name_key"),
    )
    op.create_index("ix_registration_campaign_code", "registration", ["campaign_code"])
    op.create_index("ix_registration_unit_id", "registration", ["unit_id"])


def downgrade() -> None:
    op.drop_index("ix_registration_unit_id", table_name="registration")
    op.drop_index("ix_registration_campaign_code", table_name="registration")
    op.drop_table("registration")
