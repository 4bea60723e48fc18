"""Recording the investigation on a case: inspection and interview records (笔录) with their attachments.

An investigation is carried out by at least two inspectors (劳动保障监察条例 第十五条), so every record
names two or more present. Records are staff-only: their audit rows are not public, their events go
to staff groups, and the worker's tracking page and the public API never read them.

Creating a record is idempotent on the client's key (``client_uuid``): a tablet that retries a
submission after losing the connection gets the record it already made, not a second one.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import StateConflict
from core.models import User
from core.services import audit_record
from notifications.services import event_record

from ..choices import OPEN_STATUSES, CaseEventKind, RecordKind
from ..evidence import CheckedFile, EvidenceTooLarge, check_file
from ..models import Complaint, InspectionRecord, RecordAttachment
from .assignment import assignable_inspectors
from .events import case_event_payload, case_groups

# 劳动保障监察条例 第十五条: investigations and inspections are carried out by at least two inspectors.
MIN_INSPECTORS_PRESENT = 2
MAX_INSPECTORS_PRESENT = 6
MAX_QUESTIONS = 200
MAX_TEXT = 5000
# A tablet's clock may run a little ahead of the server's.
CLOCK_SKEW = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class QuestionAnswer:
    """One question put to the person and their answer, as written down."""

    question: str
    answer: str

    def as_dict(self) -> dict[str, str]:
        return {"question": self.question, "answer": self.answer}


def _check_may_record(complaint: Complaint, by: User) -> None:
    if not by.has_perm("complaints.record_investigation", complaint):
        raise PermissionDenied(
            _("Only the inspectors on the case or its manager may record the investigation.")
        )
    if complaint.status not in OPEN_STATUSES:
        raise StateConflict(_("This case is finished; records can no longer be added."))


def _check_inspectors(complaint: Complaint, inspectors: Sequence[User]) -> list[User]:
    people = list({u.pk: u for u in inspectors}.values())
    if len(people) < MIN_INSPECTORS_PRESENT:
        raise ValidationError(
            {
                "inspectors": _("At least two inspectors must be present (Regulation, art. 15)."),
            }
        )
    if len(people) > MAX_INSPECTORS_PRESENT:
        raise ValidationError({"inspectors": _("At most %(n)d inspectors.") % {"n": MAX_INSPECTORS_PRESENT}})
    allowed = set(
        assignable_inspectors(complaint).filter(pk__in=[u.pk for u in people]).values_list("pk", flat=True)
    )
    wrong = [str(u) for u in people if u.pk not in allowed]
    if wrong:
        raise ValidationError(
            {
                "inspectors": _("Not an active inspector of this district: %(names)s")
                % {"names": ", ".join(wrong)}
            }
        )
    return people


def _check_content(
    *,
    kind: str,
    started_at: datetime.datetime,
    ended_at: datetime.datetime | None,
    questions: Sequence[QuestionAnswer],
    findings: str,
) -> None:
    errors: dict[str, str] = {}
    if started_at > timezone.now() + CLOCK_SKEW:
        errors["started_at"] = _("The record cannot start in the future.")
    if ended_at is not None and ended_at < started_at:
        errors["ended_at"] = _("The record cannot end before it started.")
    if len(questions) > MAX_QUESTIONS:
        errors["questions"] = _("At most %(n)d questions.") % {"n": MAX_QUESTIONS}
    elif kind == RecordKind.INTERVIEW and not questions:
        errors["questions"] = _("Write down at least one question and its answer.")
    elif kind == RecordKind.SITE_INSPECTION and not findings.strip() and not questions:
        errors["findings"] = _("Write down what was found on site.")
    if errors:
        raise ValidationError(errors)


def _checked_uploads(uploads: Sequence) -> list[CheckedFile]:
    """Check attachments by their content (complaints/evidence.py: photos and PDF copies)."""
    try:
        return [check_file(upload) for upload in uploads]
    except ValidationError as exc:
        raise type(exc)({"files": exc}) from None


def _check_limits(
    checked: Sequence[CheckedFile], *, existing_count: int = 0, existing_bytes: int = 0
) -> None:
    """Keep a record's attachments within the evidence limits (count and total size per record)."""
    conf = settings.WAGEWATCH
    if existing_count + len(checked) > conf["EVIDENCE_MAX_FILES"]:
        raise ValidationError(
            {"files": _("A record can have at most %(n)d attachments.") % {"n": conf["EVIDENCE_MAX_FILES"]}}
        )
    if existing_bytes + sum(c.size for c in checked) > conf["EVIDENCE_MAX_TOTAL_BYTES"]:
        message = _("The attachments of a record together may not exceed %(mb)s MB.") % {
            "mb": conf["EVIDENCE_MAX_TOTAL_BYTES"] // (1024 * 1024)
        }
        raise EvidenceTooLarge({"files": ValidationError(message, code="too_large")})


