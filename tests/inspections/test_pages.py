"""The HTML pages render for the roles that use them and refuse the others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from inspections.services.risk import risk_compute


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_manager_pages(as_user, city_manager, campaign, team, employers, planned_visit):
    risk_compute(campaign=campaign)
    c = as_user(city_manager)
    for url in (
        "/staff/campaigns/",
        f"/staff/campaigns/{campaign.pk}/",
        f"/staff/campaigns/{campaign.pk}/plan/",
        f"/staff/campaigns/{campaign.pk}/dashboard/",
        f"/staff/campaigns/{campaign.pk}/dashboard/panel/",
        f"/staff/campaigns/{campaign.pk}/dashboard/print/",
        f"/staff/campaigns/{campaign.pk}/employers/{employers[0].pk}/",
        "/staff/ledger/",
    ):
        assert c.get(url).status_code == 200, url
    r = c.get(f"/staff/campaigns/{campaign.pk}/export.xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    assert "冬季专项行动" in c.get("/staff/").content.decode() or c.get("/staff/").status_code == 200


def test_inspector_day_and_visit(as_user, inspector, other_inspector, planned_visit):
    c = as_user(inspector)
    r = c.get(f"/staff/visits/today/?date={planned_visit.date.isoformat()}")
    assert r.status_code == 200 and planned_visit.employer.name in r.content.decode()
    assert c.get(f"/staff/visits/{planned_visit.pk}/").status_code == 200
    assert as_user(other_inspector).get(f"/staff/visits/{planned_visit.pk}/").status_code == 403


@pytest.mark.parametrize("nxt", ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:x"])
def test_plan_action_redirect_stays_on_site(client, city_manager, planned_visit, nxt):
    client.force_login(city_manager)
    url = reverse("inspections:visit-plan-action", args=[planned_visit.pk, "lock"])
    response = client.post(url, {"next": nxt})
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:campaign-plan", args=[planned_visit.campaign_id])
