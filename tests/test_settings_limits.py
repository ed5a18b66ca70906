"""A settings file cannot take the server down or freeze a campaign: what no plan needs is refused, at its
field and in Vietnamese, before anything is stored or started."""

import re
import subprocess
import sys
import textwrap
import time
import uuid

import httpx
import pytest
from sqlmodel import Session, func, select
from temporalio.service import RPCError

from common.settings import ROOT
from db import models
from schemas.campaign_file import CampaignFileError, parse_campaign, repository_issuer_settings
from tests.conftest import Service

CAMPAIGNS = ROOT / "campaigns"
KE_SAT = (CAMPAIGNS / "ke-sat-2025.yaml").read_text(encoding="utf-8")
ADMIN = "quantri"


def with_code(text: str, code: str) -> str:
    return re.sub(r"^code: .*$", f"code: {code}", text, count=1, flags=re.M)


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(CampaignFileError) as caught:
        parse_campaign(text, "x.yaml", repository_issuer_settings())
    return caught.value.problems


async def upload(service: Service, name: str, content: bytes) -> httpx.Response:
    files = {"file": (name, content, "application/yaml")}
    return await service.api.post("/api/campaigns", files=files, headers=service.as_user(ADMIN))


def refused(response: httpx.Response, status: int, code: str) -> dict:
    body = response.json()
    assert (response.status_code, body["code"]) == (status, code), response.text
    return body


def campaign_rows(service: Service) -> list[tuple]:
    with Session(service.engine) as session:
        rows = session.exec(select(models.Campaign).order_by(models.Campaign.code)).all()
        return [(row.code, row.kind, row.settings, row.loaded_at) for row in rows]


async def workflow_started(service: Service, code: str) -> bool:
    try:
        await service.client.get_workflow_handle(f"campaign-{code}").describe()
    except RPCError:
        return False
    return True


def laughs(levels: int, fan_out: int) -> str:
    """The "billion laughs": each level an alias list of the one below, fan_out ** levels texts in all."""
    lines = ['lol0: &lol0 "cười"']
    for level in range(1, levels + 1):
        lines.append(f"lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * fan_out)}]")
    return "\n".join(lines) + "\n"


# --- refused before any object is built ---------------------------------------------------------------


async def test_a_billion_laughs_file_is_refused_at_once_and_loads_nothing(running: Service):
    # 4 ** 9 texts: small enough not to harm the test if the aliases were ever expanded again.
    code = f"cuoi-{uuid.uuid4().hex[:6]}"
    text = laughs(9, 4) + with_code(KE_SAT, code)
    before = campaign_rows(running)
    started = time.monotonic()
    body = refused(await upload(running, "cuoi.yaml", text.encode()), 422, "CAMPAIGN_FILE_INVALID")
    assert time.monotonic() - started < 2
    [field] = body["details"]["fields"]
    assert field["field"] == ""
    assert field["problem"].startswith("Tệp dùng bí danh YAML (*lol0) ở dòng 2")
    assert "không nhận neo và bí danh" in body["message"]
    assert campaign_rows(running) == before
    assert not await workflow_started(running, code)


