"""A workflow with nothing but Updates, for the latency benchmark."""

from datetime import timedelta

from temporalio import activity, workflow


@activity.defn
async def nothing() -> None:
    """A local activity that does nothing: what waiting for one costs, without the work."""


@workflow.defn
class BareWorkflow:
    """Nothing but Updates: the floor any action's latency stands on."""

    def __init__(self) -> None:
        self.count = 0

    @workflow.run
    async def run(self) -> None:
        await workflow.wait_condition(lambda: False)

    @workflow.update
    def ping(self) -> int:
        self.count += 1
        return self.count

    @workflow.update
    async def ping_after_local_activity(self) -> int:
        """As a dossier's action waits for its save (a local activity), with nothing to save."""
        return await self.ping_after_local_activities(1)

    @workflow.update
    async def ping_after_local_activities(self, activities: int) -> int:
        """As a dossier's action waits for its check and its save, one after the other, doing nothing."""
        for _ in range(activities):
            await workflow.execute_local_activity(nothing, start_to_close_timeout=timedelta(seconds=10))
        self.count += 1
        return self.count
