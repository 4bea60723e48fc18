"""Cache and channel layer: in-memory by default, Redis when REDIS_URL is set.

Redis is an accelerator, never a dependency of a write or a page: every connection to it has a short
timeout, the cache answers from a per-process memory cache while Redis is unreachable (core/cache.py),
and a websocket message that cannot reach the layer is logged, never raised into a request
(notifications/broadcast.py).
"""

from __future__ import annotations

from .env import REDIS_CONNECT_TIMEOUT, REDIS_SOCKET_TIMEOUT, REDIS_URL, env

# Each process keeps the working-day calendar in memory and compares the cache's version key this often
# to see an admin's edit from another process (core/workdays.py).
CALENDAR_RECHECK_SECONDS = env.float("CALENDAR_RECHECK_SECONDS", default=5.0)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ww"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
                # How long a process answers from its memory cache before trying Redis again.
                "RETRY_SECONDS": env.float("REDIS_CACHE_RETRY_SECONDS", default=5.0),
            },
        }
    }
    # "pubsub" (default): a group_send is one Redis PUBLISH that every web process receives once and
    # hands to its local consumers, so fan-out to hundreds of tablets costs one round trip per process
    # (bench/fanout.py). Messages to a socket that is gone are dropped, which the outbox makes safe:
    # a reconnecting client replays what it missed from the database. "core" is channels_redis' list-
    # based layer (at most ``capacity`` queued per channel, one Redis round trip per recipient).
    CHANNEL_LAYER_KIND = env.str("CHANNEL_LAYER", default="pubsub")
    _CHANNELS_PREFIX = env.str("CHANNELS_PREFIX", default="ww-asgi")
    _CHANNELS_HOST = {
        "address": REDIS_URL,
        "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
    }
    if CHANNEL_LAYER_KIND == "core":
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    "hosts": [_CHANNELS_HOST],
                    "prefix": _CHANNELS_PREFIX,
                    "capacity": 1500,
                    "expiry": 30,
                },
            }
        }
    else:
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [_CHANNELS_HOST], "prefix": _CHANNELS_PREFIX},
            }
        }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
