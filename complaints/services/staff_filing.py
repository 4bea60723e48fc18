"""Complaints that staff bring in: recorded on a worker's behalf, or found on an inspection visit.

- ``complaint_record``: a complaint or clue that reached the bureau at the counter (窗口), by the
  12333/12345 hotline, by letter or by referral; staff record it through the worker's own intake
  (intake.py: the same rules of the door, duplicate check, tracking number, access code, receipt SMS)
  with the day of receipt, the channel and the staff member in its audit entry.
- ``complaint_open_from_inspection``: a case found on an inspection visit (来源: 检查发现), filed the
  same way, and the inspectors who found it put on the case through the assignment service.

One path creates a complaint: ``intake.complaint_file``; these only say who brought it in and how.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import District, Employer, User

from ..choices import (
    STAFF_RECORDED_SOURCES,
    Category,
    ComplaintKind,
    ReceiptDelivery,
    Source,
)
from ..models import Complaint
from .assignment import assignable_inspectors, complaint_assign
from .intake import IntakeData, IntakeResult, StaffRecording, complaint_file


def receipt_date_check(received_on: datetime.date | None, *, field: str = "received_on") -> dict:
    """Return field errors for the day a complaint reached the bureau (empty when it is acceptable).

    关于实施《劳动保障监察条例》若干规定 第十八条 counts the acceptance period from receipt: a letter
    that arrived days ago is recorded with the day it arrived, never a day still to come. How far back
    is a guard against a mistyped date (``RECEIPT_BACKDATE_DAYS``), not a rule of law.
    """
    today = timezone.localdate()
    days = settings.WAGEWATCH["RECEIPT_BACKDATE_DAYS"]
    if received_on is None:
        return {field: _("Enter the day the bureau received it.")}
    if received_on > today:
        return {field: _("The day of receipt cannot be in the future.")}
    if received_on < today - datetime.timedelta(days=days):
        return {field: _("The day of receipt is more than %(n)d days ago; check the date.") % {"n": days}}
    return {}


def record_clean(
    *, source: str, received_on: datetime.date | None, receipt: str, mobile: str, external_ref: str = ""
) -> dict:
    """Return field errors of what staff add to a recorded complaint: channel, receipt day and delivery."""
    errors = receipt_date_check(received_on)
    if source not in STAFF_RECORDED_SOURCES:
        errors["source"] = _("Choose how the complaint reached the bureau.")
    if receipt not in ReceiptDelivery.values:
        errors["receipt"] = _("Choose how the worker gets the receipt.")
    elif receipt == ReceiptDelivery.SMS and not mobile:
        errors["receipt"] = _("Without a mobile number the receipt cannot go by SMS: print it instead.")
    if len(external_ref) > 64:
        errors["external_ref"] = _("At most 64 characters.")
    return errors


def complaint_record(
    *,
    by: User,
    data: IntakeData,
    source: str,
    received_on: datetime.date,
    receipt: str,
    external_ref: str = "",
    idempotency_key: str = "",
) -> IntakeResult:
    """Record a complaint or clue on the worker's behalf, through the worker's own intake.

    ``data`` has passed ``intake_clean`` (the same rules as the worker's form). The acceptance deadline
    counts from ``received_on`` (关于实施《劳动保障监察条例》若干规定 第十八条); the audit entry names
    ``by`` and the channel. The receipt goes by SMS when ``receipt`` says so, otherwise staff print it.
    Raise PermissionDenied when ``by`` may not record for the district, ValidationError (field errors),
    DuplicateComplaint, IdempotencyMismatch.
    """
    if not by.has_perm("complaints.record_complaint", data.district):
        raise PermissionDenied(_("You may not record complaints for this district."))
    external_ref = external_ref.strip()
    errors = record_clean(
        source=source,
        received_on=received_on,
        receipt=receipt,
        mobile=data.complainant_mobile,
        external_ref=external_ref,
    )
    if errors:
        raise ValidationError(errors)
    _external_ref_check(source, external_ref)
    try:
        return _record(by, data, source, received_on, receipt, external_ref, idempotency_key)
    except IntegrityError:
        _external_ref_check(source, external_ref)  # recorded meanwhile by a colleague
        raise


def _external_ref_check(source: str, external_ref: str) -> None:
    """Refuse a reference already on a case of the same channel (a hotline ticket recorded twice)."""
    if not external_ref:
        return
    number = (
        Complaint.objects.filter(source=source, external_ref=external_ref)
        .values_list("tracking_number", flat=True)
        .first()
    )
    if number:
        raise ValidationError(
            {"external_ref": _("This reference is already recorded: case %(number)s.") % {"number": number}}
        )


def _record(
    by: User,
    data: IntakeData,
    source: str,
    received_on: datetime.date,
    receipt: str,
    external_ref: str,
    idempotency_key: str,
) -> IntakeResult:
    return complaint_file(
        data=data,
        idempotency_key=idempotency_key,
        check_fingerprint=False,
        source=source,
        recording=StaffRecording(
            by=by,
            received_on=received_on,
            external_ref=external_ref,
            send_sms=receipt == ReceiptDelivery.SMS,
            changes={"receipt": receipt},
            reason=_("Recorded by %(user)s: %(channel)s") % {"user": by, "channel": Source(source).label},
        ),
    )


def complaint_open_from_inspection(
    *,
    by: User,
    district: District,
    employer: Employer,
    description: str,
    amount_owed: Decimal | None = None,
    workers_affected: int = 1,
    finders: Sequence[User] = (),
    visit_id: int,
    campaign_id: int,
) -> Complaint:
    """Open a case found on an inspection visit, received, and put the inspectors who found it on it.

    It is filed as a clue through the worker's intake (``complaint_file``: the same tracking number,
    acceptance deadline of 关于实施《劳动保障监察条例》若干规定 第十八条, ``case.created`` event) and
    enters the lifecycle as received. The finders are assigned through
    ``complaint_assign`` when ``by`` may assign and they are inspectors of the district; otherwise the
    case waits in its district's queue like any other (the audit entry names who found it).
    """
    data = IntakeData(
        kind=ComplaintKind.CLUE,
        category=Category.WAGE_ARREARS,
        district=district,
        description=description[:5000],
        employer=employer,
        employer_name=employer.name,
        employer_credit_code=employer.credit_code,
        employer_address=employer.address,
        amount_owed=amount_owed,
        workers_affected=max(workers_affected, 1),
    )
    with transaction.atomic():
        # Nobody outside the bureau follows this case by code: the code is not kept, and no SMS goes out.
        complaint = complaint_file(
            data=data,
            source=Source.INSPECTION,
            recording=StaffRecording(
                by=by,
                received_on=timezone.localdate(),
                action="created",
                reason=_("Found on inspection visit %(id)s") % {"id": visit_id},
                changes={
                    "visit_id": visit_id,
                    "campaign_id": campaign_id,
                    "finder_ids": [u.pk for u in finders],
                },
                payload={"campaign_id": campaign_id},
            ),
        ).complaint
        _assign_finders(complaint, by, finders)
    return complaint


def _assign_finders(complaint: Complaint, by: User, finders: Sequence[User]) -> None:
    """Assign the finders the assignment rule allows, if ``by`` may assign; the rest is the district's."""
    allowed = set(
        assignable_inspectors(complaint).filter(pk__in=[u.pk for u in finders]).values_list("pk", flat=True)
    )
    inspectors = [u for u in finders if u.pk in allowed]
    if inspectors and by.has_perm("complaints.assign_complaint", complaint):
        complaint_assign(complaint=complaint, by=by, inspectors=inspectors)
