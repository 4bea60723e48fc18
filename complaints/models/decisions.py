"""Records the case lifecycle adds to a complaint: decisions, payments per worker and the closing outcome."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import DecisionKind, ReferralKind


class Decision(models.Model):
    """A decision taken on a case (an order, a surcharge, a penalty, a transfer, ...), with its reason."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("kind"), max_length=24, choices=DecisionKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    # 劳动合同法 第八十五条: surcharge of 50%–100% of the amount owed.
    rate_percent = models.PositiveSmallIntegerField(
        _("surcharge rate (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    referral_kind = models.CharField(
        _("referred to"), max_length=24, choices=ReferralKind.choices, blank=True
    )
    referred_to = models.CharField(_("referred to (name)"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["complaint", "kind"], name="decision_complaint_kind_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.get_kind_display()}"


class Payment(models.Model):
    """Wages paid to one worker under an order or during the investigation."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="payments")
    worker_name = models.CharField(_("worker"), max_length=64)
    amount = models.DecimalField(
        _("amount paid (yuan)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    paid_on = models.DateField(_("paid on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("payment to a worker")
        verbose_name_plural = _("payments to workers")

    def __str__(self) -> str:
        return f"{self.worker_name} {self.amount}"


class CaseOutcome(models.Model):
    """What closing a case achieved: the figures a manager reports upward."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.PROTECT, related_name="outcome")
    wages_recovered = models.DecimalField(_("wages recovered (yuan)"), max_digits=14, decimal_places=2)
    workers_paid = models.PositiveIntegerField(_("workers paid"))
    penalties = models.DecimalField(_("penalties (yuan)"), max_digits=14, decimal_places=2, default=0)
    summary = models.TextField(_("summary"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("closed by")
    )
    closed_at = models.DateTimeField(_("closed"), default=timezone.now)

    class Meta:
        verbose_name = _("case outcome")
        verbose_name_plural = _("case outcomes")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.wages_recovered}"
