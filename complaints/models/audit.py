"""The append-only audit trail of a case, from which its timeline is read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ActorKind


class AuditEntry(models.Model):
    """One append-only row per transition or change of a case; the case timeline is read from here.

    On PostgreSQL a trigger refuses UPDATE and DELETE on this table.
    """

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="audit")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_kind = models.CharField(max_length=16, choices=ActorKind.choices, default=ActorKind.STAFF)
    action = models.CharField(max_length=48)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # Shown to the worker on the tracking page (decisions and their reasons), not internal notes.
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["complaint", "at"], name="audit_complaint_at_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
