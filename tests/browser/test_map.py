"""The campaign map in the browser, with no network: points, check-ins and district areas drawn from
the site's own files and API; a click on an employer opens its page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.inspections.conftest import (  # noqa: F401  (fixtures shared with the campaign tests)
    calendar_2026,
    campaign,
    employers,
    team,
)
from tests.inspections.test_map import mapped  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_map_shows_employers_check_ins_and_areas_without_network(
    request, live_server, tablet_page, city_manager, shot
):
    the_campaign = request.getfixturevalue("mapped")
    the_employers = request.getfixturevalue("employers")
    page = tablet_page
    outside: list[str] = []

    def only_this_site(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.context.route("**/*", only_this_site)
    login(page, live_server, city_manager.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/campaigns/{the_campaign.pk}/map/")
    page.wait_for_selector("[data-campaign-map][data-map-state=ready]")
    # Five employers have a position (one of them from its check-in), one check-in, one district area.
    assert page.locator("path.map-employer").count() == 5
    assert page.locator("path.map-checkin").count() == 1
    assert page.locator("path.map-employer.status-case").count() == 1
    assert page.locator("path.map-employer.status-order").count() == 1
    assert page.locator(".leaflet-overlay-pane path").count() >= 5 + 1 + 1
    assert page.locator(".leaflet-tile").count() == 0  # no basemap configured
    assert "1" in page.inner_text("[data-map-summary]")  # "… 1 without a position"
    assert outside == []
    shot(page, "campaign-map-tablet")

    # Filtering by state reloads the page with the filter; only the planned employer is left.
    page.select_option("select[name=status]", "planned")
    page.wait_for_url("**status=planned**")
    page.wait_for_selector("[data-campaign-map][data-map-state=ready]")
    assert page.locator("path.map-employer").count() == 1

    # A click on an employer opens its page.
    target = the_employers[0]
    page.locator(f'path.map-employer[data-employer-id="{target.pk}"]').click()
    page.wait_for_url(f"**/staff/campaigns/{the_campaign.pk}/employers/{target.pk}/")
    assert target.name in page.content()
    assert outside == []
