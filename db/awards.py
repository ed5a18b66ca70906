"""The register of awards (sổ vàng, quá trình khen thưởng): one row per award given to a person or a collective.

Written when a campaign's decision is signed (`record_signed`, called where the campaign's "sign" event is
saved, whichever way it was signed), when the higher level answers a proposal upward (`record_higher`), and by
the office for an award decided elsewhere: on paper, by another level, in a past year (`record_award`, one
form or a row of the import). A title (danh hiệu thi đua) and an award form (hình thức khen thưởng) are kept
apart, as the national civil-servant database takes them.

The issuer's own awards are numbered in its sổ vàng: one series per issuer, never restarting, across campaigns
and years (the numbers' table, db/numbers.py, year 0, type "SV"), each number taken for its award, so a save
made again takes none twice. An award is revoked (Luật Thi đua, khen thưởng 2022, Điều 93 khoản 2: the decision
is annulled, the object and the bonus recovered) by the decision that revoked it, its number and date; it
stays in the register, marked revoked, and no longer counts for the rules.
"""

from datetime import date, datetime
from typing import Literal

from pydantic import Field as InputField
from pydantic import model_validator
from sqlalchemy import String, UniqueConstraint, extract
from sqlmodel import Field, Session, SQLModel, col, or_, select

from common.bounds import Day, Id
from common.text import InputModel, fold
from db import numbers
from db.directory import positions_on
from db.models import AwareDateTime, Campaign, Nominee, Person, Unit, User, utcnow
from db.search import matching, page_of
from db.tables import Refused
from schemas.campaign import EmulationPlan
from schemas.council import CampaignState
from schemas.eligibility import RecordFacts

SubjectType = Literal["person", "unit"]
AwardKind = Literal["title", "form"]  # danh hiệu thi đua | hình thức khen thưởng
Source = Literal["decision", "higher", "recorded", "imported"]
Status = Literal["in_force", "revoked"]

KIND_NAMES = {"title": "Danh hiệu thi đua", "form": "Hình thức khen thưởng"}
SOURCE_NAMES = {
    "decision": "Quyết định của đợt thi đua", "higher": "Cấp trên khen theo đề nghị",
    "recorded": "Ghi từ quyết định giấy", "imported": "Nhập từ tệp",
}
STATUS_NAMES = {"in_force": "Còn hiệu lực", "revoked": "Đã hủy bỏ"}
REGISTER_YEAR, REGISTER_TYPE = 0, "SV"  # the sổ vàng's series in the numbers' table: one per issuer, all years
# The titles of Luật Thi đua, khen thưởng 2022 (Điều 23-28): any other award is an award form (Điều 29 on).
TITLE_STARTS = (
    "chiến sĩ thi đua", "lao động tiên tiến", "chiến sĩ tiên tiến", "cờ thi đua", "tập thể lao động",
    "tập thể chiến sĩ", "đơn vị quyết thắng", "đơn vị tiên tiến", "gia đình văn hóa", "thôn văn hóa",
    "tổ dân phố văn hóa", "thôn, tổ dân phố văn hóa", "xã, phường", "danh hiệu",
)


class Award(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("key"),)
    id: int | None = Field(default=None, primary_key=True)
    issuer_id: int = Field(foreign_key="issuer.id", index=True)  # the office whose register holds it
    key: str | None = Field(default=None, max_length=200)  # what wrote it ("decision:<campaign>:<ref>"): once
    source: Source = Field(sa_type=String)
    subject_type: SubjectType = Field(sa_type=String)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)  # the collective, or the person's unit
    name: str = Field(max_length=300)  # as the decision names the awardee
    name_key: str = Field(index=True, max_length=300)  # folded, for the search
    sex: str | None = None  # nam | nu, for the statistics
    kind: AwardKind = Field(sa_type=String)
    award_name: str = Field(max_length=300)  # "Giấy khen của Chủ tịch UBND xã", "Lao động tiên tiến"
    decision_number: str = Field(max_length=100)
    decision_date: date = Field(index=True)
    issued_by: str = Field(max_length=300)  # the body that decided: "Ủy ban nhân dân xã Kẻ Sặt"
    achievement: str | None = Field(default=None, max_length=2000)
    period_start: date | None = None  # the achievement's period
    period_end: date | None = None
    bonus_vnd: int | None = Field(default=None, ge=0)
    position: str | None = Field(default=None, max_length=300)  # at the time of the award
    unit_name: str | None = Field(default=None, max_length=300)
    campaign_code: str | None = Field(default=None, foreign_key="campaign.code", index=True)
    candidate_ref: str | None = None  # "<dossier id>/<nominee key>", for the campaign's awards
    register_number: int | None = None  # số sổ vàng, for the issuer's own awards
    status: Status = Field(default="in_force", sa_type=String)
    revoked_number: str | None = Field(default=None, max_length=100)
    revoked_on: date | None = None
    revoked_reason: str | None = Field(default=None, max_length=2000)
    created_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = AwareDateTime(nullable=False)


