"""Risk scores: a transparent weighted sum of normalised factors per employer and campaign."""

from __future__ import annotations

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.choices import OPEN_STATUSES, CaseStatus
from complaints.models import Complaint
from core.choices import Sector
from core.models import Employer

from ..choices import DEFAULT_WEIGHTS, RiskFactor, WagePaymentStatus
from ..models import Campaign, CorrectionOrder, EmployerProfile, RiskScore

# A case under way at the employer makes it a must-visit (the inspectors need to see the site).
CASE_OPEN_STATUSES = (
    CaseStatus.ACCEPTED,
    CaseStatus.INVESTIGATING,
    CaseStatus.ORDERED,
    CaseStatus.NOT_COMPLIED,
)
# Visit length: large employers and large construction sites take a full day.
FULL_DAY_HEADCOUNT = 300
FULL_DAY_CONSTRUCTION_HEADCOUNT = 100
# Saturation points of the normalisation: at or beyond these a factor counts fully.
OPEN_COMPLAINTS_FULL = 3
PAST_COMPLAINTS_FULL = 5
PAST_ORDERS_FULL = 2
ARREARS_FULL_YUAN = 1_000_000
SUBCONTRACT_FULL = 3
# How a reported wage payment status counts towards ledger anomalies.
PAYMENT_STATUS_RISK: dict[str, float] = {WagePaymentStatus.ARREARS: 1.0, WagePaymentStatus.LATE: 0.5}


def visit_units(*, sector: str, headcount: int) -> int:
    """Return the half-day units a visit takes: 2 (full day) for large employers and sites, else 1."""
    if headcount >= FULL_DAY_HEADCOUNT:
        return 2
    if sector == Sector.CONSTRUCTION and headcount >= FULL_DAY_CONSTRUCTION_HEADCOUNT:
        return 2
    return 1


def weights_clean(weights: dict) -> dict[str, float]:
    """Validate editable weights: every factor present, a number from 0 to 100."""
    out = {}
    for factor in RiskFactor.values:
        raw = weights.get(factor, DEFAULT_WEIGHTS[factor])
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise ValidationError({factor: _("Enter a number.")}) from None
        if not 0 <= value <= 100 or math.isnan(value):
            raise ValidationError({factor: _("Enter a weight from 0 to 100.")})
        out[factor] = value
    return out


def factors_for(*, employer: Employer, profile: EmployerProfile | None, stats: dict) -> dict[str, float]:
    """Return each factor normalised to [0, 1] for one employer."""
    head = employer.headcount or 0
    arrears = float(stats.get("open_amount") or 0) + float(profile.arrears_amount if profile else 0)
    anomaly = 0.0
    if profile is not None:
        anomaly = max(
            1.0 if profile.headcount_drop or profile.shortage_spike else 0.0,
            PAYMENT_STATUS_RISK.get(profile.wage_payment_status, 0.0),
        )
    gaps = 0.0
    if employer.is_construction_project:
        gaps = ((not employer.has_wage_account) + (not employer.has_wage_deposit)) / 2
    return {
        RiskFactor.OPEN_COMPLAINTS: min((stats.get("open") or 0) / OPEN_COMPLAINTS_FULL, 1.0),
        RiskFactor.PAST_COMPLAINTS: min((stats.get("past") or 0) / PAST_COMPLAINTS_FULL, 1.0),
        RiskFactor.PAST_ORDERS: min((stats.get("orders") or 0) / PAST_ORDERS_FULL, 1.0),
        RiskFactor.ARREARS: min(math.log10(1 + arrears) / math.log10(1 + ARREARS_FULL_YUAN), 1.0),
        RiskFactor.MIGRANT_SHARE: min(employer.migrant_worker_count / head, 1.0) if head else 0.0,
        RiskFactor.CONSTRUCTION_GAPS: gaps,
        RiskFactor.SUBCONTRACTING: min((profile.subcontract_depth if profile else 0) / SUBCONTRACT_FULL, 1.0),
        RiskFactor.BLACKLIST: 1.0 if profile is not None and profile.blacklisted_before else 0.0,
        RiskFactor.LEDGER_ANOMALY: anomaly,
    }


