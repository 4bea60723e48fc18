"""Filing a mediation request: online or by API, orally at the counter (第十二条), or from a complaint."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.tracking_codes import hash_access_code, new_access_code
from core.identifiers import check_credit_code, validate_mobile, validate_resident_id
from core.models import District, User
from core.services import audit_record, employer_find_or_create
from notifications.services import event_record

from ..choices import ActorKind, Matter, MediationSource
from ..models import MediationEvidence, MediationRequest
from ..tracking_registration import next_mediation_number
from .common import event, require
from .deadlines import mediation_deadline_for

ALLOWED_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


def mediation_clean(data: dict) -> dict:
    """Validate the fields of a request; raise ValidationError with every problem at once.

    The rules of the door for every way in (the worker's form and its step checks, the API, the oral
    application): forms call it from their ``clean`` so that a page shows the same errors as a filing.
    """
    errors: dict[str, str] = {}
    out: dict = {}
    for step in (
        _clean_required,
        _clean_identity,
        _clean_matters,
        _clean_amount,
        _clean_district,
        _clean_credit_code,
    ):
        step(data, out, errors)
    for name in ("employer_address", "employer_contact_name", "matters_detail"):
        out[name] = (data.get(name) or "").strip()
    if errors:
        raise ValidationError(errors)
    return out


def _clean_credit_code(data: dict, out: dict, errors: dict) -> None:
    """The employer's credit code (optional); a bad checksum is let through (GB 32100-2015 early codes)."""
    out["employer_credit_code"] = ""
    code = (data.get("employer_credit_code") or "").strip()
    if not code:
        return
    try:
        out["employer_credit_code"] = check_credit_code(code).code
    except ValidationError as exc:
        errors["employer_credit_code"] = exc.messages[0]


def _clean_required(data: dict, out: dict, errors: dict) -> None:
    """The texts every request needs: who applies, against whom, and why."""
    for name, message in [
        ("applicant_name", _("Enter the applicant's name.")),
        ("employer_name", _("Enter the employer's name.")),
        ("reasons", _("Say what the dispute is about and why you ask for mediation.")),
    ]:
        out[name] = (data.get(name) or "").strip()
        if not out[name]:
            errors[name] = message


def _clean_identity(data: dict, out: dict, errors: dict) -> None:
    """The applicant's mobile (required), ID number and the employer contact's mobile (optional)."""
    for name, validate, required in (
        ("applicant_mobile", validate_mobile, True),
        ("applicant_id_number", validate_resident_id, False),
        ("employer_contact_mobile", validate_mobile, False),
    ):
        out[name] = ""
        if not (required or data.get(name)):
            continue
        try:
            out[name] = validate(data.get(name) or "")
        except ValidationError as exc:
            errors[name] = exc.messages[0]


def _clean_matters(data: dict, out: dict, errors: dict) -> None:
    matters = [m for m in (data.get("matters") or []) if m]
    if not matters or any(m not in Matter.values for m in matters):
        errors["matters"] = _("Choose at least one matter in dispute.")
    out["matters"] = list(dict.fromkeys(matters))


def _clean_amount(data: dict, out: dict, errors: dict) -> None:
    out["amount_claimed"] = None
    if data.get("amount_claimed") in (None, ""):
        return
    try:
        amount = Decimal(str(data["amount_claimed"]))
        if (
            not amount.is_finite()
            or amount < 0
            or amount > settings.WAGEWATCH["MAX_AMOUNT"]
            or amount != amount.quantize(Decimal("0.01"))  # at most two decimals
        ):
            raise InvalidOperation
        out["amount_claimed"] = amount
    except (InvalidOperation, ValueError):
        errors["amount_claimed"] = _("Enter an amount in yuan, e.g. 8500 or 8500.50.")


def _clean_district(data: dict, out: dict, errors: dict) -> None:
    district = data.get("district")
    if not isinstance(district, District):
        district = (
            District.objects.filter(pk=str(district)).first() if str(district or "").isdigit() else None
        )
    if district is None:
        errors["district"] = _("Choose the district where you work.")
    out["district"] = district


