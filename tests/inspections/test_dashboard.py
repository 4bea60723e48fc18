"""Dashboard figures against hand-counted fixtures; exports in the upward-report layout."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from complaints.choices import CaseStatus, Category, DecisionKind
from complaints.models import CaseOutcome, Decision
from inspections.choices import Metric, Outcome
from inspections.models import FigureCell
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
    # Title, period, header, two districts, the total, the row of computing times.
    assert ws.cell(row=3, column=1).value and ws.max_row == 3 + 2 + 1 + 1
    assert len(wb.worksheets) == 2


def _csv_lines(campaign) -> list[list[str]]:
    return list(csv.reader(io.StringIO(exports.figures_csv(campaign=campaign).lstrip("\ufeff"))))


def test_csv_writes_counts_as_whole_numbers_and_money_with_two_decimals(activity):
    lines = _csv_lines(activity)
    header = lines[2]
    money = header.index(str(Metric.WAGES_RECOVERED.label))
    body = [r for r in lines[3:] if r and r[0] not in ("", str(header[0]))][:3]  # two districts + total
    assert len(body) == 3
    for row in body:
        for i, value in enumerate(row[1:], start=1):
            if i == money:
                assert re.fullmatch(r"\d+\.\d\d", value), (header[i], value)
            else:
                assert re.fullmatch(r"\d+", value), (header[i], value)
    total = body[-1]
    assert total[1] == "3" and total[money] == "5000.00"
    wb = load_workbook(io.BytesIO(exports.figures_xlsx(campaign=activity)))
    cell = wb.worksheets[0].cell(row=6, column=2)
    assert cell.value == 3 and isinstance(cell.value, int)


def test_exports_stamp_the_time_of_their_figures_not_of_the_download(activity):
    computed = datetime.datetime(2026, 12, 1, 8, 15, 42, tzinfo=TZ)
    FigureCell.objects.filter(campaign=activity).update(computed_at=computed)
    lines = _csv_lines(activity)
    assert "2026-12-01 08:15:42" in lines[1][0]
    assert timezone.localtime().strftime("%Y-%m-%d %H:%M") not in lines[1][0]
    computed_row = next(r for r in lines if r and r[0] in ("Computed at", "计算时间"))
    assert computed_row[1:] == ["2026-12-01 08:15:42"] * 11
    # One metric older than the others: the report's time is the oldest.
    older = computed - datetime.timedelta(minutes=7)
    FigureCell.objects.filter(campaign=activity, metric=Metric.CASES_FILED).update(computed_at=older)
    assert "2026-12-01 08:08:42" in _csv_lines(activity)[1][0]
    assert dashboard_figures(campaign=activity)["as_of"] == older


def test_pdf_export_is_a_pdf_with_every_column_and_the_figures_time(activity, client, city_manager):
    FigureCell.objects.filter(campaign=activity).update(
        computed_at=datetime.datetime(2026, 12, 1, 8, 15, 42, tzinfo=TZ)
    )
    client.force_login(city_manager)
    response = client.get(
        reverse("inspections:campaign-export", args=[activity.pk, "pdf"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "20261201-0815" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # A4 landscape
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    with translation.override("zh-hans"):
        labels = [str(m.label) for m in Metric]
    for label in labels:
        assert label.replace(" ", "") in text.replace(" ", ""), label
    assert activity.name in text
    assert "2026-12-0108:15:42" in text.replace(" ", "")
    assert "5,000.00" in text


def test_unknown_export_format_is_not_found(activity, client, city_manager):
    client.force_login(city_manager)
    assert client.get(f"/staff/campaigns/{activity.pk}/export.docx").status_code == 404


def test_a_decision_refreshes_the_campaign_figures_after_commit(
    campaign, district, inspector, inspector2, django_capture_on_commit_callbacks
):
    from complaints.services.case_transitions import complaint_issue_order
    from notifications.models import Event
    from tests.complaints.factories import case_in

    case = case_in(CaseStatus.INVESTIGATING, inspectors=[inspector, inspector2], district=district)
    figures_refresh(campaign=campaign, announce=False)
    before = dashboard_figures(campaign=campaign)
    assert before["totals"][Metric.ORDERS] == 0
    with django_capture_on_commit_callbacks(execute=True):
        complaint_issue_order(
            complaint=case,
            by=inspector,
            due_date=timezone.localdate() + datetime.timedelta(days=15),
            amount=Decimal("3000"),
            reason="限期支付",
        )
    after = dashboard_figures(campaign=campaign)
    assert after["totals"][Metric.ORDERS] == 1
    assert after["computed_at"][Metric.ORDERS] > before["computed_at"][Metric.ORDERS]
    assert Event.objects.filter(kind="campaign.figures_updated", payload__campaign_id=campaign.pk).exists()


def test_changes_made_while_a_refresh_is_due_make_one_refresh(campaign, monkeypatch):
    from inspections.services import dashboard

    sent = []
    monkeypatch.setattr(
        "inspections.tasks.figures_refresh_task.apply_async", lambda args, countdown: sent.append(args)
    )
    dashboard.figures_refresh_soon(campaign_id=campaign.pk)
    dashboard.figures_refresh_soon(campaign_id=campaign.pk)
    assert sent == [(campaign.pk,)]
    dashboard.figures_refresh_due(campaign_id=campaign.pk)  # the worker runs it: the mark is cleared first
    dashboard.figures_refresh_soon(campaign_id=campaign.pk)
    assert sent == [(campaign.pk,), (campaign.pk,)]
