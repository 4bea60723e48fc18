"""Live updates in the browser: one inspector's change appears in another inspector's open pages.

pytest-django's live server speaks only HTTP, so these tests serve the real ASGI application (HTTP and
websockets) with uvicorn in a thread of the test process, against the test database.
"""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections
from django.utils import translation

from complaints.choices import CaseStatus
from notifications import services
from tests.browser.conftest import login
from tests.complaints.factories import case_in
from tests.factories import PASSWORD
from tests.threads import short_lived_db_connections

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class AsgiLiveServer:
    """uvicorn serving core.asgi.application (plus static files) on a free port in a thread."""

    def __init__(self) -> None:
        import uvicorn

        from core.asgi import application

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            ASGIStaticFilesHandler(application),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            ws="websockets",
        )
        self.server = uvicorn.Server(config)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve())

    def start(self) -> None:
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                return
            threading.Event().wait(0.05)
        raise RuntimeError("uvicorn did not start")

    def record(self, **kwargs):
        """Record an event as a request handled by this server would (its delivery runs on the server's loop)."""
        from channels.db import database_sync_to_async

        async def run():
            return await database_sync_to_async(services.event_record)(**kwargs)

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout=30)

    def stop(self) -> None:
        async def close_connections():
            from channels.db import database_sync_to_async

            await database_sync_to_async(connections.close_all)()

        asyncio.run_coroutine_threadsafe(close_connections(), self.loop).result(timeout=30)
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture
def asgi_server(settings):
    settings.DEBUG = False
    with short_lived_db_connections():
        server = AsgiLiveServer()
        server.start()
        yield server
        server.stop()


def _wait_live(page) -> None:
    page.wait_for_selector("html[data-live=open]", state="attached")


def test_case_accepted_by_one_inspector_appears_live_for_another(
    asgi_server, new_tablet_page, inspector, inspector2, other_inspector, shot
):
    case = case_in(CaseStatus.RECEIVED, inspectors=[inspector, inspector2], district=inspector.district)
    other = case_in(CaseStatus.RECEIVED, inspectors=[inspector2], district=inspector.district)
    with translation.override("zh-hans"):
        accepted = str(CaseStatus.ACCEPTED.label)

    watcher = new_tablet_page()
    login(watcher, asgi_server, inspector2.username, PASSWORD)
    watcher.goto(f"{asgi_server.url}/staff/cases/")
    _wait_live(watcher)
    watcher.evaluate("window.__notReloaded = true")
    assert accepted not in watcher.inner_text(f"#case-row-{case.pk}")

    watcher_case = new_tablet_page()
    login(watcher_case, asgi_server, inspector2.username, PASSWORD)
    watcher_case.goto(f"{asgi_server.url}/staff/cases/{case.pk}/")
    _wait_live(watcher_case)

    outsider = new_tablet_page()
    login(outsider, asgi_server, other_inspector.username, PASSWORD)
    outsider.goto(f"{asgi_server.url}/staff/cases/")
    _wait_live(outsider)

    # The actor accepts the case on their tablet.
    actor = new_tablet_page()
    login(actor, asgi_server, inspector.username, PASSWORD)
    actor.goto(f"{asgi_server.url}/staff/cases/{case.pk}/")
    _wait_live(actor)
    actor.click("#action-accept summary")
    actor.click("#action-accept button[type=submit]")
    actor.wait_for_load_state("networkidle")
    _wait_live(actor)

    # The watcher's list row changes in place, with a toast and the unread badge, without a reload.
    watcher.wait_for_function(
        "([id, label]) => document.querySelector('#case-row-' + id).innerText.includes(label)",
        arg=[case.pk, accepted],
    )
    assert watcher.evaluate("window.__notReloaded") is True
    watcher.wait_for_selector("#toasts .toast")
    assert case.tracking_number in watcher.inner_text("#toasts")
    assert watcher.inner_text("[data-live-unread]") == "1"
    assert accepted not in watcher.inner_text(f"#case-row-{other.pk}")
    shot(watcher, "live-case-list-tablet")

    # The watcher's open case page says someone else changed it; the actor's own page does not.
    watcher_case.wait_for_selector("#live-banner:not([hidden])")
    assert watcher_case.inner_text("#live-banner [data-live-banner-text]").strip()
    shot(watcher_case, "live-case-banner-tablet")
    assert actor.is_hidden("#live-banner")

    # The other district's inspector saw nothing of it.
    assert outsider.inner_text("#toasts") == ""


def test_notifications_page_updates_live_and_resumes_after_reload(
    asgi_server, new_tablet_page, inspector, shot
):
    page = new_tablet_page()
    login(page, asgi_server, inspector.username, PASSWORD)
    page.goto(f"{asgi_server.url}/staff/notifications/")
    _wait_live(page)
    page.evaluate("window.__notReloaded = true")

    asgi_server.record(
        kind="deadline.warning",
        text="案件 2102-2026-000050：受理期限 2026-02-27，还剩 3 个工作日",
        payload={"case_id": 50, "deadline": "acceptance"},
        recipients=[inspector],
    )
    page.wait_for_selector("#notification-list .notif.unread")
    assert page.evaluate("window.__notReloaded") is True
    assert page.inner_text("[data-live-unread]") == "1"
    last = page.evaluate("window.wagewatchLive.lastId()")
    assert last > 0
    shot(page, "live-notifications-tablet")

    # Mark all read: the badge follows.
    page.click("form[action$='read-all/'] button")
    page.wait_for_load_state("networkidle")
    _wait_live(page)
    assert page.inner_text("[data-live-unread]") == ""


def test_notifications_page_on_a_phone(live_server, phone_page, inspector, shot):
    for text in (
        "案件 2102-2026-000061：已受理",
        "案件 2102-2026-000062：受理期限 2026-12-03，还剩 2 个工作日",
    ):
        services.event_record(
            kind="deadline.warning", text=text, payload={"case_id": 61}, recipients=[inspector]
        )
    login(phone_page, live_server, inspector.username, PASSWORD)
    phone_page.goto(f"{live_server.url}/staff/notifications/")
    assert phone_page.locator(".notif.unread").count() == 2
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    shot(phone_page, "notifications-phone")
