"""Accounts: one-time links by mail to set a password, one's own password change, an admin's reset, the
password policy, API tokens made, used and revoked, inactive users refused."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, col, select

from activities.mail import delivery_id
from common.passwords import PasswordRefused, check_password, verify_password
from db import password_links
from db.engine import make_engine
from db.models import ApiToken, LoginSession, PasswordLink, User, utcnow
from db.outbox import OutboxMail
from tests.conftest import Service
from tests.smtp_server import SmtpServer
from tests.test_logins import WRONG, alert, browser, lock, log_in
from web.mails import deliver_enqueued

LINK = re.compile(r"http://127\.0\.0\.1:8000/password/set\?token=([A-Za-z0-9_-]+)")
ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CODE = re.compile(r'data-code="([A-Z_]+)"')


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def demo(username: str) -> dict[str, str]:
    return bearer(f"demo-{username}")


def user_row(service: Service, username: str) -> User:
    with Session(service.engine) as session:
        return session.exec(select(User).where(User.username == username)).one()


async def mailed_links(service: Service, mail_server: SmtpServer, username: str) -> list[str]:
    """The tokens of the password links mailed to `username`, oldest first, once each delivery has ended, as
    the SMTP server got them."""
    address = f"{username}@kesat.example"
    with Session(service.engine) as session:
        rows = session.exec(
            select(OutboxMail).where(OutboxMail.kind == "password_link", OutboxMail.recipient == address)
            .order_by(col(OutboxMail.id))
        ).all()
    for row in rows:
        assert await service.client.get_workflow_handle(delivery_id(row)).result() == "sent"
    got = {}
    for delivery in mail_server.messages:
        got[delivery.message_id] = delivery
    tokens = []
    for row in rows:  # in the order they were made, whatever the order they arrived in
        delivery = got[row.message_id]
        assert delivery.recipients == [address]
        tokens += LINK.findall(delivery.message.get_body(preferencelist=("plain",)).get_content())
    return tokens


async def issue(service: Service, username: str) -> None:
    """What the admin pages do when they create a user: a link, its mail delivered after the commit."""
    with Session(service.engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        password_links.issue_link(session, service.settings, user)
        session.commit()
        await deliver_enqueued(session, service.client, service.settings)


async def set_with_link(api: httpx.AsyncClient, token: str, password: str, again: str | None = None) -> httpx.Response:
    form = {"token": token, "password": password, "password_again": password if again is None else again}
    return await api.post("/password/set", data=form)


async def csrf_of(api: httpx.AsyncClient, path: str = "/account") -> str:
    page = await api.get(path)
    assert page.status_code == 200, page.text
    return CSRF.search(page.text).group(1)


# --- the policy -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("ngan-qua", "PASSWORD_TOO_SHORT"),
        ("x" * 201, "PASSWORD_TOO_LONG"),
        ("matkhau123", "PASSWORD_TOO_COMMON"),
        ("Mật Khẩu 123", "PASSWORD_TOO_COMMON"),  # without case, spaces or diacritics
        ("123456789", "PASSWORD_TOO_SHORT"),
        ("1234567890", "PASSWORD_TOO_COMMON"),
        ("admin@123456", "PASSWORD_TOO_COMMON"),  # a common one with digits added
        ("password2026!", "PASSWORD_TOO_COMMON"),
        ("thamdinh2026", "PASSWORD_IS_NAME"),
        ("Hoàng Văn Thắng", "PASSWORD_IS_NAME"),
        ("hoangvanthang1", "PASSWORD_IS_NAME"),
    ],
)
def test_short_common_and_own_name_passwords_are_refused(password: str, code: str):
    with pytest.raises(PasswordRefused) as refused:
        check_password(password, "thamdinh", "Hoàng Văn Thắng")
    assert refused.value.code == code
    assert str(refused.value)  # a message in Vietnamese
    check_password("dong lua chin vang 2026", "thamdinh", "Hoàng Văn Thắng")  # a passphrase passes


def test_the_common_list_holds_the_vietnamese_ones():
    from common.passwords import common_passwords

    assert {"matkhau123", "123456789", "admin@123", "anhyeuem", "quantri123"} <= common_passwords()
    assert len(common_passwords()) >= 300


# --- links ----------------------------------------------------------------------------------------


async def test_an_admin_reset_mails_a_link_that_sets_the_password_once(running: Service, mail_server: SmtpServer):
    api = running.api
    other = browser(running)
    assert (await log_in(other, "thamdinh", "demo-thamdinh")).status_code == 303
    await lock(running, api, "thamdinh")

    reset = await api.post("/api/users/thamdinh/password-reset", headers=demo("quantri"))
    assert reset.status_code == 202, reset.text
    assert reset.json() == {"username": "thamdinh", "link_sent_to": "thamdinh@kesat.example"}
    assert user_row(running, "thamdinh").password_hash is None  # the old password stops working at once
    assert (await other.get("/account")).status_code == 303  # and the logins end

    [token] = await mailed_links(running, mail_server, "thamdinh")
    with Session(running.engine) as session:
        link = session.exec(select(PasswordLink)).one()
        assert link.token_hash != token and token not in link.token_hash  # only the SHA-256 is kept
        hours = (link.expires_at - link.created_at).total_seconds() / 3600
        assert hours == 72
    form = await api.get(f"/password/set?token={token}")
    assert form.status_code == 200 and "thamdinh" in form.text

    short = await set_with_link(api, token, "ngan")
    assert short.status_code == 422 and "ít nhất 10 ký tự" in short.text
    common = await set_with_link(api, token, "matkhau123")
    assert common.status_code == 422 and "quá phổ biến" in common.text
    differ = await set_with_link(api, token, "dong lua chin vang", "dong lua chin xanh")
    assert differ.status_code == 422 and "không khớp" in differ.text
    assert user_row(running, "thamdinh").password_hash is None  # refused: nothing changed, the link still good

    done = await set_with_link(api, token, "dong lua chin vang")
    assert done.status_code == 200 and "Đã đặt mật khẩu" in done.text
    user = user_row(running, "thamdinh")
    assert verify_password("dong lua chin vang", user.password_hash) and user.locked_until is None
    assert (await log_in(other, "thamdinh", "dong lua chin vang")).status_code == 303  # the lock cleared

    again = await set_with_link(api, token, "mot mat khau khac nua")
    assert again.status_code == 410 and CODE.search(again.text).group(1) == "PASSWORD_LINK_USED"
    assert "đã được dùng" in again.text
    assert verify_password("dong lua chin vang", user_row(running, "thamdinh").password_hash)
    assert (await api.get(f"/password/set?token={token}")).status_code == 410
    with Session(running.engine) as session:  # the mail kept in the outbox no longer holds a working token
        [mail] = session.exec(select(OutboxMail).where(OutboxMail.kind == "password_link")).all()
        assert token not in mail.text and token not in mail.html
    await other.aclose()


async def test_a_link_expired_voided_or_unknown_changes_nothing(running: Service, mail_server: SmtpServer):
    api = running.api
    await issue(running, "truyenthong")
    await issue(running, "truyenthong")
    first, second = await mailed_links(running, mail_server, "truyenthong")
    before = user_row(running, "truyenthong").password_hash

    voided = await set_with_link(api, first, "dong lua chin vang")
    assert voided.status_code == 410 and CODE.search(voided.text).group(1) == "PASSWORD_LINK_VOIDED"

    with Session(running.engine) as session:  # the clock moved on: the row's expiry is past
        link = session.exec(select(PasswordLink).where(col(PasswordLink.voided_at).is_(None))).one()
        link.expires_at = utcnow() - timedelta(minutes=1)
        session.add(link)
        session.commit()
    shown = await api.get(f"/password/set?token={second}")
    assert shown.status_code == 410 and CODE.search(shown.text).group(1) == "PASSWORD_LINK_EXPIRED"
    assert "hết hạn" in shown.text and "72 giờ" in shown.text
    expired = await set_with_link(api, second, "dong lua chin vang")
    assert expired.status_code == 410 and CODE.search(expired.text).group(1) == "PASSWORD_LINK_EXPIRED"

    unknown = await set_with_link(api, "khong-co-lien-ket-nay", "dong lua chin vang")
    assert unknown.status_code == 400 and CODE.search(unknown.text).group(1) == "PASSWORD_LINK_UNKNOWN"
    assert user_row(running, "truyenthong").password_hash == before
    assert (await log_in(api, "truyenthong", "demo-truyenthong")).status_code == 303


async def test_using_a_link_logs_out_the_other_sessions(running: Service, mail_server: SmtpServer):
    other = browser(running)
    assert (await log_in(other, "chutich", "demo-chutich")).status_code == 303
    await issue(running, "chutich")
    [token] = await mailed_links(running, mail_server, "chutich")
    assert (await set_with_link(running.api, token, "song hong chay mai")).status_code == 200
    assert (await other.get("/account")).status_code == 303
    with Session(running.engine) as session:
        user = session.exec(select(User).where(User.username == "chutich")).one()
        assert session.exec(select(LoginSession).where(LoginSession.user_id == user.id)).all() == []
    await other.aclose()


async def test_admins_reset_only_their_own_issuers_users(service: Service):
    api = service.api
    # An admin of another issuer: the user is answered as if there were none (404), and nothing changes.
    other = await api.post("/api/users/thamdinh/password-reset", headers=demo("quantri.hong-van"))
    assert (other.status_code, other.json()["code"]) == (404, "USER_NOT_FOUND")
    unlock = await api.post("/api/users/thamdinh/unlock", headers=demo("quantri.hong-van"))
    assert unlock.status_code == 404
    assert user_row(service, "thamdinh").password_hash is not None
    # Not an admin: 403.
    appraiser = await api.post("/api/users/chutich/password-reset", headers=demo("thamdinh"))
    assert (appraiser.status_code, appraiser.json()["code"]) == (403, "WRONG_ROLE")
    # The super-admin resets an issuer's admin, not the issuer's other users.
    assert (await api.post("/api/users/thamdinh/password-reset", headers=demo("quantri.hethong"))).status_code == 404
    assert (await api.post("/api/users/nobody/password-reset", headers=demo("quantri"))).status_code == 404
    with Session(service.engine) as session:
        assert session.exec(select(PasswordLink)).all() == []
    top = await api.post("/api/users/quantri.hong-van/password-reset", headers=demo("quantri.hethong"))
    assert top.status_code == 202, top.text
    assert user_row(service, "quantri.hong-van").password_hash is None


async def test_the_users_page_resets_a_password_of_the_own_issuer_only(running: Service, mail_server: SmtpServer):
    admin = browser(running)
    assert (await log_in(admin, "quantri", "demo-quantri")).status_code == 303
    csrf = await csrf_of(admin, "/admin/users")
    target = user_row(running, "thamdinh")
    assert f'action="/admin/users/{target.id}/password-reset"' in (await admin.get("/admin/users")).text
    done = await admin.post(f"/admin/users/{target.id}/password-reset", data={"csrf_token": csrf})
    assert (done.status_code, done.headers["location"]) == (303, "/admin/users?done=password_reset")
    assert "Đã đặt lại mật khẩu" in (await admin.get("/admin/users?done=password_reset")).text
    assert user_row(running, "thamdinh").password_hash is None
    assert len(await mailed_links(running, mail_server, "thamdinh")) == 1
    # Another issuer's admin: the same answer as for no such user, and nothing changes.
    other = browser(running)
    assert (await log_in(other, "quantri.hong-van", "demo-quantri.hong-van")).status_code == 303
    chutich = user_row(running, "chutich")
    refused = await other.post(f"/admin/users/{chutich.id}/password-reset", data={"csrf_token": await csrf_of(other, "/admin/users")})
    assert refused.status_code == 404
    assert user_row(running, "chutich").password_hash == chutich.password_hash
    await admin.aclose()
    await other.aclose()


# --- one's own password ---------------------------------------------------------------------------


async def test_a_user_changes_their_own_password_and_the_other_sessions_end(service: Service):
    api, other = service.api, browser(service)
    assert (await log_in(api, "thamdinh", "demo-thamdinh")).status_code == 303
    assert (await log_in(other, "thamdinh", "demo-thamdinh")).status_code == 303
    csrf = await csrf_of(api)

    def form(current: str, new: str, again: str | None = None) -> dict:
        return {"csrf_token": csrf, "current_password": current, "new_password": new,
                "new_password_again": new if again is None else again}

    wrong = await api.post("/account/password", data=form("sai-mat-khau", "dong lua chin vang"))
    assert wrong.status_code == 403 and alert(wrong) == "Mật khẩu hiện tại không đúng."
    common = await api.post("/account/password", data=form("demo-thamdinh", "admin@123456"))
    assert common.status_code == 422 and "quá phổ biến" in alert(common)
    no_csrf = await api.post("/account/password", data={**form("demo-thamdinh", "dong lua chin vang"), "csrf_token": "x"})
    assert no_csrf.status_code == 403
    assert verify_password("demo-thamdinh", user_row(service, "thamdinh").password_hash)

    done = await api.post("/account/password", data=form("demo-thamdinh", "dong lua chin vang"))
    assert done.status_code == 303 and done.headers["location"] == "/account?done=password"
    assert "Đã đổi mật khẩu" in (await api.get(done.headers["location"])).text  # this session stays
    assert (await other.get("/account")).status_code == 303  # the other one ended
    assert (await log_in(other, "thamdinh", "demo-thamdinh")).status_code == 401
    assert (await log_in(other, "thamdinh", "dong lua chin vang")).status_code == 303

    # The API, with the current password; every login ends.
    body = {"current_password": "dong lua chin vang", "new_password": "mua thu ha noi xanh"}
    refused = await api.post("/api/me/password", headers=demo("thamdinh"), json={**body, "current_password": "sai"})
    assert (refused.status_code, refused.json()["code"]) == (403, "PASSWORD_WRONG")
    short = await api.post("/api/me/password", headers=demo("thamdinh"), json={**body, "new_password": "ngan"})
    assert (short.status_code, short.json()["code"]) == (422, "PASSWORD_TOO_SHORT")
    changed = await api.post("/api/me/password", headers=demo("thamdinh"), json=body)
    assert changed.status_code == 204, changed.text
    assert (await other.get("/account")).status_code == 303 and (await api.get("/account")).status_code == 303
    assert (await log_in(other, "thamdinh", "mua thu ha noi xanh")).status_code == 303
    await other.aclose()


# --- API tokens -----------------------------------------------------------------------------------


async def test_tokens_are_made_used_listed_and_revoked(service: Service):
    api = service.api
    made = await api.post("/api/me/tokens", headers=demo("thamdinh"), json={"name": "Trạm đồng bộ số liệu"})
    assert made.status_code == 201, made.text
    token = made.json()["token"]
    with Session(service.engine) as session:  # only its SHA-256 is kept
        row = session.get(ApiToken, made.json()["id"])
        assert row.token_hash != token and row.last_used_at is None
    me = await api.get("/api/me", headers=bearer(token))
    assert me.status_code == 200 and me.json()["username"] == "thamdinh"
    listed = (await api.get("/api/me/tokens", headers=bearer(token))).json()
    assert [t["name"] for t in listed] == ["Mã truy cập thử nghiệm", "Trạm đồng bộ số liệu"]
    assert "token" not in listed[1] and "token_hash" not in listed[1] and listed[1]["last_used_at"] is not None

    # On the page: made (shown once), listed with when made and last used, revoked.
    assert (await log_in(api, "thamdinh", "demo-thamdinh")).status_code == 303
    csrf = await csrf_of(api)
    page = await api.post("/account/tokens", data={"csrf_token": csrf, "name": "Bảng tính thống kê"})
    assert page.status_code == 201
    shown = re.search(r'<code id="new-token">([^<]+)</code>', page.text).group(1)
    assert (await api.get("/api/me", headers=bearer(shown))).status_code == 200
    account = await api.get("/account")
    assert "Trạm đồng bộ số liệu" in account.text and "Bảng tính thống kê" in account.text and shown not in account.text
    unnamed = await api.post("/account/tokens", data={"csrf_token": csrf, "name": " "})
    assert unnamed.status_code == 422

    revoked = await api.post(f"/account/tokens/{made.json()['id']}/revoke", data={"csrf_token": csrf})
    assert revoked.status_code == 303
    gone = await api.get("/api/me", headers=bearer(token))
    assert (gone.status_code, gone.json()["code"]) == (401, "NOT_AUTHENTICATED")  # like a wrong one
    assert "Trạm đồng bộ số liệu" not in (await api.get("/account")).text

    # Another user's token cannot be revoked by them; the API's own revoke.
    others = await api.delete(f"/api/me/tokens/{made.json()['id']}", headers=demo("chutich"))
    assert (others.status_code, others.json()["code"]) == (404, "TOKEN_NOT_FOUND")
    shown_id = next(t["id"] for t in (await api.get("/api/me/tokens", headers=demo("thamdinh"))).json()
                    if t["name"] == "Bảng tính thống kê")
    assert (await api.delete(f"/api/me/tokens/{shown_id}", headers=demo("thamdinh"))).status_code == 204
    assert (await api.get("/api/me", headers=bearer(shown))).status_code == 401


async def test_an_inactive_user_can_neither_log_in_nor_use_a_token(service: Service):
    api, other = service.api, browser(service)
    assert (await log_in(other, "truyenthong", "demo-truyenthong")).status_code == 303
    with Session(service.engine) as session:
        user = session.exec(select(User).where(User.username == "truyenthong")).one()
        user.active = False
        session.add(user)
        session.commit()
    token = await api.get("/api/me", headers=demo("truyenthong"))
    assert (token.status_code, token.json()["code"]) == (401, "NOT_AUTHENTICATED")
    login = await log_in(api, "truyenthong", "demo-truyenthong")
    assert (login.status_code, alert(login)) == (401, WRONG)  # the same answer as a wrong password
    assert (await other.get("/account")).status_code == 303  # its session no longer counts
    await other.aclose()


# --- the first account of a new database ---------------------------------------------------------


def accounts_command(url: str, *args: str, password: str) -> subprocess.CompletedProcess:
    """`python -m db.accounts …` as the server's administrator runs it, the password on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "db.accounts", *args], input=f"{password}\n", cwd=ROOT, capture_output=True,
        env=os.environ | {"DATABASE_URL": url}, encoding="utf-8",
    )


