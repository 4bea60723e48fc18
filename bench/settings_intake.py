"""Bench-only settings: the production-like defaults, the intake throttle off, the ceiling URL available.

Used only by bench/intake.py (DJANGO_SETTINGS_MODULE=bench.settings_intake); never in production.
"""

from core.settings import *  # noqa: F401,F403
from core.settings import REST_FRAMEWORK

ROOT_URLCONF = "bench.urls_intake"
DEBUG = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "intake": "off"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
