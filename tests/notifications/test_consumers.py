"""The staff websocket (/ws/staff/): refusal, group joins, subscriptions by permission, replay on resume."""

from __future__ import annotations

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client

from core.asgi import application
from core.choices import Role
from notifications import services
from notifications.broadcast import group_send
from notifications.permissions import base_groups
from tests.factories import UserFactory

from .factories import CaseFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest_asyncio.fixture(autouse=True)
async def _close_thread_connections():
    """Close the database connection the consumer's worker thread opened, so the test database can go."""
    yield
    await database_sync_to_async(connections.close_all)()


def _cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()


async def _connect(user=None) -> tuple[WebsocketCommunicator, bool]:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if user is not None:
        headers.append((b"cookie", await database_sync_to_async(_cookie_for)(user)))
    communicator = WebsocketCommunicator(application, "/ws/staff/", headers=headers)
    connected, _ = await communicator.connect()
    return communicator, connected


async def _until(communicator, kind: str) -> dict:
    while True:
        message = await communicator.receive_json_from(timeout=3)
        if message["type"] == kind:
            return message


@database_sync_to_async
def _record(**kwargs):
    return services.event_record(**kwargs)


async def test_anonymous_is_refused(db):
    communicator, connected = await _connect(None)
    assert not connected


async def test_user_without_staff_role_is_refused(district):
    worker = await database_sync_to_async(UserFactory)(role="", district=district, username="no-role")
    communicator, connected = await _connect(worker)
    assert not connected


async def test_inactive_staff_is_refused(district):
    former = await database_sync_to_async(UserFactory)(
        role=Role.INSPECTOR, district=district, username="gone", is_active=False
    )
    communicator, connected = await _connect(former)
    assert not connected


async def test_staff_joins_own_and_district_groups_and_gets_unread_count(inspector, other_inspector):
    communicator, connected = await _connect(inspector)
    assert connected
    assert await communicator.receive_json_from(timeout=3) == {"type": "unread", "count": 0}

    await database_sync_to_async(group_send)(
        base_groups(inspector)[1], {"type": "progress", "job": 1, "done": 1, "total": 2}
    )
    assert await _until(communicator, "progress") == {"type": "progress", "job": 1, "done": 1, "total": 2}

    event = await _record(
        kind="case.assigned", text="您有新分派的案件", payload={"case_id": 5}, recipients=[inspector]
    )
    message = await _until(communicator, "event")
    assert (
        message["id"] == event.pk
        and message["kind"] == "case.assigned"
        and message["text"] == "您有新分派的案件"
    )
    assert await _until(communicator, "unread") == {"type": "unread", "count": 1}

    # Another district's events never reach this inspector.
    foreign = await database_sync_to_async(CaseFactory)(district=other_inspector.district)
    await _record(
        kind="case.created",
        text="中山区新案件",
        payload={"case_id": foreign.pk},
        groups=[f"district-{other_inspector.district_id}"],
    )
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_citywide_staff_join_the_city_group(city_manager, district):
    communicator, connected = await _connect(city_manager)
    assert connected
    await communicator.receive_json_from(timeout=3)
    await _record(
        kind="campaign.started", text="冬季专项行动开始", payload={"campaign_id": 1}, groups=["city"]
    )
    assert (await _until(communicator, "event"))["kind"] == "campaign.started"
    # Every district's events reach city-wide staff; a page's district subscription is already covered.
    case = await database_sync_to_async(CaseFactory)(district=district)
    await _record(
        kind="case.created",
        text="甘井子区新案件",
        payload={"case_id": case.pk},
        groups=[f"district-{district.pk}"],
    )
    assert (await _until(communicator, "event"))["text"] == "甘井子区新案件"
    await communicator.send_json_to({"type": "subscribe", "group": "district-4242"})
    assert await communicator.receive_json_from(timeout=3) == {"type": "subscribed", "group": "district-4242"}
    await communicator.disconnect()


