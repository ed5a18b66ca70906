"""A tie at a hard quota's edge, before the council: each member present re-votes on just the tied candidates,
and, when the re-votes do not settle it, the council's chair decides (workflows/tally.py, schemas/ranking.py).
The closing of the session that finds the tie opens the round; the closing after it counts the round."""

from fastapi import APIRouter

from schemas.council import CastRevote, DecideTie, Revote, TieDecision
from web.deps import ClientDep, CurrentUser, SessionDep, actor_of
from web.routes.campaigns import CampaignDetail, act
from web.routes.dossiers import RequestId
from workflows.campaign import CampaignWorkflow

router = APIRouter(prefix="/api/campaigns", tags=["campaigns"])


@router.post("/{code}/session/revote", response_model=CampaignDetail)
async def cast_revote(
    code: str, body: Revote, session: SessionDep, client: ClientDep, user: CurrentUser, request_id: RequestId = None
) -> CampaignDetail:
    """A present member's re-vote: the tied candidates chosen, at most as many as there are places."""
    message = CastRevote(actor=actor_of(user, "cast_revote"), votes=body.votes)
    return await act(session, client, code, user, CampaignWorkflow.cast_revote, message, request_id)


@router.post("/{code}/session/tie-decision", response_model=CampaignDetail)
async def decide_tie(
    code: str, body: TieDecision, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> CampaignDetail:
    """The chair's decision on a tie the re-votes left: exactly as many as there are places, with the reason."""
    message = DecideTie(actor=actor_of(user, "decide_tie"), **body.model_dump())
    return await act(session, client, code, user, CampaignWorkflow.decide_tie, message, request_id)
