"""Cache and channel layer: in-memory by default, Redis when REDIS_URL is set."""

from __future__ import annotations

from .env import REDIS_URL, env

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ww"),
        }
    }
    # "pubsub" (default): a group_send is one Redis PUBLISH that every web process receives once and
    # hands to its local consumers, so fan-out to hundreds of tablets costs one round trip per process
    # (bench/fanout.py). Messages to a socket that is gone are dropped, which the outbox makes safe:
    # a reconnecting client replays what it missed from the database. "core" is channels_redis' list-
    # based layer (at most ``capacity`` queued per channel, one Redis round trip per recipient).
    CHANNEL_LAYER_KIND = env.str("CHANNEL_LAYER", default="pubsub")
    _CHANNELS_PREFIX = env.str("CHANNELS_PREFIX", default="ww-asgi")
    if CHANNEL_LAYER_KIND == "core":
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [REDIS_URL], "prefix": _CHANNELS_PREFIX, "capacity": 1500, "expiry": 30},
            }
        }
    else:
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [REDIS_URL], "prefix": _CHANNELS_PREFIX},
            }
        }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
