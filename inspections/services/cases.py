"""Open a case (立案) in the complaints lifecycle from an inspection visit's findings."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.choices import CaseStatus, Category, ComplaintKind, Source
from complaints.models import Assignment, Complaint
from complaints.tracking_codes import hash_access_code, new_access_code, next_tracking_number
from core.services import audit_record
from core.workdays import add_working_days
from notifications.services import event_record

from ..models import Visit


@transaction.atomic
def case_open_from_visit(
    *,
    visit: Visit,
    opened_by,
    description: str,
    amount_owed: Decimal | None = None,
    workers_affected: int = 1,
) -> Complaint:
    """Create a complaint with source "found by inspection", the findings carried over.

    It enters the lifecycle as received, with the acceptance deadline of
    关于实施《劳动保障监察条例》若干规定 第十八条 (5 working days), and the visit's two inspectors assigned.
    """
    today = timezone.localdate()
    employer = visit.employer
    due = add_working_days(today, settings.WAGEWATCH["ACCEPTANCE_WORKING_DAYS"])
    complaint = Complaint.objects.create(
        tracking_number=next_tracking_number(district_code=visit.district.code, year=today.year),
        # Nobody outside the bureau follows this case by code; a random code keeps the column honest.
        access_code_hash=hash_access_code(new_access_code()),
        kind=ComplaintKind.CLUE,
        category=Category.WAGE_ARREARS,
        source=Source.INSPECTION,
        district=visit.district,
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
    if visit.team_id:
        for inspector in visit.team.members():
            Assignment.objects.get_or_create(
                complaint=complaint, inspector=inspector, defaults={"assigned_by": opened_by}
            )
    audit_record(
        subject=complaint,
        action="created",
        actor=opened_by,
        to_status=CaseStatus.RECEIVED,
        reason=_("Found on inspection visit %(id)s") % {"id": visit.pk},
        changes={"visit_id": visit.pk, "campaign_id": visit.campaign_id},
    )
    event_record(
        kind="case.created",
        text=_("Case %(number)s opened from an inspection visit") % {"number": complaint.tracking_number},
        payload={
            "case_id": complaint.pk,
            "tracking_number": complaint.tracking_number,
            "status": complaint.status,
            "status_label": str(CaseStatus(complaint.status).label),
            "district_id": complaint.district_id,
            "actor_id": opened_by.pk,
            "campaign_id": visit.campaign_id,
        },
        groups=[f"district-{complaint.district_id}", f"case-{complaint.pk}", f"campaign-{visit.campaign_id}"],
    )
    return complaint
