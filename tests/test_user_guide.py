"""The user guide (docs/huong-dan/): a page per role served at /huong-dan, every link between its pages and to its
pictures resolving, every picture there (and small), and the guide linked from every page."""

import re
from contextlib import asynccontextmanager

import httpx

from schemas.dossier_actions import Role
from tests.conftest import Service
from web.pages import user_guide
from web.pages.deps import LOGIN_CSRF_COOKIE

LINK = re.compile(r'<(?:a|img)\b[^>]*?(?:href|src)="(/huong-dan[^"#]*)')
MAX_PICTURE_BYTES = 250_000


@asynccontextmanager
async def browser_of(service: Service, username: str | None = None):
    transport = httpx.ASGITransport(app=service.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        if username:
            await browser.get("/login")
            form = {"username": username, "password": f"demo-{username}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
            assert (await browser.post("/login", data=form)).status_code == 303
        yield browser


def test_every_role_has_its_page_and_every_page_its_file():
    assert set(user_guide.ROLE_PAGES) == {role.value for role in Role}
    assert set(user_guide.ROLE_PAGES.values()) <= set(user_guide.PAGES)
    assert {path.stem for path in user_guide.GUIDE.glob("*.md")} == set(user_guide.PAGES)


async def test_the_guide_is_served_its_links_resolve_and_its_pictures_exist(service: Service):
    async with browser_of(service) as guest:
        seen, pictures = set(), set()
        for slug in user_guide.PAGES:
            response = await guest.get(user_guide.guide_path(slug))
            assert response.status_code == 200, slug
            html = response.text
            title = re.search(r"^# (.+)$", (user_guide.GUIDE / f"{slug}.md").read_text(encoding="utf-8"), re.M).group(1)
            assert f"<h1>{title}</h1>" in html, slug
            assert ".md\"" not in html, f"{slug}: a link left to a Markdown file"
            for target in LINK.findall(html):
                (pictures if "/anh/" in target else seen).add(target)
        for target in seen:
            assert (await guest.get(target)).status_code == 200, target
        # Every page's picture is served, is a PNG, and small; each role's page shows at least one.
        assert pictures
        for target in pictures:
            served = await guest.get(target)
            assert served.status_code == 200 and served.headers["content-type"] == "image/png", target
            assert served.content.startswith(b"\x89PNG") and len(served.content) <= MAX_PICTURE_BYTES, target
        for slug in set(user_guide.ROLE_PAGES.values()):
            assert 'src="/huong-dan/anh/' in (await guest.get(user_guide.guide_path(slug))).text, slug
        # Every picture in the folder is one the guide shows.
        on_disk = {f"/huong-dan/anh/{path.name}" for path in (user_guide.GUIDE / "anh").glob("*.png")}
        assert on_disk == pictures
        assert (await guest.get("/huong-dan/khong-co")).status_code == 404
        assert (await guest.get("/huong-dan/anh/khong-co.png")).status_code == 404
        assert (await guest.get("/huong-dan/anh/..%2Fchu-tich.md")).status_code == 404
        # The login page links to the guide.
        assert 'href="/huong-dan"' in (await guest.get("/login")).text


async def test_every_page_links_to_the_guide_and_the_header_to_the_roles_own_page(service: Service):
    for username, slug in [("truongphong.kinhte", "truong-don-vi"), ("thamdinh", "tham-dinh"), ("chutich", "chu-tich"),
                           ("thuky.hoidong", "hoi-dong"), ("truyenthong", "truyen-thong"), ("quantri", "quan-tri")]:
        async with browser_of(service, username) as browser:
            home = await browser.get("/", follow_redirects=True)
            assert home.status_code == 200
            assert f'href="/huong-dan/{slug}"' in home.text, username
            assert '<a href="/huong-dan">Hướng dẫn sử dụng</a></footer>' in home.text, username
            guide = await browser.get(f"/huong-dan/{slug}")
            assert 'aria-current="page"' in guide.text and "Đăng xuất" in guide.text  # the user's own header
