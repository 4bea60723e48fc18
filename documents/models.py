"""Issuing offices, their number sequences, and every written document as issued (never edited)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind


class Office(models.Model):
    """A district office that issues documents: its name, number abbreviation, address, phone and seal."""

    district = models.OneToOneField(
        "core.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="office"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    abbreviation = models.CharField(
        _("abbreviation"), max_length=16, help_text=_("The office's part of a document number.")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_("Shown to workers on the portal; empty: the city's default hours."),
    )
    seal = models.ImageField(
        _("seal"),
        upload_to="documents/seals/",
        blank=True,
        help_text=_("A PNG of the seal with a transparent background; empty: the demo seal."),
    )

    class Meta:
        ordering = ["district__code"]
        verbose_name = _("issuing office")
        verbose_name_plural = _("issuing offices")

    def __str__(self) -> str:
        return self.full_name


class DocumentCounter(models.Model):
    """The last number given in one office's sequence for a kind and a year (locked to allocate)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "kind", "year"], name="document_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.kind} {self.year}: {self.last}"


class Document(models.Model):
    """One written document as issued: its number, addressee and the stored PDF with its SHA-256."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    number = models.CharField(_("number"), max_length=64, unique=True)
    recipient = models.CharField(_("addressee"), max_length=200)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    file = models.FileField(_("file"), upload_to="documents/%Y/", max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = _("written document")
        verbose_name_plural = _("written documents")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "kind", "year", "serial"], name="document_serial_unique"
            )
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="document_subject_idx")]

    def __str__(self) -> str:
        return self.number
