"""The 15-calendar-day clock (第十四条), the periodic deadline scan and session reminders; all idempotent."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import workdays
from core.workdays import DateResult

from ..choices import OPEN_STATUSES, MediationStatus, SessionStatus
from ..models import AgreementTerm, MediationRequest, MediationSession
from .common import event, party_sms, sms_reminder


def mediation_deadline_for(received_at: datetime.datetime | datetime.date) -> DateResult:
    """Return the last day of the mediation period: 15 calendar days after receipt (第十四条).

    The day of receipt is not counted; a period ending on a day off ends on the next working day.
    """
    day = received_at
    if isinstance(received_at, datetime.datetime):
        day = timezone.localtime(received_at).date()
    return workdays.add_calendar_days(day, settings.WAGEWATCH["MEDIATION_CALENDAR_DAYS"])


def _warn_due(today: datetime.date) -> int:
    warned = 0
    limit = settings.WAGEWATCH["DEADLINE_WARNING_WORKING_DAYS"]
    candidates = MediationRequest.objects.filter(
        status__in=OPEN_STATUSES, deadline__gte=today, deadline_warned_on__isnull=True
    ).select_related("mediator")
    for request in candidates:
        if workdays.working_days_between(today, request.deadline).days > limit:
            continue
        with transaction.atomic():
            # The conditional update makes a second scan (or a parallel one) a no-op.
            if not MediationRequest.objects.filter(pk=request.pk, deadline_warned_on__isnull=True).update(
                deadline_warned_on=today
            ):
                continue
            event(
                request=request,
                kind="mediation.deadline_warning",
                text=_("Mediation %(number)s must reach agreement by %(deadline)s")
                % {"number": request.tracking_number, "deadline": request.deadline.isoformat()},
                recipients=[request.mediator],
            )
            warned += 1
    return warned


def _lapse_due(today: datetime.date) -> int:
    from .request_transitions import mediation_lapse

    lapsed = 0
    for pk in MediationRequest.objects.filter(status__in=OPEN_STATUSES, deadline__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            request = MediationRequest.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if request is None or request.status not in OPEN_STATUSES or request.deadline >= today:
                continue
            mediation_lapse(request=request)
            lapsed += 1
    return lapsed


def _terms_overdue(today: datetime.date) -> int:
    warned = 0
    terms = AgreementTerm.objects.filter(
        request__status=MediationStatus.AGREEMENT_REACHED,
        performed_on__isnull=True,
        due_date__lt=today,
        overdue_warned_on__isnull=True,
    ).select_related("request", "request__mediator")
    for term in terms:
        with transaction.atomic():
            if not AgreementTerm.objects.filter(pk=term.pk, overdue_warned_on__isnull=True).update(
                overdue_warned_on=today
            ):
                continue
            event(
                request=term.request,
                kind="mediation.agreement_overdue",
                text=_("Agreement %(number)s: “%(term)s” was due on %(due)s and is not performed")
                % {"number": term.request.tracking_number, "term": term.description, "due": term.due_date},
                recipients=[term.request.mediator],
                extra={"term_id": term.pk},
            )
            warned += 1
    return warned


def mediation_deadline_scan(*, today: datetime.date | None = None) -> dict[str, int]:
    """Warn mediators before the deadline, lapse requests after it (SMS to the worker), flag overdue terms."""
    today = today or timezone.localdate()
    return {"warned": _warn_due(today), "lapsed": _lapse_due(today), "terms_overdue": _terms_overdue(today)}


def sessions_to_remind(*, now: datetime.datetime | None = None) -> list[int]:
    """Return the sessions whose reminder is due now and not yet sent."""
    now = now or timezone.now()
    ahead = now + datetime.timedelta(hours=settings.WAGEWATCH["SESSION_REMINDER_HOURS"])
    return list(
        MediationSession.objects.filter(
            status=SessionStatus.SCHEDULED,
            reminder_sent_at__isnull=True,
            start_at__gt=now,
            start_at__lte=ahead,
        ).values_list("pk", flat=True)
    )


def session_remind(*, session_id: int, now: datetime.datetime | None = None) -> bool:
    """Send the SMS reminder of one session to the parties, once; return whether it was sent now."""
    now = now or timezone.now()
    ahead = now + datetime.timedelta(hours=settings.WAGEWATCH["SESSION_REMINDER_HOURS"])
    with transaction.atomic():
        session = (
            MediationSession.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("request", "room")
            .filter(pk=session_id)
            .first()
        )
        if (
            session is None
            or session.status != SessionStatus.SCHEDULED
            or session.reminder_sent_at is not None
            or not (now < session.start_at <= ahead)
        ):
            return False
        session.reminder_sent_at = now
        session.save(update_fields=["reminder_sent_at", "updated_at"])
        request = session.request
        event(
            request=request,
            kind="mediation.reminder",
            text=_("Reminder sent for the session of %(number)s") % {"number": request.tracking_number},
            sms=party_sms(request, sms_reminder(request, session)),
            extra={"session_id": session.pk},
        )
    return True
