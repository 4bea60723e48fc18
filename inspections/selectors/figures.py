"""Every query behind the campaign's progress figures, in one place so the sources can be switched.

Each function returns rows of (district_id, week Monday or None, value) for one metric. Cases filed
and closed come from Complaint (accepted_on, closed_at); wages recovered and workers paid from the
lifecycle's CaseOutcome (written when a case is closed); orders, penalties, blacklistings and police
transfers from its Decision rows, plus the orders issued on campaign visits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncWeek

from complaints.choices import OPEN_STATUSES, CaseStatus, Category, DecisionKind
from complaints.models import CaseOutcome, Complaint, Decision

from ..choices import Metric, Outcome, VisitKind, VisitStatus
from ..models import Campaign, CorrectionOrder, Visit

Rows = Iterable[tuple[int | None, datetime.date | None, Decimal]]


def _monday(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value - datetime.timedelta(days=value.weekday())


def _grouped(qs, date_field: str, value) -> list[tuple[int, datetime.date | None, Decimal]]:
    rows = qs.annotate(week=TruncWeek(date_field)).values("district_id", "week").annotate(v=value).order_by()
    return [(r["district_id"], _monday(r["week"]), Decimal(r["v"] or 0)) for r in rows]


def _period(campaign: Campaign) -> tuple[datetime.date, datetime.date]:
    return campaign.starts_on, campaign.ends_on


def _complaints(campaign: Campaign):
    return Complaint.objects.filter(district_id__in=campaign.districts.values("pk"))


def visit_figures(campaign: Campaign) -> dict[str, list]:
    """Figures that come from the campaign's own visits and orders."""
    first = Visit.objects.filter(campaign=campaign, status=VisitStatus.COMPLETED).exclude(
        kind=VisitKind.FOLLOW_UP
    )
    orders = CorrectionOrder.objects.filter(visit__campaign=campaign).annotate(
        district_id=F("visit__district_id")
    )
    return {
        Metric.EMPLOYERS_INSPECTED: _grouped(first, "date", Count("employer_id", distinct=True)),
        Metric.WORKERS_COVERED: _grouped(
            first, "date", Sum(Coalesce("workers_on_site", "employer__headcount"))
        ),
        "visit_orders": _grouped(orders, "issued_at", Count("id")),
        "visit_cases": _grouped(first.filter(outcome=Outcome.CASE), "date", Count("id")),
    }


def _decisions(campaign: Campaign, kind: str):
    start, end = _period(campaign)
    return Decision.objects.filter(
        kind=kind,
        complaint__district_id__in=campaign.districts.values("pk"),
        decided_at__date__range=(start, end),
    ).annotate(district_id=F("complaint__district_id"))


def complaint_figures(campaign: Campaign) -> dict[str, list]:
    """Figures that come from the complaints lifecycle: cases, their outcomes and decisions."""
    start, end = _period(campaign)
    qs = _complaints(campaign)
    outcomes = CaseOutcome.objects.filter(
        complaint__district_id__in=campaign.districts.values("pk"), closed_at__date__range=(start, end)
    ).annotate(district_id=F("complaint__district_id"))
    return {
        Metric.CASES_FILED: _grouped(qs.filter(accepted_on__range=(start, end)), "accepted_on", Count("id")),
        Metric.CASES_CLOSED: _grouped(
            qs.filter(status=CaseStatus.CLOSED, closed_at__date__range=(start, end)), "closed_at", Count("id")
        ),
        Metric.WAGES_RECOVERED: _grouped(outcomes, "closed_at", Sum("wages_recovered")),
        Metric.WORKERS_PAID: _grouped(outcomes, "closed_at", Sum("workers_paid")),
        "case_orders": _grouped(_decisions(campaign, DecisionKind.ORDER), "decided_at", Count("id")),
        Metric.PENALTIES: _grouped(_decisions(campaign, DecisionKind.PENALTY), "decided_at", Count("id")),
        Metric.BLACKLISTINGS: _grouped(
            _decisions(campaign, DecisionKind.BLACKLIST), "decided_at", Count("id")
        ),
        Metric.POLICE_TRANSFERS: _grouped(
            _decisions(campaign, DecisionKind.POLICE_TRANSFER), "decided_at", Count("id")
        ),
        Metric.OPEN_ARREARS: [
            (r["district_id"], None, Decimal(r["v"]))
            for r in qs.filter(Q(status__in=list(OPEN_STATUSES)), category=Category.WAGE_ARREARS)
            .values("district_id")
            .annotate(v=Count("id"))
            .order_by()
        ],
    }
