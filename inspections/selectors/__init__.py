"""Every read a view or API needs; visibility is decided here."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import District, Employer

from ..choices import CampaignStatus, Metric, VisitStatus
from ..models import (
    Campaign,
    FigureCell,
    LedgerImport,
    LedgerRecord,
    PlanRun,
    PlanVersion,
    RiskScore,
    Team,
    Visit,
)
from ..services.risk import explain

# The order a bureau reports its figures upward.
REPORT_METRICS = [
    Metric.EMPLOYERS_INSPECTED,
    Metric.WORKERS_COVERED,
    Metric.CASES_FILED,
    Metric.CASES_CLOSED,
    Metric.WAGES_RECOVERED,
    Metric.WORKERS_PAID,
    Metric.ORDERS,
    Metric.PENALTIES,
    Metric.BLACKLISTINGS,
    Metric.POLICE_TRANSFERS,
    Metric.OPEN_ARREARS,
]
# Amounts of money; every other figure is a count (written as a whole number).
MONEY_METRICS = frozenset({Metric.WAGES_RECOVERED})


def campaign_list(*, fetched_by) -> QuerySet[Campaign]:
    """Return the campaigns the user may see: all for city-wide staff, else those covering their district."""
    from ..services.campaign_status import campaign_status_follow_dates

    qs = Campaign.objects.all().order_by("-starts_on")
    if not fetched_by.has_perm("inspections.view_campaign_list"):
        return qs.none()
    today = timezone.localdate()
    lagging = qs.filter(
        Q(status=CampaignStatus.DRAFT, starts_on__lte=today)
        | (~Q(status=CampaignStatus.CLOSED) & Q(ends_on__lt=today))
    )
    for campaign in lagging:
        campaign_status_follow_dates(campaign=campaign, today=today)
    if fetched_by.district_id is None:
        return qs
    return qs.filter(districts=fetched_by.district_id).distinct()


def campaign_get_for(user, pk: int, *, perm: str = "inspections.view_campaign") -> Campaign:
    from ..services.campaign_status import campaign_status_follow_dates

    campaign = get_object_or_404(Campaign, pk=pk)
    if not user.has_perm(perm, campaign):
        raise PermissionDenied(_("You may not see this campaign."))
    return campaign_status_follow_dates(campaign=campaign)


def team_list(*, campaign: Campaign) -> QuerySet[Team]:
    return campaign.teams.select_related("inspector_a", "inspector_b", "home_district")


def plan_visits(
    *,
    campaign: Campaign,
    fetched_by,
    district_id: int | None = None,
    team_id: int | None = None,
    status: str | None = None,
) -> QuerySet[Visit]:
    """The plan as a table: the campaign's visits, narrowed to the user's district for district staff."""
    qs = Visit.objects.filter(campaign=campaign).select_related("employer", "team", "district")
    if fetched_by.district_id is not None:
        qs = qs.filter(
            Q(district_id=fetched_by.district_id) | Q(team__home_district_id=fetched_by.district_id)
        )
    if district_id:
        qs = qs.filter(district_id=district_id)
    if team_id:
        qs = qs.filter(team_id=team_id)
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=VisitStatus.REMOVED)
    return qs.order_by("date", "team__name", "id")


def team_calendar(
    *, campaign: Campaign, visits: QuerySet[Visit], first: datetime.date, days: int = 10
) -> dict:
    """Return {teams, days, cells[team_id][day] -> visits} for a window of working days."""
    from core.workdays import working_days_in

    all_days, _prov = working_days_in(first, campaign.ends_on)
    window = all_days[:days]
    cells: dict[int, dict] = defaultdict(lambda: defaultdict(list))
    if window:
        for v in visits.filter(date__gte=window[0], date__lte=window[-1]):
            if v.team_id is not None:
                cells[v.team_id][v.date].append(v)
    teams = list(team_list(campaign=campaign))
    rows = [
        {
            "team": t,
            "days": [
                {"date": d, "visits": cells[t.pk][d], "off": d.isoformat() in (t.unavailable or [])}
                for d in window
            ],
        }
        for t in teams
    ]
    return {"days": window, "rows": rows}


def visit_get_for(user, pk: int, *, perm: str = "inspections.view_visit") -> Visit:
    visit = get_object_or_404(
        Visit.objects.select_related(
            "employer", "team", "district", "campaign", "team__inspector_a", "team__inspector_b"
        ),
        pk=pk,
    )
    if not user.has_perm(perm, visit):
        raise PermissionDenied(_("You may not see this visit."))
    return visit


def inspector_day(*, user, day: datetime.date) -> QuerySet[Visit]:
    """An inspector's visits of a day, in their teams across campaigns."""
    return (
        Visit.objects.filter(
            date=day, team__in=Team.objects.filter(Q(inspector_a=user) | Q(inspector_b=user))
        )
        .exclude(status=VisitStatus.REMOVED)
        .select_related("employer", "team", "district", "campaign")
        .order_by("team__name", "-units", "id")
    )


