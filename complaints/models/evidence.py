"""Evidence files attached to a complaint (the rules for accepting a file are in complaints/evidence.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import EvidenceKind


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.complaint.tracking_number}/{instance.stored_name}"


class Evidence(models.Model):
    """A file a worker or an inspector attached; stored outside the static root, served through a view."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    stored_name = models.CharField(max_length=80, editable=False)
    original_name = models.CharField(_("file name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    # Set on the copy a merged duplicate's file leaves on the surviving case (the same stored file).
    merged_from = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name
