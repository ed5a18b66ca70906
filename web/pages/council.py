"""The council's pages: the secretary calls the council to the session, opens it, enters absent members'
written opinions and closes it; each member present casts a ballot. A tie at a hard quota's edge: each member
present re-votes on the tied candidates, and the chair decides what the re-votes leave tied."""

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from db import models
from schemas.council import (
    CampaignState, Revote, SessionCall, SessionClosing, SessionOpening, TieDecision, Votes, WrittenOpinion,
)
from schemas.dossier_actions import Role
from web.deps import ClientDep, SessionDep
from web.pages.campaign_view import campaign_form, campaign_page, emulation_campaigns
from web.pages.deps import CheckedForm, for_roles
from web.pages.dossier_view import dossier_page
from web.pages import missing_units
from web.pages.candidate_facts import install as install_facts
from web.pages.render import FormInvalid, confirmed, page, request_id, validated
from web.pages.council_view import install as install_view
from web.routes import campaigns as campaigns_api
from web.routes import council_ties as ties_api

router = APIRouter(prefix="/council", include_in_schema=False)

# The chairman chairs the council: he reads its page, and decides a tie the re-votes did not settle.
Council = Annotated[models.User, for_roles(Role.council_secretary, Role.council_member, Role.chairman)]
Chair = Annotated[models.User, for_roles(Role.chairman)]
Secretary = Annotated[models.User, for_roles(Role.council_secretary)]
Member = Annotated[models.User, for_roles(Role.council_member)]
TEMPLATE = "council.html"
install_view()
install_facts()
missing_units.install()
router.include_router(missing_units.router)  # the units not submitted, and an extension: /council/{code}/…
UNCHOSEN = "Chưa chọn «Đồng ý» hoặc «Không đồng ý»."


def _votes(form: FormData) -> dict[str, bool]:
    """A ballot's choices: the field "vote:<candidate ref>" is "for" or "against"; a candidate left out is
    left for the workflow to name."""
    return {
        name.removeprefix("vote:"): value == "for"
        for name, value in form.items()
        if name.startswith("vote:") and value in ("for", "against")
    }


def _complete(session: SessionDep, code: str, user: models.User, form: FormData, confirm: bool) -> dict[str, bool]:
    """A ballot's (or a written opinion's) choices, one for every candidate, refused beside each one left out,
    and the ballot's box ticked: nothing is sent otherwise. The workflow refuses an incomplete one too (API)."""
    votes = _votes(form)
    run = session.get(models.CampaignRun, campaigns_api.load(session, code, user).code)
    state = CampaignState.model_validate(run.state) if run else None
    candidates = state.session.candidates if state and state.session else []
    problems = {f"vote:{c.ref}": UNCHOSEN for c in candidates if c.ref not in votes}
    if confirm:
        try:
            confirmed(form)
        except FormInvalid as error:
            problems |= error.fields
    if problems:
        raise FormInvalid(problems)
    return votes


@router.get("", response_class=HTMLResponse)
def campaigns(request: Request, session: SessionDep, user: Council) -> HTMLResponse:
    return page(request, "campaigns.html", {"rows": emulation_campaigns(session, user), "link": "/council/"})


@router.get("/dossiers/{dossier_id}", response_class=HTMLResponse)
def dossier(dossier_id: str, request: Request, session: SessionDep, user: Council) -> HTMLResponse:
    """A candidate's dossier, to read before voting: its nominees' checks, minutes, files and history."""
    return dossier_page(request, session, user, dossier_id, "council")


@router.get("/{code}", response_class=HTMLResponse)
def council_session(code: str, request: Request, session: SessionDep, _user: Council) -> HTMLResponse:
    return campaign_page(request, session, code, TEMPLATE)


@router.post("/{code}/call", response_class=HTMLResponse)
async def call_session(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Secretary, form: CheckedForm
) -> Response:
    async def call() -> None:
        body = validated(SessionCall, {name: form.get(name) for name in ("session_date", "session_time", "location")})
        await campaigns_api.call_session(code, body, session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/council/{code}", "call_session", form, call)


@router.post("/{code}/session", response_class=HTMLResponse)
async def open_session(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Secretary, form: CheckedForm
) -> Response:
    async def open_it() -> None:
        fields = {"session_date": form.get("session_date"), "present": form.getlist("present")}
        body = validated(SessionOpening, fields | {"early_reason": str(form.get("early_reason") or "").strip()})
        await campaigns_api.open_session(code, body, session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/council/{code}", "open_session", form, open_it)


@router.post("/{code}/ballot", response_class=HTMLResponse)
async def cast_ballot(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Member, form: CheckedForm
) -> Response:
    async def cast() -> None:
        votes = _complete(session, code, user, form, confirm=True)
        await campaigns_api.cast_ballot(code, Votes(votes=votes), session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/council/{code}", "ballot", form, cast)


@router.post("/{code}/written-opinion", response_class=HTMLResponse)
async def record_written_opinion(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Secretary, form: CheckedForm
) -> Response:
    async def record() -> None:
        body = validated(WrittenOpinion, {"member_id": form.get("member_id"), "votes": _complete(session, code, user, form, False)})
        await campaigns_api.record_written_opinion(code, body, session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/council/{code}", "written_opinion", form, record)


@router.post("/{code}/close", response_class=HTMLResponse)
async def close_session(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Secretary, form: CheckedForm
) -> Response:
    async def close() -> None:
        reasons = {group: str(form.get(f"reason_{group}") or "").strip() for group in ("collective", "individual")}
        body = validated(SessionClosing, {"over_quota_reasons": {g: r for g, r in reasons.items() if r}})
        await campaigns_api.close_session(code, body, session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/council/{code}", "close_session", form, close)


@router.post("/{code}/revote", response_class=HTMLResponse)
async def cast_revote(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Member, form: CheckedForm
) -> Response:
    async def cast() -> None:
        choices = {name.removeprefix("tied:"): value == "for" for name, value in form.items() if name.startswith("tied:")}
        await ties_api.cast_revote(code, Revote(votes=choices), session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/council/{code}", "revote", form, cast)


@router.post("/{code}/tie-decision", response_class=HTMLResponse)
async def decide_tie(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Chair, form: CheckedForm
) -> Response:
    async def decide() -> None:
        body = validated(TieDecision, {"chosen": form.getlist("chosen"), "reason": form.get("reason") or ""})
        await ties_api.decide_tie(code, body, session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/council/{code}", "tie_decision", form, decide)
