"""The mails a workflow event causes: who is told, and what the mail says.

Called by the activities that save a dossier's or a campaign's event, in the same transaction: the
event and its mails are written together or not at all, and saving the event again (a retried
activity) finds the mails already there. Each mail's key is "(event, recipient)", the event being
"dossier/<id>/seq/<n>" or "campaign/<code>/seq/<n>".
"""

from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select

from common.settings import Settings
from common.text import VN_TZ, vn_date
from common.workdays import WorkCalendar
from db import models, notifications, queries
from db.outbox import OutboxMail
from db.queries import users_holding
from mail.outbox import enqueue, mail_key
from schemas.campaign import EmulationPlan
from schemas.council import Awardee, CampaignEvent, CampaignState
from schemas.dossier import DossierEvent, DossierState
from schemas.dossier_actions import APPRAISERS, NomineeStatus, Role, Stage


# Links to the web pages of the role the mail is for.


def dossier_url(settings: Settings, dossier_id: str, role: Role) -> str:
    area = "appraisal" if role in APPRAISERS else "unit"
    return f"{settings.public_base_url}/{area}/dossiers/{dossier_id}"


def page_url(settings: Settings, role: Role, code: str | None = None) -> str:
    """A role's own page: the unit's dossiers, the appraisal queue, the council's, the decision's."""
    if role in (Role.council_member, Role.council_secretary):
        return f"{settings.public_base_url}/council/{code}"
    if role in (Role.chairman, Role.deputy_chairman):
        return f"{settings.public_base_url}/decision/{code}"
    return f"{settings.public_base_url}/{'appraisal' if role in APPRAISERS else 'unit'}"


def honour_roll_url(settings: Settings, code: str) -> str:
    return f"{settings.public_base_url}/honour-roll/{code}"


def users_with_roles(session: Session, roles: Iterable[Role], issuer_id: int) -> list[models.User]:
    """The issuer's active users of these roles that have an address: a campaign's mails go to the people
    of the campaign's issuer only, never to another issuer's office in the same database."""
    return [user for user in users_holding(session, roles, issuer_id=issuer_id) if user.email]


def unit_heads(session: Session, unit_id: int, issuer_id: int) -> list[models.User]:
    """The unit's heads that have an address, read from the unit's users only: a round reminds thousands of units."""
    query = select(models.User).where(models.User.active, models.User.issuer_id == issuer_id, models.User.unit_id == unit_id)
    return [user for user in session.exec(query.order_by(models.User.id)) if user.holds(Role.unit_head) and user.email]


def awardee_item(awardee: Awardee) -> dict:
    """An awardee as the mails list one (mail/render.py)."""
    candidate = awardee.candidate
    return {
        "name": candidate.name,
        "position": candidate.position,
        "unit_name": candidate.unit_name,
        "award_form": awardee.award_form,
        "bonus_vnd": awardee.bonus_vnd,
    }


def campaign_settings(session: Session, code: str) -> models.Campaign:
    """The campaign's row: its settings, and its issuer (`issuer_id`), whose people its mails go to."""
    return session.exec(select(models.Campaign).where(models.Campaign.code == code)).one()


