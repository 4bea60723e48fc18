"""A new access code for a worker who lost theirs, sent by SMS to the mobile number on the complaint."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.services import audit_record
from notifications.services import event_record

from ..choices import ActorKind
from ..models import Complaint
from ..tracking_codes import hash_access_code, new_access_code

REISSUED = "access_code_reissued"


def recover_answer() -> str:
    """Return the one answer to every request for a new code, whether or not anything was sent."""
    return _(
        "If the tracking number and mobile number match a case, a new access code is on its way to that "
        "mobile by SMS, and the old code no longer works. If no SMS arrives within a few minutes, check both "
        "numbers, or call the bureau."
    )


def mobile_digits(mobile: str) -> str:
    """Return the 11 digits of a mainland mobile number as people type it (+86, spaces, dashes)."""
    digits = "".join(ch for ch in (mobile or "") if ch.isascii() and ch.isdigit())
    return digits[-11:]


def complaint_access_code_reissue(*, tracking_number: str, mobile: str) -> bool:
    """Replace the complaint's access code and send the new one by SMS, if ``mobile`` is the one on file.

    The old code stops working at once. The SMS goes through the outbox after commit, never in the
    request. Return whether a code was sent; callers answer alike either way (no enumeration).
    """
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .filter(tracking_number=tracking_number[:20])
            .first()
        )
        on_file = mobile_digits(complaint.complainant_mobile) if complaint is not None else ""
        if not on_file or not hmac.compare_digest(on_file, mobile_digits(mobile)):
            return False
        code = new_access_code()
        Complaint.objects.filter(pk=complaint.pk).update(access_code_hash=hash_access_code(code))
        audit_record(subject=complaint, action=REISSUED, actor_kind=ActorKind.WORKER, public=True)
        with translation.override(settings.LANGUAGE_CODE):  # the SMS speaks the site language
            body = _(
                "[Labour inspection] Your new access code for case %(number)s is %(code)s. The old code no "
                "longer works. If you did not ask for it, call the bureau. Do not share the code."
            ) % {"number": complaint.tracking_number, "code": code}
        event_record(
            kind="case.access_code_reissued",
            text=_("A new access code was sent by SMS for case %(number)s.") % {"number": tracking_number},
            payload={"complaint_id": complaint.pk, "tracking_number": complaint.tracking_number},
            sms=[(on_file, body, (code,))],
        )
    return True
