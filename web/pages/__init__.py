"""The web pages, in Vietnamese, one module per role's area; they call what the JSON API calls."""

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from common.settings import ROOT
from schemas.errors import ERRORS, error_message
from web.errors import RetryLater, ServiceError, error_response
from web.pages import account, admin, appraisal, auth, council, decision, downloads, public, unit
from web.pages.deps import LoginRequired, PageForbidden
from web.pages.render import page

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
    for module in (public, auth, account, unit, appraisal, council, decision, admin, downloads):
        app.include_router(module.router)

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

    # A refusal outside a form (a dossier of another unit, a campaign that does not exist) is a page here;
    # the JSON API keeps its JSON.
    @app.exception_handler(ServiceError)
    async def refused(request: Request, error: ServiceError) -> Response:
        if request.url.path.startswith("/api/"):
            return error_response(error.code, error.details)
        status = ERRORS[error.code].status
        title = "Không có quyền truy cập" if status == 403 else "Không thực hiện được"
        return page(request, "error.html", {"title": title, "message": error_message(error.code, error.details)}, status)
