"""core.db.InsertBatch writes rows that point at each other in one go, on PostgreSQL and on SQLite."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from core.choices import Role
from core.db import InsertBatch
from core.models import User
from notifications.models import Event, EventGroup, Notification, OutboundMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_rows_point_at_rows_added_before(district, django_capture_on_commit_callbacks):
    staff = [UserFactory(role=Role.INSPECTOR, district=district) for _ in range(3)]
    UserFactory(role=Role.INSPECTOR, district=district, is_active=False)
    batch = InsertBatch()
    event = Event(kind="test.kind", text="文本", payload={"a": 1}, groups=["g1", "g2"])
    batch.add(event)
    batch.add([EventGroup(name="g1"), EventGroup(name="g2")], event=event)
    batch.add_select(
        Notification, "user", User.objects.filter(district=district, is_active=True), event=event
    )
    batch.add(OutboundMessage(channel="sms", to="13800138000", body="正文"), event=event)
    ran = []
    batch.after(lambda: ran.append(event.pk))
    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as ctx:
        with transaction.atomic():
            batch.execute()
        assert ran == []  # not before commit
    if connection.vendor == "postgresql":
        assert len([q for q in ctx.captured_queries if q["sql"].startswith("WITH")]) == 1
    event.refresh_from_db()  # the instance has its id and the row its values
    assert (event.kind, event.payload, event.groups, event.attempts) == (
        "test.kind",
        {"a": 1},
        ["g1", "g2"],
        0,
    )
    assert sorted(event.group_rows.values_list("name", flat=True)) == ["g1", "g2"]
    assert sorted(event.notifications.values_list("user_id", flat=True)) == sorted(u.pk for u in staff)
    message = OutboundMessage.objects.get(event=event)
    assert message.body == "正文" and message.created_at is not None
    assert ran == [event.pk]  # after commit


def test_a_failing_row_writes_nothing():
    Event.objects.create(kind="x", text="x", dedupe_key="taken")
    batch = InsertBatch()
    first = Event(kind="first", text="x")
    batch.add(first)
    batch.add(Event(kind="second", text="x", dedupe_key="taken"))
    with pytest.raises(IntegrityError), transaction.atomic():
        batch.execute()
    assert not Event.objects.filter(kind="first").exists()


def test_a_reference_to_an_unsaved_row_outside_the_batch_is_refused():
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only (CI runs it): the one-statement write; SQLite's row-by-row ORM path raises Django's own error"
        )
    batch = InsertBatch()
    batch.add(EventGroup(name="g"), event=Event(kind="x", text="x"))
    with pytest.raises(ValueError):
        batch.execute()


def test_postgresql_prepares_a_statement_run_again(district):
    """Server-side binding (core/settings/database.py): a repeated statement is planned once per connection."""
    if not connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
        pytest.skip(
            "PostgreSQL only (CI runs it): server-side binding (DB_SERVER_SIDE_BINDING, on by default)"
        )
    for i in range(3):
        batch = InsertBatch()
        batch.add(Event(kind="prepare.test", text=str(i), payload={}, groups=[]))
        batch.execute()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("notifications_event" in sql and sql.startswith("WITH") for sql in prepared)
