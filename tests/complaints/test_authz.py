"""Authorisation matrix: each role × each case endpoint, and no leak across districts."""

from __future__ import annotations

import pytest
from django.test import Client

from complaints.choices import CaseStatus as S
from core.choices import Role
from tests.complaints.factories import case_in, fast_passwords, media_tmp  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]


@pytest.fixture
def world(
    district,
    other_district,
    employer,
    inspector,
    inspector2,
    other_inspector,
    mediator,
    manager,
    city_manager,
    admin_user,
):
    from tests.factories import EmployerFactory

    here = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    there = case_in(
        S.INVESTIGATING,
        district=other_district,
        employer=EmployerFactory(district=other_district),
        inspectors=[other_inspector],
    )
    roles = {
        "anonymous": None,
        "assigned inspector": inspector,
        "same-district inspector": UserFactory(role=Role.INSPECTOR, district=district, username="insp-free"),
        "other-district inspector": other_inspector,
        "mediator": mediator,
        "district manager": manager,
        "other-district manager": UserFactory(
            role=Role.MANAGER, district=other_district, username="mgr-other"
        ),
        "city manager": city_manager,
        "admin": admin_user,
        "no role": UserFactory(role="", district=district, username="norole"),
    }
    return here, there, roles


# Expected (list sees `here`, detail, row partial, case page, issue_order, extend_deadline) per role.
MATRIX = {
    "anonymous": (None, (403, 401), 302, 302, (403, 401), (403, 401)),
    "assigned inspector": (True, 200, 200, 200, 400, 403),
    "same-district inspector": (True, 200, 200, 200, 403, 403),
    "other-district inspector": (False, 404, 404, 404, 404, 404),
    "mediator": (False, 404, 404, 404, 404, 404),
    "district manager": (True, 200, 200, 200, 400, 400),
    "other-district manager": (False, 404, 404, 404, 404, 404),
    "city manager": (True, 200, 200, 200, 400, 400),
    "admin": (True, 200, 200, 200, 403, 403),  # IT sees case files, never acts on them
    "no role": (None, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_role_matrix(role, world):
    here, there, roles = world
    user = roles[role]
    client = Client()
    if user is not None:
        client.force_login(user)
    sees, detail, row, page, order, extend = MATRIX[role]

    def code(response):
        return response.status_code

    listing = client.get("/api/v1/cases/")
    if sees is None:
        assert code(listing) in (401, 403)
    else:
        ids = {r["id"] for r in listing.json()["results"]}
        assert (here.pk in ids) is sees
        # The other district's case: only its own staff and city-wide staff see it.
        assert (there.pk in ids) == (
            role in ("other-district inspector", "other-district manager", "city manager", "admin")
        )
    expected = detail if isinstance(detail, tuple) else (detail,)
    assert code(client.get(f"/api/v1/cases/{here.pk}/")) in expected
    assert code(client.get(f"/staff/cases/{here.pk}/row/")) == row
    assert code(client.get(f"/staff/cases/{here.pk}/")) == page
    # Empty bodies: an allowed user gets 400 (fields), a forbidden one 403, an outsider 404.
    expected = order if isinstance(order, tuple) else (order,)
    assert (
        code(client.post(f"/api/v1/cases/{here.pk}/issue_order/", {}, content_type="application/json"))
        in expected
    )
    expected = extend if isinstance(extend, tuple) else (extend,)
    assert (
        code(client.post(f"/api/v1/cases/{here.pk}/extend_deadline/", {}, content_type="application/json"))
        in expected
    )
    here.refresh_from_db()
    assert here.status == S.INVESTIGATING and not here.audit.exists()


def test_no_leak_of_other_district_in_filters_or_search(world, inspector):
    here, there, _ = world
    client = Client()
    client.force_login(inspector)
    for query in (
        f"district={there.district_id}",
        f"q={there.tracking_number}",
        f"employer={there.employer_id}",
        "status=investigating",
    ):
        ids = {r["id"] for r in client.get("/api/v1/cases/?" + query).json()["results"]}
        assert there.pk not in ids, query
    html = client.get(f"/staff/cases/?view=all&q={there.tracking_number}").content.decode()
    assert f'id="case-row-{there.pk}"' not in html and 'class="empty"' in html


def test_assigned_inspector_from_another_district_sees_the_case(world, other_inspector):
    here, _, _ = world
    from complaints.models import Assignment

    Assignment.objects.create(complaint=here, inspector=other_inspector)
    client = Client()
    client.force_login(other_inspector)
    assert client.get(f"/api/v1/cases/{here.pk}/").status_code == 200
    assert here.pk in {r["id"] for r in client.get("/api/v1/cases/").json()["results"]}


def test_notice_and_evidence_files_need_view_permission(world, inspector, other_inspector):
    from tests.complaints.factories import EvidenceFactory

    here, _, _ = world
    evidence = EvidenceFactory(complaint=here)
    own, outsider = Client(), Client()
    own.force_login(inspector)
    outsider.force_login(other_inspector)
    # Evidence is served by intake's staff view, which asks complaints.view_complaint (defined here).
    assert own.get(f"/evidence/{evidence.pk}/").status_code == 200
    assert outsider.get(f"/evidence/{evidence.pk}/").status_code in (403, 404)
    notice_case = case_in(S.RECEIVED, district=here.district, employer=here.employer)
    from complaints.services.case_transitions import complaint_accept

    notice = complaint_accept(complaint=notice_case, by=inspector).notices.get()
    assert own.get(f"/staff/cases/{notice_case.pk}/notices/{notice.pk}/").status_code == 200
    assert outsider.get(f"/staff/cases/{notice_case.pk}/notices/{notice.pk}/").status_code == 404


def test_object_permission_for_live_groups(world, inspector, other_inspector, mediator, manager):
    here, _, _ = world
    assert inspector.has_perm("complaints.view_complaint", here)
    assert manager.has_perm("complaints.view_complaint", here)
    assert not other_inspector.has_perm("complaints.view_complaint", here)
    assert not mediator.has_perm("complaints.view_complaint", here)


def test_bulk_assign_is_for_managers_only(world, inspector, inspector2, manager):
    here, _, _ = world
    fresh = case_in(S.RECEIVED, district=here.district, employer=here.employer)
    client = Client()
    client.force_login(inspector)
    data = {"case": [fresh.pk], "inspector": [inspector.pk]}
    assert client.post("/staff/cases/bulk-assign/", data).status_code == 403
    client.force_login(manager)
    assert client.post("/staff/cases/bulk-assign/", data).status_code == 302
    assert list(fresh.assignments.values_list("inspector_id", flat=True)) == [inspector.pk]
