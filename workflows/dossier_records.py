"""The dossier's side of the registry of records and of the eligibility checks: records opened or concluded on
its nominees (Signals, external facts), the checks at each step and the mails they cause (a part of
workflows/dossier.py's DossierWorkflow)."""

from temporalio import workflow

# Plain models and rules, deterministic: passed through so each workflow run doesn't re-import them.
with workflow.unsafe.imports_passed_through():
    from activities.eligibility import EligibilityActivities
    from activities.notify import NotifyActivities
    from mail.sender import DELIVERY_RETRY, DELIVERY_TIMEOUT, MailActivities
    from schemas.dossier import CheckFindings, CheckRequest, Nominee, NomineeNotice, RecordNotice
    from schemas.dossier_actions import NomineeStatus, Stage
    from workflows.dossier_terms import IN_APPRAISAL, OUT, SAVE_TIMEOUT, STEP_NAMES, VERDICT_NAMES
    from workflows.mail import deliver_later


class RecordsAndChecks:
    """Records held or concluded, nominees held or resumed, and the eligibility checks."""

    @workflow.signal
    async def record_opened(self, notice: RecordNotice) -> None:
        """A record under review names nominees: each is held where it is; the others go on."""
        touched, held = [], []
        for key in notice.nominee_keys:
            nominee = self.state.nominee(key)
            if nominee is None or nominee.status in OUT or notice.record_id in nominee.open_records:
                continue  # idempotent: the same record twice holds the nominee once
            if nominee.status == NomineeStatus.awarded:
                if nominee.revocation_review:
                    continue
                nominee.revocation_review = True
                nominee.reasons.append(f"Cần xem xét thu hồi khen thưởng: {notice.summary}.")
            else:
                self._suspend(nominee, notice.record_id, notice.summary)
                held.append(nominee)
            touched.append(nominee)
        if touched:
            names = ", ".join(n.name for n in touched)
            before = self.state.stage
            # The held nominee may have been the last one waiting for its verdict: those passed go on,
            # and the dossier is not rejected while one is held. (Dossiers held before this rule
            # replay without it.)
            if self.state.stage == Stage.under_appraisal and workflow.patched("appraisal-closes-on-hold"):
                self._close_appraisal_if_done(may_reject=False)
            await self._record("record_opened", None, before, f"{names}: {notice.summary}")
            await self._tell_people(held, "nominee_suspended", notice.summary)

    @workflow.signal
    async def record_concluded(self, notice: RecordNotice) -> None:
        """Cleared: the nominee resumes where it was. Founded: the nominee is out, with the reason."""
        touched, resumed = [], []
        for key in notice.nominee_keys:
            nominee = self.state.nominee(key)
            if nominee is None or notice.record_id not in nominee.open_records:
                continue
            nominee.open_records.remove(notice.record_id)
            if notice.founded:
                nominee.status = NomineeStatus.disqualified
                nominee.suspended_from = None
                nominee.reasons.append(f"Không đủ điều kiện: {notice.summary}.")
            elif not nominee.open_records and nominee.status == NomineeStatus.suspended:
                nominee.status = nominee.suspended_from
                nominee.suspended_from = None
                nominee.reasons.append(f"Tiếp tục xét: {notice.summary}.")
                resumed.append(nominee)
            touched.append(nominee)
        if touched:
            names = ", ".join(n.name for n in touched)
            await self._record("record_concluded", None, self.state.stage, f"{names}: {notice.summary}")
            await self._tell_people(resumed, "nominee_resumed", notice.summary)


    async def _tell_people(self, nominees: list[Nominee], kind: str, reason: str) -> None:
        """Mail the unit head and the appraising office about each nominee."""
        for nominee in nominees:
            notice = NomineeNotice(
                dossier_id=self.state.dossier_id,
                event=f"dossier/{self.state.dossier_id}/seq/{self.state.seq}/{nominee.key}",
                kind=kind,
                nominee_name=nominee.name,
                nominee_position=nominee.position,
                reason=f"{nominee.reasons[-1]} ({reason})",
            )
            keys = await workflow.execute_local_activity_method(
                NotifyActivities.nominee_held_or_resumed, notice, start_to_close_timeout=SAVE_TIMEOUT
            )
            if workflow.patched("event-mails"):
                await deliver_later(keys)  # as every other mail: a workflow of its own per mail
                continue
            # Dossiers from before: each mail delivered by an activity of the dossier itself.
            for key in keys:
                await workflow.execute_activity_method(
                    MailActivities.deliver, key, start_to_close_timeout=DELIVERY_TIMEOUT, retry_policy=DELIVERY_RETRY
                )

    def _close_appraisal_if_done(self, may_reject: bool = True) -> None:
        """Appraised once no nominee in play waits for its verdict; rejected if none passed (when it may be)."""
        judged = [n for n in self.state.nominees if n.status in IN_APPRAISAL]
        if all(n.status != NomineeStatus.selected for n in judged):
            if any(n.status == NomineeStatus.passed for n in judged):
                self.state.stage = Stage.appraised
            elif may_reject:
                self.state.stage = Stage.rejected
                self.state.stage_reason = "Không có tập thể, cá nhân nào đạt thẩm định."

    def _suspend(self, nominee: Nominee, record_id: int, summary: str) -> None:
        if nominee.status != NomineeStatus.suspended:
            nominee.suspended_from = nominee.status
            nominee.status = NomineeStatus.suspended
        nominee.open_records.append(record_id)
        nominee.reasons.append(f"Tạm dừng xét: {summary}.")

    async def _check_eligibility(self, step: str, preceded_by: tuple[str, Stage] | None = None) -> int:
        """Check every nominee still in play against the registry and the campaign's rules, and record it (after
        `preceded_by`, an event of the service saved with it: see _record)."""
        in_play = [n for n in self.state.nominees if n.status not in OUT]
        # Dossiers started before the checks existed replay without them (tests/histories).
        if not workflow.patched("eligibility-checks") or not in_play:
            if preceded_by is None:
                return self.state.seq
            service_action, stage_before = preceded_by  # nobody to check: it is saved alone
            return await self._record(service_action, None, stage_before)
        request = CheckRequest(
            dossier_id=self.state.dossier_id,
            campaign_code=self.state.campaign_code,
            step=step,
            key=f"{self.state.dossier_id}-{self.state.seq + 1 + (preceded_by is not None)}",
            on=self._today(),
            nominees=in_play,
        )
        # The registry is in the database: the rules run in an activity that only reads; the event's save
        # stores the findings. (Dossiers checked before kept them from the check: their replay is the same.)
        results = await workflow.execute_local_activity_method(
            EligibilityActivities.check_nominees, request, start_to_close_timeout=SAVE_TIMEOUT
        )
        lines = []
        for result in results:
            nominee = self.state.nominee(result.nominee_key)
            if nominee.status in OUT:  # another event took it out while the check ran
                continue
            nominee.findings = [f for f in result.findings if f.verdict != "pass"]
            for finding in result.findings:
                if finding.verdict == "suspend" and nominee.status != NomineeStatus.awarded:
                    for record_id in finding.record_ids:
                        if record_id not in nominee.open_records:
                            self._suspend(nominee, record_id, finding.message)
                if finding.verdict == "block" and step == "signing" and nominee.status == NomineeStatus.approved:
                    nominee.status = NomineeStatus.disqualified
                    nominee.reasons.append(f"Không đủ điều kiện khi ký: {finding.message}.")
            verdicts = [f.verdict for f in result.findings]
            worst = next((v for v in ("suspend", "block", "warn") if v in verdicts), "pass")
            lines.append(f"{nominee.name}: {VERDICT_NAMES[worst]}")
        detail = f"{STEP_NAMES[step]}: " + "; ".join(lines)
        findings = CheckFindings(key=request.key, step=step, on=request.on, nominees=results)
        return await self._record(
            "eligibility_check", None, self.state.stage, detail, findings=findings, preceded_by=preceded_by
        )
