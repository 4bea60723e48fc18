"""Celery tasks: thin, idempotent wrappers around one service each."""

from __future__ import annotations

from celery import shared_task

from .services import deadlines


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def mediation_deadline_scan(self) -> dict:
    """Warn before the 15-day deadline, lapse after it, flag overdue agreement terms."""
    return deadlines.mediation_deadline_scan()


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def mediation_session_reminders(self) -> int:
    """Enqueue the reminders that are due (each one is sent at most once)."""
    ids = deadlines.sessions_to_remind()
    for session_id in ids:
        mediation_session_remind.delay(session_id)
    return len(ids)


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def mediation_session_remind(self, session_id: int) -> bool:
    return deadlines.session_remind(session_id=session_id)
