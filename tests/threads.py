"""Helpers for tests that work in other threads: calls started together, servers and workers (uvicorn, Celery)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connections


def run_together(*calls: Callable) -> list:
    """Run the calls in threads of their own (each with its own database connection), released together
    at a barrier so that they overlap as much as they can; return their results in order.

    An exception in any call fails the test (after every thread has finished).
    """
    results: list = [None] * len(calls)
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(calls))

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = calls[i]()
        except BaseException as exc:  # collected and raised below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def in_threads(n: int, work: Callable[[int], object]) -> list:
    """``run_together`` of ``work(0)`` … ``work(n - 1)``."""
    return run_together(*(lambda i=i: work(i) for i in range(n)))


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
