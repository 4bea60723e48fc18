"""Two syncs of one queued change at the same moment (PostgreSQL): one change, the same answer twice."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from rest_framework.test import APIClient

from inspections.models import CorrectionOrder, OfflineSubmission, Visit
from tests.threads import in_threads

from .test_offline import _order_body

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_the_same_key_at_the_same_time_completes_the_visit_once(planned_visit, inspector):
    key = str(uuid.uuid4())
    url = f"/api/v1/visits/{planned_visit.pk}/complete/"

    def post(_i):
        api = APIClient()
        api.force_authenticate(inspector)
        r = api.post(url, _order_body(), format="json", HTTP_IDEMPOTENCY_KEY=key)
        return r.status_code, r.json()

    results = in_threads(2, post)
    assert [code for code, _body in results] == [200, 200]
    assert results[0][1] == results[1][1]
    assert CorrectionOrder.objects.filter(visit=planned_visit).count() == 1
    assert Visit.objects.filter(follow_up_of=planned_visit).count() == 1
    assert OfflineSubmission.objects.filter(key=key).count() == 1
