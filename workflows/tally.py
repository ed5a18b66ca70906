"""The council's count: votes per candidate, the threshold, and the ranking against the quota.

Pure and deterministic: the campaign workflow runs it in the validator (to refuse a soft quota exceeded
without a reason, a re-vote not complete) and again in the handler; the council's page shows it.
"""

from dataclasses import dataclass, field

from schemas.campaign import EmulationPlan, Quota
from schemas.council import CandidateResult, Session, TieRound
from schemas.ranking import LAW_ORDER, RANK_KEY_NAMES, Ranking, RankKey


@dataclass
class QuotaLimit:
    """A group's quota as a number for this session: its `max`, or its share of a count rounded down."""

    group: str
    number: int
    kind: str
    text: str  # "02 cá nhân (20% của 12 cá nhân được đề nghị, làm tròn xuống)"
    why: str = ""  # " (20% của 12 cá nhân được đề nghị, làm tròn xuống)" for a share, "" for a number


@dataclass
class EdgeTie:
    """Candidates the ranking cannot separate, some inside a hard quota and some outside it."""

    group: str
    refs: list[str]  # in their order of appraisal
    places: int  # how many of them the quota still takes


@dataclass
class Tally:
    limits: dict[str, QuotaLimit] = field(default_factory=dict)
    unexplained: list[str] = field(default_factory=list)  # groups over a soft quota without a reason
    ties: list[EdgeTie] = field(default_factory=list)  # ties at a hard quota's edge still to settle


def count_votes(settings: EmulationPlan, session: Session) -> list[CandidateResult]:
    """Each candidate's votes: present members' ballots plus absent members' written opinions."""
    rule = settings.council
    members = len(session.members)
    opinions = list(session.ballots.values()) + list(session.written_opinions.values())
    results = []
    for candidate in session.candidates:
        votes_for = sum(1 for votes in opinions if votes.get(candidate.ref))
        passed = rule.approves(votes_for, len(opinions), members)
        basis = len(opinions) if rule.denominator == "voting" else members
        share = f"{votes_for}/{basis} phiếu đồng ý"
        reason = f"{share}, đạt ngưỡng." if passed else f"{share}, không đạt ngưỡng {_threshold(settings)}."
        results.append(
            CandidateResult(
                candidate=candidate,
                votes_for=votes_for,
                voting=len(opinions),
                members=members,
                passed_threshold=passed,
                awarded=passed,
                reason=reason,
            )
        )
    return results


def apply_quotas(
    settings: EmulationPlan, results: list[CandidateResult], reasons: dict[str, str], women_first: bool = False
) -> list[str]:
    """The ranking of sessions opened before the plan's chain (Session.ranking None): votes, women first where
    `women_first` (NĐ 152/2025 Điều 4), then the appraisal order; a hard quota cuts after its number, equal
    votes or not. Returns the groups whose soft quota is exceeded without a reason."""
    order: list[RankKey] = ["votes", "women", "appraisal_order"] if women_first else ["votes", "appraisal_order"]
    return _rank(settings, results, reasons, order, Ranking(), [], {}, revote=False).unexplained


def tally(settings: EmulationPlan, session: Session, results: list[CandidateResult], reasons: dict[str, str]) -> Tally:
    """Rank each group's candidates that passed and hold them to the award form's quota, as the session's
    rules say: the plan's chain for sessions opened with it (schemas/ranking.py), with its ties at a hard
    quota's edge left to the council; the older rules otherwise (`apply_quotas`)."""
    if session.ranking is None:
        order: list[RankKey] = ["votes", "women", "appraisal_order"] if session.women_first else ["votes", "appraisal_order"]
        return _rank(settings, results, reasons, order, Ranking(), [], session.participants, revote=False)
    return _rank(
        settings, results, reasons, session.ranking.order, session.ranking, session.ties, session.participants,
        revote=True,
    )


def quota_limit(quota: Quota, group: str, proposed: int, participants: int | None) -> QuotaLimit:
    """The quota's number: `max`, or `share` percent of those proposed or of the participants rounded down
    ("không quá 20%": a rounded-up number would exceed the share), the smaller of the two if both are set."""
    name = _group_name(group)
    numbers = []
    texts = []
    if quota.share is not None:
        basis = proposed if quota.share_of == "proposed" else (participants or 0)
        of = "được đề nghị" if quota.share_of == "proposed" else "tham gia phong trào"
        number = quota.share_number(basis)
        numbers.append(number)
        texts.append(f"{share_text(quota.share)} của {basis} {name} {of}, làm tròn xuống")
    if quota.max is not None:
        numbers.append(quota.max)
        if quota.share is not None:
            texts.append(f"không quá {quota.max:02d}")
    number = min(numbers)
    why = f" ({'; '.join(texts)})" if texts else ""
    return QuotaLimit(group=group, number=number, kind=quota.kind, text=f"{number:02d} {name}{why}", why=why)


