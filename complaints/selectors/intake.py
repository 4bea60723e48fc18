"""The one read a new complaint needs: its employer, the worker's own open case, another worker's case.

Intake is the busiest write of the system and this read sits on its path, so it is one SQL statement
instead of the three to five ORM queries it replaces (``core.selectors.employer_match`` and two reads of
complaints): the statement text is built from the models' table and column names, and the results are
the same as the ORM versions', which tests/complaints/test_intake_lookup.py checks against them.

* **Employer**: the one picked from the list, else the one with the same credit code, else the same
  normalised name in the workplace district, else the same normalised name anywhere (as
  ``employer_match``).
* **Duplicate**: the tracking number of this worker's earliest open complaint against that employer
  (a real-name complaint with the same resident ID number).
* **Group peer**: the earliest open case of *another* worker against that employer whose period
  overlaps this one, with its group's period if it has one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection

from core.identifiers import compact, normalise_employer_name
from core.models import Employer

from ..choices import OPEN_STATUSES, ComplaintKind
from ..models import Complaint, ComplaintGroup

# Loaded with the employer; any other field is deferred (read on access, as with ``.only()``).
EMPLOYER_FIELDS = ("id", "name", "normalised_name", "credit_code", "district_id")
# The group peer's values, as ``Complaint.objects.values(*PEER_FIELDS)`` names them.
PEER_FIELDS = (
    "id",
    "tracking_number",
    "group_id",
    "period_start",
    "period_end",
    "group__period_start",
    "group__period_end",
)


@dataclass
class IntakeLookup:
    employer: Employer | None = None
    duplicate_of: str | None = None
    group_peer: dict | None = None


def _columns(model, names) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


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
    code, key = compact(credit_code), normalise_employer_name(employer_name)
    if employer_id is None and not code and not key:
        return IntakeLookup()
    qn = connection.ops.quote_name
    e_table, c_table, g_table = (qn(m._meta.db_table) for m in (Employer, Complaint, ComplaintGroup))
    e_id, e_name, e_code, e_key, e_district = (
        f"e.{qn(c)}" for c in _columns(Employer, ("id", "name", "credit_code", "normalised_name", "district"))
    )
    c = {
        name: f"c.{qn(col)}"
        for name, col in zip(
            ("id", "employer", "status", "kind", "id_number", "tracking", "start", "end"),
            _columns(
                Complaint,
                (
                    "id",
                    "employer",
                    "status",
                    "kind",
                    "complainant_id_number",
                    "tracking_number",
                    "period_start",
                    "period_end",
                ),
            ),
            strict=True,
        )
    }
    statuses = sorted(OPEN_STATUSES)
    in_open = f"{c['status']} IN ({', '.join(['%s'] * len(statuses))})"

    select = [f"e.{qn(col)}" for col in _columns(Employer, EMPLOYER_FIELDS)]
    params: list = []
    # The worker's own open complaint against this employer.
    own_id = complainant_id_number if kind == ComplaintKind.COMPLAINT else ""
    if own_id:
        select.append(
            f"(SELECT {c['tracking']} FROM {c_table} c WHERE {c['employer']} = {e_id} "
            f"AND {c['id_number']} = %s AND {c['kind']} = %s AND {in_open} ORDER BY {c['id']} LIMIT 1)"
        )
        params += [own_id, ComplaintKind.COMPLAINT, *statuses]
    else:
        select.append("NULL")
    # Another worker's open case with an overlapping period.
    peer_cols = _columns(Complaint, ("id", "tracking_number", "group", "period_start", "period_end"))
    group_cols = _columns(ComplaintGroup, ("period_start", "period_end"))
    select += [f"p.{qn(col)}" for col in peer_cols] + [f"g.{qn(col)}" for col in group_cols]
    join = ""
    if period_start is not None:
        other = f" AND {c['id_number']} <> %s" if complainant_id_number else ""
        join = (
            f" LEFT JOIN {c_table} p ON p.{qn(peer_cols[0])} = (SELECT {c['id']} FROM {c_table} c "
            f"WHERE {c['employer']} = {e_id} AND {in_open} AND {c['start']} <= %s "
            f"AND ({c['end']} >= %s OR {c['end']} IS NULL){other} ORDER BY {c['id']} LIMIT 1)"
            f" LEFT JOIN {g_table} g ON g.{qn(ComplaintGroup._meta.pk.column)} = p.{qn(peer_cols[2])}"
        )
        params += [*statuses, period_end or today, period_start]
        if complainant_id_number:
            params.append(complainant_id_number)
    else:
        join = f" LEFT JOIN {c_table} p ON 1 = 0 LEFT JOIN {g_table} g ON 1 = 0"
    # Which employer: the one picked, else by credit code, else by name (in the district first).
    if employer_id is not None:
        where, order = f"{e_id} = %s", e_id
        params.append(employer_id)
    else:
        conditions = []
        if code:
            conditions.append(f"{e_code} = %s")
            params.append(code)
        if key:
            conditions.append(f"{e_key} = %s")
            params.append(key)
        where = " OR ".join(conditions)
        if code:
            rank = f"CASE WHEN {e_code} = %s THEN 0 WHEN {e_district} = %s THEN 1 ELSE 2 END"
            rank_params = [code, district_id]
        else:
            rank = f"CASE WHEN {e_district} = %s THEN 1 ELSE 2 END"
            rank_params = [district_id]
        # employer_match: by code or in the district, the first by name; elsewhere, the first by id.
        order = f"{rank}, CASE WHEN {rank} = 2 THEN NULL ELSE {e_name} END, {e_id}"
        params += rank_params * 2
    sql = f"SELECT {', '.join(select)} FROM {e_table} e{join} WHERE {where} ORDER BY {order} LIMIT 1"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return IntakeLookup()
    n = len(EMPLOYER_FIELDS)
    employer = Employer.from_db(connection.alias, list(EMPLOYER_FIELDS), list(row[:n]))
    duplicate_of = row[n]
    peer = None
    if row[n + 1] is not None:
        peer = dict(zip(PEER_FIELDS, row[n + 1 :], strict=True))
    return IntakeLookup(employer=employer, duplicate_of=duplicate_of, group_peer=peer)
