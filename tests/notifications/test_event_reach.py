"""Each event reaches only the roles and districts that may see its subject, live and on replay."""

from __future__ import annotations

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async
from django.db import connections

from complaints.services.assignment import complaint_assign
from mediation.services.common import event as mediation_event
from notifications import services
from notifications.permissions import event_routes
from tests.mediation.factories import MediationRequestFactory

from .factories import CaseFactory
from .test_consumers import _connect, _until

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest_asyncio.fixture(autouse=True)
async def _close_thread_connections():
    yield
    await database_sync_to_async(connections.close_all)()


async def _open(user):
    communicator, connected = await _connect(user)
    assert connected
    await _until(communicator, "unread")
    return communicator


async def _replay(user, last_id: int = 0) -> list[dict]:
    """Connect afresh (a connection never repeats what it relayed) and return what resuming replays."""
    communicator = await _open(user)
    await communicator.send_json_to({"type": "resume", "last_id": last_id})
    replayed = []
    while (message := await communicator.receive_json_from(timeout=3))["type"] != "resumed":
        replayed.append(message)
    await communicator.disconnect()
    return replayed


@database_sync_to_async
def _assign(case, manager, inspector):
    complaint_assign(complaint=case, by=manager, inspectors=[inspector])
    return services.Event.objects.filter(kind="case.assigned").latest("id")


async def test_a_mediator_gets_no_case_event_live_nor_on_replay(mediator, manager, inspector, district):
    case = await database_sync_to_async(CaseFactory)(district=district)
    request = await database_sync_to_async(MediationRequestFactory)(district=district)
    watcher, sleeper = await _open(mediator), await _open(manager)

    event = await _assign(case, manager, inspector)
    assert (await _until(sleeper, "event"))["id"] == event.pk
    assert await watcher.receive_nothing(timeout=0.5)

    # The mediator's own events still arrive.
    mediated = await database_sync_to_async(mediation_event)(
        request=request, kind="mediation.accepted", text="调解申请已受理"
    )
    assert (await _until(watcher, "event"))["id"] == mediated.pk
    replayed = await _replay(mediator)
    assert [m["id"] for m in replayed] == [mediated.pk]
    assert all(not m["kind"].startswith(("case.", "deadline.")) for m in replayed)
    await watcher.disconnect()
    await sleeper.disconnect()


async def test_district_staff_of_another_district_get_none_and_its_manager_gets_all(
    inspector, inspector2, other_inspector, manager, district
):
    case = await database_sync_to_async(CaseFactory)(district=district)
    outsider, own_manager = await _open(other_inspector), await _open(manager)

    event = await _assign(case, manager, inspector2)
    assert (await _until(own_manager, "event"))["id"] == event.pk
    assert await outsider.receive_nothing(timeout=0.5)
    assert await _replay(other_inspector) == []
    assert [m["id"] for m in await _replay(manager)] == [event.pk]
    # A district inspector who is not on the case sees it too (check_view: the district's inspectors).
    assert [m["id"] for m in await _replay(inspector)] == [event.pk]
    await outsider.disconnect()
    await own_manager.disconnect()


async def test_a_case_event_never_travels_through_another_subjects_page_group(inspector, other_district):
    """A case event sent to a campaign's page group is not a campaign event: the page does not relay it."""
    foreign = await database_sync_to_async(CaseFactory)(district=other_district)
    assert event_routes("case.created", ["campaign-7", f"district-{other_district.pk}"]) == [
        f"district-{other_district.pk}.admin",
        f"district-{other_district.pk}.inspector",
        f"district-{other_district.pk}.manager",
    ]
    await database_sync_to_async(services.event_record)(
        kind="case.created", text="外区", payload={"case_id": foreign.pk}, groups=["campaign-7"]
    )
    assert await _replay(inspector) == []