def visit_home_counts(user) -> list:
    """The inspector's home-page figure: today's visits of their teams (core.views.HomeCount)."""
    from django.urls import reverse
    from django.utils import timezone

    from core.views import HomeCount

    count = inspector_day(user=user, day=timezone.localdate()).count()
    return [
        HomeCount(
            key="visits_today", label=_("Today's visits"), count=count, url=reverse("inspections:my-day")
        )
    ]


def risk_ranking(*, campaign: Campaign, district_id: int | None = None, limit: int = 50) -> list[dict]:
    qs = RiskScore.objects.filter(campaign=campaign).select_related("employer", "district")
    if district_id:
        qs = qs.filter(district_id=district_id)
    return [
        {"score": s, "explanation": explain(s, campaign.weights)[:3]}
        for s in qs.order_by("-score", "employer_id")[:limit]
    ]


def risk_get(*, campaign: Campaign, employer_id: int) -> dict | None:
    s = (
        RiskScore.objects.filter(campaign=campaign, employer_id=employer_id)
        .select_related("employer")
        .first()
    )
    if s is None:
        return None
    return {"score": s, "explanation": explain(s, campaign.weights)}


def plan_run_latest(*, campaign: Campaign) -> PlanRun | None:
    return campaign.plan_runs.first()


def plan_run_get_for(user, pk: int, *, perm: str = "inspections.view_campaign") -> PlanRun:
    """Return a plan run of a campaign the user may see (or act on, with perm)."""
    run = get_object_or_404(PlanRun.objects.select_related("campaign"), pk=pk)
    run.campaign = campaign_get_for(user, run.campaign_id, perm=perm)
    return run


def plan_current_version(*, campaign: Campaign) -> PlanVersion | None:
    return (
        campaign.plan_versions.select_related("plan_run")
        .defer("visits", "plan_run__proposal", "plan_run__changes")
        .first()
    )


def plan_version_list(*, campaign: Campaign) -> QuerySet[PlanVersion]:
    return campaign.plan_versions.select_related("created_by", "restored_from").defer("visits")


def plan_version_get(*, campaign: Campaign, number: int) -> PlanVersion:
    return get_object_or_404(PlanVersion.objects.select_related("campaign"), campaign=campaign, number=number)


def plan_proposal_rows(*, run: PlanRun, limit: int = 400) -> tuple[list[dict], int]:
    """Return the proposal's changes per team and day with names, and how many rows there are in all."""
    rows = (run.changes or {}).get("rows", [])
    shown = rows[:limit]
    employer_ids: set[int] = set()
    for r in shown:
        employer_ids |= set(r["added"]) | set(r["removed"])
        employer_ids |= {m[0] for m in r["moved_in"]} | {m[0] for m in r["moved_out"]}
    names = dict(Employer.objects.filter(pk__in=employer_ids).values_list("pk", "name"))
    teams = dict(run.campaign.teams.values_list("pk", "name"))
    out = []
    for r in shown:
        out.append(
            {
                "date": datetime.date.fromisoformat(r["d"]),
                "team": teams.get(r["t"], "—"),
                "added": [names.get(e, e) for e in r["added"]],
                "removed": [names.get(e, e) for e in r["removed"]],
                "moved_in": [
                    {
                        "name": names.get(m[0], m[0]),
                        "team": teams.get(m[1], "—"),
                        "date": datetime.date.fromisoformat(m[2]),
                    }
                    for m in r["moved_in"]
                ],
                "moved_out": [
                    {
                        "name": names.get(m[0], m[0]),
                        "team": teams.get(m[1], "—"),
                        "date": datetime.date.fromisoformat(m[2]),
                    }
                    for m in r["moved_out"]
                ],
            }
        )
    return out, len(rows)


