"""Reminders to register (đăng ký thi đua): each working day's round, for one campaign whose plan asks units to
register by a deadline, to the heads of the units asked that have not registered.

As the other reminders (mail/reminders.py): 7, 3 and 1 days before the deadline by the plan's settings, a day
off moved to the working day before; a unit that registers is not reminded again; each mail's key names the
campaign, the unit and the day, so a round run twice sends nothing twice. The round is finished, and the
workflow ends, once the deadline has come (or the plan asks for no registration, or sets no deadline).
"""

from datetime import date

from sqlmodel import Session, select

from common.settings import Settings
from common.workdays import WorkCalendar
from db import models
from db import registrations as store
from mail.events import EventMails, unit_heads
from mail.reminders import Round, days_left_if_due

MODE_TEXTS = {
    "required": "yêu cầu đăng ký thi đua: chưa đăng ký thì không được đề nghị khen thưởng",
    "encouraged": "đề nghị các đơn vị đăng ký thi đua",
}


def registration_url(settings: Settings, code: str) -> str:
    return f"{settings.public_base_url}/unit/registration/{code}"


def registration_round(session: Session, settings: Settings, calendar: WorkCalendar, code: str, day: date) -> Round:
    """Enqueue the day's reminders into `session`; their keys, and whether the reminders of the campaign are over."""
    campaign = session.exec(select(models.Campaign).where(models.Campaign.code == code)).one()
    plan = store.plan_of(campaign)
    rules = plan.registration
    deadline = store.deadline_of(campaign, plan)
    if not rules.asked or deadline is None:
        return Round([], True)
    if day >= deadline:
        return Round([], True)
    days_left = days_left_if_due(calendar, deadline, rules.reminder_days_before, day)
    mails = EventMails(session, settings, calendar)
    if days_left is not None:
        context = {
            "campaign_title": campaign.title,
            "mode_text": MODE_TEXTS[rules.mode],
            "register_before": deadline,
            "days_left": days_left,
            "office": store.office_of(campaign, plan),
            "form": rules.form,
            "registration_url": registration_url(settings, code),
        }
        for unit in store.units_not_registered(session, campaign):
            event = "/".join(["reminder", code, "registration", str(unit.id), day.isoformat()])
            heads = unit_heads(session, unit.id, campaign.issuer_id)
            mails.send(event, "reminder_registration_deadline", heads, {**context, "unit_name": unit.name})
    return Round(mails.keys, False)
