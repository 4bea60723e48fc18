"""Evidence files: type by content (magic bytes), size limits, sanitised names, and who may read them.

Files are stored under MEDIA_ROOT (outside the static root, never routed) and served only through
views that call ``may_view_evidence``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .choices import EvidenceKind

# (content type, stored extension, kind); HEIC brands per ISO/IEC 23008-12.
JPEG = ("image/jpeg", "jpg", EvidenceKind.IMAGE)
PNG = ("image/png", "png", EvidenceKind.IMAGE)
WEBP = ("image/webp", "webp", EvidenceKind.IMAGE)
HEIC = ("image/heic", "heic", EvidenceKind.IMAGE)
PDF = ("application/pdf", "pdf", EvidenceKind.PDF)
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_UNSAFE_NAME = re.compile(r"[^\w\u4e00-\u9fff.\- ()（）]+")


class EvidenceTooLarge(ValidationError):
    """A file or the complaint's total is over the configured limit (answered with 413 by the API)."""


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, with what we learnt from its content."""

    upload: UploadedFile
    content_type: str
    extension: str
    kind: str
    size: int
    sha256: str
    original_name: str

    def stored_name(self) -> str:
        return f"{secrets.token_hex(12)}.{self.extension}"


def sniff(head: bytes) -> tuple[str, str, str] | None:
    """Return (content type, extension, kind) from a file's first bytes, or None if not allowed."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return HEIC
    # PDF readers accept the header anywhere in the first KiB; we are stricter about where it starts.
    if head.lstrip(b"\xef\xbb\xbf\r\n\t ")[:5] == b"%PDF-":
        return PDF
    return None


def sanitise_name(name: str) -> str:
    """Return a display name without directories, control characters or odd symbols (max 120 chars)."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE_NAME.sub("_", name).strip(" ._") or "file"
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 119 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else name[:120]
    return name


def limits() -> dict[str, int]:
    conf = settings.WAGEWATCH
    return {
        "file": conf["EVIDENCE_MAX_FILE_BYTES"],
        "total": conf["EVIDENCE_MAX_TOTAL_BYTES"],
        "count": conf["EVIDENCE_MAX_FILES"],
    }


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def check_file(upload: UploadedFile) -> CheckedFile:
    """Check one upload's size and content; raise ValidationError (EvidenceTooLarge for size)."""
    limit = limits()["file"]
    name = sanitise_name(upload.name or "")
    if upload.size is not None and upload.size > limit:
        raise EvidenceTooLarge(
            _("“%(name)s” is larger than %(mb)s MB; please send a smaller photo or split the PDF.")
            % {"name": name, "mb": _megabytes(limit)},
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    upload.seek(0)
    head = upload.read(64)
    found = sniff(head)
    if found is None:
        raise ValidationError(
            _("“%(name)s” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF document.") % {"name": name},
            code="file_type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    content_type, extension, kind = found
    if not name.lower().endswith("." + extension) and "." not in name[-6:]:
        name = f"{name}.{extension}"[-120:]
    return CheckedFile(upload, content_type, extension, kind, upload.size, digest.hexdigest(), name)


def check_files(
    uploads: list[UploadedFile], *, existing_count: int = 0, existing_bytes: int = 0
) -> list[CheckedFile]:
    """Check a batch against the per-file, per-complaint count and per-complaint total limits."""
    lim = limits()
    if existing_count + len(uploads) > lim["count"]:
        raise ValidationError(
            _("A complaint can have at most %(n)d files.") % {"n": lim["count"]}, code="too_many_files"
        )
    checked = [check_file(upload) for upload in uploads]
    total = existing_bytes + sum(c.size for c in checked)
    if total > lim["total"]:
        raise EvidenceTooLarge(
            _("All files of a complaint together may not exceed %(mb)s MB.")
            % {"mb": _megabytes(lim["total"])},
            code="too_large",
        )
    return checked


def request_too_large(request) -> bool:
    """Whether a request body is larger than all evidence of a complaint could be (refuse before parsing)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limits()["total"] + 1024 * 1024  # + room for the form fields


def may_view_evidence(user, complaint) -> bool:
    """Whether a staff member may read a complaint's evidence and notices (the one place that decides).

    Uses the rules permission ``complaints.view_complaint`` once the lifecycle defines it; until then,
    active staff of the complaint's district (or of the whole city).
    """
    import rules

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if rules.perm_exists("complaints.view_complaint"):
        return user.has_perm("complaints.view_complaint", complaint)
    from core.rules import in_same_district

    return bool(in_same_district(user, complaint))
