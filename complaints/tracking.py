"""Tracking numbers (``2102-2026-000123``: district, year, sequence) and random access codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import connections, models, transaction

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read out over the phone and to type.
ACCESS_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
ACCESS_CODE_LENGTH = 12


def new_access_code() -> str:
    """Return a fresh random access code (12 characters of an unambiguous alphabet, ~55 bits)."""
    return "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))


def normalise_access_code(code: str) -> str:
    return "".join((code or "").split()).upper().replace("-", "")


def hash_access_code(code: str) -> str:
    """Return a keyed hash of the code; codes are never stored in clear."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalise_access_code(code).encode(), hashlib.sha256).hexdigest()


def access_code_matches(code: str, stored_hash: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(hash_access_code(code), stored_hash)


class TrackingSequence(models.Model):
    """The next sequence number per (prefix, year); rows are locked while a number is drawn."""

    prefix = models.CharField(max_length=12)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "complaints"
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="tracking_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


def next_tracking_number(*, district_code: str, year: int, prefix: str | None = None) -> str:
    """Draw the next tracking number ``<prefix>-<year>-<sequence>``.

    ``prefix`` defaults to the first four digits of the district code (the city); mediation passes
    e.g. ``2102M``. The counter is bumped by one atomic upsert. Call it *before* opening the
    transaction that creates the case: the row lock is then held only for that one statement, so
    concurrent intakes are not serialised for the whole of their transactions (a failed intake leaves
    a gap in the sequence, which is harmless). Inside a transaction it still works, holding the lock
    until commit.
    """
    if prefix is None:
        prefix = (district_code or "0000")[:4]
    prefix = prefix[:12]
    table = TrackingSequence._meta.db_table
    connection = connections[TrackingSequence.objects.db]
    # PostgreSQL and SQLite (>= 3.35) both support INSERT ... ON CONFLICT ... RETURNING.
    sql = (
        f"INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "
        f"ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 RETURNING last"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [prefix, year])
        last = cursor.fetchone()[0]
    return f"{prefix}-{year}-{last:06d}"
