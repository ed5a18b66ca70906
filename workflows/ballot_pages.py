"""A council member's ballot: its checks, and the ballot sent in pages when it has more votes than one Update
should carry (BALLOT_PAGE): every page an Update, the pages before the last held by the workflow only (rebuilt
from the history on a replay, never saved), the last one casting the whole ballot as cast_ballot does, with its
checks. A new Update, so the histories from before replay unchanged.

A mixin of CampaignWorkflow (its state, `cast_ballot`, `_check` and `_member`), kept apart for its size.
"""

from dataclasses import dataclass, field

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from schemas.council import CampaignEvent, CastBallot, CastBallotPage, Votes
    from schemas.errors import user_error


@dataclass
class HeldBallot:
    """The pages of a member's ballot received so far."""

    pages: int
    received: int = 0
    votes: dict[str, bool] = field(default_factory=dict)


class BallotPages:
    @workflow.update
    async def cast_ballot_page(self, request: CastBallotPage) -> CampaignEvent | None:
        """Hold a page; the last one casts the ballot of every page. Returns the ballot's event, on the last."""
        member = request.actor.user_id
        held = HeldBallot(request.pages) if request.page == 0 else self.held_ballots[member]
        held.votes |= request.votes
        held.received += 1
        if held.received < held.pages:
            self.held_ballots[member] = held
            return None
        del self.held_ballots[member]
        return await self.cast_ballot(CastBallot(actor=request.actor, votes=held.votes))

    @cast_ballot_page.validator
    def check_cast_ballot_page(self, request: CastBallotPage) -> None:
        held = self.held_ballots.get(request.actor.user_id)
        in_turn = request.page == 0 or (held is not None and (held.received, held.pages) == (request.page, request.pages))
        if not in_turn:
            raise user_error("BALLOT_PAGE_OUT_OF_ORDER", page=request.page + 1, pages=request.pages)
        last = request.page == request.pages - 1  # the whole ballot is checked; before it, the page's votes
        votes = (held.votes | request.votes) if last and request.page else request.votes
        self._check_ballot(CastBallot(actor=request.actor, votes=votes), whole=last)

    def _check_ballot(self, request: CastBallot, whole: bool) -> None:
        """`whole` false: a page of a ballot, of which only the candidates named are checked."""
        self._check("cast_ballot", request.actor)
        member = self._member(request.actor.user_id, request.actor.name)
        if member.user_id not in self.state.session.present:
            raise user_error("MEMBER_ABSENT", name=member.name)
        if self.state.session.ties:  # the re-vote's tie was counted on the ballots as they were
            raise user_error("BALLOTS_CLOSED")
        self._check_votes(request, whole)

    def _check_votes(self, ballot: Votes, whole: bool = True) -> None:
        refs = {c.ref for c in self.state.session.candidates}
        for ref in ballot.votes:
            if ref not in refs:
                raise user_error("UNKNOWN_CANDIDATE", ref=ref)
        missing = [c.name for c in self.state.session.candidates if c.ref not in ballot.votes]
        if missing and whole:
            raise user_error("BALLOT_INCOMPLETE", names=", ".join(missing))
