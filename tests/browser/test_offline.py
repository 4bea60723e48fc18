# ruff: noqa: F811  (pytest fixtures imported from the campaign tests)
"""The tablet in the field, with the network switched off in the browser: a visit filled in offline,
the page reloaded offline with the draft intact, the connection restored and the visit synced exactly
once; a conflict shown and resolved; a visit dated later confirmed; the on-site check-in."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone

from inspections.choices import VisitStatus
from inspections.models import CorrectionOrder, OfflineSubmission, Visit, VisitAudit, VisitPhoto
from inspections.services.planning import visit_set_locked
from tests.browser.conftest import TABLET, login
from tests.factories import PASSWORD
from tests.inspections.conftest import (  # noqa: F401  (fixtures shared with the campaign tests)
    START,
    calendar_2026,
    campaign,
    employers,
    planned_visit,
    team,
)

pytestmark = pytest.mark.browser

FINDINGS = "工资台账只保存了一年；十二月工资未发"


def _photo() -> bytes:
    """A real (small) PNG, as a tablet's camera would give a real picture."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 120, 60)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def todays_visit(planned_visit):
    Visit.objects.filter(pk=planned_visit.pk).update(date=timezone.localdate())
    planned_visit.refresh_from_db()
    return planned_visit


def _kept_for_offline(page, visit) -> None:
    """Wait until the service worker controls the page and the visit's page is kept on the tablet."""
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.wait_for_function(
        "url => caches.open('wagewatch-pages').then(c => c.match(url)).then(r => !!r)",
        arg=f"/staff/visits/{visit.pk}/",
    )


def _fill(page) -> None:
    rows = page.locator(".check-row")
    for i in range(rows.count()):
        rows.nth(i).locator("input[value=ok]").check()
    rows.first.locator("input[value=fail]").check()
    page.fill("textarea[name=findings]", FINDINGS)
    page.locator("input[name=outcome][value=order]").check()
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    page.fill("input[name=order_due]", due)


def _pending(page) -> str:
    return page.locator("[data-sync-bar]").get_attribute("data-pending") or ""


def test_a_visit_filled_offline_survives_a_reload_and_syncs_once(
    live_server, browser, todays_visit, inspector, shot
):
    visit = todays_visit
    context = browser.new_context(viewport=TABLET, locale="zh-CN", has_touch=True)
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        login(page, live_server, inspector.username, PASSWORD)
        page.goto(f"{live_server.url}/staff/visits/today/")
        _kept_for_offline(page, visit)
        page.goto(f"{live_server.url}/staff/visits/{visit.pk}/")
        page.wait_for_selector("form[data-visit-form][data-ready='1']")

        context.set_offline(True)
        page.wait_for_function("() => !navigator.onLine")
        _fill(page)
        page.wait_for_function(
            "t => document.querySelector('textarea[name=findings]').value === t "
            "&& document.querySelector('[data-draft-state]').hasAttribute('data-saved')",
            arg=FINDINGS,
        )
        # A photo, offline: kept on the tablet and shown at once; the page is not reloaded.
        page.evaluate("window.__sameDocument = true")
        page.set_input_files(
            "form[data-photo-form] input[type=file]",
            {"name": "site.png", "mimeType": "image/png", "buffer": _photo()},
        )
        page.click("form[data-photo-form] button[type=submit]")
        page.wait_for_selector("[data-photo-local][data-state=waiting]")
        assert page.evaluate("window.__sameDocument") is True
        assert page.input_value("textarea[name=findings]") == FINDINGS
        page.wait_for_function("() => document.querySelector('[data-sync-bar]').dataset.pending === '1'")

        # The network is off for the service worker too: a page never kept is not there.
        probe = context.new_page()
        probe.goto(f"{live_server.url}/staff/visits/today/?date=2026-01-05")
        assert probe.title() == "本平板未保存此页"
        probe.close()

        # Reloaded with no network: the page comes from the tablet, the draft and the photo with it.
        page.reload()
        page.wait_for_selector("form[data-visit-form][data-ready='1']")
        assert page.locator("[data-draft-state][data-restored='1']").count() == 1
        assert page.input_value("textarea[name=findings]") == FINDINGS
        assert page.locator("input[name=outcome][value=order]").is_checked()
        assert page.locator(".check-row").first.locator("input[value=fail]").is_checked()
        assert page.locator("[data-photo-local][data-state=waiting]").count() == 1
        shot(page, "offline-visit-restored-tablet")

        # Completing offline queues the result.
        page.click("[data-complete]")
        page.wait_for_selector("[data-queued]:not([hidden])")
        page.wait_for_function("() => document.querySelector('[data-sync-bar]').dataset.pending === '2'")
        assert "2 条待同步" in page.locator("[data-sync-count]").inner_text()
        shot(page, "offline-visit-queued-tablet")
        visit.refresh_from_db()
        assert visit.status == VisitStatus.PLANNED and VisitPhoto.objects.count() == 0

        # Back online: the queue goes out on its own, in order, and the page shows the result.
        context.set_offline(False)
        page.wait_for_selector(".page-head .badge.green")
        page.wait_for_function("() => document.querySelector('[data-sync-bar]').dataset.pending === '0'")
        shot(page, "offline-visit-synced-tablet")
        visit.refresh_from_db()
        assert visit.status == VisitStatus.COMPLETED and visit.findings == FINDINGS
        assert VisitPhoto.objects.filter(visit=visit).count() == 1
        assert CorrectionOrder.objects.filter(visit=visit).count() == 1
        assert Visit.objects.filter(follow_up_of=visit).count() == 1
        assert VisitAudit.objects.filter(visit_id=visit.pk, action="completed").count() == 1
        assert OfflineSubmission.objects.filter(visit_id=visit.pk).count() == 2
        # The log says what was sent; syncing again sends nothing more.
        page.click("[data-sync-now]")
        page.wait_for_function("() => document.querySelector('[data-sync-bar]').dataset.busy === '0'")
        assert page.locator("[data-sync-log] li[data-outcome=sent]").count() == 2
        assert VisitPhoto.objects.filter(visit=visit).count() == 1
        assert Visit.objects.filter(follow_up_of=visit).count() == 1
    finally:
        context.close()


