"""The written records of an investigation on a case (现场检查笔录, 询问笔录) and their attachments.

A record is written once, as it was taken on site, and never edited (a correction is a new record);
staff see it on the case page and print it. Workers never see it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import EvidenceKind, PersonRole, RecordKind


class InspectionRecord(models.Model):
    """One record: when and where, the inspectors present (at least two), who was questioned, Q/A, findings."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="records")
    # Chosen by the client (a tablet drafting offline) so that a retried submission finds this row.
    client_uuid = models.UUIDField(_("client key"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=RecordKind.choices)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    # 劳动保障监察条例 第十五条: at least two inspectors investigate.
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("inspectors present"), related_name="+"
    )
    person_name = models.CharField(_("person questioned"), max_length=64)
    person_role = models.CharField(_("role of the person"), max_length=24, choices=PersonRole.choices)
    person_title = models.CharField(_("position"), max_length=64, blank=True)
    questions = models.JSONField(_("questions and answers"), default=list, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("inspection record")
        verbose_name_plural = _("inspection records")
        indexes = [models.Index(fields=["complaint", "started_at"], name="record_complaint_started_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.get_kind_display()} {self.started_at:%Y-%m-%d}"


def record_attachment_path(instance: RecordAttachment, filename: str) -> str:
    return f"records/{instance.record_id}/{instance.stored_name}"


class RecordAttachment(models.Model):
    """A file staff attached to a record (a photo, a copy of the payroll, a contract); content-sniffed."""

    record = models.ForeignKey(InspectionRecord, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=record_attachment_path, max_length=255)
    stored_name = models.CharField(max_length=80, editable=False)
    original_name = models.CharField(_("file name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("record attachment")
        verbose_name_plural = _("record attachments")
        constraints = [
            # The same file sent twice (a retried upload) is one attachment.
            models.UniqueConstraint(fields=["record", "sha256"], name="record_attachment_once")
        ]

    def __str__(self) -> str:
        return self.original_name
