"""The counters behind tracking numbers (drawn through complaints/tracking_codes.py)."""

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
