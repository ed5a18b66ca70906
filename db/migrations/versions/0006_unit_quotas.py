"""Quotas per unit (schemas/quotas.py): the row of each (campaign, unit) a submission locks while it counts the
unit's nominees, and each submitted dossier's nominees as counted (activities/dossier.py).

Revision ID: 0006_unit_quotas
Revises: 0005_registration
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_unit_quotas"
down_revision = "0005_registration"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_quota_lock",
        sa.Column("campaign_code", sa.String(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("checks", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("campaign_code", "unit_id"),
    )
    op.create_table(
        "unit_quota_claim",
        sa.Column("dossier_id", sa.String(), nullable=False),
        sa.Column("campaign_code", sa.String(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("collectives", sa.Integer(), nullable=False),
        sa.Column("individuals", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("dossier_id"),
    )
    op.create_index("ix_unit_quota_claim_campaign_code", "unit_quota_claim", ["campaign_code"])
    op.create_index("ix_unit_quota_claim_unit_id", "unit_quota_claim", ["unit_id"])


def downgrade() -> None:
    op.drop_table("unit_quota_claim")
    op.drop_table("unit_quota_lock")
