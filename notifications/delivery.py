"""Deliver recorded events: websocket groups through the channel layer, SMS and e-mail through backends.

Each step is idempotent: an event is sent live once (``broadcast_at``), each outbound message is
sent once (``sent_at``, under a row lock), and the event is marked dispatched when all are done.
Clients also drop an event id they have already seen, so a repeat after a crash is harmless.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .backends.sms import get_sms_backend
from .broadcast import BroadcastUnavailable, group_send_all
from .models import Event, OutboundChannel, OutboundMessage
from .permissions import event_routes
from .selectors import notification_unread_count


class DeliveryIncomplete(Exception):
    """Part of an event could not be delivered yet; the task retries with backoff."""


logger = logging.getLogger("wagewatch.notifications")


def retry_delay(attempts: int) -> timedelta:
    """Return how long the sweeper waits before trying an event again: 30 s doubling, at most an hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def event_message(event: Event) -> dict:
    """Return the websocket message for an event (docs/websocket.md: type, id, kind, text, payload, created_at)."""
    return {
        "type": "event",
        "id": event.pk,
        "kind": event.kind,
        "text": event.text,
        "payload": event.payload,
        "created_at": event.created_at.isoformat(),
    }


def unread_message(user_id: int) -> dict:
    return {"type": "unread", "count": notification_unread_count(user_id=user_id)}


def event_broadcast(event: Event) -> None:
    """Send the event to the groups its kind may reach and to its recipients, once; raise if the layer is down."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.broadcast_at is not None:
            return
        message = event_message(locked)
        user_ids = list(locked.notifications.values_list("user_id", flat=True))
        routes = event_routes(locked.kind, locked.groups)
        pairs = [(group, message) for group in routes]
        pairs += [(f"user-{uid}", message) for uid in user_ids if f"user-{uid}" not in routes]
        pairs += [(f"user-{uid}", unread_message(uid)) for uid in user_ids]
        group_send_all(pairs)
        locked.broadcast_at = timezone.now()
        locked.save(update_fields=["broadcast_at"])


def outbound_send(message: OutboundMessage) -> bool:
    """Send one outbound message unless already sent; return whether it is sent now."""
    with transaction.atomic():
        locked = OutboundMessage.objects.select_for_update().get(pk=message.pk)
        if locked.sent_at is not None:
            return True
        locked.attempts += 1
        try:
            if locked.channel == OutboundChannel.SMS:
                get_sms_backend().send(to=locked.to, body=locked.body, key=f"out-{locked.pk}")
            else:
                send_mail(locked.subject, locked.body, None, [locked.to])
        except Exception as exc:
            locked.last_error = str(exc)[:300]
            locked.save(update_fields=["attempts", "last_error"])
            logger.warning("Outbound %s #%s not sent: %s", locked.channel, locked.pk, locked.last_error)
            return False
        locked.sent_at = timezone.now()
        locked.last_error = ""
        if locked.redacted_body:  # the secret was needed only to send; do not keep it at rest
            locked.body, locked.redacted_body = locked.redacted_body, ""
        locked.save(update_fields=["attempts", "sent_at", "last_error", "body", "redacted_body"])
        return True


def event_deliver(*, event_id: int) -> None:
    """Deliver an event live and to its outbound messages, then mark it dispatched; raise to be retried."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.dispatched_at is not None:
        return
    errors: list[str] = []
    try:
        event_broadcast(event)
    except BroadcastUnavailable as exc:
        errors.append(f"live: {exc}")
    failed = [m.pk for m in event.outbound.filter(sent_at__isnull=True) if not outbound_send(m)]
    if failed:
        errors.append(f"outbound messages {failed} not sent")
    if errors:
        attempts = event.attempts + 1
        Event.objects.filter(pk=event_id).update(
            attempts=attempts,
            last_error="; ".join(errors)[:300],
            next_attempt_at=timezone.now() + retry_delay(attempts),
        )
        raise DeliveryIncomplete(f"event {event_id}: " + "; ".join(errors))
    Event.objects.filter(pk=event_id, dispatched_at__isnull=True).update(
        dispatched_at=timezone.now(), last_error=""
    )


def unread_push(*, user_id: int) -> None:
    """Send a user's unread count live (after marking read); not stored, so a failure is only logged."""
    from .broadcast import group_send

    group_send(f"user-{user_id}", unread_message(user_id))