def employer_names(ids: list[int]) -> list[str]:
    names = dict(Employer.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [names.get(i, str(i)) for i in ids]


def campaign_audit_list(*, campaign: Campaign, limit: int = 20):
    return campaign.audit.select_related("actor").order_by("-at", "-id")[:limit]


def ledger_import_list(*, fetched_by) -> QuerySet[LedgerImport]:
    qs = LedgerImport.objects.all()
    if fetched_by.district_id is not None:
        qs = qs.filter(uploaded_by__district_id=fetched_by.district_id)
    return qs


def ledger_import_get_for(user, pk: int) -> LedgerImport:
    job = get_object_or_404(LedgerImport, pk=pk)
    if not user.has_perm("inspections.import_ledger") or (
        user.district_id is not None
        and job.uploaded_by is not None
        and job.uploaded_by.district_id != user.district_id
    ):
        raise PermissionDenied(_("You may not see this import."))
    return job


def ledger_history(*, employer_id: int, limit: int = 12) -> list[LedgerRecord]:
    return list(LedgerRecord.objects.filter(employer_id=employer_id).select_related("ledger_import")[:limit])


def dashboard_figures(*, campaign: Campaign) -> dict:
    """Read the precomputed figures: totals, per district and per week (one indexed query).

    ``computed_at`` gives, per metric, when its figures were computed; ``as_of`` is the oldest of
    those: every figure is true at least as of then (None before the first refresh).
    """
    cells = FigureCell.objects.filter(campaign=campaign, metric__in=REPORT_METRICS).values_list(
        "metric", "district_id", "week", "value", "computed_at"
    )
    totals: dict[str, Decimal] = defaultdict(Decimal)
    computed: dict[str, datetime.datetime] = {}
    by_district: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_week: dict[datetime.date, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for metric, district_id, week, value, at in cells:
        if metric not in computed or at < computed[metric]:
            computed[metric] = at
        if district_id is None and week is None:
            totals[metric] = value
        elif week is None:
            by_district[district_id][metric] = value
        elif district_id is None:
            by_week[week][metric] = value
    districts = list(District.objects.filter(pk__in=campaign.districts.values("pk")).order_by("code"))
    computed_at = {m.value: computed.get(m.value) for m in REPORT_METRICS}
    known = [t for t in computed_at.values() if t is not None]
    return {
        "metrics": [
            {
                "key": m.value,
                "label": m.label,
                "count": m not in MONEY_METRICS,
                "computed_at": computed_at[m.value],
            }
            for m in REPORT_METRICS
        ],
        "totals": {m.value: totals.get(m.value, Decimal(0)) for m in REPORT_METRICS},
        "districts": [
            {
                "id": d.pk,
                "name": d.name,
                "code": d.code,
                "values": {m.value: by_district[d.pk].get(m.value, Decimal(0)) for m in REPORT_METRICS},
            }
            for d in districts
        ],
        "weeks": [
            {"week": w, "values": {m.value: by_week[w].get(m.value, Decimal(0)) for m in REPORT_METRICS}}
            for w in sorted(by_week)
        ],
        "goal_employers": campaign.goal_employers,
        "goal_arrears_cleared": campaign.goal_arrears_cleared,
        "computed_at": computed_at,
        "as_of": min(known) if len(known) == len(computed_at) else None,
        "refreshed_at": campaign.figures_refreshed_at,
    }
