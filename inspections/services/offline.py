"""The server's side of a tablet's offline queue: every queued change carries a key the tablet made.

The key is reserved in the transaction of the change itself: if the change fails, the key is free
again; if it succeeds, a retry of the same change (an answer lost on a weak signal, a sync run twice)
gets the first answer back and changes nothing. Two retries at once meet at the unique key: the
second waits for the first to commit, then replays it.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User

from ..models import OfflineSubmission

KEEP_DAYS = 30


def offline_key_parse(raw: str | None) -> uuid.UUID | None:
    """Return the Idempotency-Key header as a UUID (None when absent); refuse anything else."""
    if raw is None or raw == "":
        return None
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise ValidationError({"idempotency_key": _("The Idempotency-Key must be a UUID.")}) from None


def offline_submission_claim(
    *, key: uuid.UUID, user: User, action: str, visit_id: int | None
) -> OfflineSubmission | None:
    """Return the earlier submission under ``key`` to replay, or None once the key is reserved.

    Call inside the change's transaction.atomic(); record the answer with offline_submission_answer.
    """
    try:
        with transaction.atomic():
            OfflineSubmission.objects.create(key=key, user=user, action=action, visit_id=visit_id)
    except IntegrityError:
        earlier = OfflineSubmission.objects.get(key=key)
        if (earlier.user_id, earlier.action, earlier.visit_id) != (user.pk, action, visit_id):
            raise ValidationError(
                {"idempotency_key": _("This Idempotency-Key was already used for another change.")}
            ) from None
        return earlier
    return None


def offline_submission_answer(*, key: uuid.UUID, status_code: int, response: dict) -> None:
    """Keep the answer given to the submission under ``key``, to give it again on a retry."""
    OfflineSubmission.objects.filter(key=key).update(status_code=status_code, response=response)


def offline_submissions_prune(*, now: datetime.datetime | None = None) -> int:
    """Forget keys older than KEEP_DAYS (a tablet does not hold a change that long); return how many."""
    limit = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    deleted, _by_model = OfflineSubmission.objects.filter(created_at__lt=limit).delete()
    return deleted
