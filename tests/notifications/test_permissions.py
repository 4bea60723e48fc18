"""Which page groups a staff member may join (notifications/permissions.py over the apps' rules perms)."""

from __future__ import annotations

from datetime import date

import pytest

from complaints.models import Assignment
from core.choices import Role
from inspections.models import Campaign, Job
from notifications import services
from notifications.permissions import base_groups, group_allowed
from tests.factories import UserFactory
from tests.mediation.factories import MediationRequestFactory

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_base_groups(inspector, city_manager):
    assert base_groups(inspector) == [f"user-{inspector.pk}", f"district-{inspector.district_id}.inspector"]
    assert base_groups(city_manager) == [f"user-{city_manager.pk}", "city.manager"]


def test_case_groups_follow_view_complaint(inspector, other_inspector, manager, city_manager, other_district):
    own = CaseFactory(district=inspector.district)
    foreign = CaseFactory(district=other_district)
    assert group_allowed(inspector, f"case-{own.pk}")
    assert group_allowed(manager, f"case-{own.pk}")
    assert not group_allowed(inspector, f"case-{foreign.pk}")
    # Assigned across districts: allowed through the lifecycle's rule.
    Assignment.objects.create(complaint=foreign, inspector=inspector)
    assert group_allowed(inspector, f"case-{foreign.pk}")
    assert not group_allowed(inspector, "case-999999")


def test_mediation_groups_follow_view_request(mediator, inspector, other_district):
    own = MediationRequestFactory(district=mediator.district)
    foreign = MediationRequestFactory(district=other_district)
    assert group_allowed(mediator, f"mediation-{own.pk}")
    assert not group_allowed(mediator, f"mediation-{foreign.pk}")
    assert not group_allowed(inspector, f"mediation-{own.pk}")  # inspectors do not handle mediation


def test_campaign_groups_follow_view_campaign(inspector, other_inspector, mediator):
    campaign = Campaign.objects.create(
        name="冬季专项行动", starts_on=date(2026, 11, 15), ends_on=date(2027, 2, 5)
    )
    campaign.districts.add(inspector.district)
    assert group_allowed(inspector, f"campaign-{campaign.pk}")
    assert not group_allowed(other_inspector, f"campaign-{campaign.pk}")
    assert not group_allowed(mediator, f"campaign-{campaign.pk}")


def test_job_groups_need_an_existing_job(inspector):
    job = Job.objects.create(kind="ledger")
    assert group_allowed(inspector, f"job-{job.pk}")
    assert not group_allowed(inspector, f"job-{job.pk + 1}")


@pytest.mark.parametrize(
    "group", ["", "case-", "case-1-2", "district-1", "user-1", "city", "campaign-x", "job-01a"]
)
def test_malformed_or_base_groups_are_not_page_groups(inspector, group):
    assert not group_allowed(inspector, group)


def test_users_without_a_staff_role_join_nothing(district):
    nobody = UserFactory(role="", district=district, username="nobody")
    case = CaseFactory(district=district)
    assert not group_allowed(nobody, f"case-{case.pk}")
    former = UserFactory(role=Role.INSPECTOR, district=district, username="former", is_active=False)
    assert not group_allowed(former, f"case-{case.pk}")


def test_an_event_for_groups_needs_a_registered_kind_and_its_subject():
    with pytest.raises(ValueError, match="not registered"):
        services.event_record(kind="unknown.kind", text="x", payload={"case_id": 1}, groups=["city"])
    with pytest.raises(ValueError, match="case_id"):
        services.event_record(kind="case.created", text="x", payload={}, groups=["city"])
    # Addressed only to users, any kind goes: who receives it is the caller's choice.
    services.event_record(kind="unknown.kind", text="x", groups=["user-1"])
