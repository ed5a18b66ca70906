"""One error shape for every refusal: {"code", "message", "details"}, with the status of its code."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic_core import PydanticCustomError
from sqlalchemy.exc import DataError
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError

from common.text import refuse_invisible
from schemas.errors import ERRORS, error_message


class ServiceError(Exception):
    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


RETRY_AFTER_SECONDS = 5  # what a 503 asks the client to wait before it sends the same request again


class RetryLater(Exception):
    """Temporal did not finish the action within the wait, or cannot be reached: a 503 to retry.

    Not a ServiceError, which a form shows as a refusal to fix: nothing is wrong with what was sent. The
    answer carries the request id (X-Request-ID), so that a retry attaches to the same Update.
    """

    def __init__(self, code: str, request_id: str | None = None, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.request_id = request_id
        self.details = details | ({"request_id": request_id} if request_id else {})

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(RETRY_AFTER_SECONDS)} | ({"X-Request-ID": self.request_id} if self.request_id else {})


NOT_STORABLE = "có giá trị không lưu được (một ký tự NUL, hoặc một số quá lớn)."


def refused_text(field: str, text: str | None) -> str | None:
    """A text sent beside a body (a form field, a file's name), refused as a body's field would be."""
    try:
        return refuse_invisible(text) if text else text
    except PydanticCustomError as problem:
        fields = [{"field": field, "problem": problem.message(), "code": problem.type}]
        raise ServiceError("INVALID_INPUT", problems=f"{field}: {problem.message()}", fields=fields) from None


def from_update_failure(error: WorkflowUpdateFailedError) -> ServiceError:
    """The validator's refusal, carried back by Temporal as the update's failure cause."""
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.type in ERRORS:
        return ServiceError(cause.type, **(cause.details[0] if cause.details else {}))
    raise error


def error_response(code: str, details: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"code": code, "message": error_message(code, details), "details": details}
    return JSONResponse(body, status_code=ERRORS[code].status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def service_error(_request: Request, error: ServiceError) -> JSONResponse:
        return error_response(error.code, error.details)

    @app.exception_handler(RetryLater)
    async def retry_later(_request: Request, error: RetryLater) -> JSONResponse:
        return error_response(error.code, error.details, error.headers())

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(part) for part in issue["loc"][1:]), "problem": issue["msg"], "code": issue["type"]}
            for issue in error.errors()
        ]
        text = "; ".join(f"{p['field']}: {p['problem']}" for p in problems)
        return error_response("INVALID_INPUT", {"problems": text, "fields": problems})

    @app.exception_handler(DataError)
    async def not_storable(_request: Request, _error: DataError) -> JSONResponse:
        # What no model checked (a path or query parameter) and the database cannot take: a NUL, a number
        # beyond its columns. The request's session is rolled back: nothing was written.
        return error_response("INVALID_INPUT", {"problems": NOT_STORABLE})
