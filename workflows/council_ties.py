"""The campaign workflow's steps on a tie at a hard quota's edge (workflows/tally.py, schemas/ranking.py): the
closing of the session that finds it opens a round, each member present re-votes on just the tied candidates,
and after the plan's rounds the council's chair decides; the closing after a round counts it.

A mixin of CampaignWorkflow (its state, `_record`, `_check`, `_candidate`, `_member`), kept apart for its size.
"""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from schemas.council import ACTIONS, CampaignEvent, CastRevote, CloseSession, DecideTie, TieRound
    from schemas.errors import user_error
    from workflows.tally import EdgeTie

GROUP_NAMES = {"collective": "tập thể", "individual": "cá nhân"}


class CouncilTies:
    async def _tie_round(self, request: CloseSession, tie: EdgeTie) -> CampaignEvent:
        """A new round on a tie at a hard quota's edge: a re-vote of the members present on just the tied
        candidates, or, after the plan's rounds, the decision of the council's chair (schemas/ranking.py)."""
        session = self.state.session
        earlier = [t for t in session.ties if t.group == tie.group]
        by_chair = sum(1 for t in earlier if not t.by_chair) >= session.ranking.revote_rounds
        session.ties.append(
            TieRound(number=len(earlier) + 1, group=tie.group, refs=tie.refs, places=tie.places, by_chair=by_chair)
        )
        names = ", ".join(self._candidate(ref).name for ref in tie.refs)
        detail = (
            f"Bằng nhau ở chỉ tiêu {GROUP_NAMES[tie.group]}: {names} ({len(tie.refs)}) cùng xếp hạng, còn "
            f"{tie.places:02d} suất; "
        )
        detail += "Chủ tịch Hội đồng quyết định." if by_chair else f"bỏ phiếu lại vòng {len(earlier) + 1} giữa những người này."
        return await self._record("tie_at_quota", request.actor, detail)

    def _check_tie_closed(self) -> None:
        """A round on a tie is counted only once every member present has voted in it, or the chair decided."""
        session = self.state.session
        tie = session.open_tie()
        if tie is None:
            return
        names = ", ".join(self._candidate(ref).name for ref in tie.refs)
        if tie.by_chair and tie.chosen is None:
            raise user_error("TIE_DECISION_MISSING", places=tie.places, names=names)
        missing = [m.name for m in session.members if m.user_id in session.present and m.user_id not in tie.ballots]
        if not tie.by_chair and missing:
            raise user_error("REVOTE_BALLOTS_MISSING", round=tie.number, names=", ".join(missing))

    @workflow.update
    async def cast_revote(self, request: CastRevote) -> CampaignEvent:
        tie = self.state.session.open_tie()
        tie.ballots[request.actor.user_id] = request.votes
        return await self._record("cast_revote", request.actor, f"{request.actor.name} đã bỏ phiếu lại (vòng {tie.number})")

    @cast_revote.validator
    def check_cast_revote(self, request: CastRevote) -> None:
        self._check("cast_revote", request.actor)
        session = self.state.session
        tie = session.open_tie()
        if tie is None or tie.by_chair:
            raise user_error("NO_REVOTE")
        member = self._member(request.actor.user_id, request.actor.name)
        if member.user_id not in session.present:
            raise user_error("MEMBER_ABSENT", name=member.name)
        self._check_tied(tie, request.votes)
        missing = [self._candidate(ref).name for ref in tie.refs if ref not in request.votes]
        if missing:
            raise user_error("BALLOT_INCOMPLETE", names=", ".join(missing))
        chosen = sum(1 for ref in tie.refs if request.votes[ref])
        if chosen > tie.places:
            raise user_error("REVOTE_TOO_MANY", places=tie.places, chosen=chosen)

    @workflow.update
    async def decide_tie(self, request: DecideTie) -> CampaignEvent:
        tie = self.state.session.open_tie()
        tie.chosen = list(request.chosen)
        tie.decided_by = request.actor.name
        tie.reason = request.reason.strip()
        names = ", ".join(self._candidate(ref).name for ref in request.chosen)
        return await self._record("decide_tie", request.actor, f"Chọn {names}. Lý do: {tie.reason}")

    @decide_tie.validator
    def check_decide_tie(self, request: DecideTie) -> None:
        self._check("decide_tie", request.actor)
        tie = self.state.session.open_tie()
        if tie is None or not tie.by_chair:
            raise user_error("NO_TIE_DECISION")
        if not request.reason.strip():
            raise user_error("REASON_REQUIRED", action=ACTIONS["decide_tie"].name)
        self._check_tied(tie, dict.fromkeys(request.chosen, True))
        if len(set(request.chosen)) != tie.places or len(request.chosen) != tie.places:
            names = ", ".join(self._candidate(ref).name for ref in tie.refs)
            raise user_error("TIE_CHOICE_COUNT", places=tie.places, names=names, chosen=len(set(request.chosen)))

    def _check_tied(self, tie: TieRound, votes: dict[str, bool]) -> None:
        for ref in votes:
            candidate = self._candidate(ref)  # UNKNOWN_CANDIDATE for a ref not before the council
            if ref not in tie.refs:
                names = ", ".join(self._candidate(r).name for r in tie.refs)
                raise user_error("REVOTE_NOT_TIED", name=candidate.name, names=names)
