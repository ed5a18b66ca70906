"""The app served over real HTTP on 127.0.0.1, and Debian's Chromium (/usr/bin/chromium) driven by Playwright.

Playwright's own browsers are never downloaded (`playwright install` is not run): the set-up installs the
chromium package (see the Makefile).
"""

import asyncio
import socket
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import uvicorn
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from common.settings import ROOT
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
DESKTOP = {"width": 1280, "height": 900}
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
        return await self.browser.new_context(
            base_url=self.url, viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )

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
    """The page as it looks now, whole, saved with the test output."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


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
