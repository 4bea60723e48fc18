"""Every read a mediation page or API needs; visibility is decided here."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.rules import is_admin, is_manager, is_mediator

from .choices import OPEN_STATUSES, SessionStatus
from .models import MediationRequest, MediationSession, Room


def mediation_list(*, fetched_by, filters: dict | None = None) -> QuerySet[MediationRequest]:
    """Return the requests the user may see (their district, or all for city-wide staff), filtered."""
    filters = filters or {}
    if not (is_mediator(fetched_by) or is_manager(fetched_by) or is_admin(fetched_by)):
        return MediationRequest.objects.none()
    qs = MediationRequest.objects.select_related("district", "employer", "mediator")
    if fetched_by.district_id is not None and not is_admin(fetched_by):
        qs = qs.filter(district_id=fetched_by.district_id)
    status = filters.get("status")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if filters.get("mine"):
        qs = qs.filter(mediator=fetched_by)
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(tracking_number__icontains=q) | Q(employer_name_given__icontains=q))
    return qs.order_by("deadline", "id")


def mediation_get_for(user, pk: int) -> MediationRequest:
    """Fetch a request and check the user may see it (404 if missing, 403 if not theirs)."""
    request = (
        MediationRequest.objects.select_related("district", "employer", "mediator", "complaint")
        .prefetch_related(
            "terms",
            "evidence",
            Prefetch("sessions", queryset=MediationSession.objects.select_related("room", "mediator")),
        )
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404
    if not user.has_perm("mediation.view_request", request):
        raise PermissionDenied
    return request


def session_get_for(user, pk: int) -> MediationSession:
    session = MediationSession.objects.select_related("request", "room", "mediator").filter(pk=pk).first()
    if session is None:
        raise Http404
    if not user.has_perm("mediation.view_request", session.request):
        raise PermissionDenied
    return session


def week_sessions(*, mediator, monday: datetime.date) -> list[MediationSession]:
    """Return a mediator's sessions (not cancelled) in the week starting monday."""
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    end = start + datetime.timedelta(days=7)
    return list(
        MediationSession.objects.filter(mediator=mediator, start_at__gte=start, start_at__lt=end)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("request", "room")
        .order_by("start_at")
    )


def room_sessions(*, rooms: list[Room], monday: datetime.date) -> list[MediationSession]:
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    end = start + datetime.timedelta(days=7)
    return list(
        MediationSession.objects.filter(room__in=rooms, start_at__gte=start, start_at__lt=end)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("request", "room", "mediator")
        .order_by("start_at")
    )


def rooms_for(user) -> QuerySet[Room]:
    qs = Room.objects.filter(active=True)
    if user.district_id is not None:
        qs = qs.filter(Q(district_id=user.district_id) | Q(district__isnull=True))
    return qs.order_by("name")


def mediators_for(user):
    from core.models import User

    qs = User.objects.filter(role="mediator", is_active=True)
    if user.district_id is not None:
        qs = qs.filter(Q(district_id=user.district_id) | Q(district__isnull=True))
    return qs.order_by("display_name", "username")


def public_timeline(request: MediationRequest):
    return request.audit.filter(public=True).order_by("at", "id")


def week_unavailability(*, mediator, monday: datetime.date):
    from .models import Unavailability

    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    end = start + datetime.timedelta(days=7)
    return list(Unavailability.objects.filter(mediator=mediator, start_at__lt=end, end_at__gt=start))
