import pytest

from tests.browser.conftest import login
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_home_and_staff_login_on_a_phone(live_server, phone_page, inspector, shot):
    phone_page.goto(live_server.url + "/")
    assert "欠薪" in phone_page.content() or phone_page.title()
    shot(phone_page, "home-phone")
    login(phone_page, live_server, inspector.username, PASSWORD)
    assert phone_page.url.endswith("/staff/")
    # Nothing overflows the phone's width.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
