"""The web pages, in Vietnamese, one module per role's area; they call what the JSON API calls."""

import logging
import uuid
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlmodel import Session
from starlette.exceptions import HTTPException

from common.settings import ROOT
from schemas.errors import ERRORS, error_message
from web.errors import RetryLater, ServiceError, error_response
from web.pages import account, admin, appraisal, auth, council, decision, downloads, notifications, public, tasks, unit
from web.pages import list_exports, nominee_import
from web.pages import admin_blanks, emblem, user_guide
from web.pages.deps import LoginRequired, PageForbidden, optional_login
from web.pages.render import page

log = logging.getLogger(__name__)

NOT_FOUND_TITLE = "Không tìm thấy trang"
NOT_FOUND_MESSAGE = (
    "Không có trang ở địa chỉ này: địa chỉ có thể gõ sai, hoặc trang đã được chuyển. Hãy về trang việc của mình, "
    "hoặc trang chủ, rồi chọn lại từ các mục ở đầu trang."
)
SERVER_ERROR_TITLE = "Máy chủ gặp lỗi"
RETRY_TITLE = "Đang xử lý, vui lòng thử lại"
RETRY_MESSAGES = {
    "ACTION_PENDING": (
        "Thao tác của bạn đang được xử lý nhưng chưa xong. Khi xong, nó được thực hiện một lần. Hãy đợi ít phút "
        "rồi mở lại trang để xem kết quả; nếu chưa thấy, quay lại trang trước và gửi lại biểu mẫu đó."
    ),
    "TEMPORAL_UNAVAILABLE": (
        "Hệ thống đang tạm ngưng xử lý thao tác; các trang xem vẫn dùng được. Hãy đợi ít phút rồi quay lại trang "
        "trước và gửi lại biểu mẫu."
    ),
}


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=ROOT / "static"), name="static")
    for extra in (emblem, user_guide):  # the issuer's emblem (uploaded, then shown on every page); the user guide
        app.include_router(extra.router)
    for module in (public, auth, account, tasks, notifications, nominee_import, list_exports, unit, appraisal, council, decision, admin, downloads):
        app.include_router(module.router)
    app.include_router(admin_blanks.router)  # the admin's pre-printed Giấy khen blanks: positions, test page

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _error: LoginRequired) -> Response:
        if request.method != "GET":  # a form posted after the login ended: log in again, then start over
            return RedirectResponse("/login", status_code=303)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(PageForbidden)
    async def forbidden(request: Request, error: PageForbidden) -> Response:
        return page(request, "error.html", {"title": "Không có quyền truy cập", "message": error.message}, 403)

    # Temporal did not finish the action in time, or cannot be reached: a page to come back to, not a refusal.
    @app.exception_handler(RetryLater)
    async def retry_later(request: Request, error: RetryLater) -> Response:
        if request.url.path.startswith("/api/"):
            return error_response(error.code, error.details, error.headers())
        response = page(request, "error.html", {"title": RETRY_TITLE, "message": RETRY_MESSAGES[error.code]}, 503)
        response.headers.update(error.headers())
        return response

    # An address with no page: a page that says so and leads home; the JSON API keeps its answer.
    @app.exception_handler(HTTPException)
    async def no_page(request: Request, error: HTTPException) -> Response:
        if request.url.path.startswith("/api/") or error.status_code != 404:
            return await http_exception_handler(request, error)
        with Session(request.app.state.engine) as session:  # no route ran to find the login: its header and footer
            optional_login(request, session)
        return page(request, "error.html", {"title": NOT_FOUND_TITLE, "message": NOT_FOUND_MESSAGE}, 404)

    # A fault of the service itself: logged with the request's id, which the answer gives to quote.
    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex[:12]  # to quote, and find in the log
        log.error("request %s %s %s failed", request_id, request.method, request.url.path, exc_info=error)
        details = {"request_id": request_id}
        if request.url.path.startswith("/api/"):
            return error_response("SERVER_ERROR", details)
        return page(request, "error.html", {"title": SERVER_ERROR_TITLE, "message": error_message("SERVER_ERROR", details)}, 500)

    # A refusal outside a form (a dossier of another unit, a campaign that does not exist) is a page here;
    # the JSON API keeps its JSON.
    @app.exception_handler(ServiceError)
    async def refused(request: Request, error: ServiceError) -> Response:
        if request.url.path.startswith("/api/"):
            return error_response(error.code, error.details)
        status = ERRORS[error.code].status
        title = "Không có quyền truy cập" if status == 403 else "Không thực hiện được"
        return page(request, "error.html", {"title": title, "message": error_message(error.code, error.details)}, status)
