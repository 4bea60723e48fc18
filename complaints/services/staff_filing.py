"""Complaints that staff open themselves: a case found on an inspection visit (来源: 检查发现).

The one way a complaint comes into being besides the worker's own intake (intake.py): the same
tracking number, acceptance deadline, audit entry and ``case.created`` event, and inspectors put on
the case through the assignment service with its checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import District, Employer, User
from core.services import audit_record
from core.workdays import add_working_days
from notifications.services import event_record

from ..choices import CaseEventKind, CaseStatus, Category, ComplaintKind, Source
from ..models import Complaint
from ..tracking_codes import hash_access_code, new_access_code, next_tracking_number
from .assignment import assignable_inspectors, complaint_assign
from .events import case_event_payload, case_groups


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

    It enters the lifecycle as received, with the acceptance deadline of
    关于实施《劳动保障监察条例》若干规定 第十八条 (5 working days). The finders are assigned through
    ``complaint_assign`` when ``by`` may assign and they are inspectors of the district; otherwise the
    case waits in its district's queue like any other (the audit entry names who found it).
    """
    today = timezone.localdate()
    due = add_working_days(today, settings.WAGEWATCH["ACCEPTANCE_WORKING_DAYS"])
    with transaction.atomic():
        complaint = Complaint.objects.create(
            tracking_number=next_tracking_number(district_code=district.code, year=today.year),
            # Nobody outside the bureau follows this case by code; a random code keeps the column honest.
            access_code_hash=hash_access_code(new_access_code()),
            kind=ComplaintKind.CLUE,
            category=Category.WAGE_ARREARS,
            source=Source.INSPECTION,
            district=district,
            employer=employer,
            employer_name_given=employer.name,
            employer_credit_code_given=employer.credit_code,
            employer_address_given=employer.address,
            amount_owed=amount_owed,
            workers_affected=max(workers_affected, 1),
            description=description[:5000],
            acceptance_due=due.date,
            acceptance_due_provisional=due.provisional,
            next_deadline=due.date,
        )
        audit_record(
            subject=complaint,
            action="created",
            actor=by,
            to_status=CaseStatus.RECEIVED,
            reason=_("Found on inspection visit %(id)s") % {"id": visit_id},
            changes={"visit_id": visit_id, "campaign_id": campaign_id, "finder_ids": [u.pk for u in finders]},
        )
        event_record(
            kind=CaseEventKind.CASE_CREATED,
            text=_("Case %(number)s opened from an inspection visit") % {"number": complaint.tracking_number},
            payload=case_event_payload(complaint, actor=by, campaign_id=campaign_id),
            groups=case_groups(complaint),
        )
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
