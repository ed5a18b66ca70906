"""A campaign's progress at a glance: its dossiers by stage and its nominees by status (counted in SQL, GROUP BY),
and the deadlines still ahead with the days left. The campaign's page shows them as counts and a bar
(templates/pages/_campaign_progress.html)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from db import models
from schemas.dossier_actions import NOMINEE_STATUS_NAMES, STAGE_NAMES, NomineeStatus, Stage

# A colour per stage and per status (fill of the bar's part and of its key): related steps in related hues,
# each dark enough for white text beside light ones to be told apart (the figures are also in a table).
STAGE_COLOURS = {
    Stage.draft: "#9aa5b1", Stage.minutes_recorded: "#7b8794", Stage.submitted: "#5b8def",
    Stage.under_appraisal: "#2f6fd6", Stage.supplement_requested: "#e8a33d", Stage.appraised: "#2a9d8f",
    Stage.in_council: "#8e6bbf", Stage.decided: "#6a4c9c", Stage.signed: "#3f8f3f", Stage.recognised: "#1f6b2a",
    Stage.rejected: "#c0392b", Stage.withdrawn: "#616e7c", Stage.lapsed: "#8d3b2f",
}
STATUS_COLOURS = {
    NomineeStatus.proposed: "#9aa5b1", NomineeStatus.selected: "#5b8def", NomineeStatus.not_selected: "#7b8794",
    NomineeStatus.passed: "#2a9d8f", NomineeStatus.failed: "#c0392b", NomineeStatus.approved: "#8e6bbf",
    NomineeStatus.not_approved: "#8d3b2f", NomineeStatus.awarded: "#1f6b2a", NomineeStatus.suspended: "#e8a33d",
    NomineeStatus.disqualified: "#616e7c",
}


@dataclass
class Part:
    """One stage's (or status's) count, its name and colour, and where its part of the bar starts (percent)."""

    code: str
    name: str
    count: int
    colour: str
    start: float = 0.0
    width: float = 0.0


@dataclass
class Ahead:
    name: str
    text: str  # "trước ngày 20/03/2026"
    days_left: int  # 0: today is the last day


@dataclass
class Progress:
    dossiers: list[Part]
    dossier_total: int
    nominees: list[Part]
    nominee_total: int
    ahead: list[Ahead]


def _parts(counts: dict[str, int], names: dict, colours: dict) -> tuple[list[Part], int]:
    """The counts in the order of the names (the workflow's order), with their places in a bar of 100."""
    total = sum(counts.values())
    parts, start = [], 0.0
    for code, name in names.items():
        if counts.get(code):
            width = counts[code] * 100 / total
            parts.append(Part(str(code), name, counts[code], colours[code], round(start, 3), round(width, 3)))
            start += width
    return parts, total


def dossiers_by_stage(session: Session, code: str) -> dict[str, int]:
    rows = session.exec(
        select(models.Dossier.stage, func.count()).where(models.Dossier.campaign_code == code).group_by(models.Dossier.stage)
    )
    return {stage: count for stage, count in rows}


def nominees_by_status(session: Session, code: str) -> dict[str, int]:
    rows = session.exec(
        select(models.Nominee.status, func.count())
        .join(models.Dossier, models.Dossier.id == models.Nominee.dossier_id)
        .where(models.Dossier.campaign_code == code)
        .group_by(models.Nominee.status)
    )
    return {status: count for status, count in rows}


def deadlines_ahead(deadlines: list, today: date) -> list[Ahead]:
    """Of the campaign's deadlines (each with a name, a text and its last day), those not yet past, soonest first."""
    ahead = [Ahead(d.name, d.text, (d.last_day - today).days) for d in deadlines if d.last_day and d.last_day >= today]
    return sorted(ahead, key=lambda a: a.days_left)


def campaign_progress(session: Session, code: str, deadlines: list, today: date) -> Progress:
    dossiers, dossier_total = _parts(dossiers_by_stage(session, code), STAGE_NAMES, STAGE_COLOURS)
    nominees, nominee_total = _parts(nominees_by_status(session, code), NOMINEE_STATUS_NAMES, STATUS_COLOURS)
    return Progress(dossiers, dossier_total, nominees, nominee_total, deadlines_ahead(deadlines, today))
