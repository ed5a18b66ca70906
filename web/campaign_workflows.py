"""Starting a campaign's workflows: when a plan is loaded, and at start-up for any loaded plan without them.

An emulation campaign has its campaign workflow; every campaign, a reform plan too, has its reminders.
"""

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from db.models import Campaign
from schemas.campaign import EmulationPlan, ReformPlan
from schemas.council import CampaignStart
from workflows.campaign import CampaignWorkflow
from workflows.reminders import RemindersWorkflow


def campaign_workflow_id(code: str) -> str:
    return f"campaign-{code}"


def reminders_workflow_id(code: str) -> str:
    return f"reminders-{code}"


async def start_once(
    client: Client, run, arg, workflow_id: str, task_queue: str, task_timeout: timedelta | None = None
) -> None:
    """Start the workflow unless it runs or has run: one campaign, one of each, ever."""
    try:
        await client.start_workflow(
            run,
            arg,
            id=workflow_id,
            task_queue=task_queue,
            task_timeout=task_timeout,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        )
    except WorkflowAlreadyStartedError:
        pass  # it ran to its end before: its results stay as they are


async def start_campaign_workflows(
    client: Client, plan: EmulationPlan | ReformPlan, task_queue: str, task_timeout: timedelta | None = None
) -> None:
    if isinstance(plan, EmulationPlan):
        start = CampaignStart(settings=plan)
        await start_once(client, CampaignWorkflow.run, start, campaign_workflow_id(plan.code), task_queue, task_timeout)
    await start_once(client, RemindersWorkflow.run, plan.code, reminders_workflow_id(plan.code), task_queue)


async def campaign_started(client: Client, code: str) -> None:
    """Wait until the campaign's first event is in the database, so that a read finds it."""
    await client.get_workflow_handle(campaign_workflow_id(code)).execute_update(CampaignWorkflow.started)


async def ensure_campaign_workflows(client: Client, engine: Engine, task_queue: str) -> None:
    with Session(engine) as session:
        campaigns = session.exec(select(Campaign)).all()
    for campaign in campaigns:
        plan_type = EmulationPlan if campaign.kind == "emulation" else ReformPlan
        await start_campaign_workflows(client, plan_type.model_validate(campaign.settings), task_queue)
