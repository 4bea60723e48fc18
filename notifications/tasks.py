"""Tasks are APIs for the queue: each loads by id and calls one service; idempotent, retried with backoff."""

from __future__ import annotations

from celery import shared_task

from . import delivery, services
from .delivery import DeliveryIncomplete


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
def sweep_undelivered() -> int:
    """Re-dispatch every event still not delivered (broker or worker was down, retries ran out)."""
    return len(services.events_redispatch())


@shared_task
def scan_deadlines() -> int:
    """Warn of coming deadlines and report overdue cases (complaints/services/watch.py); idempotent."""
    from complaints.services.watch import deadline_scan

    return deadline_scan().recorded
