"""The workbench on a tablet held either way: 820×1180 portrait and 1024×768 landscape.

The case's actions are on screen without scrolling, a tap anywhere on a list row opens the case, the
inspector column names people, the deadline chips filter, and the inspector's home page counts.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from complaints.choices import CaseStatus as S
from complaints.models import Complaint
from core.models import CalendarYear
from core.workdays import add_working_days
from inspections.models import Visit
from inspections.services import campaigns
from tests.browser.conftest import ARTIFACTS, CHROMIUM_ARGS, login  # noqa: F401
from tests.complaints.factories import case_in, fast_passwords, media_tmp  # noqa: F401
from tests.factories import PASSWORD, EmployerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media_tmp"),
]

PORTRAIT = {"width": 820, "height": 1180}
LANDSCAPE = {"width": 1024, "height": 768}
VIEWPORTS = [pytest.param(PORTRAIT, id="portrait"), pytest.param(LANDSCAPE, id="landscape")]


@pytest.fixture
def tablet(browser, request):
    """A touch tablet of the given viewport, in Chinese."""
    viewport = request.param
    context = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.viewport = viewport  # type: ignore[attr-defined]
    yield page
    context.close()


def snap(page, name: str) -> None:
    """Save what the tablet shows (the viewport, not the whole page) under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def on_screen(page, selector: str) -> list[dict]:
    """Return the boxes of the matching elements that are not wholly inside the viewport."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].map(el => {
            const r = el.getBoundingClientRect();
            return {text: el.textContent.trim(), top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    inside: r.width > 0 && r.top >= 0 && r.left >= 0 &&
                            r.bottom <= window.innerHeight && r.right <= window.innerWidth};
        }).filter(b => !b.inside)""",
        selector,
    )


def _deadline(case: Complaint, day: datetime.date) -> Complaint:
    Complaint.objects.filter(pk=case.pk).update(next_deadline=day)
    return case


@pytest.mark.parametrize("tablet", VIEWPORTS, indirect=True)
def test_the_case_actions_are_on_screen_without_scrolling(
    live_server, tablet, district, employer, inspector, inspector2
):
    page = tablet
    name = "portrait" if page.viewport == PORTRAIT else "landscape"
    case = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    bar = page.locator("#case-bar")
    links = bar.locator("a")
    assert links.count() >= 3  # issue an order, resolve, withdraw, ... and recording the investigation
    assert page.evaluate("window.scrollY") == 0
    assert on_screen(page, "#case-bar a") == []
    snap(page, f"tablet-case-actions-{name}")
    # Still there after scrolling to the end of a long case page (a sticky bar).
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("window.scrollY") > 0
    assert on_screen(page, "#case-bar a") == []
    snap(page, f"tablet-case-actions-scrolled-{name}")
    # A tap on the bar's primary action opens its form, in view.
    page.evaluate("window.scrollTo(0, 0)")
    bar.locator("a[data-open-action=issue_order]").tap()
    form = page.locator("#action-issue_order[open] form")
    form.wait_for()
    page.locator("#id_issue_order_amount").wait_for(state="visible")
    assert on_screen(page, "#id_issue_order_amount") == []
    snap(page, f"tablet-case-action-open-{name}")
    # Recording the investigation is one tap away too.
    assert bar.locator("a[href$='/records/new/']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport["width"] + 1


@pytest.mark.parametrize("tablet", VIEWPORTS, indirect=True)
def test_a_tap_anywhere_on_a_row_opens_the_case_and_the_row_names_the_inspectors(
    live_server, tablet, district, employer, inspector, inspector2
):
    page = tablet
    name = "portrait" if page.viewport == PORTRAIT else "landscape"
    case = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/?view=mine")
    row = page.locator(f"#case-row-{case.pk}")
    inspectors_cell = row.locator("td.insp").inner_text()
    assert str(inspector) in inspectors_cell and str(inspector2) in inspectors_cell
    assert not inspectors_cell.strip().isdigit()
    snap(page, f"tablet-case-list-{name}")
    # The thing under a finger on the amount or the deadline is the row's link itself (no script needed).
    hit = page.evaluate(
        """(id) => { const cell = document.querySelector(`#case-row-${id} td.dl`);
                     const r = cell.getBoundingClientRect();
                     const el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                     return el && el.closest('a') ? el.closest('a').getAttribute('href') : null; }""",
        case.pk,
    )
    assert hit == f"/staff/cases/{case.pk}/"
    # A finger on the employer's name, not on the case number: the link over the row takes it.
    box = row.locator("td.emp").bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**/staff/cases/{case.pk}/")
    assert page.locator(f"[data-live-case='{case.pk}']").count() == 1


@pytest.mark.parametrize("tablet", [pytest.param(PORTRAIT, id="portrait")], indirect=True)
def test_the_deadline_chips_filter_the_list(live_server, tablet, district, employer, inspector, inspector2):
    page = tablet
    today = timezone.localdate()
    team = [inspector, inspector2]
    soon = _deadline(
        case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=team),
        add_working_days(today, 2).date,
    )
    late = _deadline(
        case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=team),
        today - datetime.timedelta(days=3),
    )
    later = _deadline(
        case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=team),
        add_working_days(today, 20).date,
    )
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/?view=mine")
    for case in (soon, late, later):
        assert page.locator(f"#case-row-{case.pk}").count() == 1
    page.locator(".wb-quick a[href*='due_within=3']").tap()
    page.wait_for_url("**due_within=3**")
    shown = {
        int(x) for x in page.locator("tr[data-case-id]").evaluate_all("rs => rs.map(r => r.dataset.caseId)")
    }
    assert shown == {soon.pk}
    snap(page, "tablet-due-soon-portrait")
    page.locator(".wb-quick a[href*='overdue=true']").tap()
    page.wait_for_url("**overdue=true**")
    shown = {
        int(x) for x in page.locator("tr[data-case-id]").evaluate_all("rs => rs.map(r => r.dataset.caseId)")
    }
    assert shown == {late.pk}


