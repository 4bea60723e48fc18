"""Mediation requests, their evidence, agreement terms, rooms, mediator calendars, sessions, audit.

The lifecycle (states, transitions) is in request_states.py; only services change state. Double booking is
refused by the service and, on PostgreSQL, by an exclusion constraint on ``Booking`` (migration 0002).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from core.models import AbstractAuditEntry

from .choices import FollowUp, MediationSource, MediationStatus, SessionStatus
from .request_states import MediationLifecycleMixin


def worker_party_key(mobile: str) -> str:
    """Return the booking key of a worker: a keyed hash of the mobile, so no phone lands in Booking."""
    digest = hmac.new(settings.SECRET_KEY.encode(), (mobile or "").encode(), hashlib.sha256).hexdigest()
    return f"worker:{digest[:24]}"


class MediationRequest(MediationLifecycleMixin, ConcurrentTransitionMixin, models.Model):
    """A request for labour-dispute mediation (调解申请), filed online, orally or referred from a complaint."""

    tracking_number = models.CharField(_("tracking number"), max_length=24, unique=True)
    access_code_hash = models.CharField(max_length=64, editable=False)
    source = models.CharField(
        _("source"), max_length=16, choices=MediationSource.choices, default=MediationSource.ONLINE
    )
    status = FSMField(
        _("status"),
        max_length=32,
        choices=MediationStatus.choices,
        default=MediationStatus.REQUESTED,
        protected=True,
    )
    district = models.ForeignKey(
        "core.District", verbose_name=_("workplace district"), on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        "core.Employer",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediation_requests",
    )
    employer_name_given = models.CharField(_("employer name as given"), max_length=200)
    employer_address_given = models.CharField(_("employer address as given"), max_length=255, blank=True)
    employer_contact_name = models.CharField(_("employer contact"), max_length=64, blank=True)
    employer_contact_mobile = models.CharField(_("employer contact mobile"), max_length=11, blank=True)

    applicant_name = models.CharField(_("applicant name"), max_length=64)
    applicant_id_number = models.CharField(_("applicant ID number"), max_length=18, blank=True)
    applicant_mobile = models.CharField(_("applicant mobile"), max_length=11)

    # 劳动争议调解仲裁法 第十二条: applicant, matters in dispute, reasons, time.
    matters = models.JSONField(_("matters in dispute"), default=list)
    matters_detail = models.TextField(_("matters in dispute (details)"), max_length=3000, blank=True)
    reasons = models.TextField(_("reasons"), max_length=5000)
    amount_claimed = models.DecimalField(
        _("amount claimed (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    # 第十四条: 15 calendar days from receipt (settings.WAGEWATCH["MEDIATION_CALENDAR_DAYS"]).
    deadline = models.DateField(_("mediation deadline"), db_index=True)
    deadline_provisional = models.BooleanField(_("deadline provisional"), default=False)
    deadline_warned_on = models.DateField(null=True, blank=True, editable=False)

    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediation_requests",
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("referred from complaint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mediation_requests",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    agreement_reached_at = models.DateTimeField(_("agreement reached"), null=True, blank=True)
    agreement_notes = models.TextField(_("other terms of the agreement"), blank=True)
    agreement_pdf = models.FileField(_("agreement (PDF)"), upload_to="mediation/agreements/%Y/", blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome_reason = models.TextField(_("reason"), blank=True)
    follow_up_kind = models.CharField(_("follow-up"), max_length=16, choices=FollowUp.choices, blank=True)
    follow_up_note = models.TextField(_("follow-up note"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("mediation request")
        verbose_name_plural = _("mediation requests")
        indexes = [
            models.Index(fields=["district", "status", "deadline"], name="mediation_queue_idx"),
            models.Index(fields=["status", "deadline"], name="mediation_status_deadline_idx"),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_open(self) -> bool:
        from .choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES

    @property
    def days_left(self) -> int:
        """Calendar days from today to the deadline (negative once it has passed)."""
        return (self.deadline - timezone.localdate()).days

    @property
    def deadline_class(self) -> str:
        if not self.is_open:
            return ""
        days = self.days_left
        return "overdue" if days < 0 else "soon" if days <= 3 else "green"

    def party_keys(self) -> list[str]:
        """Return the booking keys of the parties (the worker and the employer)."""
        keys = [worker_party_key(self.applicant_mobile)]
        if self.employer_id:
            keys.append(f"employer:{self.employer_id}")
        return keys

    def get_matters_display(self) -> list[str]:
        from .choices import Matter

        return [str(Matter(m).label) for m in self.matters if m in Matter.values]


def evidence_path(instance: MediationEvidence, filename: str) -> str:
    return f"mediation/evidence/{instance.request.tracking_number}/{instance.stored_name}"


class MediationEvidence(models.Model):
    """A file attached to a mediation request (optional); served only through checked views."""

    request = models.ForeignKey(MediationRequest, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    stored_name = models.CharField(max_length=80, editable=False)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("mediation evidence")
        verbose_name_plural = _("mediation evidence")

    def __str__(self) -> str:
        return self.original_name


class AgreementTerm(models.Model):
    """One obligation in a mediation agreement: what, how much, by when; and when it was performed."""

    request = models.ForeignKey(MediationRequest, on_delete=models.CASCADE, related_name="terms")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(_("obligation"), max_length=300)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    due_date = models.DateField(_("due date"))
    performed_on = models.DateField(_("performed on"), null=True, blank=True)
    overdue_warned_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agreement term")
        verbose_name_plural = _("agreement terms")

    def __str__(self) -> str:
        return f"{self.request_id} #{self.position}"

    @property
    def is_overdue(self) -> bool:
        return self.performed_on is None and self.due_date < timezone.localdate()


class Room(models.Model):
    """A mediation room with its capacity."""

    name = models.CharField(_("name"), max_length=64)
    district = models.ForeignKey(
        "core.District", verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=6)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mediation room")
        verbose_name_plural = _("mediation rooms")

    def __str__(self) -> str:
        return self.name


class WorkingHours(models.Model):
    """A mediator's working period on a weekday (several rows per day allowed, e.g. morning and afternoon)."""

    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=[(i, d) for i, d in enumerate(["一", "二", "三", "四", "五", "六", "日"])]
    )
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))

    class Meta:
        ordering = ["mediator", "weekday", "start"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="hours_order")
        ]

    def __str__(self) -> str:
        return f"{self.mediator_id} {self.weekday} {self.start}–{self.end}"


