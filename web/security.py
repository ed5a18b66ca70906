"""Security headers on every answer (pages, API, static files), and the answer to an address throttled.

The pages use no script and no inline style: the policy allows only this site's own style sheet and
images, no frame of this site anywhere, forms posted only here. The API docs (/docs, /redoc) are FastAPI's
pages, from a CDN with a script of their own: their policy allows those, the inline script by its hash.
"""

import base64
import hashlib
import re

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common.settings import Settings
from web.errors import error_response
from web.logins import Throttled

POLICY = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
CDN = "https://cdn.jsdelivr.net"
DOCS_POLICY = (  # {hashes}: those of the page's inline scripts
    f"default-src 'self'; script-src 'self' {CDN} {{hashes}}; "
    f"style-src 'self' {CDN} https://fonts.googleapis.com 'unsafe-inline'; font-src https://fonts.gstatic.com; "
    f"img-src 'self' data: {CDN} https://fastapi.tiangolo.com https://cdn.redoc.ly; worker-src blob:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
DOCS_PATHS = {"/docs", "/redoc", "/docs/oauth2-redirect"}
HSTS = "max-age=31536000"  # a year; no includeSubDomains: other sites of the domain are not this one's to decide
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware: the headers added to every HTTP answer."""

    def __init__(self, app: ASGIApp, secure: bool) -> None:
        self.app = app
        self.headers = HEADERS | ({"Strict-Transport-Security": HSTS} if secure else {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] in DOCS_PATHS:
            await self._docs(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._add(message, POLICY)
            await send(message)

        await self.app(scope, receive, with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A docs page, held whole (a few KB) to allow its inline script by hash."""
        messages: list[Message] = []

        async def held(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, held)
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        hashes = " ".join(
            f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
            for script in INLINE_SCRIPT.findall(body)
        )
        for message in messages:
            if message["type"] == "http.response.start":
                self._add(message, DOCS_POLICY.format(hashes=hashes))
            await send(message)

    def _add(self, start: Message, policy: str) -> None:
        headers = MutableHeaders(scope=start)
        own = headers.get("Content-Security-Policy")  # a route's stricter word on its answer ("sandbox"): kept
        headers["Content-Security-Policy"] = f"{policy}; {own}" if own else policy
        for name, value in self.headers.items():
            headers[name] = value


def install(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(SecurityHeaders, secure=settings.secure)

    @app.exception_handler(Throttled)
    async def throttled(_request: Request, error: Throttled) -> JSONResponse:
        return error_response(error.code, error.details, {"Retry-After": str(error.seconds)})