def kind_of(award_name: str) -> AwardKind:
    """A title of the law (danh hiệu thi đua) or an award form (hình thức khen thưởng), from the award's name."""
    return "title" if award_name.strip().lower().startswith(TITLE_STARTS) else "form"


def register_key(award_key: str) -> str:
    return f"so-vang-{award_key}"


def register_numbers(session: Session, issuer: str, award_keys: list[str]) -> dict[str, int]:
    """The awards' numbers in the issuer's sổ vàng, in their order: the next of the series, or the ones taken for
    them already."""
    taken = numbers.take_numbers(session, issuer, REGISTER_YEAR, REGISTER_TYPE, [register_key(k) for k in award_keys])
    return {key: taken[register_key(key)] for key in award_keys}


def decision_key(campaign_code: str, ref: str) -> str:
    return f"decision:{campaign_code}:{ref}"


def _plan(session: Session, campaign_code: str) -> tuple[Campaign, EmulationPlan]:
    campaign = session.exec(select(Campaign).where(Campaign.code == campaign_code)).one()
    return campaign, EmulationPlan.model_validate(campaign.settings)


def _people(session: Session, refs: list[tuple[str, str]]) -> dict[tuple[str, str], Nominee]:
    dossier_ids = {dossier_id for dossier_id, _ in refs}
    rows = session.exec(select(Nominee).where(col(Nominee.dossier_id).in_(dossier_ids)))
    return {(n.dossier_id, n.key): n for n in rows}


def record_signed(session: Session, state: CampaignState) -> list[Award]:
    """One award per awardee of the campaign's signed decision, each numbered in the issuer's sổ vàng in the
    decision's order; what is there already is kept (a save made again writes nothing). The caller commits."""
    decision = state.decision
    if decision is None or decision.number is None or decision.signed_on is None:
        return []
    campaign, plan = _plan(session, state.code)
    keys = [decision_key(state.code, a.candidate.ref) for a in decision.awardees]
    known = {a.key for a in session.exec(select(Award).where(col(Award.key).in_(keys)))}
    nominees = _people(session, [(a.candidate.dossier_id, a.candidate.nominee_key) for a in decision.awardees])
    person_ids = {n.person_id for n in nominees.values() if n.person_id is not None}
    held = positions_on(session, person_ids, decision.signed_on)
    people = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(person_ids)))}
    # Read before the first award is added, so that no read flushes the awards one at a time.
    numbered = register_numbers(session, plan.issuer.name, [key for key in keys if key not in known])
    written = []
    for awardee, key in zip(decision.awardees, keys):
        if key in known:
            continue
        candidate = awardee.candidate
        nominee = nominees.get((candidate.dossier_id, candidate.nominee_key))
        person_id = nominee.person_id if nominee and candidate.group == "individual" else None
        person = people.get(person_id)
        position, unit_name = candidate.position, candidate.unit_name
        unit_id = nominee.unit_id if nominee else None
        if person_id in held:
            place = held[person_id]
            position = place.position or position
            if place.unit_id:
                unit_id = place.unit_id
                unit_name = session.get(Unit, place.unit_id).name
        elif person is not None:
            unit_id = person.unit_id or unit_id
        award = Award(
            issuer_id=campaign.issuer_id, key=key, source="decision",
            subject_type="person" if candidate.group == "individual" else "unit", person_id=person_id,
            unit_id=unit_id, name=candidate.name, name_key=fold(candidate.name),
            sex=person.sex if person else ("nu" if candidate.woman else None),
            kind=kind_of(awardee.award_form), award_name=awardee.award_form, decision_number=decision.number,
            decision_date=decision.signed_on, issued_by=plan.issuer.name, achievement=plan.achievement_text(),
            period_start=plan.plan.period.start, period_end=plan.plan.period.end, bonus_vnd=awardee.bonus_vnd,
            position=position, unit_name=unit_name, campaign_code=state.code, candidate_ref=candidate.ref,
            register_number=numbered[key], created_at=utcnow(),
        )
        session.add(award)
        written.append(award)
    return written


