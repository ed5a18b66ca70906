"""The decision's pages: the Chairman signs it with its list; communications publicises the awards."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from sqlmodel import Session, select
from starlette.datastructures import UploadFile

from common.text import VN_TZ
from db import models, numbers
from documents.assemble import PDF, Documents
from documents.signed_pdf import differences
from schemas.campaign import EmulationPlan
from schemas.council import CampaignState
from schemas.dossier_actions import Role
from web.deps import ClientDep, FileStoreDep, SessionDep, SettingsDep, get_filestore
from web.pages.campaign_view import campaign_form, campaign_page, emulation_campaigns
from web.pages.candidate_facts import install as install_facts
from web.pages.deps import CheckedForm, for_roles
from web.pages.dossier_view import dossier_page
from web.pages.render import FormInvalid, confirmed, page, request_id, validated
from web.routes import campaigns as campaigns_api
from web.routes import signed_decision
from web.routes.decision_numbers import DECISION
from web.templating import templates

router = APIRouter(prefix="/decision", include_in_schema=False)

# The office reads it too, and files the decision signed in the e-office (web/routes/signed_decision.py FILERS).
Readers = Annotated[
    models.User,
    for_roles(Role.chairman, Role.deputy_chairman, Role.communications, Role.office_head, Role.appraiser),
]
Chairman = Annotated[models.User, for_roles(Role.chairman, Role.deputy_chairman)]
Filers = Annotated[models.User, for_roles(*signed_decision.FILERS)]
Communications = Annotated[models.User, for_roles(Role.communications)]
TEMPLATE = "decision.html"
install_facts()


def decision_summary(request: Request, code: str, run: CampaignState) -> dict[str, str]:
    """What signing and publicising do, as their confirmation boxes restate it: how many awardees of each
    group, and the lines the decision is signed with."""
    decision = run.decision
    collectives = sum(1 for a in decision.awardees if a.candidate.group == "collective")
    individuals = len(decision.awardees) - collectives
    with Session(request.app.state.engine) as session:
        settings = session.exec(select(models.Campaign.settings).where(models.Campaign.code == code)).one()
    plan = EmulationPlan.model_validate(settings)
    lines = [*plan.signer.lines(plan.issuer, plan.signatures.of("decision")), plan.signer.name]
    return {"collectives": f"{collectives:02d}", "individuals": f"{individuals:02d}", "signer": " ".join(lines)}


def decision_number(request: Request, code: str) -> dict[str, str]:
    """What the signing form proposes: the next free number of the issuer's series this year, today's date."""
    today = datetime.now(VN_TZ).date()
    with Session(request.app.state.engine) as session:
        settings = session.exec(select(models.Campaign.settings).where(models.Campaign.code == code)).one()
        plan = EmulationPlan.model_validate(settings)
        next_free = numbers.next_free(session, plan.issuer.name, today.year, DECISION)
    return {"next_free": str(next_free), "series": f"{DECISION}-{plan.issuer.body_code}", "today": today.isoformat()}


def decision_signatures(request: Request, code: str) -> list[signed_decision.SignatureShown] | None:
    """The signatures of the decision signed in the e-office, as checked now; None where the service signed it."""
    with Session(request.app.state.engine) as session:
        row = Documents(session, get_filestore(request), datetime.now(VN_TZ).date()).signed_decision(code)
    return signed_decision.verified(row, get_filestore(request), request.app.state.settings)


def decision_differences(request: Request, code: str, run: CampaignState) -> list[str]:
    """Where the uploaded signed PDF says another number or date than the decision was filed with (warnings)."""
    decision = run.decision
    with Session(request.app.state.engine) as session:
        row = Documents(session, get_filestore(request), datetime.now(VN_TZ).date()).signed_decision(code)
    if row is None or row.content_type != PDF or decision.number is None or decision.signed_on is None:
        return []
    path = get_filestore(request).path(row.sha256)
    return differences(path.read_bytes(), decision.number, decision.signed_on) if path.exists() else []


templates.env.globals["decision_summary"] = decision_summary
templates.env.globals["decision_number"] = decision_number
templates.env.globals["decision_signatures"] = decision_signatures
templates.env.globals["decision_differences"] = decision_differences


@router.get("", response_class=HTMLResponse)
def campaigns(request: Request, session: SessionDep, user: Readers) -> HTMLResponse:
    return page(request, "campaigns.html", {"rows": emulation_campaigns(session, user), "link": "/decision/"})


@router.get("/{code}", response_class=HTMLResponse)
def decision(code: str, request: Request, session: SessionDep, _user: Readers) -> HTMLResponse:
    return campaign_page(request, session, code, TEMPLATE)


@router.post("/{code}/sign", response_class=HTMLResponse)
async def sign(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Chairman, form: CheckedForm
) -> Response:
    async def sign_it() -> None:
        # The number and date the office's register gave it (dd/mm/yyyy); a number left empty: the series' next.
        body = validated(campaigns_api.SigningRequest, {"number": form.get("number"), "signed_on": form.get("signed_on")})
        confirmed(form)  # the box restating what signing does (the API signs without it, as before)
        await campaigns_api.sign_decision(code, body, session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/decision/{code}", "sign", form, sign_it)


@router.post("/{code}/signed-pdf", response_class=HTMLResponse)
async def file_signed(
    code: str, request: Request, session: SessionDep, client: ClientDep, files: FileStoreDep, settings: SettingsDep,
    user: Filers, form: CheckedForm,
) -> Response:
    """The decision signed in the e-office, uploaded by the office: checked, then recorded as the signed decision."""

    async def file_it() -> None:
        body = validated(campaigns_api.SigningRequest, {"number": form.get("number"), "signed_on": form.get("signed_on")})
        confirmed(form)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise FormInvalid({"file": "Hãy chọn tệp PDF quyết định đã ký số."})
        content = await signed_decision.read_upload(upload, settings)
        await signed_decision.file_signed(
            code, content, body.number, body.signed_on, session, client, files, settings, user, request_id(form)
        )

    return await campaign_form(request, session, code, TEMPLATE, f"/decision/{code}", "signed_pdf", form, file_it)


@router.post("/{code}/recognise", response_class=HTMLResponse)
async def recognise(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Communications, form: CheckedForm
) -> Response:
    async def publicise() -> None:
        confirmed(form)
        await campaigns_api.recognise(code, session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/decision/{code}", "recognise", form, publicise)


@router.get("/dossiers/{dossier_id}", response_class=HTMLResponse)
def dossier(dossier_id: str, request: Request, session: SessionDep, user: Chairman) -> HTMLResponse:
    """An awardee's dossier, to read before signing: its nominees' checks, minutes, files and history."""
    return dossier_page(request, session, user, dossier_id, "decision")
