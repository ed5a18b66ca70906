"""Setting up another commune's campaign in a test: its plan, its units and their heads, their dossiers."""

import re
import uuid
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from common.settings import ROOT
from db import models
from db.api_tokens import add_token
from db.campaigns import save_campaign
from schemas.campaign import EmulationPlan
from schemas.campaign_file import parse_campaign, repository_issuer_settings
from tests.conftest import Service
from tests.dossier_steps import APPRAISER, attach_all, confirm_unmatched, minutes, ok, post
from web.campaign_workflows import campaign_started, start_campaign_workflows

CAMPAIGNS = ROOT / "campaigns"


def plan_of(file: str | Path, issuer: str = "ke-sat") -> EmulationPlan:
    """A plan of the repository, issued by `issuer`: by Kẻ Sặt unless told, whose demo users then take it in
    hand (a test of the plan's rules, not of which issuer sees it)."""
    path = CAMPAIGNS / file
    text = re.sub(r"^issuer: *\S+", f"issuer: {issuer}", path.read_text(encoding="utf-8"), count=1, flags=re.M)
    return parse_campaign(text, path.name, repository_issuer_settings())


async def run_plan(
    service: Service, file: str | Path, submit_before: date | None = None, year: int | None = None,
    issuer: str = "ke-sat",
) -> EmulationPlan:
    """The plan, issued by `issuer`, under a code of this test's own (workflow ids are shared on the server),
    with its workflow."""
    plan = plan_of(file, issuer)
    if year is not None:
        plan = plan.period_of(year)
    plan = plan.with_deadline(f"{plan.code}-{uuid.uuid4().hex[:6]}", submit_before)
    with Session(service.engine) as session:
        save_campaign(session, plan)
    await start_campaign_workflows(service.client, plan, service.settings.temporal_task_queue)
    await campaign_started(service.client, plan.code)
    return plan


def add_unit(service: Service, name: str, kind: str, issuer: str | None = None) -> str:
    """A unit and its head, of the issuer (code; None: the test campaign's, Kẻ Sặt); returns the head's user
    name (token demo-<user name>)."""
    username = f"head-{uuid.uuid4().hex[:8]}"
    with Session(service.engine) as session:
        if issuer is None:
            issuer_id = session.exec(select(models.Campaign).where(models.Campaign.code == service.campaign)).one().issuer_id
        else:
            issuer_id = session.exec(select(models.Issuer).where(models.Issuer.code == issuer)).one().id
        unit = models.Unit(issuer_id=issuer_id, code=username, name=name, kind=kind)
        session.add(unit)
        session.flush()
        user = models.User(
            username=username, full_name=f"Thủ trưởng {name}", roles=["unit_head"], unit_id=unit.id, issuer_id=issuer_id,
        )
        session.add(user)
        session.flush()
        add_token(session, user, "Mã truy cập thử nghiệm", f"demo-{username}")
        session.commit()
    return username


async def appraised_dossier(
    service: Service, plan: EmulationPlan, head: str, nominees: list[dict], appraiser: str = APPRAISER
) -> dict:
    """A dossier through its unit's meeting, submission and an appraisal (by `appraiser`, of the plan's issuer)
    that passes everyone."""
    response = await post(service, head, "/api/dossiers", json={"campaign_code": plan.code, "nominees": nominees})
    dossier = ok(response, 201)
    path = f"/api/dossiers/{dossier['id']}"
    dossier = ok(await post(service, head, f"{path}/minutes", json=minutes(dossier)))
    await attach_all(service, dossier, user=head)
    ok(await post(service, head, f"{path}/submit"))
    await confirm_unmatched(service, ok(await post(service, appraiser, f"{path}/start-appraisal")), appraiser)
    for nominee in dossier["nominees"]:
        dossier = ok(await post(service, appraiser, f"{path}/nominees/{nominee['key']}/appraisal", json={"passed": True}))
    assert dossier["stage"] == "appraised"
    return dossier


def collective(kind: str, name: str) -> dict:
    return {"group": "collective", "subject_kind": kind, "name": name}


def individual(kind: str, name: str, position: str = "Công chức") -> dict:
    return {"group": "individual", "subject_kind": kind, "name": name, "position": position}
