"""Uploads kept across a refused submission of a worker's form (the complaint form, the mediation form).

A browser cannot put files back into a file input, so when the server refuses a submission (a field is
wrong, the worker already has an open complaint against that employer, ...) the files it received would
be lost and the worker would have to find the photos again. Instead the files that passed the content
and size checks are kept here, under a hash of the form's one-time token, listed on the re-shown form
(each with a ticked box), and attached on the next submission of the same form. Whatever is not
claimed within ``STAGED_KEEP`` is deleted with its file by the nightly prune.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Collection, Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ..evidence import check_file, limits
from ..models import StagedUpload

STAGED_KEEP = datetime.timedelta(days=1)
MIN_TOKEN_LENGTH = 16  # the forms' tokens are 24 characters (secrets.token_urlsafe(18))


def _token_hash(token: str) -> str:
    return hashlib.sha256(f"staged-upload:{token}".encode()).hexdigest()


def _usable(token: str) -> bool:
    return MIN_TOKEN_LENGTH <= len(token or "") <= 64


def staged_uploads(*, token: str, keep: Iterable[str] = ()) -> list[StagedUpload]:
    """Return the files kept for the form ``token``; drop (with their files) those not in ``keep``.

    ``keep`` is what the re-shown form sends back: the ids of the files the worker left ticked.
    """
    if not _usable(token):
        return []
    kept = {int(value) for value in keep if str(value).isdigit()}
    rows = list(StagedUpload.objects.filter(token_hash=_token_hash(token)))
    dropped = [row for row in rows if row.pk not in kept]
    if dropped:
        _delete(dropped)
    return [row for row in rows if row.pk in kept]


def upload_stage(
    *,
    token: str,
    uploads: Iterable[UploadedFile],
    already: int = 0,
    allowed_types: Collection[str] | None = None,
) -> list[StagedUpload]:
    """Keep the uploads that pass the evidence checks for the form ``token``; return the new rows.

    A file that fails its own checks (type by content, size, empty) is not kept: the form says why.
    At most the evidence limit's number of files is kept, counting the ``already`` kept ones.
    """
    if not _usable(token):
        return []
    room = max(0, limits()["count"] - already)
    rows: list[StagedUpload] = []
    for upload in uploads:
        if len(rows) >= room:
            break
        try:
            checked = check_file(upload)
        except ValidationError:
            continue
        if allowed_types is not None and checked.content_type not in allowed_types:
            continue
        row = StagedUpload(
            token_hash=_token_hash(token),
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        upload.seek(0)
        row.file.save(checked.stored_name(), upload, save=False)
        row.save()
        rows.append(row)
    return rows


def staged_as_uploads(rows: Iterable[StagedUpload]) -> list[UploadedFile]:
    """Open kept files as uploads, under the names the worker gave them, for the filing services."""
    return [
        UploadedFile(
            file=row.file.open("rb"),
            name=row.original_name,
            content_type=row.content_type,
            size=row.size,
        )
        for row in rows
    ]


def staged_discard(*, token: str) -> int:
    """Delete every file kept for the form ``token`` (it was filed); return how many."""
    if not _usable(token):
        return 0
    rows = list(StagedUpload.objects.filter(token_hash=_token_hash(token)))
    _delete(rows)
    return len(rows)


def staged_uploads_prune(*, older_than: datetime.timedelta = STAGED_KEEP) -> int:
    """Delete kept files nobody came back for; return how many (nightly)."""
    rows = list(StagedUpload.objects.filter(created_at__lt=timezone.now() - older_than)[:5000])
    _delete(rows)
    return len(rows)


def _delete(rows: list[StagedUpload]) -> None:
    names = [row.file.name for row in rows if row.file.name]
    StagedUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()

    def remove_files() -> None:
        for name in names:
            assert name
            try:
                StagedUpload._meta.get_field("file").storage.delete(name)
            except OSError:
                pass  # already gone; the row is what counted

    transaction.on_commit(remove_files)
