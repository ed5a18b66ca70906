"""Logins resist guessing: accounts lock, addresses are throttled, answers tell nothing, headers on every answer.

With production settings the cookies are Secure, HSTS is sent, and the demo's passwords and tokens are refused.
"""

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from sqlmodel import Session, select
from temporalio.testing import WorkflowEnvironment

from db.accounts import set_password
from db.engine import make_engine
from db.api_tokens import add_token
from db.models import LoginFailure, User
from tests.conftest import Service
from tests.smtp_server import SmtpServer
from tests.web_app import load_demo_campaign, service_settings, web_app
from web.pages.deps import COOKIE, LOGIN_CSRF_COOKIE

ROOT = Path(__file__).resolve().parent.parent
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
ALERT = re.compile(r'<p class="error" role="alert">(.*?)</p>')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def new_key(key_id: str) -> str:
    """A key ring of one new key, as production settings require them (common/keys.py)."""
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


async def log_in(api: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    """The login form filled in and sent, as a browser does."""
    if LOGIN_CSRF_COOKIE not in api.cookies:
        await api.get("/login")
    form = {"username": username, "password": password, "csrf_token": api.cookies[LOGIN_CSRF_COOKIE]}
    return await api.post("/login", data=form)


def alert(response: httpx.Response) -> str:
    found = ALERT.search(response.text)
    return found.group(1) if found else ""


def locked_until(service: Service, username: str):
    with Session(service.engine) as session:
        return session.exec(select(User).where(User.username == username)).one().locked_until


def browser(service: Service, address: str = "127.0.0.1") -> httpx.AsyncClient:
    """Another browser (cookies of its own) on the service's app, from `address`."""
    app = service.api._transport.app  # the app the conftest started
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://thidua.test")


async def lock(service: Service, api: httpx.AsyncClient, username: str) -> None:
    for attempt in range(5):
        wrong = await log_in(api, username, f"sai-{attempt}")
        assert (wrong.status_code, alert(wrong)) == (401, WRONG)
    assert locked_until(service, username) is not None


async def test_wrong_passwords_lock_the_account_until_an_admin_lifts_it(service: Service):
    api = service.api
    nobody = await log_in(api, "khong-co-ai", "demo-thamdinh")
    assert (nobody.status_code, alert(nobody)) == (401, WRONG)
    await lock(service, api, "thamdinh")
    right = await log_in(api, "thamdinh", "demo-thamdinh")
    # The right password of a locked account: the very page a wrong user name gets, but for the name typed.
    assert right.status_code == 401 and COOKIE not in api.cookies
    assert right.text.replace("thamdinh", "khong-co-ai") == nobody.text

    async with browser(service) as admin:
        assert (await log_in(admin, "quantri", "demo-quantri")).status_code == 303
        listed = await admin.get("/api/users/locked", headers=service.as_user("quantri"))
        assert [user["username"] for user in listed.json()] == ["thamdinh"]
        assert (await admin.get("/api/users/locked", headers=service.as_user("thamdinh"))).status_code == 403
        users_page = await admin.get("/admin/users")
        assert users_page.text.count("Mở khóa") == 1
        with Session(service.engine) as session:
            user_id = session.exec(select(User).where(User.username == "thamdinh")).one().id
        refused = await admin.post(f"/admin/users/{user_id}/unlock", data={"csrf_token": "khong-phai"})
        assert refused.status_code == 403 and locked_until(service, "thamdinh") is not None
        csrf = CSRF.search(users_page.text).group(1)
        lifted = await admin.post(f"/admin/users/{user_id}/unlock", data={"csrf_token": csrf})
        assert lifted.status_code == 303 and locked_until(service, "thamdinh") is None
        assert "Mở khóa" not in (await admin.get("/admin/users")).text

    assert (await log_in(api, "thamdinh", "demo-thamdinh")).status_code == 303
    api.cookies.delete(COOKIE)

    # Locked again, lifted by the API this time; only an admin may.
    await lock(service, api, "thamdinh")
    by_appraiser = await api.post("/api/users/thamdinh/unlock", headers=service.as_user("thamdinh"))
    assert by_appraiser.status_code == 403 and by_appraiser.json()["code"] == "WRONG_ROLE"
    assert (await api.post("/api/users/khong-co-ai/unlock", headers=service.as_user("quantri"))).status_code == 404
    lifted = await api.post("/api/users/thamdinh/unlock", headers=service.as_user("quantri"))
    assert lifted.status_code == 200 and lifted.json()["locked_until"] is None
    assert (await log_in(api, "thamdinh", "demo-thamdinh")).status_code == 303


async def test_a_right_password_starts_the_count_again(service: Service):
    for attempt in range(4):
        assert (await log_in(service.api, "thamdinh", f"sai-{attempt}")).status_code == 401
    assert (await log_in(service.api, "thamdinh", "demo-thamdinh")).status_code == 303
    service.api.cookies.delete(COOKIE)
    for attempt in range(4):
        assert (await log_in(service.api, "thamdinh", f"sai-lai-{attempt}")).status_code == 401
    assert locked_until(service, "thamdinh") is None
    assert (await log_in(service.api, "thamdinh", "demo-thamdinh")).status_code == 303


async def test_an_address_with_too_many_failures_is_refused_even_the_right_credentials(service: Service):
    for attempt in range(20):  # wrong tokens and wrong passwords count together
        if attempt % 2:
            wrong = await service.api.get("/api/me", headers={"Authorization": f"Bearer doan-{attempt}"})
        else:
            wrong = await log_in(service.api, f"doan-{attempt}", "doan")
        assert wrong.status_code == 401, attempt
    token = await service.api.get("/api/me", headers=service.as_user("thamdinh"))
    assert token.status_code == 429 and token.json()["code"] == "LOGIN_THROTTLED"
    assert 0 < int(token.headers["Retry-After"]) <= 15 * 60
    page = await log_in(service.api, "thamdinh", "demo-thamdinh")
    assert page.status_code == 429 and COOKIE not in service.api.cookies
    assert "quá nhiều lần đăng nhập" in alert(page) and int(page.headers["Retry-After"]) > 0
    with Session(service.engine) as session:  # refused before anything was looked at: no more rows
        assert len(session.exec(select(LoginFailure)).all()) == 20
    assert locked_until(service, "thamdinh") is None

    async with browser(service, "203.0.113.7") as elsewhere:
        assert (await elsewhere.get("/api/me", headers=service.as_user("thamdinh"))).status_code == 200
        assert (await log_in(elsewhere, "thamdinh", "demo-thamdinh")).status_code == 303


def assert_security_headers(response: httpx.Response, hsts: bool) -> None:
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'none'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert ("Strict-Transport-Security" in response.headers) == hsts


async def test_every_answer_carries_the_security_headers(service: Service):
    answers = [
        await service.api.get("/login"),
        await service.api.get("/"),
        await service.api.get("/api/me", headers=service.as_user("thamdinh")),
        await service.api.get("/api/me"),  # a refusal too
        await service.api.get("/static/style.css"),
        await service.api.get("/khong-co-trang-nay"),
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 401, 200, 404]
    for answer in answers:
        assert_security_headers(answer, hsts=False)
    for template in (ROOT / "templates" / "pages").glob("*.html"):  # what the policy would block
        text = template.read_text(encoding="utf-8")
        assert "<script" not in text and "<style" not in text and "style=" not in text, template.name

    docs = await service.api.get("/docs")
    inline = re.search(r"<script>(.*?)</script>", docs.text, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in docs.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in docs.headers["Content-Security-Policy"]


@asynccontextmanager
async def production(
    database_url: str, tmp_path: Path, mail: SmtpServer, env: WorkflowEnvironment
) -> AsyncIterator[httpx.AsyncClient]:
    """The web app with production settings on a database the demo data was loaded into, over HTTPS."""
    load_demo_campaign(database_url)
    settings = service_settings(
        database_url, tmp_path, mail, env.client.service_client.config.target_host,
        environment="production", payload_keys=new_key("p1"), action_keys=new_key("a1"),
    )
    async with web_app(settings) as (app, _api):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://thidua.test") as api:
            yield api


async def test_production_refuses_the_demo_credentials_and_sends_secure_cookies(
    database_url: str, tmp_path: Path, mail_server: SmtpServer, dev_env: WorkflowEnvironment
):
    async with production(database_url, tmp_path, mail_server, dev_env) as api:
        form = await api.get("/login")
        assert "secure" in form.headers["set-cookie"].lower()
        assert_security_headers(form, hsts=True)
        assert form.headers["Strict-Transport-Security"] == "max-age=31536000"

        demo = await log_in(api, "thamdinh", "demo-thamdinh")
        assert (demo.status_code, alert(demo)) == (401, WRONG)
        token = await api.get("/api/me", headers={"Authorization": "Bearer demo-thamdinh"})
        assert token.status_code == 401 and token.json()["code"] == "NOT_AUTHENTICATED"

        # Credentials of the account's own work.
        engine = make_engine(database_url)
        with Session(engine) as session:
            set_password(session, "thamdinh", "mat-khau-rieng-2026")
            user = session.exec(select(User).where(User.username == "thamdinh")).one()
            add_token(session, user, "Máy chủ báo cáo", "ma-truy-cap-rieng-2026")
            session.commit()
        engine.dispose()
        own = await log_in(api, "thamdinh", "mat-khau-rieng-2026")
        assert own.status_code == 303
        session_cookie = next(value for value in own.headers.get_list("set-cookie") if value.startswith(COOKIE))
        assert "secure" in session_cookie.lower() and "httponly" in session_cookie.lower()
        assert (await api.get("/api/me", headers={"Authorization": "Bearer ma-truy-cap-rieng-2026"})).status_code == 200


def test_the_demo_data_is_not_loaded_with_production_settings(tmp_path: Path):
    database = tmp_path / "thidua.db"
    env = os.environ | {
        "ENVIRONMENT": "production", "DATABASE_URL": f"sqlite:///{database}",
        "PAYLOAD_KEYS": new_key("p1"), "ACTION_KEYS": new_key("a1"),
    }
    done = subprocess.run([sys.executable, "-m", "db.demo"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 1 and "development only" in done.stderr
    assert not database.exists()
