"""Standards checked against the registry's figures, whatever the indicator, and citizens' feedback as a
record kind a plan adds: through the API, on a plan that names the DTI (the catalogue's), two indicators of
its own and the feedback bar (tests/data/plans/indicators-dti.yaml), and the same plan without the bar
(indicators-law-kinds.yaml)."""

import io
import json
import re
import shutil
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook
from sqlmodel import Session, select

from common.settings import ROOT
from db import models
from db.engine import create_tables, make_engine
from schemas.campaign import EmulationPlan
from schemas.campaign_file import CampaignFileError, parse_campaign, repository_issuer_settings
from schemas.eligibility import RecordFacts, SubjectFacts, evaluate
from tests.campaign_steps import add_unit, collective, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import APPRAISER, attach_all, get, minutes, ok, post
from tests.web_app import page_of
from web.pages.deps import LOGIN_CSRF_COOKIE
from workflows.dossier import DossierWorkflow

PLANS = Path(__file__).parent / "data" / "plans"
DTI_PLAN = PLANS / "indicators-dti.yaml"
LAW_PLAN = PLANS / "indicators-law-kinds.yaml"
OFFICE = "phong_chuyen_mon"


def unit_id(service: Service, name: str) -> int:
    with Session(service.engine) as session:
        return session.exec(select(models.Unit).where(models.Unit.name == name)).one().id


async def figure(service: Service, unit: int, indicator: str, value: float, part: str | None = None, year: int = 2025):
    body = {"subject_type": "unit", "unit_id": unit, "kind": "indicator", "indicator": indicator, "year": year,
            "value": value} | ({"period_part": part} if part else {})
    return await post(service, APPRAISER, "/api/records", json=body)


async def in_appraisal(service: Service, head: str, campaign: str, name: str) -> dict:
    """The unit's dossier proposing itself, through its meeting and submission, taken in for appraisal."""
    body = {"campaign_code": campaign, "nominees": [collective(OFFICE, name)]}
    dossier = ok(await post(service, head, "/api/dossiers", json=body), 201)
    path = f"/api/dossiers/{dossier['id']}"
    dossier = ok(await post(service, head, f"{path}/minutes", json=minutes(dossier)))
    await attach_all(service, dossier, user=head)
    ok(await post(service, head, f"{path}/submit"))
    return ok(await post(service, APPRAISER, f"{path}/start-appraisal"))


def refused(response: httpx.Response, code: str = "RECORD_INVALID", status: int = 422) -> str:
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
    return response.json()["message"]


# --- the standards, end to end ----------------------------------------------------------------------------


