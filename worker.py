"""The worker: runs the workflows and their activities on the service's task queue."""

import asyncio
import gc
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from temporalio.client import Client
from temporalio.worker import UnsandboxedWorkflowRunner, Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from activities.campaign import CampaignActivities
from activities.documents import DocumentActivities
from activities.dossier import DossierActivities
from activities.eligibility import EligibilityActivities
from activities.mail import DeliveryActivities
from activities.notify import NotifyActivities
from activities.reminders import ReminderActivities
from common.codec import data_converter
from common.filestore import FileStore
from common.settings import Settings, get_settings
from common.signing import CheckActions, SignActions
from common.workdays import default_calendar
from db.engine import create_tables, make_engine
from mail.sender import MailActivities
from workflows.campaign import CampaignWorkflow
from workflows.dossier import DossierWorkflow
from workflows.mail import MailDeliveryWorkflow
from workflows.reminders import RemindersWorkflow

log = logging.getLogger("worker")
RETRY_FIRST_SECONDS, RETRY_MAX_SECONDS = 0.5, 10.0
CONNECT_TIMEOUT_SECONDS = 10.0
# The worker keeps its workflows' states in memory, hundreds of thousands of objects that live on. At CPython's
# default thresholds (700, 10, 10) its garbage collector ran thousands of times in a council's step and took about
# a sixth of the worker's CPU there (bench/campaign_size.py): it now runs a collection of the young objects once
# 50,000 are made, and the older ones less often.
COLLECTOR_THRESHOLDS = (50_000, 20, 20)


def client_options(settings: Settings) -> dict[str, Any]:
    """What every client of the service's Temporal takes: payloads encrypted, actions signed."""
    return {"data_converter": data_converter(settings), "interceptors": [SignActions(settings)]}


async def connect(settings: Settings) -> Client:
    return await Client.connect(
        settings.temporal_address, namespace=settings.temporal_namespace, **client_options(settings)
    )


async def connect_retrying(settings: Settings, failing: asyncio.Event | None = None) -> Client:
    """Connect to Temporal, trying again with backoff while it is not up: the services start in any order.

    `failing`, if given, is set at each attempt that fails.
    """
    delay = RETRY_FIRST_SECONDS
    while True:
        try:
            return await asyncio.wait_for(connect(settings), CONNECT_TIMEOUT_SECONDS)
        except (RuntimeError, TimeoutError) as error:  # the SDK's "Failed client connect: …"
            reason = str(error) or "no answer"
            log.warning("Temporal at %s not reachable (%s); retrying in %g s", settings.temporal_address, reason, delay)
            if failing is not None:
                failing.set()
        await asyncio.sleep(delay)
        delay = min(delay * 2, RETRY_MAX_SECONDS)


def database_connections(settings: Settings) -> int:
    """The connections the worker uses at once: its activity threads, and the few threads of the event loop's
    default executor that its asynchronous activities read in (asyncio.to_thread)."""
    return 2 * settings.worker_activities + 8


def build_worker(client: Client, engine: Engine, settings: Settings) -> Worker:
    calendar = default_calendar()
    dossier_activities = DossierActivities(engine, settings, calendar)
    campaign_activities = CampaignActivities(engine, client, settings, calendar)
    eligibility_activities = EligibilityActivities(engine)
    notify_activities = NotifyActivities(engine, settings)
    mail_activities = MailActivities(engine, settings)
    delivery_activities = DeliveryActivities(client, engine)
    reminder_activities = ReminderActivities(engine, settings, calendar)
    document_activities = DocumentActivities(engine, FileStore(settings.filestore_dir))
    return Worker(
        client,
        task_queue=settings.temporal_task_queue,
        workflows=[DossierWorkflow, CampaignWorkflow, MailDeliveryWorkflow, RemindersWorkflow],
        activities=[
            dossier_activities.save_dossier,
            dossier_activities.working_days_after,
            eligibility_activities.check_nominees,
            notify_activities.nominee_held_or_resumed,
            mail_activities.deliver,
            delivery_activities.start_deliveries,
            delivery_activities.start_round_deliveries,
            reminder_activities.next_round,
            reminder_activities.remind_round,
            reminder_activities.remind,
            campaign_activities.tell_dossiers,
            campaign_activities.save_campaign_run,
            campaign_activities.take_number,
            campaign_activities.claim_number,
            campaign_activities.approved_nominees,
            campaign_activities.council_candidates,
            campaign_activities.read_council_candidates,
            campaign_activities.council_candidates_page,
            campaign_activities.units_not_submitted,
            campaign_activities.unit_dossiers,
            campaign_activities.dossiers_not_appraised,
            campaign_activities.settings_facts,
            campaign_activities.save_settings_version,
            campaign_activities.campaign_dossiers,
            campaign_activities.dossier_rules_now,
            document_activities.issue_decision,
            document_activities.file_signed_decision,
        ],
        # Synchronous activities (blocking database calls) run in threads: one for each activity and each
        # local activity the worker takes at once, so none waits in the pool's queue while its timeout runs.
        # (With 8 threads for the SDK's default of 100 of each, a save could wait in that queue while the timeout
        # of the workflow task it holds open ran.)
        activity_executor=ThreadPoolExecutor(max_workers=2 * settings.worker_activities),
        max_concurrent_activities=settings.worker_activities,
        max_concurrent_local_activities=settings.worker_activities,
        # The sandbox costs a third of the worker's CPU (WORKFLOW_SANDBOX, common/settings.py).
        workflow_runner=SandboxedWorkflowRunner() if settings.sandboxed else UnsandboxedWorkflowRunner(),
        # Whatever the client it is given, the worker takes only signed actions.
        interceptors=[CheckActions(settings)],
        # A task waiting for this worker goes to another once this worker has been gone this long.
        sticky_queue_schedule_to_start_timeout=timedelta(seconds=settings.workflow_task_timeout_seconds),
    )


async def main() -> None:
    gc.freeze()  # what the imports made lives as long as the process: no collection goes through it again
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    settings = get_settings()
    engine = make_engine(settings.database_url, pool_size=database_connections(settings))
    create_tables(engine)
    client = await connect_retrying(settings)
    print(f"Worker on task queue {settings.temporal_task_queue!r} at {settings.temporal_address}", flush=True)
    await build_worker(client, engine, settings).run()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(main())
    except KeyboardInterrupt:  # Ctrl-C under `make run`
        pass
