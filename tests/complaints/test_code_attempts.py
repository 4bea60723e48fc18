# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""Access-code guesses are counted atomically: simultaneous guesses cannot get past the limit."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient

from complaints.code_attempts import CodeAttempt, attempt_key, code_attempts_prune
from tests.threads import in_threads

from .intake_fixtures import file_complaint, media  # noqa: F401


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency need PostgreSQL"
)
def test_fifty_simultaneous_guesses_check_at_most_ten_codes(file_complaint):
    filed = file_complaint()
    number = filed.complaint.tracking_number

    def guess(i):
        api = APIClient(REMOTE_ADDR="10.1.2.3")
        return api.get(f"/api/v1/track/{number}/", HTTP_X_ACCESS_CODE=f"WRONG{i:07d}").status_code

    codes = in_threads(50, guess)
    assert codes.count(404) == 10 and codes.count(429) == 40
    assert CodeAttempt.objects.get(key=attempt_key(number, "10.1.2.3")).failures == 10


@pytest.mark.django_db
def test_a_right_code_gives_its_attempt_back(file_complaint):
    filed = file_complaint()
    number = filed.complaint.tracking_number
    api = APIClient(REMOTE_ADDR="10.1.2.4")
    for _ in range(9):
        assert api.get(f"/api/v1/track/{number}/", HTTP_X_ACCESS_CODE="WRONGCODE1").status_code == 404
    for _ in range(5):  # a worker checking their case again and again is never locked out
        assert api.get(f"/api/v1/track/{number}/", HTTP_X_ACCESS_CODE=filed.access_code).status_code == 200
    assert CodeAttempt.objects.get(key=attempt_key(number, "10.1.2.4")).failures == 9


@pytest.mark.django_db
def test_unknown_numbers_are_limited_like_known_ones(file_complaint):
    api = APIClient(REMOTE_ADDR="10.1.2.5")
    codes = [
        api.get("/api/v1/track/2102-2026-999999/", HTTP_X_ACCESS_CODE="WRONGCODE1").status_code
        for _ in range(11)
    ]
    assert codes == [404] * 10 + [429]


@pytest.mark.django_db
def test_the_tracking_page_counts_and_refuses_in_words(client, file_complaint):
    filed = file_complaint()
    number = filed.complaint.tracking_number
    for _ in range(10):
        r = client.post("/track/", {"tracking_number": number, "access_code": "WRONGCODE1"})
        assert r.status_code == 404
    r = client.post("/track/", {"tracking_number": number, "access_code": filed.access_code})
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    assert "Please wait about" in r.content.decode()


@pytest.mark.django_db
def test_old_counters_are_pruned(file_complaint):
    import datetime

    from django.utils import timezone

    CodeAttempt.objects.create(key="a" * 64, window_start=timezone.now() - datetime.timedelta(days=2))
    CodeAttempt.objects.create(key="b" * 64, window_start=timezone.now())
    assert code_attempts_prune() == 1
    assert list(CodeAttempt.objects.values_list("key", flat=True)) == ["b" * 64]
