"""Duplicates and groups: merge a duplicate into the case that goes on; take a complaint out of its group.

- ``complaint_merge``: the duplicate (the same matter complained of twice: online and at the counter,
  or a co-worker's complaint already covered) closes as merged into the surviving case. Its evidence
  joins the surviving case (the same stored files, marked as merged from the duplicate, so that the
  other worker's tracking page does not show them), its claimants join the surviving case's group
  members, and its worker is told by SMS and on the tracking page, which keeps working with the same
  number and code and shows how the surviving case stands.
- ``complaint_unlink``: intake groups complaints of different workers against the same employer and an
  overlapping period (``Complaint.group``); a complaint grouped wrongly is taken out of its group.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django_fsm import TransitionNotAllowed

from core.models import User
from core.services import audit_record
from notifications.services import event_record

from ..choices import OPEN_STATUSES
from ..models import Complaint, Evidence, GroupMember
from .case_transitions import _require, _run, lock_for_change
from .events import case_event_payload, case_groups


def _survivor_check(duplicate: Complaint, survivor: Complaint, by: User) -> None:
    if not by.has_perm("complaints.view_complaint", survivor):
        raise ValidationError({"into": gettext("No case has this tracking number.")})
    if survivor.pk == duplicate.pk:
        raise ValidationError({"into": gettext("A case cannot be merged into itself.")})
    if not by.has_perm("complaints.merge_complaint", survivor):
        raise ValidationError({"into": gettext("You may not act on the case to merge into.")})
    if survivor.status not in OPEN_STATUSES or survivor.merged_into_id is not None:
        raise ValidationError({"into": gettext("The case to merge into must be open.")})
    if survivor.district_id != duplicate.district_id or survivor.transfer_to_id is not None:
        raise ValidationError(
            {"into": gettext("Both cases must be with the same district office: transfer one first.")}
        )
    if duplicate.employer_id and survivor.employer_id and duplicate.employer_id != survivor.employer_id:
        raise ValidationError({"into": gettext("The two cases are about different employers.")})


def _claimants(duplicate: Complaint) -> list[GroupMember]:
    """Return the duplicate's workers as group members of another case (not saved)."""
    people = []
    if duplicate.complainant_name:
        people.append(
            GroupMember(
                name=duplicate.complainant_name,
                id_number=duplicate.complainant_id_number,
                mobile=duplicate.complainant_mobile,
                amount_owed=duplicate.amount_owed if not duplicate.members.exists() else None,
            )
        )
    people += [
        GroupMember(name=m.name, id_number=m.id_number, mobile=m.mobile, amount_owed=m.amount_owed)
        for m in duplicate.members.all()
    ]
    return people


def _join(duplicate: Complaint, survivor: Complaint) -> dict:
    """Copy the duplicate's evidence and new claimants to the surviving case; return what was added."""
    files = [
        Evidence(
            complaint=survivor,
            file=e.file.name,
            stored_name=e.stored_name,
            original_name=e.original_name,
            kind=e.kind,
            content_type=e.content_type,
            size=e.size,
            sha256=e.sha256,
            uploaded_by=e.uploaded_by,
            uploaded_at=e.uploaded_at,
            merged_from=duplicate,
        )
        for e in duplicate.evidence.all()
    ]
    Evidence.objects.bulk_create(files)
    known = {survivor.complainant_id_number} | set(survivor.members.values_list("id_number", flat=True))
    known_names = {survivor.complainant_name} | set(survivor.members.values_list("name", flat=True))
    added = []
    for person in _claimants(duplicate):
        same = person.id_number in known if person.id_number else person.name in known_names
        if not same:
            person.complaint = survivor
            added.append(person)
            known.add(person.id_number)
            known_names.add(person.name)
    GroupMember.objects.bulk_create(added)
    if added:
        survivor.workers_affected += len(added)
        survivor.save(update_fields=["workers_affected", "updated_at"])
    return {"evidence": len(files), "workers_added": len(added)}


def complaint_merge(*, complaint: Complaint, by: User, into: Complaint | None, reason: str) -> Complaint:
    """Close the case as a duplicate of ``into``; its evidence and workers join ``into``."""
    _require(into=into, reason=(reason or "").strip())
    assert into is not None  # _require refused it missing
    joined: dict = {}

    def apply(c: Complaint) -> dict:
        survivor = Complaint.objects.select_for_update(of=("self",)).get(pk=into.pk)
        _survivor_check(c, survivor, by)
        c.merge()
        c.merged_into = survivor
        joined.update(_join(c, survivor))
        audit_record(
            subject=survivor,
            action="merged_in",
            actor=by,
            from_status=survivor.status,
            to_status=survivor.status,
            reason=reason,
            changes={"duplicate": c.tracking_number, "duplicate_id": c.pk, **joined},
        )
        return {"merged_into": survivor.tracking_number, "merged_into_id": survivor.pk, **joined}

    return _run(
        complaint=complaint,
        by=by,
        action="merge",
        apply=apply,
        reason=reason,
        public=True,
        extra_groups=lambda c: [f"case-{into.pk}"],
    )


def complaint_unlink(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    """Take a wrongly grouped complaint out of its group (intake grouped it by employer and period)."""
    _require(reason=(reason or "").strip())
    with transaction.atomic():
        fresh = lock_for_change(complaint)
        unlink_check(fresh, by)
        group_id = fresh.group_id
        fresh.group = None
        fresh.save(update_fields=["group", "updated_at"])
        audit_record(
            subject=fresh,
            action="unlink",
            actor=by,
            from_status=fresh.status,
            to_status=fresh.status,
            reason=reason,
            changes={"group_id": [group_id, None]},
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = gettext("%(number)s: taken out of its group") % {"number": fresh.tracking_number}
        event_record(
            kind="case.transitioned",
            text=text,
            payload=case_event_payload(fresh, actor=by, action="unlink", from_status=fresh.status),
            groups=case_groups(fresh),
        )
    return fresh


def unlink_check(complaint: Complaint, by: User) -> None:
    """Raise TransitionNotAllowed (409) or PermissionDenied (403) for taking the case out of its group."""
    if not by.has_perm("complaints.unlink_complaint", complaint):
        raise PermissionDenied(gettext("You may not take this action on this case."))
    if complaint.group_id is None:
        raise TransitionNotAllowed(gettext("This case is not in a group."), object=complaint, method=None)
