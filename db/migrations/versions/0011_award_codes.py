"""The code each award carries on its Giấy khen (db/award_codes.py): a table from the code to the award, filled
for every decision already signed, so that certificates made again and the honour roll can link to the public
verification page. Every existing row keeps its data.

Revision ID: 0011_award_codes
Revises: 0010_corrections
Create Date: 2026-12-02
"""

import base64
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0011_award_codes"
down_revision = "0010_corrections"
branch_labels = None
depends_on = None

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def award_code(campaign_code: str, candidate_ref: str) -> str:
    """As db/award_codes.py made it when this migration was written (a migration keeps its own copy)."""
    digest = hashlib.sha256(f"{campaign_code}\n{candidate_ref}".encode()).digest()
    code = base64.b32encode(digest).decode()[:12].translate(str.maketrans(STANDARD, CROCKFORD))
    return "-".join(code[i : i + 4] for i in range(0, 12, 4))


def upgrade() -> None:
    table = op.create_table(
        "awardcode",
        sa.Column("code", sa.String(length=14), primary_key=True),
        sa.Column("campaign_code", sa.String(), sa.ForeignKey("campaign.code"), nullable=False),
        sa.Column("candidate_ref", sa.String(), nullable=False),
        sa.UniqueConstraint("campaign_code", "candidate_ref"),
    )
    op.create_index("ix_awardcode_campaign_code", "awardcode", ["campaign_code"])
    rows = []
    for code, state in op.get_bind().execute(sa.text("SELECT code, state FROM campaignrun")):
        state = json.loads(state) if isinstance(state, str) else state
        decision = (state or {}).get("decision") or {}
        if not decision.get("number"):  # not signed: its codes are written at signing
            continue
        for awardee in decision.get("awardees", []):
            ref = awardee["candidate"]["ref"]
            rows.append({"code": award_code(code, ref), "campaign_code": code, "candidate_ref": ref})
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_index("ix_awardcode_campaign_code", table_name="awardcode")
    op.drop_table("awardcode")
