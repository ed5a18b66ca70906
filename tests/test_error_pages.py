"""The pages' answers when there is no page or the service fails: a page in Vietnamese that leads on, not raw JSON;
and the issuer's name in every page's header and footer."""

import logging
from types import SimpleNamespace

import httpx

from tests.conftest import Service
from tests.dossier_steps import UNIT_HEAD
from tests.web_app import log_in
from web.main import create_app
from web.routes import public as public_api


async def test_an_address_with_no_page_answers_a_page_that_leads_home_and_the_api_keeps_its_json(service: Service):
    page = await service.api.get("/khong-co-trang-nay")
    assert (page.status_code, page.headers["content-type"].split(";")[0]) == (404, "text/html")
    assert "Không tìm thấy trang" in page.text and 'href="/">Về trang chủ</a>' in page.text
    api = await service.api.get("/api/khong-co-dia-chi-nay")
    assert (api.status_code, api.json()) == (404, {"detail": "Not Found"})


async def test_every_page_names_the_users_issuer_in_its_header_and_footer(service: Service):
    anonymous = await service.api.get("/")
    assert "<footer>Thi đua - Khen thưởng · Giờ Việt Nam (UTC+7) · " in anonymous.text
    log_in(SimpleNamespace(state=SimpleNamespace(engine=service.engine)), service.api, UNIT_HEAD)
    for path in ("/unit", "/khong-co-trang-nay"):
        text = (await service.api.get(path)).text
        assert "<footer>Ủy ban nhân dân xã Kẻ Sặt · Hội đồng Thi đua - Khen thưởng" in text, path
        assert '<span class="issuer"> · Ủy ban nhân dân xã Kẻ Sặt</span>' in text, path


async def test_a_fault_of_the_service_answers_a_page_or_json_with_the_reference_it_logged(service: Service, monkeypatch, caplog):
    def broken(code, session):
        raise RuntimeError("the honour roll's query broke")

    monkeypatch.setattr(public_api, "honour_roll", broken)  # what the honour roll's page calls
    app = create_app(service.settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as client:
            page = await client.get(f"/honour-roll/{service.campaign}", headers={"X-Request-ID": "tra-cuu-1"})
    assert (page.status_code, page.headers["content-type"].split(";")[0]) == (500, "text/html")
    assert "Máy chủ gặp lỗi" in page.text and "mã yêu cầu tra-cuu-1" in page.text
    assert "RuntimeError" not in page.text and "Traceback" not in page.text  # no insides shown
    logged = [r for r in caplog.records if r.levelno == logging.ERROR and "tra-cuu-1" in r.getMessage()]
    assert logged and logged[0].exc_info[0] is RuntimeError
