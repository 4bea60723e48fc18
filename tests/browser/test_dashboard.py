"""The campaign dashboard in the browser: live figures over the websocket, and its A4 print."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from inspections.choices import Metric
from inspections.models import Visit
from inspections.services.dashboard import figures_refresh
from tests.browser.conftest import login
from tests.browser.test_live import asgi_server  # noqa: F401  (uvicorn serving HTTP and websockets)
from tests.factories import PASSWORD
from tests.inspections.conftest import (  # noqa: F401  (fixtures shared with the campaign tests)
    calendar_2026,
    campaign,
    employers,
    team,
)

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


KPI = "[data-metric=employers_inspected]"


@pytest.mark.django_db(transaction=True)
def test_a_visit_recorded_on_a_tablet_updates_the_managers_open_dashboard(
    request, new_tablet_page, city_manager, inspector, shot
):
    server = request.getfixturevalue("asgi_server")
    the_campaign = request.getfixturevalue("campaign")
    the_team = request.getfixturevalue("team")
    employer = request.getfixturevalue("employers")[0]
    visit = Visit.objects.create(
        campaign=the_campaign,
        employer=employer,
        district=employer.district,
        team=the_team,
        date=timezone.localdate(),
    )
    figures_refresh(campaign=the_campaign, announce=False)

    manager = new_tablet_page()
    login(manager, server, city_manager.username, PASSWORD)
    manager.goto(f"{server.url}/staff/campaigns/{the_campaign.pk}/dashboard/")
    manager.wait_for_selector("html[data-live=open]", state="attached")
    manager.evaluate("window.__notReloaded = true")
    assert manager.inner_text(KPI).strip().startswith("0")
    kpi_time = f".kpi:has({KPI}) time[data-computed-at]"
    before = manager.get_attribute(kpi_time, "datetime")

    # The inspector records the visit on another tablet (another browser context, another session).
    insp = new_tablet_page()
    login(insp, server, inspector.username, PASSWORD)
    insp.goto(f"{server.url}/staff/visits/{visit.pk}/")
    for row in insp.locator(".check-row").all():
        row.locator("input[value=ok]").check()
    insp.fill("textarea[name=findings]", "工资按月足额支付")
    insp.locator("input[name=outcome][value=no_violation]").check()
    insp.click("[data-complete]")
    insp.wait_for_load_state("networkidle")

    # The manager's page changes in place: the figure, and the time it was computed.
    manager.wait_for_function("sel => document.querySelector(sel).innerText.trim().startsWith('1')", arg=KPI)
    assert manager.evaluate("window.__notReloaded") is True
    after = manager.get_attribute(kpi_time, "datetime")
    assert after and after != before
    shot(manager, "dashboard-live-tablet")


def _text_positions(page) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            out.append((text, cm[4] + tm[4] * cm[0]))

    page.extract_text(visitor_text=visit)
    return out


@pytest.mark.django_db
def test_the_printed_dashboard_keeps_every_column_on_a4(
    request, live_server, tablet_page, city_manager, tmp_path
):
    the_campaign = request.getfixturevalue("campaign")
    figures_refresh(campaign=the_campaign, announce=False)
    login(tablet_page, live_server, city_manager.username, PASSWORD)
    tablet_page.goto(f"{live_server.url}/staff/campaigns/{the_campaign.pk}/dashboard/print/")
    tablet_page.emulate_media(media="print")
    pdf = tablet_page.pdf(prefer_css_page_size=True, print_background=True)
    (tmp_path / "print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    width = float(first.mediabox.width)
    assert width > float(first.mediabox.height)  # landscape
    text = first.extract_text().replace(" ", "").replace("\n", "")
    with translation.override("zh-hans"):
        # A header may wrap: its words before a bracket are on one line.
        labels = [re.split(r"[（(]", str(m.label))[0].replace(" ", "") for m in Metric]
    for label in labels:
        assert label in text, label
    # Nothing is drawn beyond the right edge of the sheet.
    positions = _text_positions(first)
    assert positions and max(x for _t, x in positions) < width
    assert any(labels[-1][:3] in t for t, _x in positions)
