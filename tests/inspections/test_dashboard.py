"""Dashboard figures against hand-counted fixtures; exports in the upward-report layout."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from complaints.choices import CaseStatus, Category, DecisionKind
from complaints.models import CaseOutcome, Decision
from inspections.choices import Metric, Outcome
from inspections.selectors import dashboard_figures
from inspections.services import exports, visits
from inspections.services.dashboard import figures_refresh
from tests.factories import DistrictFactory

from .conftest import START
from .factories import complaint

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def activity(campaign, team, employers, district, other_district, inspector):
    """Hand-counted: see the expected figures in the test below."""
    from inspections.models import Visit

    week2 = START + datetime.timedelta(days=7)
    # Two first visits in week 1 (one with an order), one in week 2; each employer has 20 workers.
    for i, (day, outcome) in enumerate(
        [(START, Outcome.NO_VIOLATION), (START, Outcome.ORDER), (week2, Outcome.NO_VIOLATION)]
    ):
        v = Visit.objects.create(
            campaign=campaign, employer=employers[i], district=district, team=team, date=day
        )
        answers = {
            c.value: "ok" for c in visits.checklist_for(v.employer.sector, v.employer.is_construction_project)
        }
        if outcome == Outcome.ORDER:
            answers["contracts"] = "fail"
        visits.visit_complete(
            visit=v,
            completed_by=inspector,
            version=1,
            checklist=answers,
            findings="x",
            outcome=outcome,
            order_due=datetime.date(2030, 1, 7) if outcome == Outcome.ORDER else None,
        )
    # Cases: 2 filed in the home district (week 1 and 2), 1 in the other district (week 1), 1 before the campaign.
    complaint(
        district=district, status=CaseStatus.INVESTIGATING, accepted_on=START + datetime.timedelta(days=1)
    )
    complaint(district=district, status=CaseStatus.ACCEPTED, accepted_on=week2)
    complaint(district=other_district, status=CaseStatus.INVESTIGATING, accepted_on=START)
    complaint(
        district=district, status=CaseStatus.INVESTIGATING, accepted_on=START - datetime.timedelta(days=30)
    )
    # Closed in the period: 1, with 5000 yuan recovered for 3 workers (the lifecycle's CaseOutcome).
    closed_at = datetime.datetime(2026, 12, 1, 10, tzinfo=TZ)
    closed = complaint(
        district=other_district,
        status=CaseStatus.CLOSED,
        amount=Decimal("9000"),
        workers=4,
        closed_at=closed_at,
    )
    CaseOutcome.objects.create(
        complaint=closed,
        wages_recovered=Decimal("5000"),
        workers_paid=3,
        summary="paid",
        closed_by=inspector,
        closed_at=closed_at,
    )
    # Decisions in the period: one order, one penalty, one blacklisting, one police transfer; one order before.
    before = closed_at - datetime.timedelta(days=60)
    for kind, at in [
        (DecisionKind.ORDER, closed_at),
        (DecisionKind.PENALTY, closed_at),
        (DecisionKind.BLACKLIST, closed_at),
        (DecisionKind.POLICE_TRANSFER, closed_at),
        (DecisionKind.ORDER, before),
    ]:
        Decision.objects.create(complaint=closed, kind=kind, decided_by=inspector, decided_at=at)
    # An overtime complaint (not arrears) and one in a district outside the campaign: not counted as open arrears.
    complaint(district=district, status=CaseStatus.RECEIVED, category=Category.OVERTIME_PAY)
    complaint(district=DistrictFactory(code="210299"), status=CaseStatus.RECEIVED)
    figures_refresh(campaign=campaign)
    return campaign


def test_figures_match_the_hand_count(activity, district, other_district):
    fig = dashboard_figures(campaign=activity)
    t = fig["totals"]
    assert t[Metric.EMPLOYERS_INSPECTED] == 3
    assert t[Metric.WORKERS_COVERED] == 60
    assert t[Metric.CASES_FILED] == 3
    assert t[Metric.CASES_CLOSED] == 1
    assert t[Metric.WAGES_RECOVERED] == Decimal("5000")
    assert t[Metric.WORKERS_PAID] == 3
    assert t[Metric.ORDERS] == 2  # one on a visit, one in a case
    assert t[Metric.PENALTIES] == 1 and t[Metric.BLACKLISTINGS] == 1 and t[Metric.POLICE_TRANSFERS] == 1
    # Open wage-arrears cases in the campaign's districts: 4 investigating/accepted + none else.
    assert t[Metric.OPEN_ARREARS] == 4
    rows = {d["id"]: d["values"] for d in fig["districts"]}
    assert rows[district.pk][Metric.CASES_FILED] == 2 and rows[other_district.pk][Metric.CASES_FILED] == 1
    assert rows[district.pk][Metric.OPEN_ARREARS] == 3 and rows[other_district.pk][Metric.OPEN_ARREARS] == 1
    weeks = {w["week"]: w["values"] for w in fig["weeks"]}
    assert weeks[START][Metric.EMPLOYERS_INSPECTED] == 2
    assert weeks[START + datetime.timedelta(days=7)][Metric.EMPLOYERS_INSPECTED] == 1
    assert weeks[START][Metric.CASES_FILED] == 2


def test_exports_have_one_row_per_district_and_a_total(activity):
    text = exports.figures_csv(campaign=activity).lstrip("\ufeff")
    lines = list(csv.reader(io.StringIO(text)))
    header = lines[2]
    assert len(header) == 12
    total = next(r for r in lines if r and r[0] in ("Total", "合计", "总计"))
    assert float(total[1]) == 3
    wb = load_workbook(io.BytesIO(exports.figures_xlsx(campaign=activity)))
    ws = wb.worksheets[0]
    assert ws.cell(row=3, column=1).value and ws.max_row == 3 + 2 + 1
    assert len(wb.worksheets) == 2
