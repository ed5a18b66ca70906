"""Awards anyone can verify: each Giấy khen carries its award's code and a QR code of the public page that code
opens; the page says who was awarded what, by which decision, whether the decision's file is intact and whether
the award still stands. No ID number, date of birth or address appears there.
"""

import io
import re

import docx
import httpx
from sqlmodel import Session

from common.filestore import FileStore
from db.award_codes import CODE_PATTERN, award_code, find_award
from documents.assemble import Documents
from tests.conftest import Service
from tests.dossier_steps import APPRAISER, CHAIRMAN, COMMUNICATIONS, SECRETARY, campaign_post, ok, open_session, post, vote
from tests.test_suspension import NHUNG, OFFICE, complaint, dossier_in_appraisal, nominee_status


async def public(service: Service, path: str) -> httpx.Response:
    """As anyone on the internet: no login, no token."""
    transport = httpx.ASGITransport(app=service.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        return await browser.get(path)


async def signed_campaign(service: Service) -> dict:
    dossier = await dossier_in_appraisal(service, [OFFICE, NHUNG])
    for key in ("N1", "N2"):
        ok(await post(service, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees/{key}/appraisal", json={"passed": True}))
    await vote(service, await open_session(service))
    ok(await campaign_post(service, SECRETARY, service.campaign, "/session/close", json={}))
    ok(await campaign_post(service, CHAIRMAN, service.campaign, "/decision/sign", json={}))
    return dossier


def test_an_awards_code_is_short_unambiguous_and_its_own():
    code = award_code("ke-sat-2025", "d1/N2")
    assert re.match(CODE_PATTERN, code) and code == award_code("ke-sat-2025", "d1/N2")
    assert len({award_code("ke-sat-2025", f"d{i}/N{j}") for i in range(200) for j in range(1, 6)}) == 1000
    assert award_code("ke-sat-2026", "d1/N2") != code


async def test_the_certificate_carries_its_code_and_the_page_verifies_the_award(running: Service):
    dossier = await signed_campaign(running)
    ref = f"{dossier['id']}/N2"
    code = award_code(running.campaign, ref)
    with Session(running.engine) as session:  # written at signing, before any certificate was made
        assert find_award(session, code).candidate_ref == ref

    path = f"/api/campaigns/{running.campaign}/generated/certificates/{dossier['id']}/N2"
    response = await running.api.get(path, headers=running.as_user(COMMUNICATIONS))
    certificate = docx.Document(io.BytesIO(response.content))
    lines = [p.text for table in certificate.tables for cell in table.rows[0].cells for p in cell.paragraphs]
    url = f"{running.settings.public_base_url.rstrip('/')}/verify/{code}"
    assert f"Mã xác minh: {code}" in lines and f"Tra cứu tại: {url}" in lines
    assert len(certificate.inline_shapes) == 1  # the QR code of that address

    award = ok(await public(running, f"/api/public/verify/{code}"))
    assert (award["name"], award["unit_name"], award["decision_number"]) == (
        "Phạm Thị Hồng Nhung", "Phòng Kinh tế", "01/QĐ-UBND"
    )
    assert award["decision_intact"] is True and award["standing"] == "in_force"
    assert "CHỦ TỊCH" in award["signer"]
    # Typed from the paper: lower case, and an O for a 0 or an I for a 1, still opens it.
    typed = code.lower().replace("0", "o").replace("1", "i")
    assert ok(await public(running, f"/api/public/verify/{typed}"))["code"] == code

    page = await public(running, f"/verify/{code}")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "Phạm Thị Hồng Nhung" in text and "Quyết định số 01/QĐ-UBND" in text and "Còn hiệu lực" in text
    assert "1988" not in text and "09/05" not in text  # her date of birth, which the dossier holds, is not shown

    # The award comes under review (a complaint after the signature): the page says so.
    await complaint(running, "Phạm Thị Hồng Nhung", "1988-05-09")
    await nominee_status(running, dossier["id"], "N2", "awarded")
    award = ok(await public(running, f"/api/public/verify/{code}"))
    assert award["standing"] == "under_review" and "Chương VII" in award["standing_message"]

    # Someone changes the signed decision's file in the store: the page says it is no longer intact.
    with Session(running.engine) as session:
        row = Documents(session, FileStore(running.settings.filestore_dir), None).signed_decision(running.campaign)
    stored = running.settings.filestore_dir / row.sha256[:2] / row.sha256
    stored.write_bytes(stored.read_bytes() + b"\0")
    page = await public(running, f"/verify/{code}")
    assert "Đã bị thay đổi" in page.text


async def test_an_unknown_code_is_refused_with_its_reason(running: Service):
    response = await public(running, "/api/public/verify/ZZZZ-ZZZZ-ZZZZ")
    assert (response.status_code, response.json()["code"]) == (404, "AWARD_CODE_NOT_FOUND")
    page = await public(running, "/verify/ZZZZ-ZZZZ-ZZZZ")
    assert page.status_code == 404 and "Không có khen thưởng nào mang mã xác minh" in page.text


async def test_the_honour_roll_links_each_awardee_to_their_award(running: Service):
    dossier = await signed_campaign(running)
    ok(await campaign_post(running, COMMUNICATIONS, running.campaign, "/recognise"))
    roll = ok(await public(running, f"/api/public/campaigns/{running.campaign}/honour-roll"))
    assert {a["name"]: a["code"] for a in roll["awardees"]} == {
        "Phòng Kinh tế": award_code(running.campaign, f"{dossier['id']}/N1"),
        "Phạm Thị Hồng Nhung": award_code(running.campaign, f"{dossier['id']}/N2"),
    }
    page = await public(running, f"/honour-roll/{running.campaign}")
    assert f'href="/verify/{award_code(running.campaign, dossier["id"] + "/N2")}"' in page.text
