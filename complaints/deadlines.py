"""Stored deadlines of a case, computed with the working-day calendar (core.workdays).

- acceptance: 5 working days from receipt, restarted when missing material arrives
  (关于实施《劳动保障监察条例》若干规定 第十八条); a transferred case's period runs from its receipt by
  the competent office (劳动保障监察条例 第十三条), and no period runs while the transfer is pending;
- investigation: 60 working days from 立案, plus one extension of 30 (劳动保障监察条例 第十七条);
- order: the due date the inspector sets in the order;
- supervision: the due date the city office sets when it supervises a case (挂牌督办).
A date that depends on a year whose schedule is not loaded is flagged provisional, and recomputed
when an admin loads or edits that year (core.signals.calendar_changed).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from core import workdays
from core.signals import calendar_changed

from .choices import OPEN_STATUSES, CaseStatus

logger = logging.getLogger("wagewatch.deadlines")

DEADLINE_FIELDS = (
    "acceptance_due",
    "acceptance_due_provisional",
    "investigation_due",
    "investigation_due_provisional",
    "next_deadline",
)


def supplement_due_from(requested_on: datetime.date) -> workdays.DateResult:
    """The day by which a worker asked for missing material (补正) should send it.

    A local practice, not a national rule: ``SUPPLEMENT_WORKING_DAYS`` working days after the request.
    """
    return workdays.add_working_days(requested_on, settings.WAGEWATCH["SUPPLEMENT_WORKING_DAYS"])


def acceptance_due_from(start: datetime.date) -> workdays.DateResult:
    return workdays.add_working_days(start, settings.WAGEWATCH["ACCEPTANCE_WORKING_DAYS"])


def investigation_due_from(opened: datetime.date, *, extended: bool) -> workdays.DateResult:
    days = settings.WAGEWATCH["INVESTIGATION_WORKING_DAYS"]
    if extended:
        days += settings.WAGEWATCH["EXTENSION_WORKING_DAYS"]
    return workdays.add_working_days(opened, days)


def set_acceptance_due(complaint, *, start: datetime.date) -> None:
    """Start (or restart) the acceptance clock on ``start`` (the day itself is not counted).

    While a transfer is pending no office's period runs: the receiving office's starts on its receipt.
    """
    if complaint.transfer_to_id is not None:
        complaint.acceptance_due = None
        complaint.acceptance_due_provisional = False
        update_next_deadline(complaint)
        return
    result = acceptance_due_from(start)
    complaint.acceptance_due = result.date
    complaint.acceptance_due_provisional = result.provisional
    update_next_deadline(complaint)


def set_investigation_due(complaint) -> None:
    if complaint.accepted_on is None:
        return
    result = investigation_due_from(complaint.accepted_on, extended=complaint.extended)
    complaint.investigation_due = result.date
    complaint.investigation_due_provisional = result.provisional
    update_next_deadline(complaint)


def open_deadline(complaint) -> datetime.date | None:
    """Return the nearest deadline still running for the case's current state.

    A case under the city office's supervision (挂牌督办) counts its supervision due date too.
    """
    due = _state_deadline(complaint)
    supervised = complaint.supervision_due if complaint.status in OPEN_STATUSES else None
    if supervised is not None and (due is None or supervised < due):
        return supervised
    return due


def _state_deadline(complaint) -> datetime.date | None:
    status = complaint.status
    if status == CaseStatus.RECEIVED:
        return None if complaint.transfer_to_id is not None else complaint.acceptance_due
    if status in (CaseStatus.ACCEPTED, CaseStatus.INVESTIGATING):
        return complaint.investigation_due
    if status == CaseStatus.ORDERED:
        dates = [d for d in (complaint.order_due, complaint.investigation_due) if d]
        return min(dates) if dates else None
    if status in (
        CaseStatus.COMPLIED,
        CaseStatus.NOT_COMPLIED,
        CaseStatus.RESOLVED,
        CaseStatus.CASE_WITHDRAWN,
    ):
        return complaint.investigation_due
    # Waiting for the worker's material, or finished: no clock runs.
    return None


def update_next_deadline(complaint) -> None:
    complaint.next_deadline = open_deadline(complaint)


def is_provisional(complaint) -> bool:
    """Whether the running deadline depends on a year whose schedule is not loaded."""
    if complaint.next_deadline is None:
        return False
    if complaint.next_deadline == complaint.acceptance_due and complaint.status == CaseStatus.RECEIVED:
        return complaint.acceptance_due_provisional
    if complaint.next_deadline == complaint.investigation_due:
        return complaint.investigation_due_provisional
    return False


def deadline_state(complaint, *, today: datetime.date | None = None) -> str:
    """Return "overdue", "soon" (within the warning window), "ok" or "" (no running deadline)."""
    due = complaint.next_deadline
    if due is None:
        return ""
    today = today or timezone.localdate()
    if due < today:
        return "overdue"
    if due <= soon_limit(today):
        return "soon"
    return "ok"


def soon_limit(today: datetime.date | None = None, days: int | None = None) -> datetime.date:
    """Return the last day counted as "due within N working days" from today."""
    today = today or timezone.localdate()
    if days is None:
        days = settings.WAGEWATCH["DEADLINE_WARNING_WORKING_DAYS"]
    return workdays.add_working_days(today, days).date


def working_days_left(complaint, *, today: datetime.date | None = None) -> int | None:
    if complaint.next_deadline is None:
        return None
    return workdays.working_days_between(today or timezone.localdate(), complaint.next_deadline).days


# Audit actions that start the acceptance period again: more material arrived, or the competent office
# received a transferred case.
ACCEPTANCE_RESTARTS = ("supplement_received", "transfer_accept")


def acceptance_start(complaint) -> datetime.date:
    """Return the day the case's acceptance period last started."""
    return _acceptance_starts([complaint])[complaint.pk]


