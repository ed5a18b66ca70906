"""A cap on every request body, before any route reads it.

A body that says it is larger (Content-Length) is refused unread; one that does not say is counted as it
streams, and refused at the first chunk past the cap. Either way the answer is a 413 with a stable code and
a Vietnamese message: FILE_TOO_LARGE for a form with a file, whose cap is the upload's and room for the
form's fields, REQUEST_TOO_LARGE for anything else (JSON).
"""

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common.settings import Settings
from common.text import size_text
from web.errors import error_response

FORM_ROOM = 64 * 1024  # the fields and part headers of a form beside its file


class _BodyTooLarge(HTTPException):
    """Raised from `receive`: an HTTPException, so that FastAPI lets it out of its body parsing as it is."""

    def __init__(self) -> None:
        super().__init__(413)


class BodyLimit:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def _cap(self, scope: Scope) -> tuple[int, str, int]:
        """The cap of this request's body, and the refusal's code and the size it names."""
        headers = dict(scope["headers"])
        if headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data"):
            upload = self.settings.upload_max_bytes
            return upload + FORM_ROOM, "FILE_TOO_LARGE", upload
        limit = self.settings.request_max_bytes
        return limit, "REQUEST_TOO_LARGE", limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap, code, named = self._cap(scope)
        refusal = error_response(code, {"limit": size_text(named)})
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > cap:
            await refusal(scope, receive, send)
            return
        received, over, started = 0, False, False

        async def counted() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    over = True
                    raise _BodyTooLarge()
            return message

        async def unless_over(message: Message) -> None:
            nonlocal started
            if over:  # the app's own answer to the body it could not read: ours goes instead
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, unless_over)
        except Exception:
            if not over:
                raise
        if over and not started:
            await refusal(scope, receive, send)
