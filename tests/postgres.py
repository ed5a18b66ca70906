"""A PostgreSQL 15 server of the test session's own, from Debian's postgresql package, in a temporary folder.

initdb refuses to run as root: as root, the folder belongs to the `postgres` user and the server runs as it.
The server listens on 127.0.0.1 on a free port, trusts local connections and does not fsync (a test's data
is thrown away). Its time zone is Vietnam's, as a server in Vietnam would have it.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "timezone": "'Asia/Ho_Chi_Minh'",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="thidua-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()

    def _run(self, *command: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*as_postgres, *command], capture_output=True, text=True)
        if done.returncode != 0:
            log = self.folder / "server.log"
            raise RuntimeError(f"{command[0]} failed: {done.stderr}{log.read_text() if log.exists() else ''}")

    def up(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in SETTINGS.items())
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", f"-p {self.port}",
                  "-l", str(self.folder / "server.log"), "-w", "start")

    def down(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, statement: str) -> None:
        """One statement on the server's `postgres` database, outside a transaction (CREATE DATABASE is)."""
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", autocommit=True) as server:
            server.execute(statement)
