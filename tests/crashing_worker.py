"""A worker that dies the moment the SMTP server has accepted a mail, before it records it as sent.

Run as a program by tests/test_delivery.py: `python -m tests.crashing_worker`, configured by the same
environment variables as worker.py. The process ends with os._exit, as a killed worker would: no
exception handler, no cleanup, the activity left running on the Temporal server.
"""

import asyncio
import os

from common.settings import get_settings
from db.engine import make_engine
import worker as worker_module
from mail.sender import MailActivities
from worker import build_worker, connect

CRASH_EXIT_CODE = 9


class CrashingMailActivities(MailActivities):
    def send(self, message, recipient) -> None:
        super().send(message, recipient)
        os._exit(CRASH_EXIT_CODE)


async def main() -> None:
    # Only here, in the program: importing this module (for CRASH_EXIT_CODE) changes nothing.
    worker_module.MailActivities = CrashingMailActivities
    settings = get_settings()
    client = await connect(settings)
    print("crashing worker ready", flush=True)
    await build_worker(client, make_engine(settings.database_url), settings).run()


if __name__ == "__main__":
    asyncio.run(main())
