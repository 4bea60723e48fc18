"""Broker really down: the change commits, nothing is delivered; broker back: delivered exactly once.

Starts a throwaway redis-server on a free port as the Celery broker (never the shared one on 6379),
stops it, records an event in a committed transaction, starts it again and runs a real Celery worker
(celery's start_worker helper) that receives the sweeper's re-dispatch.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from core.celery import app as celery_app
from notifications import services
from notifications.dispatch import Dispatcher, dispatcher
from notifications.models import Event, OutboundMessage

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="needs redis-server (apt-get install redis)"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    """A private redis-server that the test may stop and start at will."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"

    def _cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, timeout=10
        )

    def start(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                "/tmp",
                "--logfile",
                "",
            ],
            check=True,
            capture_output=True,
            timeout=10,
        )
        for _ in range(100):
            if self._cli("ping").stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("throwaway redis-server did not start")

    def stop(self) -> None:
        self._cli("shutdown", "nosave")
        for _ in range(100):
            if self._cli("ping").returncode != 0:
                return
            time.sleep(0.05)
        raise RuntimeError("throwaway redis-server did not stop")


def _forget_connections() -> None:
    """Make the app connect afresh to the (changed) broker URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(short_lived_connections):
    redis = ThrowawayRedis(_free_port())
    redis.start()
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.broker_url = redis.url
    celery_app.conf.task_always_eager = False
    _forget_connections()
    try:
        yield redis
    finally:
        redis.stop()
        celery_app.conf.update(saved)
        _forget_connections()


def _wait_dispatched(event_id: int) -> Event:
    for _ in range(300):
        event = Event.objects.get(pk=event_id)
        if event.dispatched_at is not None:
            return event
        time.sleep(0.05)
    raise AssertionError("the worker did not deliver the event")


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
        delivered = _wait_dispatched(event.pk)
        assert services.events_redispatch(older_than=timedelta(0)) == []

    assert delivered.broadcast_at is not None
    assert [(m.to, m.body) for m in sms_outbox] == [("13800138000", "您的投诉已受理")]
    assert OutboundMessage.objects.get(event=event).attempts == 1


def test_worker_delivers_after_commit_when_broker_is_up(broker, inspector, sms_outbox):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        with transaction.atomic():
            event = services.event_record(
                kind="case.assigned", text="分派", recipients=[inspector], sms=[("13800138000", "已分派")]
            )
            assert sms_outbox == []  # nothing leaves before commit
        _wait_dispatched(event.pk)
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
