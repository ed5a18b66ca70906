"""A filled .xlsx template sent through a page's form (the nominees', the register's): its name and bytes, or the
refusal (IMPORT_FILE_INVALID) that says why, before anything is read."""

from starlette.datastructures import UploadFile

from common.text import size_text
from web.errors import ServiceError


async def xlsx_upload(file: object, max_bytes: int) -> tuple[str, bytes]:
    """The file's name (cut to 200 characters) and bytes: refused when none was chosen, it is larger than
    `max_bytes` or it is not a zip (an .xlsx is one)."""
    if not isinstance(file, UploadFile) or not file.filename:
        raise ServiceError("IMPORT_FILE_INVALID", filename="(chưa chọn tệp)", problems="hãy chọn một tệp .xlsx")
    filename = file.filename[:200]
    content = await file.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ServiceError("IMPORT_FILE_INVALID", filename=filename, problems=f"tệp lớn hơn {size_text(max_bytes)}")
    if content[:4] != b"PK\x03\x04":
        raise ServiceError("IMPORT_FILE_INVALID", filename=filename, problems="đây không phải tệp Excel .xlsx; hãy dùng tệp mẫu")
    return filename, content
