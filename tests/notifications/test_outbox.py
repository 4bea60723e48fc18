"""The transactional outbox: recorded with the change, delivered once after commit, never before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from notifications import delivery, services
from notifications.models import Event, EventGroup, Notification, OutboundMessage

pytestmark = pytest.mark.django_db


def _record(user, **extra):
    return services.event_record(
        kind="case.transitioned",
        text="案件 2102-2026-000001 已受理",
        payload={"case_id": 1, "status": "accepted", "actor_id": None},
        groups=[f"district-{user.district_id}", "case-1"],
        recipients=[user],
        sms=[("13800138000", "您的投诉已受理")],
        emails=[("boss@example.com", "受理", "已受理")],
        **extra,
    )


def test_records_event_groups_notifications_and_outbound_in_one_go(inspector):
    event = _record(inspector)
    names = set(EventGroup.objects.filter(event=event).values_list("name", flat=True))
    assert names == {f"district-{inspector.district_id}", "case-1", "city"}  # city-wide staff see districts
    assert Notification.objects.get(event=event).user == inspector
    assert OutboundMessage.objects.filter(event=event).count() == 2
    assert event.dispatched_at is None


def test_rollback_sends_nothing(
    inspector, listen, sms_outbox, mailoutbox, django_capture_on_commit_callbacks
):
    listener = listen(f"district-{inspector.district_id}")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _record(inspector)
            raise RuntimeError("the change failed")
    assert callbacks == []
    assert not Event.objects.exists()
    assert sms_outbox == [] and mailoutbox == []
    assert listener.drain() == []


def test_commit_sends_once(inspector, listen, sms_outbox, mailoutbox, django_capture_on_commit_callbacks):
    listener = listen(f"district-{inspector.district_id}", f"user-{inspector.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            event = _record(inspector)
    event.refresh_from_db()
    assert event.dispatched_at is not None and event.broadcast_at is not None
    assert [m.body for m in sms_outbox] == ["您的投诉已受理"]
    assert len(mailoutbox) == 1
    messages = listener.drain()
    events = [m for m in messages if m["type"] == "event"]
    # Same channel in two groups receives it twice from the layer; the consumer drops the repeat by id.
    assert {m["id"] for m in events} == {event.pk}
    assert events[0]["kind"] == "case.transitioned" and events[0]["payload"]["case_id"] == 1
    assert {"type": "unread", "count": 1} in messages

    # Delivering again (a retry, the sweeper, a duplicate task) sends nothing more.
    delivery.event_deliver(event_id=event.pk)
    Event.objects.filter(pk=event.pk).update(dispatched_at=None)
    delivery.event_deliver(event_id=event.pk)
    assert len(sms_outbox) == 1 and len(mailoutbox) == 1
    assert listener.drain() == []


def test_dedupe_key_records_once(inspector, django_capture_on_commit_callbacks, sms_outbox):
    with django_capture_on_commit_callbacks(execute=True):
        first = _record(inspector, dedupe_key="warning:1:acceptance:2026-02-26")
        second = _record(inspector, dedupe_key="warning:1:acceptance:2026-02-26")
    assert first.pk == second.pk
    assert Event.objects.count() == 1
    assert len(sms_outbox) == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"complainant": "11010519491231002X"},
        {"nested": {"phone": "13800138000"}},
        {"list": ["ok", "tel 13800138000"]},
        {"mobile": 13800138000},
        {"old_id": "110105491231002"},
    ],
)
def test_payload_with_id_or_phone_number_is_refused(inspector, payload):
    with pytest.raises(ValueError):
        services.event_record(kind="case.created", text="新案件", payload=payload, recipients=[inspector])
    assert not Event.objects.exists()


def test_text_with_phone_number_is_refused(inspector):
    with pytest.raises(ValueError):
        services.event_record(kind="case.created", text="请回电 13800138000", recipients=[inspector])


def test_payload_keeps_tracking_numbers_dates_and_amounts(inspector):
    payload = {
        "tracking_number": "2102-2026-000123",
        "due_date": "2026-02-27",
        "amount": "52000.00",
        "case_id": 7,
    }
    event = services.event_record(kind="case.created", text="新案件 2102-2026-000123", payload=payload)
    assert event.payload == payload


class FailingSms:
    """The outside world misbehaving: the gateway refuses every message."""

    def send(self, *, to, body, key):
        raise ConnectionError("gateway down")


def test_failed_sms_leaves_event_undispatched_for_the_sweeper(
    inspector, settings, sms_outbox, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.notifications.test_outbox.FailingSms"
    with django_capture_on_commit_callbacks(execute=True):
        event = _record(inspector)
    event.refresh_from_db()
    assert event.dispatched_at is None
    assert event.broadcast_at is not None  # the live part went out and will not be repeated
    message = OutboundMessage.objects.get(event=event, channel="sms")
    assert message.sent_at is None and message.attempts >= 1 and "gateway down" in message.last_error

    settings.SMS_BACKEND = "notifications.backends.sms.RecordingSmsBackend"
    # The sweeper backs off: not again before next_attempt_at.
    assert event.next_attempt_at > timezone.now()
    assert services.events_redispatch(older_than=timedelta(0)) == []
    Event.objects.filter(pk=event.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert services.events_redispatch(older_than=timedelta(0)) == [event.pk]
    event.refresh_from_db()
    assert event.dispatched_at is not None
    assert len(sms_outbox) == 1
    assert services.events_redispatch(older_than=timedelta(0)) == []


def test_retry_delay_doubles_up_to_an_hour():
    assert [delivery.retry_delay(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_access_code_is_not_kept_at_rest_after_the_receipt_sms_is_sent(
    district, sms_outbox, django_capture_on_commit_callbacks
):
    """The receipt SMS carries the access code; once sent, the stored copy has it starred out."""
    from complaints.services.intake import complaint_file, intake_clean
    from notifications.models import OutboundMessage

    data = intake_clean(
        {
            "kind": "complaint",
            "category": "wage_arrears",
            "name": "张三",
            "id_number": "11010519491231002X",
            "mobile": "13812345678",
            "employer_name": "大连某某建筑工程有限公司",
            "district": district,
            "description": "拖欠三个月工资。",
            "period_start": timezone.localdate() - timedelta(days=90),
            "continuing": True,
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = complaint_file(data=data)
    assert any(result.access_code in m.body for m in sms_outbox)
    stored = OutboundMessage.objects.get(to="13812345678")
    assert stored.sent_at is not None
    assert result.access_code not in stored.body and result.complaint.tracking_number in stored.body
