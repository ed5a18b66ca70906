"""Baseline: the schema of the last release made without migrations (commit 1ac6a7c).

An empty database gets every table. A database made by an earlier release has no alembic_version
table, so Alembic starts here too: it keeps what the database has, creates the tables it lacks and adds
the columns added to its tables since (nullable ones only, listed in LATER_COLUMNS), then Alembic stamps
it at this revision. A database older still (before the registry of records) lacks other columns: it is
refused with their names, before anything is changed.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

# Columns that databases made by earlier releases lack: dossier.state came with the documents,
# user.password_hash with the web pages' logins.
LATER_COLUMNS = {"dossier": {"state"}, "user": {"password_hash"}}

# The tables as they were at that release, written out here: db/models.py moves on, this revision does not.
metadata = sa.MetaData()

sa.Table(
    "campaign",
    metadata,
    sa.Column("code", sa.String(), nullable=False),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("title", sa.String(), nullable=False),
    sa.Column("issuer_name", sa.String(), nullable=False),
    sa.Column("receiving_office", sa.String(), nullable=False),
    sa.Column("submit_before", sa.Date(), nullable=True),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("settings", sa.JSON(), nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("id"),
    sa.Index("ix_campaign_code", "code", unique=True),
)

sa.Table(
    "caughtmail",
    metadata,
    sa.Column("message_id", sa.String(), nullable=False),
    sa.Column("sender", sa.String(), nullable=False),
    sa.Column("recipients", sa.JSON(), nullable=False),
    sa.Column("subject", sa.String(), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("text", sa.Text(), nullable=True),
    sa.Column("html", sa.Text(), nullable=True),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("id"),
    sa.Index("ix_caughtmail_message_id", "message_id", unique=True),
)

sa.Table(
    "issuednumber",
    metadata,
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("issuer", sa.String(), nullable=False),
    sa.Column("year", sa.Integer(), nullable=False),
    sa.Column("type_code", sa.String(), nullable=False),
    sa.Column("number", sa.Integer(), nullable=False),
    sa.Column("key", sa.String(), nullable=False),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("issuer", "year", "type_code", "number"),
    sa.UniqueConstraint("key"),
)

sa.Table(
    "outboxmail",
    metadata,
    sa.Column("key", sa.String(), nullable=False),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("recipient", sa.String(), nullable=False),
    sa.Column("subject", sa.String(), nullable=False),
    sa.Column("message_id", sa.String(), nullable=False),
    sa.Column("status", sa.String(), nullable=False),
    sa.Column("attempts", sa.Integer(), nullable=False),
    sa.Column("last_error", sa.String(), nullable=True),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("html", sa.Text(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint("id"),
    sa.Index("ix_outboxmail_key", "key", unique=True),
    sa.Index("ix_outboxmail_status", "status"),
)

sa.Table(
    "unit",
    metadata,
    sa.Column("code", sa.String(), nullable=False),
    sa.Column("name", sa.String(), nullable=False),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("email", sa.String(), nullable=True),
    sa.Column("leader_person_id", sa.Integer(), nullable=True),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("id"),
    sa.Index("ix_unit_code", "code", unique=True),
)

sa.Table(
    "campaignhistory",
    metadata,
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("action", sa.String(), nullable=False),
    sa.Column("action_name", sa.String(), nullable=False),
    sa.Column("actor_user_id", sa.Integer(), nullable=True),
    sa.Column("actor_name", sa.String(), nullable=True),
    sa.Column("actor_role", sa.String(), nullable=True),
    sa.Column("detail", sa.String(), nullable=True),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("campaign_code", sa.String(), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["campaign_code"], ["campaign.code"]),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("campaign_code", "seq"),
    sa.Index("ix_campaignhistory_campaign_code", "campaign_code"),
)

sa.Table(
    "campaignrun",
    metadata,
    sa.Column("code", sa.String(), nullable=False),
    sa.Column("phase", sa.String(), nullable=False),
    sa.Column("state", sa.JSON(), nullable=False),
    sa.Column("last_seq", sa.Integer(), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["code"], ["campaign.code"]),
    sa.PrimaryKeyConstraint("code"),
    sa.Index("ix_campaignrun_phase", "phase"),
)

sa.Table(
    "dossier",
    metadata,
    sa.Column("title", sa.String(), nullable=False),
    sa.Column("campaign_code", sa.String(), nullable=False),
    sa.Column("id", sa.String(), nullable=False),
    sa.Column("unit_id", sa.Integer(), nullable=False),
    sa.Column("unit_name", sa.String(), nullable=False),
    sa.Column("stage", sa.String(), nullable=False),
    sa.Column("stage_reason", sa.String(), nullable=True),
    sa.Column("supplement_items", sa.JSON(), nullable=True),
    sa.Column("supplement_due", sa.Date(), nullable=True),
    sa.Column("decision_number", sa.String(), nullable=True),
    sa.Column("decision_signed_on", sa.Date(), nullable=True),
    sa.Column("state", sa.JSON(), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seq", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["campaign_code"], ["campaign.code"]),
    sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.Index("ix_dossier_campaign_code", "campaign_code"),
    sa.Index("ix_dossier_stage", "stage"),
    sa.Index("ix_dossier_unit_id", "unit_id"),
)

sa.Table(
    "person",
    metadata,
    sa.Column("full_name", sa.String(), nullable=False),
    sa.Column("birth_date", sa.Date(), nullable=True),
    sa.Column("id_number", sa.String(), nullable=True),
    sa.Column("position", sa.String(), nullable=True),
    sa.Column("unit_id", sa.Integer(), nullable=True),
    sa.Column("email", sa.String(), nullable=True),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name_key", sa.String(), nullable=False),
    sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.Index("ix_person_id_number", "id_number"),
    sa.Index("ix_person_name_key", "name_key"),
)

sa.Table(
    "user",
    metadata,
    sa.Column("username", sa.String(), nullable=False),
    sa.Column("full_name", sa.String(), nullable=False),
    sa.Column("role", sa.String(), nullable=False),
    sa.Column("unit_id", sa.Integer(), nullable=True),
    sa.Column("email", sa.String(), nullable=True),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("token_hash", sa.String(), nullable=False),
    sa.Column("password_hash", sa.String(), nullable=True),
    sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.Index("ix_user_token_hash", "token_hash", unique=True),
    sa.Index("ix_user_username", "username", unique=True),
)

sa.Table(
    "document",
    metadata,
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("nominee_key", sa.String(), nullable=True),
    sa.Column("filename", sa.String(), nullable=False),
    sa.Column("sha256", sa.String(), nullable=False),
    sa.Column("size", sa.Integer(), nullable=False),
    sa.Column("content_type", sa.String(), nullable=False),
    sa.Column("uploaded_by", sa.String(), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("dossier_id", sa.String(), nullable=False),
    sa.Column("document_id", sa.String(), nullable=False),
    sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("dossier_id", "document_id"),
    sa.Index("ix_document_dossier_id", "dossier_id"),
)

sa.Table(
    "eligibilitycheck",
    metadata,
    sa.Column("step", sa.String(), nullable=False),
    sa.Column("nominee_key", sa.String(), nullable=False),
    sa.Column("rule", sa.String(), nullable=False),
    sa.Column("verdict", sa.String(), nullable=False),
    sa.Column("message", sa.String(), nullable=False),
    sa.Column("record_ids", sa.JSON(), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("dossier_id", sa.String(), nullable=False),
    sa.Column("check_key", sa.String(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("checked_on", sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("check_key", "nominee_key", "rule", "position"),
    sa.Index("ix_eligibilitycheck_dossier_id", "dossier_id"),
)

sa.Table(
    "generateddocument",
    metadata,
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("campaign_code", sa.String(), nullable=False),
    sa.Column("dossier_id", sa.String(), nullable=True),
    sa.Column("subject_key", sa.String(), nullable=True),
    sa.Column("number", sa.String(), nullable=True),
    sa.Column("issued_on", sa.Date(), nullable=True),
    sa.Column("signed", sa.Boolean(), nullable=False),
    sa.Column("sha256", sa.String(), nullable=False),
    sa.Column("size", sa.Integer(), nullable=False),
    sa.Column("filename", sa.String(), nullable=False),
    sa.Column("content_type", sa.String(), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["campaign_code"], ["campaign.code"]),
    sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.Index("ix_generateddocument_campaign_code", "campaign_code"),
    sa.Index("ix_generateddocument_dossier_id", "dossier_id"),
    sa.Index("ix_generateddocument_kind", "kind"),
    sa.Index("ix_generateddocument_sha256", "sha256"),
)

sa.Table(
    "historyentry",
    metadata,
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("action", sa.String(), nullable=False),
    sa.Column("action_name", sa.String(), nullable=False),
    sa.Column("actor_user_id", sa.Integer(), nullable=True),
    sa.Column("actor_name", sa.String(), nullable=True),
    sa.Column("actor_role", sa.String(), nullable=True),
    sa.Column("detail", sa.String(), nullable=True),
    sa.Column("stage_before", sa.String(), nullable=False),
    sa.Column("stage_after", sa.String(), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("dossier_id", sa.String(), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("dossier_id", "seq"),
    sa.Index("ix_historyentry_dossier_id", "dossier_id"),
)

sa.Table(
    "loginsession",
    metadata,
    sa.Column("token_hash", sa.String(), nullable=False),
    sa.Column("user_id", sa.Integer(), nullable=False),
    sa.Column("csrf_token", sa.String(), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
    sa.PrimaryKeyConstraint("token_hash"),
    sa.Index("ix_loginsession_user_id", "user_id"),
)

sa.Table(
    "nominee",
    metadata,
    sa.Column("key", sa.String(), nullable=False),
    sa.Column("group", sa.String(), nullable=False),
    sa.Column("subject_kind", sa.String(), nullable=False),
    sa.Column("name", sa.String(), nullable=False),
    sa.Column("position", sa.String(), nullable=True),
    sa.Column("person_id", sa.Integer(), nullable=True),
    sa.Column("unit_id", sa.Integer(), nullable=True),
    sa.Column("birth_date", sa.Date(), nullable=True),
    sa.Column("status", sa.String(), nullable=False),
    sa.Column("reasons", sa.JSON(), nullable=False),
    sa.Column("suspended_from", sa.String(), nullable=True),
    sa.Column("open_records", sa.JSON(), nullable=False),
    sa.Column("findings", sa.JSON(), nullable=False),
    sa.Column("revocation_review", sa.Boolean(), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("dossier_id", sa.String(), nullable=False),
    sa.Column("name_key", sa.String(), nullable=False),
    sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("dossier_id", "key"),
    sa.Index("ix_nominee_dossier_id", "dossier_id"),
    sa.Index("ix_nominee_name_key", "name_key"),
)

sa.Table(
    "record",
    metadata,
    sa.Column("subject_type", sa.String(), nullable=False),
    sa.Column("subject_name", sa.String(300), nullable=True),
    sa.Column("birth_date", sa.Date(), nullable=True),
    sa.Column("id_number", sa.String(20), nullable=True),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("status", sa.String(), nullable=True),
    sa.Column("outcome", sa.String(), nullable=True),
    sa.Column("discipline_form", sa.String(), nullable=True),
    sa.Column("period_start", sa.Date(), nullable=True),
    sa.Column("period_end", sa.Date(), nullable=True),
    sa.Column("opened_on", sa.Date(), nullable=True),
    sa.Column("concluded_on", sa.Date(), nullable=True),
    sa.Column("year", sa.Integer(), nullable=True),
    sa.Column("rating", sa.String(), nullable=True),
    sa.Column("value", sa.Float(), nullable=True),
    sa.Column("decision_number", sa.String(100), nullable=True),
    sa.Column("decision_date", sa.Date(), nullable=True),
    sa.Column("award_form", sa.String(300), nullable=True),
    sa.Column("achievement", sa.String(2000), nullable=True),
    sa.Column("initiative_title", sa.String(2000), nullable=True),
    sa.Column("recognised_by", sa.String(300), nullable=True),
    sa.Column("note", sa.String(2000), nullable=True),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=True),
    sa.Column("unit_id", sa.Integer(), nullable=True),
    sa.Column("match_status", sa.String(), nullable=False),
    sa.Column("match_rule", sa.String(), nullable=True),
    sa.Column("candidates", sa.JSON(), nullable=False),
    sa.Column("created_by_user_id", sa.Integer(), nullable=False),
    sa.Column("updated_by_user_id", sa.Integer(), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["created_by_user_id"], ["user.id"]),
    sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
    sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
    sa.ForeignKeyConstraint(["updated_by_user_id"], ["user.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.Index("ix_record_kind", "kind"),
    sa.Index("ix_record_match_status", "match_status"),
    sa.Index("ix_record_person_id", "person_id"),
    sa.Index("ix_record_unit_id", "unit_id"),
)

sa.Table(
    "reformreport",
    metadata,
    sa.Column("campaign_code", sa.String(), nullable=False),
    sa.Column("period_code", sa.String(), nullable=False),
    sa.Column("period_name", sa.String(), nullable=False),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("due_before", sa.Date(), nullable=False),
    sa.Column("summary", sa.String(), nullable=True),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("unit_id", sa.Integer(), nullable=False),
    sa.Column("figures", sa.JSON(), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("on_time", sa.Boolean(), nullable=False),
    sa.Column("last_received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("submitted_by_user_id", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["campaign_code"], ["campaign.code"]),
    sa.ForeignKeyConstraint(["submitted_by_user_id"], ["user.id"]),
    sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("campaign_code", "unit_id", "period_code"),
    sa.Index("ix_reformreport_campaign_code", "campaign_code"),
    sa.Index("ix_reformreport_unit_id", "unit_id"),
)


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    present = set(inspector.get_table_names())
    lacking = {}  # a table of an earlier release's database: the columns it lacks
    for table in metadata.sorted_tables:
        if table.name in present:
            existing = {column["name"] for column in inspector.get_columns(table.name)}
            lacking[table.name] = [column for column in table.columns if column.name not in existing]
    too_old = sorted(
        f"{name}.{column.name}"
        for name, columns in lacking.items()
        for column in columns
        if column.name not in LATER_COLUMNS.get(name, set())
    )
    if too_old:
        raise RuntimeError(f"This database was made by a release too old to upgrade; it lacks {', '.join(too_old)}")
    for table in metadata.sorted_tables:
        if table.name not in present:
            table.create(bind)
    for name, columns in lacking.items():
        for column in columns:
            op.add_column(name, sa.Column(column.name, column.type, nullable=True))


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