def _check_files(files: list) -> None:
    cfg = settings.WAGEWATCH
    if len(files) > cfg["EVIDENCE_MAX_FILES"]:
        raise ValidationError({"evidence": _("Too many files.")})
    total = 0
    for f in files:
        if getattr(f, "content_type", "") not in ALLOWED_TYPES:
            raise ValidationError(
                {"evidence": _("Only photos (JPEG, PNG, WebP) and PDF files can be attached.")}
            )
        if f.size > cfg["EVIDENCE_MAX_FILE_BYTES"]:
            raise ValidationError({"evidence": ValidationError(_("A file is too large."), code="too_large")})
        total += f.size
    if total > cfg["EVIDENCE_MAX_TOTAL_BYTES"]:
        raise ValidationError(
            {"evidence": ValidationError(_("The files are too large together."), code="too_large")}
        )


def _attach(request: MediationRequest, *, content: bytes, name: str, content_type: str) -> MediationEvidence:
    stored = f"{secrets.token_hex(12)}.{ALLOWED_TYPES.get(content_type, 'bin')}"
    evidence = MediationEvidence(
        request=request,
        stored_name=stored,
        original_name=name[:120],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    evidence.file.save(stored, ContentFile(content), save=False)
    evidence.save()
    return evidence


def _create(
    *,
    clean: dict,
    source: str,
    by=None,
    received_at: datetime.datetime | None = None,
    complaint=None,
    tracking_number: str = "",
) -> tuple[MediationRequest, str]:
    received_at = received_at or timezone.now()
    employer, _created = employer_find_or_create(
        name=clean["employer_name"],
        credit_code=clean.get("employer_credit_code", ""),
        address=clean.get("employer_address", ""),
        district=clean["district"],
    )
    deadline = mediation_deadline_for(received_at)
    code = new_access_code()
    request = MediationRequest.objects.create(
        tracking_number=tracking_number
        or next_mediation_number(
            district_code=clean["district"].code, year=timezone.localtime(received_at).year
        ),
        access_code_hash=hash_access_code(code),
        source=source,
        district=clean["district"],
        employer=employer,
        employer_name_given=clean["employer_name"],
        employer_address_given=clean.get("employer_address", ""),
        employer_contact_name=clean.get("employer_contact_name", ""),
        employer_contact_mobile=clean.get("employer_contact_mobile", ""),
        applicant_name=clean["applicant_name"],
        applicant_id_number=clean.get("applicant_id_number", ""),
        applicant_mobile=clean["applicant_mobile"],
        matters=clean["matters"],
        matters_detail=clean.get("matters_detail", ""),
        reasons=clean["reasons"],
        amount_claimed=clean.get("amount_claimed"),
        received_at=received_at,
        deadline=deadline.date,
        deadline_provisional=deadline.provisional,
        complaint=complaint,
        created_by=by,
    )
    audit_record(
        subject=request,
        action="received",
        actor=by,
        actor_kind=None if by else "worker",
        reason=str(MediationSource(source).label),
        public=True,
    )
    event(
        request=request,
        kind="mediation.created",
        text=_("New mediation request %(number)s") % {"number": request.tracking_number},
        actor=by,
    )
    return request, code


def mediation_file(*, data: dict, files: list | None = None, source: str = MediationSource.ONLINE):
    """File a request from the public form or API; return (request, access code shown once)."""
    clean = mediation_clean(data)
    files = files or []
    _check_files(files)
    # Drawn before the transaction so that the sequence row is locked only for one statement (intake's
    # advice in complaints/tracking_codes.py); a failed filing leaves a harmless gap.
    number = next_mediation_number(district_code=clean["district"].code, year=timezone.localdate().year)
    with transaction.atomic():
        request, code = _create(clean=clean, source=source, tracking_number=number)
        for f in files:
            _attach(request, content=f.read(), name=f.name, content_type=f.content_type)
    return request, code


def mediation_record_oral(*, by: User, data: dict, applied_at: datetime.datetime | None = None):
    """Record an oral application on the spot (劳动争议调解仲裁法 第十二条): applicant, matters, reasons, time."""
    require(by, "mediation.record_oral")
    clean = mediation_clean(data)
    applied_at = applied_at or timezone.now()
    if applied_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"applied_at": _("The time of the application cannot be in the future.")})
    with transaction.atomic():
        return _create(clean=clean, source=MediationSource.ORAL, by=by, received_at=applied_at)