async def test_a_dti_standard_is_checked_from_the_registry(running: Service):
    plan = await run_plan(running, DTI_PLAN, today() + timedelta(days=30))
    good_head, weak_head = add_unit(running, "Phòng Số hóa", "phong_chuyen_mon"), add_unit(running, "Phòng Chậm", "phong_chuyen_mon")
    good, weak = unit_id(running, "Phòng Số hóa"), unit_id(running, "Phòng Chậm")
    # The office enters the figures: the DTI (an index from 0 to 1) of each unit for 2025, and the on-time rate
    # of the fourth quarter (the plan's own, quarterly) of the first; neither has the late rate.
    dti_good = ok(await figure(running, good, "dti", 0.72), 201)
    assert (dti_good["measure"], dti_good["period_part"]) == ("index", "year")
    assert dti_good["summary"] == "Chỉ số chuyển đổi số (DTI) năm 2025: 0,72"
    ok(await figure(running, weak, "dti", 0.45), 201)
    quarter = ok(await figure(running, good, "mot_cua_dung_han_quy", 99, "q4"), 201)
    assert quarter["summary"] == "mot_cua_dung_han_quy quý IV năm 2025: 99%"

    passing = await in_appraisal(running, good_head, plan.code, "Phòng Số hóa")
    failing = await in_appraisal(running, weak_head, plan.code, "Phòng Chậm")
    # A figure at or above the threshold passes; the standard without a figure is said not checked.
    findings = passing["nominees"][0]["findings"]
    assert [f["rule"] for f in findings] == ["indicator_unchecked"]
    assert findings[0]["verdict"] == "warn"
    assert findings[0]["message"].startswith("Chưa có số liệu") and "Tỷ lệ hồ sơ thủ tục hành chính trễ hạn" in findings[0]["message"]
    assert "không quá 2%" in findings[0]["message"]
    with Session(running.engine) as session:
        rows = session.exec(select(models.EligibilityCheck).where(
            models.EligibilityCheck.dossier_id == passing["id"], models.EligibilityCheck.step == "appraisal",
            models.EligibilityCheck.rule == "indicator")).all()
        assert sorted((r.verdict, tuple(r.record_ids)) for r in rows) == [("pass", (dti_good["id"],)), ("pass", (quarter["id"],))]
        assert any("0,72" in r.message and "từ 0,6 trở lên" in r.message for r in rows)
    # A figure below it bars the nominee: the appraiser cannot pass it.
    bar = next(f for f in failing["nominees"][0]["findings"] if f["verdict"] == "block")
    assert bar["rule"] == "indicator" and "0,45" in bar["message"] and "từ 0,6 trở lên" in bar["message"]
    path = f"/api/dossiers/{failing['id']}/nominees/N1/appraisal"
    refused(await post(running, APPRAISER, path, json={"passed": True}), "ELIGIBILITY_BLOCKED", 409)
    # The unchecked standard does not bar: the appraiser weighs it, and the page says it was not checked.
    done = ok(await post(running, APPRAISER, f"/api/dossiers/{passing['id']}/nominees/N1/appraisal", json={"passed": True}))
    assert done["nominees"][0]["status"] == "passed"
    page = await page_of(running, APPRAISER, f"/appraisal/dossiers/{passing['id']}")
    assert "Chưa kiểm tra được: Chưa có số liệu: sổ theo dõi chưa có «Tỷ lệ hồ sơ thủ tục hành chính trễ hạn» năm 2025" in page


async def test_the_registry_takes_the_indicators_it_knows_and_refuses_others(running: Service):
    office = unit_id(running, "Phòng Kinh tế")
    message = refused(await figure(running, office, "dti_diem", 700))
    assert "chỉ số «dti_diem» không có trong danh mục" in message and "dti, " in message
    # A plan's own indicator is taken once a plan of the issuer declares it.
    refused(await figure(running, office, "tre_han_pct", 1.5))
    await run_plan(running, DTI_PLAN, today() + timedelta(days=30))
    late = ok(await figure(running, office, "tre_han_pct", 1.5), 201)
    assert (late["indicator"], late["measure"], late["period_part"]) == ("tre_han_pct", "pct", "year")
    listed = ok(await running.api.get("/api/records/indicators", headers=running.as_user(APPRAISER)))
    codes = {i["code"]: i for i in listed}
    assert {"dti", "sipas_pct", "par_index_pct", "satisfaction_pct", "on_time_pct", "mot_cua_dung_han_quy", "tre_han_pct"} <= set(codes)
    assert (codes["mot_cua_dung_han_quy"]["period"], codes["dti"]["measure"]) == ("quarter", "index")
    # What does not fit its indicator is refused, with the reason.
    assert "vượt giá trị lớn nhất" in refused(await figure(running, office, "dti", 5))
    assert "cần ghi kỳ" in refused(await figure(running, office, "mot_cua_dung_han_quy", 97))
    assert "cần ghi kỳ" in refused(await figure(running, office, "dti", 0.5, "q1"))
    body = {"subject_type": "person", "subject_name": "Lê Minh Đức", "birth_date": "1979-11-23", "kind": "indicator",
            "indicator": "dti", "year": 2025, "value": 0.5}
    assert "số liệu của đơn vị" in refused(await post(running, APPRAISER, "/api/records", json=body))
    assert "tính bằng «chỉ số»" in refused(await post(running, APPRAISER, "/api/records", json={
        "subject_type": "unit", "unit_id": office, "kind": "indicator", "indicator": "dti", "year": 2025, "value": 0.5,
        "measure": "points"}))
    # The same figure twice is one figure; a correction changes it.
    ok(await figure(running, office, "mot_cua_dung_han_quy", 97, "q3"), 201)
    refused(await figure(running, office, "mot_cua_dung_han_quy", 98, "q3"), "RECORD_DUPLICATE", 409)
    ok(await figure(running, office, "mot_cua_dung_han_quy", 98, "q4"), 201)
    patched = await running.api.patch(f"/api/records/{late['id']}", json={"value": 2.5}, headers=running.as_user(APPRAISER))
    assert ok(patched)["value"] == 2.5
    only = ok(await running.api.get("/api/records", params={"indicator": "mot_cua_dung_han_quy"}, headers=running.as_user(APPRAISER)))
    assert sorted(r["period_part"] for r in only) == ["q3", "q4"]


