"""Hostile input at every door: a clear 400 or 413, never a 500, for pages and the API alike."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from tests.factories import PASSWORD

from .conftest import complaint_form_data

pytestmark = pytest.mark.django_db

NESTED = "[" * 100_000 + "]" * 100_000
PUBLIC_JSON_POSTS = [
    "/api/v1/complaints/",
    "/api/v1/calculator/",
    "/api/v1/mediations/",
]


def _fill(path: str, world) -> list[str]:
    """The concrete paths of a schema path: every path parameter pointing at an object of the world."""
    case, mreq = world["case"], world["mediation"]
    values = {
        "{tracking_number}": case.tracking_number if "/track/" in path[:14] else mreq.tracking_number,
        "{complaint_pk}": str(case.pk),
        "{pk}": str(mreq.pk if path.startswith("/api/v1/mediations/") else case.pk),
    }
    for key, value in values.items():
        path = path.replace(key, value)
    if "{action}" in path:
        from mediation.actions import ACTIONS

        return [path.replace("{action}", action) for action in ACTIONS]
    return [path]


def json_operations(world) -> list[tuple[str, str]]:
    """(method, path) of every operation of the OpenAPI schema that takes a JSON body."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    out = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if "application/json" in op.get("requestBody", {}).get("content", {}):
                out.extend((method, concrete) for concrete in _fill(path, world))
    return out


def _clients(world) -> dict[str, Client]:
    staff = {}
    for role in ("manager", "inspector"):
        client = Client()
        client.force_login(world[role])
        staff[role] = client
    return {"anonymous": Client(), **staff}


def test_nested_json_is_a_400_on_every_json_endpoint(world, settings):
    operations = json_operations(world)
    assert {path for _m, path in operations} >= set(PUBLIC_JSON_POSTS)
    for who, client in _clients(world).items():
        for method, path in operations:
            response = getattr(client, method)(
                path, NESTED, content_type="application/json", HTTP_X_ACCESS_CODE=world["access_code"]
            )
            assert response.status_code < 500, (who, method, path, response.content[:200])
            if path in PUBLIC_JSON_POSTS:
                assert response.status_code == 400, (who, path)
                assert "nested too deeply" in response.json()["detail"]


@pytest.mark.parametrize("body", ["[]", '"x"', "1", "null", "[{}]"])
def test_a_body_that_is_not_an_object_is_a_400(world, body):
    client = _clients(world)["manager"]
    case, mreq = world["case"], world["mediation"]
    for path in (
        f"/api/v1/cases/{case.pk}/extend_deadline/",
        f"/api/v1/cases/{case.pk}/issue_order/",
        f"/api/v1/mediations/{mreq.pk}/schedule/",
        "/api/v1/complaints/",
    ):
        response = client.post(path, body, content_type="application/json")
        assert response.status_code == 400, (path, response.content[:200])
        assert response.json()["detail"] == "The request body must be a JSON object."


