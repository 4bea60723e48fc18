"""Precompute the dashboard figures into FigureCell rows so that reading them is one indexed query.

Visit figures are refreshed in the transaction of each completed visit (cheap). Complaint figures are
refreshed a few seconds after a case changes (a decision, a payment, a closure: ``figures_due``,
coalesced per campaign, run by the worker), by a periodic task, and on demand. Each cell keeps the
moment it was computed, so a page or an export says how current each figure is. Each refresh that
changes something records a campaign event, which makes open dashboards re-fetch their panels.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import event_record

from ..choices import CampaignStatus, Metric
from ..models import Campaign, FigureCell
from ..selectors import figures

logger = logging.getLogger("wagewatch.inspections")

VISIT_METRICS = (
    Metric.EMPLOYERS_INSPECTED,
    Metric.WORKERS_COVERED,
    Metric.ORDERS,
    "visit_orders",
    "visit_cases",
)
COMPLAINT_METRICS = tuple(
    m for m in Metric.values if m not in (Metric.EMPLOYERS_INSPECTED, Metric.WORKERS_COVERED)
) + ("case_orders",)


def _cells(campaign: Campaign, metric: str, rows, computed_at: datetime.datetime) -> list[FigureCell]:
    """Store each (district, week) value plus the district totals, the week totals and the grand total."""
    by_dw: dict[tuple, Decimal] = defaultdict(Decimal)
    for district_id, week, value in rows:
        by_dw[(district_id, week)] += value
    out: dict[tuple, Decimal] = defaultdict(Decimal)
    for (d, w), v in by_dw.items():
        out[(d, w)] += v
        if w is not None:
            out[(d, None)] += v
            out[(None, w)] += v
        out[(None, None)] += v
    # A metric with no rows still gets its grand total (0), so that its computing time is known.
    out.setdefault((None, None), Decimal(0))
    return [
        FigureCell(campaign=campaign, metric=metric, district_id=d, week=w, value=v, computed_at=computed_at)
        for (d, w), v in out.items()
    ]


def _store(campaign: Campaign, data: dict[str, list], metrics, computed_at: datetime.datetime) -> bool:
    before = set(
        FigureCell.objects.filter(campaign=campaign, metric__in=metrics).values_list(
            "metric", "district_id", "week", "value"
        )
    )
    cells = [c for metric, rows in data.items() for c in _cells(campaign, metric, rows, computed_at)]
    FigureCell.objects.filter(campaign=campaign, metric__in=metrics).delete()
    FigureCell.objects.bulk_create(cells, batch_size=2000)
    # Orders = orders from visits + orders in cases; as current as the older of the two parts.
    orders: defaultdict[tuple, Decimal] = defaultdict(Decimal)
    orders_at = computed_at
    for c in FigureCell.objects.filter(campaign=campaign, metric__in=["visit_orders", "case_orders"]):
        orders[(c.district_id, c.week)] += c.value
        orders_at = min(orders_at, c.computed_at)
    orders.setdefault((None, None), Decimal(0))
    FigureCell.objects.filter(campaign=campaign, metric=Metric.ORDERS).delete()
    FigureCell.objects.bulk_create(
        [
            FigureCell(
                campaign=campaign, metric=Metric.ORDERS, district_id=d, week=w, value=v, computed_at=orders_at
            )
            for (d, w), v in orders.items()
        ]
    )
    after = set(
        FigureCell.objects.filter(campaign=campaign, metric__in=metrics).values_list(
            "metric", "district_id", "week", "value"
        )
    )
    return before != after


@transaction.atomic
def figures_refresh_visits(*, campaign: Campaign) -> bool:
    """Recompute the figures that come from visits (called inside the visit's transaction)."""
    return _store(campaign, figures.visit_figures(campaign), VISIT_METRICS, timezone.now())


@transaction.atomic
def figures_refresh(*, campaign: Campaign, announce: bool = True) -> bool:
    """Recompute every figure; record a campaign event when something changed."""
    now = timezone.now()
    data = {**figures.visit_figures(campaign), **figures.complaint_figures(campaign)}
    changed = _store(campaign, data, VISIT_METRICS + COMPLAINT_METRICS, now)
    campaign.figures_refreshed_at = now
    campaign.save(update_fields=["figures_refreshed_at"])
    if changed and announce:
        event_record(
            kind="campaign.figures_updated",
            text=_("Campaign figures updated"),
            payload={"campaign_id": campaign.pk},
            groups=[f"campaign-{campaign.pk}"],
        )
    return changed


def figures_refresh_all_active(*, today: datetime.date | None = None) -> int:
    """Refresh every campaign under way (or in preparation); return how many."""
    n = 0
    for campaign in Campaign.objects.exclude(status=CampaignStatus.CLOSED):
        figures_refresh(campaign=campaign)
        n += 1
    return n


# ------------------------------------------------------------------------------------------------
# A case changed: refresh the figures of the campaigns over its district, soon and once.
# ------------------------------------------------------------------------------------------------

_due = threading.local()


def _due_key(campaign_id: int) -> str:
    return f"inspections:figures-due:{campaign_id}"


def figures_due(*, district_ids: Iterable[int | None]) -> None:
    """Note that figures of these districts changed; after commit, schedule one refresh per campaign.

    Called from the signal receivers of the complaints models (inspections/signals.py). Several changes
    in one transaction, or in the few seconds before the refresh runs, make one refresh.
    """
    ids: set[int] = _due.__dict__.setdefault("district_ids", set())
    ids.update(d for d in district_ids if d is not None)
    transaction.on_commit(_figures_due_flush)


def _figures_due_flush() -> None:
    ids = _due.__dict__.pop("district_ids", set())
    if not ids:
        return
    campaign_ids = (
        Campaign.objects.exclude(status=CampaignStatus.CLOSED)
        .filter(districts__in=ids)
        .values_list("pk", flat=True)
        .distinct()
    )
    for campaign_id in campaign_ids:
        figures_refresh_soon(campaign_id=campaign_id)


def figures_refresh_soon(*, campaign_id: int) -> None:
    """Enqueue one refresh of the campaign's figures in FIGURES_REFRESH_DELAY seconds, unless one is due."""
    delay = settings.FIGURES_REFRESH_DELAY
    if not cache.add(_due_key(campaign_id), 1, timeout=int(delay) + 120):
        return  # a refresh is already due and will read this change (it clears the key before reading)
    from ..tasks import figures_refresh_task

    try:
        figures_refresh_task.apply_async((campaign_id,), countdown=delay)
    except Exception:  # broker down: the periodic refresh catches up
        cache.delete(_due_key(campaign_id))
        logger.warning("Could not enqueue the figures refresh of campaign %s", campaign_id)


def figures_refresh_due(*, campaign_id: int) -> bool:
    """Run a scheduled refresh: clear the due mark first, so that a change committed from now on
    schedules another refresh, then recompute."""
    cache.delete(_due_key(campaign_id))
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return False
    return figures_refresh(campaign=campaign)
