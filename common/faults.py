"""Fault injection for the crash tests: the worker process dies at a named point, as a killed one would.

A worker started with THIDUA_CRASH_FILE=<path> reads that file at each point: a file of wishes, a point
a line. When a line names the point, the line is taken out (one crash per wish) and the process ends with
os._exit: no exception handler, no cleanup, its workflow tasks and activities left in flight on the
Temporal server. Without the variable (every deployment) a point does nothing.
"""

import os
from pathlib import Path

CRASH_EXIT_CODE = 137  # what a SIGKILLed process reports


def crash_point(point: str) -> None:
    path = os.environ.get("THIDUA_CRASH_FILE")
    if not path:
        return
    wishes = Path(path)
    try:
        lines = wishes.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    if point in lines:
        lines.remove(point)
        wishes.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        os._exit(CRASH_EXIT_CODE)
