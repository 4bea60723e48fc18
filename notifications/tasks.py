"""Tasks are APIs for the queue: each loads by id and calls one service; idempotent, retried with backoff."""

from __future__ import annotations

import logging

from celery import shared_task

from . import delivery, services
from .delivery import DeliveryIncomplete

logger = logging.getLogger("wagewatch.notifications")


@shared_task(
    bind=True,
    autoretry_for=(DeliveryIncomplete, ConnectionError, OSError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=3,
)
def deliver_event(self, event_id: int) -> None:
    """Deliver one event to its websocket groups and external channels (once).

    A few quick retries cover a blip; a longer outage is the sweeper's, with backoff per event.
    """
    delivery.event_deliver(event_id=event_id)


@shared_task
def deliver_events(event_ids: list[int]) -> None:
    """Deliver events the web process gathered into one message; one that fails is retried on its own."""
    for event_id in event_ids:
        try:
            delivery.event_deliver(event_id=event_id)
        except Exception:
            logger.warning("Delivery of event %s failed; retrying it alone", event_id, exc_info=True)
            deliver_event.apply_async((event_id,), countdown=2)


@shared_task
def sweep_undelivered() -> int:
    """Re-dispatch every event still not delivered (broker or worker was down, retries ran out)."""
    return len(services.events_redispatch())
