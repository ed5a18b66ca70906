"""The activity of the registration reminders' workflow: one day's round (mail/registration.py)."""

from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session
from temporalio import activity

from common.settings import Settings
from common.workdays import WorkCalendar
from mail.registration import registration_round
from mail.reminders import Round


class RegistrationActivities:
    def __init__(self, engine: Engine, settings: Settings, calendar: WorkCalendar) -> None:
        self.engine = engine
        self.settings = settings
        self.calendar = calendar

    @activity.defn
    def remind_registration(self, campaign_code: str, day: date) -> Round:
        """Write the day's registration reminders of the campaign to the outbox; return their keys."""
        with Session(self.engine) as session:
            result = registration_round(session, self.settings, self.calendar, campaign_code, day)
            session.commit()
            return result
