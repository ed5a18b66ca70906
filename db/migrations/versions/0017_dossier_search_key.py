"""The lists' search reads one stored column (dossier search_key: the title, unit, id and nominees' names, folded,
a line each) instead of folding three columns and every nominee's name in each search; it is filled for every
dossier from its row and its nominees' rows. Every existing row keeps its data.

Revision ID: 0017_dossier_search_key
Revises: 0016_list_indexes
Create Date: 2026-12-02
"""

import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0017_dossier_search_key"
down_revision = "0016_list_indexes"
branch_labels = None
depends_on = None


def fold(text: str) -> str:
    """As common.text.fold has it when this migration was written (a migration keeps its own copy)."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def upgrade() -> None:
    with op.batch_alter_table("dossier") as table:
        table.add_column(sa.Column("search_key", sa.String(), nullable=False, server_default=""))
    connection = op.get_bind()
    names = defaultdict(list)
    for dossier_id, name in connection.execute(sa.text("SELECT dossier_id, name FROM nominee ORDER BY id")):
        names[dossier_id].append(name)
    dossiers = connection.execute(sa.text("SELECT id, title, unit_name FROM dossier")).all()
    keys = [
        {"id": dossier_id, "key": "\n".join(fold(text or "") for text in (title, unit_name, dossier_id, *names[dossier_id]))}
        for dossier_id, title, unit_name in dossiers
    ]
    if keys:
        connection.execute(sa.text("UPDATE dossier SET search_key = :key WHERE id = :id"), keys)


def downgrade() -> None:
    with op.batch_alter_table("dossier") as table:
        table.drop_column("search_key")
