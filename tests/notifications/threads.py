"""Helpers for tests that serve or work in other threads (uvicorn, a Celery worker)."""

from __future__ import annotations

import time
from contextlib import contextmanager

from django.db import connections


@contextmanager
def short_lived_db_connections():
    """Close database connections at the end of each request or task in server and worker threads.

    Those threads outlive the test otherwise (CONN_MAX_AGE), and the test database could not be dropped.
    """
    conf = connections.settings["default"]
    saved = conf.get("CONN_MAX_AGE", 0)
    conf["CONN_MAX_AGE"] = 0
    for conn in connections.all(initialized_only=True):
        conn.settings_dict["CONN_MAX_AGE"] = 0
    try:
        yield
    finally:
        conf["CONN_MAX_AGE"] = saved


def wait_dispatched(event_id: int):
    """Wait until a worker thread has delivered the event; return it (fail after 15 s)."""
    from notifications.models import Event

    for _ in range(300):
        event = Event.objects.get(pk=event_id)
        if event.dispatched_at is not None:
            return event
        time.sleep(0.05)
    raise AssertionError("the worker did not deliver the event")
