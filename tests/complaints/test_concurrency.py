"""Two inspectors act on the same case at once: exactly one succeeds, the other gets a 409 conflict.

Real concurrency needs two database connections with row locks: PostgreSQL only.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from complaints.choices import CaseStatus as S
from complaints.models import AuditEntry, Complaint
from tests.complaints.factories import case_in, fast_passwords, media_tmp  # noqa: F401
from tests.threads import run_together

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two concurrent transactions with row locks need PostgreSQL (SQLite serialises writers)",
    ),
    pytest.mark.usefixtures("media_tmp"),
]


@pytest.mark.django_db(transaction=True)
def test_two_inspectors_accept_and_decline_at_once(district, employer, inspector, inspector2):
    case = case_in(S.RECEIVED, district=district, employer=employer)
    one, two = Client(), Client()
    one.force_login(inspector)
    two.force_login(inspector2)
    codes = run_together(
        lambda: one.post(f"/api/v1/cases/{case.pk}/accept/", {}, content_type="application/json"),
        lambda: two.post(
            f"/api/v1/cases/{case.pk}/decline/", {"reason": "超过时效"}, content_type="application/json"
        ),
    )
    statuses = sorted(r.status_code for r in codes)
    assert statuses == [200, 409], statuses
    loser = next(r for r in codes if r.status_code == 409)
    assert "reload" in loser.json()["detail"].lower() or "刷新" in loser.json()["detail"]
    case.refresh_from_db()
    assert case.status in (S.ACCEPTED, S.NOT_ACCEPTED)
    assert AuditEntry.objects.filter(complaint=case).count() == 1


@pytest.mark.django_db(transaction=True)
def test_same_self_transition_twice_at_once_extends_only_once(
    district, employer, inspector, inspector2, manager, city_manager
):
    case = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    one, two = Client(), Client()
    one.force_login(manager)
    two.force_login(city_manager)
    url = f"/api/v1/cases/{case.pk}/extend_deadline/"
    codes = run_together(
        lambda: one.post(url, {"reason": "复杂"}, content_type="application/json"),
        lambda: two.post(url, {"reason": "复杂"}, content_type="application/json"),
    )
    statuses = sorted(r.status_code for r in codes)
    assert statuses[0] == 200 and statuses[1] in (400, 409), statuses
    assert Complaint.objects.get(pk=case.pk).extended
    assert AuditEntry.objects.filter(complaint=case, action="extend_deadline").count() == 1
