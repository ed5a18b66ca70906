"""The app served over real HTTP on 127.0.0.1, and Debian's Chromium (/usr/bin/chromium) driven by Playwright.

Playwright's own browsers are never downloaded (`playwright install` is not run): the set-up installs the
chromium package (see the Makefile).

Every page of a context made by `Site.context` (so every page of `logged_in`) is checked by axe-core
(tests/browser/axe.py) after each load and in `screenshot()`: a serious or critical violation fails the test,
and the session ends with the counts by impact over every page state checked.
"""

import asyncio
import socket
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import uvicorn
from playwright.async_api import Browser, BrowserContext, Error, Page, async_playwright, expect

from common.settings import ROOT
from tests.browser import axe
from tests.conftest import Service
from web.main import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@dataclass
class Site:
    """The service, served over HTTP by its own app (its own Temporal client) in a thread of its own."""

    service: Service
    url: str
    browser: Browser

    @property
    def campaign(self) -> str:
        return self.service.campaign

    async def context(self, viewport: dict = DESKTOP) -> BrowserContext:
        context = await self.browser.new_context(
            base_url=self.url, viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        await context.add_init_script(script=axe_source())
        context.on("page", watch)
        return context

    async def logged_in(self, username: str, viewport: dict = DESKTOP) -> Page:
        """A new browser of `username`, logged in with the demo password and on their first page."""
        page = await (await self.context(viewport)).new_page()
        await page.goto("/login")
        await page.get_by_label("Tên đăng nhập").fill(username)
        await page.get_by_label("Mật khẩu").fill(f"demo-{username}")
        await page.get_by_role("button", name="Đăng nhập").click()
        await expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        return page


async def screenshot(page: Page, name: str) -> None:
    """The page as it looks now, whole, on a desktop and on a phone, saved with the test output; checked by
    axe-core first."""
    failing = [v for v in await accessibility(page) if v.impact in axe.FAILING]
    if failing:
        CHECKS.reported.update(id(v) for v in failing)
        raise AssertionError("axe-core: serious or critical violations\n" + "\n".join(v.line() for v in failing))
    # Every page on a desktop and on a phone, whatever size the test browses it at; then back to that size.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base, size = name.removesuffix("-desktop").removesuffix("-phone"), page.viewport_size
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        await page.set_viewport_size(viewport)
        await page.screenshot(path=SCREENSHOTS / f"{base}-{device}.png", full_page=True)
    if size:
        await page.set_viewport_size(size)


@dataclass
class Checks:
    """The test running, the checks started on its pages' loads, the violations its failure already named."""

    test: str = ""
    pending: set = None  # type: ignore[assignment]
    reported: set = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.pending, self.reported = set(), set()


CHECKS = Checks()
_AXE: list[str] = []


def axe_source() -> str:
    if not _AXE:
        _AXE.append(axe.source())
    return _AXE[0]


async def accessibility(page: Page) -> list["axe.Violation"]:
    """axe-core's violations on the page as it is now (those this test had not found yet on this address)."""
    try:
        result = await page.evaluate(axe.RUN)
    except Error as error:  # the document the run began in was replaced meanwhile: check the one now loaded
        if "garbage collected" not in error.message and "context was destroyed" not in error.message:
            raise
        await page.wait_for_load_state()
        result = await page.evaluate(axe.RUN)
    return axe.FINDINGS.add(result, page.url, CHECKS.test)


def watch(page: Page) -> None:
    """Each load of the page is checked as soon as it has loaded (a page gone on meanwhile is not)."""

    async def check() -> None:
        try:
            await accessibility(page)
        except Exception:  # navigated on, or closed, while axe ran: that state was not kept long enough to check
            pass

    def loaded(_page: Page) -> None:
        if page.url.startswith("http"):
            task = asyncio.ensure_future(check())
            CHECKS.pending.add(task)
            task.add_done_callback(CHECKS.pending.discard)

    page.on("load", loaded)


@pytest.fixture(autouse=True)
async def accessible(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Fails the test (at its end) on a serious or critical violation found on any page it loaded."""
    CHECKS.test = request.node.nodeid
    yield
    if CHECKS.pending:
        await asyncio.gather(*CHECKS.pending, return_exceptions=True)
    failing = [
        v for v in axe.FINDINGS.violations
        if v.test == CHECKS.test and v.impact in axe.FAILING and id(v) not in CHECKS.reported
    ]
    if failing:
        pytest.fail("axe-core: serious or critical violations\n" + "\n".join(v.line() for v in failing))


def pytest_terminal_summary(terminalreporter) -> None:
    if axe.FINDINGS.pages_checked:
        terminalreporter.section("accessibility (axe-core)")
        for line in axe.FINDINGS.summary():
            terminalreporter.write_line(line)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def site(running: Service, browser: Browser) -> AsyncIterator[Site]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(running.settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    # The app's start-up talks to the campaign workflows, which this loop's worker runs: wait without blocking it.
    while not server.started:
        assert thread.is_alive(), "the web server did not start"
        await asyncio.sleep(0.05)
    yield Site(running, f"http://127.0.0.1:{port}", browser)
    server.should_exit = True
    await asyncio.to_thread(thread.join)
