"""Supervision of a district's case by the city office (挂牌督办)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Supervision(models.Model):
    """The city office flags a district's case and sets the date by which it expects it handled.

    The active flag's due date is kept on the case (``Complaint.supervision_due``) so that lists, the
    deadline scan and the dashboard read one column.
    """

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="supervisions"
    )
    due_date = models.DateField(_("to be handled by"))
    reason = models.TextField(_("reason"), max_length=2000)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    flagged_at = models.DateTimeField(_("flagged"), default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        ordering = ["flagged_at", "id"]
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=models.Q(lifted_at__isnull=True),
                name="supervision_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.due_date}"
