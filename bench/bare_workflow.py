"""A workflow with nothing but an Update, for the latency benchmark."""

from temporalio import workflow


@workflow.defn
class BareWorkflow:
    """Nothing but an Update: the floor any action's latency stands on."""

    def __init__(self) -> None:
        self.count = 0

    @workflow.run
    async def run(self) -> None:
        await workflow.wait_condition(lambda: False)

    @workflow.update
    def ping(self) -> int:
        self.count += 1
        return self.count
