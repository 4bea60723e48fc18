"""The winter campaign: enterprise ledger, campaigns and teams, risk scores, plans, visits and figures.

Employers are core.models.Employer; what the ledger knows beyond it lives in EmployerProfile
(one-to-one) and in one LedgerRecord snapshot per employer and import, so anomalies can be seen.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from core.models import AbstractAuditEntry

from .campaign_states import CampaignLifecycleMixin
from .choices import (
    DEFAULT_WEIGHTS,
    CampaignStatus,
    CheckinStatus,
    JobStatus,
    OrderStatus,
    Outcome,
    PlanDecision,
    PlanMethod,
    VisitKind,
    VisitStatus,
    WagePaymentStatus,
)
from .visit_states import VisitLifecycleMixin


def default_weights() -> dict:
    return dict(DEFAULT_WEIGHTS)


class Job(models.Model):
    """The shared number of a background job (ledger import or plan run): its live group is job-<id>."""

    kind = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class LedgerImport(models.Model):
    """One uploaded ledger file (台账) and its import job: progress, then a per-row report."""

    job = models.OneToOneField(Job, null=True, on_delete=models.SET_NULL, related_name="ledger_import")
    file = models.FileField(_("file"), upload_to="ledger/%Y/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("employers created"), default=0)
    changed_count = models.PositiveIntegerField(_("records changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("records unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{row, field, message}]
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total) if self.total else (100 if self.status == JobStatus.DONE else 0)
        )


class EmployerProfile(models.Model):
    """What the ledger and the campaign know about an employer beyond core.Employer."""

    employer = models.OneToOneField(
        "core.Employer", on_delete=models.CASCADE, related_name="campaign_profile"
    )
    general_contractor = models.CharField(_("general contractor"), max_length=200, blank=True)
    project_name = models.CharField(_("construction project"), max_length=200, blank=True)
    subcontract_depth = models.PositiveSmallIntegerField(_("subcontracting depth"), default=0)
    blacklisted_before = models.BooleanField(_("blacklisted before"), default=False)
    shortage = models.PositiveIntegerField(_("workers short"), default=0)
    vacancies = models.PositiveIntegerField(_("vacancies"), default=0)
    wage_payment_status = models.CharField(
        _("wage payment"), max_length=16, choices=WagePaymentStatus.choices, default=WagePaymentStatus.UNKNOWN
    )
    arrears_amount = models.DecimalField(
        _("arrears reported (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    headcount_drop = models.BooleanField(_("headcount drop"), default=False)
    shortage_spike = models.BooleanField(_("shortage spike"), default=False)
    record_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("employer ledger profile")
        verbose_name_plural = _("employer ledger profiles")

    def __str__(self) -> str:
        return str(self.employer_id)


class LedgerRecord(models.Model):
    """A snapshot of one employer's ledger row, written only when something changed."""

    employer = models.ForeignKey("core.Employer", on_delete=models.CASCADE, related_name="ledger_records")
    ledger_import = models.ForeignKey(LedgerImport, on_delete=models.CASCADE, related_name="records")
    row_number = models.PositiveIntegerField()
    headcount = models.PositiveIntegerField(default=0)
    migrant_worker_count = models.PositiveIntegerField(default=0)
    shortage = models.PositiveIntegerField(default=0)
    vacancies = models.PositiveIntegerField(default=0)
    wage_payment_status = models.CharField(max_length=16, choices=WagePaymentStatus.choices)
    arrears_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    is_construction_project = models.BooleanField(default=False)
    general_contractor = models.CharField(max_length=200, blank=True)
    project_name = models.CharField(max_length=200, blank=True)
    has_wage_account = models.BooleanField(default=False)
    has_wage_deposit = models.BooleanField(default=False)
    subcontract_depth = models.PositiveSmallIntegerField(default=0)
    headcount_drop = models.BooleanField(_("headcount drop"), default=False)
    shortage_spike = models.BooleanField(_("shortage spike"), default=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("ledger record")
        verbose_name_plural = _("ledger records")
        indexes = [models.Index(fields=["employer", "-recorded_at"], name="ledger_employer_idx")]

    def __str__(self) -> str:
        return f"{self.employer_id} @ {self.ledger_import_id}"


class Campaign(CampaignLifecycleMixin, ConcurrentTransitionMixin, models.Model):
    """A winter wage-arrears campaign (根治欠薪冬季专项行动)."""

    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    districts = models.ManyToManyField("core.District", verbose_name=_("districts"), related_name="+")
    sectors = models.JSONField(
        _("sectors"), default=list, blank=True, help_text=_("Empty means all sectors.")
    )
    goal_employers = models.PositiveIntegerField(_("goal: employers to inspect"), default=0)
    goal_arrears_cleared = models.PositiveIntegerField(_("goal: arrears cases to clear"), default=0)
    weights = models.JSONField(_("risk weights"), default=default_weights)
    travel_cost = models.FloatField(
        _("cost of a visit outside the home district"),
        default=15.0,
        help_text=_("In risk points: a visit elsewhere must be worth at least this much."),
    )
    # Changed only by the transitions of campaign_states.py, called from the services.
    status = FSMField(
        _("status"),
        max_length=16,
        choices=CampaignStatus.choices,
        default=CampaignStatus.DRAFT,
        protected=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    risk_computed_at = models.DateTimeField(null=True, blank=True)
    figures_refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A pair of inspectors (劳动保障监察条例 第十五条: at least two) with a home district."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=64)
    inspector_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="+"
    )
    inspector_b = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("second inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_district = models.ForeignKey(
        "core.District", verbose_name=_("home district"), on_delete=models.PROTECT
    )
    may_travel = models.BooleanField(_("may work in other districts"), default=False)
    unavailable = models.JSONField(_("days unavailable"), default=list, blank=True)  # ISO dates

    class Meta:
        ordering = ["name"]
        verbose_name = _("inspector team")
        verbose_name_plural = _("inspector teams")

    def __str__(self) -> str:
        return self.name

    def members(self) -> list:
        return [self.inspector_a, self.inspector_b]


class RiskScore(models.Model):
    """An employer's risk in a campaign: the weighted sum and each factor's normalised value."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="scores")
    employer = models.ForeignKey("core.Employer", on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("core.District", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    factors = models.JSONField(default=dict)  # factor -> normalised value in [0, 1]
    facts = models.JSONField(default=dict)  # factor -> what was counted (services/risk.py: risk_facts)
    must_visit = models.BooleanField(default=False)
    must_reason = models.CharField(max_length=120, blank=True)
    units = models.PositiveSmallIntegerField(default=1)  # 1 = half day, 2 = full day

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["campaign", "employer"], name="risk_unique")]
        indexes = [models.Index(fields=["campaign", "-score"], name="risk_rank_idx")]

    def __str__(self) -> str:
        return f"{self.employer_id}: {self.score:.1f}"


class PlanRun(models.Model):
    """One run of the planner (a Celery job) with the solver's figures."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="plan_runs")
    job = models.OneToOneField(Job, null=True, on_delete=models.SET_NULL, related_name="plan_run")
    method = models.CharField(max_length=16, choices=PlanMethod.choices, default=PlanMethod.MILP)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    from_date = models.DateField(_("plan from"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(max_length=32, blank=True)
    done = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=4)
    objective = models.FloatField(null=True, blank=True)
    risk_covered = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    greedy_objective = models.FloatField(null=True, blank=True)
    visits = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A computed plan is a proposal: the visits it would write, what changes, and the state of the
    # campaign's visits it was computed on (a confirmation on a changed state is refused).
    decision = models.CharField(
        _("decision"), max_length=16, choices=PlanDecision.choices, default=PlanDecision.PROPOSED
    )
    proposal = models.JSONField(default=list, blank=True)  # [{e, t, d, u, k, r, n, f}]
    changes = models.JSONField(
        default=dict, blank=True
    )  # what the proposal changes (services/plan_changes.py)
    basis = models.CharField(max_length=64, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("plan run")
        verbose_name_plural = _("plan runs")

    def __str__(self) -> str:
        return f"{self.campaign_id} #{self.pk}"

    @property
    def gap_percent(self) -> float | None:
        return None if self.gap is None else 100 * self.gap

    @property
    def gain_percent(self) -> float | None:
        """How much more the exact plan covers than the greedy baseline, in percent."""
        if not self.greedy_objective or self.objective is None:
            return None
        return 100 * (self.objective - self.greedy_objective) / abs(self.greedy_objective)


class PlanVersion(models.Model):
    """A confirmed plan: the planned visits as they stood after the confirmation (or a restore)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField(_("version"))
    plan_run = models.ForeignKey(PlanRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_date = models.DateField(_("plan from"))
    visits = models.JSONField(default=list)  # the planned visits: [{e, t, d, u, k, r, n, f}]
    visit_count = models.PositiveIntegerField(_("visits"), default=0)
    risk_covered = models.FloatField(_("risk covered"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="plan_version_unique"),
        ]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")

    def __str__(self) -> str:
        return f"{self.campaign_id} v{self.number}"


class CampaignAudit(AbstractAuditEntry):
    """The trail of a campaign: its status following its dates, plans confirmed, discarded and restored."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="audit")

    class Meta(AbstractAuditEntry.Meta):
        verbose_name = _("campaign audit entry")
        verbose_name_plural = _("campaign audit entries")

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.action}"


class Visit(VisitLifecycleMixin, ConcurrentTransitionMixin, models.Model):
    """A planned or completed inspection visit; the plan is the campaign's planned visits."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visits")
    employer = models.ForeignKey("core.Employer", on_delete=models.PROTECT, related_name="campaign_visits")
    district = models.ForeignKey("core.District", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits")
    date = models.DateField(_("date"), db_index=True)
    units = models.PositiveSmallIntegerField(_("half days"), default=1)
    kind = models.CharField(_("kind"), max_length=16, choices=VisitKind.choices, default=VisitKind.PLANNED)
    # Changed only by the transitions of visit_states.py, called from the services.
    status = FSMField(
        _("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.PLANNED, protected=True
    )
    locked = models.BooleanField(_("locked"), default=False)
    risk = models.FloatField(_("risk"), default=0)
    earliest = models.DateField(_("not before"), null=True, blank=True)
    plan_run = models.ForeignKey(PlanRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)  # item -> "ok" | "fail" | "na"
    findings = models.TextField(_("findings"), blank=True)
    workers_on_site = models.PositiveIntegerField(_("workers on site"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # On-site check-in: the tablet's position (WGS-84) and accuracy when the visit was started.
    checkin_status = models.CharField(_("check-in"), max_length=16, choices=CheckinStatus.choices, blank=True)
    checkin_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checkin_latitude = models.DecimalField(
        _("check-in latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    checkin_longitude = models.DecimalField(
        _("check-in longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    checkin_accuracy_m = models.PositiveIntegerField(_("check-in accuracy (m)"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["date", "team_id", "id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["campaign", "status", "date"], name="visit_campaign_idx"),
            models.Index(fields=["team", "date"], name="visit_team_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.date}"


def photo_path(instance: VisitPhoto, filename: str) -> str:
    return f"visits/{instance.visit_id}/{instance.stored_name}"


class VisitPhoto(models.Model):
    """A photo taken on a visit; content-sniffed, stored outside the static root, served through a view."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path, max_length=255)
    stored_name = models.CharField(max_length=80, editable=False)
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class CorrectionOrder(models.Model):
    """An order to correct (责令改正) issued on a visit; its due date schedules a follow-up visit."""

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="order")
    employer = models.ForeignKey("core.Employer", on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("correct by"))
    items = models.JSONField(default=list)
    text = models.TextField(_("what must be corrected"), blank=True)
    status = models.CharField(max_length=16, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    issued_at = models.DateTimeField(default=timezone.now)
    # The numbered document as issued to the employer.
    document = models.OneToOneField(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="correction_order"
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("order to correct")
        verbose_name_plural = _("orders to correct")

    def __str__(self) -> str:
        return f"{self.employer_id} by {self.due_date}"


class VisitAudit(AbstractAuditEntry):
    """The trail of every change to a visit (append-only: core.models.AbstractAuditEntry)."""

    # No database constraint: the trail outlives a planned visit that a re-plan replaces.
    visit = models.ForeignKey(Visit, on_delete=models.DO_NOTHING, db_constraint=False, related_name="audit")

    class Meta(AbstractAuditEntry.Meta):
        verbose_name = _("visit audit entry")
        verbose_name_plural = _("visit audit entries")

    def __str__(self) -> str:
        return f"{self.visit_id} {self.action}"


class FigureCell(models.Model):
    """A precomputed dashboard figure: one metric for a campaign, district (or all) and week (or all)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="figures")
    metric = models.CharField(max_length=32)
    district = models.ForeignKey("core.District", null=True, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(null=True)  # Monday of the week; null = whole campaign
    value = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    # When the value was computed from the source rows: the figure is true as of this moment.
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["campaign", "metric"], name="figure_campaign_idx")]

    def __str__(self) -> str:
        return f"{self.metric}={self.value}"
