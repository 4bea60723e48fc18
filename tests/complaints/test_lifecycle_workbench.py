"""The workbench pages: lists, row partial, case page actions and their errors, bulk assign."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.choices import CaseStatus as S
from tests.complaints.factories import case_in, fast_passwords, media_tmp  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]
TODAY = timezone.localdate()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_cases_shows_only_assigned_open_cases_nearest_deadline_first(
    district, employer, inspector, inspector2
):
    mine_late = case_in(
        S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2]
    )
    mine_soon = case_in(
        S.ORDERED,
        district=district,
        employer=employer,
        inspectors=[inspector, inspector2],
        order_due=TODAY + datetime.timedelta(days=2),
    )
    not_mine = case_in(S.RECEIVED, district=district, employer=employer)
    html = logged_in(inspector).get("/staff/cases/").content.decode()
    assert html.index(f'id="case-row-{mine_soon.pk}"') < html.index(f'id="case-row-{mine_late.pk}"')
    assert f'id="case-row-{not_mine.pk}"' not in html
    assert 'data-live-list="cases"' in html and 'data-row-url="/staff/cases/{id}/row/"' in html
    queue = logged_in(inspector).get("/staff/cases/?view=queue").content.decode()
    assert f'id="case-row-{not_mine.pk}"' in queue


def test_row_partial_renders_one_row(district, employer, inspector):
    case = case_in(S.RECEIVED, district=district, employer=employer)
    html = logged_in(inspector).get(f"/staff/cases/{case.pk}/row/").content.decode()
    assert html.strip().startswith(f'<tr id="case-row-{case.pk}" data-case-id="{case.pk}"')


def test_html_list_query_count_is_constant_in_page_size(district, employer, manager, inspector, inspector2):
    for _ in range(2):
        case_in(S.ORDERED, district=district, employer=employer, inspectors=[inspector, inspector2])
        case_in(S.RECEIVED, district=district, employer=employer)
    from django.core.cache import cache

    client = logged_in(manager)
    cache.clear()  # the filter form is cached between requests; measure both cold
    with CaptureQueriesContext(connection) as small:
        client.get("/staff/cases/?view=queue")
    for _ in range(20):
        case_in(S.ORDERED, district=district, employer=employer, inspectors=[inspector, inspector2])
        case_in(S.RECEIVED, district=district, employer=employer)
    cache.clear()
    with CaptureQueriesContext(connection) as full:
        html = client.get("/staff/cases/?view=queue").content.decode()
    assert html.count('id="case-row-') == 25
    assert len(full.captured_queries) == len(small.captured_queries)


def test_pagination_speaks_of_pages_in_chinese(district, employer, manager):
    from django.utils import translation

    for _ in range(26):
        case_in(S.RECEIVED, district=district, employer=employer)
    with translation.override("zh-hans"):
        html = (
            logged_in(manager)
            .get("/staff/cases/?view=queue", HTTP_ACCEPT_LANGUAGE="zh-hans")
            .content.decode()
        )
    assert "下一页" in html and "下一步" not in html  # "Next" page, not the form's "next step"


def test_case_page_offers_only_what_the_user_may_do(district, employer, inspector, inspector2, manager):
    case = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    as_inspector = logged_in(inspector).get(f"/staff/cases/{case.pk}/").content.decode()
    assert 'id="action-issue_order"' in as_inspector and 'id="action-extend_deadline"' not in as_inspector
    assert (
        f'data-live-case="{case.pk}"' in as_inspector
        and f'data-live-subscribe="case-{case.pk}"' in as_inspector
    )
    as_manager = logged_in(manager).get(f"/staff/cases/{case.pk}/").content.decode()
    assert 'id="action-extend_deadline"' in as_manager


def test_action_with_missing_fields_comes_back_with_errors(district, employer, inspector):
    case = case_in(S.RECEIVED, district=district, employer=employer)
    response = logged_in(inspector).post(f"/staff/cases/{case.pk}/act/decline/", {"seen_status": "received"})
    assert response.status_code == 400
    assert b'id="action-decline" open' in response.content or b'action-decline" open' in response.content
    case.refresh_from_db()
    assert case.status == S.RECEIVED


def test_action_on_a_case_changed_meanwhile_says_reload(district, employer, inspector):
    case = case_in(S.ACCEPTED, district=district, employer=employer)
    response = logged_in(inspector).post(
        f"/staff/cases/{case.pk}/act/accept/", {"seen_status": "received"}, follow=True
    )
    assert response.status_code == 200
    assert any("reload" in str(m).lower() or "刷新" in str(m) for m in response.context["messages"])


def test_action_posts_and_redirects(district, employer, inspector):
    case = case_in(S.RECEIVED, district=district, employer=employer)
    response = logged_in(inspector).post(
        f"/staff/cases/{case.pk}/act/refer/",
        {"seen_status": "received", "referral_kind": "mediation", "reason": "劳动合同纠纷，建议调解"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.REFERRED and case.notices.get().kind == "referred"


def test_forbidden_action_is_403(district, employer, inspector, inspector2):
    case = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    response = logged_in(inspector).post(f"/staff/cases/{case.pk}/act/extend_deadline/", {"reason": "x"})
    assert response.status_code == 403


def test_staff_home_links_to_the_workbench(inspector, manager):
    assert b"/staff/cases/" in logged_in(inspector).get("/staff/").content
    assert b"/staff/cases/" in logged_in(manager).get("/staff/").content
