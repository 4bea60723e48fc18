"""The 15-calendar-day clock (第十四条): across month ends, on days off, the scan, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from mediation import services
from mediation.choices import MediationStatus as S
from mediation.choices import SessionStatus
from mediation.models import MediationRequest, MediationSession
from mediation.services import mediation_deadline_for, mediation_deadline_scan
from notifications.models import Event

from .conftest import at
from .factories import MediationRequestFactory

D = datetime.date


def received(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return at(day, hour)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "receipt,deadline",
    [
        (D(2026, 1, 20), D(2026, 2, 4)),  # across a month end (Tuesday → Wednesday)
        (D(2026, 3, 20), D(2026, 4, 7)),  # lands on Sunday 4-05 (清明 holiday 4-04..4-06) → Tuesday 4-07
        (D(2026, 9, 16), D(2026, 10, 8)),  # lands on National Day (10-01..10-07) → Thursday 10-08
        (D(2026, 1, 31), D(2026, 2, 24)),  # 2-15 falls in the Spring Festival holiday (2-15..2-23)
    ],
)
def test_deadline_is_15_calendar_days_moved_off_days_off(receipt, deadline):
    result = mediation_deadline_for(receipt)
    assert result.date == deadline
    assert not result.provisional


@pytest.mark.django_db
def test_deadline_in_an_unloaded_year_is_provisional():
    result = mediation_deadline_for(D(2026, 12, 20))
    assert result.date == D(2027, 1, 4)  # 2027-01-04 is a Monday; 2027 is not loaded yet
    assert result.provisional


@pytest.mark.django_db
def test_deadline_counts_from_local_day_of_receipt():
    # 23:30 in Beijing on 1-20 is still 1-20 (15:30 UTC): the day of receipt is not counted.
    late = timezone.make_aware(datetime.datetime(2026, 1, 20, 23, 30))
    assert mediation_deadline_for(late).date == D(2026, 2, 4)


def test_lapse_after_the_deadline_across_a_month_end(
    district, mediator, sms_outbox, django_capture_on_commit_callbacks
):
    request = MediationRequestFactory(
        district=district, status=S.SCHEDULED, mediator=mediator, received_at=received(D(2026, 1, 20))
    )
    assert request.deadline == D(2026, 2, 4)
    with django_capture_on_commit_callbacks(execute=True):
        assert mediation_deadline_scan(today=D(2026, 2, 4))["lapsed"] == 0
    assert MediationRequest.objects.get(pk=request.pk).status == S.SCHEDULED
    with django_capture_on_commit_callbacks(execute=True):
        assert mediation_deadline_scan(today=D(2026, 2, 5))["lapsed"] == 1
    fresh = MediationRequest.objects.get(pk=request.pk)
    assert fresh.status == S.LAPSED
    assert [m.to for m in sms_outbox] == [request.applicant_mobile]
    assert request.tracking_number in sms_outbox[0].body
    assert request.applicant_id_number not in sms_outbox[0].body
    # Idempotent: a second scan changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert mediation_deadline_scan(today=D(2026, 2, 6)) == {"warned": 0, "lapsed": 0, "terms_overdue": 0}
    assert len(sms_outbox) == 1


def test_deadline_on_a_day_off_lapses_only_after_the_next_working_day(district, mediator):
    request = MediationRequestFactory(
        district=district, status=S.ACCEPTED, received_at=received(D(2026, 9, 16))
    )
    assert request.deadline == D(2026, 10, 8)
    assert mediation_deadline_scan(today=D(2026, 10, 8))["lapsed"] == 0
    assert mediation_deadline_scan(today=D(2026, 10, 9))["lapsed"] == 1


def test_closed_requests_never_lapse(district):
    for status in (S.AGREEMENT_REACHED, S.DECLINED, S.FAILED, S.PERFORMED):
        MediationRequestFactory(district=district, status=status, received_at=received(D(2026, 1, 5)))
    assert mediation_deadline_scan(today=D(2026, 3, 1))["lapsed"] == 0


def test_warning_to_mediator_once_before_the_deadline(district, mediator):
    request = MediationRequestFactory(
        district=district, status=S.ACCEPTED, mediator=mediator, received_at=received(D(2026, 1, 20))
    )
    assert mediation_deadline_scan(today=D(2026, 1, 26))["warned"] == 0  # 7 working days left
    assert mediation_deadline_scan(today=D(2026, 2, 1))["warned"] == 1  # 3 working days left
    assert mediation_deadline_scan(today=D(2026, 2, 2))["warned"] == 0
    event = Event.objects.get(kind="mediation.deadline_warning")
    assert event.payload["mediation_id"] == request.pk
    assert event.notifications.get().user == mediator
    assert f"mediation-{request.pk}" in event.groups


def test_overdue_agreement_term_warned_once(district, mediator):
    request = MediationRequestFactory(district=district, status=S.IN_SESSION, mediator=mediator)
    due = timezone.localdate() + datetime.timedelta(days=3)
    services.mediation_reach_agreement(
        request=request, by=mediator, terms=[{"description": "支付工资", "amount": "5000", "due_date": due}]
    )
    assert mediation_deadline_scan(today=due)["terms_overdue"] == 0
    with translation.override("zh-hans"):  # the tests run in English (conftest); the site in Chinese
        assert mediation_deadline_scan(today=due + datetime.timedelta(days=1))["terms_overdue"] == 1
    assert mediation_deadline_scan(today=due + datetime.timedelta(days=2))["terms_overdue"] == 0
    event = Event.objects.get(kind="mediation.agreement_overdue")
    # In Chinese (the site's language), with the term in Chinese quotation marks.
    assert event.text.startswith("协议 ") and "“支付工资”" in event.text, event.text


def test_session_reminder_sent_once(
    accepted, mediator, room, day, sms_outbox, settings, django_capture_on_commit_callbacks
):
    from mediation.tasks import mediation_session_reminders

    session = services.session_book(
        request=accepted, by=mediator, mediator=mediator, start_at=at(day, 9), end_at=at(day, 10), room=room
    )
    sms_outbox.clear()
    settings.WAGEWATCH = {**settings.WAGEWATCH, "SESSION_REMINDER_HOURS": 24}
    early = session.start_at - datetime.timedelta(hours=30)
    assert services.sessions_to_remind(now=early) == []
    assert services.session_remind(session_id=session.pk, now=early) is False
    due = session.start_at - datetime.timedelta(hours=20)
    assert services.sessions_to_remind(now=due) == [session.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.session_remind(session_id=session.pk, now=due) is True
        assert services.session_remind(session_id=session.pk, now=due) is False
    assert sorted(m.to for m in sms_outbox) == sorted(
        [accepted.applicant_mobile, accepted.employer_contact_mobile]
    )
    assert MediationSession.objects.get(pk=session.pk).reminder_sent_at is not None
    assert mediation_session_reminders.apply().get() == 0  # nothing left to remind


def test_lapse_cancels_booked_sessions(accepted, mediator, room, day):
    session = services.session_book(
        request=accepted, by=mediator, mediator=mediator, start_at=at(day, 9), end_at=at(day, 10), room=room
    )
    mediation_deadline_scan(today=accepted.deadline + datetime.timedelta(days=1))
    assert MediationRequest.objects.get(pk=accepted.pk).status == S.LAPSED
    assert MediationSession.objects.get(pk=session.pk).status == SessionStatus.CANCELLED


@pytest.mark.parametrize("status", list(S.values))
def test_lapse_sources(district, status):
    from django_fsm import TransitionNotAllowed

    from mediation.services import mediation_lapse

    request = MediationRequestFactory(district=district, status=status, received_at=received(D(2026, 1, 20)))
    if status in {S.REQUESTED, S.ACCEPTED, S.SCHEDULED, S.IN_SESSION}:
        mediation_lapse(request=request)
        assert MediationRequest.objects.get(pk=request.pk).status == S.LAPSED
        assert request.audit.get().actor_kind == "system"
    else:
        with pytest.raises(TransitionNotAllowed):
            mediation_lapse(request=request)
