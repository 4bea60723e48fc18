"""Planning through the services: days off, locked and removed items, must-visits, re-planning."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints.choices import CaseStatus
from core.workdays import is_working_day
from inspections.choices import JobStatus, VisitKind, VisitStatus
from inspections.models import Visit
from inspections.services import planning
from inspections.services.plan_proposals import plan_confirm
from inspections.services.risk import risk_compute

from .conftest import START
from .factories import complaint


@pytest.fixture
def plan(django_capture_on_commit_callbacks):
    def run_plan(campaign, user, from_date=None):
        with django_capture_on_commit_callbacks(execute=True):
            run = planning.plan_request(campaign=campaign, requested_by=user, from_date=from_date)
        run.refresh_from_db()  # the task ran eagerly on commit
        if run.status == JobStatus.DONE:  # a proposal first: confirmed here
            run = plan_confirm(run=run, confirmed_by=user)
        return run

    return run_plan


def test_plan_covers_the_riskiest_and_never_uses_days_off(
    plan, campaign, team, employers, city_manager, inspector
):
    team.unavailable = ["2026-12-03"]
    team.save()
    risk_compute(campaign=campaign)
    run = plan(campaign, city_manager)
    assert run.status == JobStatus.DONE, run.message
    visits = list(Visit.objects.filter(campaign=campaign, status=VisitStatus.PLANNED))
    assert visits
    for v in visits:
        assert is_working_day(v.date).working
        assert v.date != datetime.date(2026, 12, 2)  # the holiday
        assert v.date != datetime.date(2026, 12, 3)  # the team's day off
        assert v.date.weekday() < 5
    # The team may not travel: nobody from the other district is planned.
    assert all(v.district_id == team.home_district_id for v in visits)
    assert run.gap is not None and run.gap <= 0.01
    assert run.objective >= run.greedy_objective - 1e-6


def test_locked_and_completed_visits_are_kept_and_removed_ones_stay_out(
    plan, campaign, team, employers, city_manager
):
    risk_compute(campaign=campaign)
    plan(campaign, city_manager)
    visits = list(Visit.objects.filter(campaign=campaign, status=VisitStatus.PLANNED).order_by("-risk"))
    locked, removed = visits[0], visits[1]
    planning.visit_set_locked(visit=locked, locked=True, changed_by=city_manager)
    planning.visit_remove(visit=removed, removed_by=city_manager)
    # Move the locked visit to a later day by hand, then re-plan: it must stay where it is.
    Visit.objects.filter(pk=locked.pk).update(date=datetime.date(2026, 12, 10))
    run = plan(campaign, city_manager)
    assert run.status == JobStatus.DONE
    locked.refresh_from_db()
    assert (
        locked.status == VisitStatus.PLANNED and locked.locked and locked.date == datetime.date(2026, 12, 10)
    )
    assert not Visit.objects.filter(
        campaign=campaign, employer=removed.employer, status=VisitStatus.PLANNED
    ).exists()
    assert (
        Visit.objects.filter(campaign=campaign, employer=locked.employer)
        .exclude(status=VisitStatus.REMOVED)
        .count()
        == 1
    )
    # Capacity on the locked visit's day is shared with it.
    same_day = Visit.objects.filter(team=team, date=datetime.date(2026, 12, 10), status=VisitStatus.PLANNED)
    assert sum(v.units for v in same_day) <= 2


def test_must_visit_with_an_open_case_is_always_planned(
    plan, campaign, team, employers, city_manager, district
):
    low = employers[0]
    low.migrant_worker_count = 0
    low.save()
    complaint(district=district, employer=low, status=CaseStatus.INVESTIGATING)
    risk_compute(campaign=campaign)
    plan(campaign, city_manager)
    v = Visit.objects.get(campaign=campaign, employer=low, status=VisitStatus.PLANNED)
    assert v.kind == VisitKind.MUST
    with pytest.raises(ValidationError):
        planning.visit_remove(visit=v, removed_by=city_manager)


def test_only_a_manager_of_the_campaign_may_plan(campaign, team, inspector):
    with pytest.raises(PermissionDenied):
        planning.plan_request(campaign=campaign, requested_by=inspector)


def test_replanning_mid_campaign_starts_from_the_given_day(plan, campaign, team, employers, city_manager):
    risk_compute(campaign=campaign)
    run = plan(campaign, city_manager, from_date=START + datetime.timedelta(days=7))
    assert run.status == JobStatus.DONE
    assert Visit.objects.filter(campaign=campaign).exists()
    assert not Visit.objects.filter(campaign=campaign, date__lt=START + datetime.timedelta(days=7)).exists()


def test_a_campaign_is_under_way_with_its_first_plan_and_a_manager_finishes_it(
    campaign, team, city_manager, inspector, client
):
    from inspections.services.campaigns import campaign_close

    assert campaign.status == "draft"
    with pytest.raises(AttributeError):
        campaign.status = "closed"
    planning.plan_request(campaign=campaign, requested_by=city_manager)
    campaign.refresh_from_db()
    assert campaign.status == "active"
    with pytest.raises(PermissionDenied):
        campaign_close(campaign=campaign, closed_by=inspector)
    client.force_login(city_manager)
    response = client.post(f"/staff/campaigns/{campaign.pk}/", {"action": "close"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    with pytest.raises(ValidationError):
        planning.plan_request(campaign=campaign, requested_by=city_manager)
    again = client.post(f"/staff/campaigns/{campaign.pk}/", {"action": "close"}, follow=True)
    assert again.status_code == 200  # a message, not an error page