def record_higher(session: Session, state: CampaignState) -> list[Award]:
    """The higher level's answer to the proposal upward: an award of the higher form to each it accepted,
    decided by the higher body (no number of this issuer's sổ vàng). Kept where written already."""
    answer = state.higher_answer
    if answer is None or state.decision is None:
        return []
    campaign, plan = _plan(session, state.code)
    if plan.higher_award is None:
        return []
    own = {a.candidate_ref: a for a in session.exec(select(Award).where(Award.campaign_code == state.code, Award.source == "decision"))}
    written = []
    for ref in answer.accepted:
        key = f"higher:{state.code}:{ref}"
        base = own.get(ref)
        if base is None or session.exec(select(Award.id).where(Award.key == key)).first() is not None:
            continue
        award = Award(
            **base.model_dump(exclude={"id", "key", "source", "kind", "award_name", "decision_number", "decision_date",
                                       "issued_by", "bonus_vnd", "register_number", "created_at", "status"}),
            key=key, source="higher", kind=kind_of(plan.higher_award.name), award_name=plan.higher_award.name,
            decision_number=answer.decision_number, decision_date=answer.decided_on,
            issued_by=plan.higher_award.decided_by, created_at=utcnow(),
        )
        session.add(award)
        written.append(award)
    return written


# --- an award decided elsewhere, recorded by the office ---------------------------------------------------


class AwardInput(InputModel):
    """An award decided on paper, by another level or in a past year, as the office records it."""

    multiline = frozenset({"achievement"})

    subject_type: SubjectType
    person_id: Id | None = None  # the person of the directory; none: `name` as the decision writes it
    unit_id: Id | None = None  # the collective; for a person, their unit at the time
    name: str | None = InputField(None, max_length=300)
    award_name: str = InputField(min_length=1, max_length=300)
    kind: AwardKind | None = None  # none: told from the name (kind_of)
    decision_number: str = InputField(min_length=1, max_length=100)
    decision_date: Day
    issued_by: str = InputField(min_length=1, max_length=300)
    achievement: str | None = InputField(None, max_length=2000)
    period_start: Day | None = None
    period_end: Day | None = None
    bonus_vnd: int | None = InputField(None, ge=0, le=2_000_000_000)
    position: str | None = InputField(None, max_length=300)
    unit_name: str | None = InputField(None, max_length=300)

    @model_validator(mode="after")
    def whole(self) -> "AwardInput":
        if self.subject_type == "person" and self.person_id is None and not self.name:
            raise ValueError("cần chọn người trong danh sách cán bộ hoặc ghi họ và tên")
        if self.subject_type == "unit" and self.unit_id is None and not self.name:
            raise ValueError("cần chọn đơn vị hoặc ghi tên tập thể")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValueError("thời gian thành tích: «đến ngày» trước «từ ngày»")
        return self


def invalid(problems: str) -> Refused:
    return Refused("AWARD_INVALID", problems=problems)


def same_award(session: Session, issuer_id: int, award: Award) -> Award | None:
    """The award of the register that is this one: the same subject, decision and award."""
    query = select(Award).where(
        Award.issuer_id == issuer_id, Award.decision_number == award.decision_number,
        Award.award_name == award.award_name, Award.subject_type == award.subject_type,
    )
    if award.person_id is not None:
        query = query.where(Award.person_id == award.person_id)
    elif award.subject_type == "unit" and award.unit_id is not None:
        query = query.where(Award.unit_id == award.unit_id)
    else:
        query = query.where(Award.name_key == award.name_key)
    return session.exec(query).first()