def test_a_conflict_is_shown_and_the_inspector_chooses(
    live_server, browser, todays_visit, inspector, city_manager, shot
):
    visit = todays_visit
    context = browser.new_context(viewport=TABLET, locale="zh-CN", has_touch=True)
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        login(page, live_server, inspector.username, PASSWORD)
        page.goto(f"{live_server.url}/staff/visits/{visit.pk}/")
        _kept_for_offline(page, visit)
        page.wait_for_selector("form[data-visit-form][data-ready='1']")
        context.set_offline(True)
        page.wait_for_function("() => !navigator.onLine")
        _fill(page)
        page.click("[data-complete]")
        page.wait_for_function("() => document.querySelector('[data-sync-bar]').dataset.pending === '1'")

        # Meanwhile the manager locks the visit in the plan: its version moves on.
        visit_set_locked(visit=visit, locked=True, changed_by=city_manager)
        context.set_offline(False)
        page.wait_for_selector("[data-conflict]:not([hidden])")
        conflict = page.locator("[data-conflict]")
        assert conflict.locator("[data-slot=server-version]").inner_text() == "2"
        assert conflict.locator("[data-slot=mine-version]").inner_text() == "1"
        assert FINDINGS in conflict.locator("[data-slot=mine-findings]").inner_text()
        assert page.locator("[data-sync-bar]").get_attribute("data-conflicts") == "1"
        shot(page, "offline-conflict-tablet")
        visit.refresh_from_db()
        assert visit.status == VisitStatus.PLANNED and visit.version == 2  # nothing overwritten

        conflict.locator("[data-conflict-mine]").click()
        page.wait_for_selector(".page-head .badge.green")
        visit.refresh_from_db()
        assert visit.status == VisitStatus.COMPLETED and visit.findings == FINDINGS and visit.locked
        assert VisitAudit.objects.filter(visit_id=visit.pk, action="completed").count() == 1
    finally:
        context.close()


def test_a_visit_dated_later_asks_before_it_is_completed_today(
    live_server, tablet_page, planned_visit, inspector
):
    Visit.objects.filter(pk=planned_visit.pk).update(date=timezone.localdate() + datetime.timedelta(days=3))
    page = tablet_page
    page.set_default_timeout(60_000)
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/visits/{planned_visit.pk}/")
    page.wait_for_selector("form[data-visit-form][data-ready='1']")
    _fill(page)
    page.click("[data-complete]")
    page.wait_for_selector("[data-future-confirm]:not([hidden])")
    page.click("[data-future-no]")
    assert page.locator("[data-future-confirm]").is_hidden()
    assert page.locator("[data-sync-bar]").get_attribute("data-pending") in ("0", None)
    page.click("[data-complete]")
    page.click("[data-future-yes]")
    page.wait_for_selector(".page-head .badge.green")
    planned_visit.refresh_from_db()
    assert planned_visit.status == VisitStatus.COMPLETED


def test_starting_a_visit_checks_in_with_position_and_accuracy(
    live_server, browser, todays_visit, inspector, city_manager, shot
):
    visit = todays_visit
    employer = visit.employer
    employer.latitude, employer.longitude = 38.914, 121.614
    employer.save()
    context = browser.new_context(
        viewport=TABLET,
        locale="zh-CN",
        geolocation={"latitude": 38.915, "longitude": 121.614, "accuracy": 15},
        permissions=["geolocation"],
    )
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        login(page, live_server, inspector.username, PASSWORD)
        page.goto(f"{live_server.url}/staff/visits/today/")
        page.click(f"[data-visit='{visit.pk}'] [data-start-visit]")
        page.wait_for_selector("[data-checkin-card][data-status=recorded]")
        page.wait_for_function("() => document.querySelector('[data-sync-bar]').dataset.pending === '0'")
        assert "111" in page.locator("[data-checkin-state]").inner_text()  # metres from the employer
        visit.refresh_from_db()
        assert visit.checkin_status == "recorded" and visit.checkin_accuracy_m == 15
        shot(page, "offline-checkin-tablet")
    finally:
        context.close()

    # A refused permission is recorded as such and does not stop the visit.
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        other = Visit.objects.create(
            campaign=visit.campaign,
            employer=visit.employer,
            district=visit.district,
            team=visit.team,
            date=visit.date,
        )
        login(page, live_server, inspector.username, PASSWORD)
        page.goto(f"{live_server.url}/staff/visits/{other.pk}/")
        page.click("[data-checkin]")
        page.wait_for_selector("[data-checkin-card][data-status=refused]")
        page.wait_for_function("() => document.querySelector('[data-sync-bar]').dataset.pending === '0'")
        other.refresh_from_db()
        assert other.checkin_status == "refused" and other.checkin_latitude is None
        assert page.locator("form[data-visit-form] [data-complete]").is_enabled()
    finally:
        context.close()

    manager = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = manager.new_page()
    try:
        login(page, live_server, city_manager.username, PASSWORD)
        page.goto(f"{live_server.url}/staff/campaigns/{visit.campaign_id}/")
        table = page.locator("[data-checkins]")
        assert table.locator("tr", has_text="± 15 m").count() == 1
        assert "111 m" in table.inner_text()
        shot(page, "offline-checkins-campaign-tablet")
    finally:
        manager.close()

