"""Alarms: what must never happen, logged as an error for whoever watches the logs."""

import logging

logger = logging.getLogger("thidua.alarm")


def raise_alarm(code: str, subject: str, detail: str) -> None:
    logger.error("ALARM %s %s: %s", code, subject, detail)