def new_award(session: Session, issuer_id: int, body: AwardInput, source: Source, user: User | None) -> Award:
    """The award the input makes, its links checked against the issuer's directory; not yet added."""
    person = session.get(Person, body.person_id) if body.person_id else None
    unit = session.get(Unit, body.unit_id) if body.unit_id else None
    if body.person_id and (person is None or person.issuer_id != issuer_id):
        raise invalid(f"không có người mã {body.person_id} trong danh sách cán bộ")
    if body.unit_id and (unit is None or unit.issuer_id != issuer_id):
        raise invalid(f"không có đơn vị mã {body.unit_id}")
    if person is not None and unit is None and person.unit_id:
        unit = session.get(Unit, person.unit_id)
    name = body.name or (person.full_name if person else unit.name)
    return Award(
        issuer_id=issuer_id, source=source, subject_type=body.subject_type, person_id=person.id if person else None,
        unit_id=unit.id if unit else None, name=name, name_key=fold(name), sex=person.sex if person else None,
        kind=body.kind or kind_of(body.award_name), award_name=body.award_name, decision_number=body.decision_number,
        decision_date=body.decision_date, issued_by=body.issued_by, achievement=body.achievement,
        period_start=body.period_start, period_end=body.period_end, bonus_vnd=body.bonus_vnd,
        position=body.position or (person.position if person else None),
        unit_name=body.unit_name or (unit.name if unit and body.subject_type == "person" else None),
        created_by_user_id=user.id if user else None, created_at=utcnow(),
    )


def record_award(session: Session, issuer_id: int, body: AwardInput, user: User, source: Source = "recorded") -> Award:
    """Write the award in the register; refused (AWARD_DUPLICATE) where the register has it already."""
    award = new_award(session, issuer_id, body, source, user)
    present = same_award(session, issuer_id, award)
    if present is not None:
        raise Refused("AWARD_DUPLICATE", award_id=present.id, summary=f"{present.name}, {present.award_name}, "
                      f"Quyết định số {present.decision_number}")
    session.add(award)
    session.commit()
    return award


def get_award(session: Session, issuer_id: int, award_id: int) -> Award:
    award = session.get(Award, award_id)
    if award is None or award.issuer_id != issuer_id:
        raise Refused("AWARD_NOT_FOUND", award_id=award_id)
    return award


class Revocation(InputModel):
    multiline = frozenset({"reason"})

    number: str = InputField(min_length=1, max_length=100)  # the revoking decision's
    revoked_on: Day
    reason: str | None = InputField(None, max_length=2000)


def revoke(session: Session, issuer_id: int, award_id: int, body: Revocation) -> Award:
    """The award marked revoked by the decision that revoked it (Luật TĐKT 2022 Điều 93 khoản 2)."""
    award = get_award(session, issuer_id, award_id)
    if award.status == "revoked":
        raise Refused("AWARD_ALREADY_REVOKED", award_id=award.id, number=award.revoked_number)
    if body.revoked_on < award.decision_date:
        raise invalid("ngày của quyết định hủy bỏ trước ngày của quyết định khen thưởng")
    award.status, award.revoked_number, award.revoked_on, award.revoked_reason = (
        "revoked", body.number, body.revoked_on, body.reason,
    )
    session.add(award)
    session.commit()
    return award


# --- reading --------------------------------------------------------------------------------------------


SORTS = {"newest": "Quyết định mới nhất trước", "oldest": "Quyết định cũ nhất trước", "name": "Họ tên, tên tập thể (A-Z)",
         "register": "Số sổ vàng"}


def search(
    session: Session, issuer_id: int, *, key: str = "", unit_id: int | None = None, kind: str | None = None,
    year: int | None = None, status: str | None = None, sort: str = "newest", page: int = 1, size: int = 25,
) -> tuple[list[Award], int, int]:
    """A page of the register: by name (diacritics and case ignored), award or decision; a unit (the
    collective, or the person's unit then), a kind, a year of decision, a status."""
    query = select(Award).where(Award.issuer_id == issuer_id)
    if key:
        query = query.where(matching(session, key, folded_columns=[Award.name_key],
                                     text_columns=[Award.award_name, Award.decision_number, Award.unit_name]))
    if unit_id is not None:
        query = query.where(Award.unit_id == unit_id)
    if kind:
        query = query.where(Award.kind == kind)
    if year:
        query = query.where(extract("year", Award.decision_date) == year)
    if status:
        query = query.where(Award.status == status)
    order = {
        "newest": [col(Award.decision_date).desc(), col(Award.id).desc()],
        "oldest": [col(Award.decision_date), col(Award.id)],
        "name": [Award.name_key, col(Award.id)],
        "register": [col(Award.register_number).is_(None), Award.register_number, col(Award.id)],
    }[sort]
    return page_of(session, query, order, page, size)


