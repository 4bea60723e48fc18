"""Ledger import: bad rows reported by row and field, valid rows kept, re-import idempotent, anomalies."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.demo import uscc_with_check
from core.models import Employer
from inspections.choices import JobStatus
from inspections.models import EmployerProfile, LedgerImport, LedgerRecord
from inspections.services import ledger

HEADER = "统一社会信用代码,单位名称,区划代码,地址,行业,职工人数,农民工人数,缺工人数,空岗数,工资支付状况,欠薪金额,是否工程项目,总包单位,农民工工资专用账户,工资保证金,分包层级\n"
CODE1 = uscc_with_check("91210211MA0000001")
CODE2 = uscc_with_check("91210211MA0000002")
BADSUM = CODE1[:-1] + ("0" if CODE1[-1] != "0" else "1")


def _csv(rows: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "ledger.csv", (HEADER + "\n".join(rows) + "\n").encode("utf-8"), content_type="text/csv"
    )


def _run(upload, user, capture) -> LedgerImport:
    with capture(execute=True):
        job = ledger.ledger_import_create(upload=upload, uploaded_by=user)
    job.refresh_from_db()
    return job


@pytest.fixture
def rows(district):
    return [
        f"{CODE1},大连甲建筑工程有限公司,{district.code},甘井子区1号,construction,120,100,5,2,on_time,0,是,大连总包,是,否,2",
        f"{CODE2},大连乙餐饮有限公司,{district.code},甘井子区2号,餐饮,30,10,0,0,拖欠,20000,否,,否,否,0",
        f"ABC,坏代码公司,{district.code},,other,1,0,0,0,on_time,0,否,,否,否,0",
        f"{uscc_with_check('91210211MA0000003')},,{district.code},,other,1,0,0,0,on_time,0,否,,否,否,0",
        f"{uscc_with_check('91210211MA0000004')},未知区公司,999999,,other,1,0,0,0,on_time,0,否,,否,否,0",
        f"{uscc_with_check('91210211MA0000005')},人数不对公司,{district.code},,other,5,9,0,0,on_time,0,否,,否,否,0",
        f"{uscc_with_check('91210211MA0000006')},数字不对公司,{district.code},,other,many,0,0,0,on_time,0,否,,否,否,0",
        f"{CODE2},重复公司,{district.code},,other,1,0,0,0,on_time,0,否,,否,否,0",
    ]


def test_bad_rows_are_reported_by_row_and_field_and_valid_rows_kept(
    rows, manager, django_capture_on_commit_callbacks
):
    job = _run(_csv(rows), manager, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE
    assert job.total == 8 and job.done == 8
    errors = {(e["row"], e["field"]) for e in job.errors}
    assert errors == {
        (4, "credit_code"),
        (5, "name"),
        (6, "district_code"),
        (7, "migrant_workers"),
        (8, "headcount"),
        (9, "credit_code"),  # duplicate of row 3
    }
    assert job.error_count == 6 and job.created_count == 2
    site = Employer.objects.get(credit_code=CODE1)
    assert (
        site.headcount == 120
        and site.is_construction_project
        and site.has_wage_account
        and not site.has_wage_deposit
    )
    profile = EmployerProfile.objects.get(employer=site)
    assert profile.general_contractor == "大连总包" and profile.subcontract_depth == 2
    assert EmployerProfile.objects.get(employer__credit_code=CODE2).wage_payment_status == "arrears"


def test_reimporting_the_same_file_changes_nothing(rows, manager, django_capture_on_commit_callbacks):
    _run(_csv(rows), manager, django_capture_on_commit_callbacks)
    before = (
        Employer.objects.count(),
        LedgerRecord.objects.count(),
        list(Employer.objects.values_list("updated_at", flat=True)),
    )
    again = _run(_csv(rows), manager, django_capture_on_commit_callbacks)
    assert again.created_count == 0 and again.changed_count == 0 and again.unchanged_count == 2
    assert (
        Employer.objects.count(),
        LedgerRecord.objects.count(),
        list(Employer.objects.values_list("updated_at", flat=True)),
    ) == before


def test_history_flags_a_headcount_drop_and_a_shortage_spike(
    district, manager, django_capture_on_commit_callbacks
):
    first = f"{CODE1},甲公司,{district.code},,manufacturing,200,50,2,0,on_time,0,否,,否,否,0"
    second = f"{CODE1},甲公司,{district.code},,manufacturing,100,50,30,0,late,0,否,,否,否,0"
    _run(_csv([first]), manager, django_capture_on_commit_callbacks)
    _run(_csv([second]), manager, django_capture_on_commit_callbacks)
    records = list(LedgerRecord.objects.filter(employer__credit_code=CODE1).order_by("id"))
    assert len(records) == 2
    assert not records[0].headcount_drop and records[1].headcount_drop and records[1].shortage_spike
    p = EmployerProfile.objects.get(employer__credit_code=CODE1)
    assert p.headcount_drop and p.shortage_spike


def test_a_checksum_failure_is_a_warning_and_the_row_is_kept(
    district, manager, django_capture_on_commit_callbacks
):
    job = _run(
        _csv([f"{BADSUM},校验位公司,{district.code},,other,3,0,0,0,on_time,0,否,,否,否,0"]),
        manager,
        django_capture_on_commit_callbacks,
    )
    assert job.error_count == 0 and job.created_count == 1
    assert job.warnings[0]["row"] == 2 and job.warnings[0]["field"] == "credit_code"
    assert Employer.objects.get(credit_code=BADSUM).credit_code_checksum_ok is False


def test_xlsx_is_read(district, manager, django_capture_on_commit_callbacks):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append(
        [CODE1, "表格公司", int(district.code), "", "物流", 40, 20, 0, 0, "按时", 0, "否", "", "否", "否", 0]
    )
    buf = io.BytesIO()
    wb.save(buf)
    job = _run(SimpleUploadedFile("台账.xlsx", buf.getvalue()), manager, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE and job.created_count == 1, job.errors
    assert Employer.objects.get(credit_code=CODE1).sector == "logistics"


def test_a_file_that_is_not_a_workbook_is_refused(manager):
    with pytest.raises(ValidationError):
        ledger.ledger_import_create(upload=SimpleUploadedFile("x.xlsx", b"not a zip"), uploaded_by=manager)
    with pytest.raises(ValidationError):
        ledger.ledger_import_create(upload=SimpleUploadedFile("x.exe", b"MZ"), uploaded_by=manager)


def test_missing_columns_fail_the_job_with_a_message(manager, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("x.csv", "名称\n甲\n".encode())
    job = _run(upload, manager, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED and job.message