class EventMails:
    """Enqueue the mails of one saved event into the caller's session; return their keys."""

    def __init__(self, session: Session, settings: Settings, calendar: WorkCalendar) -> None:
        self.session = session
        self.settings = settings
        self.calendar = calendar
        self.keys: list[str] = []

    def send(self, event: str, kind: str, users: Iterable[models.User], context: dict) -> None:
        """The mail to each user, and their in-app notification of it (db/notifications.py), in this session."""
        for user in users:
            mail = self.to(event, kind, user.email, {**context, "recipient_name": user.full_name})
            notifications.record(
                self.session, user.id, event, kind, mail.subject, notifications.link_of(context, self.settings.public_base_url)
            )

    def to(self, event: str, kind: str, address: str, context: dict) -> OutboxMail:
        key = mail_key(event, address)
        mail = enqueue(self.session, key, kind, address, context)
        self.keys.append(key)
        return mail

    # --- a dossier's events -----------------------------------------------------------------------

    def for_dossier(self, state: DossierState, event: DossierEvent) -> list[str]:
        appraisal_done = (
            event.action == "appraise"
            and event.stage_before == Stage.under_appraisal
            and event.stage_after in (Stage.appraised, Stage.rejected)
        )
        if event.action not in ("submit", "request_supplement", "recall") and not appraisal_done:
            return self.keys  # most events mail nobody: no query for them
        campaign = campaign_settings(self.session, state.campaign_code)
        issuer = campaign.issuer_id
        name = f"dossier/{state.dossier_id}/seq/{event.seq}"
        common = {
            "campaign_title": campaign.title,
            "unit_name": state.unit_name,
            "dossier_title": state.title,
            "dossier_url": dossier_url(self.settings, state.dossier_id, Role.unit_head),
        }
        if event.action == "submit":
            plan = EmulationPlan.model_validate(campaign.settings)
            submitted_on = event.at.astimezone(VN_TZ).date()
            due = self.calendar.add_working_days(submitted_on, plan.deadlines.appraisal_working_days)
            selected = [n for n in state.nominees if n.status == NomineeStatus.selected]
            context = {
                **common,
                "nominees": selected,
                "submitted_at": event.at,
                "appraisal_due": due,
                "dossier_url": dossier_url(self.settings, state.dossier_id, Role.appraiser),
            }
            appraisers = users_with_roles(self.session, APPRAISERS, issuer)
            self.send(name, "dossier_submitted", appraisers, context)
        elif event.action == "recall":  # the unit took back what it sent: the office need not appraise it
            context = {
                **common,
                "recalled_at": event.at,
                "reason": event.detail or "",
                "dossier_url": dossier_url(self.settings, state.dossier_id, Role.appraiser),
            }
            self.send(name, "dossier_recalled", users_with_roles(self.session, APPRAISERS, issuer), context)
        elif event.action == "request_supplement":
            supplement = state.supplement
            context = {**common, "nominees": state.nominees, "items": supplement.items, "due_date": supplement.due_date}
            self.send(name, "supplement_requested", unit_heads(self.session, state.unit_id, issuer), context)
        elif appraisal_done:
            judged = [
                {
                    "name": n.name,
                    "position": n.position,
                    "passed": n.status == NomineeStatus.passed,
                    "reason": n.reasons[-1] if n.reasons else None,
                }
                for n in state.nominees
                if n.status in (NomineeStatus.passed, NomineeStatus.failed)
            ]
            context = {**common, "nominees": judged}
            self.send(name, "appraisal_result", unit_heads(self.session, state.unit_id, issuer), context)
        return self.keys

    # --- a campaign's events ----------------------------------------------------------------------

    def for_campaign(self, state: CampaignState, event: CampaignEvent) -> list[str]:
        name = f"campaign/{state.code}/seq/{event.seq}"
        if event.action not in ("call_session", "sign_decision", "recognise", "grant_extension"):
            return self.keys  # most events mail nobody: no query for them
        issuer = campaign_settings(self.session, state.code).issuer_id
        if event.action == "grant_extension":
            self._extension_granted(name, state, event, issuer)
        if event.action == "call_session":
            call = state.call
            context = {
                "campaign_title": state.title,
                "session_date": call.session_date,
                "session_time": call.session_time,
                "location": call.location,
                "candidates": queries.council_candidates(self.session, state.code),
                "campaign_url": page_url(self.settings, Role.council_member, state.code),
            }
            members = users_with_roles(self.session, [Role.council_member, Role.council_secretary], issuer)
            self.send(name, "council_called", members, context)
        elif event.action == "sign_decision":
            self._decision_signed(name, state, issuer)
        elif event.action == "recognise":
            self._honour_roll(name, state, event.at.astimezone(VN_TZ).date(), issuer)
        return self.keys

    def _extension_granted(self, name: str, state: CampaignState, event: CampaignEvent, issuer: int) -> None:
        """The unit granted more time is told its new deadline (the event's detail names the unit and the day,
        as workflows/campaign.py grant_extension writes it)."""
        extension = next(
            (e for e in state.extensions.values() if event.detail == f"{e.unit_name}: nộp trước ngày {vn_date(e.until)}. Lý do: {e.reason}"),
            None,
        )
        if extension is None:
            return
        context = {
            "campaign_title": state.title,
            "unit_name": extension.unit_name,
            "until": extension.until,
            "reason": extension.reason,
            "campaign_url": page_url(self.settings, Role.unit_head),
        }
        self.send(name, "deadline_extended", unit_heads(self.session, extension.unit_id, issuer), context)

    def _awardees_by_unit(self, state: CampaignState, issuer_id: int) -> dict[int, list[dict]]:
        """The decision's awardees, grouped by the unit whose dossier proposed them, each individual with their own
        address from the issuer's registry of people, if it has one: read in three queries, however many."""
        awardees = state.decision.awardees
        dossier_ids = {a.candidate.dossier_id for a in awardees}
        units = dict(self.session.exec(
            select(models.Dossier.id, models.Dossier.unit_id).where(col(models.Dossier.id).in_(dossier_ids))).all())
        people = dict(self.session.exec(
            select(models.Nominee.dossier_id + "/" + models.Nominee.key, models.Person.email)
            .join(models.Person, models.Person.id == models.Nominee.person_id)
            .where(col(models.Nominee.dossier_id).in_(dossier_ids), models.Nominee.group == "individual",
                   models.Person.issuer_id == issuer_id)).all())
        by_unit: dict[int, list[dict]] = {}
        for awardee in awardees:
            candidate = awardee.candidate
            item = {
                **awardee_item(awardee),
                "address": people.get(f"{candidate.dossier_id}/{candidate.nominee_key}"),
                "dossier_id": candidate.dossier_id,
            }
            by_unit.setdefault(units[candidate.dossier_id], []).append(item)
        return by_unit

    def _decision_signed(self, name: str, state: CampaignState, issuer: int) -> None:
        decision = state.decision
        common = {
            "campaign_title": state.title,
            "decision_number": decision.number,
            "signed_on": decision.signed_on,
            # The signer's own title and name, "CHỦ TỊCH Phạm Thị Thu Hiền", "PHÓ CHỦ TỊCH Nguyễn Thế Đức", without
            # the lines above them ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") that decisions signed before recorded.
            "signer": " ".join(decision.signer.split(" / ")[-2:]),
        }
        for unit_id, awardees in sorted(self._awardees_by_unit(state, issuer).items()):
            unit = self.session.get(models.Unit, unit_id)
            context = {
                **common,
                "unit_name": unit.name,
                "awardees": awardees,
                "dossier_url": dossier_url(self.settings, awardees[0]["dossier_id"], Role.unit_head),
            }
            heads = unit_heads(self.session, unit_id, issuer)
            self.send(name, "decision_signed", heads, {**context, "to_awardee": False})
            for awardee in awardees:
                if awardee["address"]:
                    own = {
                        **context,
                        "awardees": [awardee],
                        "to_awardee": True,
                        "recipient_name": awardee["name"],
                        "dossier_url": honour_roll_url(self.settings, state.code),  # an awardee has no login
                    }
                    self.to(name, "decision_signed", awardee["address"], own)

    def _honour_roll(self, name: str, state: CampaignState, published_on: date, issuer: int) -> None:
        by_unit = self._awardees_by_unit(state, issuer)
        awardees = [awardee for unit_awardees in by_unit.values() for awardee in unit_awardees]
        context = {
            "campaign_title": state.title,
            "published_on": published_on,
            "awardees": awardees,
            "honour_roll_url": honour_roll_url(self.settings, state.code),
        }
        taking_part = self.session.exec(
            select(models.Dossier.unit_id).where(
                models.Dossier.campaign_code == state.code, col(models.Dossier.stage).in_(queries.SUBMITTED_STAGES)
            )
        ).all()
        for unit_id in sorted(set(taking_part)):
            self.send(name, "honour_roll_published", unit_heads(self.session, unit_id, issuer), context)
        for awardee in awardees:
            if awardee["address"]:
                self.to(name, "honour_roll_published", awardee["address"], {**context, "recipient_name": awardee["name"]})
