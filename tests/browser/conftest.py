"""Browser tests: Playwright drives Debian's chromium (CHROMIUM_PATH, default /usr/bin/chromium).

Pages are served by pytest-django's live server. Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if not path:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, viewport, *, mobile: bool):
    context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=mobile, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def phone_page(browser):
    context, page = _page(browser, PHONE, mobile=True)
    yield page
    context.close()


@pytest.fixture
def tablet_page(browser):
    context, page = _page(browser, TABLET, mobile=False)
    yield page
    context.close()


@pytest.fixture
def new_tablet_page(browser):
    """Open further independent tablet sessions (e.g. two inspectors at once)."""
    contexts = []

    def make():
        context, page = _page(browser, TABLET, mobile=False)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    """Save a full-page screenshot under test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
