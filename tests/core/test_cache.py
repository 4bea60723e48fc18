# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""The cache backend against a real redis-server that the test stops and starts (core/cache.py)."""

from __future__ import annotations

import logging

import pytest
import redis
from rest_framework.test import APIClient

from core.cache import ResilientRedisCache
from tests.complaints.intake_fixtures import api_payload, media  # noqa: F401

pytestmark = pytest.mark.redis_server


def backend(server, **options) -> ResilientRedisCache:
    return ResilientRedisCache(
        server.url,
        {"KEY_PREFIX": "t", "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1, **options}},
    )


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "wagewatch.cache"]


def test_uses_redis_while_it_is_up(redis_server):
    cache = backend(redis_server)
    cache.set("k", {"a": 1}, 60)
    assert cache.get("k") == {"a": 1} and not cache.degraded
    assert redis.Redis.from_url(redis_server.url).exists("t:1:k") == 1


def test_redis_down_answers_from_memory_and_logs_once(redis_server, caplog):
    cache = backend(redis_server, RETRY_SECONDS=0)
    cache.set("kept", "in redis", 60)
    redis_server.stop()
    caplog.set_level(logging.WARNING, logger="wagewatch.cache")

    assert cache.get("kept") is None  # what only Redis held is a miss, not an error
    cache.set("k", "v", 60)
    assert cache.get("k") == "v" and cache.degraded
    assert cache.add("k", "other") is False and cache.add("new", 1) is True
    assert cache.incr("new") == 2
    with pytest.raises(ValueError):
        cache.incr("missing")  # the same contract as Redis
    cache.set_many({"a": 1, "b": 2})
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    cache.delete("a")
    assert not cache.has_key("a") and cache.get_or_set("c", 3) == 3
    assert len(warnings_of(caplog)) == 1  # one line for the outage, not one per call

    redis_server.start()
    assert cache.get("kept") is None  # a fresh server: the memory cache is not copied back
    assert cache.get("k") is None and not cache.degraded  # answered by Redis again; memory emptied
    cache.set("k", "back", 60)
    assert redis.Redis.from_url(redis_server.url).exists("t:1:k") == 1
    assert len(warnings_of(caplog)) == 2 and "reachable again" in warnings_of(caplog)[1]


def test_after_a_failure_redis_is_left_alone_until_the_retry_time(redis_server):
    cache = backend(redis_server, RETRY_SECONDS=3600)
    redis_server.stop()
    cache.set("k", "memory", 60)
    redis_server.start()
    # Within the retry interval no call pays for a connection attempt: still the memory cache.
    assert cache.get("k") == "memory" and cache.degraded


def test_every_thread_of_the_process_shares_the_fallback(redis_server):
    import threading

    first = backend(redis_server, RETRY_SECONDS=3600)
    redis_server.stop()
    first.set("k", "shared", 60)
    seen: list = []
    thread = threading.Thread(target=lambda: seen.append(backend(redis_server, RETRY_SECONDS=3600).get("k")))
    thread.start()
    thread.join()
    assert seen == ["shared"]


@pytest.mark.django_db
def test_rate_limit_holds_per_process_while_redis_is_down(redis_server, settings, district, media):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "RETRY_SECONDS": 0},
        }
    }
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "intake": "3/hour"},
    }
    redis_server.stop()
    api = APIClient()
    codes = [
        api.post(
            "/api/v1/complaints/",
            api_payload(district, amount_owed=str(100 + n), confirm_different_matter=True),
            format="json",
        ).status_code
        for n in range(4)
    ]
    assert codes == [201, 201, 201, 429]  # neither open-ended nor an error
