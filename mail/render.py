"""Mails rendered from the Jinja2 templates in templates/mail/.

Each kind of mail is a pair of templates: `<kind>.txt` (the plain text, and the subject) and
`<kind>.html` (the HTML, on the shared layout `_base.html`). The subject is the `subject` block of
the text template: the text layout `_base.txt` never prints it, `render` reads it alone and gives it,
on one line, to the HTML layout as `subject`.

Every field a kind expects is listed in FIELDS and must be in the context (a field may be None where
the template allows it, e.g. a meeting without a location). A missing field fails loudly: `render`
checks the top-level fields, and StrictUndefined any attribute of an item (a nominee without `position`).
Items may be dicts or objects (pydantic models): templates read `nominee.name` either way.

Dates print as dd/mm/yyyy (filter `vn_date`, moments in Vietnam time), money as "1.170.000 đồng"
(filter `vnd`), a person as "name, position" (filter `person`). Fields ending in `_url` are absolute
links into the web app (built on settings.public_base_url).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_environment, select_autoescape

from common.settings import ROOT
from common.text import vn_date

TEMPLATES = ROOT / "templates" / "mail"

# The items of the lists: a nominee (schemas.dossier.Nominee fits): name, position (None for a collective);
# a candidate (schemas.council.Candidate fits): name, position, unit_name, group; an awardee: name,
# position, unit_name, award_form, bonus_vnd (the honour roll shows no bonus); a dossier: title,
# unit_name, stage_name, url.
FIELDS: dict[str, tuple[str, ...]] = {
    # to the receiving office; appraisal_due may be None
    "dossier_submitted": (
        "recipient_name", "campaign_title", "unit_name", "dossier_title", "nominees", "submitted_at",
        "appraisal_due", "dossier_url",
    ),
    # to the receiving office: the unit recalled a dossier it had submitted; reason: "Lý do: ..."
    "dossier_recalled": (
        "recipient_name", "campaign_title", "unit_name", "dossier_title", "recalled_at", "reason", "dossier_url",
    ),
    # to the unit head: the office or the council's secretary gave the unit more time to submit
    "deadline_extended": ("recipient_name", "campaign_title", "unit_name", "until", "reason", "campaign_url"),
    # to the unit head; items: list of str
    "supplement_requested": (
        "recipient_name", "campaign_title", "unit_name", "dossier_title", "nominees", "items", "due_date",
        "dossier_url",
    ),
    # to the unit head; each nominee also has passed (bool) and reason (str or None)
    "appraisal_result": (
        "recipient_name", "campaign_title", "unit_name", "dossier_title", "nominees", "dossier_url",
    ),
    # to the unit head; nominee: name, position
    "nominee_suspended": (
        "recipient_name", "campaign_title", "unit_name", "dossier_title", "nominee", "reason", "dossier_url",
    ),
    "nominee_resumed": (
        "recipient_name", "campaign_title", "unit_name", "dossier_title", "nominee", "reason", "dossier_url",
    ),
    # to each council member; candidates: name, position, unit_name, group; session_time, location may be None
    "council_called": (
        "recipient_name", "campaign_title", "session_date", "session_time", "location", "candidates",
        "campaign_url",
    ),
    # to a unit head (to_awardee False: the unit's awardees) or to an awardee (True: their own award)
    "decision_signed": (
        "recipient_name", "to_awardee", "campaign_title", "unit_name", "decision_number", "signed_on", "signer",
        "awardees", "dossier_url",
    ),
    "honour_roll_published": (
        "recipient_name", "campaign_title", "published_on", "awardees", "honour_roll_url",
    ),
    # dossiers: the unit's dossiers not yet submitted (may be empty)
    "reminder_submission_deadline": (
        "recipient_name", "campaign_title", "unit_name", "submit_before", "days_left", "dossiers",
        "campaign_url",
    ),
    "reminder_supplement_deadline": (
        "recipient_name", "campaign_title", "unit_name", "dossier_title", "items", "due_date", "days_left",
        "dossier_url",
    ),
    # to the appraisers; dossiers: those not yet appraised
    "reminder_appraisal_overdue": (
        "recipient_name", "campaign_title", "appraisal_due", "days_overdue", "dossiers", "campaign_url",
    ),
    # to the office head; appraiser_names: list of str
    "escalation_appraisal_overdue": (
        "recipient_name", "campaign_title", "appraisal_due", "days_overdue", "appraiser_names", "dossiers",
        "campaign_url",
    ),
    "reminder_council_session": (
        "recipient_name", "campaign_title", "session_date", "session_time", "location", "days_left",
        "candidates", "campaign_url",
    ),
    # to the Chairman; decided_on: the day the council voted
    "reminder_decision_signature": (
        "recipient_name", "campaign_title", "decided_on", "days_waiting", "awardees", "total_bonus_vnd",
        "campaign_url",
    ),
    # to a unit head; period_name: "Báo cáo CCHC quý III năm 2025"
    "reminder_reform_report": (
        "recipient_name", "campaign_title", "unit_name", "period_name", "due_before", "days_left", "report_url",
    ),
    # before a step's deadline (Deadlines.council, .signature): to the council's secretary, or to the one who signs;
    # step_name: "Hạn họp Hội đồng Thi đua - Khen thưởng", last_day: the last day the step may be done
    "reminder_step_deadline": (
        "recipient_name", "campaign_title", "step_name", "last_day", "days_left", "campaign_url",
    ),
    # to a unit head whose unit has not registered (mail/reminders.py); form may be None
    "reminder_registration_deadline": (
        "recipient_name", "campaign_title", "unit_name", "mode_text", "register_before", "days_left", "office",
        "form", "registration_url",
    ),
    # to a user, from db/password_links.py: a one-time link to set their password (first_password: a new user;
    # expires_text: "14:05 ngày 05/12/2026", Vietnam time)
    "password_link": (
        "recipient_name", "username", "first_password", "link_url", "expires_text", "valid_hours",
    ),
}
KINDS = tuple(FIELDS)

GROUP_NAMES = {"collective": "Tập thể", "individual": "Cá nhân"}


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def vnd(amount: int | float) -> str:
    """Money in đồng, thousands separated by dots: 1170000 → "1.170.000 đồng"."""
    return f"{round(amount):,}".replace(",", ".") + " đồng"


@pass_environment
def person(environment: Environment, item: Any) -> str:
    """A nominee, candidate or awardee as a list shows it: "Nguyễn Văn A, Chuyên viên Phòng Kinh tế"."""
    name, position = environment.getattr(item, "name"), environment.getattr(item, "position")
    return f"{name}, {position}" if position else str(name)  # a missing field: StrictUndefined raises


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),  # the .html templates; never the text ones
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["vn_date"] = vn_date
    environment.filters["vnd"] = vnd
    environment.filters["person"] = person
    environment.globals["group_names"] = GROUP_NAMES
    return environment


environment = _environment()


def render(kind: str, context: Mapping[str, Any]) -> RenderedMail:
    if kind not in FIELDS:
        raise ValueError(f"unknown mail kind {kind!r}; known: {', '.join(KINDS)}")
    missing = [field for field in FIELDS[kind] if field not in context]
    if missing:
        raise ValueError(f"mail {kind!r} needs {', '.join(missing)}")
    text_template = environment.get_template(f"{kind}.txt")
    subject_parts = text_template.blocks["subject"](text_template.new_context(dict(context)))
    subject = " ".join("".join(subject_parts).split())
    text = text_template.render(context).strip() + "\n"
    html = environment.get_template(f"{kind}.html").render({**context, "subject": subject})
    return RenderedMail(subject=subject, text=text, html=html)
