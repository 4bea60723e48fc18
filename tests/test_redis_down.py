# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""Redis stopped in the middle: every write and page still works; Redis back: everything delivered once.

The cache, the Celery broker and the channel layer all point at one throwaway redis-server (the
``redis_server`` fixture), as in production where REDIS_URL serves all three. With it stopped,
complaints are filed through the public API and the HTML form, a case is accepted, the workbench and
the case API are read, notifications are marked read (a live push that cannot reach the channel
layer): each answers as usual and commits. Restarted on the same port, the outbox
sweeper and a real Celery worker deliver every event and every SMS exactly once.
tests/notifications/test_broker_down.py does the same for the broker alone.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from channels.layers import channel_layers
from django.test import Client
from rest_framework.test import APIClient

from complaints.choices import CaseStatus
from complaints.models import Complaint
from core.celery import app as celery_app
from notifications import services
from notifications.dispatch import dispatcher
from notifications.models import Event, OutboundMessage
from tests.complaints.factories import case_in
from tests.complaints.intake_fixtures import VALID_ID_2, api_payload, media  # noqa: F401
from tests.complaints.test_intake_web import form_data
from tests.redis_server import celery_broker_at
from tests.threads import short_lived_db_connections, wait_dispatched

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis_server]


@pytest.fixture
def site_on_redis(redis_server, settings):
    """Point the cache, the channel layer and the Celery broker at the throwaway server."""
    timeouts = {"socket_connect_timeout": 0.5, "socket_timeout": 1}
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "ww-test",
            # Try Redis again on every call, so that the test needs no clock to see it come back.
            "OPTIONS": {**timeouts, "RETRY_SECONDS": 0},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": redis_server.url, **timeouts}],
                "prefix": f"ww-test-{uuid.uuid4().hex[:8]}",
            },
        }
    }
    # Every deadline computation consults the calendar's version key in the cache (in production,
    # once the process's copy is 5 s old).
    settings.CALENDAR_RECHECK_SECONDS = 0
    channel_layers.backends.clear()
    with short_lived_db_connections(), celery_broker_at(redis_server.url):
        yield redis_server
    channel_layers.backends.clear()


def test_redis_down_loses_nothing(site_on_redis, district, employer, inspector, manager, sms_outbox, media):
    # (a number of last year, which the intake sequence of this year cannot reach)
    waiting = case_in(
        CaseStatus.RECEIVED, district=district, employer=employer, tracking_number="2102-2025-900001"
    )
    staff_api = APIClient()
    staff_api.force_authenticate(inspector)
    staff_pages = Client()
    staff_pages.force_login(inspector)

    site_on_redis.stop()

    filed = APIClient().post("/api/v1/complaints/", api_payload(district), format="json")
    assert filed.status_code == 201, filed.content
    form = Client().post(
        "/complaints/new/", form_data(district, id_number=VALID_ID_2, name="李四", mobile="13900139001")
    )
    assert form.status_code == 302, form.content
    accepted = staff_api.post(f"/api/v1/cases/{waiting.pk}/accept/", {"note": "材料齐全"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    for url in ("/staff/cases/", f"/staff/cases/{waiting.pk}/"):
        assert staff_pages.get(url).status_code == 200, url
    for url in ("/api/v1/cases/", f"/api/v1/cases/{waiting.pk}/"):
        assert staff_api.get(url).status_code == 200, url
    # Reading notifications pushes the badge live: the channel layer is unreachable, the request is not.
    assert staff_api.post("/api/v1/notifications/read-all/").status_code in (200, 204)

    # Committed: two new complaints and the acceptance; nothing delivered while Redis is down.
    assert Complaint.objects.count() == 3
    assert Complaint.objects.get(pk=waiting.pk).status == CaseStatus.ACCEPTED
    assert dispatcher.flush(timeout=30)
    pending = list(Event.objects.order_by("id").values_list("id", flat=True))
    assert len(pending) >= 3 and not Event.objects.filter(dispatched_at__isnull=False).exists()
    sms = OutboundMessage.objects.filter(channel="sms")
    assert sms.count() >= 2 and sms_outbox == []

    site_on_redis.start()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        assert services.events_redispatch(older_than=timedelta(0)) == pending
        services.events_redispatch(older_than=timedelta(0))  # a second sweep while the first is in flight
        for event_id in pending:
            wait_dispatched(event_id)
        assert services.events_redispatch(older_than=timedelta(0)) == []

    assert not Event.objects.filter(broadcast_at__isnull=True).exists()
    assert not OutboundMessage.objects.filter(sent_at__isnull=True).exists()
    assert set(OutboundMessage.objects.values_list("attempts", flat=True)) == {1}
    # (the stored body masks the access code that the message itself carries)
    assert sorted(m.to for m in sms_outbox) == sorted(sms.values_list("to", flat=True))
