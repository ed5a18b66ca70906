"""The issuer's emblem (biểu trưng): an image the super-admin uploads on the issuer's page, shown in the header
and the footer of every page of the issuer's users, with the issuer's name as its text (web/pages/deps.py
emblem_url).

The image is checked by reading it, not by its name or the type the browser sent: a PNG (its IHDR chunk, its
CRC, an IEND at the end) or a JPEG (a frame header SOFn, an end-of-image marker), of bounded size and pixel
dimensions. It is kept in the file store by its SHA-256 (issuer.emblem_sha256) and served by a public route:
an emblem is what the office shows to everyone.
"""

import struct
import zlib
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import UploadFile

from common.filestore import FileStore
from db import models
from schemas.dossier_actions import Role
from web.deps import SessionDep, SettingsDep
from web.errors import ServiceError
from web.pages.deps import CheckedForm, for_roles
from web.pages.render import FormInvalid, failed, see_other
from web.templating import templates

router = APIRouter()
SuperAdmin = Annotated[models.User, for_roles(Role.super_admin)]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]

MAX_BYTES = 512 * 1024  # an emblem is a small picture; a photograph of a page is not one
MAX_SIDE = 2000  # pixels, each way
MIN_SIDE = 16
MAX_PIXELS = 2000 * 2000
MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG frame headers (SOF0-SOF15), not DHT (C4), JPG (C8) or DAC (CC).
SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}

NOT_AN_IMAGE = "Tệp không phải ảnh PNG hoặc JPEG đọc được. Hãy chọn ảnh biểu trưng dạng .png hoặc .jpg."
TOO_LARGE = f"Ảnh quá lớn: tối đa {MAX_BYTES // 1024} KB."
BAD_SIZE = f"Kích thước ảnh phải từ {MIN_SIDE} đến {MAX_SIDE} điểm ảnh mỗi chiều (ảnh này {{width}} × {{height}})."
NO_FILE = "Hãy chọn một tệp ảnh."


@dataclass(frozen=True)
class Image:
    kind: str  # png, jpeg
    width: int
    height: int

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


def _png(data: bytes) -> Image | None:
    if len(data) < 33 or not data.startswith(PNG_SIGNATURE):
        return None
    length, chunk = struct.unpack(">I4s", data[8:16])
    if chunk != b"IHDR" or length != 13:
        return None
    body, crc = data[16:29], struct.unpack(">I", data[29:33])[0]
    if zlib.crc32(b"IHDR" + body) != crc:
        return None
    width, height = struct.unpack(">II", body[:8])
    if b"IDAT" not in data or not data.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82"):
        return None  # cut short, or no picture in it
    return Image("png", width, height)


def _jpeg(data: bytes) -> Image | None:
    if not data.startswith(b"\xff\xd8\xff") or not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return None
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if length < 2:
            return None
        if marker in SOF_MARKERS:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return Image("jpeg", width, height)
        if marker == 0xDA:  # the scan starts before any frame header
            return None
        at += 2 + length
    return None


def read_image(data: bytes) -> Image:
    """The image the bytes hold, checked; FormInvalid (on the field `file`) when it is no emblem to show."""
    if not data:
        raise FormInvalid({"file": NO_FILE})
    if len(data) > MAX_BYTES:
        raise FormInvalid({"file": TOO_LARGE})
    image = _png(data) or _jpeg(data)
    if image is None:
        raise FormInvalid({"file": NOT_AN_IMAGE})
    sides_ok = MIN_SIDE <= image.width <= MAX_SIDE and MIN_SIDE <= image.height <= MAX_SIDE
    if not sides_ok or image.width * image.height > MAX_PIXELS:
        raise FormInvalid({"file": BAD_SIZE.format(width=image.width, height=image.height)})
    return image


def _issuer(session: Session, issuer_id: int) -> models.Issuer:
    issuer = session.get(models.Issuer, issuer_id)
    if issuer is None:
        raise ServiceError("ISSUER_NOT_FOUND", issuer_id=issuer_id)
    return issuer


@router.post("/admin/issuers/{issuer_id}/emblem", response_class=HTMLResponse)
async def upload_emblem(
    issuer_id: RowId, request: Request, session: SessionDep, settings: SettingsDep, _user: SuperAdmin, form: CheckedForm
) -> Response:
    from web.pages.admin_directory import _issuer_page  # the issuer's page, shown again with the refusal

    issuer = _issuer(session, issuer_id)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise FormInvalid({"file": NO_FILE})
        data = await upload.read(MAX_BYTES + 1)
        read_image(data)
    except FormInvalid as error:
        return _issuer_page(request, session, issuer_id, failed("emblem", error, form))
    issuer.emblem_sha256 = FileStore(settings.filestore_dir).put(data)
    session.add(issuer)
    session.commit()
    return see_other(f"/admin/issuers/{issuer_id}", "emblem")


@router.post("/admin/issuers/{issuer_id}/emblem/remove", response_class=HTMLResponse)
async def remove_emblem(issuer_id: RowId, session: SessionDep, _user: SuperAdmin, form: CheckedForm) -> Response:
    issuer = _issuer(session, issuer_id)
    issuer.emblem_sha256 = None  # the bytes stay in the store: another issuer may show the same picture
    session.add(issuer)
    session.commit()
    return see_other(f"/admin/issuers/{issuer_id}", "emblem_removed")


@router.get("/issuers/{issuer_id}/emblem")
def emblem(issuer_id: RowId, session: SessionDep, settings: SettingsDep) -> Response:
    """The emblem, to anyone (it is shown on the office's pages); read again from the store, its type checked."""
    issuer = session.get(models.Issuer, issuer_id)
    if issuer is None or not issuer.emblem_sha256:
        return Response(status_code=404)
    try:
        data = FileStore(settings.filestore_dir).get(issuer.emblem_sha256)
    except FileNotFoundError:
        return Response(status_code=404)
    image = _png(data) or _jpeg(data)
    if image is None:
        return Response(status_code=404)
    headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
    return Response(data, media_type=image.media_type, headers=headers)


# The bounds, as the issuer's page tells them (templates/pages/_issuer_emblem.html).
templates.env.globals["emblem_limits"] = {"kb": MAX_BYTES // 1024, "min": MIN_SIDE, "max": MAX_SIDE}
