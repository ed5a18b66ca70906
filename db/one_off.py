"""One-off awards (khen thưởng đột xuất, chuyên đề): raised at any time, without a plan, as a small campaign made
from the issuer's standing rules (schemas/standing_rules.py) and the form's fields.

The campaign is an emulation campaign like any other, so the proposing unit's dossier, its checks against the
register, the office's appraisal, the council, the Chairman's one decision and the awards it writes are the
campaigns' own. Its code says it is one-off and which unit proposes it: `dot-xuat-<unit id>-<yyyymmdd>-<6 hex>`
(no personal data); the unit's deadline is counted in working days from the day it is raised.
"""

import re
import uuid
from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from common.workdays import WorkCalendar
from db.campaigns import add_campaigns
from db.models import Campaign, CampaignRun, Dossier, Unit
from schemas.campaign import EmulationPlan
from schemas.council import PHASE_NAMES, CampaignState, Phase
from schemas.directory_api import Normalised
from schemas.standing_rules import StandingRules

PREFIX = "dot-xuat-"
_CODE = re.compile(r"^dot-xuat-(\d{1,10})-\d{8}-[0-9a-f]{6}$")


class OneOffRequest(Normalised):
    """What the office (or a unit's head) writes to raise one."""

    award_form: str = Field(min_length=1, max_length=60)
    title: str = Field(min_length=3, max_length=200)  # "Cứu người trong lũ ngày 12/10/2026"
    achievement: str = Field(min_length=10, max_length=1000)  # as the decision words it, after "đã có thành tích"
    achieved_on: date  # the day of the achievement: the award's period, for the register's checks
    unit_id: int = Field(ge=1, le=2_147_483_647)  # the unit that proposes, and lodges the dossier


class OneOffRow(BaseModel):
    campaign: Campaign
    unit_name: str
    phase_name: str
    deadline: date | None  # the last day the unit may lodge its dossier
    dossiers: list[Dossier]  # lodged, oldest first
    office_lodges: bool  # raised by the office, which may lodge the dossier itself in the unit's name
    open: bool  # dossiers may still be lodged
    signed: bool
    reportable: bool  # the council does not sit and the appraisal is not yet reported to the head


def is_one_off(code: str) -> bool:
    return code.startswith(PREFIX)


def proposer_of(code: str) -> int | None:
    """The unit a one-off campaign is for, read from its code; None for any other campaign."""
    match = _CODE.match(code)
    return int(match.group(1)) if match else None


def one_off_plan(rules: StandingRules, request: OneOffRequest, unit: Unit, today: date, calendar: WorkCalendar,
                 proposed_by: str, by_office: bool) -> EmulationPlan:
    """The campaign of one one-off award: the rules' documents, council, signer and bonus, the chosen form, and
    its deadlines counted from today in working days. Raised by the office, the office may lodge its dossier
    in the unit's name as well as the unit itself."""
    form = rules.form(request.award_form)
    days = rules.deadlines
    submission = calendar.add_working_days(today, days.submission_working_days)
    appraisal = calendar.add_working_days(submission, days.appraisal_working_days)
    signature = calendar.add_working_days(appraisal, days.signature_working_days)
    return EmulationPlan.model_validate({
        "code": f"{PREFIX}{unit.id}-{today:%Y%m%d}-{uuid.uuid4().hex[:6]}",
        "source": rules.source,
        "issuer": rules.issuer.model_dump(),
        "plan": {
            "title": f"Khen thưởng đột xuất: {request.title}",
            "period": {"start": request.achieved_on, "end": request.achieved_on},
            "grounds": [*rules.grounds, f"Đề nghị của {proposed_by}"],
        },
        "receiving_office": rules.receiving_office,
        "subject_kinds": [kind.model_dump() for kind in rules.subject_kinds],
        "award_forms": [form.model_dump()],
        "unit_quotas": [{"max_total": rules.max_nominees}],
        "required_documents": [document.model_dump() for document in rules.required_documents],
        "deadlines": {"submission": {"by": submission}, "appraisal": {"by": appraisal}, "signature": {"by": signature}},
        "unit_meeting": rules.unit_meeting.model_dump(),
        "council": {"sits": rules.council},  # without it, the office reports its appraisal to the head
        "office_lodges": by_office,
        "signer": rules.signer.model_dump(),
        "bonus": rules.bonus.model_dump(),
        "achievement": f"đã có thành tích {request.achievement.removeprefix('đã có thành tích ').strip()}",
    })


def raise_one_off(session: Session, rules: StandingRules, request: OneOffRequest, issuer_id: int, today: date,
                  calendar: WorkCalendar, proposed_by: str, by_office: bool) -> EmulationPlan:
    """Store the one-off award's campaign (its workflows are started by the caller, as for a loaded plan)."""
    unit = session.get(Unit, request.unit_id)
    if unit is None or unit.issuer_id != issuer_id or not unit.active:
        raise LookupError(request.unit_id)  # not a unit of the issuer that works today
    plan = one_off_plan(rules, request, unit, today, calendar, proposed_by, by_office)
    add_campaigns(session, [plan])
    return plan


def one_off_rows(session: Session, issuer_id: int, unit_id: int | None = None) -> list[OneOffRow]:
    """The issuer's one-off awards, newest first, with where each stands; a unit's own when `unit_id` is given."""
    query = select(Campaign).where(Campaign.issuer_id == issuer_id, col(Campaign.code).startswith(PREFIX))
    rows = []
    for campaign in session.exec(query.order_by(col(Campaign.loaded_at).desc())):
        proposer = proposer_of(campaign.code)
        if unit_id is not None and proposer != unit_id:
            continue
        run = session.get(CampaignRun, campaign.code)
        phase = Phase(CampaignState.model_validate(run.state).phase) if run else Phase.open
        dossiers = list(session.exec(select(Dossier).where(Dossier.campaign_code == campaign.code)
                                     .options(defer(Dossier.state)).order_by(Dossier.created_at)))
        unit = session.get(Unit, proposer) if proposer else None
        plan = EmulationPlan.model_validate(campaign.settings)
        submission = plan.deadlines.submission
        rows.append(OneOffRow(campaign=campaign, unit_name=unit.name if unit else "", phase_name=PHASE_NAMES[phase],
                              deadline=submission and submission.by, dossiers=dossiers,
                              office_lodges=plan.office_lodges, open=phase == Phase.open,
                              signed=phase in (Phase.signed, Phase.recognised),
                              reportable=not plan.council.sits and phase in (Phase.open, Phase.closed) and bool(dossiers)))
    return rows
