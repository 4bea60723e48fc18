"""Transfers of a case between district offices (移送管辖, 劳动保障监察条例 第十三条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import TransferStatus


class Transfer(models.Model):
    """A case sent by one district office to the competent one, and that office's answer.

    While a transfer is pending the case stays with the sending office (``Complaint.district``) and
    names the receiving one in ``Complaint.transfer_to``; when the receiving office accepts it the case
    becomes its own and the acceptance period runs from that receipt.
    """

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="transfers")
    from_district = models.ForeignKey(
        "core.District", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_district = models.ForeignKey(
        "core.District", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    reason = models.TextField(_("reason"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=models.Q(status="pending"),
                name="transfer_one_pending_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_district_id} → {self.to_district_id} ({self.status})"
