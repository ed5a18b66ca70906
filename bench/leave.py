"""How a benchmark that used a Temporal client ends: its figures flushed, then the process leaves at once.

The client's threads (its Rust runtime) may outlive the interpreter's teardown, which then aborts the process
("Fatal Python error: PyGILState_Release", temporalio/sdk-python#300), failing `make bench` after its figures
were printed. Leaving before the teardown keeps the benchmark's own exit status.
"""

import os
import sys
import traceback
from collections.abc import Callable


def run_then_leave(entry: Callable[[], object]) -> None:
    """Run `entry`; leave with its status: 0, a SystemExit's code (its message printed), or 1 on an error."""
    code = 0
    try:
        entry()
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
        code = stop.code if isinstance(stop.code, int) else int(bool(stop.code))
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
