"""Record events in the caller's transaction (the outbox) and hand them to delivery after commit.

Domain code calls only ``event_record``; delivery (websockets, SMS, e-mail) happens in delivery.py
through tasks.py. Reading and marking notifications is here too (the only writes of this app).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.db import CompiledSelect, InsertBatch

from . import registry
from .models import Event, EventGroup, Notification, OutboundChannel, OutboundMessage

logger = logging.getLogger("wagewatch.notifications")

# Personal data never travels in a websocket payload (docs/law/identifiers.md).
_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)")
_MOBILE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def payload_check(value: object, *, path: str = "payload") -> None:
    """Raise ValueError if a payload or text carries something that looks like an ID or mobile number."""
    if isinstance(value, dict):
        for key, item in value.items():
            payload_check(item, path=f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            payload_check(item, path=f"{path}[{index}]")
    elif isinstance(value, int | str) and (_RESIDENT_ID.search(str(value)) or _MOBILE.search(str(value))):
        raise ValueError(f"{path} looks like it carries an ID or phone number; mask it first")


def routing_check(kind: str, payload: dict, groups: Sequence[str]) -> None:
    """Raise ValueError unless an event for groups other than users' has a registered kind and subject id.

    Who receives an event beyond the users it addresses follows its kind's registration (registry.py),
    and replay checks the subject's permission on the object named in the payload.
    """
    if all(g.startswith("user-") for g in groups):
        return
    spec = registry.kind_spec(kind)
    if spec is None:
        raise ValueError(f"event kind {kind!r} is not registered (notifications.registry)")
    if registry.subject_id(spec, payload) is None:
        raise ValueError(f"an event of kind {kind!r} needs payload[{spec.subject.payload_key!r}]")


def _redact(body: str, secrets: Sequence[str] = ()) -> str:
    """Return the body with every secret starred out, or "" when there is nothing to hide."""
    redacted = body
    for secret in secrets:
        if secret:
            redacted = redacted.replace(secret, "*" * len(secret))
    return redacted if redacted != body else ""


def event_record(
    *,
    kind: str,
    text: str,
    payload: dict | None = None,
    groups: Sequence[str] = (),
    recipients: Iterable | QuerySet | CompiledSelect = (),
    sms: Sequence[tuple[str, str] | tuple[str, str, Sequence[str]]] = (),
    emails: Sequence[tuple[str, str, str]] = (),
    dedupe_key: str | None = None,
    batch: InsertBatch | None = None,
) -> Event:
    """Record an event with its per-user notifications and outbound messages, in the current transaction.

    ``recipients`` are users, or a queryset of users or its ``CompiledSelect`` (then the rows are made
    by the database, not fetched first). ``sms`` is a list of (mobile, body) or (mobile, body, secrets): the secrets (e.g.
    an access code) are starred out of the stored text as soon as the message is sent; ``emails`` of
    (address, subject, body). Delivery is enqueued only after commit; if the broker is down the event
    stays undispatched and the sweeper sends it later. With ``dedupe_key``, an event already recorded
    under that key is returned instead (recorded once).

    The rows are written in one round trip (core.db.InsertBatch); pass ``batch`` to add them to the
    caller's batch instead, which then writes them with its own rows (and enqueues delivery after).
    """
    payload = payload or {}
    payload_check(payload)
    payload_check(text, path="text")
    group_names = list(dict.fromkeys(g for g in groups if g))
    routing_check(kind, payload, group_names)
    if "city" not in group_names and any(g.startswith("district-") for g in group_names):
        group_names.append("city")  # city-wide staff follow every district
    if dedupe_key:
        if batch is not None:
            raise ValueError("an event with a dedupe key is recorded on its own, not in a batch")
        existing = Event.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    own_batch = batch is None
    batch = batch or InsertBatch()
    event = Event(kind=kind, text=text[:500], payload=payload, groups=group_names, dedupe_key=dedupe_key)
    batch.add(event)
    batch.add([EventGroup(name=name) for name in group_names], event=event)
    if isinstance(recipients, QuerySet | CompiledSelect):
        batch.add_select(Notification, "user", recipients, event=event)
    else:
        users = dict.fromkeys(u.pk for u in recipients if u is not None)
        batch.add([Notification(user_id=pk) for pk in users], event=event)
    messages = [
        OutboundMessage(
            channel=OutboundChannel.SMS, to=item[0], body=item[1], redacted_body=_redact(*item[1:])
        )
        for item in sms
        if item[0]
    ]
    messages += [
        OutboundMessage(channel=OutboundChannel.EMAIL, to=to, subject=subject, body=body)
        for to, subject, body in emails
        if to
    ]
    batch.add(messages, event=event)
    batch.after(lambda: dispatch_after_commit(event.pk))
    if own_batch:
        try:
            # A savepoint only where an insert may fail on purpose (the dedupe key): without one, a
            # caller's transaction pays two more round trips for nothing.
            with transaction.atomic(savepoint=bool(dedupe_key)):
                batch.execute()
        except IntegrityError:
            if dedupe_key is None:
                raise
            # Another run recorded the same key between our check and our insert.
            return Event.objects.get(dedupe_key=dedupe_key)
    return event


def dispatch_after_commit(event_id: int) -> None:
    """Hand a committed event to delivery; a broker failure is logged, never raised (the sweeper retries).

    With tasks in process (no broker) delivery runs here and now. With a broker, the id goes to this
    process's dispatcher thread, which publishes whatever has gathered as one task (dispatch.py), so a
    request does not pay for a broker round trip.
    """
    from core.celery import app

    if app.conf.task_always_eager:
        events_enqueue([event_id])
    else:
        from .dispatch import dispatcher

        dispatcher.submit(event_id)


def events_enqueue(event_ids: list[int]) -> bool:
    """Publish one delivery task for these events; log and return False if the broker is down."""
    from .tasks import deliver_event, deliver_events

    try:
        if len(event_ids) == 1:
            deliver_event.delay(event_ids[0])
        else:
            deliver_events.delay(event_ids)
    except Exception as exc:  # broker down: the change is committed, the sweeper will deliver later
        logger.warning(
            "Could not enqueue delivery of events %s (%s: %s); the sweeper will retry",
            event_ids,
            type(exc).__name__,
            str(exc)[:200],
        )
        return False
    return True


def events_redispatch(*, older_than: timedelta | None = None, limit: int = 500) -> list[int]:
    """Enqueue delivery again for events not dispatched yet (the sweeper); return their ids.

    An event whose last attempt failed waits for its ``next_attempt_at`` (backoff), so a long outage
    of the SMS gateway does not pile up tasks.
    """
    if older_than is None:
        older_than = timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS)
    now = timezone.now()
    ids = list(
        Event.objects.filter(dispatched_at__isnull=True, created_at__lte=now - older_than)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    if ids:
        events_enqueue(ids)  # one message; an event that fails in it is retried on its own
    return ids


def _unread_changed(user_id: int) -> None:
    def push() -> None:
        from .delivery import unread_push

        unread_push(user_id=user_id)

    transaction.on_commit(push)


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (idempotent) and update their badge live."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id, user=user)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            _unread_changed(user.pk)
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark all of the user's notifications read; return how many changed."""
    with transaction.atomic():
        changed = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
        if changed:
            _unread_changed(user.pk)
    return changed
