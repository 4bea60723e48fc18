"""Tracking numbers (``2102-2026-000123``: district, year, sequence) and random access codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from contextlib import nullcontext

from django.conf import settings
from django.db import connections
from django.db.models import Model

from .models import TrackingSequence

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


def next_tracking_number(*, district_code: str, year: int, prefix: str | None = None) -> str:
    """Draw the next tracking number ``<prefix>-<year>-<sequence>``.

    ``prefix`` defaults to the first four digits of the district code (the city); mediation passes
    e.g. ``2102M``. Call it *before* opening the transaction that creates the case, so that drawing a
    number never serialises intakes: on PostgreSQL it is one ``nextval`` of a sequence per prefix and
    year (no row lock, no commit of its own); elsewhere one atomic upsert of TrackingSequence. A failed
    intake leaves a gap in the numbers, which is harmless.
    """
    return next_tracking_number_and_ids(district_code=district_code, year=year, prefix=prefix)[0]


def next_tracking_number_and_ids(
    *, district_code: str, year: int, models: Sequence[type[Model]] = (), prefix: str | None = None
) -> tuple[str, list[int] | None]:
    """Draw a tracking number and, on PostgreSQL, the primary keys of new rows of ``models``.

    One statement: the rows of a new complaint can then be written together in one more (their ids
    are known in advance, e.g. for the event that names the case). Elsewhere the ids are ``None``:
    the rows get theirs when they are saved.
    """
    prefix = (prefix or (district_code or "0000")[:4])[:12]
    connection = connections[TrackingSequence.objects.db]
    if connection.vendor != "postgresql":
        return f"{prefix}-{year}-{_upsert_next(connection, prefix, year):06d}", None
    values = _postgres_next(connection, prefix, year, models)
    return f"{prefix}-{year}-{values[0]:06d}", list(values[1:])


def _upsert_next(connection, prefix: str, year: int) -> int:
    table = TrackingSequence._meta.db_table
    sql = (
        f"INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "
        f"ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 RETURNING last"
    )
    # One statement: in autocommit mode it commits at once; inside a transaction it joins it.
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix, year])
        return cursor.fetchone()[0]


def _sequence_name(prefix: str, year: int) -> str:
    safe = "".join(ch for ch in prefix.lower() if ch.isascii() and ch.isalnum()) or "x"
    return f"complaints_tn_{safe}_{year}"


def _postgres_next(connection, prefix: str, year: int, models: Sequence[type[Model]] = ()) -> tuple[int, ...]:
    from django.db import ProgrammingError, transaction

    name = _sequence_name(prefix, year)
    sql, params = _draw_statement(name, models)
    for attempt in range(2):
        try:
            # In autocommit mode: one round trip. Inside a transaction a failing statement would abort
            # it, so isolate it in a savepoint.
            guard = (
                transaction.atomic(using=connection.alias) if connection.in_atomic_block else nullcontext()
            )
            with guard, connection.cursor() as cursor:
                cursor.execute(sql, params)
                return tuple(cursor.fetchone())
        except ProgrammingError:  # the sequence does not exist yet
            if attempt:
                raise
            _postgres_create_sequence(connection, name, prefix, year)
    raise AssertionError("unreachable")


def _draw_statement(
    name: str, models: Sequence[type[Model]], lock_key: int | None = None
) -> tuple[str, list]:
    """``SELECT [pg_advisory_xact_lock(key),] nextval(tracking sequence)[, nextval(pk sequence), …]``."""
    pk_sequences = ["nextval(pg_get_serial_sequence(%s, %s))"] * len(models)
    columns = (["pg_advisory_xact_lock(%s)"] if lock_key is not None else []) + ["nextval(%s)"] + pk_sequences
    params: list = [lock_key] if lock_key is not None else []
    params += [name] + [value for m in models for value in (m._meta.db_table, m._meta.pk.column)]
    return f"SELECT {', '.join(columns)}", params


class SequenceMissing(Exception):
    """The year's tracking-number sequence does not exist yet; the transaction that asked must restart."""

    def __init__(self, prefix: str, year: int):
        super().__init__(prefix, year)
        self.prefix, self.year = prefix, year


def lock_and_draw(
    *, lock_key: int, district_code: str, year: int, models: Sequence[type[Model]]
) -> tuple[str, list[int]]:
    """PostgreSQL, inside a transaction: take an advisory lock and draw a tracking number and ids, at once.

    One statement instead of two, and no savepoint: if the year's sequence is missing the statement
    fails, which aborts the transaction, so it raises ``SequenceMissing`` for the caller to roll back,
    call ``sequence_create`` and start again (once a year per prefix).
    """
    from django.db import ProgrammingError

    prefix = ((district_code or "0000")[:4])[:12]
    connection = connections[TrackingSequence.objects.db]
    sql, params = _draw_statement(_sequence_name(prefix, year), models, lock_key)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            values = cursor.fetchone()[1:]
    except ProgrammingError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "42P01":  # undefined_table: no such sequence
            raise SequenceMissing(prefix, year) from exc
        raise
    return f"{prefix}-{year}-{values[0]:06d}", list(values[1:])


def sequence_create(*, prefix: str, year: int) -> None:
    """Create the tracking-number sequence of ``prefix`` and ``year`` (after ``SequenceMissing``)."""
    connection = connections[TrackingSequence.objects.db]
    _postgres_create_sequence(connection, _sequence_name(prefix, year), prefix, year)


def _postgres_create_sequence(connection, name: str, prefix: str, year: int) -> None:
    """Create the sequence, continuing after any number already drawn through TrackingSequence."""
    from django.db import DatabaseError, transaction

    start = (
        TrackingSequence.objects.filter(prefix=prefix, year=year).values_list("last", flat=True).first() or 0
    ) + 1
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE SEQUENCE IF NOT EXISTS {connection.ops.quote_name(name)} START WITH {int(start)}"
            )
    except DatabaseError:  # created by a concurrent request at the same moment
        pass
