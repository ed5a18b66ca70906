"""The worker's own settings: how many activities it runs at once, and whether its workflows run in the sandbox."""

from temporalio.worker import UnsandboxedWorkflowRunner
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from common.keys import new_key
from common.settings import Settings
from worker import build_worker, database_connections


def production(**fields) -> Settings:
    return Settings(environment="production", payload_keys=new_key("p1"), action_keys=new_key("a1"), **fields)


def test_the_sandbox_in_development_not_in_production_unless_told():
    assert Settings(environment="development").sandboxed
    assert not production().sandboxed
    assert production(workflow_sandbox=True).sandboxed
    assert not Settings(environment="development", workflow_sandbox=False).sandboxed


async def test_the_worker_takes_as_many_activities_as_it_has_threads_and_connections(dev_env, engine):
    settings = Settings(worker_activities=5, workflow_sandbox=False, temporal_task_queue="worker-settings-1")
    worker = build_worker(dev_env.client, engine, settings)
    config = worker.config()
    assert config["max_concurrent_activities"] == 5
    assert config["max_concurrent_local_activities"] == 5
    assert config["activity_executor"]._max_workers == 10  # one for each, none waiting in the pool's queue
    assert isinstance(config["workflow_runner"], UnsandboxedWorkflowRunner)
    assert database_connections(settings) >= 10
    sandboxed = build_worker(dev_env.client, engine, Settings(temporal_task_queue="worker-settings-2"))
    assert isinstance(sandboxed.config()["workflow_runner"], SandboxedWorkflowRunner)
