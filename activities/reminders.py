"""Activities of the reminders workflow: when the next round is, and the round itself."""

from datetime import date, datetime

from sqlalchemy import Engine
from sqlmodel import Session
from temporalio import activity

from common.settings import Settings
from common.workdays import WorkCalendar
from mail.reminders import ReminderRound, Round, next_round_at


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
    def remind(self, campaign_code: str, day: date) -> Round:
        """Write the day's reminders of the campaign to the outbox; return their keys."""
        with Session(self.engine) as session:
            result = ReminderRound(session, self.settings, self.calendar, campaign_code, day).run()
            session.commit()
            return result
