"""What a tablet keeps for a day in the field, and the check-ins a manager sees on a campaign."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse

from core.rules import is_admin, is_manager

from ..choices import CONSTRUCTION_ONLY, CheckItem, VisitStatus
from ..models import Campaign, RiskScore, Team, Visit
from ..services.checkin import checkin_distance_m
from ..services.risk import explain
from ..services.visits import checklist_for

MAX_DAYS = 7
MAX_CASES = 50
RISK_REASONS = 4


def tablet_visits(*, user, day: datetime.date, days: int = 1) -> QuerySet[Visit]:
    """The inspector's visits from ``day`` for ``days`` days, in their teams across campaigns."""
    last = day + datetime.timedelta(days=max(1, min(days, MAX_DAYS)) - 1)
    return (
        Visit.objects.filter(
            date__gte=day,
            date__lte=last,
            team__in=Team.objects.filter(Q(inspector_a=user) | Q(inspector_b=user)),
        )
        .exclude(status=VisitStatus.REMOVED)
        .select_related("employer", "team", "district", "campaign")
        .order_by("date", "team__name", "-units", "id")
    )


def last_visits(visits: list[Visit]) -> dict[int, Visit]:
    """Return, by employer, the last completed visit other than these (what was found last time)."""
    earlier = (
        Visit.objects.filter(employer_id__in={v.employer_id for v in visits}, status=VisitStatus.COMPLETED)
        .exclude(pk__in=[v.pk for v in visits])
        .order_by("employer_id", "-date", "-id")
        .only("employer_id", "date", "outcome", "findings")
    )
    last: dict[int, Visit] = {}
    for row in earlier:
        last.setdefault(row.employer_id, row)
    return last


def employer_last_visit(*, visit: Visit) -> Visit | None:
    """Return the employer's last completed visit before this one."""
    return last_visits([visit]).get(visit.employer_id)


def _last_findings(visits: list[Visit]) -> dict[int, dict]:
    return {
        employer_id: {"date": v.date, "outcome": v.get_outcome_display(), "findings": v.findings}
        for employer_id, v in last_visits(visits).items()
    }


def tablet_cases(*, user) -> list:
    """The open cases assigned to the inspector, nearest deadline first."""
    from complaints.selectors.cases import complaint_list

    return list(complaint_list(fetched_by=user, filters={"mine": True, "open": True})[:MAX_CASES])


def _risk_reasons(visits: list[Visit]) -> dict[tuple[int, int], list[dict]]:
    keys = {(v.campaign_id, v.employer_id) for v in visits}
    scores = RiskScore.objects.filter(
        campaign_id__in={c for c, _e in keys}, employer_id__in={e for _c, e in keys}
    ).select_related("campaign")
    return {
        (s.campaign_id, s.employer_id): [
            {"label": e["label"], "share": e["share"]} for e in explain(s, s.campaign.weights)[:RISK_REASONS]
        ]
        for s in scores
        if (s.campaign_id, s.employer_id) in keys
    }


def _visit_row(v: Visit, reasons: list[dict], last: dict | None) -> dict:
    e = v.employer
    return {
        "id": v.pk,
        "url": reverse("inspections:visit-detail", args=[v.pk]),
        "date": v.date,
        "status": v.status,
        "kind": v.kind,
        "kind_label": v.get_kind_display(),
        "version": v.version,
        "units": v.units,
        "team": v.team.name if v.team else "",
        "district": v.district.name,
        "risk": round(v.risk, 1),
        "risk_reasons": reasons,
        "checklist": [c.value for c in checklist_for(e.sector, e.is_construction_project)],
        "checkin_status": v.checkin_status,
        "last_findings": last,
        "employer": {
            "id": e.pk,
            "name": e.name,
            "address": e.address,
            "sector": e.get_sector_display(),
            "headcount": e.headcount,
            "migrant_worker_count": e.migrant_worker_count,
            "is_construction_project": e.is_construction_project,
            "has_wage_account": e.has_wage_account,
            "has_wage_deposit": e.has_wage_deposit,
            "latitude": e.latitude,
            "longitude": e.longitude,
        },
    }


def tablet_day(*, user, day: datetime.date, days: int = 1) -> dict:
    """Return what the tablet keeps for the field: the visits, checklist templates and open cases."""
    visits = list(tablet_visits(user=user, day=day, days=days))
    last = _last_findings(visits)
    reasons = _risk_reasons(visits)
    cases = tablet_cases(user=user)
    return {
        "day": day,
        "days": max(1, min(days, MAX_DAYS)),
        "visits": [
            _visit_row(v, reasons.get((v.campaign_id, v.employer_id), []), last.get(v.employer_id))
            for v in visits
        ],
        "checklist_items": [
            {"value": c.value, "label": str(c.label), "construction_only": c in CONSTRUCTION_ONLY}
            for c in CheckItem
        ],
        "cases": [
            {
                "id": c.pk,
                "url": reverse("complaints:staff-case", args=[c.pk]),
                "record_url": reverse("complaints:staff-record-new", args=[c.pk]),
                "tracking_number": c.tracking_number,
                "employer": c.employer.name if c.employer else c.employer_name_given,
                "status": c.status,
                "status_label": c.get_status_display(),
                "next_deadline": c.next_deadline,
            }
            for c in cases
        ],
    }


def checkin_list(*, campaign: Campaign, fetched_by, limit: int = 30) -> list[Visit]:
    """The campaign's latest check-ins a manager oversees (the own district's workplaces and teams)."""
    if not (is_manager(fetched_by) or is_admin(fetched_by)):
        return []
    qs = (
        Visit.objects.filter(campaign=campaign)
        .exclude(checkin_status="")
        .select_related("employer", "team", "district")
        .order_by("-checkin_at", "-id")
    )
    if fetched_by.district_id is not None:
        qs = qs.filter(
            Q(district_id=fetched_by.district_id) | Q(team__home_district_id=fetched_by.district_id)
        )
    rows = list(qs[:limit])
    for v in rows:
        v.checkin_distance_m = checkin_distance_m(v)
    return rows
