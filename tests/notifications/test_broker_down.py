"""Broker really down: the change commits, nothing is delivered; broker back: delivered exactly once.

Starts a throwaway redis-server on a free port as the Celery broker (the ``redis_server`` fixture,
never the shared one on 6379), stops it, records an event in a committed transaction, starts it again
and runs a real Celery worker (celery's start_worker helper) that receives the sweeper's re-dispatch.
tests/test_redis_down.py does the same for the whole site: cache, broker and channel layer at once.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from core.celery import app as celery_app
from notifications import services
from notifications.dispatch import Dispatcher, dispatcher
from notifications.models import OutboundMessage
from tests.redis_server import celery_broker_at
from tests.threads import wait_dispatched

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(short_lived_connections, redis_server):
    with celery_broker_at(redis_server.url):
        yield redis_server


@pytest.mark.redis_server
def test_broker_down_then_up_delivers_exactly_once(broker, inspector, sms_outbox):
    broker.stop()

    with transaction.atomic():
        event = services.event_record(
            kind="case.transitioned",
            text="案件 2102-2026-000009 已受理",
            payload={"case_id": 9, "status": "accepted"},
            groups=[f"district-{inspector.district_id}"],
            recipients=[inspector],
            sms=[("13800138000", "您的投诉已受理")],
        )
    # The dispatcher thread tried to publish after commit and failed (logged, not raised).
    assert dispatcher.flush(timeout=30)
    # The change is committed although the broker is down; nothing went out.
    event.refresh_from_db()
    assert event.dispatched_at is None and event.broadcast_at is None
    assert OutboundMessage.objects.get(event=event).sent_at is None
    assert sms_outbox == []

    broker.start()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        # The sweeper re-dispatches; running it twice more (and a stray duplicate task) sends nothing twice.
        assert services.events_redispatch(older_than=timedelta(0)) == [event.pk]
        services.events_redispatch(older_than=timedelta(0))
        delivered = wait_dispatched(event.pk)
        assert services.events_redispatch(older_than=timedelta(0)) == []

    assert delivered.broadcast_at is not None
    assert [(m.to, m.body) for m in sms_outbox] == [("13800138000", "您的投诉已受理")]
    assert OutboundMessage.objects.get(event=event).attempts == 1


@pytest.mark.redis_server
def test_worker_delivers_after_commit_when_broker_is_up(broker, inspector, sms_outbox):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        with transaction.atomic():
            event = services.event_record(
                kind="case.assigned", text="分派", recipients=[inspector], sms=[("13800138000", "已分派")]
            )
            assert sms_outbox == []  # nothing leaves before commit
        wait_dispatched(event.pk)
    assert len(sms_outbox) == 1


def test_dispatcher_gathers_events_into_one_message():
    published: list[list[int]] = []
    gate = threading.Event()

    def publish(ids: list[int]) -> bool:
        gate.wait(5)  # hold the first batch so that the rest gather meanwhile
        published.append(ids)
        return True

    own = Dispatcher(publish)
    for event_id in range(1, 8):
        own.submit(event_id)
    gate.set()
    assert own.flush(timeout=5)
    assert sorted(i for batch in published for i in batch) == list(range(1, 8))
    assert len(published) < 7  # at least the ones queued behind the first went out together


def test_dispatcher_lingers_to_gather_events_submitted_one_by_one():
    published: list[list[int]] = []
    own = Dispatcher(lambda ids: published.append(ids) or True, linger=0.5)
    for event_id in range(1, 6):  # as requests finishing a few milliseconds apart
        own.submit(event_id)
        time.sleep(0.01)
    assert own.flush(timeout=5)
    assert published == [[1, 2, 3, 4, 5]]


def test_dispatcher_survives_a_failing_publish():
    calls: list[list[int]] = []

    def publish(ids: list[int]) -> bool:
        calls.append(ids)
        raise ConnectionError("broker down")

    own = Dispatcher(publish)
    own.submit(1)
    assert own.flush(timeout=5)
    own.submit(2)
    assert own.flush(timeout=5)
    assert calls == [[1], [2]]
