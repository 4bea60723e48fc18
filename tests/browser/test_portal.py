"""A worker on a phone: from the home page to a mediation receipt, step checks, large text, calculator."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from complaints.models import Complaint
from mediation.models import MediationRequest
from tests.complaints.factories import ComplaintFactory
from tests.complaints.intake_fixtures import JPEG
from tests.factories import EmployerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390 + 1


def steps_fit(page, selector: str) -> bool:
    """Every item of a step indicator lies inside the indicator (nothing clipped or scrolled away)."""
    return page.evaluate(
        """(sel) => { const ol = document.querySelector(sel); const box = ol.getBoundingClientRect();
        return ol.scrollWidth <= ol.clientWidth + 1 && [...ol.children].every(li => {
          const r = li.getBoundingClientRect(); return r.left >= box.left - 1 && r.right <= box.right + 1; }); }""",
        selector,
    )


def test_home_to_mediation_receipt_on_a_phone(live_server, phone_page, district, shot):
    employer = EmployerFactory(
        district=district, name="大连海湾餐饮管理有限公司", credit_code="91110108551385082Q"
    )
    page = phone_page
    page.goto(live_server.url + "/")
    assert page.locator("[data-testid=services] li").count() == 5
    assert page.inner_text("[data-testid=hotline]").strip() == "12333"
    assert page.inner_text("[data-testid=opening-hours]").strip()
    shot(page, "portal-home-phone")
    assert no_horizontal_scroll(page)

    page.click("[data-testid=tile-mediation]")
    page.wait_for_selector("#mediation-steps li.current")
    assert steps_fit(page, "#mediation-steps")
    assert page.locator("fieldset[data-step='1'] .req").count() == 2  # name and mobile

    # Step 1: a wrong mobile is caught when the step is left, by the server's own rule.
    page.fill("#id_applicant_name", "李四")
    page.fill("#id_applicant_mobile", "2381234567")
    page.click("fieldset[data-step='1'] [data-next]")
    page.wait_for_selector("fieldset[data-step='1'] [data-step-error=applicant_mobile]")
    shot(page, "portal-mediation-step1-error-phone")
    assert page.locator("fieldset[data-step='1']").is_visible()
    page.fill("#id_applicant_mobile", "13812345678")
    page.click("fieldset[data-step='1'] [data-next]")

    # Step 2: the employer from the complaint form's search; the district is shown by name.
    page.wait_for_selector("fieldset[data-step='2'].current")
    page.fill("#id_employer_name", "海湾餐饮")
    page.wait_for_selector(".employer-pick")
    shot(page, "portal-mediation-step2-search-phone")
    page.click(".employer-pick")
    assert page.input_value("#id_employer_credit_code") == employer.credit_code
    assert page.input_value("#id_district") == str(district.pk)
    assert page.locator("#id_district option:checked").inner_text().strip() == district.name
    page.click("fieldset[data-step='2'] [data-next]")

    # Step 3: the dispute.
    page.wait_for_selector("fieldset[data-step='3'].current")
    page.check("input[name=matters][value=wages]")
    page.fill("#id_amount_claimed", "9600")
    page.fill("#id_reasons", "拖欠两个月工资，老板不接电话。")
    assert page.locator(".with-unit .unit").first.is_visible()
    shot(page, "portal-mediation-step3-phone")
    assert no_horizontal_scroll(page)
    page.click("[data-submit]")

    page.wait_for_selector("[data-testid=tracking-number]")
    request = MediationRequest.objects.get()
    assert page.inner_text("[data-testid=tracking-number]").strip() == request.tracking_number
    assert request.employer_id == employer.pk
    code = page.get_attribute("[data-testid=access-code]", "data-code")
    grouped = page.inner_text("[data-testid=access-code]").strip()
    assert grouped == f"{code[:4]} {code[4:8]} {code[8:]}"
    assert page.locator("[data-testid=print]").is_visible()
    assert page.inner_text("[data-testid=mediation-deadline]").strip()
    shot(page, "portal-mediation-receipt-phone")
    assert no_horizontal_scroll(page)

    # The tracking page's progress (five stages) fits the phone's width.
    page.click("[data-testid=to-tracking]")
    page.wait_for_selector(".steps")
    assert steps_fit(page, ".steps")
    shot(page, "portal-mediation-track-phone")


def test_large_text_mode_persists_across_pages(live_server, phone_page, db, shot):
    page = phone_page
    page.goto(live_server.url + "/")
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.click("[data-testid=large-text]")
    assert page.get_attribute("[data-testid=large-text]", "aria-pressed") == "true"
    bigger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert bigger > size
    page.goto(live_server.url + "/calculator/")
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    assert page.get_attribute("[data-testid=large-text]", "aria-pressed") == "true"
    shot(page, "portal-calculator-large-text-phone")
    assert no_horizontal_scroll(page)
    page.click("[data-testid=large-text]")
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('large-text')")


def test_calculator_scrolls_to_the_result(live_server, phone_page, db, shot):
    page = phone_page
    page.goto(live_server.url + "/calculator/")
    assert page.locator(".with-unit .unit").count() == 5
    page.fill("#id_monthly_wage", "4350")
    page.fill("#id_overtime_hours", "10")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=calc-result]")
    top = page.evaluate("document.querySelector('[data-testid=calc-result]').getBoundingClientRect().top")
    assert page.evaluate("window.scrollY") > 0
    assert 0 <= top < 844 / 2
    shot(page, "portal-calculator-result-phone")


def test_step_checks_and_a_refused_filing_keep_the_chosen_photo(
    live_server, phone_page, district, shot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    employer = EmployerFactory(district=district, name="大连鑫源建筑工程有限公司")
    # The same worker already has an open complaint against this employer: the filing is refused.
    ComplaintFactory(
        tracking_number="2102-2026-900001",
        district=district,
        employer=employer,
        complainant_id_number="11010519491231002X",
    )
    photo = tmp_path / "工资条.jpg"
    photo.write_bytes(JPEG)
    page = phone_page
    today = timezone.localdate()
    page.goto(live_server.url + "/complaints/new/")
    page.wait_for_selector("#intake-steps li.current")

    # Step 1: a mistyped ID number is refused when the step is left, with the server's message.
    page.fill("#id_name", "张三")
    page.fill("#id_id_number", "110105194912310021")
    page.fill("#id_mobile", "13800138000")
    page.click("fieldset[data-step='1'] [data-next]")
    page.wait_for_selector("[data-step-error=id_number]")
    assert page.locator("fieldset[data-step='1']").is_visible()
    assert page.get_attribute("#id_id_number", "aria-invalid") == "true"
    shot(page, "portal-intake-step1-checked-phone")
    page.fill("#id_id_number", "11010519491231002X")
    page.click("fieldset[data-step='1'] [data-next]")
    page.wait_for_selector("fieldset[data-step='2'].current")
    assert page.locator("[data-step-error]").count() == 0

    page.fill("#id_employer_name", "鑫源")
    page.click(".employer-pick")
    page.click("fieldset[data-step='2'] [data-next]")
    page.wait_for_selector("fieldset[data-step='3'].current")
    page.fill("#id_amount_owed", "18600")
    page.fill("#id_period_start", (today - datetime.timedelta(days=90)).isoformat())
    page.check("#id_continuing")
    page.click("fieldset[data-step='3'] [data-next]")
    page.wait_for_selector("fieldset[data-step='4'].current")
    page.fill("#id_description", "2026年8月起工资未发。")
    page.set_input_files("#id_evidence", str(photo))
    page.click("[data-submit]")

    # Refused (an open complaint exists): the photo is still there, listed and ticked.
    page.wait_for_selector("[data-testid=staged-files]")
    assert "工资条.jpg" in page.inner_text("[data-testid=staged-files]")
    assert page.locator("[data-testid=staged-files] input[name=staged]").is_checked()
    assert page.locator("[data-testid=files-dropped]").count() == 0
    shot(page, "portal-intake-refused-photo-kept-phone")
    assert no_horizontal_scroll(page)
    page.check("input[name=confirm_different_matter]")
    page.click("[data-submit]")

    page.wait_for_selector("[data-testid=tracking-number]")
    number = page.inner_text("[data-testid=tracking-number]").strip()
    filed = Complaint.objects.get(tracking_number=number)
    assert list(filed.evidence.values_list("original_name", flat=True)) == ["工资条.jpg"]


def test_an_anonymous_clue_asks_for_no_identity(live_server, phone_page, district, shot):
    page = phone_page
    page.goto(live_server.url + "/")
    page.click("[data-testid=tile-clue]")
    page.wait_for_selector("#intake-steps li.current")
    assert not page.locator("#id_name").is_visible()
    assert not page.locator("#id_id_number").is_visible()
    assert page.locator("[data-testid=clue-note]").is_visible()
    assert "回访电话" in page.inner_text("label[for=id_mobile]")
    shot(page, "portal-clue-step1-phone")
    page.click("label[for=id_kind_0]")
    assert page.locator("#id_name").is_visible()
