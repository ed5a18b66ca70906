"""The issuer's emblem: the super-admin uploads a PNG or JPEG on the issuer's page, checked by reading it
(its size, its pixel dimensions, that it is a picture at all); kept in the file store by its hash; shown in the
header and the footer of the issuer's users' pages with the issuer's name as its text; served to anyone."""

import hashlib
import re
import struct
import zlib
from contextlib import asynccontextmanager

import httpx
import pytest
from sqlmodel import Session, select

from common.filestore import FileStore
from db import models
from tests.conftest import Service
from web.pages import emblem
from web.pages.deps import LOGIN_CSRF_COOKIE
from web.pages.render import FormInvalid

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SUPER_ADMIN = "quantri.hethong"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int = 64, height: int = 64, padding: int = 0) -> bytes:
    """A real PNG (red, 8-bit RGB), decodable by any viewer; `padding` bytes of text make it larger."""
    rows = b"".join(b"\x00" + b"\xa4\x16\x1a" * width for _ in range(min(height, 64)))
    text = chunk(b"tEXt", b"Comment\x00" + b"x" * padding) if padding else b""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (emblem.PNG_SIGNATURE + chunk(b"IHDR", ihdr) + text + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def jpeg(width: int, height: int) -> bytes:
    """A JPEG's structure: start, an APP0 segment, a baseline frame header, a scan, the end."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    sos = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x3f\x00" + b"\x12\x34" * 20
    return b"\xff\xd8" + app0 + sof + sos + b"\xff\xd9"


def test_an_image_is_read_for_its_kind_and_size():
    assert emblem.read_image(png(120, 80)) == emblem.Image("png", 120, 80)
    assert emblem.read_image(jpeg(300, 200)) == emblem.Image("jpeg", 300, 200)
    refused = {
        "a PDF": b"%PDF-1.7\n" + b"0" * 100,
        "text named .png": b"not a picture at all",
        "a PNG cut short": png()[:-20],
        "a PNG whose header's CRC is wrong": png()[:29] + b"\x00\x00\x00\x00" + png()[33:],
        "a JPEG without its frame header": b"\xff\xd8\xff\xe0\x00\x10" + b"JFIF\x00" + b"\x00" * 9 + b"\xff\xd9",
        "huge pixel dimensions": png(20000, 20000),
        "a huge JPEG": jpeg(4000, 100),
        "too small": png(4, 4),
        "too many bytes": png(padding=emblem.MAX_BYTES),
        "nothing": b"",
    }
    for what, data in refused.items():
        with pytest.raises(FormInvalid) as error:
            emblem.read_image(data)
        assert "file" in error.value.fields, what
    with pytest.raises(FormInvalid) as error:
        emblem.read_image(png(20000, 20000))
    assert error.value.fields["file"] == emblem.BAD_SIZE.format(width=20000, height=20000)


@asynccontextmanager
async def browser_of(service: Service, username: str | None):
    transport = httpx.ASGITransport(app=service.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        if username:
            await browser.get("/login")
            form = {"username": username, "password": f"demo-{username}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
            assert (await browser.post("/login", data=form)).status_code == 303
        yield browser


def ke_sat(service: Service) -> models.Issuer:
    with Session(service.engine) as session:
        return session.exec(select(models.Issuer).where(models.Issuer.code == "ke-sat")).one()


async def upload(browser: httpx.AsyncClient, issuer_id: int, data: bytes, name: str = "bieu-trung.png") -> httpx.Response:
    csrf = CSRF.search((await browser.get(f"/admin/issuers/{issuer_id}")).text).group(1)
    return await browser.post(f"/admin/issuers/{issuer_id}/emblem", data={"csrf_token": csrf},
                              files={"file": (name, data, "image/png")})


async def test_the_super_admin_uploads_the_emblem_and_every_page_shows_it(service: Service):
    issuer = ke_sat(service)
    assert issuer.emblem_sha256 is None
    picture = png(96, 96)
    async with browser_of(service, SUPER_ADMIN) as admin:
        for data, name, message in [
            (b"%PDF-1.7\n%%EOF\n", "bieu-trung.png", emblem.NOT_AN_IMAGE),
            (png(5000, 5000), "lon.png", emblem.BAD_SIZE.format(width=5000, height=5000)),
            (png(padding=emblem.MAX_BYTES), "nang.png", emblem.TOO_LARGE),
        ]:
            refused = await upload(admin, issuer.id, data, name)
            assert refused.status_code == 422, refused.text
            assert message in " ".join(refused.text.split())
            assert ke_sat(service).emblem_sha256 is None  # nothing kept

        added = await upload(admin, issuer.id, picture)
        assert added.status_code == 303 and added.headers["location"] == f"/admin/issuers/{issuer.id}?done=emblem"
        sha = ke_sat(service).emblem_sha256
        assert sha == hashlib.sha256(picture).hexdigest()
        assert FileStore(service.settings.filestore_dir).get(sha) == picture
        page = (await admin.get(added.headers["location"])).text
        assert "Đã lưu biểu trưng" in page and f'src="/issuers/{issuer.id}/emblem?v={sha[:16]}"' in page

    # Anyone's browser gets the picture, as a PNG that is not sniffed as anything else.
    async with browser_of(service, None) as guest:
        served = await guest.get(f"/issuers/{issuer.id}/emblem")
        assert served.status_code == 200 and served.content == picture
        assert served.headers["content-type"] == "image/png" and served.headers["x-content-type-options"] == "nosniff"
        assert (await guest.get("/issuers/999999/emblem")).status_code == 404

    # The issuer's users see it beside its name, in the header and the footer.
    async with browser_of(service, "truongphong.kinhte") as head:
        html = (await head.get("/unit")).text
        shown = re.findall(r'<img class="emblem" src="([^"]+)" alt="([^"]+)"', html)
        assert shown == [(f"/issuers/{issuer.id}/emblem?v={sha[:16]}", issuer.name)] * 2
        # An admin of the issuer may not change it: the super-admin's page.
        csrf = CSRF.search(html).group(1)
        forbidden = await head.post(f"/admin/issuers/{issuer.id}/emblem", data={"csrf_token": csrf},
                                    files={"file": ("x.png", png(), "image/png")})
        assert forbidden.status_code == 403

    async with browser_of(service, SUPER_ADMIN) as admin:
        csrf = CSRF.search((await admin.get(f"/admin/issuers/{issuer.id}")).text).group(1)
        removed = await admin.post(f"/admin/issuers/{issuer.id}/emblem/remove", data={"csrf_token": csrf})
        assert removed.status_code == 303 and ke_sat(service).emblem_sha256 is None
    async with browser_of(service, "truongphong.kinhte") as head:
        assert 'class="emblem"' not in (await head.get("/unit")).text
