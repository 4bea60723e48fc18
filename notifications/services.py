"""Record events in the caller's transaction (the outbox) and hand them to delivery after commit.

Domain code calls only ``event_record``; delivery (websockets, SMS, e-mail) happens in tasks.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from django.db import transaction

from .models import Event, Notification, OutboundChannel, OutboundMessage

logger = logging.getLogger("wagewatch.notifications")


def event_record(
    *,
    kind: str,
    text: str,
    payload: dict | None = None,
    groups: Sequence[str] = (),
    recipients: Iterable = (),
    sms: Sequence[tuple[str, str]] = (),
    emails: Sequence[tuple[str, str, str]] = (),
) -> Event:
    """Record an event with its per-user notifications and outbound messages, in the current transaction.

    ``sms`` is a list of (mobile, body); ``emails`` of (address, subject, body). Delivery is enqueued
    only after commit; if the broker is down the event stays undispatched and the sweeper sends it later.
    """
    with transaction.atomic():
        event = Event.objects.create(kind=kind, text=text[:500], payload=payload or {}, groups=list(groups))
        users = {u.pk: u for u in recipients if u is not None}
        Notification.objects.bulk_create([Notification(event=event, user_id=pk) for pk in users])
        messages = [
            OutboundMessage(event=event, channel=OutboundChannel.SMS, to=to, body=body)
            for to, body in sms
            if to
        ]
        messages += [
            OutboundMessage(event=event, channel=OutboundChannel.EMAIL, to=to, subject=subject, body=body)
            for to, subject, body in emails
            if to
        ]
        OutboundMessage.objects.bulk_create(messages)
    transaction.on_commit(lambda: dispatch_after_commit(event.pk))
    return event


def dispatch_after_commit(event_id: int) -> None:
    """Enqueue delivery; a broker failure is logged, never raised (the sweeper retries)."""
    from .tasks import deliver_event

    try:
        deliver_event.delay(event_id)
    except Exception:  # broker down: the change is committed, the sweeper will deliver later
        logger.warning("Could not enqueue delivery of event %s; the sweeper will retry", event_id)
