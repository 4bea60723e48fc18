"""The staff case API: list with filters and available actions, detail with timeline, action endpoints."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.choices import CaseStatus as S
from tests.complaints.factories import ComplaintFactory, case_in, fast_passwords, media_tmp  # noqa: F401
from tests.factories import EmployerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]
TODAY = timezone.localdate()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_sorted_by_nearest_deadline_with_available_actions(district, employer, inspector, inspector2):
    later = case_in(S.RECEIVED, district=district, employer=employer, received_at=timezone.now())
    sooner = case_in(
        S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2]
    )
    sooner_due = TODAY + datetime.timedelta(days=1)
    type(sooner).objects.filter(pk=sooner.pk).update(next_deadline=sooner_due)
    response = client_for(inspector).get("/api/v1/cases/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [sooner.pk, later.pk]
    assert rows[0]["deadline_state"] == "soon"
    assert (
        "issue_order" in rows[0]["available_actions"]
        and "extend_deadline" not in rows[0]["available_actions"]
    )
    assert rows[1]["available_actions"][:2] == ["assign", "accept"]


def test_filters(district, other_district, employer, city_manager):
    overdue = case_in(S.RECEIVED, district=district, employer=employer)
    type(overdue).objects.filter(pk=overdue.pk).update(next_deadline=TODAY - datetime.timedelta(days=2))
    big = case_in(S.RECEIVED, district=district, employer=employer, amount_owed=Decimal("90000"))
    other_emp = EmployerFactory(name="大连海鲜酒楼有限公司", district=other_district)
    elsewhere = case_in(S.ACCEPTED, district=other_district, employer=other_emp, category="overtime_pay")
    api = client_for(city_manager)

    def ids(query: str) -> set[int]:
        response = api.get("/api/v1/cases/?" + query)
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    assert ids("overdue=true") == {overdue.pk}
    assert ids(f"district={other_district.pk}") == {elsewhere.pk}
    assert ids("status=accepted") == {elsewhere.pk}
    assert ids("status=accepted&status=received") == {overdue.pk, big.pk, elsewhere.pk}
    assert ids("category=overtime_pay") == {elsewhere.pk}
    assert ids("amount_min=50000") == {big.pk}
    assert ids("amount_max=50000") == {overdue.pk, elsewhere.pk}
    assert ids("q=海鲜酒楼") == {elsewhere.pk}
    assert ids(f"q={big.tracking_number}") == {big.pk}
    assert ids(f"employer={other_emp.pk}") == {elsewhere.pk}
    assert ids(f"received_from={TODAY.isoformat()}&received_to={TODAY.isoformat()}") == {
        overdue.pk,
        big.pk,
        elsewhere.pk,
    }
    assert ids("due_within=10") == {big.pk}  # acceptance due in 5 working days; overdue one excluded


def test_query_count_is_constant_in_page_size(district, employer, manager, inspector, inspector2):
    for _ in range(3):
        case_in(S.ORDERED, district=district, employer=employer, inspectors=[inspector, inspector2])
        case_in(S.RECEIVED, district=district, employer=employer)
    api = client_for(manager)
    with CaptureQueriesContext(connection) as small:
        assert len(api.get("/api/v1/cases/").json()["results"]) == 6
    for _ in range(20):
        case_in(S.ORDERED, district=district, employer=employer, inspectors=[inspector, inspector2])
        case_in(S.RECEIVED, district=district, employer=employer)
    with CaptureQueriesContext(connection) as full:
        assert len(api.get("/api/v1/cases/").json()["results"]) == 25
    assert len(full.captured_queries) == len(small.captured_queries) <= 8


def test_detail_has_timeline_and_masks_claimants_for_unassigned(
    district, employer, inspector, inspector2, manager
):
    from complaints.services.case_transitions import complaint_accept

    case = complaint_accept(complaint=case_in(S.RECEIVED, district=district, employer=employer), by=inspector)
    data = client_for(inspector2).get(f"/api/v1/cases/{case.pk}/").json()
    assert [e["action"] for e in data["timeline"]] == ["accept"]
    assert (
        data["complainant"]["id_number"] == "1101**********002X" and data["complainant"]["masked"] == "true"
    )
    assert data["notices"][0]["kind"] == "accepted"
    full = client_for(manager).get(f"/api/v1/cases/{case.pk}/").json()
    assert full["complainant"]["id_number"] == "11010519491231002X"


def test_action_endpoints_status_codes(district, employer, inspector, inspector2, manager):
    case = case_in(S.RECEIVED, district=district, employer=employer)
    api = client_for(inspector)
    # 400: a required field is missing; nothing changes.
    response = api.post(f"/api/v1/cases/{case.pk}/decline/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    # 403: an inspector may not extend (manager only) — checked before the fields.
    started = case_in(
        S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2]
    )
    assert api.post(f"/api/v1/cases/{started.pk}/extend_deadline/", {}, format="json").status_code == 403
    # 409: not allowed from the current state.
    assert api.post(f"/api/v1/cases/{case.pk}/close/", {"summary": "x"}, format="json").status_code == 409
    # 400 for a legal condition that does not hold (two inspectors), with the reason.
    accepted = case_in(S.ACCEPTED, district=district, employer=employer, inspectors=[inspector])
    response = api.post(f"/api/v1/cases/{accepted.pk}/start_investigation/", {}, format="json")
    assert response.status_code == 400 and "two inspectors" in str(response.json())
    # 200 and the new state.
    response = api.post(f"/api/v1/cases/{case.pk}/accept/", {"note": "材料齐全"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = api.post(
        f"/api/v1/cases/{case.pk}/assign/", {"inspectors": [inspector.pk, inspector2.pk]}, format="json"
    )
    assert response.status_code == 200 and response.json()["inspector_ids"] == sorted(
        [inspector.pk, inspector2.pk]
    )
    response = api.post(f"/api/v1/cases/{case.pk}/start_investigation/", {}, format="json")
    assert response.status_code == 200
    response = api.post(
        f"/api/v1/cases/{case.pk}/issue_order/",
        {
            "due_date": (TODAY + datetime.timedelta(days=10)).isoformat(),
            "amount": "18000",
            "reason": "限期支付",
        },
        format="json",
    )
    assert response.status_code == 200 and response.json()["order_due"]
    response = api.post(
        f"/api/v1/cases/{case.pk}/record_compliance/",
        {"payments": [{"worker_name": "张建国", "amount": "18000"}]},
        format="json",
    )
    assert response.status_code == 200 and response.json()["payments"][0]["amount"] == "18000.00"
    response = api.post(f"/api/v1/cases/{case.pk}/close/", {"summary": "已支付"}, format="json")
    assert response.status_code == 200 and response.json()["outcome"]["wages_recovered"] == "18000.00"


def test_unknown_action_is_404(district, employer, inspector):
    case = case_in(S.RECEIVED, district=district, employer=employer)
    assert client_for(inspector).post(f"/api/v1/cases/{case.pk}/explode/", {}).status_code == 404


def test_openapi_schema_lists_every_action(admin_user):
    from django.test import Client

    client = Client()
    client.force_login(admin_user)
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/cases/" in paths and "/api/v1/cases/{id}/" in paths
    for action in (
        "accept",
        "decline",
        "refer",
        "issue_order",
        "record_compliance",
        "close",
        "reopen",
        "assign",
    ):
        assert f"/api/v1/cases/{{id}}/{action}/" in paths, action
    body = paths["/api/v1/cases/{id}/record_compliance/"]["post"]["requestBody"]
    assert body


def test_case_count_is_capped_not_counted(district, employer, manager, settings):
    from complaints import pagination

    for _ in range(4):
        ComplaintFactory(district=district, employer=employer)
    old = pagination.CappedPaginator.cap
    pagination.CappedPaginator.cap = 3
    try:
        data = client_for(manager).get("/api/v1/cases/").json()
    finally:
        pagination.CappedPaginator.cap = old
    assert data["count"] == 3 and data["count_capped"] is True
