"""A running campaign's settings changed one way: a new version, shown as a diff first, checked against what is
already done, applied by the campaign workflow to itself and to its dossiers; and event dates that move its
deadlines.

The checks are pure: the preview page runs them to show a refusal before anything is sent, the workflow's
validator runs them again on the state it holds (nothing is written to the history of a refused change), and the
handler once more on the facts it reads itself.
"""

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field

from common.text import InputModel, vn_date
from schemas.campaign import DossierRules, EmulationPlan
from schemas.council import CampaignState, SetEventDate
from schemas.deadlines import STEP_NAMES
from schemas.dossier_actions import Actor
from schemas.errors import user_error

MAX_CHANGES_SHOWN = 500  # the most changed fields a diff lists (a whole new plan is a new campaign)
# What a new version may not change: these make it another campaign, loaded under its own code.
FIXED_FIELDS = ("kind", "code", "issuer", "recurrence")
GROUP_NAMES = {"collective": "tập thể", "individual": "cá nhân"}


class SettingsFacts(BaseModel):
    """What the campaign's dossiers have done, as the database has it when a change is asked for."""

    kinds_in_use: list[str] = []  # subject kinds of nominees of dossiers not withdrawn
    last_submitted_on: date | None = None  # the latest day a dossier was submitted (Vietnam time)


class EventDateSet(SetEventDate):
    """An event's date with the deadlines it moves, resolved by the service (working days need the calendar).
    Requests from before the rule carry neither: the workflow then moves the appraisal as it did."""

    event_dates: dict[str, date] | None = None  # every event's date once this one is set
    due: dict[str, date] | None = None  # each step's last day with those dates
    version: int = 1  # the settings version the deadlines were resolved under
    facts: SettingsFacts = SettingsFacts()


class Change(BaseModel):
    path: str  # "deadlines.submission.days"
    old: Any = None
    new: Any = None


class SettingsChangeRequest(InputModel):
    multiline = frozenset({"reason"})

    reason: str = Field(max_length=2000)
    version: int = Field(ge=1, le=10_000)  # the version the diff was shown against


class ApplySettings(BaseModel):
    actor: Actor
    settings: EmulationPlan
    version: int  # the version it replaces: the workflow's own, or the change is refused as out of date
    reason: str
    due: dict[str, date]  # the new deadlines' last days, with the event dates entered
    facts: SettingsFacts = SettingsFacts()


class RulesNotice(BaseModel):
    """A dossier's rules as the campaign has them now, after a new version or an event's date."""

    rules: DossierRules
    campaign_seq: int  # the campaign event they follow: a dossier keeps the newest it has heard of
    detail: str


def flatten(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(flatten(item, f"{path}.{key}" if path else str(key)))
        return flat or {path: {}}
    if isinstance(value, list) and value and any(isinstance(item, (dict, list)) for item in value):
        flat = {}
        for index, item in enumerate(value):
            flat.update(flatten(item, f"{path}.{index}"))
        return flat
    return {path: value}


def settings_diff(old: dict, new: dict) -> list[Change]:
    """Every field whose value differs, by its path in the settings file (lists of models by index)."""
    before, after = flatten(old), flatten(new)
    paths = sorted(set(before) | set(after))
    return [Change(path=p, old=before.get(p), new=after.get(p)) for p in paths if before.get(p) != after.get(p)]


def awarded_by_group(state: CampaignState) -> dict[str, int]:
    counts: dict[str, int] = {}
    if state.decision is not None:
        for awardee in state.decision.awardees:
            counts[awardee.candidate.group] = counts.get(awardee.candidate.group, 0) + 1
    return counts


def check_deadlines_against(state: CampaignState, due: dict[str, date], facts: SettingsFacts, today: date) -> None:
    """A submission deadline may not end before a dossier already submitted, nor a step's once it is done."""
    last = due.get("submission")
    if last is not None and facts.last_submitted_on is not None and last < facts.last_submitted_on:
        raise user_error(
            "DEADLINE_BEFORE_SUBMISSION", deadline=vn_date(last + timedelta(days=1)),
            submitted_on=vn_date(facts.last_submitted_on),
        )
    for step in ("appraisal", "council", "signature"):
        day = due.get(step)
        if day is not None and day < today and day != state.due.get(step) and not _done(state, step):
            raise user_error("DEADLINE_IN_THE_PAST", step=STEP_NAMES[step], deadline=vn_date(day), today=vn_date(today))


def _done(state: CampaignState, step: str) -> bool:
    order = {"appraisal": ("in_session", "decided", "signed", "recognised"), "council": ("decided", "signed", "recognised"),
             "signature": ("signed", "recognised")}
    return state.phase in order[step]


def check_change(old: EmulationPlan, new: EmulationPlan, state: CampaignState, facts: SettingsFacts,
                 due: dict[str, date], today: date) -> list[Change]:
    """The change's diff, or the refusal of a change that would break what is already done."""
    old_json, new_json = old.model_dump(mode="json"), new.model_dump(mode="json")
    for field in FIXED_FIELDS:
        if old_json[field] != new_json[field]:
            raise user_error("SETTINGS_FIELD_FIXED", field=field)
    changes = settings_diff(old_json, new_json)
    if not changes:
        raise user_error("SETTINGS_UNCHANGED")
    if len(changes) > MAX_CHANGES_SHOWN:
        raise user_error("SETTINGS_TOO_MANY_CHANGES", count=len(changes), max=MAX_CHANGES_SHOWN)
    kinds = {kind.code for kind in new.subject_kinds}
    removed = sorted(set(facts.kinds_in_use) - kinds)
    if removed:
        raise user_error("SUBJECT_KIND_IN_USE", kinds=", ".join(removed))
    awarded = awarded_by_group(state)
    form = new.award_forms[0]
    for group, count in sorted(awarded.items()):
        quota = form.quota(group)
        if quota is not None and quota.max is not None and quota.max < count:  # a share: counted at the session
            raise user_error("QUOTA_BELOW_AWARDS", group_name=GROUP_NAMES[group], max=quota.max, count=count)
    touched = {change.path.split(".")[0] for change in changes}
    if state.phase == "in_session" and touched & {"council", "award_forms", "subject_kinds", "standards"}:
        raise user_error("SETTINGS_IN_SESSION")
    check_deadlines_against(state, due, facts, today)
    return changes


class SettingsVersionSave(BaseModel):
    campaign_code: str
    version: int
    settings: EmulationPlan
    actor: Actor
    reason: str


class RulesChanged(BaseModel):
    """Told to each dossier of the campaign: read your rules again (they follow the campaign event `campaign_seq`)."""

    campaign_seq: int
    detail: str
