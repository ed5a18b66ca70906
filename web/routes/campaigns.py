"""Campaigns: load a plan's settings file, read a campaign, and the campaign-wide steps.

Deadlines, the council session, the decision and the recognition are Updates of the campaign workflow.
"""

import uuid
from collections.abc import Collection
from datetime import datetime
from typing import Annotated, Any, Callable

from fastapi import APIRouter, File, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlmodel import Session, select
from temporalio.client import Client

from common.bounds import Id, SoonDay
from common.text import VN_TZ, InputModel, vn_date
from db import models, queries
from db.numbers import MAX_NUMBER
from db.campaigns import CampaignExists, add_campaigns
from db.expected_units import waiting_units
from db.issuers import issuers_for_files, own_issuer
from schemas.campaign import EmulationPlan
from schemas.campaign_file import CampaignFileError, read_campaign_file
from schemas.council import (
    BALLOT_PAGE,
    BEFORE_SESSION,
    MAX_BALLOT_PAGES,
    PHASE_NAMES,
    CallSession,
    CampaignState,
    CastBallot,
    CastBallotPage,
    CloseSession,
    CouncilMember,
    GrantExtension,
    HigherAnswer,
    OpenSession,
    Phase,
    RecordHigherAnswer,
    RecordWrittenOpinion,
    RecordWrittenOpinionPage,
    SessionCall,
    SessionClosing,
    SessionOpening,
    SignDecision,
    Votes,
    VotesPage,
    WaitingUnit,
    WrittenOpinion,
    wrong_phase,
)
from schemas.dossier import Act
from schemas.dossier_actions import ROLE_NAMES, Role
from web.campaign_workflows import campaign_started, campaign_workflow_id, start_campaign_workflows
from web.deps import ClientDep, CurrentUser, SessionDep, SettingsDep, actor_of
from web.errors import ServiceError
from web.routes.documents import COMMITTEE, allow
from web.scope import campaign_of_user, unit_of_issuer, visible_campaigns
from web.routes.decision_numbers import refuse_if_taken
from web.routes.dossiers import RequestId
from web.updates import send_action
from workflows.campaign import CampaignWorkflow

router = APIRouter(prefix="/api/campaigns", tags=["campaigns"])


class CampaignDetail(models.CampaignPublic):
    phase: str | None  # None for a reform plan, which has no workflow
    phase_name: str | None
    run: CampaignState | None
    history: list[models.CampaignHistoryPublic]


class UnitRef(BaseModel):
    id: int
    name: str


class ExtensionRequest(InputModel):
    multiline = frozenset({"reason"})

    unit_id: Id
    until: SoonDay
    reason: str


class SigningRequest(InputModel):
    signed_on: SoonDay | None = None
    # The number the office's register gave the decision; none: the next of the service's series.
    number: int | None = Field(None, ge=1, le=MAX_NUMBER)


def load(session: Session, code: str, user: models.User) -> models.Campaign:
    """The campaign, if of the user's issuer: another issuer's is not found, as an unknown code."""
    return campaign_of_user(session, user, code)


def detail(session: Session, campaign: models.Campaign, viewer_id: int, viewer_roles: Collection[str]) -> CampaignDetail:
    """The campaign as `viewer` may read it: each member's ballot only to the secretary and to that member."""
    run = session.get(models.CampaignRun, campaign.code)
    if run is not None:
        session.refresh(run)
    history = session.exec(
        select(models.CampaignHistory)
        .where(models.CampaignHistory.campaign_code == campaign.code)
        .order_by(models.CampaignHistory.seq)
    ).all()
    return CampaignDetail(
        **models.CampaignPublic.model_validate(campaign).model_dump(),
        phase=run and run.phase,
        phase_name=run and PHASE_NAMES[Phase(run.phase)],
        run=run and secret_ballots(CampaignState.model_validate(run.state), viewer_id, viewer_roles),
        history=[models.CampaignHistoryPublic.model_validate(h) for h in history],
    )


def secret_ballots(state: CampaignState, viewer_id: int, viewer_roles: Collection[str]) -> CampaignState:
    """Who has voted stays known; how each member voted is the secretary's (who counts) and the member's own.

    The tallies are in the results, once the session is closed.
    """
    if state.session is None or Role.council_secretary in viewer_roles:
        return state
    # A re-vote on a tie at a quota's edge is as secret as the ballots (workflows/tally.py).
    for votes_of in (state.session.ballots, state.session.written_opinions, *(t.ballots for t in state.session.ties)):
        for member_id in votes_of:
            if member_id != viewer_id:
                votes_of[member_id] = {}
    return state


