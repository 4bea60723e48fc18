"""Carrying out a visit on a tablet: checklist, findings, photos and the outcome."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.services.staff_filing import complaint_open_from_inspection
from core.choices import Sector
from core.concurrency import lock_for_change
from core.models import User
from core.services import audit_record
from core.workdays import is_working_day
from documents.services import document_audit_changes
from notifications.services import event_record

from ..choices import CONSTRUCTION_ONLY, CheckItem, OrderStatus, Outcome, VisitKind, VisitStatus
from ..models import CorrectionOrder, Team, Visit, VisitPhoto
from .order_documents import correction_order_issue

CHECK_ANSWERS = ("ok", "fail", "na")
PHOTO_TYPES = {b"\xff\xd8\xff": ("image/jpeg", "jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", "png")}
MAX_SEARCH_DAYS = 120


def checklist_for(sector: str, is_construction: bool) -> list[CheckItem]:
    """Return the checklist items that apply to an employer's sector."""
    construction = is_construction or sector == Sector.CONSTRUCTION
    return [c for c in CheckItem if construction or c not in CONSTRUCTION_ONLY]


def _check_inspector(visit: Visit, user) -> None:
    if not user.has_perm("inspections.complete_visit", visit):
        raise PermissionDenied(_("Only the visit's team (or a manager of the campaign) may record it."))


@transaction.atomic
def visit_complete(
    *,
    visit: Visit,
    completed_by: User,
    version: int,
    checklist: dict[str, str],
    findings: str,
    outcome: str,
    workers_on_site: int | None = None,
    order_due: datetime.date | None = None,
    order_text: str = "",
    amount_owed: Decimal | None = None,
    workers_affected: int = 1,
) -> Visit:
    """Record a visit's result; an order schedules a follow-up, a case goes into the complaints lifecycle."""
    _check_inspector(visit, completed_by)
    visit = lock_for_change(visit, seen={"version": version}, related=("employer", "district", "team"))
    team = _check_can_complete(visit)
    clean, failed = _checked_answers(visit, checklist=checklist, findings=findings, outcome=outcome)
    if outcome == Outcome.ORDER and (order_due is None or order_due <= timezone.localdate()):
        raise ValidationError({"order_due": _("Give a due date after today.")})
    visit.checklist, visit.findings, visit.outcome = clean, findings.strip()[:5000], outcome
    visit.workers_on_site = workers_on_site
    visit.complete()
    visit.version += 1
    visit.save()
    visit.inspectors.set(team.members())
    changes = {"outcome": outcome, "failed": failed}
    if outcome == Outcome.ORDER and order_due is not None:  # checked above
        changes |= _order_correction(visit, by=completed_by, due=order_due, items=failed, text=order_text)
    elif outcome == Outcome.CASE:
        changes |= _open_case(
            visit, by=completed_by, failed=failed, amount_owed=amount_owed, workers=workers_affected
        )
    changes |= _settle_order(visit, by=completed_by)
    audit_record(subject=visit, action="completed", actor=completed_by, changes=changes)
    _announce_completed(visit, by=completed_by)
    return visit


def _check_can_complete(visit: Visit) -> Team:
    """Return the visit's team: only a planned visit of a team of two can be recorded (第十五条: two inspectors)."""
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("This visit is already %(status)s.") % {"status": visit.get_status_display()})
    team = visit.team
    if team is None or team.inspector_a_id == team.inspector_b_id:
        raise ValidationError(_("A visit needs a team of two inspectors."))
    return team


def _checked_answers(
    visit: Visit, *, checklist: dict[str, str], findings: str, outcome: str
) -> tuple[dict[str, str], list[str]]:
    """Return the answers for the employer's items and the failed ones; check they fit the outcome."""
    items = {c.value for c in checklist_for(visit.employer.sector, visit.employer.is_construction_project)}
    clean = {k: v for k, v in (checklist or {}).items() if k in items}
    if set(clean) != items or any(v not in CHECK_ANSWERS for v in clean.values()):
        raise ValidationError({"checklist": _("Answer every checklist item.")})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    failed = [k for k, v in clean.items() if v == "fail"]
    if outcome != Outcome.NO_VIOLATION and not (findings.strip() or failed):
        raise ValidationError({"findings": _("Describe what was found.")})
    if outcome == Outcome.NO_VIOLATION and failed:
        raise ValidationError({"outcome": _("A failed checklist item needs an order or a case.")})
    return clean, failed


def _order_correction(visit: Visit, *, by: User, due: datetime.date, items: list[str], text: str) -> dict:
    """Order the employer to correct by a date (a numbered document to it) and book the follow-up visit."""
    order = CorrectionOrder.objects.create(
        visit=visit, employer=visit.employer, due_date=due, items=items, text=text[:2000]
    )
    document = correction_order_issue(order=order, by=by)
    follow = _schedule_follow_up(visit, due)
    return {
        "order_id": order.pk,
        "follow_up_id": follow.pk,
        "follow_up_date": follow.date.isoformat(),
    } | document_audit_changes(document)


