"""A worker on a phone: from the home page to a mediation receipt, step checks, large text, calculator."""

from __future__ import annotations

import pytest

from mediation.models import MediationRequest
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