async def test_subscribe_only_to_cases_the_user_may_view(inspector, other_district):
    own = await database_sync_to_async(CaseFactory)(district=inspector.district)
    foreign = await database_sync_to_async(CaseFactory)(district=other_district)
    communicator, connected = await _connect(inspector)
    await communicator.receive_json_from(timeout=3)

    await communicator.send_json_to({"type": "subscribe", "group": f"case-{foreign.pk}"})
    assert await communicator.receive_json_from(timeout=3) == {
        "type": "error",
        "error": "forbidden",
        "group": f"case-{foreign.pk}",
    }
    for bad in ("district-999", "user-987654", "case-abc", "case-999999", "campaign-999999", "job-999999"):
        await communicator.send_json_to({"type": "subscribe", "group": bad})
        assert (await communicator.receive_json_from(timeout=3))["type"] == "error"

    await communicator.send_json_to({"type": "subscribe", "group": f"case-{own.pk}"})
    assert await communicator.receive_json_from(timeout=3) == {
        "type": "subscribed",
        "group": f"case-{own.pk}",
    }

    await _record(
        kind="case.transitioned",
        text="外区案件",
        payload={"case_id": foreign.pk},
        groups=[f"case-{foreign.pk}"],
    )
    await _record(
        kind="case.transitioned", text="本区案件", payload={"case_id": own.pk}, groups=[f"case-{own.pk}"]
    )
    message = await _until(communicator, "event")
    assert message["text"] == "本区案件"

    await communicator.send_json_to({"type": "unsubscribe", "group": f"case-{own.pk}"})
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from(timeout=3) == {"type": "pong"}
    await _record(
        kind="case.transitioned", text="不再关注", payload={"case_id": own.pk}, groups=[f"case-{own.pk}"]
    )
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_resume_replays_what_was_missed_then_goes_live_without_repeats(inspector, other_inspector):
    case = await database_sync_to_async(CaseFactory)(district=inspector.district)
    foreign = await database_sync_to_async(CaseFactory)(district=other_inspector.district)
    own_payload, foreign_payload = {"case_id": case.pk}, {"case_id": foreign.pk}
    communicator, _ = await _connect(inspector)
    await communicator.receive_json_from(timeout=3)
    seen = await _record(
        kind="case.created", text="第一件", payload=own_payload, groups=[f"district-{inspector.district_id}"]
    )
    assert (await _until(communicator, "event"))["id"] == seen.pk
    await communicator.disconnect()

    # While the tablet is offline: events for the district, for the user, for an open case page, and
    # events this inspector must not see.
    missed_district = await _record(
        kind="case.created", text="第二件", payload=own_payload, groups=[f"district-{inspector.district_id}"]
    )
    missed_personal = await _record(kind="case.assigned", text="分派给您", recipients=[inspector])
    missed_case = await _record(
        kind="case.evidence_added", text="新证据", payload=own_payload, groups=[f"case-{case.pk}"]
    )
    await _record(
        kind="case.created",
        text="别区",
        payload=foreign_payload,
        groups=[f"district-{other_inspector.district_id}"],
    )
    await _record(kind="case.assigned", text="别人的", recipients=[other_inspector])

    communicator, _ = await _connect(inspector)
    await communicator.receive_json_from(timeout=3)
    await communicator.send_json_to({"type": "subscribe", "group": f"case-{case.pk}"})
    await _until(communicator, "subscribed")
    await communicator.send_json_to({"type": "resume", "last_id": seen.pk})
    replayed = []
    while True:
        message = await communicator.receive_json_from(timeout=3)
        if message["type"] == "resumed":
            break
        replayed.append(message)
    assert [m["id"] for m in replayed] == [missed_district.pk, missed_personal.pk, missed_case.pk]
    assert (await communicator.receive_json_from(timeout=3)) == {"type": "unread", "count": 1}

    # Live again: a new event arrives once, although the inspector is in two of its groups.
    live = await _record(
        kind="case.transitioned",
        text="已受理",
        payload=own_payload,
        groups=[f"district-{inspector.district_id}", f"case-{case.pk}"],
    )
    assert (await _until(communicator, "event"))["id"] == live.pk
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()
