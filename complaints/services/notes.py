"""Internal notes on a case, with @mentions that notify the named colleagues live.

A note changes nothing of the case's state, so it takes no lock. A note is staff's own: it is never in the worker's timeline, tracking page or API, and its text never
travels in an event (a note may quote a phone number); the event only says who wrote on which case.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from core.models import User
from core.services import audit_record
from notifications.services import event_record

from ..choices import CaseEventKind
from ..models import CaseNote, Complaint
from .events import case_event_payload

# @username or @display name (letters, digits, CJK, . _ -), as typed after an @.
MENTION = re.compile(r"(?<![\w@])@([\w.\-]{1,64})")
MAX_MENTIONS = 10


def note_mentions(text: str) -> list[str]:
    """Return the names mentioned in a note, in order, once each."""
    return list(dict.fromkeys(MENTION.findall(text or "")))[:MAX_MENTIONS]


def _mentioned(complaint: Complaint, names: list[str]) -> list[User]:
    """Return the colleagues the names stand for; refuse a name nobody has, or who may not see the case."""
    if not names:
        return []
    candidates = User.objects.filter(Q(username__in=names) | Q(display_name__in=names), is_active=True)
    by_name: dict[str, User] = {}
    for user in candidates:
        by_name.setdefault(user.username, user)
        if user.display_name:
            by_name.setdefault(user.display_name, user)
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ValidationError(
            {"text": gettext("Nobody is called %(names)s.") % {"names": ", ".join(unknown)}}
        )
    users = list({u.pk: u for u in (by_name[n] for n in names)}.values())
    blind = [str(u) for u in users if not u.has_perm("complaints.view_complaint", complaint)]
    if blind:
        raise ValidationError(
            {"text": gettext("%(names)s may not see this case.") % {"names": ", ".join(blind)}}
        )
    return users


def case_note_add(*, complaint: Complaint, by: User, text: str) -> CaseNote:
    """Add an internal note to the case; tell each colleague it @mentions."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": gettext("This field is required.")})
    if not by.has_perm("complaints.add_note", complaint):
        raise PermissionDenied(gettext("You may not take this action on this case."))
    mentioned = _mentioned(complaint, note_mentions(text))
    with transaction.atomic():
        note = CaseNote.objects.create(complaint=complaint, author=by, text=text)
        note.mentions.set(mentioned)
        audit_record(
            subject=complaint,
            action="note_added",
            actor=by,
            from_status=complaint.status,
            to_status=complaint.status,
            changes={"note_id": note.pk, "mention_ids": [u.pk for u in mentioned]},
        )
        others = [u for u in mentioned if u.pk != by.pk]
        payload = case_event_payload(
            complaint, actor=by, note_id=note.pk, mention_ids=[u.pk for u in mentioned]
        )
        words = {"author": str(by), "number": complaint.tracking_number}
        with translation.override(settings.LANGUAGE_CODE):
            added = gettext("%(author)s wrote a note on %(number)s") % words
            mention = gettext("%(author)s mentioned you in a note on %(number)s") % words
        # The open case pages show the note; each colleague named is notified.
        event_record(
            kind=CaseEventKind.CASE_NOTE_ADDED, text=added, payload=payload, groups=[f"case-{complaint.pk}"]
        )
        if others:
            event_record(
                kind=CaseEventKind.CASE_NOTE_ADDED,
                text=mention,
                payload=payload | {"mentioned": True},
                groups=[f"user-{u.pk}" for u in others],
                recipients=others,
            )
    return note
