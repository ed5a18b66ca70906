"""What the council's ballot and the decision's page show beside each name: the unit, the appraisal's result and
the appraiser's note, the unit's own vote (as its minutes record it), and whatever still holds the nominee: an
eligibility warning the last check left, a record opened on them (discipline, complaint, investigation…), a
suspension. Read from the nominees' rows and their dossiers' saved states, with the page's own session; a
template global, so that the shared campaign page need not know."""

import re
from dataclasses import dataclass, field

from fastapi import Request
from sqlmodel import Session, col, select

from db import models
from db.records import Record, to_facts
from schemas.council import Candidate
from schemas.dossier_actions import NOMINEE_STATUS_NAMES, NomineeStatus
from schemas.eligibility import describe
from web.templating import templates

# A finding still open: anything but a pass (a standard without a figure is shown as not checked).
VERDICT_NAMES = {"warn": "Cảnh báo", "block": "Không đủ điều kiện", "suspend": "Tạm dừng xét"}
QUOTED = re.compile(r"«[^»]+»")  # the figure's name in an unchecked standard's message
APPRAISAL_PREFIXES = ("Đạt thẩm định", "Không đạt thẩm định")  # workflows/dossier.py appraise


@dataclass
class CandidateFacts:
    ref: str
    name: str
    unit_name: str
    dossier_id: str
    status_name: str = ""
    appraisal: str | None = None  # "Đạt thẩm định: hồ sơ đầy đủ", the appraiser's verdict and note
    unit_vote: str | None = None  # "9/10 phiếu đồng ý (họp ngày 05/01/2026)"
    holds: list[str] = field(default_factory=list)  # every open warning, record and suspension, one line each

    @property
    def held(self) -> bool:
        return bool(self.holds)


def candidate_facts(request: Request, candidates: list[Candidate]) -> dict[str, CandidateFacts]:
    """ref → the facts of each candidate (a council candidate, or a decision's awardee's candidate)."""
    if not candidates:
        return {}
    with Session(request.app.state.engine) as session:
        return facts_of(session, candidates)


def facts_of(session: Session, candidates: list[Candidate]) -> dict[str, CandidateFacts]:
    dossier_ids = sorted({c.dossier_id for c in candidates})
    nominees = {
        (n.dossier_id, n.key): n
        for n in session.exec(select(models.Nominee).where(col(models.Nominee.dossier_id).in_(dossier_ids)))
    }
    minutes = {
        d.id: (d.state or {}).get("minutes")
        for d in session.exec(select(models.Dossier).where(col(models.Dossier.id).in_(dossier_ids)))
    }
    record_ids = {i for n in nominees.values() for i in n.open_records}
    records = {r.id: r for r in session.exec(select(Record).where(col(Record.id).in_(record_ids)))} if record_ids else {}
    facts = {}
    for c in candidates:
        nominee = nominees.get((c.dossier_id, c.nominee_key))
        fact = CandidateFacts(ref=c.ref, name=c.name, unit_name=c.unit_name, dossier_id=c.dossier_id)
        if nominee is not None:
            fact.status_name = NOMINEE_STATUS_NAMES.get(NomineeStatus(nominee.status), nominee.status)
            fact.appraisal = next((r for r in reversed(nominee.reasons) if r.startswith(APPRAISAL_PREFIXES)), None)
            fact.unit_vote = _unit_vote(minutes.get(c.dossier_id), c.nominee_key)
            fact.holds = _holds(nominee, records)
        facts[c.ref] = fact
    return facts


def _unit_vote(minutes: dict | None, key: str) -> str | None:
    if not minutes or key not in minutes.get("votes", {}):
        return None
    day = minutes["meeting_date"]
    on = "/".join(reversed(str(day).split("-")))  # dd/mm/yyyy from the saved ISO date
    return f"{minutes['votes'][key]}/{minutes['present']} phiếu đồng ý ({minutes['present']}/{minutes['members']} có mặt, họp ngày {on})"


def _holds(nominee: models.Nominee, records: dict[int, Record]) -> list[str]:
    holds = []
    if nominee.status == NomineeStatus.suspended:
        holds.append(NOMINEE_STATUS_NAMES[NomineeStatus.suspended])
    for record_id in nominee.open_records:
        record = records.get(record_id)
        holds.append(f"Hồ sơ vụ việc số {record_id}: {describe(to_facts(record)) if record else 'đang xem xét'}")
    unchecked = []
    for finding in nominee.findings:
        verdict = finding.get("verdict")
        if finding.get("rule") == "indicator_unchecked":  # one line for all: the figures' names
            named = QUOTED.search(finding.get("message", ""))
            unchecked.append(named.group(0) if named else finding.get("standard") or "")
        elif verdict in VERDICT_NAMES:
            holds.append(f"{VERDICT_NAMES[verdict]}: {finding.get('message', '')}")
    if unchecked:
        holds.append(
            f"Chưa kiểm tra được {len(unchecked)} tiêu chuẩn vì sổ theo dõi chưa có số liệu: {'; '.join(unchecked)} "
            "(cán bộ thẩm định đối chiếu minh chứng)"
        )
    if nominee.revocation_review:
        holds.append("Cần xem xét thu hồi khen thưởng")
    return holds


def install() -> None:
    templates.env.globals["candidate_facts"] = candidate_facts
