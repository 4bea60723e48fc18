"""A district manager acts within the district; acts on a whole city campaign are the city manager's."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.choices import Role
from inspections.choices import VisitStatus
from inspections.models import Team, Visit
from inspections.services import campaigns, planning
from tests.factories import UserFactory

from .conftest import END, START


@pytest.fixture
def other_manager(other_district):
    return UserFactory(role=Role.MANAGER, district=other_district, username="mgr-other")


@pytest.fixture
def far_visit(campaign, team, employers):
    """A planned visit by the home team to a workplace in the other district."""
    e = employers[-1]
    return Visit.objects.create(campaign=campaign, employer=e, district=e.district, team=team, date=START)


@pytest.fixture
def api():
    return APIClient()


def test_district_manager_cannot_replan_the_city_campaign(campaign, team, manager, other_manager):
    for who in (manager, other_manager):
        with pytest.raises(PermissionDenied):
            planning.plan_request(campaign=campaign, requested_by=who)
        with pytest.raises(PermissionDenied):
            campaigns.campaign_set_weights(campaign=campaign, weights={"open_cases": 1}, changed_by=who)


def test_city_manager_plans_the_city_campaign(campaign, team, city_manager):
    run = planning.plan_request(campaign=campaign, requested_by=city_manager)
    assert run.pk
    campaigns.campaign_set_weights(campaign=campaign, weights={"open_cases": 1}, changed_by=city_manager)


def test_district_manager_plans_a_campaign_of_the_own_district(
    calendar_2026, manager, district, inspector, inspector2
):
    own = campaigns.campaign_create(
        created_by=manager, name="区专项", starts_on=START, ends_on=END, districts=[district]
    )
    campaigns.team_create(
        campaign=own,
        created_by=manager,
        name="A",
        inspector_a=inspector,
        inspector_b=inspector2,
        home_district=district,
    )
    campaigns.campaign_set_weights(campaign=own, weights={"open_cases": 2}, changed_by=manager)
    assert planning.plan_request(campaign=own, requested_by=manager).pk


def test_district_manager_forms_teams_of_the_own_district_only(
    campaign, manager, district, other_district, inspector, inspector2, other_inspector, inspector4
):
    team = campaigns.team_create(
        campaign=campaign,
        created_by=manager,
        name="own",
        inspector_a=inspector,
        inspector_b=inspector2,
        home_district=district,
    )
    assert team.pk
    with pytest.raises(PermissionDenied):
        campaigns.team_create(
            campaign=campaign,
            created_by=manager,
            name="x",
            inspector_a=other_inspector,
            inspector_b=inspector4,
            home_district=other_district,
        )
    with pytest.raises(PermissionDenied):
        campaigns.team_create(
            campaign=campaign,
            created_by=manager,
            name="mixed",
            inspector_a=inspector,
            inspector_b=other_inspector,
            home_district=district,
        )
    with pytest.raises(PermissionDenied):
        campaigns.team_create(
            campaign=campaign,
            created_by=manager,
            name="away",
            inspector_a=inspector,
            inspector_b=inspector2,
            home_district=other_district,
        )
    assert set(Team.objects.values_list("name", flat=True)) == {"own"}


def test_district_manager_changes_only_the_own_districts_visits(
    planned_visit, far_visit, manager, other_manager
):
    with pytest.raises(PermissionDenied):
        planning.visit_remove(visit=far_visit, removed_by=manager)
    with pytest.raises(PermissionDenied):
        planning.visit_set_locked(visit=far_visit, locked=True, changed_by=manager)
    with pytest.raises(PermissionDenied):
        planning.visit_remove(visit=planned_visit, removed_by=other_manager)
    planning.visit_set_locked(visit=planned_visit, locked=True, changed_by=manager)
    planning.visit_remove(visit=far_visit, removed_by=other_manager)
    far_visit.refresh_from_db()
    planned_visit.refresh_from_db()
    assert far_visit.status == VisitStatus.REMOVED and planned_visit.locked


def test_api_refuses_a_district_manager_the_city_acts(
    api, campaign, team, far_visit, manager, other_inspector, inspector4
):
    api.force_authenticate(manager)
    base = f"/api/v1/campaigns/{campaign.pk}"
    assert api.post(f"{base}/plan/", {}, format="json").status_code == 403
    assert api.put(f"{base}/weights/", {"weights": {"open_cases": 1}}, format="json").status_code == 403
    body = {
        "inspector_a": other_inspector.pk,
        "inspector_b": inspector4.pk,
        "home_district": far_visit.district_id,
    }
    assert api.post(f"{base}/teams/", body, format="json").status_code == 403
    for action in ("lock", "remove"):
        assert api.post(f"/api/v1/visits/{far_visit.pk}/{action}/").status_code == 403
    complete = {"version": far_visit.version, "checklist": {}, "outcome": "no_violation"}
    assert api.post(f"/api/v1/visits/{far_visit.pk}/complete/", complete, format="json").status_code == 403
    far_visit.refresh_from_db()
    assert far_visit.status == VisitStatus.PLANNED and not far_visit.locked
    assert not Team.objects.filter(inspector_a=other_inspector).exists()


def test_pages_refuse_a_district_manager_the_city_acts(campaign, team, far_visit, manager):
    client = Client()
    client.force_login(manager)
    detail = reverse("inspections:campaign-detail", args=[campaign.pk])
    page = client.get(detail)
    assert page.status_code == 200
    assert page.context["can_form_team"] and not page.context["can_manage"]
    assert client.post(detail, {"action": "weights", "w-open_cases": "1"}).status_code == 403
    assert client.post(detail, {"action": "risk"}).status_code == 403
    assert client.post(reverse("inspections:campaign-plan-request", args=[campaign.pk])).status_code == 403
    for action in ("lock", "remove"):
        url = reverse("inspections:visit-plan-action", args=[far_visit.pk, action])
        assert client.post(url).status_code == 403
    plan = client.get(reverse("inspections:campaign-plan", args=[campaign.pk]))
    assert far_visit.pk not in plan.context["editable"]
    team_choices = page.context["team_form"].fields["inspector_a"].queryset
    assert all(u.district_id == manager.district_id for u in team_choices)
