"""Written documents read back from the PDF: addressee, number, office, terms; fonts embedded; issued once."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from complaints.choices import CaseStatus as S
from complaints.models import AuditEntry
from complaints.services.case_transitions import (
    complaint_accept,
    complaint_decline,
    complaint_issue_order,
)
from documents.choices import DocumentKind
from documents.models import Document, DocumentCounter
from documents.services import document_issue, number_allocate, office_for
from tests.complaints.factories import ACCESS_CODE, case_in, media_tmp  # noqa: F401
from tests.threads import run_together

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]
NUMBER = re.compile(r"(\S+?)〔(\d{4})〕(\d+)号")


@pytest.fixture(autouse=True)
def _chinese_documents(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def pdf_text(data: bytes) -> str:
    """Return the text of every page without the spaces and line breaks the layout puts in."""
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def fonts_embedded(data: bytes) -> list[str]:
    """Return the names of the fonts used, failing on any without an embedded font file."""
    names = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            names.append(str(font["/BaseFont"]))
    return names


def test_acceptance_notice_goes_to_the_complainant_with_office_number_and_embedded_font(
    district, employer, inspector
):
    case = case_in(
        S.RECEIVED, district=district, employer=employer, complainant_id_number="11010519491231002X"
    )
    case = complaint_accept(complaint=case, by=inspector, note="材料齐全")
    notice = case.notices.get()
    document = notice.document
    data = notice.file.read()
    text = pdf_text(data)
    office = office_for(district)
    assert office.full_name in text and "受理通知书" in text
    assert document.number in text and NUMBER.fullmatch(document.number)
    assert document.number == f"{office.abbreviation}监受〔{datetime.date.today().year}〕1号"
    assert "张建国" in text and "11010519491231002X" in text  # the complainant, in full
    assert "复议" not in text  # acceptance is not an act against the complainant
    assert fonts_embedded(data)
    audit = AuditEntry.objects.get(complaint=case, action="accept")
    assert audit.changes["document"] == document.number
    assert audit.changes["sha256"] == hashlib.sha256(data).hexdigest() == document.sha256


def test_non_acceptance_carries_the_appeal_clause(district, employer, inspector):
    case = case_in(S.RECEIVED, district=district, employer=employer)
    case = complaint_decline(complaint=case, by=inspector, reason="不属于劳动保障监察范围")
    text = pdf_text(case.notices.get().file.read())
    assert "不予受理通知书" in text and "不属于劳动保障监察范围" in text
    assert "六十日" in text and "行政复议法》第二十条" in text
    assert "六个月" in text and "行政诉讼法》第四十六条" in text


def test_order_goes_to_the_employer_with_credit_code_address_and_legal_representative(
    district, employer, inspector
):
    employer.legal_representative = "刘大海"
    employer.save()
    case = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector])
    due = datetime.date.today() + datetime.timedelta(days=15)
    case = complaint_issue_order(
        complaint=case, by=inspector, due_date=due, amount=Decimal("12345.60"), reason="拖欠三个月工资"
    )
    document = case.notices.get().document
    text = pdf_text(document.file.read())
    assert document.kind == DocumentKind.ORDER and "监令〔" in document.number
    for expected in (
        employer.name,
        employer.credit_code,
        employer.address,
        "刘大海",
        "12345.60",
        "拖欠三个月工资",
    ):
        assert expected in text, expected
    assert f"{due.year}年{due.month}月{due.day}日" in text
    assert "张建国" not in text  # addressed to the employer, not to the complainant
    assert "行政复议" in text


def test_numbers_follow_one_another_per_kind(district, employer, inspector):
    first = complaint_decline(
        complaint=case_in(S.RECEIVED, district=district, employer=employer), by=inspector, reason="重复投诉"
    )
    second = complaint_decline(
        complaint=case_in(S.RECEIVED, district=district, employer=employer), by=inspector, reason="重复投诉"
    )
    numbers = [c.notices.get().document.number for c in (first, second)]
    year = datetime.date.today().year
    assert [NUMBER.fullmatch(n).group(3) for n in numbers] == ["1", "2"]
    assert all(f"〔{year}〕" in n for n in numbers)
    assert Document.objects.filter(kind=DocumentKind.NON_ACCEPTANCE).count() == 2


def test_a_re_download_is_byte_identical(client, district, employer, inspector):
    case = complaint_decline(
        complaint=case_in(S.RECEIVED, district=district, employer=employer), by=inspector, reason="材料不全"
    )
    notice = case.notices.get()
    stored = notice.document.file.read()
    client.force_login(inspector)
    url = reverse("complaints:staff-notice", args=[case.pk, notice.pk])
    first = b"".join(client.get(url).streaming_content)
    second = b"".join(client.get(url).streaming_content)
    assert first == second == stored
    assert hashlib.sha256(first).hexdigest() == notice.document.sha256


def test_a_correction_supersedes_and_never_edits(district, employer, inspector):
    case = complaint_decline(
        complaint=case_in(S.RECEIVED, district=district, employer=employer), by=inspector, reason="材料不全"
    )
    old = case.notices.get().document
    before = old.file.read()
    new = document_issue(
        kind=old.kind,
        office=old.office,
        subject=case,
        recipient=old.recipient,
        addressee=["张建国："],
        body=["更正：原通知书所载理由有误。"],
        by=inspector,
        supersedes=old,
    )
    old.refresh_from_db()
    assert new.number != old.number and old.superseded_by == new
    assert old.file.read() == before
    with pytest.raises(Exception):  # noqa: B017 - a second correction of the same document is refused
        document_issue(
            kind=old.kind,
            office=old.office,
            subject=case,
            recipient="x",
            addressee=[],
            body=[],
            supersedes=old,
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_concurrent_allocations_never_share_a_number(district):
    from django.db import transaction

    office = office_for(district)
    numbers: list[str] = []

    def allocate():
        for _ in range(5):
            with transaction.atomic():
                numbers.append(number_allocate(office=office, kind=DocumentKind.ORDER, year=2026)[1])

    run_together(*[allocate] * 8)
    assert len(numbers) == 40 and len(set(numbers)) == 40
    assert DocumentCounter.objects.get(office=office, kind=DocumentKind.ORDER, year=2026).last == 40


def test_the_database_refuses_a_number_twice(district, employer, inspector):
    from django.db import IntegrityError, transaction

    case = complaint_decline(
        complaint=case_in(S.RECEIVED, district=district, employer=employer), by=inspector, reason="材料不全"
    )
    document = case.notices.get().document
    DocumentCounter.objects.filter(office=document.office).update(last=0)  # a counter reset by hand
    with pytest.raises(IntegrityError), transaction.atomic():
        document_issue(
            kind=document.kind, office=document.office, subject=case, recipient="x", addressee=[], body=["x"]
        )


def test_a_provisional_deadline_is_printed_as_provisional(district, employer, inspector):
    from complaints.choices import NoticeKind
    from complaints.notices import notice_issue

    case = case_in(S.ACCEPTED, district=district, employer=employer)
    case.investigation_due_provisional = True
    notice = notice_issue(complaint=case, kind=NoticeKind.ACCEPTED, by=inspector)
    due = case.investigation_due
    text = pdf_text(notice.file.read())
    assert f"{due.year}年{due.month}月{due.day}日（暂定：{due.year}年节假日安排尚未公布）" in text


def test_the_office_prints_as_the_admin_keeps_it(district, employer, inspector):
    office = office_for(district)
    office.full_name, office.abbreviation = "大连市甘井子区人力资源和社会保障局", "大甘人社"
    office.address, office.phone = "大连市甘井子区中华西路18号", "0411-86000000"
    office.save()
    case = complaint_decline(
        complaint=case_in(S.RECEIVED, district=district, employer=employer), by=inspector, reason="材料不全"
    )
    document = case.notices.get().document
    text = pdf_text(document.file.read())
    assert document.number == f"大甘人社监不受〔{datetime.date.today().year}〕1号"
    for expected in (office.full_name, office.address, office.phone, document.number):
        assert expected in text
