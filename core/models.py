"""The shared domain: staff and roles, districts, employers and the working-day calendar."""

from __future__ import annotations

import rules
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ActorKind, CalendarDayKind, CalendarSource, Role, Sector
from .identifiers import normalise_employer_name


class District(models.Model):
    """An administrative division; jurisdiction follows the workplace (劳动保障监察条例 第十三条)."""

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=64)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class User(AbstractUser):
    """A member of staff; workers never need an account."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.INSPECTOR)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("Leave empty for staff who work for the whole city."),
    )
    phone = models.CharField(_("mobile"), max_length=11, blank=True)
    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    inspector_badge = models.CharField(_("inspector badge number"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_citywide(self) -> bool:
        return self.district_id is None

    def has_perm(self, perm: str, obj=None) -> bool:
        """Check the bureau's own permissions by role, even for a superuser.

        A superuser (the IT administrator) has every permission of the Django admin, but the bureau's
        rules (django-rules: accept a case, plan a campaign, ...) decide by role, so an administrator
        does not act on case files. Only the admin site's view permissions on the model, with no
        object, stay a superuser's.
        """
        if rules.perm_exists(perm) and (obj is not None or not _is_model_view_permission(perm)):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


def _is_model_view_permission(perm: str) -> bool:
    """True for Django's ``<app>.view_<model>`` permission of an installed model."""
    app_label, _, codename = perm.partition(".")
    action, _, model_name = codename.partition("_")
    if action != "view":
        return False
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


class Employer(models.Model):
    """An employer (用人单位), found again by credit code or by its normalised name."""

    name = models.CharField(_("name"), max_length=200)
    normalised_name = models.CharField(_("normalised name"), max_length=200, db_index=True, editable=False)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    credit_code_checksum_ok = models.BooleanField(_("credit code checksum valid"), default=True)
    credit_code_confirmed_by = models.ForeignKey(
        User,
        verbose_name=_("credit code confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    # Where the workplace is, in WGS-84 (GPS) degrees; a ledger in GCJ-02 is converted on import.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=64, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employers",
    )
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, default=Sector.OTHER)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    migrant_worker_count = models.PositiveIntegerField(_("migrant workers"), default=0)
    is_construction_project = models.BooleanField(_("construction project"), default=False)
    has_wage_account = models.BooleanField(_("dedicated wage account"), default=False)
    has_wage_deposit = models.BooleanField(_("wage deposit paid"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="employer_credit_code_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalised_name = normalise_employer_name(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalised_name"}
        super().save(*args, **kwargs)

    @property
    def credit_code_needs_confirmation(self) -> bool:
        return (
            bool(self.credit_code)
            and not self.credit_code_checksum_ok
            and self.credit_code_confirmed_by_id is None
        )


class CalendarYear(models.Model):
    """A year whose official schedule (holidays and make-up days) is loaded."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(
        _("source"), max_length=16, choices=CalendarSource.choices, default=CalendarSource.MANUAL
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("e.g. the State Council notice")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """An exception to Monday–Friday: a holiday on a weekday or a make-up working day on a weekend."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=64, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class AbstractAuditEntry(models.Model):
    """One append-only row per change of a subject (a case, a mediation request, a visit).

    A concrete trail adds the foreign key to its subject with ``related_name="audit"``;
    core.services.audit_record writes every row. On PostgreSQL triggers refuse UPDATE, DELETE and
    TRUNCATE on every trail (migrations ``*_audit_append_only``); run the application as a role that
    does not own the tables (``manage.py db_app_role``) so that it cannot drop them either.
    """

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
        abstract = True
        ordering = ["at", "id"]
