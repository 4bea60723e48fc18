"""The inspector's workbench on a tablet: accept, assign two inspectors, order, record payment, close."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from complaints.choices import CaseStatus as S
from tests.browser.conftest import login
from tests.complaints.factories import GroupMemberFactory, case_in, fast_passwords, media_tmp  # noqa: F401
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media_tmp"),
]


def act(page, action: str, fill: dict | None = None) -> None:
    """Open an action's form on the case page, fill it and confirm."""
    page.click(f"#action-{action} > summary")
    for selector, value in (fill or {}).items():
        if value is True:
            page.check(selector)
        else:
            page.fill(selector, value)
    page.click(f"#action-{action} button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_inspector_works_a_case_to_closure_on_a_tablet(
    live_server, tablet_page, district, employer, inspector, inspector2, shot
):
    page = tablet_page
    case = case_in(S.RECEIVED, district=district, employer=employer, workers_affected=2)
    GroupMemberFactory(complaint=case, name="李秀英", id_number="11010519491231002X", mobile="13900139000")
    case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/?view=queue")
    assert page.locator(f"#case-row-{case.pk}").is_visible()
    assert page.locator("[data-live-list=cases]").get_attribute("data-row-url") == "/staff/cases/{id}/row/"
    shot(page, "workbench-queue-tablet")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024 + 1

    page.click(f"#case-row-{case.pk} a.case-link")
    page.wait_for_load_state("networkidle")
    assert page.locator(f"[data-live-case='{case.pk}']").count() == 1
    # Not assigned yet: claimants masked.
    assert "11010519491231002X" not in page.content() and "1101**********002X" in page.content()
    shot(page, "workbench-case-received-tablet")

    act(page, "accept")
    assert page.locator(".status.s-accepted").first.is_visible()
    # Assign two inspectors (第十五条), then the investigation can start.
    page.click("#action-assign > summary")
    page.check(f"#action-assign input[value='{inspector.pk}']")
    page.check(f"#action-assign input[value='{inspector2.pk}']")
    page.click("#action-assign button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "11010519491231002X" in page.content()  # assigned now: full details
    act(page, "start_investigation")
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    act(
        page,
        "issue_order",
        {
            "#id_issue_order_due_date": due,
            "#id_issue_order_amount": "18000",
            "#id_issue_order_reason": "经查，拖欠工资属实，责令限期支付。",
        },
    )
    assert page.locator(".status.s-ordered").first.is_visible()
    shot(page, "workbench-case-ordered-tablet")

    page.click("#action-record_compliance > summary")
    page.fill("input[name='payments-0-amount']", "12000")
    page.fill("input[name='payments-1-amount']", "6000")
    shot(page, "workbench-record-payment-tablet")
    page.click("#action-record_compliance button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".status.s-complied").first.is_visible()
    act(page, "close", {"#id_close_summary": "用人单位已足额支付两名工人工资共18000元。"})
    assert page.locator(".status.s-closed").first.is_visible()
    shot(page, "workbench-case-closed-tablet")
    case.refresh_from_db()
    assert case.status == S.CLOSED and case.outcome.wages_recovered == 18000
    assert list(case.notices.values_list("kind", flat=True)) == ["accepted", "order", "closed"]
    # The closing notice opens as a PDF.
    href = page.locator(".notices a").last.get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.ok and response.body()[:5] == b"%PDF-"


def test_required_fields_are_asked_again_in_the_form(
    live_server, tablet_page, district, employer, inspector, shot
):
    page = tablet_page
    case = case_in(S.RECEIVED, district=district, employer=employer)
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    page.click("#action-decline > summary")
    page.click("#action-decline button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#action-decline[open] .errorlist").count() >= 1
    shot(page, "workbench-required-field-tablet")
    case.refresh_from_db()
    assert case.status == S.RECEIVED


def test_manager_bulk_assigns_from_the_district_queue(
    live_server, tablet_page, district, employer, manager, inspector, inspector2, shot
):
    from datetime import timedelta

    page = tablet_page
    cases = [case_in(S.RECEIVED, district=district, employer=employer) for _ in range(3)]
    late = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    type(late).objects.filter(pk=late.pk).update(next_deadline=timezone.localdate() - timedelta(days=3))
    login(page, live_server, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/")
    assert page.locator(f"#case-row-{late.pk} .badge.overdue").is_visible()
    for case in cases[:2]:
        page.check(f"#case-row-{case.pk} input[name=case]")
    page.check(f".wb-bulk input[name=inspector][value='{inspector2.pk}']")
    shot(page, "workbench-manager-bulk-assign-tablet")
    page.click(".wb-bulk button[type=submit]")
    page.wait_for_load_state("networkidle")
    for case in cases[:2]:
        assert list(case.assignments.values_list("inspector_id", flat=True)) == [inspector2.pk]
    assert not cases[2].assignments.exists()


def test_worker_files_inspector_works_the_case_worker_follows_each_step(
    live_server, phone_page, new_tablet_page, district, inspector, inspector2, shot
):
    """A worker files through the public form; an inspector works it on a tablet; the worker sees it all."""
    from complaints.models import Complaint
    from tests.factories import EmployerFactory

    EmployerFactory(district=district, name="大连鑫源建筑工程有限公司")
    worker = phone_page
    today = timezone.localdate()
    worker.goto(live_server.url + "/complaints/new/")
    worker.wait_for_selector("#intake-steps li.current")
    worker.fill("#id_name", "张三")
    worker.fill("#id_id_number", "11010519491231002X")
    worker.fill("#id_mobile", "13800138000")
    worker.click("fieldset[data-step='1'] [data-next]")
    worker.fill("#id_employer_name", "鑫源")
    worker.wait_for_selector(".employer-pick")
    worker.click(".employer-pick")
    worker.click("fieldset[data-step='2'] [data-next]")
    worker.fill("#id_amount_owed", "18600")
    worker.fill("#id_period_start", (today - datetime.timedelta(days=90)).isoformat())
    worker.check("#id_continuing")
    worker.click("fieldset[data-step='3'] [data-next]")
    worker.fill("#id_description", "2026年8月起工资未发，项目经理一直拖延。")
    worker.click("[data-submit]")
    worker.wait_for_selector("[data-testid=tracking-number]")
    number = worker.inner_text("[data-testid=tracking-number]").strip()
    code = worker.get_attribute("[data-testid=access-code]", "data-code")
    case = Complaint.objects.get(tracking_number=number)

    def worker_sees() -> str:
        worker.context.clear_cookies()
        worker.goto(live_server.url + "/track/")
        worker.fill("#id_tracking_number", number)
        worker.fill("#id_access_code", code)
        worker.click("button[type=submit]")
        worker.wait_for_selector("[data-testid=case-status]")
        return worker.inner_text("[data-testid=case-status]").strip()

    received_label = worker_sees()

    page = new_tablet_page()
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    act(page, "accept")
    assert worker_sees() != received_label
    accepted_label = worker_sees()
    assert worker.locator(".files a").count() == 1  # the acceptance notice
    shot(worker, "worker-track-accepted-phone")

    page.click("#action-assign > summary")
    page.check(f"#action-assign input[value='{inspector.pk}']")
    page.check(f"#action-assign input[value='{inspector2.pk}']")
    page.click("#action-assign button[type=submit]")
    page.wait_for_load_state("networkidle")
    act(page, "start_investigation")
    due = (today + datetime.timedelta(days=14)).isoformat()
    act(
        page,
        "issue_order",
        {
            "#id_issue_order_due_date": due,
            "#id_issue_order_amount": "18600",
            "#id_issue_order_reason": "责令限期支付。",
        },
    )
    ordered_label = worker_sees()
    assert ordered_label not in (received_label, accepted_label)
    page.click("#action-record_compliance > summary")
    page.fill("input[name='payments-0-amount']", "18600")
    page.click("#action-record_compliance button[type=submit]")
    page.wait_for_load_state("networkidle")
    act(page, "close", {"#id_close_summary": "已足额支付。"})
    closed_label = worker_sees()
    assert closed_label not in (ordered_label, accepted_label)
    # Every public step is on the worker's timeline, and the three notices are there as PDFs.
    assert worker.locator(".timeline li").count() >= 5
    assert worker.locator(".files a").count() == 3
    href = worker.locator(".files a").last.get_attribute("href")
    response = worker.request.get(live_server.url + href)
    assert response.ok and response.body()[:5] == b"%PDF-"
    shot(worker, "worker-track-closed-phone")
    assert worker.evaluate("document.documentElement.scrollWidth") <= 390 + 1
