"""Each read of a campaign's council candidates, kept as it was read (db/council_reads.py): the campaign
workflow takes them from it in pages small enough for its history. A new table; no data changes.

Revision ID: 0018_council_reads
Revises: 0017_dossier_search_key
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_council_reads"
down_revision = "0017_dossier_search_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "councilread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_code", sa.String(), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_councilread_campaign_code", "councilread", ["campaign_code"])


def downgrade() -> None:
    op.drop_index("ix_councilread_campaign_code", table_name="councilread")
    op.drop_table("councilread")
