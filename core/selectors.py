"""Reads of the shared domain that views and other apps need."""

from __future__ import annotations

import copy
import threading
import time

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When

from .identifiers import compact, normalise_employer_name
from .models import District, Employer


class _DistrictCache:
    """Districts by code, read once per process: every public form and API call names one.

    Districts are set up once and almost never change. An edit in this process clears the cache at
    once (core/signals.py); other processes see it within ``ttl`` seconds. An unknown code reloads the
    table, at most once a second, so a district added in another process is found at once too.
    """

    ttl = 60.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_code: dict[str, District] = {}
        self._loaded_at = float("-inf")

    def clear(self) -> None:
        with self._lock:
            self._by_code, self._loaded_at = {}, float("-inf")

    def _reload(self) -> None:
        by_code = {d.code: d for d in District.objects.all()}
        with self._lock:
            self._by_code, self._loaded_at = by_code, time.monotonic()

    def get(self, code: str) -> District | None:
        age = time.monotonic() - self._loaded_at
        if age > self.ttl:
            self._reload()
        found = self._by_code.get(code)
        if found is None and age > 1.0:
            self._reload()
            found = self._by_code.get(code)
        return copy.copy(found) if found is not None else None


district_cache = _DistrictCache()


def district_by_code(code: str) -> District | None:
    """Return the district with this division code (from the per-process cache), or None."""
    return district_cache.get((code or "").strip())


def employer_candidates(
    *, name: str = "", credit_code: str = "", district_id: int | None = None
) -> QuerySet[Employer]:
    """Return the employers a worker may mean, the likeliest first.

    The one with the same credit code; else those with the same normalised name in the district, by
    name; else those with that name elsewhere, the oldest first. Empty when neither is given.
    """
    code, key = compact(credit_code), normalise_employer_name(name)
    condition = Q(pk__in=[])
    if code:
        condition |= Q(credit_code=code)
    if key:
        condition |= Q(normalised_name=key)
    ranks = [When(credit_code=code, then=Value(0))] if code else []
    if district_id is not None:
        ranks.append(When(district_id=district_id, then=Value(1)))
    return (
        Employer.objects.filter(condition)
        .annotate(match_rank=Case(*ranks, default=Value(2)))
        .order_by(
            "match_rank",
            Case(When(match_rank=2, then=Value(None)), default=F("name"), output_field=CharField()),
            "id",
        )
    )


def employer_match(
    *, name: str = "", credit_code: str = "", district: District | None = None
) -> Employer | None:
    """Return the employer a worker most likely means: same credit code, else same normalised name."""
    return employer_candidates(
        name=name, credit_code=credit_code, district_id=district.pk if district else None
    ).first()


def employer_search(*, query: str, limit: int = 10) -> list[Employer]:
    """Return employers whose name or credit code matches what a worker typed, best matches first."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    code = compact(query)
    key = normalise_employer_name(query)
    condition = Q(credit_code__startswith=code) if code.isalnum() and len(code) >= 4 else Q(pk__in=[])
    if key:
        condition |= Q(normalised_name__contains=key)
    return list(Employer.objects.filter(condition).select_related("district").order_by("name")[:limit])
