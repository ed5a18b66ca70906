"""The appraising office's steps on a dossier (a part of workflows/dossier.py's DossierWorkflow): it takes the
dossier in, gives each nominee its verdict, asks the unit for a supplement with a deadline, and confirms whose
person record an individual is, when the registry could not tell.

A mixin of DossierWorkflow, whose state and helpers it uses (`_record`, `_check`, `_nominee`, `_check_eligibility`).
"""

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.dossier import DossierActivities
    from common.text import vn_date
    from schemas.dossier import Act, Appraise, LinkPerson, RequestSupplement, SubjectLink, SupplementRequest
    from schemas.dossier_actions import NomineeStatus, Stage
    from schemas.errors import user_error
    from workflows.dossier_terms import IN_APPRAISAL, LINK_NAMES, SAVE_TIMEOUT


class Appraisal:
    @workflow.update
    async def start_appraisal(self, request: Act) -> int:
        self.state.stage = Stage.under_appraisal
        await self._record("start_appraisal", request.actor, Stage.submitted)
        return await self._check_eligibility("appraisal")

    @start_appraisal.validator
    def check_start_appraisal(self, request: Act) -> None:
        self._check("start_appraisal", request.actor)

    @workflow.update
    async def appraise(self, request: Appraise) -> int:
        nominee = self._nominee(request.nominee_key)
        nominee.status = NomineeStatus.passed if request.passed else NomineeStatus.failed
        verdict = "Đạt thẩm định" if request.passed else "Không đạt thẩm định"
        nominee.reasons.append(f"{verdict}: {request.reason}" if request.reason else f"{verdict}.")
        before = self.state.stage
        self._close_appraisal_if_done()
        return await self._record("appraise", request.actor, before, f"{nominee.name}: {nominee.reasons[-1]}")

    @appraise.validator
    def check_appraise(self, request: Appraise) -> None:
        self._check("appraise", request.actor)
        nominee = self._nominee(request.nominee_key)
        if nominee.status not in IN_APPRAISAL:
            raise self._not_in_play(nominee, "appraise")
        if not request.passed:
            self._require_reason("appraise", request.reason)
        if request.passed and nominee.unmatched:  # its records were never read: nothing says it may pass
            raise user_error("NOMINEE_UNMATCHED", name=nominee.name)
        bars = [f.message for f in nominee.findings if f.verdict == "block"]
        if request.passed and bars:
            raise user_error("ELIGIBILITY_BLOCKED", name=nominee.name, reasons="; ".join(bars))

    @workflow.update
    async def request_supplement(self, request: RequestSupplement) -> int:
        due = request.due_date
        if due is None:
            # Working days depend on the holiday calendar, which is data: computed in an activity.
            due = await workflow.execute_local_activity_method(
                DossierActivities.working_days_after,
                args=[self._today(), self.rules.supplement_working_days],
                start_to_close_timeout=SAVE_TIMEOUT,
            )
            if self.state.stage != Stage.under_appraisal:  # another action got in while we waited
                raise ApplicationError("Hồ sơ đã chuyển bước, không yêu cầu bổ sung nữa.", type="WRONG_STAGE")
        items = [item.strip() for item in request.items if item.strip()]
        self.state.supplement = SupplementRequest(items=items, due_date=due, requested_at=workflow.now())
        self.state.stage = Stage.supplement_requested
        detail = f"Hạn {vn_date(due)}: " + "; ".join(items)
        return await self._record("request_supplement", request.actor, Stage.under_appraisal, detail)

    @request_supplement.validator
    def check_request_supplement(self, request: RequestSupplement) -> None:
        self._check("request_supplement", request.actor)
        if not any(item.strip() for item in request.items):
            raise user_error("SUPPLEMENT_ITEMS_REQUIRED")
        today = self._today()
        if request.due_date is not None and request.due_date <= today:
            raise user_error("DUE_DATE_PASSED", due_date=vn_date(request.due_date), today=vn_date(today))

    # A new Update, and a new refusal in a validator (validators do not run on replay): the commands of the
    # histories from before are unchanged, so no patch is needed (tests/histories/dossier-person-linked.json).
    @workflow.update
    async def link_person(self, request: LinkPerson) -> int:
        nominee = self._nominee(request.nominee_key)
        nominee.person_id = request.person_id
        nominee.link = SubjectLink(
            basis="confirmed",
            confirmed_by=request.actor.name,
            confirmed_by_user_id=request.actor.user_id,
            confirmed_at=workflow.now(),
            reason=request.reason,
        )
        found = f"hồ sơ cá nhân mã {request.person_id}" if request.person_id else "không có hồ sơ cá nhân"
        detail = f"{nominee.name}: {found}" + (f". Lý do: {request.reason}" if request.reason else "")
        await self._record("link_person", request.actor, self.state.stage, detail)
        # The person's records are read now, as at the start of appraisal: a bar or a case of theirs counts.
        return await self._check_eligibility("appraisal")

    @link_person.validator
    def check_link_person(self, request: LinkPerson) -> None:
        self._check("link_person", request.actor)
        nominee = self._nominee(request.nominee_key)
        if nominee.group != "individual":
            raise user_error("NOT_AN_INDIVIDUAL", name=nominee.name)
        if nominee.status not in IN_APPRAISAL:
            raise self._not_in_play(nominee, "link_person")
        if nominee.link is not None and nominee.link.basis in LINK_NAMES:  # what the registry says stands
            raise user_error("NOMINEE_ALREADY_LINKED", name=nominee.name, basis=LINK_NAMES[nominee.link.basis])
        if request.person_id is None:
            self._require_reason("link_person", request.reason)
