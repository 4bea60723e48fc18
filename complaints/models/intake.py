"""Rows that intake needs besides the case itself: one record per idempotent submission."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class IntakeSubmission(models.Model):
    """A submission made under an Idempotency-Key (API) or a one-time form token (web form).

    A retry with the same key gets the same complaint back instead of a second one. The access code is
    kept only sealed (XOR with a keyed hash of the key, so the database alone does not reveal it) and
    only until ``replay_until``: a retry after that gets the tracking number but no code.
    """

    key = models.CharField(max_length=96, unique=True)
    fingerprint = models.CharField(max_length=64)
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="submissions"
    )
    sealed_code = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    replay_until = models.DateTimeField()

    def __str__(self) -> str:
        return self.key
