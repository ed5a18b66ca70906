"""Reminders: each working day at 08:00, Vietnam time, who must be reminded of what, for one campaign.

A round reads the campaign as the database has it at that moment, so a reminder stops as soon as what
it asks for is done: a unit that has submitted is not reminded of the deadline, a dossier appraised is
not overdue. Each mail's key names the campaign, the reminder, its subject and the day, so a round run
twice on the same day (a retried activity) sends nothing twice.

When a reminder's day (7, 3 and 1 days before a deadline, by the settings) is a weekend or a holiday,
it goes out on the last working day before it: never at night, never on a day off, and never later
than the settings ask.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from common.settings import Settings
from common.text import VN_TZ
from common.workdays import WorkCalendar
from db import models, queries, registrations
from db.outbox import OutboxMail
from db.reform import find_report
from mail.events import EventMails, awardee_item, dossier_url, page_url, unit_heads, users_with_roles
from schemas.campaign import EmulationPlan, ReformPlan
from schemas.council import BEFORE_SESSION, CampaignState, Phase
from schemas.deadlines import STEP_NAMES
from schemas.dossier_actions import STAGE_NAMES, Role, Stage
from schemas.reform import report_periods

# What a reminder to register says of the plan's rule (đăng ký thi đua).
REGISTRATION_MODE_TEXTS = {
    "required": "yêu cầu đăng ký thi đua: chưa đăng ký thì không được đề nghị khen thưởng",
    "encouraged": "đề nghị các đơn vị đăng ký thi đua",
}
ROUND_TIME = time(8, 0)
ONE_DAY = timedelta(days=1)


def next_round_at(calendar: WorkCalendar, after: datetime) -> datetime:
    """The first 08:00 of a working day, Vietnam time, after the moment `after`."""
    day = after.astimezone(VN_TZ).date()
    if not (calendar.is_working_day(day) and after < datetime.combine(day, ROUND_TIME, VN_TZ)):
        day = calendar.next_working_day(day + ONE_DAY)
    return datetime.combine(day, ROUND_TIME, VN_TZ)


def reminder_day(calendar: WorkCalendar, target: date) -> date:
    """The day a reminder meant for `target` goes out: `target`, or the last working day before it."""
    while not calendar.is_working_day(target):
        target -= ONE_DAY
    return target


def days_left_if_due(
    calendar: WorkCalendar, deadline: date, offsets: list[int], day: date, after: date | None = None
) -> int | None:
    """The days left before `deadline` if one of the reminders `offsets` days before it falls on `day`.

    None when none does, or when that day is not after `after` (the day the thing was asked for: the
    request itself said it).
    """
    if day >= deadline or (after is not None and day <= after):
        return None
    if any(reminder_day(calendar, deadline - timedelta(days=offset)) == day for offset in offsets):
        return (deadline - day).days
    return None


def working_days_between(calendar: WorkCalendar, start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    count, day = 0, start + ONE_DAY
    while day <= end:
        count += calendar.is_working_day(day)
        day += ONE_DAY
    return count


@dataclass
class RoundSummary:
    """What the workflow's history keeps of a round: its counts, never its mails' keys (tens of thousands)."""

    mails: int
    by_reminder: dict[str, int]  # e.g. {"submission": 4998, "appraisal": 2}
    finished: bool  # nothing more to remind of, ever: the reminders of this campaign end


@dataclass
class Round:
    keys: list[str]
    finished: bool  # nothing more to remind of, ever: the reminders of this campaign end

    def summary(self) -> RoundSummary:
        return RoundSummary(len(self.keys), dict(Counter(key.split("/")[2] for key in self.keys)), self.finished)


def round_mails(session: Session, code: str, day: date, after_id: int, limit: int) -> list:
    """The id, key and creation of the outbox's mails of the round of `code` on `day`, after the row `after_id`, by id.

    Each key of a round is "reminder/<code>/<reminder>/…/<day>|<recipient>" (ReminderRound.event, mail_key)."""
    key = col(OutboxMail.key)
    query = select(OutboxMail.id, OutboxMail.key, OutboxMail.created_at).where(
        key.startswith(f"reminder/{code}/", autoescape=True),
        key.contains(f"/{day.isoformat()}|", autoescape=True),
        col(OutboxMail.id) > after_id,
    )
    return list(session.exec(query.order_by(col(OutboxMail.id)).limit(limit)))


class ReminderRound:
    """One round of one campaign on one working day: enqueues its mails into the caller's session."""

    def __init__(self, session: Session, settings: Settings, calendar: WorkCalendar, code: str, day: date) -> None:
        self.session = session
        self.settings = settings
        self.calendar = calendar
        self.code = code
        self.day = day
        self.mails = EventMails(session, settings, calendar)
        self.campaign = self.session.exec(select(models.Campaign).where(models.Campaign.code == code)).one()
        self.issuer = self.campaign.issuer_id  # a round reminds the campaign's issuer's people and units only

    def run(self) -> Round:
        if self.campaign.kind == "reform_plan":
            finished = self._reform_reports(ReformPlan.model_validate(self.campaign.settings))
            return Round(self.mails.keys, finished)
        run = self.session.get(models.CampaignRun, self.code)
        if run is None:  # the campaign's workflow has not saved its start yet
            return Round([], False)
        state = CampaignState.model_validate(run.state)
        plan = EmulationPlan.model_validate(self.campaign.settings)
        self._registration(plan)
        if state.phase == Phase.open:
            self._submission(plan, state)
        self._supplements(plan)
        self._appraisals(plan, state)
        if state.call and state.phase in BEFORE_SESSION:
            self._council_session(plan, state)
        if state.phase == Phase.decided:
            self._signature(plan, state)
        self._step_deadlines(plan, state)
        return Round(self.mails.keys, state.phase == Phase.recognised)

    def event(self, *parts: object) -> str:
        return "/".join(["reminder", self.code, *map(str, parts), self.day.isoformat()])

    def _dossier_item(self, dossier: models.Dossier, role: Role) -> dict:
        return {
            "title": dossier.title,
            "unit_name": dossier.unit_name,
            "stage_name": STAGE_NAMES[Stage(dossier.stage)],
            "url": dossier_url(self.settings, dossier.id, role),
        }

    # --- before the submission deadline: the units that have not submitted --------------------------

    def _registration(self, plan: EmulationPlan) -> None:
        """The heads of the units asked to register (đăng ký thi đua) that have not, 7, 3 and 1 days before the
        registration's deadline (its reminder days); a unit that registers is not reminded again."""
        rules = plan.registration
        deadline = registrations.deadline_of(self.session, self.campaign, plan)
        if not rules.asked or deadline is None or self.day >= deadline:
            return
        days_left = days_left_if_due(self.calendar, deadline, rules.reminder_days_before, self.day)
        if days_left is None:
            return
        context = {
            "campaign_title": self.campaign.title,
            "mode_text": REGISTRATION_MODE_TEXTS[rules.mode],
            "register_before": deadline,
            "days_left": days_left,
            "office": registrations.office_of(self.campaign, plan),
            "form": rules.form,
            "registration_url": f"{self.settings.public_base_url}/unit/registration/{self.code}",
        }
        for unit in registrations.units_not_registered(self.session, self.campaign):
            heads = unit_heads(self.session, unit.id, self.issuer)
            event = self.event("registration", unit.id)
            self.mails.send(event, "reminder_registration_deadline", heads, {**context, "unit_name": unit.name})

    def _submission(self, plan: EmulationPlan, state: CampaignState) -> None:
        kinds = [kind.code for kind in plan.subject_kinds if kind.group == "collective"]
        for unit in queries.units_not_submitted(self.session, self.code, kinds):
            if unit.issuer_id != self.issuer or not unit.active:
                continue
            extension = state.extensions.get(unit.id)
            deadline = extension.until if extension else state.submit_before
            if extension and state.submit_before and state.submit_before > extension.until:
                deadline = state.submit_before  # the plan's deadline moved past the unit's extension (an event's date)
            if deadline is None:
                continue
            days_left = days_left_if_due(self.calendar, deadline, plan.deadlines.reminder_days_before, self.day)
            if days_left is None:
                continue
            preparing = self.session.exec(
                select(models.Dossier).where(
                    models.Dossier.campaign_code == self.code,
                    models.Dossier.unit_id == unit.id,
                    col(models.Dossier.stage).in_([Stage.draft, Stage.minutes_recorded]),
                )
            ).all()
            context = {
                "campaign_title": self.campaign.title,
                "unit_name": unit.name,
                "submit_before": deadline,
                "days_left": days_left,
                "dossiers": [self._dossier_item(d, Role.unit_head) for d in preparing],
                "campaign_url": page_url(self.settings, Role.unit_head),
            }
            event = self.event("submission", unit.id)
            self.mails.send(event, "reminder_submission_deadline", unit_heads(self.session, unit.id, self.issuer), context)

    # --- before a supplement's due day: that dossier's unit -----------------------------------------

    def _supplements(self, plan: EmulationPlan) -> None:
        waiting = self.session.exec(
            select(models.Dossier).where(
                models.Dossier.campaign_code == self.code, models.Dossier.stage == Stage.supplement_requested
            )
        ).all()
        for dossier in waiting:
            asked = queries.last_event_day(self.session, dossier.id, ["request_supplement"])
            due = dossier.supplement_due
            days_left = days_left_if_due(self.calendar, due, plan.deadlines.reminder_days_before, self.day, asked)
            if days_left is None:
                continue
            context = {
                "campaign_title": self.campaign.title,
                "unit_name": dossier.unit_name,
                "dossier_title": dossier.title,
                "items": dossier.supplement_items or [],
                "due_date": due,
                "days_left": days_left,
                "dossier_url": dossier_url(self.settings, dossier.id, Role.unit_head),
            }
            event = self.event("supplement", dossier.id)
            self.mails.send(event, "reminder_supplement_deadline", unit_heads(self.session, dossier.unit_id, self.issuer), context)

    # --- an appraisal not done in time: the appraisers, then the office head ------------------------

    def _appraisals(self, plan: EmulationPlan, state: CampaignState) -> None:
        deadlines = plan.deadlines
        reminded: dict[date, list[models.Dossier]] = {}
        escalated: dict[date, list[models.Dossier]] = {}
        for dossier in queries.dossiers_in_appraisal(self.session, self.code):
            if dossier.stage == Stage.supplement_requested:  # waiting on the unit, not on the office
                continue
            received_on = queries.received_complete(self.session, dossier.id)
            due = queries.appraisal_due(self.calendar, received_on, deadlines.appraisal_working_days, state.appraisal_due)
            overdue = working_days_between(self.calendar, due, self.day)
            if overdue == 1:
                reminded.setdefault(due, []).append(dossier)
            elif overdue == 1 + deadlines.appraisal_escalation_working_days:
                escalated.setdefault(due, []).append(dossier)
        appraisers = users_with_roles(self.session, [Role.appraiser], self.issuer)
        for due, dossiers in sorted(reminded.items()):
            context = self._overdue_context(due, dossiers)
            self.mails.send(self.event("appraisal", due), "reminder_appraisal_overdue", appraisers, context)
        for due, dossiers in sorted(escalated.items()):
            context = {**self._overdue_context(due, dossiers), "appraiser_names": [u.full_name for u in appraisers]}
            office_heads = users_with_roles(self.session, [Role.office_head], self.issuer)
            self.mails.send(self.event("appraisal-escalation", due), "escalation_appraisal_overdue", office_heads, context)

    def _overdue_context(self, due: date, dossiers: list[models.Dossier]) -> dict:
        return {
            "campaign_title": self.campaign.title,
            "appraisal_due": due,
            "days_overdue": working_days_between(self.calendar, due, self.day),
            "dossiers": [self._dossier_item(d, Role.appraiser) for d in dossiers],
            "campaign_url": page_url(self.settings, Role.appraiser),
        }

    # --- before a called council session: its members -----------------------------------------------

    def _council_session(self, plan: EmulationPlan, state: CampaignState) -> None:
        call = state.call
        called_on = self._last_campaign_event_day("call_session")
        offsets = plan.deadlines.reminder_days_before
        days_left = days_left_if_due(self.calendar, call.session_date, offsets, self.day, called_on)
        if days_left is None:
            return
        context = {
            "campaign_title": self.campaign.title,
            "session_date": call.session_date,
            "session_time": call.session_time,
            "location": call.location,
            "days_left": days_left,
            "candidates": queries.council_candidates(self.session, self.code),
            "campaign_url": page_url(self.settings, Role.council_member, self.code),
        }
        members = users_with_roles(self.session, [Role.council_member, Role.council_secretary], self.issuer)
        self.mails.send(self.event("council", call.session_date), "reminder_council_session", members, context)

    # --- a decision waiting for the signature: the one who signs -------------------------------------

    def _signature(self, plan: EmulationPlan, state: CampaignState) -> None:
        decided_on = self._last_campaign_event_day("close_session")
        waiting = working_days_between(self.calendar, decided_on, self.day)
        if waiting < 1 or (waiting - 1) % plan.deadlines.signature_reminder_working_days:
            return
        decision = state.decision
        context = {
            "campaign_title": self.campaign.title,
            "decided_on": decided_on,
            "days_waiting": waiting,
            "awardees": [awardee_item(a) for a in decision.awardees],
            "total_bonus_vnd": decision.total_bonus_vnd,
            "campaign_url": page_url(self.settings, Role.chairman, self.code),
        }
        # The one the plan says signs: the head, or the deputy who signs "KT." for him.
        signer = Role.deputy_chairman if plan.signer.sign_as == "KT" else Role.chairman
        signers = users_with_roles(self.session, [signer], self.issuer)
        self.mails.send(self.event("signature"), "reminder_decision_signature", signers, context)

    # --- before the council's or the signature's deadline (schemas/deadlines.py): who must act ------------

    def _step_deadlines(self, plan: EmulationPlan, state: CampaignState) -> None:
        """The secretary before the council's last day while no session has opened; the one who signs before the
        signature's last day while the decision waits. Days as the workflow resolved them (an event's date)."""
        waiting = {"council": state.phase in BEFORE_SESSION, "signature": state.phase == Phase.decided}
        for step, role, url_role in (("council", Role.council_secretary, Role.council_secretary),
                                     ("signature", None, Role.chairman)):
            last_day = state.due.get(step)
            if last_day is None or not waiting[step]:
                continue
            days_left = days_left_if_due(self.calendar, last_day, plan.deadlines.reminder_days_before, self.day)
            if days_left is None:
                continue
            if role is None:  # the one the plan says signs, as the signature's reminder
                role = Role.deputy_chairman if plan.signer.sign_as == "KT" else Role.chairman
            context = {
                "campaign_title": self.campaign.title,
                "step_name": STEP_NAMES[step],
                "last_day": last_day,
                "days_left": days_left,
                "campaign_url": page_url(self.settings, url_role, self.code),
            }
            users = users_with_roles(self.session, [role], self.issuer)
            self.mails.send(self.event(f"{step}-deadline", last_day), "reminder_step_deadline", users, context)

    # --- a reform plan's periodic reports: the units that have not sent theirs ---------------------

    def _reform_reports(self, plan: ReformPlan) -> bool:
        periods = report_periods(plan)
        units = self.session.exec(
            select(models.Unit).where(models.Unit.issuer_id == self.issuer, models.Unit.active).order_by(models.Unit.name)
        ).all()
        for period in periods:
            offsets = plan.reports.reminder_days_before
            days_left = days_left_if_due(self.calendar, period.due_before, offsets, self.day)
            if days_left is None or self.day < period.opens_on:
                continue
            for unit in units:
                if find_report(self.session, self.code, unit.id, period.code) is not None:
                    continue
                context = {
                    "campaign_title": self.campaign.title,
                    "unit_name": unit.name,
                    "period_name": period.name,
                    "due_before": period.due_before,
                    "days_left": days_left,
                    "report_url": page_url(self.settings, Role.unit_head),
                }
                event = self.event("report", period.code, unit.id)
                self.mails.send(event, "reminder_reform_report", unit_heads(self.session, unit.id, self.issuer), context)
        return all(period.due_before <= self.day for period in periods)

    # --- when things happened -----------------------------------------------------------------------

    def _last_campaign_event_day(self, action: str) -> date:
        at = self.session.exec(
            select(models.CampaignHistory.at)
            .where(models.CampaignHistory.campaign_code == self.code, models.CampaignHistory.action == action)
            .order_by(col(models.CampaignHistory.seq).desc())
        ).first()
        return queries.vn_day(at)
