"""Precompute the dashboard figures into FigureCell rows so that reading them is one indexed query.

Visit figures are refreshed in the transaction of each completed visit (cheap); complaint figures by a
periodic task (and on demand). Each refresh that changes something records a campaign event, which
makes open dashboards re-fetch their panels.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import event_record

from ..choices import CampaignStatus, Metric
from ..models import Campaign, FigureCell
from ..selectors import figures

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


def _cells(campaign: Campaign, metric: str, rows) -> list[FigureCell]:
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
    return [
        FigureCell(campaign=campaign, metric=metric, district_id=d, week=w, value=v)
        for (d, w), v in out.items()
    ]


def _store(campaign: Campaign, data: dict[str, list], metrics) -> bool:
    before = set(
        FigureCell.objects.filter(campaign=campaign, metric__in=metrics).values_list(
            "metric", "district_id", "week", "value"
        )
    )
    cells = [c for metric, rows in data.items() for c in _cells(campaign, metric, rows)]
    # Orders = orders from visits + orders in cases.
    FigureCell.objects.filter(campaign=campaign, metric__in=metrics).delete()
    FigureCell.objects.bulk_create(cells, batch_size=2000)
    orders: defaultdict[tuple, Decimal] = defaultdict(Decimal)
    for c in FigureCell.objects.filter(campaign=campaign, metric__in=["visit_orders", "case_orders"]):
        orders[(c.district_id, c.week)] += c.value
    FigureCell.objects.filter(campaign=campaign, metric=Metric.ORDERS).delete()
    FigureCell.objects.bulk_create(
        [
            FigureCell(campaign=campaign, metric=Metric.ORDERS, district_id=d, week=w, value=v)
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
    return _store(campaign, figures.visit_figures(campaign), VISIT_METRICS)


@transaction.atomic
def figures_refresh(*, campaign: Campaign, announce: bool = True) -> bool:
    """Recompute every figure; record a campaign event when something changed."""
    data = {**figures.visit_figures(campaign), **figures.complaint_figures(campaign)}
    changed = _store(campaign, data, VISIT_METRICS + COMPLAINT_METRICS)
    campaign.figures_refreshed_at = timezone.now()
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
