"""A worker on a phone files a complaint with a photo, reads the receipt and finds the case again."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.complaints.intake_fixtures import JPEG
from tests.factories import EmployerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390 + 1


def test_file_on_a_phone_and_track(live_server, phone_page, district, shot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    employer = EmployerFactory(district=district, name="大连鑫源建筑工程有限公司")
    photo = tmp_path / "工资条.jpg"
    photo.write_bytes(JPEG)
    page = phone_page
    today = timezone.localdate()

    page.goto(live_server.url + "/")
    shot(page, "intake-home-phone")
    page.click("[data-testid=tile-file]")
    page.wait_for_selector("#intake-steps li.current")
    assert no_horizontal_scroll(page)

    # Step 1: about you.
    page.fill("#id_name", "张三")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_mobile", "13800138000")
    shot(page, "intake-step1-phone")
    page.click("fieldset[data-step='1'] [data-next]")

    # Step 2: employer, picked from the search results.
    page.fill("#id_employer_name", "鑫源")
    page.wait_for_selector(".employer-pick")
    shot(page, "intake-step2-search-phone")
    page.click(".employer-pick")
    assert page.input_value("input[name=employer]") == str(employer.pk)
    assert page.input_value("#id_district") == str(district.pk)
    page.fill("#id_project_name", "甘井子区某小区二期")
    page.click("fieldset[data-step='2'] [data-next]")

    # Step 3: what is owed, one more worker.
    page.fill("#id_amount_owed", "18600")
    page.fill("#id_period_start", (today - datetime.timedelta(days=90)).isoformat())
    page.check("#id_continuing")
    page.fill("#id_workers_affected", "2")
    page.click("details.members summary")
    page.fill("input[name='member-0-name']", "李四")
    page.fill("input[name='member-0-mobile']", "13900139000")
    shot(page, "intake-step3-phone")
    page.click("fieldset[data-step='3'] [data-next]")

    # Step 4: description and a photo.
    page.fill("#id_description", "2026年8月起工资未发，项目经理一直拖延。")
    page.set_input_files("#id_evidence", str(photo))
    page.wait_for_selector("#file-list li")
    shot(page, "intake-step4-phone")
    assert no_horizontal_scroll(page)
    page.click("[data-submit]")

    # Receipt.
    page.wait_for_selector("[data-testid=tracking-number]")
    number = page.inner_text("[data-testid=tracking-number]").strip()
    code = page.get_attribute("[data-testid=access-code]", "data-code")
    assert number.startswith("2102-") and len(code) >= 10
    assert page.inner_text("[data-testid=acceptance-due]").strip()
    shot(page, "intake-receipt-phone")
    assert no_horizontal_scroll(page)

    # A fresh visit: find the case with number and code.
    page.context.clear_cookies()
    page.goto(live_server.url + "/track/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_access_code", code.lower())
    shot(page, "intake-track-form-phone")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=case-number]")
    assert page.inner_text("[data-testid=case-number]").strip() == number
    assert page.inner_text("[data-testid=case-status]").strip()
    assert "工资条.jpg" in page.content()
    shot(page, "intake-track-case-phone")
    assert no_horizontal_scroll(page)


def test_calculator_on_a_phone(live_server, phone_page, db, shot):
    page = phone_page
    page.goto(live_server.url + "/calculator/")
    page.fill("#id_monthly_wage", "4350")
    page.fill("#id_overtime_hours", "10")
    page.fill("#id_rest_days", "2")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=owed]")
    assert "1175.00" in page.inner_text("[data-testid=owed]")
    shot(page, "intake-calculator-phone")
    assert no_horizontal_scroll(page)
    page.click("[data-testid=carry-amount]")
    page.wait_for_selector("#id_amount_owed", state="attached")
    assert page.input_value("#id_amount_owed") == "1175.00"


def test_form_and_tracking_on_a_tablet(live_server, tablet_page, district, shot):
    page = tablet_page
    page.goto(live_server.url + "/complaints/new/")
    page.wait_for_selector("#intake-steps li.current")
    shot(page, "intake-form-tablet")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024 + 1
    page.goto(live_server.url + "/track/")
    shot(page, "intake-track-tablet")
