"""Indicators in the registry: a record's indicator code, the part of the year its figure is for, and its unit
of measure (record.indicator, record.period_part, record.measure).

A plan loaded before named any indicator code in its standards, checked or not; the plans now declare the
codes the registry's catalogue lacks (EmulationPlan.indicators), so each stored plan that names such a code
gets it declared, as a unit's yearly percentage named by its standard's text (what every indicator of those
plans was, thresholds 0 to 100). Down again, the declarations, the standards' `compare` and the record kind
`feedback` leave the stored plans (the older code refuses them), and the records of the kinds the older
registry lacks (indicator figures, citizens' feedback) are deleted: the older registry cannot read them.

Revision ID: 0008_record_indicators
Revises: 0007_settings_versions
Create Date: 2026-12-02
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0008_record_indicators"
down_revision = "0007_settings_versions"
branch_labels = None
depends_on = None

# schemas/indicators.CATALOGUE's codes at this revision.
CATALOGUE = {
    "par_index_pct", "sipas_pct", "dti", "satisfaction_pct", "on_time_pct", "city_tasks_done_pct",
    "commune_tasks_done_pct", "processing_time_cut_pct", "dossiers_tracked_pct", "procedures_published_pct",
    "electronic_transfer_pct", "online_payment_pct", "national_portal_services_pct", "results_digitised_pct",
    "not_asked_again_pct",
}
CODE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")

campaign = sa.table("campaign", sa.column("id", sa.Integer), sa.column("kind", sa.String), sa.column("settings", sa.JSON))


def _items(settings: dict):
    for standards in settings.get("standards") or []:
        for group in standards.get("groups") or []:
            yield from group.get("items") or []


def _declared(settings: dict) -> dict | None:
    """The settings with the codes its standards name declared, or None if nothing changes."""
    declared = {indicator.get("code") for indicator in settings.get("indicators") or []}
    added = []
    for item in _items(settings):
        code = item.get("indicator")
        if item.get("kind") != "indicator" or not code or code in CATALOGUE or code in declared or not CODE.match(code):
            continue
        declared.add(code)
        name = " ".join(str(item.get("text") or code).split())[:300] or code
        added.append({"code": code, "name": name, "measure": "pct", "period": "year", "per": "unit"})
    if not added:
        return None
    return {**settings, "indicators": [*(settings.get("indicators") or []), *added]}


def _older(settings: dict) -> dict | None:
    """The settings as the older code reads them, or None if nothing changes."""
    changed = False
    settings = dict(settings)
    if "indicators" in settings:
        settings.pop("indicators")
        changed = True
    for item in _items(settings):
        if "compare" in item:
            item.pop("compare")
            changed = True
    kinds = (settings.get("eligibility") or {}).get("record_kinds")
    if kinds and "feedback" in kinds:
        settings["eligibility"] = {**settings["eligibility"], "record_kinds": [k for k in kinds if k != "feedback"]}
        changed = True
    return settings if changed else None


def _rewrite(change) -> None:
    bind = op.get_bind()
    for row in bind.execute(sa.select(campaign.c.id, campaign.c.settings).where(campaign.c.kind == "emulation")).all():
        settings = row.settings
        new = change(settings) if isinstance(settings, dict) else None
        if new is not None:
            bind.execute(campaign.update().where(campaign.c.id == row.id).values(settings=new))


def upgrade() -> None:
    with op.batch_alter_table("record") as batch:
        batch.add_column(sa.Column("indicator", sa.String(50), nullable=True))
        batch.add_column(sa.Column("period_part", sa.String(), nullable=True))
        batch.add_column(sa.Column("measure", sa.String(), nullable=True))
    op.create_index("ix_record_indicator", "record", ["indicator"])
    _rewrite(_declared)


def downgrade() -> None:
    _rewrite(_older)
    op.execute("DELETE FROM record WHERE kind IN ('indicator', 'feedback')")
    op.drop_index("ix_record_indicator", table_name="record")
    with op.batch_alter_table("record") as batch:
        batch.drop_column("measure")
        batch.drop_column("period_part")
        batch.drop_column("indicator")
