"""Celery tasks: load by id and call one service (tasks are APIs for the queue)."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3, acks_late=True)
def ledger_import_task(self, import_id: int) -> None:
    from .services.ledger import ledger_import_run

    ledger_import_run(import_id=import_id)


@shared_task(bind=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3, acks_late=True)
def plan_task(self, run_id: int) -> None:
    from .services.planning import plan_execute

    plan_execute(run_id=run_id)


@shared_task(acks_late=True)
def figures_refresh_task(campaign_id: int | None = None) -> None:
    from .services.dashboard import figures_refresh_all_active, figures_refresh_due

    if campaign_id is None:
        figures_refresh_all_active()
    else:
        figures_refresh_due(campaign_id=campaign_id)


@shared_task(acks_late=True)
def campaign_status_task() -> int:
    from .services.campaign_status import campaign_status_follow_dates_all

    return campaign_status_follow_dates_all()
