"""The campaign tells its dossiers of a step (the council's opening and outcome, the decision, the recognition):
each dossier workflow takes the fact as an Update, from regular activities the history records
(activities/campaign.py tell_dossiers), in batches so that no event of the history grows with the campaign.

A mixin of CampaignWorkflow (its state), kept apart for its size.
"""

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.campaign import CampaignActivities
    from schemas.council import DossierMessage, TellDossiers
    from workflows.campaign_decision import DURABLE_STEPS

TELL_TIMEOUT = timedelta(minutes=10)  # every dossier of the batch, each saving its own event
# A regular activity of a worker that died is retried after this long without a heartbeat (each beats
# every second: activities/heartbeats.py).
HEARTBEAT_TIMEOUT = timedelta(seconds=3)
# Steps from this change on tell their dossiers TELL_BATCH at a time, each batch an activity of its own, so
# that no history event grows with the campaign: each carries at most TELL_BATCH dossier ids and arguments.
TELL_IN_BATCHES = "tell-dossiers-in-batches"
TELL_BATCH = 200  # a running campaign replays with it: another size needs a patch of its own
# From this change on, a batch holds also at most TELL_BATCH_BYTES of messages: a dossier of twenty nominees
# told the council's outcome carries some 1.8 KB, and 200 of them made an event of 360 KB.
TELL_BY_SIZE = "tell-dossiers-in-batches-by-size"
TELL_BATCH_BYTES = 48 * 1024


def in_batches(messages: list[DossierMessage], by_size: bool) -> list[list[DossierMessage]]:
    """TELL_BATCH messages a batch, and with `by_size` at most TELL_BATCH_BYTES of them as JSON (one larger alone
    is a batch alone)."""
    batches: list[list[DossierMessage]] = [[]]
    size = 0
    for message in messages:
        length = len(message.model_dump_json()) if by_size else 0
        if len(batches[-1]) == TELL_BATCH or (batches[-1] and size + length > TELL_BATCH_BYTES):
            batches.append([])
            size = 0
        batches[-1].append(message)
        size += length
    return batches


class DossierTelling:
    async def _tell(self, update: str, messages: list[DossierMessage], occasion: str = "") -> None:
        """Have each dossier workflow apply the fact; those that have moved on are named in the log."""
        if not messages:
            return
        key = f"{self.state.code}-{update}{occasion}"
        if workflow.patched(TELL_IN_BATCHES):
            skipped = []
            for batch_messages in in_batches(messages, workflow.patched(TELL_BY_SIZE)):
                # Each batch after the one before, each a regular activity: see DURABLE_STEPS below.
                batch = TellDossiers(update=update, key=key, messages=batch_messages)
                skipped += await workflow.execute_activity_method(
                    CampaignActivities.tell_dossiers, batch,
                    start_to_close_timeout=TELL_TIMEOUT, heartbeat_timeout=HEARTBEAT_TIMEOUT,
                )
        elif workflow.patched(DURABLE_STEPS):
            tell = TellDossiers(update=update, key=key, messages=messages)
            # A regular activity: scheduled only once the step's save is in the history, so no dossier
            # hears of a step that a crash could undo; each dossier's update id makes a retry harmless.
            skipped = await workflow.execute_activity_method(
                CampaignActivities.tell_dossiers, tell,
                start_to_close_timeout=TELL_TIMEOUT, heartbeat_timeout=HEARTBEAT_TIMEOUT,
            )
        else:
            skipped = await workflow.execute_local_activity_method(
                CampaignActivities.tell_dossiers, TellDossiers(update=update, key=key, messages=messages),
                start_to_close_timeout=TELL_TIMEOUT,
            )
        if skipped:
            workflow.logger.warning("Dossiers not at a stage to take %s: %s", update, ", ".join(skipped))