@router.get("", response_model=list[models.CampaignPublic])
def list_campaigns(session: SessionDep, user: CurrentUser) -> list[models.Campaign]:
    """The campaigns of the user's issuer."""
    return visible_campaigns(session, user)


KIND_NAMES = {"emulation": "đợt thi đua", "reform_plan": "kế hoạch cải cách hành chính"}


def file_refused(code: str, source: str, problems: list[tuple[str, str]]) -> ServiceError:
    """A refused settings file: each problem at its field path, in Vietnamese."""
    text = "; ".join(f"{path or '(tệp)'}: {reason}" for path, reason in problems)
    fields = [{"field": path, "problem": reason} for path, reason in problems]
    return ServiceError(code, source=source, problems=text, fields=fields)


@router.post("", response_model=list[models.CampaignPublic], status_code=201)
async def load_campaign_file(
    session: SessionDep, client: ClientDep, settings: SettingsDep, user: CurrentUser,
    file: Annotated[UploadFile, File(description="A campaign settings file (YAML), as in campaigns/")],
) -> list[models.Campaign]:
    """Load a plan: every field is checked first, and a file with any problem loads nothing.

    A code already loaded is refused (409 CAMPAIGN_EXISTS): a changed plan is loaded under a new code.
    """
    if not user.holds(Role.admin):
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action="Nạp kế hoạch thi đua")
    source = file.filename or "kế hoạch"
    limit = settings.campaign_file_max_bytes
    content = await file.read(limit + 1)  # a larger file is refused without being read whole
    try:
        # An admin loads plans of their own issuer only: another's code reads as unknown.
        issuers = {code: record for code, record in issuers_for_files(session).items() if code == own_issuer(session, user)}
        plan = await run_in_threadpool(read_campaign_file, content, source, limit, issuers)
    except CampaignFileError as error:
        raise file_refused("CAMPAIGN_FILE_INVALID", source, error.problems) from None
    periods = plan.periods() if isinstance(plan, EmulationPlan) else [plan]
    try:
        loaded = add_campaigns(session, periods)
    except CampaignExists as error:
        kind = KIND_NAMES[error.campaign.kind]
        problem = (
            f"Đã có {kind} mã «{error.campaign.code}», nạp ngày {vn_date(error.campaign.loaded_at)}; kế hoạch "
            "đã nạp không được nạp đè. Nếu kế hoạch thay đổi, hãy nạp dưới một mã mới."
        )
        raise file_refused("CAMPAIGN_EXISTS", source, [(f"{plan.kind}.code", problem)]) from None
    for period in periods:
        await start_campaign_workflows(client, period, settings.temporal_task_queue)
        if isinstance(period, EmulationPlan):
            await campaign_started(client, period.code)
    return loaded


@router.get("/{code}", response_model=CampaignDetail)
def read_campaign(code: str, session: SessionDep, user: CurrentUser) -> CampaignDetail:
    return detail(session, load(session, code, user), user.id, user.roles)


@router.get("/{code}/missing-units", response_model=list[UnitRef])
def missing_units(code: str, session: SessionDep, user: CurrentUser) -> list[UnitRef]:
    """The campaign's issuer's active units, of the kinds it considers, that have not submitted a dossier."""
    plan = EmulationPlan.model_validate(load(session, code, user).settings)
    kinds = [k.code for k in plan.subject_kinds if k.group == "collective"]
    return [UnitRef(id=u.id, name=u.name) for u in queries.units_not_submitted(session, code, kinds)]


async def act(
    session: Session, client: Client, code: str, user: models.User, update: Callable, arg: Any,
    request_id: str | None,
) -> CampaignDetail:
    campaign = load(session, code, user)
    if not await send_action(session, client, campaign_workflow_id(code), update, arg, request_id):
        # The campaign's workflow has ended: it was recognised, and no step remains.
        raise ServiceError("CAMPAIGN_WRONG_PHASE", **wrong_phase(update.__name__, Phase.recognised))
    # Read again: the step may have changed the campaign's row (its deadline, a new version of its settings).
    return detail(session, load(session, code, user), arg.actor.user_id, [arg.actor.role])


