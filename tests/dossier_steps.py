"""The steps of a dossier over the HTTP API, shared by the tests."""

from datetime import timedelta

import httpx
from sqlmodel import Session, col, select

from db import models
from tests.conftest import Service, today

UNIT_HEAD = "truongphong.kinhte"
OTHER_UNIT_HEAD = "chanhvanphong"
APPRAISER = "thamdinh"
SECRETARY = "thuky.hoidong"
CHAIRMAN = "chutich"
COMMUNICATIONS = "truyenthong"

NOMINEES = [
    {"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"},
    # The demo's registry of people holds the first three (matched by name and date of birth), not Nguyễn Văn A.
    {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Lê Minh Đức", "position": "Trưởng phòng",
     "birth_date": "1979-11-23"},
    {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Phạm Thị Hồng Nhung",
     "position": "Chuyên viên", "birth_date": "1988-05-09"},
    {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Vũ Quang Huy", "position": "Chuyên viên",
     "birth_date": "1993-01-30"},
    {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Nguyễn Văn A", "position": "Chuyên viên"},
]


def ok(response: httpx.Response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


async def create(service: Service, nominees=NOMINEES, user: str = UNIT_HEAD, **headers) -> dict:
    body = {"campaign_code": service.campaign, "nominees": nominees}
    response = await service.api.post("/api/dossiers", json=body, headers=service.as_user(user) | headers)
    return ok(response, 201)


async def post(service: Service, user: str, path: str, **kwargs) -> httpx.Response:
    headers = service.as_user(user) | kwargs.pop("headers", {})
    return await service.api.post(path, headers=headers, **kwargs)


async def get(service: Service, dossier_id: str, user: str = APPRAISER) -> dict:
    return ok(await service.api.get(f"/api/dossiers/{dossier_id}", headers=service.as_user(user)))


def minutes(dossier: dict, members: int = 9, present: int = 8, votes: int = 7) -> dict:
    return {
        "meeting_date": (today() - timedelta(days=1)).isoformat(),
        "members": members,
        "present": present,
        "votes": {n["key"]: votes for n in dossier["nominees"]},
    }


def pdf(text: str) -> bytes:
    """A minimal real PDF of one page showing `text`: what the upload's check by content takes as a PDF."""
    shown = text.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % shown
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    content, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(content))
        content += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(content)
    content += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    content += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return content + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


async def attach(
    service: Service, dossier_id: str, kind: str, nominee_key: str | None = None, user: str = UNIT_HEAD,
    text: str | None = None, **kwargs
) -> httpx.Response:
    content = pdf(text or f"{kind} {nominee_key or ''} - Bao cao thanh tich nam 2025")
    data = {"kind": kind} | ({"nominee_key": nominee_key} if nominee_key else {})
    files = {"file": (f"{kind}-{nominee_key or 'hs'}.pdf", content, "application/pdf")}
    return await post(service, user, f"/api/dossiers/{dossier_id}/documents", data=data, files=files, **kwargs)


async def attach_all(service: Service, dossier: dict, user: str = UNIT_HEAD) -> dict:
    """Every document the plans require: the letter, the minutes, a report per selected nominee."""
    dossier_id = dossier["id"]
    ok(await attach(service, dossier_id, "to_trinh", user=user))
    result = ok(await attach(service, dossier_id, "bien_ban_hop", user=user))
    for nominee in dossier["nominees"]:
        if nominee["status"] == "selected":
            result = ok(await attach(service, dossier_id, "bao_cao_thanh_tich", nominee["key"], user=user))
    return result


async def submitted(service: Service, nominees=NOMINEES) -> dict:
    """A dossier made, its minutes recorded, its documents attached, and submitted."""
    dossier = await create(service, nominees)
    dossier = ok(await post(service, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/minutes", json=minutes(dossier)))
    await attach_all(service, dossier)
    return ok(await post(service, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/submit"))


async def under_appraisal(service: Service, nominees=NOMINEES) -> dict:
    dossier = await submitted(service, nominees)
    return ok(await post(service, APPRAISER, f"/api/dossiers/{dossier['id']}/start-appraisal"))


async def confirm_unmatched(service: Service, dossier: dict, appraiser: str = APPRAISER) -> dict:
    """The appraiser confirms, with a reason, that each selected individual the registry does not hold (no
    person record matched) has none: only then may they pass."""
    for nominee in dossier["nominees"]:
        if nominee["group"] == "individual" and nominee["person_id"] is None and nominee["status"] == "selected":
            path = f"/api/dossiers/{dossier['id']}/nominees/{nominee['key']}/person-link"
            dossier = ok(await post(service, appraiser, path, json={"reason": "Chưa có trong danh sách cán bộ"}))
    return dossier


# --- the campaign-wide steps ----------------------------------------------------------------------

MEMBERS = ["uyvien.hoidong", "uyvien.2", "uyvien.3", "uyvien.4", "uyvien.5"]
# Tests open the session while the test campaign's deadline is ahead and other units have not submitted: the
# reason opening early needs (workflows/council_opening.py; tests/test_council_guard.py tests the guard itself).
EARLY_REASON = "Kiểm thử: họp trước hạn nộp hồ sơ"


def member_ids(service: Service) -> dict[str, int]:
    with Session(service.engine) as session:
        users = session.exec(select(models.User).where(col(models.User.username).in_(MEMBERS))).all()
        return {user.username: user.id for user in users}


async def campaign_post(service: Service, user: str, code: str, path: str, **kwargs) -> httpx.Response:
    return await post(service, user, f"/api/campaigns/{code}{path}", **kwargs)


async def open_session(service: Service, code: str | None = None, present: list[str] = MEMBERS) -> dict:
    ids = member_ids(service)
    body = {"session_date": today().isoformat(), "present": [ids[name] for name in present], "early_reason": EARLY_REASON}
    return ok(await campaign_post(service, SECRETARY, code or service.campaign, "/session", json=body))


async def vote(service: Service, campaign: dict, against: dict[str, set[str]] | None = None,
               code: str | None = None) -> dict:
    """Every present member votes for every candidate, except the refs listed against their name."""
    session = campaign["run"]["session"]
    ids = member_ids(service)
    names = {user_id: name for name, user_id in ids.items()}
    for user_id in session["present"]:
        name = names[user_id]
        votes = {c["ref"]: c["ref"] not in (against or {}).get(name, set()) for c in session["candidates"]}
        campaign = ok(await campaign_post(service, name, code or service.campaign, "/session/ballot", json={"votes": votes}))
    return campaign


async def decide_sign_recognise(service: Service, code: str | None = None, **closing) -> dict:
    code = code or service.campaign
    ok(await campaign_post(service, SECRETARY, code, "/session/close", json=closing))
    ok(await campaign_post(service, CHAIRMAN, code, "/decision/sign", json={}))
    return ok(await campaign_post(service, COMMUNICATIONS, code, "/recognise"))
