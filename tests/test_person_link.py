"""People are who the registry says: the service ties each nominee to a person record from the name with the
date of birth, or the ID number; what a unit sends as person_id is only checked; a nominee that cannot be
matched waits for the appraiser, who links it or confirms, with a reason, that it has no record."""

import re

from sqlmodel import Session, func, select

from db import models
from db.demo import CAMPAIGN_FILE
from schemas.campaign_file import load_campaign
from schemas.dossier import DossierState, Nominee
from schemas.eligibility import SubjectFacts, evaluate
from tests.conftest import Service, today
from tests.dossier_steps import APPRAISER, OTHER_UNIT_HEAD, UNIT_HEAD, create, get, ok, post, under_appraisal
from tests.save_histories import save_history

KIND = "can_bo_cong_chuc_vien_chuc"
OFFICE = {"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"}
DUC = {"group": "individual", "subject_kind": KIND, "name": "Lê Minh Đức", "birth_date": "1979-11-23"}
HUY = {"group": "individual", "subject_kind": KIND, "name": "Vũ Quang Huy", "birth_date": "1993-01-30"}
NEWCOMER = {"group": "individual", "subject_kind": KIND, "name": "Trần Văn Mới"}  # in no registry
NHUNG_CCCD = "001188012345"


def person_id(service: Service, full_name: str, id_number: str | None = None) -> int:
    with Session(service.engine) as session:
        person = session.exec(select(models.Person).where(models.Person.full_name == full_name)).one()
        if id_number:
            person.id_number = id_number
            session.add(person)
            session.commit()
        return person.id


def nominee(service: Service, dossier_id: str, key: str) -> Nominee:
    """The nominee as the service stored it, link and all."""
    with Session(service.engine) as session:
        return DossierState.model_validate(session.get(models.Dossier, dossier_id).state).nominee(key)


def dossiers(service: Service) -> int:
    with Session(service.engine) as session:
        return session.exec(select(func.count()).select_from(models.Dossier)).one()


def refused(response, status: int, code: str) -> str:
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
    return response.json()["message"]


async def discipline_huy(service: Service) -> None:
    """Vũ Quang Huy is reprimanded over the campaign's period (01/07/2025 – 31/12/2025)."""
    body = {"subject_type": "person", "subject_name": "Vũ Quang Huy", "birth_date": "1993-01-30", "kind": "discipline",
            "discipline_form": "khien_trach", "period_start": "2025-08-01", "period_end": "2026-01-31"}
    assert ok(await post(service, APPRAISER, "/api/records", json=body), 201)["match_status"] == "matched"


async def test_a_clean_colleagues_person_id_does_not_carry_a_disciplined_nominee(running: Service):
    await discipline_huy(running)
    clean = person_id(running, "Lê Minh Đức", id_number="001079000111")
    body = {"campaign_code": running.campaign, "nominees": [OFFICE, HUY | {"person_id": clean}]}
    message = refused(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 422, "NOMINEE_LINK_REFUSED")
    assert "«Vũ Quang Huy»: mã person_id gửi kèm" in message
    # Without the date of birth, the id is not taken either; nor a colleague's ID number under one's own name.
    without_birth = {k: v for k, v in HUY.items() if k != "birth_date"} | {"person_id": clean}
    body["nominees"] = [OFFICE, without_birth]
    refused(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 422, "NOMINEE_LINK_REFUSED")
    body["nominees"] = [OFFICE, HUY | {"id_number": "001 079 000 111"}]
    message = refused(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 422, "NOMINEE_IDENTITY_MISMATCH")
    assert "Lê Minh Đức" not in message  # the registry's names are not told to the unit
    # A unit's own id for a collective that is another unit.
    other_unit = {**OFFICE, "unit_id": 1}
    body["nominees"] = [other_unit]
    refused(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 422, "NOMINEE_LINK_REFUSED")
    assert dossiers(running) == 0

    # Sent as the record says, Huy is found by his name and date of birth, and his reprimand bars him.
    dossier = await under_appraisal(running, [OFFICE, HUY])
    huy = nominee(running, dossier["id"], "N2")
    assert (huy.person_id, huy.link.basis) == (person_id(running, "Vũ Quang Huy"), "name_and_birth_date")
    response = await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees/N2/appraisal", json={"passed": True})
    assert "kỷ luật khiển trách" in refused(response, 409, "ELIGIBILITY_BLOCKED")
    # The service's match stands: the appraiser does not relink it.
    response = await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees/N2/person-link",
                          json={"reason": "Không có hồ sơ"})
    refused(response, 409, "NOMINEE_ALREADY_LINKED")

    # Adding a nominee is checked the same way, and only for whoever may add one to the dossier.
    draft = await create(running, [OFFICE])
    adding = f"/api/dossiers/{draft['id']}/nominees"
    refused(await post(running, UNIT_HEAD, adding, json=HUY | {"person_id": clean}), 422, "NOMINEE_LINK_REFUSED")
    refused(await post(running, OTHER_UNIT_HEAD, adding, json=HUY | {"person_id": clean}), 403, "OTHER_UNIT")
    refused(await post(running, APPRAISER, adding, json=HUY | {"person_id": clean}), 403, "WRONG_ROLE")
    assert [n["name"] for n in (await get(running, draft["id"]))["nominees"]] == ["Phòng Kinh tế"]


