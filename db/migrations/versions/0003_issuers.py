"""Issuers of their own: units, people, users and campaigns each belong to one; users hold several roles.

The rows a database already has were one issuer's: each issuer its campaigns name becomes a record (its
code made from its place name), and the units, people and users become the first campaign's issuer's. A
database with units but no campaign gets one issuer record to complete on the admin pages. A person's
unit and position become the first of their positions, since a day unknown. Each user's role becomes
the first (and only) of their roles.

Revision ID: 0003_issuers
Revises: 0002_login_throttle
Create Date: 2026-12-02
"""

import json
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003_issuers"
down_revision = "0002_login_throttle"
branch_labels = None
depends_on = None

PLACEHOLDER = {  # an issuer for rows that name none: the admin completes it
    "code": "co-quan-ban-hanh",
    "name": "Cơ quan ban hành (cần bổ sung)",
    "kind": "xa",
    "place": "",
    "receiving_office": "",
}


def _code(place: str) -> str:
    folded = unicodedata.normalize("NFD", place.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-") or "co-quan"


def _issuers_of_campaigns(connection) -> tuple[dict[str, int], int | None]:
    """An issuer record for each issuer the campaigns' settings name: {issuer's name: id}, and the first's id."""
    ids: dict[str, int] = {}
    first = None
    issuer = sa.table(
        "issuer", *(sa.column(name) for name in (
            "code", "name", "kind", "superior", "print_superior", "symbol", "place", "head_title",
            "receiving_office", "recipients", "active",
        ))
    )
    for settings, office in connection.execute(sa.text("SELECT settings, receiving_office FROM campaign ORDER BY id")):
        named = (json.loads(settings) if isinstance(settings, str) else settings)["issuer"]
        if named["name"] in ids:
            continue
        code = _code(named.get("place") or named["name"])
        while code in {c for (c,) in connection.execute(sa.text("SELECT code FROM issuer"))}:
            code += "-2"
        connection.execute(issuer.insert().values(
            code=code, name=named["name"], kind=named["level"], superior=named.get("superior"), print_superior=True,
            symbol=named.get("body_code", "UBND"), place=named["place"], head_title="Chủ tịch",
            receiving_office=office, recipients=json.dumps([]), active=True,
        ))
        ids[named["name"]] = connection.execute(sa.text("SELECT id FROM issuer WHERE code = :c"), {"c": code}).scalar()
        first = first or ids[named["name"]]
    if first is None and connection.execute(sa.text("SELECT count(*) FROM unit")).scalar():
        connection.execute(issuer.insert().values(**PLACEHOLDER, print_superior=True, symbol="UBND",
                                                  head_title="Chủ tịch", recipients=json.dumps([]), active=True))
        first = connection.execute(sa.text("SELECT id FROM issuer")).scalar()
    return ids, first


def upgrade() -> None:
    op.create_table(
        "issuer",
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("superior", sa.String(), nullable=True),
        sa.Column("print_superior", sa.Boolean(), nullable=False),
        sa.Column("symbol", sa.String(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("head_title", sa.String(), nullable=False),
        sa.Column("receiving_office", sa.String(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_issuer_code", "issuer", ["code"], unique=True)
    connection = op.get_bind()
    by_name, first = _issuers_of_campaigns(connection)

    for table in ("unit", "person", "user", "campaign"):
        op.add_column(table, sa.Column("issuer_id", sa.Integer(), nullable=True))
    for table in ("unit", "person", "user"):
        op.add_column(table, sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("unit", sa.Column("symbol", sa.String(), nullable=True))
    op.add_column("unit", sa.Column("parent_id", sa.Integer(), nullable=True))
    op.add_column("person", sa.Column("sex", sa.String(), nullable=True))
    op.add_column("person", sa.Column("category", sa.String(), nullable=True))
    op.add_column("user", sa.Column("roles", sa.JSON(), nullable=True))

    for table in ("unit", "person", "user"):
        connection.execute(sa.text(f'UPDATE "{table}" SET issuer_id = :first'), {"first": first})
    for name, issuer_id in by_name.items():
        connection.execute(sa.text("UPDATE campaign SET issuer_id = :id WHERE issuer_name = :name"),
                           {"id": issuer_id, "name": name})
    for user_id, role in connection.execute(sa.text('SELECT id, role FROM "user"')).all():
        connection.execute(sa.text('UPDATE "user" SET roles = :roles WHERE id = :id'),
                           {"roles": json.dumps([role]), "id": user_id})

    op.create_table(
        "personposition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_personposition_person_id", "personposition", ["person_id"])
    connection.execute(sa.text(
        "INSERT INTO personposition (person_id, unit_id, position, since) "
        "SELECT id, unit_id, position, NULL FROM person WHERE unit_id IS NOT NULL OR position IS NOT NULL"
    ))

    with op.batch_alter_table("unit") as unit:
        unit.alter_column("issuer_id", nullable=False)
        unit.drop_index("ix_unit_code")
        unit.create_index("ix_unit_code", ["code"])
        unit.create_index("ix_unit_issuer_id", ["issuer_id"])
        unit.create_unique_constraint("uq_unit_issuer_code", ["issuer_id", "code"])
        unit.create_foreign_key("fk_unit_issuer", "issuer", ["issuer_id"], ["id"])
        unit.create_foreign_key("fk_unit_parent", "unit", ["parent_id"], ["id"])
    with op.batch_alter_table("person") as person:
        person.alter_column("issuer_id", nullable=False)
        person.create_index("ix_person_issuer_id", ["issuer_id"])
        person.create_foreign_key("fk_person_issuer", "issuer", ["issuer_id"], ["id"])
    with op.batch_alter_table("user") as user:
        user.alter_column("roles", nullable=False)
        user.drop_column("role")
        user.create_index("ix_user_issuer_id", ["issuer_id"])
        user.create_foreign_key("fk_user_issuer", "issuer", ["issuer_id"], ["id"])
    with op.batch_alter_table("campaign") as campaign:
        campaign.alter_column("issuer_id", nullable=False)
        campaign.create_index("ix_campaign_issuer_id", ["issuer_id"])
        campaign.create_foreign_key("fk_campaign_issuer", "issuer", ["issuer_id"], ["id"])
    for table in ("unit", "person", "user"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("active", server_default=None)


def downgrade() -> None:
    op.add_column("user", sa.Column("role", sa.String(), nullable=True))
    connection = op.get_bind()
    for user_id, roles in connection.execute(sa.text('SELECT id, roles FROM "user"')).all():
        role = (json.loads(roles) if isinstance(roles, str) else roles)[0]
        connection.execute(sa.text('UPDATE "user" SET role = :role WHERE id = :id'), {"role": role, "id": user_id})
    op.drop_table("personposition")
    with op.batch_alter_table("campaign") as campaign:
        campaign.drop_constraint("fk_campaign_issuer", type_="foreignkey")
        campaign.drop_index("ix_campaign_issuer_id")
        campaign.drop_column("issuer_id")
    with op.batch_alter_table("user") as user:
        user.drop_constraint("fk_user_issuer", type_="foreignkey")
        user.drop_index("ix_user_issuer_id")
        user.alter_column("role", nullable=False)
        for column in ("issuer_id", "roles", "active"):
            user.drop_column(column)
    with op.batch_alter_table("person") as person:
        person.drop_constraint("fk_person_issuer", type_="foreignkey")
        person.drop_index("ix_person_issuer_id")
        for column in ("issuer_id", "sex", "category", "active"):
            person.drop_column(column)
    with op.batch_alter_table("unit") as unit:
        unit.drop_constraint("fk_unit_parent", type_="foreignkey")
        unit.drop_constraint("fk_unit_issuer", type_="foreignkey")
        unit.drop_constraint("uq_unit_issuer_code", type_="unique")
        unit.drop_index("ix_unit_issuer_id")
        unit.drop_index("ix_unit_code")
        unit.create_index("ix_unit_code", ["code"], unique=True)
        for column in ("issuer_id", "symbol", "parent_id", "active"):
            unit.drop_column(column)
    op.drop_index("ix_issuer_code", "issuer")
    op.drop_table("issuer")
