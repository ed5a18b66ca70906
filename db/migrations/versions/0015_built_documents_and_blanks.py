"""Documents built once per change of their data (db/document_store.py BuiltDocument: the hash of a document's
inputs naming the GeneratedDocument built from them) and the issuer's types of pre-printed Giấy khen blanks
(db/blanks.py BlankLayout): two new tables, empty; every existing row keeps its data.

Revision ID: 0015_built_documents_and_blanks
Revises: 0014_award_register
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_built_documents_and_blanks"
down_revision = "0014_award_register"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "builtdocument",
        sa.Column("key", sa.String(length=64), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("generateddocument.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_builtdocument_document_id", "builtdocument", ["document_id"])
    op.create_table(
        "blanklayout",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("issuer_id", sa.Integer(), sa.ForeignKey("issuer.id"), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("width_mm", sa.Integer(), nullable=False),
        sa.Column("height_mm", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("issuer_id", "name"),
    )
    op.create_index("ix_blanklayout_issuer_id", "blanklayout", ["issuer_id"])


def downgrade() -> None:
    op.drop_index("ix_blanklayout_issuer_id", table_name="blanklayout")
    op.drop_table("blanklayout")
    op.drop_index("ix_builtdocument_document_id", table_name="builtdocument")
    op.drop_table("builtdocument")