async def test_an_unmatched_nominee_passes_only_once_linked_or_confirmed(running: Service, saving_histories: bool):
    await discipline_huy(running)
    huy_without_birth = {k: v for k, v in HUY.items() if k != "birth_date"}
    dossier = await under_appraisal(running, [OFFICE, huy_without_birth, NEWCOMER])
    dossier_id, path = dossier["id"], f"/api/dossiers/{dossier['id']}/nominees"
    huy, newcomer = nominee(running, dossier_id, "N2"), nominee(running, dossier_id, "N3")
    assert (huy.person_id, huy.link.basis, huy.link.candidates) == (None, "unmatched", [person_id(running, "Vũ Quang Huy")])
    assert (newcomer.link.basis, newcomer.link.candidates) == ("unmatched", [])
    assert nominee(running, dossier_id, "N1").link.basis == "unit_name"
    assert [f.rule for f in huy.findings if f.verdict == "warn"][:1] == ["person_link"]

    # Neither passes as it is, and a refused verdict writes nothing.
    before = len((await get(running, dossier_id))["history"])
    for key in ("N2", "N3"):
        message = refused(await post(running, APPRAISER, f"{path}/{key}/appraisal", json={"passed": True}), 409,
                          "NOMINEE_UNMATCHED")
        assert "chưa đối chiếu được với hồ sơ cá nhân" in message
    # Only an appraiser links; confirming that there is no record needs a reason; the person must exist.
    refused(await post(running, UNIT_HEAD, f"{path}/N3/person-link", json={"reason": "Mới tuyển"}), 403, "WRONG_ROLE")
    refused(await post(running, APPRAISER, f"{path}/N3/person-link", json={}), 422, "REASON_REQUIRED")
    refused(await post(running, APPRAISER, f"{path}/N3/person-link", json={"person_id": 99999}), 422, "PERSON_NOT_FOUND")
    refused(await post(running, APPRAISER, f"{path}/N1/person-link", json={"person_id": 1}), 422, "NOT_AN_INDIVIDUAL")
    assert len((await get(running, dossier_id))["history"]) == before

    # Linked to his record, Huy's reprimand is read at once and bars him, as for any nominee.
    linked = ok(await post(running, APPRAISER, f"{path}/N2/person-link",
                           json={"person_id": person_id(running, "Vũ Quang Huy"), "reason": "Cùng đơn vị, chức vụ"}))
    assert [h["action"] for h in linked["history"][-2:]] == ["link_person", "eligibility_check"]
    huy = nominee(running, dossier_id, "N2")
    assert (huy.person_id, huy.link.basis, huy.link.confirmed_by) == (person_id(running, "Vũ Quang Huy"), "confirmed",
                                                                     "Hoàng Văn Thắng")
    refused(await post(running, APPRAISER, f"{path}/N2/appraisal", json={"passed": True}), 409, "ELIGIBILITY_BLOCKED")

    # The newcomer has no record: confirmed with a reason, he passes.
    reason = "Công chức mới tuyển tháng 10/2025, chưa có trong danh sách"
    ok(await post(running, APPRAISER, f"{path}/N3/person-link", json={"reason": reason}))
    assert nominee(running, dossier_id, "N3").link.reason == reason
    ok(await post(running, APPRAISER, f"{path}/N1/appraisal", json={"passed": True}))
    ok(await post(running, APPRAISER, f"{path}/N2/appraisal", json={"passed": False, "reason": "Đang bị kỷ luật"}))
    done = ok(await post(running, APPRAISER, f"{path}/N3/appraisal", json={"passed": True}))
    assert done["stage"] == "appraised"
    await save_history(running.client.get_workflow_handle(f"dossier-{dossier_id}"), "dossier-person-linked",
                       saving_histories)


