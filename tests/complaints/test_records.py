"""Inspection and interview records on a case: API (idempotent), page form, PDF, staff-only timeline."""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from complaints.choices import CaseStatus as S
from complaints.models import AuditEntry, InspectionRecord, RecordAttachment
from notifications.models import Event
from tests.complaints.factories import ACCESS_CODE, case_in, fast_passwords, media_tmp  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%payroll copy\n" + b"0" * 64
QUESTIONS = [
    {"question": "你单位拖欠工人工资的情况是否属实？", "answer": "属实，因工程款未到位，拖欠三个月工资。"},
    {"question": "拖欠多少名工人，总金额多少？", "answer": "十二名工人，共计十八万元。"},
]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def case(district, employer, inspector, inspector2):
    return case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])


def body(inspector, inspector2, **extra) -> dict:
    data = {
        "kind": "interview",
        "started_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "ended_at": timezone.now().isoformat(),
        "place": "甘井子区红旗西路88号项目部会议室",
        "inspectors": [inspector.pk, inspector2.pk],
        "person_name": "王建设",
        "person_role": "employer_manager",
        "person_title": "项目经理",
        "questions": QUESTIONS,
    }
    data.update(extra)
    return data


def pdf_text(content: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_create_answers_201_and_a_replay_with_the_same_key_200_with_the_same_record(
    case, inspector, inspector2
):
    api = client_for(inspector)
    key = str(uuid.uuid4())
    url = f"/api/v1/cases/{case.pk}/records/"
    first = api.post(url, body(inspector, inspector2), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201, first.json()
    data = first.json()
    assert data["client_uuid"] == key
    assert [q["question"] for q in data["questions"]] == [q["question"] for q in QUESTIONS]
    assert sorted(i["id"] for i in data["inspectors"]) == sorted([inspector.pk, inspector2.pk])
    again = api.post(url, body(inspector, inspector2, place="别处"), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 200
    assert again.json()["id"] == data["id"] and again.json()["place"] == data["place"]
    assert InspectionRecord.objects.filter(complaint=case).count() == 1
    assert AuditEntry.objects.filter(complaint=case, action="record_added").count() == 1
    assert Event.objects.filter(kind="case.record_added").count() == 1
    # The key may come in the body too.
    same_in_body = api.post(url, body(inspector, inspector2, client_uuid=key), format="json")
    assert same_in_body.status_code == 200 and same_in_body.json()["id"] == data["id"]
    listed = api.get(url).json()
    assert [r["id"] for r in listed] == [data["id"]]
    assert api.get(f"{url}{data['id']}/").json()["person_name"] == "王建设"


def test_a_key_must_be_a_uuid_and_agree_with_the_body(case, inspector, inspector2):
    api = client_for(inspector)
    url = f"/api/v1/cases/{case.pk}/records/"
    bad = api.post(url, body(inspector, inspector2), format="json", HTTP_IDEMPOTENCY_KEY="not-a-uuid")
    assert bad.status_code == 400 and "client_uuid" in bad.json()
    differ = api.post(
        url,
        body(inspector, inspector2, client_uuid=str(uuid.uuid4())),
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert differ.status_code == 400
    assert not InspectionRecord.objects.exists()


def test_a_key_used_by_someone_else_is_a_conflict(case, inspector, inspector2, manager):
    key = str(uuid.uuid4())
    url = f"/api/v1/cases/{case.pk}/records/"
    assert (
        client_for(inspector)
        .post(url, body(inspector, inspector2), format="json", HTTP_IDEMPOTENCY_KEY=key)
        .status_code
        == 201
    )
    other = client_for(manager).post(
        url, body(inspector, inspector2), format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert other.status_code == 409
    assert InspectionRecord.objects.count() == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"inspectors": "one"}, "inspectors"),
        ({"questions": []}, "questions"),
        ({"questions": [{"question": "问题", "answer": ""}]}, "questions"),
        ({"questions": "not a list"}, "questions"),
        ({"kind": "site_inspection", "questions": [], "findings": ""}, "findings"),
        ({"started_at": (timezone.now() + datetime.timedelta(days=2)).isoformat()}, "started_at"),
        ({"ended_at": (timezone.now() - datetime.timedelta(days=2)).isoformat()}, "ended_at"),
        ({"place": ""}, "place"),
        ({"person_role": "boss"}, "person_role"),
    ],
)
def test_invalid_input_is_400_naming_the_field(case, inspector, inspector2, change, field):
    data = body(inspector, inspector2, **change)
    if change.get("inspectors") == "one":
        data["inspectors"] = [inspector.pk]  # 第十五条: two at least
    response = client_for(inspector).post(f"/api/v1/cases/{case.pk}/records/", data, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert not InspectionRecord.objects.exists()


def test_inspectors_present_must_be_of_the_district(case, inspector, other_inspector):
    data = body(inspector, other_inspector)
    response = client_for(inspector).post(f"/api/v1/cases/{case.pk}/records/", data, format="json")
    assert response.status_code == 400 and "inspectors" in response.json()


def test_who_may_record(case, district, inspector, inspector2, other_inspector, admin_user, mediator):
    url = f"/api/v1/cases/{case.pk}/records/"
    unassigned = UserFactory(role="inspector", district=district, username="insp-unassigned")
    assert client_for(unassigned).post(url, body(inspector, inspector2), format="json").status_code == 403
    assert client_for(admin_user).post(url, body(inspector, inspector2), format="json").status_code == 403
    assert (
        client_for(other_inspector).post(url, body(inspector, inspector2), format="json").status_code == 404
    )
    assert client_for(mediator).get(url).status_code == 404
    assert not InspectionRecord.objects.exists()


def test_a_finished_case_takes_no_records(district, employer, inspector, inspector2):
    closed = case_in(S.CLOSED, district=district, employer=employer, inspectors=[inspector, inspector2])
    response = client_for(inspector).post(
        f"/api/v1/cases/{closed.pk}/records/", body(inspector, inspector2), format="json"
    )
    assert response.status_code == 409


def test_multipart_with_attachments_sniffed_by_content(case, inspector, inspector2):
    api = client_for(inspector)
    data = body(inspector, inspector2, kind="site_inspection", findings="现场未见工资支付台账。")
    data["questions"] = '[{"question": "工资台账在哪里？", "answer": "在公司总部。"}]'
    data["files"] = [
        SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
        SimpleUploadedFile("工资表.pdf", PDF, content_type="application/pdf"),
    ]
    response = api.post(f"/api/v1/cases/{case.pk}/records/", data, format="multipart")
    assert response.status_code == 201, response.json()
    record = response.json()
    assert sorted(a["content_type"] for a in record["attachments"]) == ["application/pdf", "image/png"]
    assert record["questions"][0]["answer"] == "在公司总部。"
    # A text file named like a photo is refused by its content; nothing is stored.
    fake = body(inspector, inspector2)
    fake["files"] = [
        SimpleUploadedFile("photo.jpg", b"just some text, not a photo", content_type="image/jpeg")
    ]
    fake["questions"] = '[{"question": "q", "answer": "a"}]'
    refused = api.post(f"/api/v1/cases/{case.pk}/records/", fake, format="multipart")
    assert refused.status_code == 400 and "files" in refused.json()
    assert InspectionRecord.objects.count() == 1
    # One more file later; the same file again is the same attachment (a retried upload).
    url = f"/api/v1/cases/{case.pk}/records/{record['id']}/attachments/"
    contract = SimpleUploadedFile("合同.pdf", PDF + b"contract", content_type="application/pdf")
    added = api.post(url, {"file": contract}, format="multipart")
    assert added.status_code == 201
    contract.seek(0)
    again = api.post(url, {"file": contract}, format="multipart")
    assert again.status_code == 200 and again.json()["id"] == added.json()["id"]
    assert RecordAttachment.objects.filter(record_id=record["id"]).count() == 3
    # Served to staff who may see the case, as a download.
    staff = Client()
    staff.force_login(inspector)
    served = staff.get(added.json()["url"])
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF-")


def test_the_record_pdf_names_the_people_the_place_and_the_questions(case, inspector, inspector2, settings):
    settings.LANGUAGE_CODE = "zh-hans"  # documents are issued in the office's language
    inspector.inspector_badge = "2102-0087"
    inspector.save()
    api = client_for(inspector)
    created = api.post(f"/api/v1/cases/{case.pk}/records/", body(inspector, inspector2), format="json").json()
    client = Client()
    client.force_login(inspector)
    response = client.get(created["pdf_url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "询问笔录",
        "人力资源和社会保障局",
        "王建设",
        "项目经理",
        "甘井子区红旗西路88号项目部会议室",
        str(inspector),
        str(inspector2),
        "2102-0087",
        case.tracking_number,
        *(q["question"] for q in QUESTIONS),
        *(q["answer"] for q in QUESTIONS),
    ):
        assert "".join(expected.split()) in text, expected
    assert "问：" in text and "答：" in text


def test_the_record_is_on_the_staff_timeline_and_never_shown_to_the_worker(case, inspector, inspector2):
    client_for(inspector).post(
        f"/api/v1/cases/{case.pk}/records/", body(inspector, inspector2), format="json"
    )
    entry = AuditEntry.objects.get(complaint=case, action="record_added")
    assert entry.public is False
    staff = Client()
    staff.force_login(inspector)
    page = staff.get(f"/staff/cases/{case.pk}/").content.decode()
    record = InspectionRecord.objects.get()
    assert f"/staff/cases/{case.pk}/records/{record.pk}/pdf/" in page and "王建设" in page
    detail = client_for(inspector).get(f"/api/v1/cases/{case.pk}/").json()
    assert "record_added" in [row["action"] for row in detail["timeline"]]
    worker = APIClient()
    tracked = worker.get(f"/api/v1/track/{case.tracking_number}/", HTTP_X_ACCESS_CODE=ACCESS_CODE)
    assert tracked.status_code == 200
    assert "王建设" not in tracked.content.decode() and "record" not in tracked.content.decode()
    web = Client()
    web.post("/track/", {"tracking_number": case.tracking_number, "access_code": ACCESS_CODE})
    tracking_page = web.get(f"/track/{case.tracking_number}/").content.decode()
    assert "王建设" not in tracking_page and "笔录" not in tracking_page


def test_the_page_form_records_questions_typed_in_rows(case, inspector, inspector2):
    client = Client()
    client.force_login(inspector)
    url = f"/staff/cases/{case.pk}/records/new/"
    form = client.get(url)
    assert form.status_code == 200 and 'name="questions-0-question"' in form.content.decode()
    start = timezone.localtime() - datetime.timedelta(hours=1)
    data = {
        "kind": "interview",
        "started_at": start.strftime("%Y-%m-%dT%H:%M"),
        "place": "项目部",
        "inspectors": [inspector.pk, inspector2.pk],
        "person_name": "李会计",
        "person_role": "employer_staff",
        "questions-0-question": "工资表由谁制作？",
        "questions-0-answer": "由我制作。",
        "questions-1-question": "",
        "questions-1-answer": "",
        "files": [SimpleUploadedFile("工资表.png", PNG, content_type="image/png")],
    }
    response = client.post(url, data)
    record = InspectionRecord.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#record-{record.pk}")
    assert record.questions == [{"question": "工资表由谁制作？", "answer": "由我制作。"}]
    assert record.attachments.count() == 1
    # One inspector only: the form comes back with the error and what was typed.
    data.pop("files")
    data["inspectors"] = [inspector.pk]
    again = client.post(url, data)
    assert again.status_code == 400 and "工资表由谁制作？" in again.content.decode()
    assert InspectionRecord.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two concurrent transactions need PostgreSQL (SQLite serialises)",
)
@pytest.mark.django_db(transaction=True)
def test_the_same_submission_sent_twice_at_once_makes_one_record(district, employer, inspector, inspector2):
    from tests.threads import run_together

    case = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    one, two = Client(), Client()
    one.force_login(inspector)
    two.force_login(inspector)
    key = str(uuid.uuid4())
    url = f"/api/v1/cases/{case.pk}/records/"
    data = body(inspector, inspector2)
    answers = run_together(
        lambda: one.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key),
        lambda: two.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key),
    )
    assert sorted(r.status_code for r in answers) == [200, 201]
    assert len({r.json()["id"] for r in answers}) == 1
    assert InspectionRecord.objects.count() == 1
    assert AuditEntry.objects.filter(complaint=case, action="record_added").count() == 1
