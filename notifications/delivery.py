"""Deliver recorded events: websocket groups through the channel layer, SMS and e-mail through backends."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .backends.sms import get_sms_backend
from .models import Event, OutboundChannel, OutboundMessage

logger = logging.getLogger("wagewatch.notifications")


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
            return False
        locked.sent_at = timezone.now()
        locked.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def event_deliver(*, event_id: int) -> None:
    """Deliver an event's outbound messages and mark it dispatched; raise if anything must be retried."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.dispatched_at is not None:
        return
    failed = [m.pk for m in event.outbound.filter(sent_at__isnull=True) if not outbound_send(m)]
    if failed:
        Event.objects.filter(pk=event_id).update(attempts=event.attempts + 1)
        raise RuntimeError(f"outbound messages {failed} not sent yet")
    Event.objects.filter(pk=event_id, dispatched_at__isnull=True).update(dispatched_at=timezone.now())