@pytest.mark.parametrize("tablet", VIEWPORTS, indirect=True)
def test_the_inspector_home_page_counts_and_links_to_each_list(
    live_server, tablet, district, employer, inspector, inspector2, city_manager
):
    page = tablet
    name = "portrait" if page.viewport == PORTRAIT else "landscape"
    today = timezone.localdate()
    team_members = [inspector, inspector2]
    # The campaign first: loading a calendar year recomputes the deadlines of open cases.
    for year in {today.year, today.year + 1}:
        CalendarYear.objects.get_or_create(year=year)
    campaign = campaigns.campaign_create(
        created_by=city_manager,
        name="冬季专项行动",
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=30),
        districts=[district],
    )
    team = campaigns.team_create(
        campaign=campaign,
        created_by=city_manager,
        name="一组",
        inspector_a=inspector,
        inspector_b=inspector2,
        home_district=district,
    )
    for _ in range(2):
        Visit.objects.create(
            campaign=campaign,
            employer=EmployerFactory(district=district),
            district=district,
            team=team,
            date=today,
        )
    Visit.objects.create(
        campaign=campaign,
        employer=EmployerFactory(district=district),
        district=district,
        team=team,
        date=today + datetime.timedelta(days=1),
    )
    for _ in range(3):
        case_in(S.RECEIVED, district=district, employer=employer)
    _deadline(
        case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=team_members),
        add_working_days(today, 1).date,
    )
    for _ in range(2):
        _deadline(
            case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=team_members),
            today - datetime.timedelta(days=2),
        )
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/")
    counts = {
        el.get_attribute("data-count"): int(el.locator(".count-n").inner_text())
        for el in page.locator("a.count-tile").all()
    }
    assert counts == {"to_accept": 3, "due_soon": 1, "overdue": 2, "visits_today": 2}
    assert on_screen(page, "a.count-tile") == []
    snap(page, f"tablet-inspector-home-{name}")
    # Each count opens the list it counts.
    for key, expected in (("to_accept", 3), ("due_soon", 1), ("overdue", 2)):
        page.goto(f"{live_server.url}/staff/")
        page.locator(f"a.count-tile[data-count={key}]").tap()
        page.wait_for_url("**/staff/cases/?**")
        assert page.locator("tr[data-case-id]").count() == expected, key
    page.goto(f"{live_server.url}/staff/")
    page.locator("a.count-tile[data-count=visits_today]").tap()
    page.wait_for_url("**/staff/visits/today/")
    assert "/staff/visits/today/" in page.url
    assert page.locator("article.visit-card").count() == 2


@pytest.mark.parametrize("tablet", [pytest.param(PORTRAIT, id="portrait")], indirect=True)
def test_an_interview_is_recorded_from_the_case_page_and_printed(
    live_server, tablet, district, employer, inspector, inspector2
):
    page = tablet
    case = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    page.locator("#case-bar a[href$='/records/new/']").tap()
    page.wait_for_url("**/records/new/")
    page.select_option("#id_kind", "interview")
    page.fill("#id_place", "项目部会议室")
    page.fill("#id_person_name", "王建设")
    page.select_option("#id_person_role", "employer_manager")
    page.fill("#id_person_title", "项目经理")
    page.fill("textarea[name='questions-0-question']", "是否拖欠工人工资？")
    page.fill("textarea[name='questions-0-answer']", "拖欠三个月。")
    # Both inspectors of the case are ticked already (the two present, art. 15).
    assert page.locator("input[name=inspectors]:checked").count() == 2
    snap(page, "tablet-record-form-portrait")
    page.click(".record-form button[type=submit]")
    page.wait_for_url(f"**/staff/cases/{case.pk}/#record-*")
    record = page.locator("#records li").first
    assert "询问笔录" in record.inner_text() and "王建设" in record.inner_text()
    assert page.locator(".timeline a[href$='/pdf/']").count() == 1
    snap(page, "tablet-record-on-case-portrait")
    response = page.request.get(live_server.url + record.locator("a").first.get_attribute("href"))
    assert response.ok and response.body()[:5] == b"%PDF-"
