"""A complaint recorded at the counter on a tablet, its receipt printed for the worker."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from complaints.choices import Source
from complaints.models import AuditEntry, Complaint
from complaints.tracking_codes import access_code_matches
from tests.browser.conftest import login
from tests.complaints.factories import fast_passwords, media_tmp  # noqa: F401
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media_tmp"),
]


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_counter_records_a_complaint_and_prints_the_receipt(
    live_server, tablet_page, district, inspector, shot, sms_outbox, settings
):
    settings.LANGUAGE_CODE = "zh-hans"  # the office writes its documents in Chinese
    page = tablet_page
    today = timezone.localdate()
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/cases/")
    page.click("[data-testid=record-link]")
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=source][value=counter]").is_checked()
    assert page.input_value("#id_received_on") == today.isoformat()
    page.fill("#id_name", "王秀兰")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_mobile", "13800138000")
    page.fill("#id_employer_name", "大连宏达建筑工程有限公司")
    page.select_option("#id_district", str(district.pk))
    page.fill("#id_amount_owed", "12600")
    page.fill("#id_period_start", (today - datetime.timedelta(days=90)).isoformat())
    page.fill("#id_period_end", (today - datetime.timedelta(days=5)).isoformat())
    page.fill("#id_description", "三个月工资未发，到窗口投诉。")
    assert page.locator("input[name=receipt][value=print]").is_checked()
    shot(page, "counter-record-tablet")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024 + 1
    page.click("[data-testid=record-submit]")
    page.wait_for_load_state("networkidle")

    case = Complaint.objects.get()
    assert case.source == Source.COUNTER
    audit = AuditEntry.objects.get(complaint=case)
    assert audit.actor == inspector and audit.changes["source"] == "counter"
    number = page.locator("[data-testid=tracking-number]").inner_text()
    code = page.locator("[data-testid=access-code]").get_attribute("data-code")
    assert number == case.tracking_number and access_code_matches(code, case.access_code_hash)
    assert sms_outbox == []  # printed, not sent
    shot(page, "counter-receipt-tablet")

    # What the counter's printer gets: the receipt without the navigation.
    page.emulate_media(media="print")
    shot(page, "counter-receipt-print")
    printed = _text(page.pdf(format="A4"))
    assert number in printed and code[:4] in printed and code[-4:] in printed
    assert case.acceptance_due.isoformat() in printed
    assert "退出" not in printed and "打印" not in printed  # no navigation, no buttons on paper
    page.emulate_media(media="screen")

    # The same receipt as a PDF in the office's document style.
    href = page.get_attribute("[data-testid=receipt-pdf]", "href")
    response = page.context.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = _text(response.body())
    assert number in text and code[:4] in text and "回执" in text
