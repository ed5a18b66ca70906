"""One workflow per campaign: a round of reminders at 08:00 of each working day, until nothing is left.

The round decides from the database who still has something to do, so a reminder stops as soon as
it is done (mail/reminders.py). The workflow only keeps the time, and of each round its counts: the round's
mails (one per recipient, tens of thousands in a province) stay in the outbox, where its deliveries read them.
"""

from datetime import date, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.mail import DeliveryActivities
    from activities.reminders import ReminderActivities
    from common.text import VN_TZ
    from workflows.mail import deliver_later

DB_TIMEOUT = timedelta(seconds=60)
# A round and its deliveries take seconds for thousands of recipients; they beat while they work, so a dead
# worker's attempt is retried within HEARTBEAT_TIMEOUT, and their own timeouts are far from what they take.
ROUND_TIMEOUT = timedelta(minutes=30)
DELIVERIES_TIMEOUT = timedelta(hours=1)
HEARTBEAT_TIMEOUT = timedelta(seconds=10)
# Rounds whose result is counts and whose deliveries read the outbox; one patch a round ("<name>/<day>"), so that
# a run started before takes this way at its next round rather than only after its continue-as-new.
COUNTED_ROUND = "reminders-counted-round-delivered-from-outbox"


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
            day = at.astimezone(VN_TZ).date()
            if workflow.patched(f"{COUNTED_ROUND}/{day.isoformat()}"):
                finished = await self._counted_round(campaign_code, day)
            else:
                finished = await self._round_with_keys(campaign_code, day)
            if finished:
                return
            # A campaign runs for months: a fresh history before this one grows long.
            if workflow.info().is_continue_as_new_suggested():
                workflow.continue_as_new(campaign_code)

    async def _counted_round(self, campaign_code: str, day: date) -> bool:
        summary = await workflow.execute_activity_method(
            ReminderActivities.remind_round,
            args=[campaign_code, day],
            start_to_close_timeout=ROUND_TIMEOUT,
            heartbeat_timeout=HEARTBEAT_TIMEOUT,
        )
        if summary.mails:
            await workflow.execute_activity_method(
                DeliveryActivities.start_round_deliveries,
                args=[campaign_code, day],
                start_to_close_timeout=DELIVERIES_TIMEOUT,
                heartbeat_timeout=HEARTBEAT_TIMEOUT,
            )
        return summary.finished

    async def _round_with_keys(self, campaign_code: str, day: date) -> bool:
        """The rounds of the histories from before: the keys in the round's result, delivered by deliver_later."""
        result = await workflow.execute_local_activity_method(
            ReminderActivities.remind, args=[campaign_code, day], start_to_close_timeout=DB_TIMEOUT
        )
        if result.keys:
            await deliver_later(result.keys)
        return result.finished