def test_the_first_super_admin_is_made_from_the_command_line(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'moi.db'}"
    made = accounts_command(url, "add-super-admin", "quantri.tinh", "Quản trị hệ thống", "qt@tinh.gov.vn",
                            password="song hong chay qua")
    assert (made.returncode, made.stdout) == (0, "Đã tạo quản trị hệ thống quantri.tinh.\n"), made.stderr
    engine = make_engine(url)
    with Session(engine) as session:
        [user] = session.exec(select(User)).all()
        assert (user.username, user.roles, user.issuer_id, user.email) == (
            "quantri.tinh", ["super_admin"], None, "qt@tinh.gov.vn")
        assert verify_password("song hong chay qua", user.password_hash)
    again = accounts_command(url, "add-super-admin", "quantri.tinh", "Người khác", "b@tinh.gov.vn",
                             password="mot mat khau dai khac")
    assert (again.returncode, again.stderr) == (1, "Đã có người dùng 'quantri.tinh'.\n")
    weak = accounts_command(url, "add-super-admin", "quantri.hai", "Quản trị hai", "c@tinh.gov.vn", password="matkhau123")
    assert weak.returncode == 1 and "phổ biến" in weak.stderr
    bad = accounts_command(url, "add-super-admin", "Quản Trị", "Quản trị ba", "khong-phai-thu", password="mot mat khau dai khac")
    assert bad.returncode == 1 and "username" in bad.stderr and "email" in bad.stderr
    with Session(engine) as session:
        assert len(session.exec(select(User)).all()) == 1  # the refused ones made nothing
    engine.dispose()
