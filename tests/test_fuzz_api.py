"""The API fuzzed from its own OpenAPI schema (schemathesis): no answer is a 5xx, no refusal changes anything.

A few hundred cases, a fixed seed, as a unit head and as an appraiser, against the app served by uvicorn
with its worker; tests/fuzz_hooks.py holds the check that a refused request changed no row.
"""

import asyncio
import os
import socket
import sys
from pathlib import Path

import pytest
import uvicorn

from tests.conftest import Service
from tests.dossier_steps import NOMINEES, create
from web.main import create_app

HOOKS = "tests.fuzz_hooks"
SEED = 20261201
EXAMPLES = 3  # per operation and token: about 60 operations


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("user", ["truongphong.kinhte", "thamdinh"])
async def test_no_server_error_and_no_refusal_that_changes_state(running: Service, user: str, tmp_path: Path):
    # The campaign and a dossier of the unit's: the cases reach past "not found" into the steps.
    dossier = await create(running, NOMINEES[:2])
    config = tmp_path / "schemathesis.toml"
    config.write_text(f'[parameters]\n"path.code" = "{running.campaign}"\n"path.dossier_id" = "{dossier["id"]}"\n')
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(running.settings), host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    try:
        command = [
            str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(config), "run", f"http://127.0.0.1:{port}/openapi.json",
            "--checks", "not_a_server_error,refused_request_changes_nothing",
            "--phases", "examples,fuzzing", "--max-examples", str(EXAMPLES), "--seed", str(SEED),
            "--workers", "1", "--request-timeout", "30",
            "-H", f"Authorization: Bearer demo-{user}", "--exclude-path-regex", "^/dev/",
            "--report", "junit", "--report-dir", str(tmp_path),
        ]
        env = os.environ | {
            "SCHEMATHESIS_HOOKS": HOOKS, "THIDUA_FUZZ_DATABASE_URL": running.settings.database_url,
            "PYTHONPATH": str(Path(__file__).parent.parent),  # for the hooks; the run's own files stay in tmp_path
        }
        process = await asyncio.create_subprocess_exec(
            *command, env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await process.communicate()
    finally:
        server.should_exit = True
        await serving
    report = output.decode(errors="replace")
    print(report[-3000:])
    assert process.returncode == 0, report[-6000:]