async def test_figures_come_in_a_file(running: Service):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Loại", "Đơn vị", "Mã chỉ số", "Năm", "Kỳ", "Giá trị"])
    sheet.append([1, "Chỉ số", "Phòng Kinh tế", "DTI", 2025, "Năm", "0,66"])
    sheet.append([2, "Chỉ số", "Phòng Kinh tế", "sipas_pct", 2025, None, "91,5%"])
    sheet.append([3, "Chỉ số", "Phòng Kinh tế", "khong_co", 2025, None, 50])
    sheet.append([4, "Chỉ số", "Phòng Kinh tế", "on_time_pct", 2025, "quý 2", 99])
    sheet.append([5, "Phản ánh, kiến nghị", "Phòng Kinh tế", None, None, None, None])
    content = io.BytesIO()
    workbook.save(content)
    files = {"file": ("so-lieu.xlsx", content.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
    report = ok(await running.api.post("/api/records/import", files=files, headers=running.as_user(APPRAISER)))
    statuses = [(row["row_number"], row["status"]) for row in report["rows"]]
    assert statuses == [(2, "taken"), (3, "taken"), (4, "refused"), (5, "refused"), (6, "taken")], report
    assert "Chỉ số chuyển đổi số (DTI) năm 2025: 0,66" in report["rows"][0]["message"]
    assert "SIPAS" in report["rows"][1]["message"] and "91,5%" in report["rows"][1]["message"]
    assert "«khong_co» không có trong danh mục" in report["rows"][2]["message"]
    assert "tính theo năm" in report["rows"][3]["message"]
    assert "Phản ánh, kiến nghị đang xem xét, xử lý" in report["rows"][4]["message"]


# --- citizens' feedback -------------------------------------------------------------------------------------


async def nominee_status(service: Service, dossier_id: str, expected: str) -> None:
    state = await service.client.get_workflow_handle(f"dossier-{dossier_id}").query(DossierWorkflow.current)
    assert state.nominee("N1").status == expected, (state.nominee("N1").status, state.nominee("N1").reasons)


async def test_feedback_bars_where_the_plan_adds_it_and_not_where_it_does_not(running: Service):
    strict = await run_plan(running, DTI_PLAN, today() + timedelta(days=30))
    lawful = await run_plan(running, LAW_PLAN, today() + timedelta(days=30))
    head = add_unit(running, "Phòng Một cửa", "phong_chuyen_mon")
    office = unit_id(running, "Phòng Một cửa")
    body = {"subject_type": "unit", "unit_id": office, "kind": "feedback", "opened_on": today().isoformat(),
            "note": "Người dân phản ánh chậm trả kết quả"}
    feedback = ok(await post(running, APPRAISER, "/api/records", json=body), 201)
    assert (feedback["status"], feedback["kind_name"]) == ("open", "Phản ánh, kiến nghị")

    held = await in_appraisal(running, head, strict.code, "Phòng Một cửa")
    free = await in_appraisal(running, head, lawful.code, "Phòng Một cửa")
    assert held["nominees"][0]["status"] == "suspended"
    assert any(f["rule"] == "pending_records" and "Phản ánh, kiến nghị đang xem xét, xử lý" in f["message"]
               for f in held["nominees"][0]["findings"])
    assert free["nominees"][0]["status"] == "selected"
    assert not any(f["rule"] in ("pending_records", "concluded_records") for f in free["nominees"][0]["findings"])

    # Concluded as founded: out of the plan that bars it, nothing changes in the other.
    body = {"status": "concluded", "outcome": "founded", "concluded_on": today().isoformat()}
    ok(await running.api.patch(f"/api/records/{feedback['id']}", json=body, headers=running.as_user(APPRAISER)))
    await nominee_status(running, held["id"], "disqualified")
    await nominee_status(running, free["id"], "selected")
    assert (await get(running, free["id"]))["nominees"][0]["status"] == "selected"


# --- plans ----------------------------------------------------------------------------------------------------


def load(text: str) -> EmulationPlan:
    return parse_campaign(text, "indicators-test.yaml", repository_issuer_settings())


def test_a_plan_names_only_indicators_the_registry_knows_or_it_declares():
    text = DTI_PLAN.read_text(encoding="utf-8")
    plan = load(text)
    assert [i.code for i in plan.indicators] == ["mot_cua_dung_han_quy", "tre_han_pct"]
    with pytest.raises(CampaignFileError) as caught:
        load(text.replace("indicator: dti,", "indicator: dti_xa,"))
    assert "chỉ số «dti_xa», không có trong danh mục" in str(caught.value) and "par_index_pct" in str(caught.value)
    with pytest.raises(CampaignFileError) as caught:  # the DTI is an index from 0 to 1: refused at the field
        load(text.replace("threshold: 0.6}", "threshold: 60}"))
    assert "items.1.threshold: Phải nhỏ hơn hoặc bằng 1." in str(caught.value)
    with pytest.raises(CampaignFileError) as caught:  # a declared percentage: with the plan
        load(text.replace("threshold: 2, compare: at_most}", "threshold: 120, compare: at_most}"))
    assert "ngưỡng 120% vượt giá trị lớn nhất của chỉ số «tre_han_pct» (100%)" in str(caught.value)
    with pytest.raises(CampaignFileError) as caught:
        load(text.replace("- {code: tre_han_pct,", "- {code: dti,"))
    assert "đã có trong danh mục" in str(caught.value)
    with pytest.raises(CampaignFileError) as caught:
        load(text.replace("measure: pct, period: year}", "measure: pct, period: year, per: person}"))
    assert "tính cho từng cá nhân, không áp dụng cho tập thể" in str(caught.value)
    with pytest.raises(CampaignFileError):
        load(text.replace("measure: pct, period: quarter}", "measure: pct, period: quarter, maximum: 150}"))
    # The five seed plans name only the catalogue's codes.
    for path in sorted((ROOT / "campaigns").glob("*.yaml")):
        parse_campaign(path.read_text(encoding="utf-8"), path.name, repository_issuer_settings())


def test_the_period_and_the_direction_of_a_standard():
    plan = load(DTI_PLAN.read_text(encoding="utf-8"))
    office = SubjectFacts(group="collective", subject_kind=OFFICE, name="Phòng Một cửa", unit_id=2)

    def late(value: float, part: str = "year", year: int = 2025) -> RecordFacts:
        return RecordFacts(id=7, kind="indicator", subject="unit", indicator="tre_han_pct", year=year,
                           period_part=part, measure="pct", value=value)

    def verdicts(records) -> set[tuple[str, str]]:
        return {(f.rule, f.verdict) for f in evaluate(plan, office, records, today()) if f.standard == "tre_han"}

    assert verdicts([late(1.5)]) == {("indicator", "pass")} and verdicts([late(2)]) == {("indicator", "pass")}
    assert verdicts([late(2.5)]) == {("indicator", "block")}  # "không quá 2%"
    assert verdicts([late(1.5, year=2024)]) == {("indicator_unchecked", "warn")}
    quarter = RecordFacts(id=8, kind="indicator", subject="unit", indicator="mot_cua_dung_han_quy", year=2025,
                          period_part="q3", measure="pct", value=99)
    found = [f for f in evaluate(plan, office, [quarter], today()) if f.standard == "dung_han_quy_iv"]
    assert [f.rule for f in found] == ["indicator_unchecked"] and "quý IV năm 2025" in found[0].message  # Q3 is not Q4
    points = quarter.model_copy(update={"period_part": "q4", "measure": "points"})
    found = [f for f in evaluate(plan, office, [points], today()) if f.standard == "dung_han_quy_iv"]
    assert [f.rule for f in found] == ["indicator_unchecked"] and "đơn vị «điểm»" in found[0].message


def test_feedback_records_count_only_where_the_plan_lists_them():
    strict, lawful = load(DTI_PLAN.read_text(encoding="utf-8")), load(LAW_PLAN.read_text(encoding="utf-8"))
    office = SubjectFacts(group="collective", subject_kind=OFFICE, name="Phòng Một cửa", unit_id=2)
    founded = RecordFacts(id=3, kind="feedback", subject="unit", status="concluded", outcome="founded",
                          opened_on=today().replace(year=2025, month=3, day=1), concluded_on=today().replace(year=2025, month=4, day=1))
    assert [f.verdict for f in evaluate(strict, office, [founded], today()) if f.rule == "concluded_records"] == ["block"]
    assert [f.verdict for f in evaluate(lawful, office, [founded], today()) if f.rule == "concluded_records"] == ["pass"]


# --- the migration ----------------------------------------------------------------------------------------------


def test_a_stored_plan_naming_its_own_indicator_gets_it_declared(tmp_path: Path):
    """A plan loaded before named any code; upgraded, it declares those the catalogue lacks, and still reads."""
    path = tmp_path / "thidua.db"
    shutil.copyfile(ROOT / "tests" / "data" / "release-b1bf412.db", path)
    with closing(sqlite3.connect(path)) as db:
        code, settings = db.execute("SELECT code, settings FROM campaign WHERE kind = 'emulation' ORDER BY id").fetchone()
        data = json.loads(settings)
        item = next(i for s in data["standards"] for g in s["groups"] for i in g["items"] if i.get("kind") == "indicator")
        item["indicator"] = "ty_le_rieng_pct"
        db.execute("UPDATE campaign SET settings = ? WHERE code = ?", (json.dumps(data, ensure_ascii=False), code))
        db.commit()
    engine = make_engine(f"sqlite:///{path}")
    create_tables(engine)
    with Session(engine) as session:
        row = session.exec(select(models.Campaign).where(models.Campaign.code == code)).one()
        plan = EmulationPlan.model_validate(row.settings)
        assert [(i.code, i.measure, i.period, i.per) for i in plan.indicators] == [("ty_le_rieng_pct", "pct", "year", "unit")]
        assert plan.indicators[0].name == item["text"][:300]
    engine.dispose()


# --- the records page -----------------------------------------------------------------------------------------


async def test_the_office_enters_a_figure_on_the_records_page(running: Service):
    transport = httpx.ASGITransport(app=running.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        await browser.get("/login")
        form = {"username": APPRAISER, "password": f"demo-{APPRAISER}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
        assert (await browser.post("/login", data=form)).status_code == 303
        page = (await browser.get("/appraisal/records")).text
        assert '<option value="dti">Chỉ số chuyển đổi số (DTI) (dti)</option>' in page
        assert '<option value="feedback">Phản ánh, kiến nghị</option>' in page and "Quý IV" in page
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
        body = {"csrf_token": token, "request_id": "r-1", "kind": "indicator", "subject_type": "unit",
                "subject_name": "Phòng Kinh tế", "indicator": "dti", "year": "2025", "value": "0,81"}
        response = await browser.post("/appraisal/records", data=body)
        assert response.status_code == 303, response.text
        listed = " ".join((await browser.get("/appraisal/records")).text.split())
        assert "Chỉ số chuyển đổi số (DTI) năm 2025: 0,81" in listed
        # A figure above what the indicator measures is refused on the page, with the reason.
        body |= {"request_id": "r-2", "value": "81", "year": "2024"}
        response = await browser.post("/appraisal/records", data=body)
        assert response.status_code == 422 and "vượt giá trị lớn nhất" in response.text
