"""The Celery application; tasks run in process unless REDIS_URL gives a broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

app = Celery("wagewatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
