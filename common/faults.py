"""Fault injection for the crash tests: the worker process dies at a named point, as a killed one would.

A worker started with THIDUA_CRASH_FILE=<path> reads that file at each point; when it names the point,
the file is removed (one crash per wish) and the process ends with os._exit: no exception handler, no
cleanup, its workflow task and activities left in flight on the Temporal server. Without the variable
(every deployment) a point does nothing.
"""

import os
from pathlib import Path

CRASH_EXIT_CODE = 137  # what a SIGKILLed process reports


def crash_point(point: str) -> None:
    path = os.environ.get("THIDUA_CRASH_FILE")
    if not path:
        return
    wish = Path(path)
    try:
        wanted = wish.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return
    if wanted == point:
        wish.unlink(missing_ok=True)
        os._exit(CRASH_EXIT_CODE)
