"""Tracking numbers (``2102-2026-000123``: district, year, sequence) and random access codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models, transaction

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


def next_tracking_number(*, district_code: str, year: int) -> str:
    """Draw the next tracking number for a district and year; call inside the creating transaction."""
    prefix = (district_code or "0000")[:4]
    with transaction.atomic():
        TrackingSequence.objects.get_or_create(prefix=prefix, year=year)
        seq = TrackingSequence.objects.select_for_update().get(prefix=prefix, year=year)
        seq.last += 1
        seq.save(update_fields=["last"])
    return f"{prefix}-{year}-{seq.last:06d}"
