"""A process that makes its engine has every table's mapper configured before its first query.

SQLAlchemy configures them lazily, in the first query; a worker whose first activity was cancelled right there (the
SDK raises into the activity's thread when a worker's task times out) kept them failed for good: every later query
of that process refused "One or more mappers failed to initialize … Original exception was: Cancelled", and a local
activity retried on it forever (found with the council's fault test).
"""

import subprocess
import sys

from common.settings import ROOT

CHECK = """
from sqlmodel import SQLModel
from db.engine import make_engine
make_engine("sqlite://")
unconfigured = [m.class_.__name__ for m in SQLModel._sa_registry.mappers if not m.configured]
assert not unconfigured, unconfigured
"""


def test_making_the_engine_configures_every_mapper():
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
