"""The dispatcher: publishes committed events to the task queue from a background thread, in batches.

``event_record`` writes an event in the caller's transaction (the outbox); after commit its id comes
here. Publishing a Celery message costs a broker round trip and more than a millisecond of CPU, and a
request should not wait for it. The thread takes the first id waiting, waits ``linger`` seconds (20 ms)
for more to gather (up to ``max_batch``) and publishes them as one ``deliver_events`` task: one message
per event when the site is quiet, far fewer than one per event under load. Without the linger, a busy
process published one or two ids at a time, and publishing stood out in a py-spy --gil profile of the
server under bench/intake.py; 20 ms is nothing next to an SMS or a browser's websocket.

Nothing is lost if the broker is down or the process dies with ids still queued: the events stay
undispatched in the database and the sweeper (``sweep_undelivered``, every minute) sends them.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable

logger = logging.getLogger("wagewatch.notifications")


class Dispatcher:
    def __init__(self, publish: Callable[[list[int]], bool], max_batch: int = 100, linger: float = 0.02):
        self._publish = publish
        self._max_batch = max_batch
        self._linger = linger
        self._queue: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._pending = 0
        self._idle = threading.Condition(self._lock)

    def submit(self, event_id: int) -> None:
        self._ensure_thread()
        with self._lock:
            self._pending += 1
        self._queue.put(event_id)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every submitted id has been published (or failed to be); True if it got there."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def _ensure_thread(self) -> None:
        pid = os.getpid()
        if self._thread is not None and self._pid == pid and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or self._pid != pid or not self._thread.is_alive():
                if self._pid != pid:  # a forked child starts with an empty queue of its own
                    self._queue, self._pending = queue.SimpleQueue(), 0
                self._pid = pid
                self._thread = threading.Thread(target=self._run, name="event-dispatcher", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            ids = [self._queue.get()]
            until = time.monotonic() + self._linger
            while len(ids) < self._max_batch:
                try:
                    ids.append(self._queue.get(timeout=max(0.0, until - time.monotonic())))
                except queue.Empty:
                    break
            try:
                self._publish(ids)
            except Exception:  # never let the thread die; the sweeper covers these ids
                logger.exception("Dispatcher could not publish events %s", ids)
            finally:
                with self._idle:
                    self._pending -= len(ids)
                    self._idle.notify_all()


def _publish(ids: list[int]) -> bool:
    from .services import events_enqueue

    return events_enqueue(ids)


dispatcher = Dispatcher(_publish)
