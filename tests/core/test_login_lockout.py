"""Password guessing is locked out per account and per address, with a cool-off that grows (django-axes)."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _guess(client: Client, url: str, username: str, times: int) -> list[int]:
    return [
        client.post(url, {"username": username, "password": f"wrong-{i}"}).status_code for i in range(times)
    ]


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_thirty_wrong_passwords_then_the_right_one_is_refused(url, admin_user):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    codes = _guess(attacker, url, admin_user.username, 30)
    assert codes[:9] == [200] * 9 and set(codes[9:]) == {429}
    r = attacker.post(url, {"username": admin_user.username, "password": PASSWORD})
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    assert "_auth_user_id" not in attacker.session
    # The same account from another address is locked too: the guesser may use many addresses.
    r = Client(REMOTE_ADDR="198.51.100.1").post(url, {"username": admin_user.username, "password": PASSWORD})
    assert r.status_code == 429


def test_guessing_many_accounts_from_one_address_locks_the_address(inspector, admin_user):
    attacker = Client(REMOTE_ADDR="203.0.113.8")
    for i in range(10):
        attacker.post(LOGIN, {"username": f"nobody{i}", "password": "x"})
    r = attacker.post(LOGIN, {"username": inspector.username, "password": PASSWORD})
    assert r.status_code == 429


def test_another_account_from_another_address_still_logs_in(inspector, admin_user):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    assert set(_guess(attacker, LOGIN, admin_user.username, 30)[10:]) == {429}
    colleague = Client(REMOTE_ADDR="198.51.100.2")
    r = colleague.post(LOGIN, {"username": inspector.username, "password": PASSWORD})
    assert r.status_code == 302 and colleague.session["_auth_user_id"] == str(inspector.pk)


def test_a_few_typos_do_not_lock_out(inspector):
    client = Client(REMOTE_ADDR="198.51.100.3")
    assert _guess(client, LOGIN, inspector.username, 3) == [200] * 3
    assert client.post(LOGIN, {"username": inspector.username, "password": PASSWORD}).status_code == 302


def test_the_cool_off_grows_while_the_guessing_goes_on(admin_user, settings):
    attacker = Client(REMOTE_ADDR="203.0.113.10")
    _guess(attacker, LOGIN, admin_user.username, 10)
    first = int(attacker.post(LOGIN, {"username": admin_user.username, "password": "x"})["Retry-After"])
    _guess(attacker, LOGIN, admin_user.username, 20)
    later = int(attacker.post(LOGIN, {"username": admin_user.username, "password": "x"})["Retry-After"])
    assert first == settings.LOGIN_COOLOFF_MINUTES * 60  # 11 failures: the first run
    assert later == first * 4  # 31 failures: the third run


def test_the_lockout_page_speaks_chinese(admin_user, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    from django.utils import translation

    attacker = Client(REMOTE_ADDR="203.0.113.11", HTTP_ACCEPT_LANGUAGE="zh-hans")
    with translation.override("zh-hans"):
        _guess(attacker, LOGIN, admin_user.username, 10)
        body = attacker.post(LOGIN, {"username": admin_user.username, "password": "x"}).content.decode()
    assert "登录已暂停" in body and "分钟" in body


def test_the_api_takes_no_basic_auth(admin_user):
    token = base64.b64encode(f"{admin_user.username}:{PASSWORD}".encode()).decode()
    r = Client().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert r.status_code == 403
    assert "Basic" not in r.get("WWW-Authenticate", "")
