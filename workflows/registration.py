"""One workflow per campaign whose plan asks units to register (đăng ký thi đua) by a deadline: a round of
reminders at 08:00 of each working day until the deadline (mail/registration.py decides who, from the database).

Started with the campaign's other workflows (web/campaign_workflows.py); apart from them, so that neither the
campaign's workflow nor its other reminders change.
"""

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.registration import RegistrationActivities
    from activities.reminders import ReminderActivities
    from common.text import VN_TZ
    from workflows.mail import deliver_later

DB_TIMEOUT = timedelta(seconds=60)


@workflow.defn
class RegistrationRemindersWorkflow:
    @workflow.run
    async def run(self, campaign_code: str) -> None:
        while True:
            at = await workflow.execute_local_activity_method(
                ReminderActivities.next_round, workflow.now(), start_to_close_timeout=DB_TIMEOUT
            )
            await workflow.sleep(at - workflow.now())
            result = await workflow.execute_local_activity_method(
                RegistrationActivities.remind_registration,
                args=[campaign_code, at.astimezone(VN_TZ).date()],
                start_to_close_timeout=DB_TIMEOUT,
            )
            if result.keys:
                await deliver_later(result.keys)
            if result.finished:
                return
            if workflow.info().is_continue_as_new_suggested():
                workflow.continue_as_new(campaign_code)
