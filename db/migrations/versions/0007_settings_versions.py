"""Versions of a running campaign's settings (db.models.CampaignSettingsVersion): each change applied, with the
settings after it, its diff, who applied it and why.

Revision ID: 0007_settings_versions
Revises: 0006_unit_quotas
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_settings_versions"
down_revision = "0006_unit_quotas"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaignsettingsversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_code", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_code"], ["campaign.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_code", "version"),
    )
    op.create_index("ix_campaignsettingsversion_campaign_code", "campaignsettingsversion", ["campaign_code"])


def downgrade() -> None:
    op.drop_index("ix_campaignsettingsversion_campaign_code", table_name="campaignsettingsversion")
    op.drop_table("campaignsettingsversion")
