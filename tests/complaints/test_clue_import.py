"""Clues handed down by the national clue platform or the 12345 hotline, imported from CSV or XLSX."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from complaints.choices import ComplaintKind, Source
from complaints.models import AuditEntry, Complaint
from complaints.services.clue_import import HEADERS, clues_import
from core.workdays import add_working_days

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _row(n: int, **overrides) -> dict:
    today = timezone.localdate()
    row = {
        "来源": "全国根治欠薪线索反映平台",
        "线索编号": f"XS{n:06d}",
        "交办日期": (today - datetime.timedelta(days=2)).isoformat(),
        "被反映单位名称": f"大连第{n}建筑工程有限公司",
        "区划代码": "210211",
        "涉及人数": "3",
        "欠薪金额（元）": "26000",
        "欠薪开始日期": (today - datetime.timedelta(days=100)).isoformat(),
        "欠薪截止日期": (today - datetime.timedelta(days=20)).isoformat(),
        "线索内容": "反映该单位拖欠农民工工资。",
    }
    row.update(overrides)
    return row


def _fill_xlsx(template: bytes, rows: list[dict]) -> bytes:
    """Fill the downloaded template as a clerk would: values under the template's own headers."""
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, content: bytes, name: str = "clues.xlsx", content_type: str = XLSX):
    return client.post(
        reverse("complaints:api-cases-clues-import"),
        {"file": SimpleUploadedFile(name, content, content_type)},
    )


def test_round_trip_template_rows_clues_and_a_reimport_creates_nothing(client, manager, district):
    client.force_login(manager)
    template = client.get(reverse("complaints:staff-clue-template", args=["xlsx"]))
    assert template.status_code == 200 and template["Content-Type"] == XLSX
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[0][1]]
    assert headers == list(HEADERS.values()) and "线索编号" in headers
    rows = [_row(1), _row(2, 来源="12345热线", 线索编号="GD-2026-88"), _row(3, 联系电话="13900139000")]
    content = _fill_xlsx(template.content, rows)

    first = _upload(client, content)
    assert first.status_code == 201, first.content
    assert first.json()["created"] == 3 and first.json()["errors"] == []
    clues = Complaint.objects.order_by("external_ref")
    assert [(c.source, c.external_ref) for c in clues] == [
        (Source.HOTLINE, "GD-2026-88"),
        (Source.CLUE_PLATFORM, "XS000001"),
        (Source.CLUE_PLATFORM, "XS000003"),
    ]
    assert {c.kind for c in clues} == {ComplaintKind.CLUE} and {c.district for c in clues} == {district}
    handed_down = timezone.localdate() - datetime.timedelta(days=2)
    assert {c.acceptance_due for c in clues} == {add_working_days(handed_down, 5).date}
    entry = AuditEntry.objects.get(complaint=clues[1])
    assert (
        entry.actor == manager
        and entry.changes["import_row"] == 2
        and entry.changes["source"] == "clue_platform"
    )

    again = _upload(client, content)
    assert again.status_code == 201
    assert again.json()["created"] == 0 and again.json()["already_imported"] == 3
    assert Complaint.objects.count() == 3


def test_csv_template_round_trip_in_gb18030(client, manager, district):
    client.force_login(manager)
    template = client.get(reverse("complaints:staff-clue-template", args=["csv"]))
    header = template.content.decode("utf-8-sig").strip()
    values = _row(7)
    line = ",".join(values.get(h, "") for h in header.split(","))
    content = f"{header}\n{line}\n".encode("gb18030")  # as Excel saves a CSV on a Chinese Windows
    response = _upload(client, content, "clues.csv", "text/csv")
    assert response.status_code == 201 and response.json()["created"] == 1


def test_a_bad_row_imports_nothing_and_names_row_and_column(client, manager, district):
    client.force_login(manager)
    template = client.get(reverse("complaints:staff-clue-template", args=["xlsx"])).content
    rows = [
        _row(1),
        _row(2, 联系电话="12345", 区划代码="999999"),
        _row(3, 线索编号="XS000001"),
        _row(4, 交办日期="明天", 线索内容=""),
    ]
    response = _upload(client, _fill_xlsx(template, rows))
    assert response.status_code == 400
    errors = {(e["row"], e["column"]) for e in response.json()["errors"]}
    assert errors == {(3, "联系电话"), (3, "区划代码"), (4, "线索编号"), (5, "交办日期"), (5, "线索内容")}
    assert Complaint.objects.count() == 0  # all or nothing


def test_the_page_reports_problems_in_chinese(client, manager, district):
    client.force_login(manager)
    template = client.get(reverse("complaints:staff-clue-template", args=["xlsx"])).content
    response = client.post(
        reverse("complaints:staff-clue-import"),
        {"file": SimpleUploadedFile("c.xlsx", _fill_xlsx(template, [_row(1, 区划代码="")]), XLSX)},
        headers={"Accept-Language": "zh-hans"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "区划代码" in page and "未导入任何线索" in page
    ok = client.post(
        reverse("complaints:staff-clue-import"),
        {"file": SimpleUploadedFile("c.xlsx", _fill_xlsx(template, [_row(1)]), XLSX)},
    )
    assert ok.status_code == 200 and Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("clues.xlsx", b"not a workbook"),
        ("clues.csv", "编号,内容\n1,2\n".encode()),
        ("clues.csv", b"\xff\xfe\x00garbage"),
        ("clues.csv", "来源,线索编号,被反映单位名称,区划代码,线索内容\n".encode()),
        ("clues.txt", b"x"),
    ],
)
def test_an_unreadable_file_is_a_400_not_a_500(client, manager, district, name, content):
    client.force_login(manager)
    response = _upload(client, content, name, "application/octet-stream")
    assert response.status_code == 400
    body = response.json()
    assert (body.get("errors") or body.get("file")) and Complaint.objects.count() == 0


def test_a_district_manager_imports_only_their_district(client, manager, other_district, district):
    client.force_login(manager)
    template = client.get(reverse("complaints:staff-clue-template", args=["xlsx"])).content
    response = _upload(client, _fill_xlsx(template, [_row(1, 区划代码=other_district.code)]))
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "区划代码"


def test_only_managers_import(inspector, mediator, admin_user, district):
    for user in (inspector, mediator, admin_user):
        with pytest.raises(PermissionDenied):
            clues_import(upload=io.BytesIO(b""), name="x.csv", by=user)
