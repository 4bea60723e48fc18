"""The one read a new complaint needs: its employer, the worker's own open case, another worker's case.

One statement (intake is the busiest write of the system): the employer the worker means
(``core.selectors.employer_candidates``), with two correlated subqueries of its open cases.

* **Duplicate**: the tracking number of this worker's earliest open complaint against that employer
  (a real-name complaint with the same resident ID number).
* **Group peer**: the earliest open case of *another* worker against that employer whose period
  overlaps this one, with its group's period if it has one.

Both subqueries read only the employer's *open* cases (``Complaint.is_open``, kept by the database),
through the partial indexes ``complaint_open_worker_idx`` and ``complaint_open_employer_idx``,
so their cost follows how many cases an employer has open, not how many it ever had.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject

from core.identifiers import compact, normalise_employer_name
from core.models import Employer
from core.selectors import employer_candidates

from ..choices import ComplaintKind
from ..models import Complaint, ComplaintGroup

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


@dataclass
class IntakeLookup:
    employer: Employer | None = None
    duplicate_of: str | None = None
    group_peer: dict | None = None


@dataclass(frozen=True)
class _Shape:
    """What a lookup looks for; each shape is one statement text."""

    by_id: bool  # the employer picked from the list, else found by credit code and/or name
    code: bool
    name: bool
    duplicate: bool  # a real-name complaint: look for the worker's own open complaint
    peer: bool  # a period given: look for another worker's overlapping case
    worker: bool  # an ID number given: the peer is not this worker's own case


def _queryset(shape: _Shape, v: dict) -> QuerySet[Employer]:
    """The lookup as one ORM statement, for the values ``v``."""
    if shape.by_id:
        employers = Employer.objects.filter(pk=v["employer_id"])
    else:
        employers = employer_candidates(
            name=v["name"] if shape.name else "",
            credit_code=v["credit_code"] if shape.code else "",
            district_id=v["district_id"],
        )
    open_cases = Complaint.objects.filter(employer=OuterRef("pk"), is_open=True).order_by("id")
    found = {}
    if shape.duplicate:
        own = open_cases.filter(complainant_id_number=v["worker"], kind=ComplaintKind.COMPLAINT)
        found["duplicate_of"] = Subquery(own.values("tracking_number")[:1])
    if shape.peer:
        overlapping = open_cases.filter(
            Q(period_start__lte=v["end"]), Q(period_end__gte=v["start"]) | Q(period_end__isnull=True)
        )
        if shape.worker:
            overlapping = overlapping.exclude(complainant_id_number=v["worker"])
        # The group's period through subqueries, not a join: the earliest match is then read off the
        # index in id order, and the group looked up for that one case only.
        group = ComplaintGroup.objects.filter(pk=OuterRef("group_id"))
        peer = JSONObject(
            **{name: name for name in PEER_FIELDS if not name.startswith("group__")},
            group__period_start=Subquery(group.values("period_start")[:1]),
            group__period_end=Subquery(group.values("period_end")[:1]),
        )
        found["group_peer"] = Subquery(overlapping.values(peer=peer)[:1])
    return employers.only(*EMPLOYER_FIELDS).annotate(**found)[:1]


# Building and compiling that statement costs several times what running it does, so it is compiled
# once per shape with these stand-ins for the values (none of them can be a real one), and each
# stand-in among its parameters is replaced by the real value when it runs.
_STAND_INS: dict[str, Any] = {
    "employer_id": -71_000_001,
    "district_id": -71_000_002,
    "name": "zzintakelookupname",
    "credit_code": "ZZINTAKELOOKUPCODE",
    "worker": "zz-intake-lookup-worker",
    "start": datetime.date(1, 1, 2),
    "end": datetime.date(1, 1, 3),
}
# A stand-in as it appears among the compiled parameters (names and codes normalised, dates maybe as
# text) -> the value it stands for.
_SLOTS = {
    **{value: slot for slot, value in _STAND_INS.items()},
    normalise_employer_name(_STAND_INS["name"]): "name",
    compact(_STAND_INS["credit_code"]): "credit_code",
    _STAND_INS["start"].isoformat(): "start",
    _STAND_INS["end"].isoformat(): "end",
}


@functools.lru_cache(maxsize=128)
def _statement(shape: _Shape, vendor: str) -> tuple[str, tuple, tuple]:
    """The shape's SQL, its parameters as compiled, and which value each stands for (or None)."""
    sql, params = _queryset(shape, _STAND_INS).query.sql_with_params()
    return sql, tuple(params), tuple(_SLOTS.get(p) if isinstance(p, Hashable) else None for p in params)


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
    values = {
        "employer_id": employer_id,
        "district_id": district_id,
        "name": normalise_employer_name(employer_name),
        "credit_code": compact(credit_code),
        "worker": complainant_id_number,
        "start": period_start,
        "end": period_end or today,
    }
    if employer_id is None and not values["name"] and not values["credit_code"]:
        return IntakeLookup()
    shape = _Shape(
        by_id=employer_id is not None,
        code=bool(values["credit_code"]),
        name=bool(values["name"]),
        duplicate=kind == ComplaintKind.COMPLAINT and bool(complainant_id_number),
        peer=period_start is not None,
        worker=bool(complainant_id_number),
    )
    sql, compiled, slots = _statement(shape, connection.vendor)
    params = [
        p if slot is None else _as_compiled(values[slot], p) for p, slot in zip(compiled, slots, strict=True)
    ]
    row = next(iter(Employer.objects.raw(sql, params)), None)
    if row is None:
        return IntakeLookup()
    return IntakeLookup(
        employer=row,
        duplicate_of=getattr(row, "duplicate_of", None),
        group_peer=_peer(getattr(row, "group_peer", None)),
    )


def _as_compiled(value, stand_in):
    """The value in the form its stand-in was compiled to (a date as ISO text where the backend wants it)."""
    if isinstance(value, datetime.date) and isinstance(stand_in, str):
        return value.isoformat()
    return value


def _peer(values: str | dict | None) -> dict | None:
    """The peer's values with their dates parsed (JSON carries them as ISO strings)."""
    if values is None:
        return None
    data: dict = json.loads(values) if isinstance(values, str) else values
    return {
        name: datetime.date.fromisoformat(data[name])
        if name in _PEER_DATES and data[name] is not None
        else data[name]
        for name in PEER_FIELDS
    }