def facts_for(*, employer: Employer, profile: EmployerProfile | None, stats: dict) -> dict[str, dict]:
    """Return what each factor counted for one employer, in the units a manager reads."""
    ledger_arrears = float(profile.arrears_amount) if profile else 0.0
    return {
        RiskFactor.OPEN_COMPLAINTS: {"n": int(stats.get("open") or 0)},
        RiskFactor.PAST_COMPLAINTS: {"n": int(stats.get("past") or 0)},
        RiskFactor.PAST_ORDERS: {"n": int(stats.get("orders") or 0)},
        RiskFactor.ARREARS: {
            "cases": round(float(stats.get("open_amount") or 0), 2),
            "ledger": round(ledger_arrears, 2),
        },
        RiskFactor.MIGRANT_SHARE: {
            "migrants": employer.migrant_worker_count,
            "headcount": employer.headcount or 0,
        },
        RiskFactor.CONSTRUCTION_GAPS: {
            "no_account": bool(employer.is_construction_project and not employer.has_wage_account),
            "no_deposit": bool(employer.is_construction_project and not employer.has_wage_deposit),
        },
        RiskFactor.SUBCONTRACTING: {"depth": profile.subcontract_depth if profile else 0},
        RiskFactor.BLACKLIST: {"listed": bool(profile is not None and profile.blacklisted_before)},
        RiskFactor.LEDGER_ANOMALY: {
            "drop": bool(profile is not None and profile.headcount_drop),
            "spike": bool(profile is not None and profile.shortage_spike),
            "payment": profile.wage_payment_status if profile is not None else "",
        },
    }


def fact_text(factor: str, fact: dict) -> str:
    """Say what a factor counted, as a fact ("近12个月已办结投诉 3 件"), not as a normalised number."""
    f = fact or {}
    if factor == RiskFactor.OPEN_COMPLAINTS:
        return _("%(n)s complaints under way") % {"n": f.get("n", 0)}
    if factor == RiskFactor.PAST_COMPLAINTS:
        return _("%(n)s complaints dealt with in the last 12 months") % {"n": f.get("n", 0)}
    if factor == RiskFactor.PAST_ORDERS:
        return _("%(n)s earlier orders to correct or violations") % {"n": f.get("n", 0)}
    if factor == RiskFactor.ARREARS:
        parts = []
        if f.get("cases"):
            parts.append(_("%(yuan)s yuan owed in complaints under way") % {"yuan": f"{f['cases']:,.0f}"})
        if f.get("ledger"):
            parts.append(_("ledger shows %(yuan)s yuan in arrears") % {"yuan": f"{f['ledger']:,.0f}"})
        return "; ".join(str(p) for p in parts)
    if factor == RiskFactor.MIGRANT_SHARE:
        return _("%(m)s migrant workers of %(n)s employees") % {
            "m": f.get("migrants", 0),
            "n": f.get("headcount", 0),
        }
    if factor == RiskFactor.CONSTRUCTION_GAPS:
        parts = []
        if f.get("no_account"):
            parts.append(_("construction project without a dedicated wage account"))
        if f.get("no_deposit"):
            parts.append(_("no wage deposit paid"))
        return "; ".join(str(p) for p in parts)
    if factor == RiskFactor.SUBCONTRACTING:
        return _("subcontracting depth %(n)s") % {"n": f.get("depth", 0)}
    if factor == RiskFactor.BLACKLIST:
        return _("listed for wage arrears before") if f.get("listed") else ""
    if factor == RiskFactor.LEDGER_ANOMALY:
        parts = []
        if f.get("drop"):
            parts.append(_("ledger shows the headcount fell by at least 30 per cent"))
        if f.get("spike"):
            parts.append(_("ledger shows the shortage of workers doubled"))
        if f.get("payment") == WagePaymentStatus.ARREARS:
            parts.append(_("ledger shows wages in arrears"))
        elif f.get("payment") == WagePaymentStatus.LATE:
            parts.append(_("ledger shows wages paid late"))
        return "; ".join(str(p) for p in parts)
    return ""


