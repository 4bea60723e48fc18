"""Django's ASGI handler, made to run each HTTP request in one thread, at most N at a time per process.

Two costs of the stock handler show up under load (measured with ``bench/intake.py``):

* **Thread hops.** Under ASGI Django builds the middleware chain in async mode. Every ``MiddlewareMixin``
  middleware then runs its ``process_request``/``process_response`` through ``sync_to_async`` and a
  sync-only one (WhiteNoise) through ``async_to_sync``, so one request crosses between the event loop
  and its thread some twenty times (Django's docs put a switch at about a millisecond under load).
  This project has no async views, so the chain is built in sync mode and the whole request (middleware
  and view) runs in one thread with one hop, as under WSGI. An async view would still work: Django's
  sync handler runs it with ``async_to_sync``.
* **Unbounded threads.** Each request gets its own thread; dozens of them contend for the GIL in one
  process, and a thread back from a database round trip queues behind CPU-bound ones (the convoy
  effect): throughput falls as concurrency rises and the tail grows. Here a request's body is read in
  the event loop as before, but its thread starts only once one of ``limit`` slots is free; waiting
  requests queue first come, first served, holding no thread and no database connection. The database
  pool (``DB_POOL_MAX``) should be at least ``limit``.

Websockets do not pass through here (Channels routes them).
"""

from __future__ import annotations

import asyncio

from asgiref.sync import sync_to_async
from django.core.asgi import get_asgi_application
from django.core.handlers.asgi import ASGIHandler


class ThreadedASGIHandler(ASGIHandler):
    def __init__(self, limit: int = 0):
        self.limit = limit
        self._slots: asyncio.Semaphore | None = None
        super().__init__()

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request):
        if self.limit <= 0:
            return await sync_to_async(self.get_response, thread_sensitive=True)(request)
        if self._slots is None:  # made on first use, inside this worker process's event loop
            self._slots = asyncio.Semaphore(self.limit)
        async with self._slots:
            return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_threaded_asgi_application(limit: int = 0) -> ThreadedASGIHandler:
    get_asgi_application()  # django.setup(), as Django's own entry point does it
    return ThreadedASGIHandler(limit)
