# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""Concurrent submissions on PostgreSQL: one complaint per idempotency key, distinct tracking numbers."""

from __future__ import annotations

import pytest
from django.db import connection

from complaints.models import Complaint
from complaints.services.intake import complaint_file, intake_clean
from tests.threads import in_threads

from .intake_fixtures import media, raw_complaint  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and sequences need PostgreSQL"),
]


def test_same_key_at_the_same_time_creates_one_complaint(district, media):
    data = intake_clean(raw_complaint(district, kind="clue", name="", id_number="", mobile=""))
    results = in_threads(4, lambda i: complaint_file(data=data, idempotency_key="api:same-key-123"))
    assert Complaint.objects.count() == 1
    assert {r.complaint.pk for r in results} == {Complaint.objects.get().pk}
    assert len({r.access_code for r in results}) == 1


def test_parallel_intakes_get_distinct_numbers(district, media):
    def work(i):
        data = intake_clean(
            raw_complaint(district, kind="clue", name="", id_number="", mobile="", amount_owed=str(i))
        )
        return complaint_file(data=data).complaint.tracking_number

    numbers = in_threads(6, work)
    assert len(set(numbers)) == 6


def test_sequence_continues_after_numbers_drawn_before(district, media):
    from complaints.models import TrackingSequence
    from complaints.tracking_codes import next_tracking_number

    TrackingSequence.objects.create(prefix="2109", year=2031, last=41)
    try:
        assert next_tracking_number(district_code="210901", year=2031) == "2109-2031-000042"
        assert next_tracking_number(district_code="210901", year=2031) == "2109-2031-000043"
    finally:
        with connection.cursor() as cursor:  # sequences outlive the test's flush
            cursor.execute("DROP SEQUENCE IF EXISTS complaints_tn_2109_2031")


def test_ten_identical_filings_at_once_make_one_case_and_nine_are_told_of_it(district, media):
    from rest_framework.test import APIClient

    from .intake_fixtures import api_payload

    payload = api_payload(district)  # a real-name complaint: the duplicate rule applies, no Idempotency-Key

    def work(i):
        r = APIClient(REMOTE_ADDR=f"10.3.0.{i}").post("/api/v1/complaints/", payload, format="json")
        return r.status_code, r.json()

    results = in_threads(10, work)
    created = [body for code, body in results if code == 201]
    told = [body for code, body in results if code == 409]
    assert len(created) == 1 and len(told) == 9, [code for code, _ in results]
    assert Complaint.objects.count() == 1
    assert {body["duplicate_of"] for body in told} == {created[0]["tracking_number"]}


def test_the_filing_lock_does_not_serialise_different_workers(district, media):
    from complaints.services.intake_lock import filing_lock_key

    assert filing_lock_key("11010519491231002X") != filing_lock_key("110105194912310038")
    assert filing_lock_key("11010519491231002x") == filing_lock_key("11010519491231002X")
