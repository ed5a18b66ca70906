"""The register of awards (db/awards.py Award): a new table, filled from every decision already signed (and the
higher level's answers already recorded), each award keeping the sổ vàng number its certificate was printed with
(counted from 1 in its campaign, as the service numbered them until now); the issuer's sổ vàng then continues
after the highest of them (numberseriesstart, year 0, type "SV"). Every existing row keeps its data.

Revision ID: 0014_award_register
Revises: 0013_number_series
Create Date: 2026-12-02
"""

import json
import unicodedata
from datetime import date, datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0014_award_register"
down_revision = "0013_number_series"
branch_labels = None
depends_on = None

# As db/awards.py has them when this migration was written (a migration keeps its own copy).
TITLE_STARTS = (
    "chiến sĩ thi đua", "lao động tiên tiến", "chiến sĩ tiên tiến", "cờ thi đua", "tập thể lao động",
    "tập thể chiến sĩ", "đơn vị quyết thắng", "đơn vị tiên tiến", "gia đình văn hóa", "thôn văn hóa",
    "tổ dân phố văn hóa", "thôn, tổ dân phố văn hóa", "xã, phường", "danh hiệu",
)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def kind_of(name: str) -> str:
    return "title" if name.strip().lower().startswith(TITLE_STARTS) else "form"


def _json(value):
    return json.loads(value) if isinstance(value, str) else (value or {})


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def upgrade() -> None:
    table = op.create_table(
        "award",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("issuer_id", sa.Integer(), sa.ForeignKey("issuer.id"), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("subject_type", sa.String(), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("sex", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("award_name", sa.String(length=300), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=300), nullable=False),
        sa.Column("achievement", sa.String(length=2000), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("bonus_vnd", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=300), nullable=True),
        sa.Column("unit_name", sa.String(length=300), nullable=True),
        sa.Column("campaign_code", sa.String(), sa.ForeignKey("campaign.code"), nullable=True),
        sa.Column("candidate_ref", sa.String(), nullable=True),
        sa.Column("register_number", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("revoked_number", sa.String(length=100), nullable=True),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revoked_reason", sa.String(length=2000), nullable=True),
        sa.Column("created_by_user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("key"),
    )
    for column in ("issuer_id", "person_id", "unit_id", "name_key", "decision_date", "campaign_code"):
        op.create_index(f"ix_award_{column}", "award", [column])
    _backfill(table)


def _backfill(table) -> None:
    bind = op.get_bind()
    campaigns = {code: (issuer_id, _json(settings)) for code, issuer_id, settings in
                 bind.execute(sa.text("SELECT code, issuer_id, settings FROM campaign"))}
    nominees = {(d, k): (p, u) for d, k, p, u in
                bind.execute(sa.text("SELECT dossier_id, key, person_id, unit_id FROM nominee"))}
    people = {i: (s, u) for i, s, u in bind.execute(sa.text("SELECT id, sex, unit_id FROM person"))}
    now = datetime.now(timezone.utc)
    rows, highest = [], {}
    for code, state in bind.execute(sa.text("SELECT code, state FROM campaignrun ORDER BY code")):
        decision = _json(state).get("decision") or {}
        if not decision.get("number") or code not in campaigns:
            continue
        issuer_id, settings = campaigns[code]
        issuer, plan = settings.get("issuer") or {}, settings.get("plan") or {}
        title = plan.get("title", "")
        achievement = settings.get("achievement") or f"đã có thành tích xuất sắc trong thực hiện Kế hoạch {title[:1].lower()}{title[1:]}"
        period = plan.get("period") or {}
        own = {}
        for number, awardee in enumerate(decision.get("awardees", []), start=1):
            candidate = awardee["candidate"]
            person_id, unit_id = nominees.get((candidate["dossier_id"], candidate["nominee_key"]), (None, None))
            individual = candidate["group"] == "individual"
            person_id = person_id if individual else None
            sex, person_unit = people.get(person_id, (None, None))
            row = {
                "issuer_id": issuer_id, "key": f"decision:{code}:{candidate['ref']}", "source": "decision",
                "subject_type": "person" if individual else "unit", "person_id": person_id,
                "unit_id": person_unit or unit_id, "name": candidate["name"], "name_key": fold(candidate["name"]),
                "sex": sex or ("nu" if candidate.get("woman") else None), "kind": kind_of(awardee["award_form"]),
                "award_name": awardee["award_form"], "decision_number": decision["number"],
                "decision_date": _day(decision.get("signed_on")), "issued_by": issuer.get("name", ""),
                "achievement": achievement, "period_start": _day(period.get("start")), "period_end": _day(period.get("end")),
                "bonus_vnd": awardee.get("bonus_vnd"), "position": candidate.get("position"),
                "unit_name": candidate.get("unit_name"), "campaign_code": code, "candidate_ref": candidate["ref"],
                "register_number": number, "status": "in_force", "revoked_number": None, "revoked_on": None,
                "revoked_reason": None, "created_by_user_id": None, "created_at": now,
            }
            rows.append(row)
            own[candidate["ref"]] = row
            name = issuer.get("name", "")
            highest[name] = max(highest.get(name, 0), number)
        answer, higher = _json(state).get("higher_answer"), settings.get("higher_award")
        for ref in (answer or {}).get("accepted", []) if higher else []:
            if ref in own:
                rows.append(own[ref] | {
                    "key": f"higher:{code}:{ref}", "source": "higher", "kind": kind_of(higher["name"]),
                    "award_name": higher["name"], "decision_number": answer["decision_number"],
                    "decision_date": _day(answer["decided_on"]), "issued_by": higher["decided_by"], "bonus_vnd": None,
                    "register_number": None,
                })
    if rows:
        op.bulk_insert(table, rows)
    starts = sa.table("numberseriesstart", sa.column("issuer"), sa.column("year"), sa.column("type_code"),
                      sa.column("first_number"))
    if highest:
        op.bulk_insert(starts, [{"issuer": name, "year": 0, "type_code": "SV", "first_number": number + 1}
                                for name, number in highest.items()])


def downgrade() -> None:
    op.execute("DELETE FROM numberseriesstart WHERE year = 0 AND type_code = 'SV'")
    op.execute("DELETE FROM issuednumber WHERE year = 0 AND type_code = 'SV'")
    for column in ("issuer_id", "person_id", "unit_id", "name_key", "decision_date", "campaign_code"):
        op.drop_index(f"ix_award_{column}", table_name="award")
    op.drop_table("award")
