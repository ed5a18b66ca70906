"""`make run`: the Temporal dev server, the demo data, the worker and the web app, until Ctrl-C.

Temporal keeps its data in .data/temporal.db between runs; the demo data is loaded only where missing.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.settings import get_settings  # noqa: E402
from mail.sink import is_local  # noqa: E402

DATA = ROOT / ".data"
BIN = Path(sys.executable).parent


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{process.args[0]} stopped with code {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    sys.exit(f"nothing listens on port {port} after {seconds} s")


def main() -> None:
    # Development, for this process and all it starts: the demo data and its passwords, cookies over plain HTTP.
    os.environ["ENVIRONMENT"] = "development"
    DATA.mkdir(exist_ok=True)
    started: list[subprocess.Popen] = []

    def start(*command: str) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT)
        started.append(process)
        return process

    def stop(*_args) -> None:
        for process in reversed(started):
            process.terminate()
        for process in reversed(started):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    temporal = start(
        str(BIN / "temporal"), "server", "start-dev",
        "--ip", "127.0.0.1", "--port", "7233", "--ui-port", "8233",
        "--db-filename", str(DATA / "temporal.db"), "--log-level", "warn",
    )
    wait_for_port(7233, temporal)
    subprocess.run([sys.executable, "-m", "db.demo"], cwd=ROOT, check=True)
    settings = get_settings()
    if is_local(settings):  # no SMTP server configured: catch the mail here, shown at /dev/mail
        wait_for_port(settings.smtp_port, start(sys.executable, "-m", "mail.sink"))
    start(sys.executable, "worker.py")
    web = start(sys.executable, "-m", "uvicorn", "web.main:app", "--host", "127.0.0.1", "--port", "8000")
    wait_for_port(8000, web)
    print(
        "\nReady:\n  web app and API  http://127.0.0.1:8000  (API docs: /docs)\n"
        "  log in           http://127.0.0.1:8000/login  as e.g. thamdinh, password demo-thamdinh\n"
        "  Temporal UI      http://127.0.0.1:8233\n  mail caught here http://127.0.0.1:8000/dev/mail\n"
        "Ctrl-C stops everything.\n",
        flush=True,
    )
    while all(process.poll() is None for process in started):
        time.sleep(0.5)
    failed = next(process for process in started if process.poll() is not None)
    print(f"{failed.args[0]} stopped with code {failed.returncode}; stopping the rest.", flush=True)
    stop()


if __name__ == "__main__":
    main()