@router.post("/{code}/extensions", response_model=CampaignDetail)
async def grant_extension(
    code: str, body: ExtensionRequest, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> CampaignDetail:
    unit = unit_of_issuer(session, load(session, code, user).issuer_id, body.unit_id)
    message = GrantExtension(actor=actor_of(user, "grant_extension"), unit_name=unit.name, **body.model_dump())
    return await act(session, client, code, user, CampaignWorkflow.grant_extension, message, request_id)


# An event's date, and the settings' versions: web/routes/campaign_settings.py.


@router.post("/{code}/session/call", response_model=CampaignDetail)
async def call_session(
    code: str, body: SessionCall, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> CampaignDetail:
    """Call the council: each member is mailed the day, the place and the list, and reminded before it."""
    message = CallSession(actor=actor_of(user, "call_session"), **body.model_dump())
    return await act(session, client, code, user, CampaignWorkflow.call_session, message, request_id)


@router.post("/{code}/session", response_model=CampaignDetail)
async def open_session(
    code: str, body: SessionOpening, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> CampaignDetail:
    """Open the council session over every nominee that passed appraisal in an appraised dossier.

    Before the submission deadline, or the extension of a unit that has not submitted, has passed, it is refused
    (409 SESSION_BEFORE_DEADLINE) while an expected unit has not submitted, unless `early_reason` says why;
    the reason is kept with the session and in the campaign's history.

    The campaign workflow reads the candidates itself. The read here only spares it a step that must fail;
    once the session is open, a retry goes on to the workflow, which answers it as the first time.
    """
    campaign = load(session, code, user)
    run = session.get(models.CampaignRun, campaign.code)
    if run and Phase(run.phase) in BEFORE_SESSION and not queries.council_candidates(session, code):
        raise ServiceError("NO_CANDIDATES")
    members = [CouncilMember(user_id=m.id, name=m.full_name) for m in queries.council_members(session, campaign.issuer_id)]
    # For an award quota that is a share of those taking part (schemas/campaign.py Quota.share_of).
    participants = queries.participants(session, code, EmulationPlan.model_validate(campaign.settings))
    # The expected units that have not submitted: before the deadlines pass, opening needs a reason then
    # (SESSION_BEFORE_DEADLINE, workflows/council_opening.py), which is recorded.
    waiting = [WaitingUnit(unit_id=u.id, name=u.name) for u in waiting_units(session, campaign)]
    message = OpenSession(
        actor=actor_of(user, "open_session"), members=members, participants=participants, waiting_units=waiting,
        **body.model_dump(),
    )
    return await act(session, client, code, user, CampaignWorkflow.open_session, message, request_id)


@router.post("/{code}/session/ballot", response_model=CampaignDetail)
async def cast_ballot(
    code: str, body: Votes, session: SessionDep, client: ClientDep, user: CurrentUser, request_id: RequestId = None
) -> CampaignDetail:
    actor = actor_of(user, "cast_ballot")
    if len(body.votes) <= BALLOT_PAGE:
        return await act(session, client, code, user, CampaignWorkflow.cast_ballot, CastBallot(actor=actor, votes=body.votes), request_id)
    pages = [CastBallotPage(actor=actor, votes=votes, page=n, pages=count) for n, votes, count in in_pages(body.votes)]
    return await act_in_pages(session, client, code, user, CampaignWorkflow.cast_ballot_page, pages, request_id)


@router.post("/{code}/session/written-opinions", response_model=CampaignDetail)
async def record_written_opinion(
    code: str, body: WrittenOpinion, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> CampaignDetail:
    actor = actor_of(user, "record_written_opinion")
    if len(body.votes) <= BALLOT_PAGE:
        message = RecordWrittenOpinion(actor=actor, **body.model_dump())
        return await act(session, client, code, user, CampaignWorkflow.record_written_opinion, message, request_id)
    pages = [RecordWrittenOpinionPage(actor=actor, member_id=body.member_id, votes=votes, page=n, pages=count)
             for n, votes, count in in_pages(body.votes)]
    return await act_in_pages(session, client, code, user, CampaignWorkflow.record_written_opinion_page, pages, request_id)


def in_pages(votes: dict[str, bool]) -> list[tuple[int, dict[str, bool], int]]:
    """Votes too many for one Update, as pages of BALLOT_PAGE (workflows/ballot_pages.py): (page, votes, pages)."""
    items = list(votes.items())
    pages = [dict(items[start:start + BALLOT_PAGE]) for start in range(0, len(items), BALLOT_PAGE)]
    if len(pages) > MAX_BALLOT_PAGES:
        raise ServiceError("INVALID_INPUT", problems=f"phiếu có {len(items)} lượt biểu quyết, quá số người được trình.")
    return [(n, page, len(pages)) for n, page in enumerate(pages)]


async def act_in_pages(
    session: Session, client: Client, code: str, user: models.User, update: Callable, pages: list[VotesPage],
    request_id: str | None,
) -> CampaignDetail:
    """Send the pages in turn, each with an id of its own from the request's: a retry attaches to the pages
    already taken and sends the rest. The campaign's state after the last."""
    request_id = request_id or uuid.uuid4().hex
    load(session, code, user)  # of the user's issuer, or not found
    for page in pages[:-1]:
        await send_action(session, client, campaign_workflow_id(code), update, page, f"{request_id}-{page.page}")
    return await act(session, client, code, user, update, pages[-1], f"{request_id}-{pages[-1].page}")


@router.post("/{code}/session/close", response_model=CampaignDetail)
async def close_session(
    code: str, body: SessionClosing, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> CampaignDetail:
    message = CloseSession(actor=actor_of(user, "close_session"), **body.model_dump())
    return await act(session, client, code, user, CampaignWorkflow.close_session, message, request_id)


@router.post("/{code}/decision/sign", response_model=CampaignDetail)
async def sign_decision(
    code: str, body: SigningRequest, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> CampaignDetail:
    if body.number is not None:
        year = (body.signed_on or datetime.now(VN_TZ).date()).year
        refuse_if_taken(session, EmulationPlan.model_validate(load(session, code, user).settings), year, body.number)
    message = SignDecision(actor=actor_of(user, "sign_decision"), signed_on=body.signed_on, number=body.number)
    return await act(session, client, code, user, CampaignWorkflow.sign_decision, message, request_id)


@router.post("/{code}/recognise", response_model=CampaignDetail)
async def recognise(
    code: str, session: SessionDep, client: ClientDep, user: CurrentUser, request_id: RequestId = None
) -> CampaignDetail:
    return await act(session, client, code, user, CampaignWorkflow.recognise, Act(actor=actor_of(user, "recognise")), request_id)


@router.post("/{code}/higher-award-answer", response_model=CampaignDetail)
async def record_higher_answer(
    code: str, body: HigherAnswer, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> CampaignDetail:
    message = RecordHigherAnswer(actor=actor_of(user, "record_higher_answer"), **body.model_dump())
    return await act(session, client, code, user, CampaignWorkflow.record_higher_answer, message, request_id)


class HigherProposalEntry(BaseModel):
    ref: str
    name: str
    group: str
    position: str | None
    unit_name: str
    votes_for: int
    voting: int
    dossier_id: str
    documents: list[models.DocumentPublic]
    accepted: bool | None  # None until the higher level answers


class HigherProposal(BaseModel):
    award: str
    decided_by: str
    entries: list[HigherProposalEntry]
    answer: HigherAnswer | None


@router.get("/{code}/higher-award-proposal", response_model=HigherProposal)
def higher_award_proposal(code: str, session: SessionDep, user: CurrentUser) -> HigherProposal:
    """The list the commune sends up, with the dossier behind each name (An Hải: the city's Bằng khen): for the
    commune's side of the process, as the tờ trình that goes with it (no unit head, no one outside)."""
    campaign = load(session, code, user)
    allow(user, COMMITTEE, "Xem danh sách đề nghị cấp trên khen thưởng")
    plan = EmulationPlan.model_validate(campaign.settings)
    run = session.get(models.CampaignRun, code)
    state = CampaignState.model_validate(run.state) if run else None
    if plan.higher_award is None or state is None or not state.higher_proposal:
        raise ServiceError("NO_HIGHER_AWARD")
    results = {r.candidate.ref: r for r in state.results}
    entries = []
    for ref in state.higher_proposal:
        result = results[ref]
        candidate = result.candidate
        documents = session.exec(
            select(models.Document).where(
                models.Document.dossier_id == candidate.dossier_id,
                (models.Document.nominee_key == candidate.nominee_key) | (models.Document.nominee_key == None),  # noqa: E711
                models.Document.removed_at == None,  # noqa: E711 -- a file the unit removed or replaced is not sent up
            )
        ).all()
        entries.append(
            HigherProposalEntry(
                ref=ref, name=candidate.name, group=candidate.group, position=candidate.position,
                unit_name=candidate.unit_name, votes_for=result.votes_for, voting=result.voting,
                dossier_id=candidate.dossier_id,
                documents=[models.DocumentPublic.model_validate(d) for d in documents],
                accepted=None if state.higher_answer is None else ref in state.higher_answer.accepted,
            )
        )
    return HigherProposal(
        award=plan.higher_award.name, decided_by=plan.higher_award.decided_by, entries=entries,
        answer=state.higher_answer,
    )