def years(session: Session, issuer_id: int) -> list[int]:
    dates = session.exec(select(Award.decision_date).where(Award.issuer_id == issuer_id).distinct())
    return sorted({d.year for d in dates}, reverse=True)


def history(session: Session, *, person_id: int | None = None, unit_id: int | None = None) -> list[Award]:
    """Every award of a person, or of a collective, oldest first (quá trình khen thưởng)."""
    query = select(Award)
    if person_id is not None:
        query = query.where(Award.person_id == person_id)
    else:
        query = query.where(Award.subject_type == "unit", Award.unit_id == unit_id)
    return list(session.exec(query.order_by(col(Award.decision_date), col(Award.id))))


def golden_book(session: Session, issuer_id: int) -> list[Award]:
    """The issuer's sổ vàng: its own awards in the order of their numbers."""
    query = select(Award).where(Award.issuer_id == issuer_id, col(Award.register_number).is_not(None))
    return list(session.exec(query.order_by(col(Award.register_number), col(Award.decision_date), col(Award.id))))


def of_candidate(session: Session, campaign_code: str, ref: str) -> Award | None:
    """The award a campaign's decision gave a candidate (its certificate, its verification page)."""
    return session.exec(select(Award).where(Award.key == decision_key(campaign_code, ref))).first()


def in_force_of(session: Session, person_ids: set[int], unit_ids: set[int], besides_campaign: str | None = None) -> list[Award]:
    """The awards in force of some persons and some collectives, in one query, oldest first, leaving out those
    of the campaign being checked."""
    subjects = []
    if person_ids:
        subjects.append(col(Award.person_id).in_(sorted(person_ids)))
    if unit_ids:
        subjects.append((Award.subject_type == "unit") & col(Award.unit_id).in_(sorted(unit_ids)))
    if not subjects:
        return []
    query = select(Award).where(Award.status == "in_force", or_(*subjects))
    if besides_campaign is not None:
        query = query.where(or_(col(Award.campaign_code).is_(None), Award.campaign_code != besides_campaign))
    return list(session.exec(query.order_by(col(Award.decision_date), col(Award.id))))


def award_facts(award: Award) -> RecordFacts:
    """A past award as the eligibility rules read it (kind "award")."""
    return RecordFacts(
        kind="award", award_form=award.award_name, decision_number=award.decision_number,
        decision_date=award.decision_date, period_start=award.period_start, period_end=award.period_end,
        achievement=award.achievement, subject="person" if award.subject_type == "person" else "unit",
    )


def record_event(session: Session, state: CampaignState, action: str) -> None:
    """What a campaign's event writes in the register: the awards of the decision signed, those the higher
    level gave. The caller commits, with the event."""
    if action == "sign_decision":
        record_signed(session, state)
    elif action == "record_higher_answer":
        record_higher(session, state)


def register_number_of(session: Session, campaign_code: str, ref: str) -> int | None:
    """The sổ vàng number of a campaign's award, which its certificate prints."""
    award = of_candidate(session, campaign_code, ref)
    return award.register_number if award else None


def past_awards(session: Session, state: CampaignState) -> dict[str, list[str]]:
    """For each awardee proposed upward, their other awards in force in the register, oldest first, as the
    proposal lists them: "Chiến sĩ thi đua cơ sở (Quyết định số 45/QĐ-UBND ngày 15/01/2024 của …)"."""
    listed: dict[str, list[str]] = {}
    for ref in state.higher_proposal:
        own = of_candidate(session, state.code, ref)
        if own is None:
            continue
        subject = {"person_id": own.person_id} if own.person_id else {"unit_id": own.unit_id}
        if own.person_id is None and (own.unit_id is None or own.subject_type != "unit"):
            continue
        listed[ref] = [
            f"{a.award_name} (Quyết định số {a.decision_number} ngày {a.decision_date:%d/%m/%Y} của {a.issued_by})"
            for a in history(session, **subject) if a.status == "in_force" and a.campaign_code != state.code
        ]
    return listed