def _settle_order(visit: Visit, *, by: User) -> dict:
    """On the follow-up of an order, record whether the employer corrected: no violation found, or not."""
    if visit.follow_up_of_id is None:
        return {}
    order = CorrectionOrder.objects.filter(visit_id=visit.follow_up_of_id, status=OrderStatus.OPEN).first()
    if order is None:
        return {}
    order.status = OrderStatus.COMPLIED if visit.outcome == Outcome.NO_VIOLATION else OrderStatus.NOT_COMPLIED
    order.save(update_fields=["status"])
    # The order's own visit carries the result on its trail: the order was issued there.
    audit_record(
        subject=order.visit,
        action="order_complied" if order.status == OrderStatus.COMPLIED else "order_not_complied",
        actor=by,
        changes={
            "order_id": order.pk,
            "follow_up_id": visit.pk,
            "outcome": visit.outcome,
            "order_status": order.status,
        },
    )
    return {"order_settled": order.pk, "order_status": order.status}


def _open_case(
    visit: Visit, *, by: User, failed: list[str], amount_owed: Decimal | None, workers: int
) -> dict:
    """Open a case in the complaints lifecycle with the visit's findings."""
    text = _("Found on inspection: %(findings)s") % {"findings": visit.findings or ", ".join(failed)}
    complaint = complaint_open_from_inspection(
        by=by,
        district=visit.district,
        employer=visit.employer,
        description=text,
        amount_owed=amount_owed,
        workers_affected=workers,
        finders=visit.team.members() if visit.team is not None else [],
        visit_id=visit.pk,
        campaign_id=visit.campaign_id,
    )
    visit.complaint = complaint
    visit.save(update_fields=["complaint"])
    return {"case_id": complaint.pk}


def _announce_completed(visit: Visit, *, by: User) -> None:
    """Tell the campaign and the district, and refresh the campaign's figures."""
    from .dashboard import figures_refresh_visits

    event_record(
        kind="campaign.visit_completed",
        text=_("%(employer)s inspected: %(outcome)s")
        % {"employer": visit.employer.name, "outcome": visit.get_outcome_display()},
        payload={
            "campaign_id": visit.campaign_id,
            "visit_id": visit.pk,
            "district_id": visit.district_id,
            "actor_id": by.pk,
            "outcome": visit.outcome,
        },
        groups=[f"campaign-{visit.campaign_id}", f"district-{visit.district_id}"],
    )
    figures_refresh_visits(campaign=visit.campaign)


def _schedule_follow_up(visit: Visit, due: datetime.date) -> Visit:
    """Book the follow-up on the first working day on or after the due date with room in the team's day."""
    day = due
    unavailable = (visit.team.unavailable if visit.team else None) or []
    for _i in range(MAX_SEARCH_DAYS):
        if is_working_day(day) and str(day.isoformat()) not in unavailable:
            used = (
                Visit.objects.filter(team=visit.team, date=day)
                .exclude(status=VisitStatus.REMOVED)
                .aggregate(n=Sum("units"))["n"]
                or 0
            )
            if used + visit.units <= 2:
                break
        day += datetime.timedelta(days=1)
    follow = Visit.objects.create(
        campaign=visit.campaign,
        employer=visit.employer,
        district=visit.district,
        team=visit.team,
        date=day,
        units=visit.units,
        kind=VisitKind.FOLLOW_UP,
        risk=visit.risk,
        earliest=due,
        follow_up_of=visit,
    )
    audit_record(
        subject=follow, action="scheduled", changes={"follow_up_of": visit.pk, "not_before": due.isoformat()}
    )
    return follow


def _sniff(head: bytes) -> tuple[str, str] | None:
    for magic, kind in PHOTO_TYPES.items():
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


@transaction.atomic
def visit_photo_add(*, visit: Visit, upload: UploadedFile, uploaded_by: User) -> VisitPhoto:
    """Attach a photo; the type is read from the content, never from the name or the browser."""
    _check_inspector(visit, uploaded_by)
    limit = settings.WAGEWATCH["EVIDENCE_MAX_FILE_BYTES"]
    if upload.size > limit:
        message = _("A photo may be at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        raise ValidationError({"photo": ValidationError(message, code="too_large")})
    if visit.photos.count() >= settings.WAGEWATCH["EVIDENCE_MAX_FILES"]:
        raise ValidationError({"photo": _("This visit has as many photos as allowed.")})
    head = upload.read(16)
    upload.seek(0)
    kind = _sniff(head)
    if kind is None:
        raise ValidationError({"photo": _("Upload a JPEG, PNG or WebP photo.")})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    photo = VisitPhoto(
        visit=visit,
        stored_name=f"{secrets.token_hex(12)}.{kind[1]}",
        original_name=(upload.name or "photo")[:120],
        content_type=kind[0],
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=uploaded_by,
    )
    photo.file.save(photo.stored_name, upload, save=False)
    photo.save()
    audit_record(
        subject=visit,
        action="photo_added",
        actor=uploaded_by,
        changes={"photo_id": photo.pk, "sha256": photo.sha256},
    )
    return photo
