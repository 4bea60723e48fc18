"""Live updates in the browser: one inspector's change appears in another inspector's open pages.

pytest-django's live server speaks only HTTP, so these tests serve the real ASGI application (HTTP and
websockets) with uvicorn in a thread of the test process, against the test database.

Until the workbench (lifecycle) lands, the case list and case page used here are minimal pages defined
in this module with the data-live-* contract from brief.md, and the change is recorded through
notifications.services.event_record as the lifecycle service will do.
"""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import include, path
from django.utils import translation

from complaints.choices import CaseStatus
from complaints.models import Complaint
from notifications import services
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.notifications.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_LIST = """{% extends "base.html" %}{% block content %}
<h1>案件</h1><div class="table-wrap"><table class="data"><thead><tr><th>编号</th><th>状态</th></tr></thead>
<tbody data-live-list="cases" data-row-url="/test-live/cases/{id}/row/">
{% for case in cases %}{% include "row" %}{% endfor %}</tbody></table></div>{% endblock %}"""
_ROW = """<tr id="case-row-{{ case.pk }}" data-case-id="{{ case.pk }}"><td>{{ case.tracking_number }}</td>
<td><span class="badge blue">{{ case.get_status_display }}</span></td></tr>"""
_CASE = """{% extends "base.html" %}{% block content %}
<div data-live-case="{{ case.pk }}" data-live-subscribe="case-{{ case.pk }}" class="card">
<h1>{{ case.tracking_number }}</h1><p id="status">{{ case.get_status_display }}</p></div>{% endblock %}"""


def _template(source: str):
    return engines["django"].from_string(source)


def case_list(request):
    cases = Complaint.objects.filter(district_id=request.user.district_id).order_by("pk")
    html = _template(_LIST.replace('{% include "row" %}', _ROW)).render({"cases": cases}, request)
    return HttpResponse(html)


def case_row(request, pk: int):
    case = get_object_or_404(Complaint, pk=pk, district_id=request.user.district_id)
    return HttpResponse(_template(_ROW).render({"case": case}, request))


def case_page(request, pk: int):
    case = get_object_or_404(Complaint, pk=pk)
    return HttpResponse(_template(_CASE).render({"case": case}, request))


urlpatterns = [
    path("test-live/cases/", case_list),
    path("test-live/cases/<int:pk>/row/", case_row),
    path("test-live/cases/<int:pk>/", case_page),
    path("", include("core.urls")),
]


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
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    server = AsgiLiveServer()
    server.start()
    yield server
    server.stop()


def _wait_live(page) -> None:
    page.wait_for_selector("html[data-live=open]", state="attached")


def test_change_by_one_inspector_appears_live_for_another(
    asgi_server, new_tablet_page, inspector, inspector2, other_inspector, shot
):
    case = CaseFactory(district=inspector.district, tracking_number="2102-2026-000042")
    other = CaseFactory(district=inspector.district, tracking_number="2102-2026-000043")

    actor = new_tablet_page()
    login(actor, asgi_server, inspector.username, PASSWORD)
    actor.goto(f"{asgi_server.url}/test-live/cases/{case.pk}/")
    _wait_live(actor)

    watcher = new_tablet_page()
    login(watcher, asgi_server, inspector2.username, PASSWORD)
    watcher.goto(f"{asgi_server.url}/test-live/cases/")
    _wait_live(watcher)
    watcher.evaluate("window.__notReloaded = true")
    with translation.override("zh-hans"):
        accepted = str(CaseStatus.ACCEPTED.label)
    assert accepted not in watcher.inner_text(f"#case-row-{case.pk}")

    watcher_case = new_tablet_page()
    login(watcher_case, asgi_server, inspector2.username, PASSWORD)
    watcher_case.goto(f"{asgi_server.url}/test-live/cases/{case.pk}/")
    _wait_live(watcher_case)

    # The actor accepts the case (stand-in for the lifecycle service: change, then event in one transaction).
    Complaint.objects.filter(pk=case.pk).update(status=CaseStatus.ACCEPTED)
    asgi_server.record(
        kind="case.transitioned",
        text="案件 2102-2026-000042 已受理",
        payload={
            "case_id": case.pk,
            "tracking_number": case.tracking_number,
            "status": "accepted",
            "status_label": "已受理",
            "district_id": case.district_id,
            "actor_id": inspector.pk,
        },
        groups=[f"district-{case.district_id}", f"case-{case.pk}"],
        recipients=[inspector2],
    )

    # The watcher's list row changes in place, with a toast and the unread badge, without a reload.
    watcher.wait_for_function(
        "([id, label]) => document.querySelector('#case-row-' + id).innerText.includes(label)",
        arg=[case.pk, accepted],
    )
    assert watcher.evaluate("window.__notReloaded") is True
    assert "已受理" in watcher.inner_text("#toasts")
    assert watcher.inner_text("[data-live-unread]") == "1"
    assert accepted not in watcher.inner_text(f"#case-row-{other.pk}")
    shot(watcher, "live-case-list-tablet")

    # The watcher's open case page says someone else changed it; the actor's own page does not.
    watcher_case.wait_for_selector("#live-banner:not([hidden])")
    assert watcher_case.inner_text("#live-banner [data-live-banner-text]").strip()  # translated by the lead
    shot(watcher_case, "live-case-banner-tablet")
    actor.wait_for_selector("#toasts .toast")
    assert actor.is_hidden("#live-banner")

    # The other district's inspector sees nothing of it.
    outsider = new_tablet_page()
    login(outsider, asgi_server, other_inspector.username, PASSWORD)
    outsider.goto(f"{asgi_server.url}/staff/notifications/")
    _wait_live(outsider)
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
