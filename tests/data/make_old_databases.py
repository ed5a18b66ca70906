"""Makes the databases of earlier releases that tests/test_migrations.py upgrades, each by that release's own code.

    .venv/bin/python tests/data/make_old_databases.py

For each release: a temporary git worktree at its commit, where its code makes the tables and loads the demo
data, then takes dossiers through its API on a Temporal dev server, with its worker: one dossier from the
unit head to the signed decision and its recognition, one submitted by another unit, one draft. The
database is written here as one SQLite file (the online backup API, so no -wal file is needed).
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

RELEASES = {
    "1ac6a7c": "release-1ac6a7c.db",  # the last release made without migrations: the baseline's schema
    "46176aa": "release-46176aa.db",  # before the documents and the logins: no dossier.state, no user.password_hash
    "5bea895": "release-5bea895.db",  # the last release before issuers: one set of units, people and users
    "b1bf412": "release-b1bf412.db",  # the release with issuers, before registration and the plans' new rules
}
# From this release on the payloads are encrypted and signed, and the tests make the tables themselves.
WITH_CODEC = {"5bea895", "b1bf412"}

# Run by the release's own Python code, in its worktree (the current folder); argv[1] is the file to write.
STEPS = '''
import asyncio, sqlite3, sys, tempfile
from pathlib import Path

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from tests.conftest import BIN, start_service
from tests.dossier_steps import (
    APPRAISER, OTHER_UNIT_HEAD, UNIT_HEAD, attach_all, create, decide_sign_recognise, minutes, ok, open_session,
    post, under_appraisal, vote,
)
from tests.smtp_server import SmtpServer


async def main(out: Path) -> None:
    folder = Path(tempfile.mkdtemp())
    mail = SmtpServer()
    mail.up()
    async with await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(BIN / "temporal"), data_converter=pydantic_data_converter
    ) as env:
        async for service in start_service(env, folder, mail):
            async with service.worker():
                dossier = await under_appraisal(service)
                for nominee in dossier["nominees"]:
                    path = f"/api/dossiers/{dossier['id']}/nominees/{nominee['key']}/appraisal"
                    ok(await post(service, APPRAISER, path, json={"passed": True}))
                await vote(service, await open_session(service))
                await decide_sign_recognise(service)
                other = await create(service, user=OTHER_UNIT_HEAD, nominees=[
                    {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Trần Thị Bích Ngọc",
                     "position": "Chuyên viên"},
                ])
                path = f"/api/dossiers/{other['id']}"
                other = ok(await post(service, OTHER_UNIT_HEAD, f"{path}/minutes", json=minutes(other)))
                await attach_all(service, other, user=OTHER_UNIT_HEAD)
                ok(await post(service, OTHER_UNIT_HEAD, f"{path}/submit"))
                await create(service, user=UNIT_HEAD)
    mail.down()
    source = sqlite3.connect(folder / "thidua.db")
    target = sqlite3.connect(out)
    source.backup(target)
    target.execute("PRAGMA journal_mode=DELETE")
    target.execute("VACUUM")
    target.close()
    source.close()


asyncio.run(main(Path(sys.argv[1])))
'''

# The same steps for a release whose clients take worker.client_options and whose start_service a database URL.
STEPS_WITH_CODEC = (
    STEPS.replace(
        "from temporalio.contrib.pydantic import pydantic_data_converter",
        "from common.settings import Settings\nfrom db.engine import create_tables, make_engine\n"
        "from worker import client_options",
    )
    .replace("data_converter=pydantic_data_converter", "**client_options(Settings())")
    .replace("post, under_appraisal, vote,", "post, under_appraisal, vote, confirm_unmatched,")
    .replace("dossier = await under_appraisal(service)", "dossier = await confirm_unmatched(service, await under_appraisal(service))")
    .replace(
        "async for service in start_service(env, folder, mail):",
        "url = f\"sqlite:///{folder / 'thidua.db'}\"\n        create_tables(make_engine(url))\n"
        "        async for service in start_service(env, folder, mail, url):",
    )
)


def make(commit: str, name: str) -> None:
    out = HERE / name
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True)
        try:
            steps = STEPS_WITH_CODEC if commit in WITH_CODEC else STEPS
            subprocess.run([sys.executable, "-c", steps, str(out)], cwd=tree, check=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
    print(f"{name}: {out.stat().st_size} bytes, made by {commit}")


if __name__ == "__main__":
    for commit, name in RELEASES.items():
        if len(sys.argv) == 1 or commit in sys.argv[1:]:  # only the releases named, if any
            make(commit, name)