def score_of(factors: dict[str, float], weights: dict[str, float]) -> float:
    return round(sum(weights.get(str(f), 0.0) * v for f, v in factors.items()), 4)


def candidate_employers(campaign: Campaign):
    qs = Employer.objects.filter(district__in=campaign.districts.all())
    if campaign.sectors:
        qs = qs.filter(sector__in=campaign.sectors)
    return qs


@transaction.atomic
def risk_compute(*, campaign: Campaign) -> int:
    """(Re)compute every candidate employer's risk score in the campaign; return how many."""
    weights = weights_clean(campaign.weights)
    employers = list(
        candidate_employers(campaign).only(
            "id",
            "district_id",
            "sector",
            "headcount",
            "migrant_worker_count",
            "is_construction_project",
            "has_wage_account",
            "has_wage_deposit",
        )
    )
    ids = [e.pk for e in employers]
    stats: dict[int, dict] = {}
    open_q = Q(status__in=list(OPEN_STATUSES))
    # Complaints dealt with count for a year (近12个月): older ones say little about today's payroll.
    past_q = ~open_q & Q(received_at__gte=timezone.now() - datetime.timedelta(days=365))
    for chunk_start in range(0, len(ids), 5000):
        chunk = ids[chunk_start : chunk_start + 5000]
        for row in (
            Complaint.objects.filter(employer_id__in=chunk)
            .values("employer_id")
            .annotate(
                open=Count("id", filter=open_q),
                past=Count("id", filter=past_q),
                open_amount=Sum("amount_owed", filter=open_q),
                orders=Count("id", filter=Q(order_due__isnull=False)),
                cases=Count("id", filter=Q(status__in=CASE_OPEN_STATUSES)),
            )
        ):
            stats[row["employer_id"]] = row
        for row in (
            CorrectionOrder.objects.filter(employer_id__in=chunk)
            .values("employer_id")
            .annotate(n=Count("id"))
        ):
            s = stats.setdefault(row["employer_id"], {})
            s["orders"] = (s.get("orders") or 0) + row["n"]
    profiles = {p.employer_id: p for p in EmployerProfile.objects.filter(employer_id__in=ids)}
    RiskScore.objects.filter(campaign=campaign).delete()
    rows = []
    for e in employers:
        s = stats.get(e.pk, {})
        factors = factors_for(employer=e, profile=profiles.get(e.pk), stats=s)
        must = bool(s.get("cases"))
        rows.append(
            RiskScore(
                campaign=campaign,
                employer_id=e.pk,
                district_id=e.district_id,
                score=score_of(factors, weights),
                factors={str(k): round(v, 4) for k, v in factors.items()},
                facts={
                    str(k): v for k, v in facts_for(employer=e, profile=profiles.get(e.pk), stats=s).items()
                },
                must_visit=must,
                must_reason=_("Open case") if must else "",
                units=visit_units(sector=e.sector, headcount=e.headcount),
            )
        )
    RiskScore.objects.bulk_create(rows, batch_size=2000)
    campaign.risk_computed_at = timezone.now()
    Campaign.objects.filter(pk=campaign.pk).update(risk_computed_at=campaign.risk_computed_at)
    return len(rows)


def explain(score: RiskScore, weights: dict) -> list[dict]:
    """Return the factors that drove a score, largest contribution first, with their share."""
    total = score.score or 0.0
    parts = []
    for factor, value in (score.factors or {}).items():
        w = float(weights.get(factor, 0))
        contribution = w * float(value)
        if contribution <= 0:
            continue
        parts.append(
            {
                "factor": factor,
                "label": str(RiskFactor(factor).label) if factor in RiskFactor.values else factor,
                "fact": fact_text(factor, (score.facts or {}).get(factor, {})),
                "value": round(float(value), 3),
                "weight": w,
                "points": round(contribution, 2),
                "share": round(100 * contribution / total) if total else 0,
            }
        )
    return sorted(parts, key=lambda p: -p["points"])
