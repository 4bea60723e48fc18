"""Complaints and clues (the case), their groups and members, assignments and written notices.

The case lifecycle (states, transitions, deadlines) is in complaints/case_states.py; only services
change state.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from ..case_states import CaseLifecycleMixin
from ..choices import OPEN_STATUSES, CaseStatus, Category, ComplaintKind, NoticeKind, Source


class ComplaintGroup(models.Model):
    """Complaints from different workers against the same employer and period, handled together."""

    employer = models.ForeignKey("core.Employer", on_delete=models.PROTECT, related_name="complaint_groups")
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint group")
        verbose_name_plural = _("complaint groups")

    def __str__(self) -> str:
        return f"{self.employer} {self.period_start or ''}–{self.period_end or ''}"


class Complaint(CaseLifecycleMixin, ConcurrentTransitionMixin, models.Model):
    """A complaint (投诉, real name) or clue (举报线索, may be anonymous) and the case it becomes."""

    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    access_code_hash = models.CharField(max_length=64, editable=False)
    kind = models.CharField(
        _("kind"), max_length=16, choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT
    )
    category = models.CharField(
        _("category"), max_length=32, choices=Category.choices, default=Category.WAGE_ARREARS
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.ONLINE)
    # The reference the origin gave it (a 12345 ticket, a clue platform's number): unique per source, so
    # that a clue handed down twice is recorded once.
    external_ref = models.CharField(_("external reference"), max_length=64, blank=True, default="")
    status = FSMField(
        _("status"), max_length=32, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, protected=True
    )

    # Jurisdiction follows the workplace (劳动保障监察条例 第十三条).
    district = models.ForeignKey(
        "core.District",
        verbose_name=_("workplace district"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    # The competent office a pending transfer is waiting for (complaints/models/transfer.py); its staff
    # see the case until they accept or return it.
    transfer_to = models.ForeignKey(
        "core.District",
        verbose_name=_("being transferred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_transfers",
    )
    employer = models.ForeignKey(
        "core.Employer",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    employer_name_given = models.CharField(_("employer name as given"), max_length=200, blank=True)
    employer_credit_code_given = models.CharField(_("credit code as given"), max_length=18, blank=True)
    employer_address_given = models.CharField(_("employer address as given"), max_length=255, blank=True)
    project_name = models.CharField(_("project or site"), max_length=200, blank=True)

    amount_owed = models.DecimalField(
        _("amount owed (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    continuing = models.BooleanField(_("still continuing"), default=False)
    workers_affected = models.PositiveIntegerField(_("workers affected"), default=1)
    description = models.TextField(_("description"), max_length=5000)

    complainant_name = models.CharField(_("complainant name"), max_length=64, blank=True)
    complainant_id_number = models.CharField(_("complainant ID number"), max_length=18, blank=True)
    complainant_mobile = models.CharField(_("complainant mobile"), max_length=11, blank=True)

    # 劳动保障监察条例 第二十条: flagged at the door, decided by the inspector.
    outside_limitation = models.BooleanField(_("outside the two-year limit"), default=False)
    group = models.ForeignKey(
        ComplaintGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )

    # A duplicate closed into the case that goes on (its evidence and claimants joined that case).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )

    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    acceptance_due = models.DateField(_("acceptance due"), null=True, blank=True, db_index=True)
    acceptance_due_provisional = models.BooleanField(_("acceptance due date provisional"), default=False)
    accepted_on = models.DateField(_("accepted (case opened) on"), null=True, blank=True)
    investigation_due = models.DateField(_("investigation due"), null=True, blank=True, db_index=True)
    investigation_due_provisional = models.BooleanField(
        _("investigation due date provisional"), default=False
    )
    extended = models.BooleanField(_("deadline extended"), default=False)
    order_due = models.DateField(_("order due"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The city office's due date while the case is under supervision (挂牌督办; models/supervision.py).
    supervision_due = models.DateField(_("supervision due"), null=True, blank=True, db_index=True)
    # The nearest open deadline, kept by the services so that lists can sort and filter on one column.
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    # Kept by the database from ``status``: the partial indexes below hold only open cases, and a query
    # on this column (no parameter) can use them whether PostgreSQL plans it generically or not.
    is_open = models.GeneratedField(
        expression=models.Q(status__in=sorted(OPEN_STATUSES)),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Assignment",
        through_fields=("complaint", "inspector"),
        related_name="assigned_complaints",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="complaint_source_external_ref_unique",
            )
        ]
        indexes = [
            models.Index(fields=["district", "status", "next_deadline"], name="complaint_queue_idx"),
            models.Index(fields=["status", "next_deadline"], name="complaint_status_deadline_idx"),
            models.Index(fields=["employer", "status"], name="complaint_employer_idx"),
            # intake's lookup (selectors/intake.py): this worker's own open case against the employer,
            # and the employer's earliest open case that overlaps; only open cases are indexed, so the
            # lookup's cost follows what an employer has open, not all it ever had
            models.Index(
                fields=["employer", "complainant_id_number"],
                condition=models.Q(is_open=True),
                name="complaint_open_worker_idx",
            ),
            models.Index(
                fields=["employer", "id"],
                condition=models.Q(is_open=True),
                name="complaint_open_employer_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_anonymous(self) -> bool:
        return self.kind == ComplaintKind.CLUE and not self.complainant_name


class GroupMember(models.Model):
    """Another worker named in a group complaint (optional details)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=64)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True)
    amount_owed = models.DecimalField(
        _("amount owed (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """An inspector assigned to a case (an investigation needs at least two: 第十五条)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="assignments")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "inspector"], name="assignment_unique")]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.inspector_id}"


class Notice(models.Model):
    """A written notice (PDF) to the worker, shown on the tracking page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    file = models.FileField(_("file"), upload_to="notices/%Y/", max_length=255)
    # The numbered document as issued (its number, addressee and SHA-256); the file above is its file.
    document = models.OneToOneField(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="notice"
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["issued_at"]
        verbose_name = _("written notice")
        verbose_name_plural = _("written notices")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"
