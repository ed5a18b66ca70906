"""The campaign workflow's deadlines and settings: events' dates that move the deadlines, a new version of the
settings applied to a running campaign, the steps overdue; each change told to the campaign's dossiers.

A mixin of CampaignWorkflow (workflows/campaign.py), whose state, settings and helpers it uses. The deadlines are
resolved by the service, which has the working-day calendar, and sent with the request; the validator checks
them against the version and the event dates the workflow holds, and against what is already done.
"""

from datetime import date, datetime, time, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.campaign import CampaignActivities
    from common.text import VN_TZ, vn_date
    from schemas.campaign_changes import (
        ApplySettings,
        EventDateSet,
        SettingsVersionSave,
        check_change,
        check_deadlines_against,
    )
    from schemas.council import CampaignEvent, DossierMessage, Phase
    from schemas.deadlines import STEP_NAMES
    from schemas.dossier_actions import Actor
    from schemas.errors import user_error

DB_TIMEOUT = timedelta(seconds=30)
# Event dates that move every deadline hanging on them, and the dossiers told; events entered before this moved
# only the appraisal's deadline, as they replay.
EVENT_DEADLINES = "deadlines-on-events"
def day_begins(day: date) -> datetime:
    return datetime.combine(day, time(), VN_TZ)


OVERDUE_STEPS = {"council": {Phase.open, Phase.closed, Phase.in_session}, "signature": {Phase.decided}}


