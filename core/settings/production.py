"""Production: everything from the environment, HTTPS only. Use DJANGO_SETTINGS_MODULE=core.settings.production."""

from __future__ import annotations

from core.settings import *  # noqa: F401,F403

from .env import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# Each uvicorn worker process runs HTTP requests on the WEB_CONCURRENCY_PER_WORKER threads it keeps
# (default 4, core/asgi_handler.py), so HTTP needs at most that many connections at once per process.
# A small psycopg pool per process (Django >= 5.1) holds them, hence
# CONN_MAX_AGE = 0 (the pool keeps connections, not Django); keep DB_POOL_MAX at least
# WEB_CONCURRENCY_PER_WORKER. DB_POOL=0 turns the pool off (e.g. behind PgBouncer).
if IS_POSTGRES and env.bool("DB_POOL", default=True):  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {  # noqa: F405
        "min_size": env.int("DB_POOL_MIN", default=2),
        "max_size": env.int("DB_POOL_MAX", default=16),
        "timeout": 10,
    }
