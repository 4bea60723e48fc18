"""One filing at a time per worker, so that the duplicate rule holds under simultaneous submissions.

Intake looks for the worker's open case against the employer and, finding none, writes the new one.
Two identical submissions at the same moment would both find none; so the look-up and the write run in
one transaction that first takes a lock keyed by the worker's resident ID number. The second submission
waits for the first to commit, then finds its case and is told of it (a 409 with ``duplicate_of``).

PostgreSQL: ``SELECT pg_advisory_xact_lock(key)`` (a transaction-level advisory lock, released at commit
or rollback; https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS).
Elsewhere (SQLite on one machine): a process-wide lock around the same transaction.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

_LOCAL = threading.Lock()


def filing_lock_key(id_number: str) -> int:
    """Return the signed 64-bit advisory-lock key of a worker's filings."""
    digest = hashlib.sha256(f"complaint-intake:{id_number.upper()}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def worker_filing_lock(id_number: str) -> Iterator[None]:
    """Run the block in a transaction that holds this worker's filing lock; no lock without an ID number."""
    if not id_number:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [filing_lock_key(id_number)])
            yield
        return
    with _LOCAL, transaction.atomic():
        yield