class CampaignSettingsSteps:
    """Update handlers and timers of CampaignWorkflow for its deadlines and its settings' versions."""

    applying = False  # a version is being applied: a second one waits for the first

    def _set_due(self, due: dict) -> None:
        """The steps' last days; the submission's as "before" (the day after its last), the appraisal's as is."""
        before = dict(self.state.due)
        self.state.due = dict(due)
        last = due.get("submission")
        self.state.submit_before = last + timedelta(days=1) if last else None
        if self.state.appraisal_due != due.get("appraisal"):
            self.state.appraisal_due = due.get("appraisal")
            self.appraisal_reported = False
        # A step whose day moved may be overdue again, on its new day.
        self.state.overdue_reported = [s for s in self.state.overdue_reported if before.get(s) == due.get(s)]

    def _overdue_deadlines(self) -> list:
        """The timers of the council's and the signature's deadlines (plans with them only)."""
        pending = []
        for step, phases in OVERDUE_STEPS.items():
            day = self.state.due.get(step)
            if day and step not in self.state.overdue_reported and self.state.phase in phases:
                pending.append((day_begins(day + timedelta(days=1)), lambda step=step: self._step_overdue(step)))
        return pending

    async def _step_overdue(self, step: str) -> None:
        if self.state.phase not in OVERDUE_STEPS[step]:
            return
        self.state.overdue_reported.append(step)
        detail = f"{STEP_NAMES[step]} (chậm nhất ngày {vn_date(self.state.due[step])}) đã qua"
        await self._record(f"{step}_overdue", None, detail)

    def _rules_text(self) -> str:
        """The deadlines now, as the history reads them."""
        deadlines = self.settings.deadlines
        names = deadlines.event_names()
        parts = []
        for step, name in STEP_NAMES.items():
            rule = deadlines.rule(step)
            if rule is None:
                continue
            day = self.state.due.get(step)
            if step == "submission" and day:
                when = f"trước ngày {vn_date(day + timedelta(days=1))}"
            else:
                when = f"chậm nhất ngày {vn_date(day)}" if day else f"{rule.text(names)} (chưa có ngày)"
            parts.append(f"{name}: {when}")
        return "; ".join(parts)

    async def _deadlines_moved(self, action: str, actor: Actor, due: dict, detail: str) -> CampaignEvent:
        """Set the new deadlines, wake the timers, record the step and tell every dossier to read its rules again."""
        self._set_due(due)
        submit_before = self.state.submit_before
        if self.state.phase == Phase.closed and submit_before and submit_before > self._today():
            self.state.phase = Phase.open  # the deadline moved later: the units may submit again
            detail += ". Nhận hồ sơ trở lại"
        self.woken = True
        deadlines = self._rules_text()
        saved = await self._record(action, actor, f"{detail}. {deadlines}" if deadlines else detail)
        dossiers = await workflow.execute_local_activity_method(
            CampaignActivities.campaign_dossiers, self.state.code, start_to_close_timeout=DB_TIMEOUT
        )
        payload = {"campaign_seq": saved.seq, "detail": detail}
        messages = [DossierMessage(dossier_id=d, payload=payload) for d in dossiers]
        await self._tell("rules_changed", messages, occasion=f"-{saved.seq}")
        return saved

    # --- an event's date ------------------------------------------------------------------------------

    @workflow.update
    async def set_event_date(self, request: EventDateSet) -> CampaignEvent:
        if request.due is not None and workflow.patched(EVENT_DEADLINES):
            self.state.event_dates = dict(request.event_dates)
            name = self.settings.deadlines.event_names()[request.event]
            return await self._deadlines_moved(
                "set_event_date", request.actor, request.due, f"{name}: ngày {vn_date(request.day)}"
            )
        # As before: only the appraisal's deadline, counted back from the event.
        rule = self.settings.deadlines.appraisal.before_event
        self.state.event_dates[request.event] = request.day
        self.state.appraisal_due = request.day - timedelta(days=rule.days_before)
        self.appraisal_reported = False
        self.woken = True
        detail = (
            f"{rule.event_name}: ngày {vn_date(request.day)}; thẩm định, trình Chủ tịch chậm nhất ngày "
            f"{vn_date(self.state.appraisal_due)}"
        )
        return await self._record("set_event_date", request.actor, detail)

    @set_event_date.validator
    def check_set_event_date(self, request: EventDateSet) -> None:
        self._check("set_event_date", request.actor)
        names = self.settings.deadlines.event_names()
        if request.event not in names:
            raise user_error("UNKNOWN_EVENT", event=request.event, allowed=", ".join(names) or "không có")
        if request.due is None:
            return
        if request.version != self.state.settings_version or self.applying:
            raise user_error("SETTINGS_OUT_OF_DATE", version=self.state.settings_version)
        if request.event_dates != {**self.state.event_dates, request.event: request.day}:
            raise user_error("EVENT_DATES_CHANGED")
        check_deadlines_against(self.state, request.due, request.facts, self._today())

    # --- a new version of the settings ----------------------------------------------------------------

    @workflow.update
    async def apply_settings(self, request: ApplySettings) -> CampaignEvent:
        self.applying = True
        try:
            # What the dossiers have done, read again now: a submission made since the preview counts.
            facts = await workflow.execute_local_activity_method(
                CampaignActivities.settings_facts, self.state.code, start_to_close_timeout=DB_TIMEOUT
            )
            check_change(self.settings, request.settings, self.state, facts, request.due, self._today())
            version = self.state.settings_version + 1
            save = SettingsVersionSave(
                campaign_code=self.state.code, version=version, settings=request.settings, actor=request.actor,
                reason=request.reason.strip(),
            )
            count = await workflow.execute_local_activity_method(
                CampaignActivities.save_settings_version, save, start_to_close_timeout=DB_TIMEOUT
            )
            self.settings = request.settings
            self.state.settings_version = version
            self.state.title = request.settings.plan.title
            detail = f"Phiên bản {version} của cấu hình: {count} thay đổi. Lý do: {save.reason}"
            return await self._deadlines_moved("apply_settings", request.actor, request.due, detail)
        finally:
            self.applying = False

    @apply_settings.validator
    def check_apply_settings(self, request: ApplySettings) -> None:
        self._check("apply_settings", request.actor)
        if not request.reason.strip():
            raise user_error("REASON_REQUIRED", action="Áp dụng cấu hình mới của đợt thi đua")
        if self.applying or request.version != self.state.settings_version:
            raise user_error("SETTINGS_OUT_OF_DATE", version=self.state.settings_version)
        check_change(self.settings, request.settings, self.state, request.facts, request.due, self._today())
