"""Delivery tasks: idempotent per event and per outbound message."""

from __future__ import annotations

from celery import shared_task

from . import delivery


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def deliver_event(self, event_id: int) -> None:
    """Deliver one event to its websocket groups and external channels (once)."""
    delivery.event_deliver(event_id=event_id)