class Unavailability(models.Model):
    """A period when a mediator cannot take sessions (leave, training, field work)."""

    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    start_at = models.DateTimeField(_("from"))
    end_at = models.DateTimeField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["start_at"]
        verbose_name = _("unavailable period")
        verbose_name_plural = _("unavailable periods")
        indexes = [models.Index(fields=["mediator", "start_at"], name="unavailability_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_at__gt=models.F("start_at")), name="unavail_order")
        ]

    def __str__(self) -> str:
        return f"{self.mediator_id} {self.start_at:%Y-%m-%d %H:%M}"


class MediationSession(models.Model):
    """A mediation session: when, where (a room or remote), with which mediator and parties."""

    request = models.ForeignKey(MediationRequest, on_delete=models.CASCADE, related_name="sessions")
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mediator"), on_delete=models.PROTECT, related_name="+"
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    remote = models.BooleanField(_("remote (video or phone)"), default=False)
    start_at = models.DateTimeField(_("start"), db_index=True)
    end_at = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_at"]
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_at__gt=models.F("start_at")), name="session_order"),
            models.CheckConstraint(
                condition=models.Q(remote=True) | models.Q(room__isnull=False), name="session_room_or_remote"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.start_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status == SessionStatus.SCHEDULED


class Booking(models.Model):
    """One resource (mediator, room or party) held by a session for its time range.

    ``resource`` is ``mediator:<id>``, ``room:<id>``, ``worker:<hash>`` or ``employer:<id>``. On
    PostgreSQL an exclusion constraint (btree_gist) refuses two active bookings of one resource whose
    ranges overlap, so two concurrent bookings cannot both succeed.
    """

    session = models.ForeignKey(MediationSession, on_delete=models.CASCADE, related_name="bookings")
    resource = models.CharField(max_length=64)
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [models.Index(fields=["resource", "start_at"], name="booking_resource_idx")]

    def __str__(self) -> str:
        return f"{self.resource} {self.start_at:%Y-%m-%d %H:%M}"


class MediationAuditEntry(AbstractAuditEntry):
    """The trail of a mediation request (append-only: core.models.AbstractAuditEntry)."""

    request = models.ForeignKey(MediationRequest, on_delete=models.PROTECT, related_name="audit")

    class Meta(AbstractAuditEntry.Meta):
        verbose_name = _("mediation audit entry")
        verbose_name_plural = _("mediation audit entries")
        indexes = [models.Index(fields=["request", "at"], name="mediation_audit_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        from .choices import ACTION_LABELS

        return str(ACTION_LABELS.get(self.action, self.action))
