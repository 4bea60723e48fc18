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


class StagedUpload(models.Model):
    """A file a worker chose on a form that the server refused, kept so that it need not be chosen again.

    A browser cannot refill a file input, so the server keeps what it already received. The row is
    keyed by a hash of the form's one-time token, which only the page that holds the form knows; the
    next submission of that form attaches it (services/upload_staging.py). Rows not claimed within a
    day are deleted with their files by the nightly prune.
    """

    token_hash = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to="staged/%Y/%m/%d/", max_length=255)
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
