"""The printed form of an inspection or interview record (笔录), in the house style of the office's documents.

Rendered from the record each time it is printed: a record is never edited once taken, so every print
shows the same content. It is not numbered in the office's sequence of documents (that sequence is for
acts addressed to a party); it carries the case's tracking number and the record's own number.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.rendering import render_record
from documents.services import office_for

from .choices import RecordKind
from .models import InspectionRecord


def _when(record: InspectionRecord) -> str:
    start = timezone.localtime(record.started_at)
    text = f"{start.year}年{start.month}月{start.day}日 {start:%H:%M}"
    if record.ended_at:
        end = timezone.localtime(record.ended_at)
        text += (
            f" — {end:%H:%M}"
            if end.date() == start.date()
            else f" — {end.year}年{end.month}月{end.day}日 {end:%H:%M}"
        )
    return text


def _inspector(user) -> str:
    badge = getattr(user, "inspector_badge", "")
    return _("%(name)s (badge %(badge)s)") % {"name": user, "badge": badge} if badge else str(user)


def record_pdf(record: InspectionRecord) -> bytes:
    """Return the record as a PDF of the case's district office."""
    complaint = record.complaint
    inspectors = list(record.inspectors.all())
    with translation.override(settings.LANGUAGE_CODE):
        employer = (
            complaint.employer.name if complaint.employer_id else complaint.employer_name_given
        ) or "-"
        person = record.person_name
        if record.person_title:
            person += f"（{record.person_title}）"
        fields = [
            (_("Case"), complaint.tracking_number),
            (_("Employer"), employer),
            (_("Time"), _when(record)),
            (_("Place"), record.place),
            (_("Inspectors present"), "、".join(_inspector(u) for u in inspectors)),
            (
                _("Person questioned")
                if record.kind == RecordKind.INTERVIEW
                else _("Person present for the employer"),
                person,
            ),
            (_("Role"), record.get_person_role_display()),
            (_("Recorded by"), str(record.created_by)),
        ]
        body: list[str] = [
            _(
                "We are labour inspectors of %(office)s: %(names)s. We showed our inspector's certificates and "
                "carry out this %(kind)s according to law (Regulation on Labour Security Supervision, "
                "article 15). You are obliged to answer truthfully."
            )
            % {
                "office": office_for(complaint.district).full_name,
                "names": "、".join(str(u) for u in inspectors),
                "kind": record.get_kind_display(),
            }
        ]
        for row in record.questions:
            body.append(_("Q: %(text)s") % {"text": row.get("question", "")})
            body.append(_("A: %(text)s") % {"text": row.get("answer", "")})
        if record.findings:
            body.append(_("Findings: %(text)s") % {"text": record.findings})
        attachments = list(record.attachments.all())
        if attachments:
            body.append(_("Attached: %(files)s") % {"files": "、".join(a.original_name for a in attachments)})
        signatures = [
            _("The person has read this record (or had it read to them) and confirms it is correct."),
            _("Signature of the person: ____________    Date: ____________"),
            _("Signatures of the inspectors: ____________  ____________"),
        ]
        return render_record(
            office=office_for(complaint.district),
            title=record.get_kind_display(),
            reference=_("Case %(number)s · record %(id)s")
            % {"number": complaint.tracking_number, "id": record.pk},
            fields=fields,
            body=body,
            signatures=signatures,
        )
