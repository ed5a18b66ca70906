"""Activities of the reminders workflow: when the next round is, and the round itself."""

import asyncio
from datetime import date, datetime

from sqlalchemy import Engine
from sqlmodel import Session
from temporalio import activity

from activities.heartbeats import beating
from common.faults import crash_point
from common.settings import Settings
from common.workdays import WorkCalendar
from mail.reminders import ReminderRound, Round, RoundSummary, next_round_at


class ReminderActivities:
    def __init__(self, engine: Engine, settings: Settings, calendar: WorkCalendar) -> None:
        self.engine = engine
        self.settings = settings
        self.calendar = calendar

    @activity.defn
    def next_round(self, after: datetime) -> datetime:
        """08:00 of the next working day (the holiday calendar is data, so not in the workflow)."""
        return next_round_at(self.calendar, after)

    @activity.defn
    async def remind_round(self, campaign_code: str, day: date) -> RoundSummary:
        """Write the day's reminders of the campaign to the outbox; return their counts, beating meanwhile.

        Run again (a retried attempt, a worker dead after the commit), it finds its mails there and adds none.
        """
        result = await beating(asyncio.to_thread(self._round, campaign_code, day))
        return result.summary()

    @activity.defn
    def remind(self, campaign_code: str, day: date) -> Round:
        """The round as a local activity returning its mails' keys: for the runs started before remind_round."""
        return self._round(campaign_code, day)

    def _round(self, campaign_code: str, day: date) -> Round:
        with Session(self.engine) as session:
            result = ReminderRound(session, self.settings, self.calendar, campaign_code, day).run()
            session.commit()
        crash_point("remind_round")
        return result
