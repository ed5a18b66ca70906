"""Reform (CCHC) reports: which periods a plan asks for, on time or late at the Vietnam day boundary,
the figures checked against the plan's targets, and the record a unit is appraised on.

The API tests build the plan's period around today, so that one quarter's report is already due and
another is not, whatever the date they run on.
"""

from datetime import date, datetime, timedelta, timezone

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, select

from common.settings import ROOT
from common.text import VN_TZ, vn_date
from db.campaigns import save_campaign
from tests.campaign_steps import plan_of
from db.models import Unit, User
from db.reform import ReformReport, save_report, unit_reform_record
from schemas.campaign import ReformPlan
from schemas.campaign_file import load_campaign
from schemas.reform import ReportFigures, find_period, is_on_time, report_periods, verdict_text
from schemas.settings_base import Period
from tests.conftest import Service, today

UNIT_HEAD = "truongphong.kinhte"  # Phòng Kinh tế
OTHER_UNIT_HEAD = "chanhvanphong"  # Văn phòng HĐND và UBND xã
APPRAISER = "thamdinh"
TU_KY_FILE = ROOT / "campaigns" / "tu-ky-2025.yaml"
PLAN_CODE = "tu-ky-test"

INLINE_PLAN = {
    "kind": "reform_plan",
    "code": "tu-ky-2025",
    "source": "tests",
    "issuer": {"code": "ke-sat", "name": "Ủy ban nhân dân xã Kẻ Sặt", "level": "xa", "place": "Kẻ Sặt"},  # the demo users' issuer
    "plan": {
        "title": "Kế hoạch cải cách hành chính 6 tháng cuối năm 2025",
        "period": {"start": "2025-07-01", "end": "2025-12-31"},
    },
    "targets": [
        {"code": "nhiem_vu_thanh_pho", "text": "Hoàn thành 100% nhiệm vụ UBND thành phố giao",
         "indicator": "city_tasks_done_pct", "threshold": 100},
        {"code": "tu_kiem_tra", "text": "Tự kiểm tra CCHC ít nhất 30% phòng chuyên môn",
         "indicator": "self_inspected_pct", "threshold": 30},
        {"code": "hai_long", "text": "Mức độ hài lòng của người dân, doanh nghiệp đạt ít nhất 90%",
         "indicator": "satisfaction_pct", "threshold": 90},
        {"code": "ho_so_tre_han", "text": "Giảm tối đa hồ sơ trễ hạn", "indicator": "overdue_dossiers"},
    ],
    "reports": {"to_office": "Phòng Văn hóa - Xã hội"},
}


def inline_plan(**period) -> ReformPlan:
    plan = ReformPlan.model_validate(INLINE_PLAN)
    if period:
        plan = plan.model_copy(update={"plan": plan.plan.model_copy(update={"period": Period(**period)})})
    return plan


def base_plan() -> ReformPlan:
    """The Tứ Kỳ plan as its settings file has it, issued by Kẻ Sặt, whose demo units report to it."""
    return plan_of(TU_KY_FILE.name)


