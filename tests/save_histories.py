"""Saves the workflow histories of a test run for the replay test: `python -m pytest ... --save-histories`.

Saved histories are the workflows as they ran under the code of their day; the replay test checks that
today's code still replays them (a change that breaks them needs `workflow.patched`).
"""

from pathlib import Path

from temporalio.client import WorkflowHandle

HISTORIES = Path(__file__).parent / "histories"


async def save_history(handle: WorkflowHandle, name: str, enabled: bool) -> None:
    if enabled:
        history = await handle.fetch_history()
        (HISTORIES / f"{name}.json").write_text(history.to_json(), encoding="utf-8")