@pytest.mark.parametrize("value", [["2027-01-15"], {"date": "2027-01-15"}, 20270115, True])
def test_a_date_given_as_a_list_or_number_is_a_400(world, value):
    client = _clients(world)["manager"]
    path = f"/api/v1/cases/{world['case'].pk}/issue_order/"
    response = client.post(path, {"due_date": value}, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert "due_date" in response.json()


def test_nul_characters_in_json_text_are_a_400(world):
    response = Client().post(
        "/api/v1/calculator/", {"monthly_wage": "5000\x00"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_nul_characters_in_paths_queries_filters_and_basic_auth_are_a_400(world):
    anonymous, staff = Client(), _clients(world)["manager"]
    number = world["tracking_number"]
    requests = [
        (anonymous, "get", f"/track/{number}%00/"),
        (anonymous, "get", f"/api/v1/track/{number}%00/"),
        (anonymous, "get", "/complaints/employers/?q=%E5%A4%A7%00"),
        (anonymous, "get", "/mediation/track/x%00/agreement.pdf"),
        (staff, "get", "/api/v1/cases/?status=%00"),
        (staff, "get", "/api/v1/cases/?q=a%00b"),
        (staff, "get", "/staff/cases/?q=a%00b"),
        (staff, "get", "/api/v1/mediations/?q=%00"),
        (staff, "get", "/staff/mediation/?q=%00"),
        (staff, "get", "/api/v1/notifications/?unread=%00"),
    ]
    for client, method, path in requests:
        response = getattr(client, method)(path, HTTP_ACCEPT="text/html")
        assert response.status_code == 400, (path, response.status_code)
        assert b"NUL" in response.content
    token = base64.b64encode(b"insp1\x00:" + PASSWORD.encode()).decode()
    response = Client().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    response = Client().post("/track/", {"tracking_number": number, "access_code": "AB\x00CD"})
    assert response.status_code == 400


def test_a_nul_is_refused_with_a_page_in_chinese(world):
    response = Client().get(f"/track/{world['tracking_number']}%00/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def _many_fields(n: int) -> dict:
    return {f"f{i}": "x" for i in range(n)}


def test_too_many_fields_is_a_413_with_a_clear_message_on_pages_and_the_api(world):
    client = Client()
    for path in ("/complaints/new/", "/track/", "/mediation/apply/"):
        for encode in ("urlencoded", "multipart"):
            if encode == "multipart":
                response = client.post(path, _many_fields(1200))
            else:
                from urllib.parse import urlencode

                response = client.post(
                    path, urlencode(_many_fields(1200)), content_type="application/x-www-form-urlencoded"
                )
            assert response.status_code == 413, (path, encode, response.status_code)
            assert b"too many fields" in response.content, path
    for path in ("/api/v1/complaints/", "/api/v1/calculator/", "/api/v1/mediations/"):
        response = client.post(path, _many_fields(1200))
        assert response.status_code == 413, (path, response.content[:200])
        assert "too many fields" in response.json()["detail"]


def _files(n: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"evidence": [SimpleUploadedFile(f"p{i}.jpg", b"\xff\xd8\xff" + b"0" * 10) for i in range(n)]}


def test_too_many_files_is_a_413_on_pages_and_the_api(world):
    client = Client()
    number = world["tracking_number"]
    for path in ("/complaints/new/", "/mediation/apply/", "/api/v1/complaints/"):
        response = client.post(path, _files(150))
        assert response.status_code == 413, (path, response.status_code)
        assert b"too many files" in response.content
    response = client.post(
        f"/api/v1/track/{number}/evidence/", _files(150), HTTP_X_ACCESS_CODE=world["access_code"]
    )
    assert response.status_code == 413


def test_a_30_mb_json_body_is_a_413(world):
    body = json.dumps({"description": "x" * (30 * 1024 * 1024)})
    for path in PUBLIC_JSON_POSTS:
        response = Client().post(path, body, content_type="application/json")
        assert response.status_code == 413, (path, response.status_code)
        assert "too large" in response.json()["detail"]


def test_a_30_mb_urlencoded_form_is_a_413_page(world):
    body = "description=" + "x" * (30 * 1024 * 1024)
    response = Client().post("/complaints/new/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert b"too large" in response.content


def _big(name: str, head: bytes, content_type: str = "image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, head + b"0" * (30 * 1024 * 1024), content_type=content_type)


def test_a_30_mb_file_through_the_html_forms_is_a_413(world, district):
    response = Client().post(
        "/complaints/new/", complaint_form_data(district) | {"evidence": [_big("a.jpg", b"\xff\xd8\xff")]}
    )
    assert response.status_code == 413
    assert "larger than 10 MB" in response.content.decode()
    apply = {
        "applicant_name": "李四",
        "applicant_mobile": "13812345678",
        "district": district.pk,
        "employer_name": "大连某某物流有限公司",
        "matters": ["wages"],
        "reasons": "拖欠工资",
        "evidence": [_big("a.pdf", b"%PDF-1.4 ", "application/pdf")],
    }
    response = Client().post("/mediation/apply/", apply)
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_a_30_mb_file_through_the_api_is_a_413(world):
    number = world["tracking_number"]
    response = Client().post(
        f"/api/v1/track/{number}/evidence/",
        {"files": [_big("a.jpg", b"\xff\xd8\xff")]},
        HTTP_X_ACCESS_CODE=world["access_code"],
    )
    assert response.status_code == 413, response.content[:300]