def _acceptance_starts(complaints: list) -> dict[int, datetime.date]:
    """Return the day each case's acceptance clock last started (receipt, arrival of material, transfer)."""
    from .models import AuditEntry

    starts = {c.pk: timezone.localdate(c.received_at) for c in complaints}
    rows = (
        AuditEntry.objects.filter(complaint_id__in=list(starts), action__in=ACCEPTANCE_RESTARTS)
        .order_by("complaint_id", "at", "id")
        .values_list("complaint_id", "at")
    )
    for complaint_id, at in rows:
        starts[complaint_id] = timezone.localdate(at)
    return starts


def recompute(complaints: Iterable) -> int:
    """Recompute stored deadlines of the given cases; write and audit the ones that changed."""
    from core.services import audit_record

    from .models import Complaint

    complaints = list(complaints)
    starts = _acceptance_starts(complaints)
    changed = 0
    for complaint in complaints:
        before = {f: getattr(complaint, f) for f in DEADLINE_FIELDS}
        if complaint.transfer_to_id is not None:
            pass  # no acceptance period runs while a transfer is pending
        elif (
            complaint.status in (CaseStatus.RECEIVED, CaseStatus.NEEDS_SUPPLEMENT) or complaint.acceptance_due
        ):
            result = acceptance_due_from(starts[complaint.pk])
            complaint.acceptance_due = result.date
            complaint.acceptance_due_provisional = result.provisional
        set_investigation_due(complaint)
        update_next_deadline(complaint)
        after = {f: getattr(complaint, f) for f in DEADLINE_FIELDS}
        diff = {f: [_text(before[f]), _text(after[f])] for f in DEADLINE_FIELDS if before[f] != after[f]}
        if not diff:
            continue
        with transaction.atomic():
            # Only deadline columns: never touches status, so no conflict with a concurrent transition.
            Complaint.objects.filter(pk=complaint.pk).update(**after)
            audit_record(
                subject=complaint,
                action="deadlines_recomputed",
                reason="calendar changed",
                changes=diff,
            )
        changed += 1
    return changed


def _text(value) -> str | bool | None:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def cases_affected_by(years: set[int]):
    """Open cases whose deadlines are provisional or fall in (or run through) the given years."""
    from .models import Complaint

    q = Q(acceptance_due_provisional=True) | Q(investigation_due_provisional=True)
    for year in years:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        # A period counted across the year matters whether it ends in it or merely passes through it.
        q |= Q(acceptance_due__gte=first, received_at__date__lte=last)
        q |= Q(investigation_due__gte=first, accepted_on__lte=last)
    return Complaint.objects.filter(q, status__in=list(OPEN_STATUSES))


@receiver(calendar_changed)
def _calendar_changed(sender, years: set[int], **kwargs) -> None:
    count = recompute(cases_affected_by(set(years)).iterator(chunk_size=500))
    logger.info("Deadlines recomputed after a calendar change for %s: %d case(s) changed", years, count)
