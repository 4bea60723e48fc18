"""Access-code guesses, counted atomically in the database before each code is checked.

Every check of a worker's access code (tracking page, tracking API, agreement download) first reserves
one attempt on the counter of that tracking number *and* client address, inside a row lock, and is
refused once the counter reached the ``track_failure`` rate; a right code gives its attempt back. So
fifty simultaneous guesses against a limit of ten check at most ten codes, and a worker who mistypes
their own code on a shared hotspot does not lock out their co-workers' cases. Unknown numbers are
counted like known ones, so the answer never tells whether a number exists.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import throttles, tracking_registry
from .models import CodeAttempt
from .throttles import Verdict


def attempt_key(tracking_number: str, address: str) -> str:
    number = tracking_registry.normalise_tracking_number(tracking_number)
    return hashlib.sha256(f"{number}|{address}".encode()).hexdigest()


def attempt_reserve(key: str) -> Verdict:
    """Count one attempt before the code is checked; refuse when the window's limit is reached."""
    rate = throttles.rate_for("track_failure")
    if rate is None:
        return throttles.ALLOWED
    limit, seconds = rate
    window = datetime.timedelta(seconds=seconds)
    now = timezone.now()
    with transaction.atomic():
        row, _created = CodeAttempt.objects.select_for_update().get_or_create(
            key=key, defaults={"window_start": now}
        )
        if row.window_start <= now - window:
            row.window_start, row.failures = now, 0
        if row.failures >= limit:
            wait = (row.window_start + window - now).total_seconds()
            return Verdict(False, max(1, int(wait) + 1))
        row.failures = F("failures") + 1
        row.save(update_fields=["window_start", "failures"])
    return throttles.ALLOWED


def attempt_refund(key: str) -> None:
    """Give back the attempt of a right code."""
    CodeAttempt.objects.filter(key=key, failures__gt=0).update(failures=F("failures") - 1)


def code_check(request, tracking_number: str, access_code: str) -> tuple[Verdict, Any]:
    """Check an access code under the guess limit: return (verdict, (kind, object) or None).

    A refused verdict means the code was not checked at all; tell the person to wait
    ``verdict.retry_after`` seconds.
    """
    number = tracking_registry.normalise_tracking_number(tracking_number)
    key = attempt_key(number, throttles.client_ip(request))
    verdict = attempt_reserve(key)
    if not verdict.allowed:
        return verdict, None
    found = tracking_registry.lookup(number, access_code)
    if found is not None:
        attempt_refund(key)
    return verdict, found


def code_attempts_prune(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete counters whose window ended long ago; return how many."""
    deleted, _ = CodeAttempt.objects.filter(window_start__lt=timezone.now() - older_than).delete()
    return deleted
