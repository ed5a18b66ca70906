"""Indexes for the lists of dossiers (db/dossier_list.py): their default order within the campaigns shown (dossier
campaign_code, created_at), and each dossier's receipt, read from its submit and supplement events only
(historyentry action, dossier_id, at). The index of the dossier's campaign alone goes: the first serves it.
No data changes.

Revision ID: 0016_list_indexes
Revises: 0015_built_documents_and_blanks
Create Date: 2026-12-02
"""

from alembic import op

revision = "0016_list_indexes"
down_revision = "0015_built_documents_and_blanks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_dossier_campaign_code_created_at", "dossier", ["campaign_code", "created_at"])
    op.drop_index("ix_dossier_campaign_code", table_name="dossier")
    op.create_index("ix_historyentry_action_dossier_at", "historyentry", ["action", "dossier_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_historyentry_action_dossier_at", table_name="historyentry")
    op.create_index("ix_dossier_campaign_code", "dossier", ["campaign_code"])
    op.drop_index("ix_dossier_campaign_code_created_at", table_name="dossier")
