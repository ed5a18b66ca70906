"""The issuer's emblem (issuer.emblem_sha256): the file store's reference to the image the pages show in their
header and footer (web/pages/emblem.py); none for every issuer until its emblem is uploaded. Every existing row
keeps its data.

Revision ID: 0012_issuer_emblem
Revises: 0011_award_codes
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_issuer_emblem"
down_revision = "0011_award_codes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("issuer") as table:
        table.add_column(sa.Column("emblem_sha256", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("issuer") as table:
        table.drop_column("emblem_sha256")