CATEGORY_TO_MATTER = {
    "wage_arrears": Matter.WAGES,
    "overtime_pay": Matter.OVERTIME_PAY,
    "holiday_pay": Matter.HOLIDAY_PAY,
}


def mediation_create_from_complaint(*, complaint, by: User) -> tuple[MediationRequest, str]:
    """Create a mediation request from a complaint referred as a private dispute: data and evidence copied."""
    if not by.has_perm("mediation.refer_complaint", complaint):
        require(by, "mediation.refer_complaint", complaint)
    if not complaint.complainant_mobile or not complaint.complainant_name:
        raise ValidationError(_("A complaint without the worker's name and mobile cannot go to mediation."))
    data = {
        "applicant_name": complaint.complainant_name,
        "applicant_mobile": complaint.complainant_mobile,
        "applicant_id_number": complaint.complainant_id_number,
        "employer_name": complaint.employer.name if complaint.employer else complaint.employer_name_given,
        "employer_credit_code": complaint.employer.credit_code if complaint.employer else "",
        "employer_address": complaint.employer_address_given,
        "district": complaint.district,
        "matters": [CATEGORY_TO_MATTER.get(complaint.category, Matter.OTHER)],
        "matters_detail": complaint.project_name,
        "reasons": complaint.description,
        "amount_claimed": complaint.amount_owed,
    }
    clean = mediation_clean(data)
    with transaction.atomic():
        request, code = _create(clean=clean, source=MediationSource.COMPLAINT, by=by, complaint=complaint)
        for item in complaint.evidence.all():
            with item.file.open("rb") as fh:
                _attach(request, content=fh.read(), name=item.original_name, content_type=item.content_type)
    return request, code


def complaint_refer_to_mediation(*, complaint, by: User, reason: str = "") -> MediationRequest:
    """Refer a complaint as a private dispute to mediation in one action.

    The complaint is closed as referred by lifecycle's ``complaint_refer`` (its decision, audit row and
    notice) and becomes a mediation request with its data and evidence, in one transaction.
    """
    from complaints.choices import ReferralKind
    from complaints.services.case_transitions import complaint_refer

    require(by, "mediation.refer_complaint", complaint)
    reason = (reason or "").strip() or _("A private dispute: referred to labour-dispute mediation.")
    with transaction.atomic():
        request, _code = mediation_create_from_complaint(complaint=complaint, by=by)
        complaint_refer(complaint=complaint, by=by, reason=reason, referral_kind=ReferralKind.MEDIATION)
    return request


def mediation_access_code_reissue(*, tracking_number: str, mobile: str) -> bool:
    """Replace the request's access code and send the new one by SMS, if ``mobile`` is the applicant's.

    The old code stops working at once; the SMS goes through the outbox after commit. Return whether a
    code was sent; callers answer alike either way (no enumeration).
    """
    import hmac

    from complaints.services.access_codes import mobile_digits

    with transaction.atomic():
        request = (
            MediationRequest.objects.select_for_update(of=("self",))
            .filter(tracking_number=tracking_number[:20])
            .first()
        )
        on_file = mobile_digits(request.applicant_mobile) if request is not None else ""
        if not on_file or not hmac.compare_digest(on_file, mobile_digits(mobile)):
            return False
        code = new_access_code()
        MediationRequest.objects.filter(pk=request.pk).update(access_code_hash=hash_access_code(code))
        audit_record(subject=request, action="access_code_reissued", actor_kind=ActorKind.WORKER, public=True)
        with translation.override(settings.LANGUAGE_CODE):  # the SMS speaks the site language
            body = _(
                "[Wagewatch] Your new access code for mediation request %(number)s is %(code)s. The old "
                "code no longer works. If you did not ask for it, call the mediation centre."
            ) % {"number": request.tracking_number, "code": code}
        event_record(
            kind="mediation.access_code_reissued",
            text=_("A new access code was sent by SMS for mediation request %(number)s.")
            % {"number": request.tracking_number},
            payload={"mediation_id": request.pk, "tracking_number": request.tracking_number},
            sms=[(on_file, body, (code,))],
        )
    return True
