"""The plan reader's pages for the issuer's admin: a plan's text drafted, the fields confirmed one by one (as
drafted, edited, filled), the campaign refused while a required field is unconfirmed and when the loader finds
a problem (shown at its field), then loaded through the loader of a hand-written file; the YAML downloaded with
its sources as comments; another issuer's admin cannot open the draft."""

import html
import re
import uuid
from pathlib import Path

import yaml
from sqlmodel import Session, select

from db import models
from plan_reader.draft import FIELDS, REFORM_FIELDS
from schemas.campaign_file import parse_campaign, repository_issuer_settings
from tests.test_settings_versions import page_login

SEED = Path(__file__).resolve().parent.parent / "campaigns/seeds/000_579c23753260b2cb.txt"


async def drafted(service, csrf: str) -> str:
    response = await service.api.post("/admin/plan-reader", data={"csrf_token": csrf, "text": SEED.read_text(encoding="utf-8")})
    assert response.status_code == 303, response.text
    return response.headers["location"]


def field_value(page: str, path: str) -> str:
    ident = path.replace(".", "-")
    match = re.search(rf'<textarea id="v-{ident}" name="value" rows="\d+">(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1))


async def confirm(service, csrf: str, url: str, path: str, value: str):
    return await service.api.post(f"{url}/fields", data={"csrf_token": csrf, "path": path, "value": value, "action": "confirm"})


async def test_the_admin_confirms_the_draft_and_loads_the_campaign(running):
    csrf = page_login(running, "quantri")
    url = await drafted(running, csrf)
    page = (await running.api.get(url)).text
    assert "Bản thảo đọc từ kế hoạch văn bản dán vào" in page
    assert "<mark" in page and 'href="#p-1-3"' in page  # the sources highlighted in the plan's text, linked
    assert "Kế hoạch không ghi: điền tay nếu cần" in page  # a field not found is marked, not guessed

    code = f"doc-ke-hoach-{uuid.uuid4().hex[:6]}"
    refused = await running.api.post(f"{url}/load", data={"csrf_token": csrf, "code": code})
    assert refused.status_code == 422 and "còn mục bắt buộc chưa xác nhận" in refused.text

    for spec in FIELDS:
        if spec.required or spec.path in ("plan.number", "plan.date", "deadlines.submit_before", "quotas"):
            value = field_value(page, spec.path)
            if value.strip():
                assert (await confirm(running, csrf, url, spec.path, value)).status_code == 303
    # a bad value typed: refused at the field, nothing saved
    typed = await confirm(running, csrf, url, "subject_kinds", "Phòng chuyên môn")
    assert typed.status_code == 422 and "Mục này là một danh sách" in typed.text
    # a value the loader refuses: its problem shown at the field
    assert (await confirm(running, csrf, url, "signer.sign_as", "XX")).status_code == 303
    refused = await running.api.post(f"{url}/load", data={"csrf_token": csrf, "code": code})
    assert refused.status_code == 422, refused.text
    article = refused.text.split('id="f-signer-sign_as"')[1].split("</article>")[0]
    assert "Hệ thống kiểm tra: Phải là một trong các giá trị" in article
    assert (await confirm(running, csrf, url, "signer.sign_as", "TM")).status_code == 303

    download = await running.api.get(f"{url}/settings.yaml", params={"code": code})
    text = download.text
    assert "# Số kế hoạch: trang 1, dòng 3: «101 /KH-UBND»" in text
    plan = parse_campaign(text, "x", repository_issuer_settings())
    assert (plan.code, plan.plan.number, plan.receiving_office) == (code, "101/KH-UBND", "Phòng Văn hóa - Xã hội")
    assert yaml.safe_load(text)["deadlines"]["submit_before"].isoformat() == "2025-12-05"

    loaded = await running.api.post(f"{url}/load", data={"csrf_token": csrf, "code": code})
    assert loaded.status_code == 303 and loaded.headers["location"] == "/admin/campaigns?done=campaign_file"
    with Session(running.engine) as session:
        campaign = session.exec(select(models.Campaign).where(models.Campaign.code == code)).one()
        assert campaign.settings["signer"]["name"] == "Pham Thi Thu Hién"  # as the OCR has it: the admin edits it


async def test_a_plan_file_of_another_kind_is_refused_and_another_issuer_cannot_open_a_draft(running):
    csrf = page_login(running, "quantri")
    refused = await running.api.post("/admin/plan-reader", data={"csrf_token": csrf},
                                     files={"file": ("ke-hoach.exe", b"MZ\x90\x00\x03\x00\x00\x00\xff\xfe", "application/octet-stream")})
    assert refused.status_code == 422 and "Chỉ nhận tệp .docx, .pdf" in refused.text
    url = await drafted(running, csrf)
    page_login(running, "quantri.hong-van")
    assert (await running.api.get(url)).status_code == 404


async def test_a_reform_plan_is_drafted_with_its_own_fields_and_loaded_as_one(running):
    """Tứ Kỳ's reform plan: drafted as a reform plan, its required fields confirmed (the OCR-broken office edited),
    loaded through the loader as a reform plan."""
    csrf = page_login(running, "quantri.tu-ky")
    text = (SEED.parent / "003_9c62d6623efdc336.txt").read_text(encoding="utf-8")
    response = await running.api.post("/admin/plan-reader", data={"csrf_token": csrf, "text": text})
    url = response.headers["location"]
    page = (await running.api.get(url)).text
    assert "Đây là kế hoạch cải cách hành chính" in page and 'id="f-targets"' in page and 'id="f-subject_kinds"' not in page
    for spec in REFORM_FIELDS:
        if spec.required and spec.path != "reports.to_office":
            assert (await confirm(running, csrf, url, spec.path, field_value(page, spec.path))).status_code == 303
    assert (await confirm(running, csrf, url, "reports.to_office", "Phòng Văn hóa - Xã hội")).status_code == 303
    code = f"cchc-{uuid.uuid4().hex[:6]}"
    loaded = await running.api.post(f"{url}/load", data={"csrf_token": csrf, "code": code})
    assert loaded.status_code == 303, loaded.text
    plan = parse_campaign((await running.api.get(f"{url}/settings.yaml", params={"code": code})).text, "x",
                          repository_issuer_settings())
    assert plan.kind == "reform_plan" and len(plan.targets) == 7 and plan.reports.due_before_day == 10
