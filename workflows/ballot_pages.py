"""A council member's ballot, and an absent member's written opinion: their checks, and each sent in pages when it
has more votes than one Update should carry (BALLOT_PAGE): every page an Update, the pages before the last held
by the workflow only (rebuilt from the history on a replay, never saved), the last one casting the whole as
cast_ballot (record_written_opinion) does, with its checks. New Updates, so the histories from before replay
unchanged.

A mixin of CampaignWorkflow (its state, `cast_ballot`, `record_written_opinion`, `_check` and `_member`), kept
apart for its size.
"""

from dataclasses import dataclass, field

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from schemas.council import (
        CampaignEvent,
        CastBallot,
        CastBallotPage,
        RecordWrittenOpinion,
        RecordWrittenOpinionPage,
        Votes,
        VotesPage,
    )
    from schemas.errors import user_error


@dataclass
class HeldVotes:
    """The pages of a ballot, or of a written opinion, received so far."""

    pages: int
    received: int = 0
    votes: dict[str, bool] = field(default_factory=dict)


class BallotPages:
    @workflow.update
    async def cast_ballot_page(self, request: CastBallotPage) -> CampaignEvent | None:
        """Hold a page; the last one casts the ballot of every page. Returns the ballot's event, on the last."""
        votes = self._take_page(("ballot", request.actor.user_id), request)
        if votes is None:
            return None
        return await self.cast_ballot(CastBallot(actor=request.actor, votes=votes))

    @cast_ballot_page.validator
    def check_cast_ballot_page(self, request: CastBallotPage) -> None:
        votes, whole = self._votes_so_far(("ballot", request.actor.user_id), request)
        self._check_ballot(CastBallot(actor=request.actor, votes=votes), whole)

    @workflow.update
    async def record_written_opinion_page(self, request: RecordWrittenOpinionPage) -> CampaignEvent | None:
        """Hold a page; the last one records the opinion of every page. Returns its event, on the last."""
        votes = self._take_page(("opinion", request.member_id), request)
        if votes is None:
            return None
        return await self.record_written_opinion(
            RecordWrittenOpinion(actor=request.actor, member_id=request.member_id, votes=votes))

    @record_written_opinion_page.validator
    def check_record_written_opinion_page(self, request: RecordWrittenOpinionPage) -> None:
        votes, whole = self._votes_so_far(("opinion", request.member_id), request)
        self._check_written_opinion(RecordWrittenOpinion(actor=request.actor, member_id=request.member_id, votes=votes), whole)

    def _take_page(self, key: tuple[str, int], page: VotesPage) -> dict[str, bool] | None:
        """Hold a page of the votes under `key`; on the last, every page's votes (and nothing held any more)."""
        held = HeldVotes(page.pages) if page.page == 0 else self.held_votes[key]
        held.votes |= page.votes
        held.received += 1
        if held.received < held.pages:
            self.held_votes[key] = held
            return None
        del self.held_votes[key]
        return held.votes

    def _votes_so_far(self, key: tuple[str, int], page: VotesPage) -> tuple[dict[str, bool], bool]:
        """The validator's part: the votes to check with this page (every page's, on the last), and whether they
        are the whole; a page out of turn is refused."""
        held = self.held_votes.get(key)
        in_turn = page.page == 0 or (held is not None and (held.received, held.pages) == (page.page, page.pages))
        if not in_turn:
            raise user_error("BALLOT_PAGE_OUT_OF_ORDER", page=page.page + 1, pages=page.pages)
        last = page.page == page.pages - 1  # the whole is checked; before it, the page's votes
        return ((held.votes | page.votes) if last and page.page else page.votes), last

    def _check_ballot(self, request: CastBallot, whole: bool) -> None:
        """`whole` false: a page of a ballot, of which only the candidates named are checked."""
        self._check("cast_ballot", request.actor)
        member = self._member(request.actor.user_id, request.actor.name)
        if member.user_id not in self.state.session.present:
            raise user_error("MEMBER_ABSENT", name=member.name)
        if self.state.session.ties:  # the re-vote's tie was counted on the ballots as they were
            raise user_error("BALLOTS_CLOSED")
        self._check_votes(request, whole)

    def _check_written_opinion(self, request: RecordWrittenOpinion, whole: bool) -> None:
        """`whole` false: a page of an opinion, of which only the candidates named are checked."""
        self._check("record_written_opinion", request.actor)
        member = self._member(request.member_id)
        if member.user_id in self.state.session.present:
            raise user_error("MEMBER_PRESENT", name=member.name)
        if self.state.session.ties:
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
