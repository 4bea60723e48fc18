"""The append-only audit trail of a case, from which its timeline is read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AbstractAuditEntry


class AuditEntry(AbstractAuditEntry):
    """The trail of a case; its timeline is read from here (append-only: core.models.AbstractAuditEntry)."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="audit")

    class Meta(AbstractAuditEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["complaint", "at"], name="audit_complaint_at_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
