"""Celery: run tasks in process by default; a Redis broker, a worker and beat when REDIS_URL is set."""

from __future__ import annotations

from celery.schedules import crontab

from .env import BASE_DIR, REDIS_CONNECT_TIMEOUT, REDIS_URL, env

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A dead broker must never hang a request: publishing gives up fast (one retry, a short connect timeout)
# and the outbox sweeper retries. Events are published from a background thread anyway
# (notifications/dispatch.py); a job started from a page (ledger import, plan) publishes on commit and
# stays queued in the database, the page saying so, if the broker is down.
CELERY_BROKER_CONNECTION_TIMEOUT = max(REDIS_CONNECT_TIMEOUT, 1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    # Longer than a worker's blocking read of the queue (1 s), which shares the connection's socket.
    "socket_timeout": 2,
    "socket_connect_timeout": max(REDIS_CONNECT_TIMEOUT, 1.0),
}
CELERY_TASK_PUBLISH_RETRY = False
# Beat (django-celery-beat's DatabaseScheduler installs these entries; an admin may retune them).
CELERY_BEAT_SCHEDULE: dict = {
    # The outbox sweeper: anything recorded but not delivered (broker or worker was down) goes out again.
    "notifications-sweep-undelivered": {
        "task": "notifications.tasks.sweep_undelivered",
        "schedule": env.float("NOTIFICATIONS_SWEEP_SECONDS", default=60.0),
    },
    # Deadline watch: idempotent, so running it often only makes warnings timely.
    "complaints-scan-deadlines": {
        "task": "complaints.tasks.deadline_scan",
        "schedule": crontab(minute="7", hour="*"),
    },
}
# Idempotency records of intake: sealed access codes wiped after their replay window, records after 30 days;
# the uploads of refused forms (complaints/services/upload_staging.py) after a day.
CELERY_BEAT_SCHEDULE["complaints-intake-submissions-prune"] = {
    "task": "complaints.tasks.intake_submissions_prune",
    "schedule": crontab(minute="23", hour="3"),
}
# Access-code guess counters (complaints/code_attempts.py) of windows that ended a day ago.
CELERY_BEAT_SCHEDULE["complaints-code-attempts-prune"] = {
    "task": "complaints.tasks.code_attempts_prune",
    "schedule": crontab(minute="41", hour="3"),
}
# A campaign's status follows its dates (inspections/services/campaign_status.py; also on every read).
CELERY_BEAT_SCHEDULE["inspections-campaign-status"] = {
    "task": "inspections.tasks.campaign_status_task",
    "schedule": crontab(minute="3", hour="*"),
}
# An event younger than this is left to its own after-commit task before the sweeper sends it again.
NOTIFICATIONS_SWEEP_GRACE_SECONDS = env.int("NOTIFICATIONS_SWEEP_GRACE_SECONDS", default=30)

# Delivery backends (the SMS backend itself is chosen in domain.py with the gateway URL and timeout).
SMS_GATEWAY_RETRIES = env.int("SMS_GATEWAY_RETRIES", default=2)
# FileSmsBackend: one JSON line per message, shared by the web process and the worker in development.
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(BASE_DIR / "var" / "sms.jsonl"))

# Mediation (mediation): the 15-day scan (第十四条) and session reminders.
CELERY_BEAT_SCHEDULE["mediation-deadline-scan"] = {
    "task": "mediation.tasks.mediation_deadline_scan",
    "schedule": env.int("MEDIATION_SCAN_SECONDS", default=30 * 60),
}
CELERY_BEAT_SCHEDULE["mediation-session-reminders"] = {
    "task": "mediation.tasks.mediation_session_reminders",
    "schedule": env.int("MEDIATION_REMINDER_SCAN_SECONDS", default=10 * 60),
}
# inspections: a case that changes (decision, payment, closure) refreshes the figures of the campaigns
# over its district this many seconds later, once for all the changes made meanwhile.
FIGURES_REFRESH_DELAY = env.float("FIGURES_REFRESH_DELAY", default=3.0)
# inspections: refresh the winter campaign's complaint-derived figures (what the signals do not see:
# complaints filed by intake's one-statement write).
CELERY_BEAT_SCHEDULE["inspections-figures-refresh"] = {
    "task": "inspections.tasks.figures_refresh_task",
    "schedule": 300.0,
}
