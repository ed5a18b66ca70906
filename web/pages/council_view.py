"""What the council's page shows of the ranking: the chain the plan sets, each group's quota as a number for
this session (a share computed on those proposed or taking part, rounded down), and a tie at a hard quota's
edge waiting for a re-vote or the chair. A template global, so that the shared campaign page need not know."""

from dataclasses import dataclass, field

from fastapi import Request
from sqlmodel import Session, select

from db import models, queries
from schemas.campaign import EmulationPlan
from schemas.council import CampaignState, TieRound
from web.templating import templates
from workflows.tally import chain_text, count_votes, quota_limit, revotes, tally

GROUP_NAMES = {"collective": "tập thể", "individual": "cá nhân"}


@dataclass
class TieView:
    round: TieRound
    names: dict[str, str]  # ref → "name — unit"
    counts: dict[str, int] = field(default_factory=dict)  # ref → choices so far (the secretary's view only)
    waiting: list[str] = field(default_factory=list)  # present members who have not re-voted


@dataclass
class CouncilView:
    chain: str
    quotas: list[str]  # "Tập thể: tối đa 01 tập thể (cứng)"
    tie: TieView | None
    past: list[TieView]


def council_view(request: Request, code: str, run: CampaignState | None) -> CouncilView | None:
    """The ranking's facts for the campaign's council page, read with the page's own database session."""
    if run is None:
        return None
    with Session(request.app.state.engine) as session:
        campaign = session.get(models.Campaign, session_campaign_id(session, code))
        plan = EmulationPlan.model_validate(campaign.settings)
        s = run.session
        if s is None:
            candidates, participants = queries.council_candidates(session, code), queries.participants(session, code, plan)
        else:
            candidates, participants = s.candidates, s.participants
    ranking = s.ranking if s is not None and s.ranking is not None else plan.council.ranking
    quotas = []
    form = plan.award_forms[0]
    limits = {}
    if s is not None:
        limits = tally(plan, s, count_votes(plan, s), {}).limits
    for group in ("collective", "individual"):
        quota = form.quota(group)
        if quota is None:
            continue
        limit = limits.get(group) or quota_limit(
            quota, group, sum(1 for c in candidates if c.group == group), participants.get(group)
        )
        kind = "không vượt quá" if quota.kind == "hard" else "vượt chỉ tiêu phải ghi lý do"
        quotas.append(f"{GROUP_NAMES[group].capitalize()}: tối đa {limit.text} ({kind})")
    names = {c.ref: f"{c.name} — {c.unit_name}" for c in candidates}
    views = []
    if s is not None:
        for tie in s.ties:
            view = TieView(round=tie, names={ref: names.get(ref, ref) for ref in tie.refs})
            view.counts = {ref: revotes(tie, ref) for ref in tie.refs}
            view.waiting = [m.name for m in s.members if m.user_id in s.present and m.user_id not in tie.ballots]
            views.append(view)
    tie = views[-1] if views and s is not None and s.open_tie() else None
    past = [v for v in views if v is not tie]
    return CouncilView(chain=chain_text(ranking.order), quotas=quotas, tie=tie, past=past)


def session_campaign_id(session: Session, code: str) -> int:
    return session.exec(select(models.Campaign.id).where(models.Campaign.code == code)).one()


def install() -> None:
    templates.env.globals["council_view"] = council_view
