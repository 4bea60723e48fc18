"""A mediator books a session on a tablet; the worker sees it on the tracking page on a phone."""

from __future__ import annotations

import pytest

from mediation.models import MediationRequest, MediationSession
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.mediation.factories import ACCESS_CODE, MediationRequestFactory, RoomFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_mediator_schedules_on_a_tablet_and_worker_sees_it(
    live_server, tablet_page, phone_page, shot, district, mediator
):
    RoomFactory(district=district, name="第一调解室", location="劳动监察大楼三楼")
    RoomFactory(district=district, name="第二调解室", capacity=10)
    request = MediationRequestFactory(
        district=district, employer__name="大连海湾建筑工程有限公司", amount_claimed="18600"
    )
    MediationRequestFactory(district=district, status="scheduled", mediator=mediator)

    page = tablet_page
    login(page, live_server, mediator.username, PASSWORD)
    page.goto(f"{live_server.url}/staff/mediation/")
    shot(page, "mediation-list-tablet")
    page.click(f"text={request.tracking_number}")
    page.click("[data-testid=accept]")
    page.wait_for_load_state("networkidle")
    assert MediationRequest.objects.get(pk=request.pk).status == "accepted"
    shot(page, "mediation-detail-accepted-tablet")
    page.click("[data-testid=find-slot]")
    page.wait_for_selector("[data-testid=slots] .slot")
    first = page.locator("[data-testid=slots] .slot").first
    first.click()
    shot(page, "mediation-find-slot-tablet")
    page.click("[data-testid=book]")
    page.wait_for_load_state("networkidle")
    session = MediationSession.objects.get(request=request)
    assert MediationRequest.objects.get(pk=request.pk).status == "scheduled"
    assert session.room is not None and session.mediator == mediator
    shot(page, "mediation-detail-scheduled-tablet")
    page.goto(f"{live_server.url}/staff/mediation/week/?week={session.start_at.date().isoformat()}")
    assert page.locator("[data-testid=week-session]").filter(has_text=request.tracking_number).count() == 1
    shot(page, "mediation-week-tablet")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024 + 1
    day = session.start_at.date().isoformat()
    page.goto(f"{live_server.url}/staff/mediation/rooms/?week={day}&day={day}")
    assert request.tracking_number in page.content()
    shot(page, "mediation-rooms-tablet")

    phone = phone_page
    phone.goto(f"{live_server.url}/track/")
    phone.fill("#id_tracking_number", request.tracking_number)
    phone.fill("#id_access_code", ACCESS_CODE)
    phone.click("form button.btn-primary")
    phone.wait_for_selector("[data-testid=worker-sessions]")
    text = phone.inner_text("[data-testid=worker-sessions]")
    assert session.room.name in text
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    shot(phone, "mediation-track-phone")


def test_worker_applies_on_a_phone(live_server, phone_page, shot, district):
    page = phone_page
    page.goto(f"{live_server.url}/mediation/apply/")
    shot(page, "mediation-apply-phone")
    page.fill("#id_applicant_name", "李四")
    page.fill("#id_applicant_mobile", "13812345678")
    page.click("fieldset[data-step='1'] [data-next]")
    page.wait_for_selector("fieldset[data-step='2'].current")
    page.fill("#id_employer_name", "大连某某餐饮有限公司")  # not in the list: typed in full
    page.select_option("#id_district", str(district.pk))
    page.click("fieldset[data-step='2'] [data-next]")
    page.wait_for_selector("fieldset[data-step='3'].current")
    page.check("input[name=matters][value=wages]")
    page.fill("#id_reasons", "拖欠两个月工资")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=tracking-number]")
    assert page.inner_text("[data-testid=tracking-number]").startswith("2102M-")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    shot(page, "mediation-applied-phone")
