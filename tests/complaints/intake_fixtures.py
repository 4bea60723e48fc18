"""Shared helpers for the intake, tracking and public API tests (imported by those modules)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

VALID_ID = "11010519491231002X"
VALID_ID_2 = "110105194912310038"
VALID_CODE = "91110108551385082Q"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg(name: str = "pay slip.jpg", content: bytes = JPEG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def pdf(name: str = "contract.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def raw_complaint(district, /, **overrides) -> dict:
    """Input for intake_clean (what a form or serializer hands over)."""
    today = timezone.localdate()
    data = {
        "kind": "complaint",
        "category": "wage_arrears",
        "name": "张三",
        "id_number": VALID_ID,
        "mobile": "13800138000",
        "employer": None,
        "employer_name": "大连宏达建筑工程有限公司",
        "employer_credit_code": "",
        "employer_address": "甘井子区人民路1号",
        "district": district,
        "project_name": "某小区二期",
        "amount_owed": "18600.00",
        "period_start": today - datetime.timedelta(days=120),
        "period_end": today - datetime.timedelta(days=10),
        "continuing": False,
        "workers_affected": 1,
        "description": "六月至九月工资未发，多次讨要无果。",
        "members": [],
        "confirm_different_matter": False,
    }
    data.update(overrides)
    return data


def api_payload(district_obj, /, **overrides) -> dict:
    district = district_obj
    data = raw_complaint(district)
    data["district"] = district.code
    data["period_start"] = data["period_start"].isoformat()
    data["period_end"] = data["period_end"].isoformat()
    data.pop("employer")
    data.update(overrides)
    return data


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def file_complaint(district, media):
    """Return a function that files a complaint through the service and returns the IntakeResult."""
    from complaints.services.intake import complaint_file, intake_clean

    def make(uploads=(), key: str = "", **overrides):
        return complaint_file(
            data=intake_clean(raw_complaint(district, **overrides)),
            uploads=list(uploads),
            idempotency_key=key,
        )

    return make
