"""The council session opened while units may still submit: refused without a reason, the reason recorded.

Opening the session closes submissions for every unit (a dossier is no longer taken once the council sits). So
the secretary may open it before the submission deadline, or before the extension of a unit that has not yet
submitted, has passed only when every expected unit has submitted, or with a reason, which the session keeps
and the history shows. The expected units that have not submitted are read by the service (web/routes/
campaigns.py, db/expected_units.py) and sent with the request; the deadlines are the workflow's own: the
submission's (open while the campaign takes dossiers, undated while it hangs on an event) and each unit's
extension.

A mixin of CampaignWorkflow (workflows/campaign.py), whose state and helpers it uses.
"""

import asyncio
from datetime import date

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.campaign import CampaignActivities
    from common.text import vn_date
    from schemas.council import Candidate, OpenSession, Phase, Session
    from schemas.council_reads import CandidatesPage
    from schemas.errors import user_error

# Sessions opened from this change on keep the reason for opening early and the units then waiting.
EARLY_OPENING = "council-opening-before-deadline"
# Candidates read once into the database and taken from there in pages (db/council_reads.py): no event of the
# history over 64 KB however many they are. Sessions opened before took them in one activity's result.
CANDIDATES_IN_PAGES = "council-candidates-in-pages"


class CouncilOpening:
    """Checks and records of CampaignWorkflow's open_session for an opening before the deadlines have passed."""

    async def _candidates(self) -> list[Candidate]:
        """The nominees that passed appraisal, read for the council (or for the head, where it does not sit)."""
        if not workflow.patched(CANDIDATES_IN_PAGES):
            return await self._read(CampaignActivities.council_candidates, self.state.code)
        read = await self._read(CampaignActivities.read_council_candidates, self.state.code)
        # Every page at once, each from the kept read: the same list on any retry, in the order read.
        bounds = zip(read.starts, [*read.starts[1:], read.count])
        pages = await asyncio.gather(*(
            self._read(CampaignActivities.council_candidates_page, CandidatesPage(read_id=read.read_id, start=a, stop=b))
            for a, b in bounds
        ))
        return [candidate for page in pages for candidate in page]

    def _deadline_text(self) -> str:
        """The submission's deadline as the history and the refusal say it."""
        day = self.state.submit_before
        rule = self.settings.deadlines.rule("submission")
        if day is None and rule is not None:  # it hangs on an event not yet dated
            return f"{rule.text(self.settings.deadlines.event_names())} (chưa có ngày)"
        return f"trước ngày {vn_date(day)}" if day else "kế hoạch không quy định"

    def _still_open(self, request: OpenSession) -> list[str]:
        """What still lets a waiting unit submit, one phrase each (empty: every deadline has passed, or no
        expected unit is waiting)."""
        if not request.waiting_units:
            return []
        today: date = self._today()
        open_ = []
        if self.state.phase == Phase.open:  # the general deadline has not passed (or is not dated yet)
            open_.append(f"hạn nộp hồ sơ {self._deadline_text()}")
        for unit in request.waiting_units:
            extension = self.state.extensions.get(unit.unit_id)
            if extension is not None and extension.until > today:
                open_.append(f"{extension.unit_name} được gia hạn nộp trước ngày {vn_date(extension.until)}")
        return open_

    def _check_early_opening(self, request: OpenSession) -> None:
        """The validator's part: no session where the council does not sit (the office reports to the head:
        workflows/campaign_decision.py); an opening before the deadlines, with a unit waiting, needs a reason."""
        if not self.settings.council.sits:
            raise user_error("COUNCIL_DOES_NOT_SIT", campaign=self.settings.plan.title)
        still_open = self._still_open(request)
        if not still_open or (request.early_reason or "").strip():
            return
        names = [unit.name for unit in request.waiting_units]
        problem = "Cần ghi lý do khai mạc trước hạn, hoặc chờ hết hạn nộp hồ sơ."
        raise user_error(
            "SESSION_BEFORE_DEADLINE", deadlines="; ".join(still_open), count=len(names), units=", ".join(names),
            fields=[{"field": "early_reason", "problem": problem}],
        )

    def _note_early_opening(self, request: OpenSession, session: Session) -> str:
        """The handler's part: the session keeps the reason and the units waiting; the history's detail says so."""
        still_open = self._still_open(request)
        reason = (request.early_reason or "").strip()
        if not still_open or not reason or not workflow.patched(EARLY_OPENING):
            return ""
        session.early_reason = reason
        session.waiting_units = [unit.name for unit in request.waiting_units]
        return (
            f". Khai mạc trước hạn ({'; '.join(still_open)}), {len(session.waiting_units)} đơn vị chưa nộp: "
            f"{', '.join(session.waiting_units)}. Lý do: {reason}"
        )
