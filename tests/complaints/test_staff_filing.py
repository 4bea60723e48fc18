"""A case found on an inspection visit: opened through the complaints service, its finders assigned by the rules."""

from __future__ import annotations

import pytest

from complaints.choices import CaseStatus, Source
from complaints.services.staff_filing import complaint_open_from_inspection
from notifications.models import Event

pytestmark = pytest.mark.django_db


def _open(by, district, employer, finders):
    return complaint_open_from_inspection(
        by=by,
        district=district,
        employer=employer,
        description="拖欠工资",
        finders=finders,
        visit_id=7,
        campaign_id=3,
    )


def test_the_finders_are_assigned_through_the_assignment_service(inspector, inspector2, district, employer):
    case = _open(inspector, district, employer, [inspector, inspector2])
    assert case.source == Source.INSPECTION and case.status == CaseStatus.RECEIVED
    assert set(case.inspectors.values_list("pk", flat=True)) == {inspector.pk, inspector2.pk}
    assert list(case.audit.values_list("action", flat=True)) == ["created", "assign"]
    created = Event.objects.get(kind="case.created", payload__case_id=case.pk)
    assert created.payload["campaign_id"] == 3 and created.payload["actor_id"] == inspector.pk
    assert created.groups == [f"district-{district.pk}", "city"]
    # The colleague hears of the assignment; the one who assigned does not notify themselves.
    assigned = Event.objects.get(kind="case.assigned", payload__case_id=case.pk)
    assert list(assigned.notifications.values_list("user_id", flat=True)) == [inspector2.pk]


def test_a_travelling_team_is_not_assigned_outside_the_rules(other_inspector, district, employer):
    """Inspectors of another district may not be assigned (nor assign): the case waits in its district's queue."""
    case = _open(other_inspector, district, employer, [other_inspector])
    assert not case.inspectors.exists()
    created = case.audit.get()
    assert created.action == "created" and created.changes["finder_ids"] == [other_inspector.pk]
    assert Event.objects.filter(kind="case.created", payload__case_id=case.pk).exists()
