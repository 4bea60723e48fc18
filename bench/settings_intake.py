"""Bench-only settings: the production-like defaults, the intake throttle off, the ceiling URL available.

Used only by bench/intake.py (DJANGO_SETTINGS_MODULE=bench.settings_intake); never in production.
"""

import os

from core.settings import *  # noqa: F401,F403
from core.settings import REST_FRAMEWORK

ROOT_URLCONF = "bench.urls_intake"
DEBUG = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "intake": "off"},
}
# A small pool per worker process (Django >= 5.1, psycopg-pool), as core/settings/production.py has it,
# is the deployment this bench measures; WW_BENCH_POOL=0 measures connect-per-request instead.
if IS_POSTGRES and os.environ.get("WW_BENCH_POOL", "1") == "1":  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 4, "max_size": 16, "timeout": 10}  # noqa: F405

LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