def _rank(
    settings: EmulationPlan,
    results: list[CandidateResult],
    reasons: dict[str, str],
    order: list[RankKey],
    ranking: Ranking,
    ties: list[TieRound],
    participants: dict[str, int],
    revote: bool,
) -> Tally:
    form = settings.award_forms[0]
    outcome = Tally()
    position = {r.candidate.ref: i for i, r in enumerate(results)}  # the candidates come in appraisal order
    for group in ("collective", "individual"):
        rounds = [t for t in ties if t.group == group]

        def key(result: CandidateResult) -> tuple:
            return _key(result, order, ranking, rounds)

        ranked = sorted(
            (r for r in results if r.passed_threshold and r.candidate.group == group),
            key=lambda r: (key(r), position[r.candidate.ref]),
        )
        for rank, result in enumerate(ranked, start=1):
            result.rank = rank
        for result in ranked:
            _note_rounds(result, rounds)
        quota = form.quota(group)
        if quota is None:
            continue
        proposed = sum(1 for r in results if r.candidate.group == group)
        limit = quota_limit(quota, group, proposed, participants.get(group))
        outcome.limits[group] = limit
        if len(ranked) <= limit.number:
            continue
        if quota.kind == "soft":
            if reasons.get(group, "").strip():
                for result in ranked[limit.number :]:
                    result.reason += f" Vượt chỉ tiêu {limit.number:02d}{limit.why}, giữ lại với lý do: {reasons[group].strip()}"
            else:
                outcome.unexplained.append(group)
            continue
        if revote and limit.number > 0 and key(ranked[limit.number - 1]) == key(ranked[limit.number]):
            edge = key(ranked[limit.number])
            tied = [r for r in ranked if key(r) == edge]
            ahead = sum(1 for r in ranked if key(r) < edge)
            refs = sorted((r.candidate.ref for r in tied), key=position.__getitem__)
            outcome.ties.append(EdgeTie(group=group, refs=refs, places=limit.number - ahead))
        for result in ranked[limit.number :]:
            result.awarded = False
            result.reason += f" Xếp thứ {result.rank}, ngoài chỉ tiêu tối đa {limit.text}."
    return outcome


def share_text(share: str) -> str:
    """ "20/100" as "20%", "1/3" as it is."""
    numerator, denominator = share.split("/")
    return f"{numerator}%" if denominator == "100" else share


def _key(result: CandidateResult, order: list[RankKey], ranking: Ranking, rounds: list[TieRound]) -> tuple:
    """The candidate's place by every key of the chain but the appraisal order, then by the council's re-votes
    and the chair's decision on its ties; smaller first."""
    candidate = result.candidate
    parts = []
    for name in order:
        if name == "votes":
            parts.append(-result.votes_for)
        elif name == "women":
            parts.append(0 if candidate.woman else 1)
        elif name == "direct_work":
            parts.append(0 if candidate.group == "individual" and candidate.direct else 1)
        elif name == "small_collective":
            small = candidate.group == "collective" and candidate.people is not None
            parts.append(0 if small and candidate.people <= (ranking.small_collective_max or 0) else 1)
    for tie in rounds:  # every candidate still equal on the keys above is in the round, or none is
        if candidate.ref not in tie.refs:
            parts.append(0)
        elif tie.by_chair:
            parts.append(0 if candidate.ref in (tie.chosen or []) else 1)
        else:
            parts.append(-revotes(tie, candidate.ref))
    return tuple(parts)


def revotes(tie: TieRound, ref: str) -> int:
    return sum(1 for votes in tie.ballots.values() if votes.get(ref))


def _note_rounds(result: CandidateResult, rounds: list[TieRound]) -> None:
    for tie in rounds:
        if result.candidate.ref not in tie.refs:
            continue
        if tie.by_chair:
            chosen = result.candidate.ref in (tie.chosen or [])
            result.reason += f" Chủ tịch Hội đồng quyết định: {'chọn' if chosen else 'không chọn'} ({tie.reason or ''})."
        else:
            result.reason += f" Bỏ phiếu lại vòng {tie.number}: {revotes(tie, result.candidate.ref)}/{len(tie.ballots)} phiếu."


def chain_text(order: list[RankKey] | None) -> str:
    """The chain as the council's page says it: "số phiếu đồng ý, rồi ưu tiên nữ…, rồi thứ tự thẩm định"."""
    return ", rồi ".join(RANK_KEY_NAMES[key] for key in (order or LAW_ORDER))


def _threshold(settings: EmulationPlan) -> str:
    rule = settings.council
    comparison = "từ" if rule.threshold_inclusive else "trên"
    basis = "số thành viên biểu quyết" if rule.denominator == "voting" else "tổng số thành viên Hội đồng"
    return f"{comparison} {rule.threshold} {basis}"


def _group_name(group: str) -> str:
    return "tập thể" if group == "collective" else "cá nhân"