async def test_a_nominee_is_linked_by_id_number(running: Service):
    nhung = person_id(running, "Phạm Thị Hồng Nhung", id_number=NHUNG_CCCD)
    by_number = {"group": "individual", "subject_kind": KIND, "name": "Phạm Thị Hồng Nhung", "id_number": "001 188 012 345"}
    dossier = await create(running, [by_number, DUC | {"person_id": person_id(running, "Lê Minh Đức")}])
    found = nominee(running, dossier["id"], "N1")
    assert (found.person_id, found.link.basis) == (nhung, "id_number")
    # A person_id that agrees with the match is taken.
    assert nominee(running, dossier["id"], "N2").link.basis == "name_and_birth_date"
    # Her number with another date of birth is not her.
    body = {"campaign_code": running.campaign, "nominees": [by_number | {"birth_date": "1990-01-01"}]}
    refused(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 422, "NOMINEE_IDENTITY_MISMATCH")
    # Her name and date of birth with another ID number is not her either.
    body["nominees"] = [by_number | {"birth_date": "1988-05-09", "id_number": "001188099999"}]
    refused(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 422, "NOMINEE_IDENTITY_MISMATCH")


async def logged_in(service: Service, username: str) -> str:
    """The service's HTTP client logged in to the pages (as the login form does); gives the login's CSRF token."""
    service.api.cookies.clear()
    login = await service.api.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text)[1]
    form = {"username": username, "password": f"demo-{username}", "csrf_token": token}
    home = await service.api.post("/login", data=form, follow_redirects=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', home.text)[1]


async def test_the_appraisal_page_shows_whom_each_nominee_is_and_links_one(running: Service):
    huy_without_birth = {k: v for k, v in HUY.items() if k != "birth_date"}
    dossier = await under_appraisal(running, [OFFICE, DUC, huy_without_birth])
    csrf = await logged_in(running, APPRAISER)
    url = f"/appraisal/dossiers/{dossier['id']}"
    page = (await running.api.get(url)).text
    assert "Hồ sơ cá nhân: Lê Minh Đức, sinh 23/11/1979, Trưởng phòng, Phòng Kinh tế" in page
    assert "Căn cứ: Khớp họ tên và ngày sinh" in page
    assert "Đơn vị trong danh sách: Phòng Kinh tế" in page
    assert "Chưa đối chiếu được với hồ sơ cá nhân" in page
    huy = person_id(running, "Vũ Quang Huy")
    assert f'value="{huy}"> Vũ Quang Huy, sinh 30/01/1993' in page  # the candidate of the same name

    # The form without a choice is refused beside its field; with one, the link is made and shown.
    form = {"csrf_token": csrf, "request_id": "lien-ket-1", "reason": ""}
    refused_page = await running.api.post(f"{url}/nominees/N3/person-link", data=form)
    assert refused_page.status_code == 422 and "Chọn một hồ sơ cá nhân" in refused_page.text
    form |= {"person_id": str(huy), "reason": "Cùng đơn vị, chức vụ"}
    assert (await running.api.post(f"{url}/nominees/N3/person-link", data=form)).status_code == 303
    page = (await running.api.get(url)).text
    assert "Hồ sơ cá nhân: Vũ Quang Huy, sinh 30/01/1993" in page
    assert "Căn cứ: Cán bộ thẩm định liên kết (Hoàng Văn Thắng," in page and "Cùng đơn vị, chức vụ" in page
    assert "Chưa đối chiếu được với hồ sơ cá nhân" not in page

    # The unit head sees neither the registry's records nor the links, on the page or through the API.
    await logged_in(running, UNIT_HEAD)
    page = (await running.api.get(f"/unit/dossiers/{dossier['id']}")).text
    read = await running.api.get(f"/api/dossiers/{dossier['id']}", headers=running.as_user(UNIT_HEAD))
    for text in (page, read.text):
        assert "30/01/1993" not in text and "1993-01-30" not in text and "Hồ sơ cá nhân:" not in text


def test_the_checks_warn_of_an_individual_whose_records_cannot_be_read():
    plan = load_campaign(CAMPAIGN_FILE)
    subject = SubjectFacts(group="individual", subject_kind=KIND, name="Trần Văn Mới", unmatched=True)
    [finding] = [f for f in evaluate(plan, subject, [], today()) if f.rule == "person_link"]
    assert finding.verdict == "warn" and "chưa đối chiếu được với hồ sơ cá nhân" in finding.message
    confirmed = subject.model_copy(update={"unmatched": False})
    [finding] = [f for f in evaluate(plan, confirmed, [], today()) if f.rule == "person_link"]
    assert finding.verdict == "pass" and "xác nhận «Trần Văn Mới» không có hồ sơ cá nhân" in finding.message
    collective = SubjectFacts(group="collective", subject_kind="phong_chuyen_mon", name="Phòng Kinh tế", unit_id=2)
    assert [f for f in evaluate(plan, collective, [], today()) if f.rule == "person_link"] == []
