"""Starting campaign workflows: when a plan is loaded, and at start-up for any loaded plan without one."""

from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from db.models import Campaign
from schemas.campaign import EmulationPlan
from schemas.council import CampaignStart
from workflows.campaign import CampaignWorkflow


def campaign_workflow_id(code: str) -> str:
    return f"campaign-{code}"


async def start_campaign_workflow(client: Client, settings: EmulationPlan, task_queue: str) -> None:
    """Start the campaign's workflow unless it runs or has run: one campaign, one workflow, ever."""
    try:
        await client.start_workflow(
            CampaignWorkflow.run,
            CampaignStart(settings=settings),
            id=campaign_workflow_id(settings.code),
            task_queue=task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        )
    except WorkflowAlreadyStartedError:
        pass  # it ran to its end before: its results stay as they are


async def campaign_started(client: Client, code: str) -> None:
    """Wait until the campaign's first event is in the database, so that a read finds it."""
    await client.get_workflow_handle(campaign_workflow_id(code)).execute_update(CampaignWorkflow.started)


async def ensure_campaign_workflows(client: Client, engine: Engine, task_queue: str) -> None:
    with Session(engine) as session:
        campaigns = session.exec(select(Campaign).where(Campaign.kind == "emulation")).all()
    for campaign in campaigns:
        await start_campaign_workflow(client, EmulationPlan.model_validate(campaign.settings), task_queue)
