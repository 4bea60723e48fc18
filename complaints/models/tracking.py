"""The counters behind tracking numbers (drawn through complaints/tracking_codes.py) and access-code guesses
(complaints/code_attempts.py)."""

from __future__ import annotations

from django.db import models


class TrackingSequence(models.Model):
    """The next sequence number per (prefix, year); rows are locked while a number is drawn."""

    prefix = models.CharField(max_length=12)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="tracking_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class CodeAttempt(models.Model):
    """Wrong-code attempts on one tracking number from one address, in the current window."""

    key = models.CharField(max_length=64, unique=True)  # sha256 of number and address
    window_start = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["window_start"], name="code_attempt_window")]

    def __str__(self) -> str:
        return f"{self.key[:12]}…: {self.failures}"
