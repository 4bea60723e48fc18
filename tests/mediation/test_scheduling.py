"""Booking sessions: no double booking of mediator, room or party (service and PostgreSQL), move, cancel."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from core.exceptions import StateConflict
from mediation import services
from mediation.choices import MediationStatus as S
from mediation.choices import SessionStatus
from mediation.models import Booking, MediationRequest, MediationSession
from tests.factories import EmployerFactory
from tests.threads import run_together

from .conftest import at
from .factories import MediationRequestFactory

needs_pg = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the exclusion constraint (btree_gist) that refuses overlapping bookings needs PostgreSQL",
)


def book(request, by, mediator, start, end, room=None, remote=False):
    return services.session_book(
        request=request, by=by, mediator=mediator, start_at=start, end_at=end, room=room, remote=remote
    )


def test_book_schedules_and_tells_parties(
    accepted, mediator, room, day, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = book(accepted, mediator, mediator, at(day, 9), at(day, 10), room=room)
    assert MediationRequest.objects.get(pk=accepted.pk).status == S.SCHEDULED
    assert set(Booking.objects.filter(session=session).values_list("resource", flat=True)) == {
        f"mediator:{mediator.pk}",
        f"room:{room.pk}",
        *accepted.party_keys(),
    }
    assert sorted(m.to for m in sms_outbox) == sorted(
        [accepted.applicant_mobile, accepted.employer_contact_mobile]
    )
    assert room.name in sms_outbox[0].body
    assert not any(accepted.applicant_mobile in key for key in accepted.party_keys())


def test_room_double_booking_refused(district, mediator, mediator2, room, day):
    a = MediationRequestFactory(district=district, status=S.ACCEPTED)
    b = MediationRequestFactory(district=district, status=S.ACCEPTED)
    book(a, mediator, mediator, at(day, 9), at(day, 10), room=room)
    with pytest.raises(StateConflict):
        book(b, mediator2, mediator2, at(day, 9, 30), at(day, 10, 30), room=room)
    # Back to back is fine: ranges are half-open.
    book(b, mediator2, mediator2, at(day, 10), at(day, 11), room=room)
    assert MediationRequest.objects.get(pk=b.pk).status == S.SCHEDULED


def test_mediator_double_booking_refused(district, mediator, room, room2, day):
    a = MediationRequestFactory(district=district, status=S.ACCEPTED)
    b = MediationRequestFactory(district=district, status=S.ACCEPTED)
    book(a, mediator, mediator, at(day, 9), at(day, 10), room=room)
    with pytest.raises(StateConflict):
        book(b, mediator, mediator, at(day, 9), at(day, 10), room=room2)
    with pytest.raises(StateConflict):
        book(b, mediator, mediator, at(day, 9, 30), at(day, 10, 30), remote=True)
    assert MediationRequest.objects.get(pk=b.pk).status == S.ACCEPTED


def test_party_double_booking_refused(district, mediator, mediator2, room, room2, day):
    employer = EmployerFactory(district=district)
    a = MediationRequestFactory(district=district, status=S.ACCEPTED, employer=employer)
    same_worker = MediationRequestFactory(
        district=district, status=S.ACCEPTED, applicant_mobile=a.applicant_mobile
    )
    same_employer = MediationRequestFactory(district=district, status=S.ACCEPTED, employer=employer)
    book(a, mediator, mediator, at(day, 14), at(day, 15), room=room)
    for other in (same_worker, same_employer):
        with pytest.raises(StateConflict):
            book(other, mediator2, mediator2, at(day, 14, 30), at(day, 15, 30), room=room2)


def test_unavailable_mediator_and_bad_input_refused(accepted, mediator, room, day):
    from mediation.models import Unavailability

    Unavailability.objects.create(mediator=mediator, start_at=at(day, 8), end_at=at(day, 12), reason="培训")
    with pytest.raises(StateConflict):
        book(accepted, mediator, mediator, at(day, 9), at(day, 10), room=room)
    with pytest.raises(ValidationError):
        book(accepted, mediator, mediator, at(day, 15), at(day, 14), room=room)
    with pytest.raises(ValidationError):  # neither room nor remote
        book(accepted, mediator, mediator, at(day, 15), at(day, 16))
    late = accepted.deadline + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):  # after the 15-day deadline (第十四条)
        book(accepted, mediator, mediator, at(late, 9), at(late, 10), room=room)


def test_booking_needs_permission(accepted, inspector, other_mediator, mediator, room, day):
    for user in (inspector, other_mediator):
        with pytest.raises(PermissionDenied):
            book(accepted, user, mediator, at(day, 9), at(day, 10), room=room)


def test_book_from_wrong_state_refused(district, mediator, room, day):
    from django_fsm import TransitionNotAllowed

    for status in (S.REQUESTED, S.AGREEMENT_REACHED, S.LAPSED):
        request = MediationRequestFactory(district=district, status=status)
        with pytest.raises(TransitionNotAllowed):
            book(request, mediator, mediator, at(day, 9), at(day, 10), room=room)
    assert not MediationSession.objects.exists()


def test_reschedule_and_cancel(
    accepted, mediator, room, room2, day, sms_outbox, django_capture_on_commit_callbacks
):
    session = book(accepted, mediator, mediator, at(day, 9), at(day, 10), room=room)
    other = MediationRequestFactory(district=accepted.district, status=S.ACCEPTED)
    # The old time is free again after the move; the new one is held.
    with pytest.raises(ValidationError):
        services.session_reschedule(
            session=session, by=mediator, start_at=at(day, 14), end_at=at(day, 15), reason="", room=room
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.session_reschedule(
            session=session,
            by=mediator,
            start_at=at(day, 14),
            end_at=at(day, 15),
            reason="申请人请假",
            room=room2,
        )
    assert any("14:00" in m.body for m in sms_outbox)
    book(other, mediator, mediator, at(day, 9), at(day, 10), room=room)
    with pytest.raises(StateConflict):
        book(other, mediator, mediator, at(day, 14), at(day, 15), remote=True)
    session.refresh_from_db()
    services.session_cancel(session=session, by=mediator, reason="用人单位要求改期")
    assert MediationSession.objects.get(pk=session.pk).status == SessionStatus.CANCELLED
    assert MediationRequest.objects.get(pk=accepted.pk).status == S.ACCEPTED
    assert not Booking.objects.filter(session=session, active=True).exists()
    book(other, mediator, mediator, at(day, 14), at(day, 15), remote=True)


def test_start_session_marks_it_held(accepted, mediator, room, day):
    session = book(accepted, mediator, mediator, at(day, 9), at(day, 10), room=room)
    services.mediation_start_session(request=MediationRequest.objects.get(pk=accepted.pk), by=mediator)
    assert MediationSession.objects.get(pk=session.pk).status == SessionStatus.HELD


@needs_pg
def test_database_refuses_overlapping_bookings(accepted, mediator, room, day):
    session = book(accepted, mediator, mediator, at(day, 9), at(day, 10), room=room)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            session=session, resource=f"room:{room.pk}", start_at=at(day, 9, 30), end_at=at(day, 11)
        )
    # Inactive (cancelled) bookings do not count.
    Booking.objects.create(
        session=session, resource=f"room:{room.pk}", start_at=at(day, 9, 30), end_at=at(day, 11), active=False
    )


@needs_pg
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_bookings_of_one_room_cannot_both_succeed(district, mediator, mediator2, room, day):
    a = MediationRequestFactory(district=district, status=S.ACCEPTED)
    b = MediationRequestFactory(district=district, status=S.ACCEPTED)

    def attempt(request, user) -> str:
        try:
            book(MediationRequest.objects.get(pk=request.pk), user, user, at(day, 9), at(day, 10), room=room)
            return "booked"
        except StateConflict:
            return "conflict"

    outcomes = run_together(lambda: attempt(a, mediator), lambda: attempt(b, mediator2))
    assert sorted(outcomes) == ["booked", "conflict"]
    assert Booking.objects.filter(resource=f"room:{room.pk}", active=True).count() == 1


def test_mediator_blocks_a_period(accepted, mediator, mediator2, room, day, client):
    from django.urls import reverse

    from mediation.models import Unavailability

    services.unavailability_add(
        mediator=mediator, by=mediator, start_at=at(day, 8), end_at=at(day, 12), reason="培训"
    )
    with pytest.raises(StateConflict):  # the service refuses sessions in it
        book(accepted, mediator, mediator, at(day, 9), at(day, 10), room=room)
    with pytest.raises(PermissionDenied):
        services.unavailability_add(mediator=mediator, by=mediator2, start_at=at(day, 13), end_at=at(day, 14))
    session = book(accepted, mediator, mediator, at(day, 14), at(day, 15), room=room)
    with pytest.raises(StateConflict):  # a booked session must be moved first
        services.unavailability_add(mediator=mediator, by=mediator, start_at=at(day, 14), end_at=at(day, 16))
    client.force_login(mediator)
    response = client.post(
        f"{reverse('mediation:week')}?week={day.isoformat()}",
        {"start_at": f"{day}T16:00", "end_at": f"{day}T17:00", "reason": "外出检查"},
    )
    assert response.status_code == 302
    assert Unavailability.objects.filter(mediator=mediator).count() == 2
    page = client.get(reverse("mediation:week"), {"week": day.isoformat()}).content.decode()
    assert "外出检查" in page and accepted.tracking_number in page
    assert session.pk
