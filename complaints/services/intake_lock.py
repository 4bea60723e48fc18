"""One filing at a time per worker, so that the duplicate rule holds under simultaneous submissions.

Intake looks for the worker's open case against the employer and, finding none, writes the new one.
Two identical submissions at the same moment would both find none; so the look-up and the write run in
one transaction that first takes a lock keyed by the worker's resident ID number. The second submission
waits for the first to commit, then finds its case and is told of it (a 409 with ``duplicate_of``).

PostgreSQL: ``pg_advisory_xact_lock(key)`` (a transaction-level advisory lock, released at commit or
rollback; https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS), taken
in the statement that also draws the case's tracking number and ids (tracking_codes.lock_and_draw), so
that the lock costs no round trip of its own. Elsewhere (SQLite on one machine): a process-wide lock
around the same transaction, and the number is drawn later (tracking_codes.next_tracking_number_and_ids).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Model

from ..tracking_codes import lock_and_draw

_LOCAL = threading.Lock()


def filing_lock_key(id_number: str) -> int:
    """Return the signed 64-bit advisory-lock key of a worker's filings."""
    digest = hashlib.sha256(f"complaint-intake:{id_number.upper()}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def worker_filing_lock(
    id_number: str, *, district_code: str, year: int, models: Sequence[type[Model]]
) -> Iterator[tuple[str, list[int]] | None]:
    """Run the block in a transaction that holds this worker's filing lock; no lock without an ID number.

    On PostgreSQL it gives the tracking number and the ids of ``models`` drawn with the lock (or raises
    ``tracking_codes.SequenceMissing``, after which the caller creates the sequence and starts again);
    elsewhere, and without an ID number, ``None``.
    """
    if not id_number:
        yield None
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            key = filing_lock_key(id_number)
            yield lock_and_draw(lock_key=key, district_code=district_code, year=year, models=models)
        return
    with _LOCAL, transaction.atomic():
        yield None
