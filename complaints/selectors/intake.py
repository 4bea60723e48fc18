"""The one read a new complaint needs: its employer, the worker's own open case, another worker's case.

One statement (intake is the busiest write of the system): the employer the worker means
(``core.selectors.employer_candidates``), with two correlated subqueries of its open cases.

* **Duplicate**: the tracking number of this worker's earliest open complaint against that employer
  (a real-name complaint with the same resident ID number).
* **Group peer**: the earliest open case of *another* worker against that employer whose period
  overlaps this one, with its group's period if it has one.

Both subqueries start from the employer's cases (the indexes ``complaint_employer_worker_idx`` and
``complaint_employer_order_idx``, complaints/models.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import JSONObject

from core.identifiers import compact, normalise_employer_name
from core.models import Employer
from core.selectors import employer_candidates

from ..choices import OPEN_STATUSES, ComplaintKind
from ..models import Complaint

# Loaded with the employer; any other field is deferred (read on access, as with ``.only()``).
EMPLOYER_FIELDS = ("id", "name", "normalised_name", "credit_code", "district_id")
# The group peer's values, named as ``Complaint.objects.values(*PEER_FIELDS)`` names them.
PEER_FIELDS = (
    "id",
    "tracking_number",
    "group_id",
    "period_start",
    "period_end",
    "group__period_start",
    "group__period_end",
)
_PEER_DATES = ("period_start", "period_end", "group__period_start", "group__period_end")
_OPEN = sorted(OPEN_STATUSES)  # one statement text in every process (a set has no fixed order)


@dataclass
class IntakeLookup:
    employer: Employer | None = None
    duplicate_of: str | None = None
    group_peer: dict | None = None


def intake_lookup(
    *,
    employer_id: int | None,
    employer_name: str,
    credit_code: str,
    district_id: int,
    kind: str,
    complainant_id_number: str,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    today: datetime.date,
) -> IntakeLookup:
    """Return the employer meant (the one picked, else the likeliest match), a duplicate and a peer."""
    if employer_id is not None:
        employers = Employer.objects.filter(pk=employer_id)
    elif compact(credit_code) or normalise_employer_name(employer_name):
        employers = employer_candidates(name=employer_name, credit_code=credit_code, district_id=district_id)
    else:
        return IntakeLookup()
    open_cases = Complaint.objects.filter(employer=OuterRef("pk"), status__in=_OPEN).order_by("id")
    found = {}
    if kind == ComplaintKind.COMPLAINT and complainant_id_number:
        own = open_cases.filter(complainant_id_number=complainant_id_number, kind=ComplaintKind.COMPLAINT)
        found["duplicate_of"] = Subquery(own.values("tracking_number")[:1])
    if period_start is not None:
        overlapping = open_cases.filter(
            Q(period_start__lte=period_end or today),
            Q(period_end__gte=period_start) | Q(period_end__isnull=True),
        )
        if complainant_id_number:
            overlapping = overlapping.exclude(complainant_id_number=complainant_id_number)
        peer = JSONObject(**{name: name for name in PEER_FIELDS})
        found["group_peer"] = Subquery(overlapping.values(peer=peer)[:1])
    row = employers.only(*EMPLOYER_FIELDS).annotate(**found).first()
    if row is None:
        return IntakeLookup()
    return IntakeLookup(
        employer=row,
        duplicate_of=getattr(row, "duplicate_of", None),
        group_peer=_peer(getattr(row, "group_peer", None)),
    )


def _peer(values: dict | None) -> dict | None:
    """The peer's values with their dates parsed (JSON carries them as ISO strings)."""
    if values is None:
        return None
    return {
        name: datetime.date.fromisoformat(values[name])
        if name in _PEER_DATES and values[name] is not None
        else values[name]
        for name in PEER_FIELDS
    }
