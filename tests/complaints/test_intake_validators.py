# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""Unit tests of each rule at the door: intake_clean, evidence sniffing and names, the trackables registry."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from complaints import tracking_registry as trackables
from complaints.evidence import (
    EvidenceTooLarge,
    check_file,
    check_files,
    may_view_evidence,
    sanitise_name,
    sniff,
)
from complaints.services.intake import intake_clean
from tests.factories import UserFactory

from .intake_fixtures import JPEG, PDF, PNG, VALID_CODE, VALID_ID, VALID_ID_2, raw_complaint

pytestmark = pytest.mark.django_db


def errors_of(district, /, **overrides) -> dict:
    with pytest.raises(ValidationError) as exc:
        intake_clean(raw_complaint(district, **overrides))
    return exc.value.message_dict


def test_valid_input_is_cleaned(district):
    data = intake_clean(raw_complaint(district, id_number="11010519491231002x", mobile="+86 138-0013-8000"))
    assert data.complainant_id_number == VALID_ID
    assert data.complainant_mobile == "13800138000"
    assert data.amount_owed == Decimal("18600.00")


@pytest.mark.parametrize("field", ["name", "id_number", "mobile", "period_start"])
def test_complaint_requires_identity_and_period(district, field):
    assert field in errors_of(district, **{field: "" if field != "period_start" else None})


def test_clue_may_be_anonymous(district):
    data = intake_clean(
        raw_complaint(
            district, kind="clue", name="", id_number="", mobile="", period_start=None, period_end=None
        )
    )
    assert data.complainant_name == ""


def test_clue_identity_if_given_is_still_checked(district):
    assert "mobile" in errors_of(district, kind="clue", mobile="999")


@pytest.mark.parametrize(
    ("value", "message_part"),
    [("110105194912310021", "check"), ("110105194902310028", "date"), ("12345", "18")],
)
def test_resident_id_errors(district, value, message_part):
    assert "id_number" in errors_of(district, id_number=value)


def test_old_15_digit_id_accepted(district):
    assert (
        intake_clean(raw_complaint(district, id_number="110105491231002")).complainant_id_number
        == "110105491231002"
    )


def test_credit_code_format_error_but_checksum_only_warns(district):
    assert "employer_credit_code" in errors_of(district, employer_credit_code="12345")
    data = intake_clean(raw_complaint(district, employer_credit_code="91110108551385082A"))
    assert data.employer_credit_code == "91110108551385082A" and data.employer_credit_code_ok is False
    assert intake_clean(raw_complaint(district, employer_credit_code=VALID_CODE)).employer_credit_code_ok


def test_period_rules(district):
    today = timezone.localdate()
    assert "period_start" in errors_of(district, period_start=today + datetime.timedelta(days=1))
    assert "period_end" in errors_of(district, period_end=today + datetime.timedelta(days=1))
    assert "period_end" in errors_of(
        district,
        period_start=today - datetime.timedelta(days=5),
        period_end=today - datetime.timedelta(days=6),
    )
    assert "period_end" in errors_of(district, period_end=None, continuing=False)
    assert intake_clean(raw_complaint(district, period_end=None, continuing=True)).continuing


@pytest.mark.parametrize("amount", ["-0.01", "100000000.01", "1.001", "abc", "Infinity"])
def test_amount_bounds(district, amount):
    assert "amount_owed" in errors_of(district, amount_owed=amount)


def test_amount_upper_bound_comes_from_settings(settings, district):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "MAX_AMOUNT": Decimal("1000")}
    assert "amount_owed" in errors_of(district, amount_owed="1000.01")
    assert intake_clean(raw_complaint(district, amount_owed="1000")).amount_owed == Decimal("1000")


def test_text_lengths_are_bounded(district):
    assert "description" in errors_of(district, description="字" * 5001)
    assert "project_name" in errors_of(district, project_name="字" * 201)
    assert "name" in errors_of(district, name="字" * 65)


def test_members_are_validated(district):
    errors = errors_of(
        district,
        members=[
            {"name": "李四", "id_number": VALID_ID},
            {"name": "", "mobile": "13900139000"},
            {"name": "王五", "mobile": "1"},
        ],
    )["members"]
    assert len(errors) == 3  # same ID as the complainant, missing name, bad mobile
    members = intake_clean(
        raw_complaint(district, members=[{"name": "李四", "id_number": VALID_ID_2}, {"name": ""}])
    ).members
    assert len(members) == 1  # empty rows are ignored


