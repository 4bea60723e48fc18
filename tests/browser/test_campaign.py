"""A manager plans the campaign on a tablet; an inspector records a visit on another tablet."""

from __future__ import annotations

import pytest

from inspections.models import CorrectionOrder, Visit
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.inspections.conftest import (  # noqa: F401  (fixtures shared with the campaign tests)
    START,
    calendar_2026,
    campaign,
    employers,
    team,
)

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_manager_plans_and_inspector_completes_a_visit(
    request, live_server, tablet_page, new_tablet_page, city_manager, inspector, shot
):
    the_campaign = request.getfixturevalue("campaign")
    the_team = request.getfixturevalue("team")
    request.getfixturevalue("employers")
    page = tablet_page
    login(page, live_server, city_manager.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/campaigns/{the_campaign.pk}/")
    page.fill("input[name=from_date]", START.isoformat())
    page.click("[data-plan-button]")
    page.wait_for_load_state("networkidle")
    # A proposal first: what changes, in words a manager uses; the solver's figures behind a fold.
    assert "/plan-runs/" in page.url
    assert "比简单排法多覆盖风险" in page.locator("[data-plan-gain]").inner_text()
    assert not page.locator(".plan-details dl").is_visible()
    assert "最优性差距" not in page.locator("main").inner_text()
    assert int(page.locator("[data-total-added]").inner_text().replace(",", "")) > 0
    shot(page, "campaign-plan-proposal-tablet")
    page.locator(".plan-details summary").click()
    assert page.locator(".plan-details dl").is_visible()
    page.click("[data-confirm-plan]")
    page.wait_for_load_state("networkidle")
    assert "/plan/" in page.url
    assert page.locator(".calendar .chip").count() > 0
    shot(page, "campaign-plan-tablet")
    # Lock the first planned visit; it shows as locked.
    page.locator("[data-lock]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-unlock]").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024 + 1

    page.goto(f"{live_server.url}/staff/campaigns/{the_campaign.pk}/")
    shot(page, "campaign-overview-tablet")

    visit = Visit.objects.filter(campaign=the_campaign, team=the_team).order_by("date", "id").first()
    insp = new_tablet_page()
    login(insp, live_server, inspector.username, PASSWORD)
    insp.goto(f"{live_server.url}/staff/visits/today/?date={visit.date.isoformat()}")
    assert visit.employer.name in insp.content()
    shot(insp, "campaign-inspector-day-tablet")
    insp.goto(f"{live_server.url}/staff/visits/{visit.pk}/")
    for row in insp.locator(".check-row").all():
        row.locator("input[value=ok]").check()
    insp.locator(".check-row").first.locator("input[value=fail]").check()
    insp.fill("textarea[name=findings]", "工资台账只保存了一年，未按月足额支付")
    insp.locator("input[name=outcome][value=order]").check()
    insp.fill("input[name=order_due]", "2026-12-08")
    shot(insp, "campaign-visit-form-tablet")
    insp.click("[data-complete]")
    insp.wait_for_load_state("networkidle")
    assert "已" in insp.content() or "Follow-up" in insp.content() or insp.locator(".badge.green").count()
    shot(insp, "campaign-visit-done-tablet")
    visit.refresh_from_db()
    assert visit.status == "completed" and visit.outcome == "order"
    order = CorrectionOrder.objects.get(visit=visit)
    assert Visit.objects.get(follow_up_of=visit).date >= order.due_date

    page.goto(f"{live_server.url}/staff/campaigns/{the_campaign.pk}/dashboard/")
    assert page.locator("[data-metric=employers_inspected]").inner_text().strip().startswith("1")
    shot(page, "campaign-dashboard-tablet")
