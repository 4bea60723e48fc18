"""The one environment reader that every settings module shares."""

from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
_dotenv = BASE_DIR / ".env"
if _dotenv.exists():
    environ.Env.read_env(str(_dotenv))

REDIS_URL: str = env.str("REDIS_URL", default="")
# Seconds to wait for a connection to Redis, and for an answer, before treating it as down: the cache,
# the channel layer and the Celery broker all use them, so that Redis down never holds a request long.
REDIS_CONNECT_TIMEOUT: float = env.float("REDIS_CONNECT_TIMEOUT", default=0.5)
REDIS_SOCKET_TIMEOUT: float = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