def test_too_many_members(district):
    assert "members" in errors_of(district, members=[{"name": f"工人{i}"} for i in range(201)])


def test_unknown_district_and_employer(district):
    assert "district" in errors_of(district, district=None)
    assert "employer" in errors_of(district, employer=987654)


# --- evidence ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "image/heic"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00", "image/heic"),
        (PDF, "application/pdf"),
        (b"GIF89a", None),
        (b"<svg xmlns=", None),
        (b"MZ\x90\x00", None),
        (b"PK\x03\x04", None),
        (b"\x00\x00\x00\x18ftypmp42", None),
    ],
)
def test_sniff_by_magic_bytes(head, kind):
    found = sniff(head)
    assert (found[0] if found else None) == kind


def test_type_is_decided_by_content_not_name():
    checked = check_file(SimpleUploadedFile("scan.txt", PDF, content_type="text/plain"))
    assert checked.content_type == "application/pdf" and checked.kind == "pdf"
    with pytest.raises(ValidationError):
        check_file(SimpleUploadedFile("photo.jpg", b"#!/bin/sh\nrm -rf /", content_type="image/jpeg"))


def test_empty_file_refused():
    with pytest.raises(ValidationError):
        check_file(SimpleUploadedFile("a.jpg", b"", content_type="image/jpeg"))


def test_size_limits_from_settings(settings):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "EVIDENCE_MAX_FILE_BYTES": 100, "EVIDENCE_MAX_FILES": 2}
    with pytest.raises(EvidenceTooLarge):
        check_file(SimpleUploadedFile("a.jpg", JPEG))
    with pytest.raises(ValidationError):
        check_files([SimpleUploadedFile("a.pdf", PDF)] * 3)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\工资条.jpg", "工资条.jpg"),
        ("a\x00b<script>.pdf", "ab_script_.pdf"),
        ("", "file"),
        ("..", "file"),
    ],
)
def test_names_are_sanitised(name, expected):
    assert sanitise_name(name) == expected


def test_long_names_keep_their_extension():
    name = sanitise_name("长" * 300 + ".pdf")
    assert len(name) <= 120 and name.endswith(".pdf")


def test_stored_name_is_random_with_sniffed_extension():
    checked = check_file(SimpleUploadedFile("../evil.php", PNG))
    stored = checked.stored_name()
    assert stored.endswith(".png") and "evil" not in stored and "/" not in stored


def test_staff_may_view_evidence_of_their_district_only(
    district, other_district, inspector, other_inspector, city_manager
):
    from complaints.models import Complaint

    complaint = Complaint(district=district)
    assert may_view_evidence(inspector, complaint)
    assert may_view_evidence(city_manager, complaint)
    assert not may_view_evidence(other_inspector, complaint)
    assert not may_view_evidence(UserFactory(role="inspector", district=district, is_active=False), complaint)
    from django.contrib.auth.models import AnonymousUser

    assert not may_view_evidence(AnonymousUser(), complaint)


# --- trackables registry -----------------------------------------------------------------------------


def test_registry_dispatches_by_prefix_before_the_complaint_fallback():
    seen = []

    def lookup(number, code):
        seen.append((number, code))
        return {"n": number} if code == "OK" else None

    trackables.register("9999X-", lookup, name="test-kind", fetch=lambda n: {"n": n})
    try:
        entry, obj = trackables.lookup(" 9999x-2026-000001 ", "OK")
        assert entry.name == "test-kind" and obj == {"n": "9999X-2026-000001"}
        assert trackables.lookup("9999X-2026-000001", "NO") is None
        assert trackables.find("2102-2026-000001").name == "complaint"
        assert trackables.fetch("test-kind", "9999X-1") == {"n": "9999X-1"}
    finally:
        trackables.unregister("test-kind")
    assert trackables.find("9999X-2026-000001") is None


def test_normalise_tracking_number():
    assert trackables.normalise_tracking_number("２１０２－２０２６－０００１２３") == "2102-2026-000123"
    assert trackables.normalise_tracking_number(" 2102 - 2026 - 000123 ") == "2102-2026-000123"
