"""The plan reader: a campaign's settings drafted from the plan's own text, every value beside the sentence it
came from (plan_reader.draft), for the office to confirm (web/pages/plan_reader.py)."""

from plan_reader.awards import read_achievement, read_award_forms, read_quotas
from plan_reader.bonus import read_bonus
from plan_reader.citations import read_body_grounds, read_letters
from plan_reader.document import build
from plan_reader.draft import Draft
from plan_reader.eligibility import read_eligibility
from plan_reader.header import read_header
from plan_reader.meetings import read_meetings
from plan_reader.procedure import (
    read_deadlines,
    read_documents,
    read_period,
    read_publicised_by,
    read_receiving_office,
    read_recurrence,
    read_registration,
)
from plan_reader.reform import is_reform_plan, read_reform_plan
from plan_reader.rounds import read_rounds
from plan_reader.standards import read_measured_criteria, read_standards
from plan_reader.subjects import read_subjects
from plan_reader.unit_quotas import read_unit_quotas

RULES = (read_body_grounds, read_letters, read_period, read_recurrence, read_rounds, read_receiving_office,
         read_subjects, read_standards, read_measured_criteria, read_eligibility, read_award_forms, read_quotas,
         read_unit_quotas, read_registration, read_documents, read_deadlines, read_bonus, read_publicised_by,
         read_achievement, read_meetings)


def known_phrases(issuers: dict[str, dict]) -> tuple[str, ...]:
    """The issuers' names and places, restored like the administrative phrases."""
    return tuple(p for record in issuers.values() for p in (record.get("place"), record.get("name")) if p)


def draft_pages(pages: list[str], issuers: dict[str, dict] | None = None) -> Draft:
    """A draft of the settings from the text of the plan's pages; `issuers` (code → record with name, place,
    level or kind) names the issuers it may be from."""
    issuers = issuers or {}
    document = build(pages, known_phrases(issuers))
    draft = Draft(document, kind="reform_plan" if is_reform_plan(document) else "emulation")
    read_header(draft, issuers)
    if draft.kind == "reform_plan":
        for rule in (read_body_grounds, read_letters, read_period, read_reform_plan):
            rule(draft)
        return draft
    for rule in RULES:
        rule(draft)
    return draft


def draft_text(text: str, issuers: dict[str, dict] | None = None) -> Draft:
    return draft_pages(text.split("\f"), issuers)