def _store(
    record: InspectionRecord, checked: Sequence[CheckedFile], by: User, saved: list[str]
) -> list[RecordAttachment]:
    rows = []
    for item in checked:
        row = RecordAttachment(
            record=record,
            stored_name=item.stored_name(),
            original_name=item.original_name,
            kind=item.kind,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=by,
        )
        row.file.save(row.stored_name, item.upload, save=False)
        saved.append(row.file.name or "")
        row.save(force_insert=True)
        rows.append(row)
    return rows


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            pass


def _existing(client_uuid: uuid.UUID, complaint: Complaint, by: User) -> InspectionRecord | None:
    """Return the record already made with this key by the same person on the same case, if any."""
    found = InspectionRecord.objects.filter(client_uuid=client_uuid).first()
    if found is None:
        return None
    if found.complaint_id != complaint.pk or found.created_by_id != by.pk:
        raise StateConflict(_("This key was already used for another record; draft the record again."))
    return found


def _announce(complaint: Complaint, record: InspectionRecord, by: User, n_files: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(kind)s added to %(number)s") % {
            "kind": record.get_kind_display(),
            "number": complaint.tracking_number,
        }
    audit_record(
        subject=complaint,
        action="record_added",
        actor=by,
        from_status=complaint.status,
        to_status=complaint.status,
        changes={"record_id": record.pk, "kind": record.kind, "attachments": n_files},
        public=False,  # staff only: never on the worker's tracking page
    )
    event_record(
        kind=CaseEventKind.CASE_RECORD_ADDED,
        text=text,
        payload=case_event_payload(complaint, actor=by, record_id=record.pk, record_kind=record.kind),
        groups=case_groups(complaint),
    )


def record_create(
    *,
    complaint: Complaint,
    by: User,
    kind: str,
    started_at: datetime.datetime,
    place: str,
    inspectors: Sequence[User],
    person_name: str,
    person_role: str,
    questions: Sequence[QuestionAnswer] = (),
    findings: str = "",
    person_title: str = "",
    ended_at: datetime.datetime | None = None,
    uploads: Sequence = (),
    client_uuid: uuid.UUID | None = None,
) -> tuple[InspectionRecord, bool]:
    """Add a record to the case with its attachments; return it and whether it was made now.

    With a ``client_uuid`` already used by ``by`` on this case, return that record unchanged
    (created False) and store nothing; used by anyone else or on another case, raise StateConflict.
    """
    client_uuid = client_uuid or uuid.uuid4()
    _check_may_record(complaint, by)
    found = _existing(client_uuid, complaint, by)
    if found is not None:
        return found, False
    people = _check_inspectors(complaint, inspectors)
    findings = (findings or "").strip()[:MAX_TEXT]
    _check_content(
        kind=kind, started_at=started_at, ended_at=ended_at, questions=questions, findings=findings
    )
    checked = _checked_uploads(list(uploads))
    _check_limits(checked)
    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
            _check_may_record(locked, by)
            try:
                with transaction.atomic():
                    record = InspectionRecord.objects.create(
                        complaint=locked,
                        client_uuid=client_uuid,
                        kind=kind,
                        started_at=started_at,
                        ended_at=ended_at,
                        place=place.strip()[:255],
                        person_name=person_name.strip()[:64],
                        person_role=person_role,
                        person_title=(person_title or "").strip()[:64],
                        questions=[q.as_dict() for q in questions],
                        findings=findings,
                        created_by=by,
                    )
            except IntegrityError:
                # The same key committed by a concurrent retry while we checked: answer with that one.
                found = _existing(client_uuid, locked, by)
                if found is None:
                    raise
                return found, False
            record.inspectors.set(people)
            _store(record, checked, by, saved)
            locked.save(update_fields=["updated_at"])
            _announce(locked, record, by, len(checked))
    except BaseException:
        _delete_files(saved)
        raise
    return record, True


def record_attachment_add(*, record: InspectionRecord, by: User, upload) -> tuple[RecordAttachment, bool]:
    """Attach one more file to a record; the same file sent again returns the attachment already stored."""
    complaint = record.complaint
    _check_may_record(complaint, by)
    checked = _checked_uploads([upload])
    same = record.attachments.filter(sha256=checked[0].sha256).first()
    if same is not None:
        return same, False
    sizes = [a.size for a in record.attachments.all()]
    _check_limits(checked, existing_count=len(sizes), existing_bytes=sum(sizes))
    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
            _check_may_record(locked, by)
            try:
                with transaction.atomic():
                    (row,) = _store(record, checked, by, saved)
            except IntegrityError:
                same = record.attachments.filter(sha256=checked[0].sha256).first()
                if same is None:
                    raise
                _delete_files(saved)
                return same, False
            audit_record(
                subject=locked,
                action="record_attachment_added",
                actor=by,
                from_status=locked.status,
                to_status=locked.status,
                changes={"record_id": record.pk, "attachment_id": row.pk, "sha256": row.sha256},
                public=False,
            )
    except BaseException:
        _delete_files(saved)
        raise
    return row, True