def quarter_start(day: date, shift: int = 0) -> date:
    index = day.year * 4 + (day.month - 1) // 3 + shift
    return date(index // 4, index % 4 * 3 + 1, 1)


def plan_around(day: date) -> ReformPlan:
    """The plan with its period from the quarter before `day`'s to the quarter after it.

    The previous quarter's report is due (before the 10th of its last month, which has passed) and the
    next quarter's is not, on any day: one is open and not yet due, the current quarter's or the next's.
    """
    plan = base_plan()
    period = Period(start=quarter_start(day, -1), end=quarter_start(day, 2) - timedelta(days=1))
    return plan.model_copy(update={"code": PLAN_CODE, "plan": plan.plan.model_copy(update={"period": period})})


# --- periods and the deadline ---------------------------------------------------------------------


def test_second_half_of_2025_has_two_quarters_and_the_year():
    periods = report_periods(inline_plan())
    assert [(p.code, p.kind, p.year, p.quarter, p.due_before, p.name) for p in periods] == [
        ("2025-Q3", "quarterly", 2025, 3, date(2025, 9, 10), "Báo cáo CCHC quý III năm 2025"),
        ("2025-Q4", "quarterly", 2025, 4, date(2025, 12, 10), "Báo cáo CCHC quý IV năm 2025"),
        ("2025-CN", "yearly", 2025, None, date(2025, 12, 10), "Báo cáo CCHC năm 2025"),
    ]
    q3, q4, year = periods
    assert (q3.start, q3.end, q3.opens_on) == (date(2025, 7, 1), date(2025, 9, 30), date(2025, 6, 10))
    assert (q4.opens_on, year.opens_on) == (date(2025, 9, 10), date(2025, 9, 10))
    assert (year.start, year.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert find_period(inline_plan(), "2025-q4") == q4
    assert find_period(inline_plan(), "2025-Q1") is None


def test_periods_overlapping_the_plan_across_a_new_year():
    plan = inline_plan(start=date(2025, 11, 15), end=date(2026, 2, 1))
    periods = report_periods(plan)
    assert [(p.code, p.due_before, p.opens_on) for p in periods] == [
        ("2025-Q4", date(2025, 12, 10), date(2025, 9, 10)),
        ("2025-CN", date(2025, 12, 10), date(2025, 9, 10)),
        ("2026-Q1", date(2026, 3, 10), date(2025, 12, 10)),
    ]
    # No fourth quarter of 2026 in the plan: no yearly report for 2026.
    assert "2026-CN" not in {p.code for p in periods}
    only_quarters = plan.model_copy(update={"reports": plan.reports.model_copy(update={"yearly": False})})
    assert [p.code for p in report_periods(only_quarters)] == ["2025-Q4", "2026-Q1"]
    other_day = plan.model_copy(update={"reports": plan.reports.model_copy(update={"due_before_day": 15})})
    assert report_periods(other_day)[0].due_before == date(2025, 12, 15)


def test_the_tu_ky_plan_file_asks_for_the_third_and_fourth_quarters_and_the_year():
    if not TU_KY_FILE.exists():
        pytest.skip("campaigns/tu-ky-2025.yaml is not there yet")
    periods = report_periods(load_campaign(TU_KY_FILE))
    assert [(p.code, p.due_before) for p in periods] == [
        ("2025-Q3", date(2025, 9, 10)), ("2025-Q4", date(2025, 12, 10)), ("2025-CN", date(2025, 12, 10))
    ]


def test_on_time_means_before_the_day_begins_in_vietnam():
    due = date(2025, 9, 10)
    assert is_on_time(datetime(2025, 9, 9, 23, 59, 59, tzinfo=VN_TZ), due)
    assert not is_on_time(datetime(2025, 9, 10, 0, 0, tzinfo=VN_TZ), due)
    # 17:30 UTC on the 9th is 00:30 on the 10th in Vietnam: late; 16:59 UTC is 23:59 on the 9th: on time.
    assert not is_on_time(datetime(2025, 9, 9, 17, 30, tzinfo=timezone.utc), due)
    assert is_on_time(datetime(2025, 9, 9, 16, 59, tzinfo=timezone.utc), due)
    # A moment without a zone is UTC, as SQLite gives it back.
    assert not is_on_time(datetime(2025, 9, 9, 17, 30), due)
    assert verdict_text(True, due) == "Đúng hạn"
    assert verdict_text(False, due) == "Trễ hạn (hạn: trước ngày 10/09/2025)"
    assert verdict_text(None, due) == "Chưa nộp (hạn: trước ngày 10/09/2025)"


# --- figures --------------------------------------------------------------------------------------


def problems(plan: ReformPlan, figures: dict, summary: str | None = None) -> str:
    with pytest.raises(ValidationError) as refused:
        ReportFigures.for_plan(plan, figures, summary)
    return "; ".join(issue["msg"] for issue in refused.value.errors())


def test_figures_are_checked_against_the_plans_targets():
    plan = inline_plan()
    report = ReportFigures.for_plan(plan, {"hai_long": 92.5, "ho_so_tre_han": 3}, "  Quý  III:  hoàn thành ")
    assert report.figures == {"hai_long": 92.5, "ho_so_tre_han": 3}
    assert report.summary == "Quý III: hoàn thành"
    assert ReportFigures.for_plan(plan, {}, "Chỉ có tóm tắt").figures == {}
    assert "«ty_le_giai_ngan» không phải chỉ tiêu" in problems(plan, {"ty_le_giai_ngan": 80})
    assert "phải từ 0 đến 100 (nhận được 120)" in problems(plan, {"hai_long": 120})
    assert "phải từ 0 đến 100" in problems(plan, {"tu_kiem_tra": -1})
    assert "không được âm" in problems(plan, {"ho_so_tre_han": -2})
    assert "không phải là số" in problems(plan, {"hai_long": float("nan")})
    assert "chưa có số liệu" in problems(plan, {}, "   ")
    # Without a plan, only the shape is checked.
    assert ReportFigures(figures={"anything": 500}).figures == {"anything": 500}


# --- over the API ---------------------------------------------------------------------------------


def ok(response: httpx.Response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


def refused(response: httpx.Response, status: int, code: str, *words: str) -> dict:
    body = response.json()
    assert (response.status_code, body["code"]) == (status, code), response.text
    for word in words:
        assert word in body["message"], body["message"]
    return body


def setup_plan(service: Service, day: date | None = None) -> ReformPlan:
    plan = plan_around(day or today())
    with Session(service.engine) as session:
        save_campaign(session, plan)
    return plan


def unit_id(service: Service, username: str) -> int:
    with Session(service.engine) as session:
        return session.exec(select(User).where(User.username == username)).one().unit_id


def due_and_open(plan: ReformPlan, day: date):
    """The first period already due on `day`, and the first one open and not yet due."""
    periods = report_periods(plan)
    due = next(p for p in periods if p.due_before <= day)
    pending = next(p for p in periods if p.opens_on <= day < p.due_before)
    return due, pending


def percentage_target(plan: ReformPlan) -> str:
    code = next((t.code for t in plan.targets if t.threshold is not None), None)
    assert code, f"{plan.source}: the tests need a target with a threshold (a percentage)"
    return code


async def send(service: Service, user: str, period: str, figures: dict | None = None, **extra) -> httpx.Response:
    body = {"campaign_code": PLAN_CODE, "period_code": period, "figures": figures or {}, "summary": "Đã thực hiện"}
    return await service.api.post("/api/reform-reports", json=body | extra, headers=service.as_user(user))


async def record(service: Service, unit: int, user: str = APPRAISER) -> list[dict]:
    return ok(await service.api.get(f"/api/reform-reports/units/{unit}", headers=service.as_user(user)))


async def test_a_report_sent_before_its_due_day_is_on_time_and_a_resend_keeps_it(running: Service):
    plan = setup_plan(running)
    _, pending = due_and_open(plan, today())
    target = percentage_target(plan)
    sent = ok(await send(running, UNIT_HEAD, pending.code, {target: 95}), 201)
    assert (sent["period_code"], sent["period_name"], sent["kind"]) == (pending.code, pending.name, pending.kind)
    assert (sent["on_time"], sent["status"], sent["verdict"]) == (True, "on_time", "Đúng hạn")
    assert sent["unit_name"] == "Phòng Kinh tế" and sent["unit_id"] == unit_id(running, UNIT_HEAD)
    assert sent["due_before"] == pending.due_before.isoformat()
    assert sent["received_at"].endswith("+07:00")
    assert sent["figures"] == {target: 95}

    again = ok(await send(running, UNIT_HEAD, pending.code.lower(), {target: 97}, summary="Bản sửa"), 200)
    assert (again["id"], again["received_at"], again["on_time"]) == (sent["id"], sent["received_at"], True)
    assert (again["figures"], again["summary"]) == ({target: 97}, "Bản sửa")
    assert again["last_received_at"] >= sent["received_at"]
    with Session(running.engine) as session:
        assert len(session.exec(select(ReformReport)).all()) == 1


async def test_a_report_sent_after_its_due_day_is_late_and_a_resend_keeps_it_late(running: Service):
    plan = setup_plan(running)
    due, _ = due_and_open(plan, today())
    late = ok(await send(running, UNIT_HEAD, due.code, {percentage_target(plan): 100}), 201)
    expected = f"Trễ hạn (hạn: trước ngày {vn_date(due.due_before)})"
    assert (late["on_time"], late["status"], late["verdict"]) == (False, "late", expected)
    again = ok(await send(running, UNIT_HEAD, due.code, {percentage_target(plan): 100}), 200)
    assert (again["received_at"], again["verdict"]) == (late["received_at"], expected)


def test_a_resend_after_the_due_day_keeps_the_first_arrivals_verdict(engine: Engine):
    from db.demo import load_demo

    plan = inline_plan().model_copy(update={"code": PLAN_CODE})
    q3 = find_period(plan, "2025-Q3")
    with Session(engine) as session:
        load_demo(session, date(2025, 8, 1))
        save_campaign(session, plan)
        user = session.exec(select(User).where(User.username == UNIT_HEAD)).one()
        on_the_9th = datetime(2025, 9, 9, 16, 59, tzinfo=timezone.utc)  # 23:59 in Vietnam
        first = save_report(
            session, campaign_code=PLAN_CODE, unit_id=user.unit_id, period=q3, user_id=user.id,
            report=ReportFigures.for_plan(plan, {"hai_long": 88}, None), received_at=on_the_9th,
        )
        assert first.on_time
        save_report(
            session, campaign_code=PLAN_CODE, unit_id=user.unit_id, period=q3, user_id=user.id,
            report=ReportFigures.for_plan(plan, {"hai_long": 91}, None), received_at=on_the_9th + timedelta(days=3),
        )
        [entry] = [e for e in unit_reform_record(session, user.unit_id, date(2025, 9, 20)) if e.period_code == "2025-Q3"]
        assert (entry.on_time, entry.verdict, entry.figures) == (True, "Đúng hạn", {"hai_long": 91})
        assert entry.received_at == on_the_9th
        assert entry.last_received_at == on_the_9th + timedelta(days=3)


def test_the_record_lists_reports_and_periods_due_but_not_sent(engine: Engine):
    from db.demo import load_demo

    plan = inline_plan().model_copy(update={"code": PLAN_CODE})
    with Session(engine) as session:
        load_demo(session, date(2025, 8, 1))
        save_campaign(session, plan)
        user = session.exec(select(User).where(User.username == UNIT_HEAD)).one()
        late = datetime(2025, 9, 10, 0, 30, tzinfo=VN_TZ)
        save_report(
            session, campaign_code=PLAN_CODE, unit_id=user.unit_id, period=find_period(plan, "2025-Q3"),
            user_id=user.id, report=ReportFigures.for_plan(plan, {}, "Báo cáo quý III"), received_at=late,
        )
        # Before the 10th of December: Q4 and the year are not due yet, only the late Q3 report shows.
        entries = unit_reform_record(session, user.unit_id, date(2025, 12, 9))
        assert [(e.period_code, e.verdict) for e in entries] == [("2025-Q3", "Trễ hạn (hạn: trước ngày 10/09/2025)")]
        # From the 10th: both are missing, newest first, the year before its fourth quarter.
        entries = unit_reform_record(session, user.unit_id, date(2025, 12, 10))
        assert [(e.period_code, e.status, e.verdict, e.received_at) for e in entries] == [
            ("2025-CN", "missing", "Chưa nộp (hạn: trước ngày 10/12/2025)", None),
            ("2025-Q4", "missing", "Chưa nộp (hạn: trước ngày 10/12/2025)", None),
            ("2025-Q3", "late", "Trễ hạn (hạn: trước ngày 10/09/2025)", late),
        ]
        assert {e.unit_name for e in entries} == {"Phòng Kinh tế"}
        other = session.exec(select(Unit).where(Unit.code == "vp-hdnd-ubnd")).one()
        assert [e.status for e in unit_reform_record(session, other.id, date(2025, 12, 10))] == ["missing"] * 3
        assert unit_reform_record(session, other.id, date(2025, 12, 10), campaign_code="ke-sat-2025") == []


async def test_the_record_over_the_api_shows_what_was_not_sent(running: Service):
    plan = setup_plan(running)
    due, pending = due_and_open(plan, today())
    own = unit_id(running, UNIT_HEAD)
    before = await record(running, own)
    assert before and {e["status"] for e in before} == {"missing"}
    assert pending.code not in {e["period_code"] for e in before}
    missing = next(e for e in before if e["period_code"] == due.code)
    assert missing["verdict"] == f"Chưa nộp (hạn: trước ngày {vn_date(due.due_before)})"
    assert (missing["id"], missing["received_at"], missing["on_time"]) == (None, None, False)

    ok(await send(running, UNIT_HEAD, due.code, {percentage_target(plan): 100}), 201)
    ok(await send(running, UNIT_HEAD, pending.code, {percentage_target(plan): 100}), 201)
    after = await record(running, own, user=UNIT_HEAD)
    statuses = {e["period_code"]: e["status"] for e in after}
    assert (statuses[due.code], statuses[pending.code]) == ("late", "on_time")
    assert len(after) == len(before) + 1
    dues = [(e["due_before"], e["kind"] == "yearly") for e in after]
    assert dues == sorted(dues, reverse=True)
    # The other unit sent nothing; its head sees its own record, not this one.
    other = unit_id(running, OTHER_UNIT_HEAD)
    assert {e["status"] for e in await record(running, other, user=OTHER_UNIT_HEAD)} == {"missing"}
    refused(await running.api.get(f"/api/reform-reports/units/{own}", headers=running.as_user(OTHER_UNIT_HEAD)),
            403, "OTHER_UNIT")
    # The list of reports received: everyone's for the office, a unit head's own only.
    everyone = ok(await running.api.get("/api/reform-reports", params={"campaign": PLAN_CODE},
                                         headers=running.as_user(APPRAISER)))
    assert len(everyone) == 2
    assert ok(await running.api.get("/api/reform-reports", params={"unit_id": own},
                                    headers=running.as_user(OTHER_UNIT_HEAD))) == []
    mine = ok(await running.api.get("/api/reform-reports", params={"period": due.code},
                                    headers=running.as_user(UNIT_HEAD)))
    assert [e["period_code"] for e in mine] == [due.code]


async def test_refusals_change_nothing(running: Service):
    plan = setup_plan(running)
    _, pending = due_and_open(plan, today())
    target = percentage_target(plan)
    other = unit_id(running, OTHER_UNIT_HEAD)
    refused(await send(running, UNIT_HEAD, pending.code, {target: 90}, unit_id=other), 403, "OTHER_UNIT")
    refused(await send(running, APPRAISER, pending.code, {target: 90}), 403, "WRONG_ROLE",
            "Cán bộ thẩm định", "Gửi báo cáo cải cách hành chính")
    refused(await send(running, UNIT_HEAD, "2019-Q5", {target: 90}), 422, "UNKNOWN_REPORT_PERIOD", "2019-Q5", pending.code)
    refused(await send(running, UNIT_HEAD, pending.code, {"khong_co": 1}), 422, "REPORT_FIGURES_INVALID", "«khong_co»")
    refused(await send(running, UNIT_HEAD, pending.code, {target: 101}), 422, "REPORT_FIGURES_INVALID", "từ 0 đến 100")
    refused(await send(running, UNIT_HEAD, pending.code, {target: "nhiều"}), 422, "INVALID_INPUT")
    refused(await send(running, UNIT_HEAD, pending.code, summary=None), 422, "REPORT_FIGURES_INVALID", "chưa có số liệu")
    refused(await send(running, UNIT_HEAD, pending.code, {target: 90}, campaign_code=running.campaign),
            422, "REFORM_PLAN_NOT_FOUND", running.campaign)
    refused(await send(running, UNIT_HEAD, pending.code, {target: 90}, campaign_code="khong-co"),
            422, "REFORM_PLAN_NOT_FOUND")
    # A quarter two ahead has not opened yet: nothing to report on.
    later = plan.model_copy(update={"plan": plan.plan.model_copy(update={"period": Period(
        start=plan.plan.period.start, end=quarter_start(today(), 4) - timedelta(days=1))})})
    with Session(running.engine) as session:
        save_campaign(session, later)
    future = next(p for p in report_periods(later) if p.opens_on > today())
    refused(await send(running, UNIT_HEAD, future.code, {target: 90}), 409, "REPORT_PERIOD_NOT_OPEN", "Chưa đến kỳ gửi")
    refused(await running.api.get("/api/reform-reports/units/999999", headers=running.as_user(APPRAISER)),
            422, "UNIT_NOT_FOUND")
    with Session(running.engine) as session:
        assert session.exec(select(ReformReport)).all() == []


async def test_the_record_is_shown_beside_the_units_dossier_at_appraisal(running: Service):
    plan = setup_plan(running)
    due, pending = due_and_open(plan, today())
    ok(await send(running, UNIT_HEAD, pending.code, {percentage_target(plan): 95}), 201)
    body = {"campaign_code": running.campaign, "nominees": [
        {"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"}]}
    dossier = ok(await running.api.post("/api/dossiers", json=body, headers=running.as_user(UNIT_HEAD)), 201)
    seen = ok(await running.api.get(f"/api/dossiers/{dossier['id']}", headers=running.as_user(APPRAISER)))
    verdicts = {entry["period_code"]: entry["verdict"] for entry in seen["reform_record"]}
    assert verdicts[pending.code] == "Đúng hạn"
    assert verdicts[due.code] == f"Chưa nộp (hạn: trước ngày {vn_date(due.due_before)})"
