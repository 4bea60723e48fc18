"""Django's ASGI handler, made to run each HTTP request in one thread, at most N at a time per process.

Two costs of the stock handler show up under load (measured with ``bench/intake.py``):

* **Thread hops.** Under ASGI Django builds the middleware chain in async mode. Every ``MiddlewareMixin``
  middleware then runs its ``process_request``/``process_response`` through ``sync_to_async`` and a
  sync-only one (WhiteNoise) through ``async_to_sync``, so one request crosses between the event loop
  and its thread some twenty times (Django's docs put a switch at about a millisecond under load).
  This project has no async views, so the chain is built in sync mode and the whole request (middleware
  and view) runs in one thread with one hop, as under WSGI. An async view would still work: Django's
  sync handler runs it with ``async_to_sync``.
* **A thread per request.** Django enters a fresh ``ThreadSensitiveContext`` for each request, so each
  request starts a thread and a second one to join it at the end; and nothing bounds how many run at
  once, so dozens of threads contend for the GIL in one process and a thread back from a database
  round trip queues behind CPU-bound ones (the convoy effect): throughput falls as concurrency rises.
  Here each process keeps ``limit`` request threads (one single-thread executor each) and lends one to
  a request for its whole life (``request_started`` receivers, middleware, view, ``request_finished``),
  through the executor form of ``ThreadSensitiveContext`` (asgiref >= 3.13). The body is read in the
  event loop first, so a slow upload holds no thread and no database connection; requests waiting for a
  thread queue first come, first served. Reused threads also make ``CONN_MAX_AGE`` safe under ASGI (a
  connection per thread, not per request). The database pool (``DB_POOL_MAX``) should be at least
  ``limit``.

Websockets do not pass through here (Channels routes them).
"""

from __future__ import annotations

import asyncio
import contextvars
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.asgi import get_asgi_application
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler

# The body read before a thread was lent, handed to Django's ``handle`` through ``read_body``.
_read_ahead: contextvars.ContextVar = contextvars.ContextVar("wagewatch_read_ahead", default=None)


class ThreadedASGIHandler(ASGIHandler):
    def __init__(self, limit: int = 0):
        self.limit = limit
        self._threads: asyncio.Queue[ThreadPoolExecutor] | None = None
        super().__init__()

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def __call__(self, scope, receive, send):
        if self.limit <= 0 or scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        try:
            body_file = await super().read_body(receive)
        except RequestAborted:
            return
        if self._threads is None:  # made on first use, inside this worker process's event loop
            self._threads = asyncio.Queue()
            for i in range(self.limit):
                self._threads.put_nowait(ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"request-{i}"))
        try:
            executor = await self._threads.get()
        except BaseException:
            body_file.close()
            raise
        token = _read_ahead.set(body_file)
        try:
            # A request whose client went away may leave its view still running in the thread; the
            # next request lent that thread then simply waits for it (one call at a time per executor).
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            _read_ahead.reset(token)
            self._threads.put_nowait(executor)

    async def read_body(self, receive):
        body_file = _read_ahead.get()
        if body_file is not None:
            _read_ahead.set(None)
            return body_file
        return await super().read_body(receive)

    async def get_response_async(self, request):
        # The chain is synchronous (load_middleware): run it whole in the request's thread.
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_threaded_asgi_application(limit: int = 0) -> ThreadedASGIHandler:
    get_asgi_application()  # django.setup(), as Django's own entry point does it
    return ThreadedASGIHandler(limit)
