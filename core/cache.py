"""The Redis cache backend, degraded to a per-process memory cache while Redis is unreachable.

Redis is an accelerator here, never a dependency of a write or a page: every cache user (DRF's rate
limits, the working-day calendar's version key, the workbench's filter form) keeps working through an
outage. ``ResilientRedisCache`` is Django's own ``RedisCache``; when a call fails with redis'
``ConnectionError`` or ``TimeoutError`` it answers that call, and every call for the next
``RETRY_SECONDS``, from a ``LocMemCache`` shared by the threads of this process, then tries Redis
again. A rate limit therefore becomes a per-process limit (neither open-ended nor an error), and an
outage costs one connect timeout per process every ``RETRY_SECONDS``, not one per request. It logs
once when an outage starts and once when it ends, not per request; the fallback is emptied when
Redis is back, so the next outage does not start from stale entries.

django-redis' ``IGNORE_EXCEPTIONS`` answers a miss instead (a rate limit would fail open), and
django-cache-fallback catches every exception on every call (bugs included) and retries the dead
server each time; both would also replace the backend the project otherwise keeps.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("wagewatch.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class _Outage:
    """Whether one Redis location is down in this process; shared by the backend's per-thread instances."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0

    def skip_redis(self) -> bool:
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, exc: Exception, retry_seconds: float) -> None:
        with self.lock:
            now = time.monotonic()
            self.retry_at = now + retry_seconds
            if self.down_since is None:
                self.down_since = now
                logger.warning(
                    "Redis cache at %s unreachable (%s: %s); using this process's memory cache",
                    self.location,
                    type(exc).__name__,
                    str(exc)[:200],
                )

    def recovered(self, fallback: LocMemCache) -> None:
        with self.lock:
            if self.down_since is None:
                return
            logger.warning(
                "Redis cache at %s reachable again after %.0f s",
                self.location,
                time.monotonic() - self.down_since,
            )
            self.down_since = None
            fallback.clear()


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage(location))


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that falls back to a per-process LocMemCache while Redis is unreachable.

    OPTIONS are those of RedisCache (e.g. ``socket_connect_timeout``, ``socket_timeout``), plus
    ``RETRY_SECONDS`` (how long to stay on the fallback before trying Redis again, default 5) and
    ``FALLBACK_MAX_ENTRIES`` (default 10,000).
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self._retry_seconds = float(options.pop("RETRY_SECONDS", 5.0))
        max_entries = int(options.pop("FALLBACK_MAX_ENTRIES", 10_000))
        params["OPTIONS"] = options
        super().__init__(server, params)
        location = server if isinstance(server, str) else ",".join(server)
        self._outage = _outage_for(location)
        self._fallback = LocMemCache(
            f"redis-fallback:{location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "KEY_FUNCTION": params.get("KEY_FUNCTION"),
                "OPTIONS": {"MAX_ENTRIES": max_entries},
            },
        )

    @property
    def degraded(self) -> bool:
        """Whether this process is answering from its memory cache (Redis was unreachable)."""
        return self._outage.down_since is not None

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        outage = self._outage
        if not outage.skip_redis():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as exc:
                outage.failed(exc, self._retry_seconds)
            else:
                if outage.down_since is not None:
                    outage.recovered(self._fallback)
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", list(keys), version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", list(keys), version=version)

    def clear(self):
        return self._call("clear")
