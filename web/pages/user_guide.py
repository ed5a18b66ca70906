"""The user guide (docs/huong-dan/, Markdown, one page per role, with its screenshots in anh/), served as pages
of the site at /huong-dan, to anyone: it tells how to use the service, nothing of anyone's data.

The Markdown links between the guide's pages (truong-don-vi.md) and to its pictures (anh/x.png) read the same on
the repository's pages and here, where they become /huong-dan/truong-don-vi and /huong-dan/anh/x.png.
"""

import re
from functools import lru_cache
from typing import Annotated

import markdown
from fastapi import APIRouter, Path as PathParam, Request
from fastapi.responses import FileResponse, HTMLResponse
from markupsafe import Markup
from sqlmodel import Session
from starlette.exceptions import HTTPException

from common.settings import ROOT
from web.deps import SessionDep
from web.pages.deps import optional_login
from web.pages.render import page
from web.templating import templates

GUIDE = ROOT / "docs" / "huong-dan"
INDEX = "README"
# The guide's pages, in the order of a campaign: the file's name (without .md), its title in the guide's menu.
PAGES = {
    INDEX: "Mục lục",
    "truong-don-vi": "Thủ trưởng đơn vị",
    "tham-dinh": "Thẩm định hồ sơ",
    "hoi-dong": "Hội đồng Thi đua - Khen thưởng",
    "chu-tich": "Chủ tịch ký quyết định",
    "truyen-thong": "Công bố, tôn vinh",
    "quan-tri": "Quản trị",
}
# Each role's own page of the guide, linked from the header.
ROLE_PAGES = {
    "unit_head": "truong-don-vi", "appraiser": "tham-dinh", "office_head": "tham-dinh",
    "council_secretary": "hoi-dong", "council_member": "hoi-dong", "chairman": "chu-tich",
    "deputy_chairman": "chu-tich", "communications": "truyen-thong", "admin": "quan-tri", "super_admin": "quan-tri",
}
PAGE_LINK = re.compile(r'href="(README|[a-z][a-z-]{0,40})\.md(#[a-z0-9-]*)?"')
PICTURE = re.compile(r'src="anh/([a-z0-9-]{1,60}\.png)"')

router = APIRouter()
Slug = Annotated[str, PathParam(pattern=r"^[a-z][a-z-]{0,40}$")]
Picture = Annotated[str, PathParam(pattern=r"^[a-z0-9-]{1,60}\.png$")]


def guide_path(slug: str) -> str:
    return "/huong-dan" if slug == INDEX else f"/huong-dan/{slug}"


@lru_cache(maxsize=len(PAGES))
def rendered(slug: str, mtime: float) -> tuple[str, Markup]:
    """The page's title (its first heading) and its HTML, links made the site's."""
    text = (GUIDE / f"{slug}.md").read_text(encoding="utf-8")
    html = markdown.markdown(text, extensions=["tables"], output_format="html")
    html = PAGE_LINK.sub(lambda m: f'href="{guide_path(m.group(1))}{m.group(2) or ""}"', html)
    html = PICTURE.sub(r'src="/huong-dan/anh/\1" loading="lazy"', html)
    title = re.search(r"^# (.+)$", text, re.MULTILINE)
    return (title.group(1).strip() if title else PAGES[slug]), Markup(html)  # the repository's own text


def _page(request: Request, session: Session, slug: str) -> HTMLResponse:
    optional_login(request, session)  # the header as the user's, when logged in
    path = GUIDE / f"{slug}.md"
    title, html = rendered(slug, path.stat().st_mtime)
    context = {"guide_title": title, "guide_html": html, "slug": slug, "guide_pages": PAGES}
    return page(request, "user_guide.html", context)


@router.get("/huong-dan", response_class=HTMLResponse)
def guide_index(request: Request, session: SessionDep) -> HTMLResponse:
    return _page(request, session, INDEX)


@router.get("/huong-dan/anh/{name}")
def guide_picture(name: Picture) -> FileResponse:
    path = GUIDE / "anh" / name
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/huong-dan/{slug}", response_class=HTMLResponse)
def guide_page(slug: Slug, request: Request, session: SessionDep) -> HTMLResponse:
    if slug not in PAGES or slug == INDEX:
        raise HTTPException(404)
    return _page(request, session, slug)


def guide_for(role: str | None) -> str:
    """The guide's page of a role (the index for none)."""
    return guide_path(ROLE_PAGES.get(role or "", INDEX))


templates.env.globals["guide_for"] = guide_for
