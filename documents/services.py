"""Issue a written document: allocate its number, render it, store it once with its SHA-256.

A stored document is never edited or rendered again: every download serves the bytes as issued.
A correction is a new document that supersedes the old one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .choices import APPEALABLE, KIND_ABBREVIATION, DocumentKind
from .models import Document, DocumentCounter, Office
from .rendering import render_document


def office_for(district) -> Office:
    """Return the district's issuing office, created with a default name the admin can edit."""
    office = Office.objects.select_related("district").filter(district=district).first()
    if office is not None:
        return office
    parent = district.parent.name if district.parent_id else ""
    with translation.override(settings.LANGUAGE_CODE):
        full_name = _("%(district)s Human Resources and Social Security Bureau") % {
            "district": f"{parent}{district.name}"
        }
    office, _created = Office.objects.get_or_create(
        district=district,
        defaults={"full_name": full_name, "abbreviation": f"{parent[:1]}{district.name[:1]}人社"},
    )
    return office


def number_allocate(*, office: Office, kind: str, year: int) -> tuple[int, str]:
    """Return the next serial and the document number; call inside the transaction that stores it.

    The counter row is locked (SELECT ... FOR UPDATE) so that two issues never get the same serial;
    a rolled-back issue gives its serial back with the rest of the transaction.
    """
    DocumentCounter.objects.get_or_create(office=office, kind=kind, year=year)
    counter = DocumentCounter.objects.select_for_update().get(office=office, kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    number = settings.WAGEWATCH["DOCUMENT_NUMBER_PATTERN"].format(
        office=office.abbreviation, kind=KIND_ABBREVIATION[DocumentKind(kind)], year=year, serial=counter.last
    )
    return counter.last, number


def document_issue(
    *,
    kind: str,
    office: Office,
    subject: models.Model,
    recipient: str,
    addressee: Sequence,
    body: Sequence,
    by=None,
    supersedes: Document | None = None,
) -> Document:
    """Number, render and store one document about subject; return it (its sha256 for the audit row)."""
    if supersedes is not None and hasattr(supersedes, "superseded_by"):
        raise ValidationError(_("This document has already been superseded."))
    issued_on = timezone.localdate()
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        serial, number = number_allocate(office=office, kind=kind, year=issued_on.year)
        title = str(DocumentKind(kind).label)
        pdf = render_document(
            office=office,
            title=title,
            number=number,
            addressee=addressee,
            body=body,
            appeal=kind in APPEALABLE,
            issued_on=issued_on,
        )
        document = Document(
            office=office,
            kind=kind,
            year=issued_on.year,
            serial=serial,
            number=number,
            recipient=recipient[:200],
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            sha256=hashlib.sha256(pdf).hexdigest(),
            issued_by=by,
            supersedes=supersedes,
        )
        document.file.save(f"{issued_on:%Y}-{kind}-{serial}.pdf", ContentFile(pdf), save=False)
        document.save(force_insert=True)
    return document


def document_audit_changes(document: Document) -> dict:
    """Return what the subject's audit row records of an issued document."""
    changes = {"document": document.number, "document_id": document.pk, "sha256": document.sha256}
    if document.supersedes_id:
        changes["supersedes"] = document.supersedes.number
    return changes


def documents_of(subject: models.Model) -> models.QuerySet[Document]:
    return Document.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).select_related("office")