def test_the_real_billion_laughs_is_refused_in_little_memory_and_time():
    """10 ** 9 texts if expanded: run apart, in a process held to 1 GB, so that a failure cannot harm the suite."""
    script = textwrap.dedent(f"""
        import resource, time
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
        from schemas.campaign_file import CampaignFileError, parse_campaign, repository_issuer_settings
        started = time.monotonic()
        try:
            parse_campaign({laughs(9, 10)!r} + "kind: emulation\\n", "cuoi.yaml", {{}})
        except CampaignFileError as error:
            print(round(time.monotonic() - started, 3), error.problems[0][1])
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seconds, problem = done.stdout.split(" ", 1)
    assert problem.startswith("Tệp dùng bí danh YAML (*lol0) ở dòng 2")
    assert float(seconds) < 1


def test_nesting_deeper_than_any_plan_is_refused():
    [(path, reason)] = problems("kind: emulation\ngrounds: " + "[" * 25 + "]" * 25 + "\n")
    assert path == "" and reason.startswith("Tệp lồng nhau quá 20 cấp ở dòng 2")


async def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(running: Service):
    before = campaign_rows(running)
    padding = "# " + "x" * 78 + "\n"
    code = f"to-qua-{uuid.uuid4().hex[:6]}"
    big = (with_code(KE_SAT, code) + padding * (2**20 // len(padding) + 1)).encode()
    assert len(big) > 2**20
    body = refused(await upload(running, "to.yaml", big), 422, "CAMPAIGN_FILE_INVALID")
    assert body["details"]["fields"] == [{"field": "", "problem": "Tệp lớn hơn 1 MB: tệp kế hoạch không cần lớn như vậy."}]
    # The limit is a setting: the same plan of 10 KB is refused under a limit of 5 KB.
    running.settings.campaign_file_max_bytes = 5_000
    body = refused(await upload(running, "ke-sat.yaml", with_code(KE_SAT, code).encode()), 422, "CAMPAIGN_FILE_INVALID")
    assert "Tệp lớn hơn 4,9 KB" in body["message"]
    assert campaign_rows(running) == before
    assert not await workflow_started(running, code)


async def test_a_file_that_is_not_utf8_is_refused(running: Service):
    body = refused(await upload(running, "latin1.yaml", KE_SAT.encode("utf-16")), 422, "CAMPAIGN_FILE_INVALID")
    assert body["details"]["fields"] == [{"field": "", "problem": "Tệp không phải văn bản UTF-8."}]


# --- every number, share, date and list is bounded ----------------------------------------------------


@pytest.mark.parametrize(
    ("added", "path", "reason"),
    [
        # A rounding of 0 divides by zero when the council closes: the campaign stayed in session for good.
        ("bonus: {rounding_vnd: 0}", "emulation.bonus.rounding_vnd", "Phải lớn hơn hoặc bằng 1."),
        ("bonus: {base_salary_vnd: -2340000}", "emulation.bonus.base_salary_vnd", "Phải lớn hơn hoặc bằng 1."),
        ("bonus: {rounding_vnd: 100000000}", "emulation.bonus.rounding_vnd", "Phải nhỏ hơn hoặc bằng 1000000."),
        ("council: {quorum: '1/0'}", "emulation.council.quorum",
         "«1/0» không phải một tỉ lệ từ 0 đến 1: mẫu số khác 0, tử số không lớn hơn mẫu số."),
        ("council: {threshold: '3/2'}", "emulation.council.threshold",
         "«3/2» không phải một tỉ lệ từ 0 đến 1: mẫu số khác 0, tử số không lớn hơn mẫu số."),
        ("unit_meeting: {quorum: '99999/100000'}", "emulation.unit_meeting.quorum",
         "«99999/100000» không đúng quy định: một tỉ lệ dạng «2/3»."),
        ("deadlines: {reminder_days_before: [7, -1]}", "emulation.deadlines.reminder_days_before.1",
         "Phải lớn hơn hoặc bằng 1."),
        ("deadlines: {reminder_days_before: [1000000000]}", "emulation.deadlines.reminder_days_before.0",
         "Phải nhỏ hơn hoặc bằng 365."),
        ("deadlines: {reminder_days_before: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}",
         "emulation.deadlines.reminder_days_before", "Nhiều nhất 10 mục, tệp có 11."),
        ("deadlines: {supplement_working_days: 1000000000}", "emulation.deadlines.supplement_working_days",
         "Phải nhỏ hơn hoặc bằng 250."),
        ("deadlines: {submit_before: 9999-12-31}", "emulation.deadlines.submit_before",
         "Ngày phải từ 01/01/2000 đến 31/12/2100."),
        ("deadlines: {appraisal: {fixed: 1900-01-01}}", "emulation.deadlines.appraisal.fixed",
         "Ngày phải từ 01/01/2000 đến 31/12/2100."),
        ("deadlines: {appraisal: {before_event: {event: hoi_nghi, event_name: Hội nghị, days_before: 100000}}}",
         "emulation.deadlines.appraisal.before_event.days_before", "Phải nhỏ hơn hoặc bằng 365."),
    ],
)
def test_a_number_that_would_stall_a_campaign_is_refused_at_its_field(added: str, path: str, reason: str):
    assert problems(f"{KE_SAT}\n{added}\n") == [(path, reason)]


@pytest.mark.parametrize(
    ("old", "new", "path", "reason"),
    [
        # Negative bonuses printed −11.700.000 đồng for each awardee.
        ("  - code: giay_khen\n", "  - code: giay_khen\n    bonus_multiple: {individual: -5, collective: 0.3}\n",
         "emulation.award_forms.0.bonus_multiple.individual", "Phải lớn hơn hoặc bằng 0."),
        ("  - code: giay_khen\n", "  - code: giay_khen\n    bonus_multiple: {individual: .nan, collective: 0.3}\n",
         "emulation.award_forms.0.bonus_multiple.individual", "Cần một số hữu hạn."),
        # A group considered without a multiple was a KeyError in the workflow when the council closed.
        ("  - code: giay_khen\n", "  - code: giay_khen\n    bonus_multiple: {individual: 0.15}\n",
         "emulation", "hình thức giay_khen không có hệ số tiền thưởng (bonus_multiple) cho nhóm collective"),
        ("indicator: satisfaction_pct, threshold: 90}", "indicator: satisfaction_pct, threshold: 150}",
         "emulation.standards.0.groups.0.items.13.threshold", "Phải nhỏ hơn hoặc bằng 100."),
        ("period: {start: 2025-07-01, end: 2025-12-31}", "period: {start: 2025-07-01, end: 3025-12-31}",
         "emulation.plan.period.end", "Ngày phải từ 01/01/2000 đến 31/12/2100."),
        ("receiving_office: Phòng Văn hóa - Xã hội ", 'receiving_office: "Phòng Văn hóa\\x01 - Xã hội" ', "emulation.receiving_office",
         "Có ký tự điều khiển (U+0001) không được phép trong ô này; hãy xóa ký tự đó rồi gửi lại."),
    ],
)
def test_a_value_no_plan_has_is_refused_at_its_field(old: str, new: str, path: str, reason: str):
    assert old in KE_SAT
    assert problems(KE_SAT.replace(old, new, 1)) == [(path, reason)]


def test_lists_are_bounded():
    grounds = "".join(f"    - Căn cứ {i}\n" for i in range(99))
    text = re.sub(r"^  grounds:.*\n", lambda line: line[0] + grounds, KE_SAT, count=1, flags=re.M)
    assert problems(text) == [("emulation.plan.grounds", "Nhiều nhất 100 mục, tệp có 101.")]


def test_a_yearly_plan_runs_ten_years_at_most_and_no_29_february():
    hon_quan = (CAMPAIGNS / "hon-quan-2024-2025.yaml").read_text(encoding="utf-8")
    assert "end: 2025-12-31" in hon_quan and "submit_before: 2024-12-31" in hon_quan
    assert problems(hon_quan.replace("end: 2025-12-31", "end: 2099-12-31", 1)) == [
        ("emulation", "kế hoạch hằng năm chạy nhiều nhất 10 năm, kế hoạch này 76 năm")]
    assert problems(hon_quan.replace("submit_before: 2024-12-31", "submit_before: 2024-02-29", 1)) == [
        ("emulation", "kế hoạch hằng năm không ghi hạn ngày 29/02 (29/02/2024): năm thường không có ngày này")]


def test_the_five_plans_load_within_the_bounds():
    for path in sorted(CAMPAIGNS.glob("*.yaml")):
        assert parse_campaign(path.read_text(encoding="utf-8"), path.name, repository_issuer_settings()).code == path.stem


async def test_a_refused_number_loads_nothing_and_starts_nothing(running: Service):
    code = f"lam-tron-{uuid.uuid4().hex[:6]}"
    before = campaign_rows(running)
    text = with_code(KE_SAT, code) + "\nbonus: {rounding_vnd: 0}\n"
    body = refused(await upload(running, "lam-tron.yaml", text.encode()), 422, "CAMPAIGN_FILE_INVALID")
    assert body["details"]["fields"] == [{"field": "emulation.bonus.rounding_vnd", "problem": "Phải lớn hơn hoặc bằng 1."}]
    assert campaign_rows(running) == before
    assert not await workflow_started(running, code)


# --- a code already loaded ----------------------------------------------------------------------------


async def test_a_plan_under_a_code_already_loaded_is_refused_and_the_running_campaign_keeps_its_settings(
    running: Service,
):
    code = f"ke-sat-{uuid.uuid4().hex[:6]}"
    [loaded] = (await upload(running, "ke-sat.yaml", with_code(KE_SAT, code).encode())).json()
    assert loaded["code"] == code and await workflow_started(running, code)
    before = campaign_rows(running)
    history = [event async for event in running.client.get_workflow_handle(f"campaign-{code}").fetch_history_events()]

    changed = with_code(KE_SAT, code) + "\nbonus: {rounding_vnd: 10000}\n"
    body = refused(await upload(running, "ke-sat-sua.yaml", changed.encode()), 409, "CAMPAIGN_EXISTS")
    [field] = body["details"]["fields"]
    assert field["field"] == "emulation.code"
    assert field["problem"].startswith(f"Đã có đợt thi đua mã «{code}», nạp ngày ")
    assert "Nếu kế hoạch thay đổi, hãy nạp dưới một mã mới." in field["problem"]
    assert body["message"].startswith("Tệp kế hoạch ke-sat-sua.yaml chưa được nạp: emulation.code: Đã có đợt thi đua")
    assert campaign_rows(running) == before
    after = [event async for event in running.client.get_workflow_handle(f"campaign-{code}").fetch_history_events()]
    assert len(after) == len(history)


async def test_a_reform_plan_cannot_take_an_emulation_campaigns_code(running: Service):
    before = campaign_rows(running)
    tu_ky = with_code((CAMPAIGNS / "tu-ky-2025.yaml").read_text(encoding="utf-8"), running.campaign)
    tu_ky = tu_ky.replace("issuer: tu-ky", "issuer: ke-sat")  # the admin's own issuer, Kẻ Sặt
    body = refused(await upload(running, "tu-ky.yaml", tu_ky.encode()), 409, "CAMPAIGN_EXISTS")
    [field] = body["details"]["fields"]
    assert field["field"] == "reform_plan.code"
    assert field["problem"].startswith(f"Đã có đợt thi đua mã «{running.campaign}»")
    assert campaign_rows(running) == before
    with Session(running.engine) as session:
        assert session.exec(select(models.Campaign).where(models.Campaign.code == running.campaign)).one().kind == "emulation"


async def test_a_yearly_plan_with_one_year_already_loaded_loads_no_year(running: Service):
    code = f"hon-quan-{uuid.uuid4().hex[:6]}"
    hon_quan = with_code((CAMPAIGNS / "hon-quan-2024-2025.yaml").read_text(encoding="utf-8"), code)
    hon_quan = hon_quan.replace("issuer: hon-quan", "issuer: ke-sat")  # the admin's own issuer, Kẻ Sặt
    # Another plan took the code of the yearly plan's second year.
    ok = await upload(running, "khac.yaml", with_code(KE_SAT, f"{code}-2025").encode())
    assert ok.status_code == 201, ok.text
    before = campaign_rows(running)
    body = refused(await upload(running, "hon-quan.yaml", hon_quan.encode()), 409, "CAMPAIGN_EXISTS")
    assert f"«{code}-2025»" in body["details"]["fields"][0]["problem"]
    assert campaign_rows(running) == before
    assert not await workflow_started(running, f"{code}-2024")


async def test_the_administrators_page_shows_why_a_code_already_loaded_is_refused(running: Service):
    login = await running.api.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text)[1]
    form = {"username": ADMIN, "password": f"demo-{ADMIN}", "csrf_token": token}
    assert (await running.api.post("/login", data=form)).status_code == 303
    page = await running.api.get("/admin/campaigns")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    before = campaign_rows(running)
    files = {"file": ("ke-sat.yaml", with_code(KE_SAT, running.campaign).encode(), "application/yaml")}
    page = await running.api.post("/admin/campaigns", data={"csrf_token": token}, files=files)
    assert page.status_code == 409
    assert "Tệp kế hoạch ke-sat.yaml chưa được nạp" in page.text
    assert f"<code>emulation.code</code>: Đã có đợt thi đua mã «{running.campaign}»" in page.text
    assert campaign_rows(running) == before
    with Session(running.engine) as session:
        assert session.exec(select(func.count()).select_from(models.Campaign)).one() == len(before)
