"""The council's count: votes per candidate, the threshold, and the ranking against the quota.

Pure and deterministic: the campaign workflow runs it in the validator (to refuse a soft quota exceeded
without a reason) and again in the handler.
"""

from schemas.campaign import EmulationPlan
from schemas.council import CandidateResult, Session


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
    """Rank each group's candidates that passed and hold them to the award form's quota.

    A hard quota cuts after its number; a soft one keeps everyone only where `reasons` gives a reason for
    the group. Returns the groups whose soft quota is exceeded without a reason (nothing is cut for them).
    Equal votes: women first where `women_first` (NĐ 152/2025 Điều 4; the session says, Session.women_first),
    then the order of the candidates, which is the order in which their dossiers were appraised
    (db.queries.council_candidates).
    """
    form = settings.award_forms[0]
    unexplained = []
    for group in ("collective", "individual"):
        ranked = sorted(
            (r for r in results if r.passed_threshold and r.candidate.group == group),
            key=lambda r: _rank_key(r, women_first),  # sorted() is stable: true ties keep their order
        )
        for rank, result in enumerate(ranked, start=1):
            result.rank = rank
        quota = form.quota(group)
        if quota is None or len(ranked) <= quota.max:
            continue
        if quota.kind == "soft":
            if reasons.get(group, "").strip():
                for result in ranked[quota.max :]:
                    result.reason += f" Vượt chỉ tiêu {quota.max:02d}, giữ lại với lý do: {reasons[group].strip()}"
            else:
                unexplained.append(group)
            continue
        for result in ranked[quota.max :]:
            result.awarded = False
            result.reason += f" Xếp thứ {result.rank}, ngoài chỉ tiêu tối đa {quota.max:02d} {_group_name(group)}."
    return unexplained


def _rank_key(result: CandidateResult, women_first: bool) -> tuple[int, int]:
    """More votes first; among equal votes, a woman before the others if the rule applies."""
    return (-result.votes_for, 0 if women_first and result.candidate.woman else 1)


def _threshold(settings: EmulationPlan) -> str:
    rule = settings.council
    comparison = "từ" if rule.threshold_inclusive else "trên"
    basis = "số thành viên biểu quyết" if rule.denominator == "voting" else "tổng số thành viên Hội đồng"
    return f"{comparison} {rule.threshold} {basis}"


def _group_name(group: str) -> str:
    return "tập thể" if group == "collective" else "cá nhân"
