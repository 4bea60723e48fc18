"""Tasks of the complaints app (scheduled by beat); each calls one service."""

from __future__ import annotations

from celery import shared_task


@shared_task
def intake_submissions_prune() -> list[int]:
    """Wipe sealed access codes past their replay window, drop old idempotency records and the
    uploads of refused forms nobody came back for (daily)."""
    from .services.intake import intake_submissions_prune as prune
    from .services.upload_staging import staged_uploads_prune

    return [*prune(), staged_uploads_prune()]


@shared_task
def code_attempts_prune() -> int:
    """Drop access-code guess counters whose window ended more than a day ago (daily)."""
    from .code_attempts import code_attempts_prune as prune

    return prune()


@shared_task
def deadline_scan() -> int:
    """Warn of coming deadlines and report overdue cases (services/watch.py); idempotent, run hourly."""
    from .services.watch import deadline_scan as scan

    return scan().recorded
