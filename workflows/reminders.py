"""One workflow per campaign: a round of reminders at 08:00 of each working day, until nothing is left.

The round decides from the database who still has something to do, so a reminder stops as soon as
it is done (mail/reminders.py). The workflow only keeps the time.
"""

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.reminders import ReminderActivities
    from common.text import VN_TZ
    from workflows.mail import deliver_later

DB_TIMEOUT = timedelta(seconds=60)


@workflow.defn
class RemindersWorkflow:
    @workflow.run
    async def run(self, campaign_code: str) -> None:
        while True:
            # Local activities: short reads and writes by this worker, recorded as markers in the history.
            at = await workflow.execute_local_activity_method(
                ReminderActivities.next_round, workflow.now(), start_to_close_timeout=DB_TIMEOUT
            )
            # A durable timer: a worker restarted in the night still sends the 08:00 round.
            await workflow.sleep(at - workflow.now())
            result = await workflow.execute_local_activity_method(
                ReminderActivities.remind,
                args=[campaign_code, at.astimezone(VN_TZ).date()],
                start_to_close_timeout=DB_TIMEOUT,
            )
            if result.keys:
                await deliver_later(result.keys)
            if result.finished:
                return
            # A campaign runs for months: a fresh history before this one grows long.
            if workflow.info().is_continue_as_new_suggested():
                workflow.continue_as_new(campaign_code)
