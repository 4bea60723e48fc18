"""Booking, rescheduling and cancelling sessions; no double booking of mediator, room or party.

The service checks for overlaps first (a clear message naming what is taken); on PostgreSQL the
exclusion constraint on Booking is the final word when two bookings race (IntegrityError → StateConflict).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import StateConflict
from core.models import User
from core.services import audit_record

from ..choices import MediationStatus, SessionStatus
from ..models import Booking, MediationRequest, MediationSession, Room, Unavailability
from ..scheduling.finder import MAX_SESSION, window_end_for
from .common import event, party_sms, require, sms_scheduled


def _resources(request: MediationRequest, mediator, room: Room | None) -> list[str]:
    keys = [f"mediator:{mediator.pk}", *request.party_keys()]
    if room is not None:
        keys.append(f"room:{room.pk}")
    return keys


def _validate(
    *,
    request: MediationRequest,
    mediator,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    room: Room | None,
    remote: bool,
    attendees: int,
) -> None:
    errors = {}
    if getattr(mediator, "role", None) != "mediator" or not mediator.is_active:
        errors["mediator"] = _("Choose a mediator.")
    if end_at <= start_at:
        errors["end_at"] = _("The session must end after it starts.")
    elif end_at - start_at > MAX_SESSION:
        errors["end_at"] = _("A session lasts at most a working day.")
    if start_at < timezone.now() - datetime.timedelta(minutes=5):
        errors["start_at"] = _("The session cannot start in the past.")
    if end_at > window_end_for(request):
        # 劳动争议调解仲裁法 第十四条: after the period either party may go to arbitration.
        errors["start_at"] = _("The session must end by the mediation deadline (%(date)s).") % {
            "date": request.deadline.isoformat()
        }
    if room is None and not remote:
        errors["room"] = _("Choose a room, or mark the session as remote.")
    if room is not None and (not room.active or room.capacity < attendees):
        errors["room"] = _("This room is not available for %(n)s people.") % {"n": attendees}
    if errors:
        raise ValidationError(errors)
    if Unavailability.objects.filter(mediator=mediator, start_at__lt=end_at, end_at__gt=start_at).exists():
        raise StateConflict(_("The mediator is not available at that time."))


def _check_free(keys: list[str], start_at, end_at, *, exclude_session: int | None = None) -> None:
    clash = Booking.objects.filter(active=True, resource__in=keys, start_at__lt=end_at, end_at__gt=start_at)
    if exclude_session:
        clash = clash.exclude(session_id=exclude_session)
    taken = set(clash.values_list("resource", flat=True))
    if not taken:
        return
    labels = []
    for key in sorted(taken):
        kind = key.split(":", 1)[0]
        labels.append(
            {
                "mediator": _("the mediator"),
                "room": _("the room"),
                "worker": _("the worker"),
                "employer": _("the employer"),
            }[kind]
        )
    raise StateConflict(
        _("Already booked at that time: %(what)s. Choose another time (use Find a slot).")
        % {"what": "、".join(dict.fromkeys(labels))}
    )


def _write_bookings(session: MediationSession, keys: list[str]) -> None:
    try:
        with transaction.atomic():
            Booking.objects.bulk_create(
                [
                    Booking(session=session, resource=k, start_at=session.start_at, end_at=session.end_at)
                    for k in keys
                ]
            )
    except IntegrityError as exc:  # the exclusion constraint: someone booked the same time just now
        raise StateConflict(_("Someone booked the same time just now. Choose another time.")) from exc


def session_book(
    *,
    request: MediationRequest,
    by: User,
    mediator,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    room: Room | None = None,
    remote: bool = False,
    attendees: int = 3,
) -> MediationSession:
    """Book a session for the request; the request becomes scheduled and the parties get an SMS."""
    require(by, "mediation.schedule_session", request)
    room = None if remote else room
    _validate(
        request=request,
        mediator=mediator,
        start_at=start_at,
        end_at=end_at,
        room=room,
        remote=remote,
        attendees=attendees,
    )
    keys = _resources(request, mediator, room)
    with transaction.atomic():
        _check_free(keys, start_at, end_at)
        before = request.status
        request.schedule()
        if request.mediator_id is None:
            request.mediator = mediator
        request.save()
        session = MediationSession.objects.create(
            request=request,
            mediator=mediator,
            room=room,
            remote=remote,
            start_at=start_at,
            end_at=end_at,
            created_by=by,
        )
        _write_bookings(session, keys)
        audit_record(
            subject=request,
            action="schedule",
            actor=by,
            from_status=before,
            changes={"session": session.pk, "start": start_at.isoformat(), "room": getattr(room, "name", "")},
            public=True,
        )
        event(
            request=request,
            kind="mediation.scheduled",
            text=_("Session booked for %(number)s") % {"number": request.tracking_number},
            actor=by,
            recipients=[mediator] if mediator != by else [],
            sms=party_sms(request, sms_scheduled(request, session)),
            extra={
                "session_id": session.pk,
                "mediator_id": mediator.pk,
                "room_id": getattr(room, "pk", None),
            },
        )
    return session


def session_reschedule(
    *,
    session: MediationSession,
    by: User,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    reason: str,
    room: Room | None = None,
    remote: bool = False,
    mediator=None,
    attendees: int = 3,
) -> MediationSession:
    """Move a booked session (with a reason); the parties get the new time by SMS."""
    request = session.request
    require(by, "mediation.schedule_session", request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if session.status != SessionStatus.SCHEDULED:
        raise StateConflict(_("Only a booked session can be moved."))
    mediator = mediator or session.mediator
    room = None if remote else room
    _validate(
        request=request,
        mediator=mediator,
        start_at=start_at,
        end_at=end_at,
        room=room,
        remote=remote,
        attendees=attendees,
    )
    keys = _resources(request, mediator, room)
    old = {"start": session.start_at.isoformat(), "room": getattr(session.room, "name", "")}
    with transaction.atomic():
        session = MediationSession.objects.select_for_update().get(pk=session.pk)
        if session.status != SessionStatus.SCHEDULED:
            raise StateConflict(_("Only a booked session can be moved."))
        _check_free(keys, start_at, end_at, exclude_session=session.pk)
        session.bookings.all().delete()
        session.start_at, session.end_at = start_at, end_at
        session.room, session.remote, session.mediator = room, remote, mediator
        session.reminder_sent_at = None
        session.save()
        _write_bookings(session, keys)
        audit_record(
            subject=request,
            action="reschedule",
            actor=by,
            from_status=request.status,
            reason=reason,
            changes={"from": old, "to": {"start": start_at.isoformat(), "room": getattr(room, "name", "")}},
            public=True,
        )
        event(
            request=request,
            kind="mediation.scheduled",
            text=_("Session moved for %(number)s") % {"number": request.tracking_number},
            actor=by,
            sms=party_sms(request, sms_scheduled(request, session)),
            extra={"session_id": session.pk, "rescheduled": True},
        )
    return session


def session_cancel(*, session: MediationSession, by: User, reason: str) -> MediationSession:
    """Cancel a booked session (with a reason); with none left the request goes back to accepted."""
    request = session.request
    require(by, "mediation.schedule_session", request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    with transaction.atomic():
        session = MediationSession.objects.select_for_update().get(pk=session.pk)
        if session.status != SessionStatus.SCHEDULED:
            raise StateConflict(_("Only a booked session can be cancelled."))
        session.status = SessionStatus.CANCELLED
        session.cancel_reason = reason[:300]
        session.save(update_fields=["status", "cancel_reason", "updated_at"])
        session.bookings.update(active=False)
        before = request.status
        others = request.sessions.filter(status=SessionStatus.SCHEDULED).exists()
        if request.status == MediationStatus.SCHEDULED and not others:
            request.unschedule()
            request.save()
        audit_record(
            subject=request,
            action="cancel_session",
            actor=by,
            from_status=before,
            reason=reason,
            changes={"session": session.pk},
            public=True,
        )
        event(
            request=request,
            kind="mediation.session_cancelled",
            text=_("Session cancelled for %(number)s") % {"number": request.tracking_number},
            actor=by,
            extra={"session_id": session.pk},
        )
    return session
