"""Intake: a worker files a complaint or clue; worker-side actions on their case (evidence, withdraw).

The web form and the API both parse their input into plain values and call ``intake_clean`` (the rules
of the door, with field-level errors) and then ``complaint_file`` (the write). One source of truth.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import json
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, can_proceed

from core.choices import Role
from core.db import CompiledSelect, InsertBatch
from core.identifiers import check_credit_code, compact, validate_mobile, validate_resident_id
from core.models import District, Employer, User
from core.services import audit_entry, audit_record, employer_create
from core.workdays import add_working_days
from notifications.services import event_record

from ..choices import OPEN_STATUSES, ActorKind, CaseStatus, Category, ComplaintKind, Source
from ..evidence import CheckedFile, check_files
from ..limitation import within_limitation
from ..models import Complaint, ComplaintGroup, Evidence, GroupMember, IntakeSubmission
from ..selectors.intake import intake_lookup
from ..tracking_codes import (
    SequenceMissing,
    hash_access_code,
    new_access_code,
    next_tracking_number_and_ids,
    sequence_create,
)
from .events import case_event_payload, case_groups
from .intake_lock import worker_filing_lock

MAX_MEMBERS = 200
MAX_WORKERS = 100_000
REPLAY_WINDOW = datetime.timedelta(hours=24)


class DuplicateComplaint(ValidationError):
    """The same worker already has an open case against this employer."""

    def __init__(self, tracking_number: str):
        self.tracking_number = tracking_number
        super().__init__(
            {
                "confirm_different_matter": _(
                    "You already have an open complaint against this employer: %(number)s. Follow it with "
                    "its tracking number and access code. If this is a different matter, tick the box "
                    "to confirm and send again."
                )
                % {"number": tracking_number}
            }
        )


class IdempotencyMismatch(ValidationError):
    """An Idempotency-Key was reused for a different submission."""


@dataclass
class MemberData:
    name: str
    id_number: str = ""
    mobile: str = ""
    amount_owed: Decimal | None = None


@dataclass
class IntakeData:
    """A cleaned submission: every value checked, ready to be written."""

    kind: str
    category: str
    district: District
    description: str
    complainant_name: str = ""
    complainant_id_number: str = ""
    complainant_mobile: str = ""
    employer: Employer | None = None
    employer_name: str = ""
    employer_credit_code: str = ""
    employer_credit_code_ok: bool = True
    employer_address: str = ""
    project_name: str = ""
    amount_owed: Decimal | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    continuing: bool = False
    workers_affected: int = 1
    members: list[MemberData] = field(default_factory=list)
    confirm_different_matter: bool = False

    def fingerprint(self, files: Sequence[CheckedFile] = ()) -> str:
        # asdict() would deep-copy the district and employer instances only to drop them below.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["members"] = [asdict(m) for m in self.members]
        data["district"] = self.district.pk
        data["employer"] = self.employer.pk if self.employer else None
        data["files"] = sorted(f.sha256 for f in files)
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class StaffRecording:
    """Who recorded a complaint on a worker's behalf, and how it reached the bureau (staff_filing.py).

    ``received_on`` is the day the bureau received it (a letter's date of arrival may lie in the past):
    the acceptance period and the two-year limit count from it. ``send_sms`` sends the receipt to the
    worker's mobile; without it the staff member prints the receipt. ``action``, ``reason`` and
    ``changes`` make the audit entry naming the staff member and the channel; ``payload`` adds to the
    ``case.created`` event's.
    """

    by: User
    received_on: datetime.date
    external_ref: str = ""
    send_sms: bool = False
    action: str = "recorded"
    reason: str = ""
    changes: dict = field(default_factory=dict)
    payload: dict = field(default_factory=dict)


@dataclass
class IntakeResult:
    complaint: Complaint
    access_code: str
    replayed: bool = False


# --- the rules of the door ---------------------------------------------------------------------------


def _text(raw: dict, key: str, limit: int) -> str:
    value = (raw.get(key) or "").strip()
    return value[:limit] if len(value) > limit else value


def _check_identity(raw: dict, kind: str, errors: dict) -> dict:
    out = {"complainant_name": _text(raw, "name", 64), "complainant_id_number": "", "complainant_mobile": ""}
    if len((raw.get("name") or "").strip()) > 64:
        errors["name"] = _("A name can have at most 64 characters.")
    id_number, mobile = (raw.get("id_number") or "").strip(), (raw.get("mobile") or "").strip()
    if kind == ComplaintKind.COMPLAINT:
        if not out["complainant_name"]:
            errors["name"] = _("A complaint is made in your real name: enter your name.")
        if not id_number:
            errors["id_number"] = _("Enter your resident ID number.")
        if not mobile:
            errors["mobile"] = _("Enter your mobile number: the receipt and news about the case go there.")
    if id_number:
        try:
            out["complainant_id_number"] = validate_resident_id(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages[0]
    if mobile:
        try:
            out["complainant_mobile"] = validate_mobile(mobile)
        except ValidationError as exc:
            errors["mobile"] = exc.messages[0]
    return out


def _check_employer(raw: dict, errors: dict) -> dict:
    out: dict[str, Any] = {
        "employer": None,
        "employer_name": _text(raw, "employer_name", 200),
        "employer_credit_code": "",
        "employer_credit_code_ok": True,
        "employer_address": _text(raw, "employer_address", 255),
    }
    employer = raw.get("employer")
    if employer is not None and not isinstance(employer, Employer):
        employer = Employer.objects.filter(pk=employer).first() if str(employer).isdigit() else None
        if employer is None:
            errors["employer"] = _("This employer is not in our list; describe it below instead.")
    out["employer"] = employer
    code = (raw.get("employer_credit_code") or "").strip()
    if code:
        try:
            check = check_credit_code(code)
            out["employer_credit_code"], out["employer_credit_code_ok"] = check.code, check.checksum_ok
        except ValidationError as exc:
            errors["employer_credit_code"] = exc.messages[0]
    if employer is None and not out["employer_name"] and "employer" not in errors:
        errors["employer_name"] = _("Enter the employer's name (as on your contract, pay slip or site sign).")
    if employer is not None and not out["employer_name"]:
        out["employer_name"] = employer.name
    return out


def _check_period(raw: dict, kind: str, today: datetime.date, errors: dict) -> dict:
    start, end, continuing = raw.get("period_start"), raw.get("period_end"), bool(raw.get("continuing"))
    if start and start > today:
        errors["period_start"] = _("The start of the period cannot be in the future.")
    if end and end > today:
        errors["period_end"] = _("The end of the period cannot be in the future.")
    if start and end and end < start and "period_end" not in errors:
        errors["period_end"] = _("The end of the period cannot be before its start.")
    if kind == ComplaintKind.COMPLAINT:
        if not start:
            errors["period_start"] = _("Enter when the unpaid work began (an approximate date is fine).")
        if not end and not continuing:
            errors["period_end"] = _("Enter when it ended, or tick “still continuing”.")
    return {"period_start": start, "period_end": end, "continuing": continuing}


def _check_amount(value, key: str, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        errors[key] = _("Enter an amount in yuan, e.g. 8500 or 8500.50.")
        return None
    if not amount.is_finite() or amount < 0:
        errors[key] = _("The amount cannot be negative.")
    elif amount > settings.WAGEWATCH["MAX_AMOUNT"]:
        errors[key] = _("This amount is too large; please check it.")
    elif amount != amount.quantize(Decimal("0.01")):
        errors[key] = _("Enter at most two decimal places (fen).")
    else:
        return amount
    return None


def _check_members(raw_members, own_id: str, errors: dict) -> list[MemberData]:
    raw_members = [m for m in (raw_members or []) if any(str(v or "").strip() for v in m.values())]
    if len(raw_members) > MAX_MEMBERS:
        errors["members"] = _("List at most %(n)d other workers here; attach a list as a PDF for more.") % {
            "n": MAX_MEMBERS
        }
        return []
    members, seen, problems = [], {own_id} if own_id else set(), []
    for index, raw in enumerate(raw_members, start=1):
        name = (raw.get("name") or "").strip()
        member = MemberData(name=name[:64])
        if not name or len(name) > 64:
            problems.append(_("Worker %(n)d: enter a name (at most 64 characters).") % {"n": index})
        for key, check in (("id_number", validate_resident_id), ("mobile", validate_mobile)):
            value = (raw.get(key) or "").strip()
            if value:
                try:
                    setattr(member, key, check(value))
                except ValidationError as exc:
                    problems.append(_("Worker %(n)d: %(error)s") % {"n": index, "error": exc.messages[0]})
        if member.id_number:
            if member.id_number in seen:
                problems.append(_("Worker %(n)d: this ID number is listed twice.") % {"n": index})
            seen.add(member.id_number)
        member_errors: dict = {}
        member.amount_owed = _check_amount(raw.get("amount_owed"), "amount", member_errors)
        if member_errors:
            problems.append(_("Worker %(n)d: %(error)s") % {"n": index, "error": member_errors["amount"]})
        members.append(member)
    if problems:
        errors["members"] = problems
    return members


def intake_clean(raw: dict) -> IntakeData:
    """Apply the rules of the door to parsed input; raise ValidationError with Chinese field errors.

    ``raw`` keys: kind, category, name, id_number, mobile, employer (id or Employer), employer_name,
    employer_credit_code, employer_address, district (id or District), project_name, amount_owed,
    period_start, period_end, continuing, workers_affected, description, members (list of dicts with
    name, id_number, mobile, amount_owed), confirm_different_matter.
    """
    errors: dict = {}
    today = timezone.localdate()
    kind = raw.get("kind") or ComplaintKind.COMPLAINT
    if kind not in ComplaintKind.values:
        errors["kind"] = _("Choose a complaint or an anonymous clue.")
    category = raw.get("category") or Category.WAGE_ARREARS
    if category not in Category.values:
        errors["category"] = _("Choose what the complaint is about.")
    district = raw.get("district")
    if district is not None and not isinstance(district, District):
        district = District.objects.filter(pk=district).first() if str(district).isdigit() else None
    if district is None:
        errors["district"] = _("Choose the district where you work: that bureau handles the case.")
    description = (raw.get("description") or "").strip()
    if not description:
        errors["description"] = _("Describe briefly what happened and what you are owed.")
    elif len(description) > 5000:
        errors["description"] = _(
            "Please keep the description under 5000 characters; attach documents instead."
        )
    project_name = (raw.get("project_name") or "").strip()
    if len(project_name) > 200:
        errors["project_name"] = _("At most 200 characters.")
    workers = raw.get("workers_affected") or 1
    try:
        workers = int(workers)
    except (TypeError, ValueError):
        workers = 0
    if not 1 <= workers <= MAX_WORKERS:
        errors["workers_affected"] = _("Enter how many workers are owed (1 or more).")
    identity = _check_identity(raw, kind, errors)
    employer = _check_employer(raw, errors)
    period = _check_period(raw, kind, today, errors)
    amount = _check_amount(raw.get("amount_owed"), "amount_owed", errors)
    members = _check_members(raw.get("members"), identity["complainant_id_number"], errors)
    if errors or district is None:  # a missing district is among the errors
        raise ValidationError(errors)
    return IntakeData(
        kind=kind,
        category=category,
        district=district,
        description=description,
        project_name=project_name,
        amount_owed=amount,
        workers_affected=max(workers, len(members) + 1),
        members=members,
        confirm_different_matter=bool(raw.get("confirm_different_matter")),
        **identity,
        **employer,
        **period,
    )


# --- idempotency -------------------------------------------------------------------------------------


def _seal(key: str, code: str) -> str:
    stream = hmac.new(settings.SECRET_KEY.encode(), f"intake-seal:{key}".encode(), hashlib.sha256).digest()
    return bytes(a ^ b for a, b in zip(code.encode(), stream, strict=False)).hex()


def _unseal(key: str, sealed: str) -> str:
    stream = hmac.new(settings.SECRET_KEY.encode(), f"intake-seal:{key}".encode(), hashlib.sha256).digest()
    return bytes(a ^ b for a, b in zip(bytes.fromhex(sealed), stream, strict=False)).decode()


def _replay(key: str, fingerprint: str | None) -> IntakeResult | None:
    record = IntakeSubmission.objects.select_related("complaint").filter(key=key).first()
    if record is None:
        return None
    if fingerprint is not None and record.fingerprint != fingerprint:
        raise IdempotencyMismatch(
            _("This Idempotency-Key was already used for a different complaint; use a new key."),
            code="idempotency_mismatch",
        )
    code = (
        _unseal(key, record.sealed_code)
        if record.sealed_code and timezone.now() < record.replay_until
        else ""
    )
    return IntakeResult(complaint=record.complaint, access_code=code, replayed=True)


def intake_submissions_prune(*, keep_days: int = 30) -> tuple[int, int]:
    """Forget what idempotency no longer needs; return (codes wiped, records deleted).

    The sealed access code only serves a retry within the replay window, so it is wiped after it
    (it can be unsealed with the secret key). The record itself stops a late retry from filing a second
    complaint; after ``keep_days`` it goes (clients retry within minutes, not weeks).
    """
    now = timezone.now()
    wiped = (
        IntakeSubmission.objects.filter(replay_until__lt=now).exclude(sealed_code="").update(sealed_code="")
    )
    deleted, _ = IntakeSubmission.objects.filter(
        created_at__lt=now - datetime.timedelta(days=keep_days)
    ).delete()
    return wiped, deleted


# --- the write ---------------------------------------------------------------------------------------


@dataclass
class _GroupPlan:
    group: ComplaintGroup | None = None
    is_new: bool = False  # inserted with the complaint; the peer joins it afterwards
    widened: bool = False  # a known group whose period this complaint widens


def _group_plan(data: IntakeData, employer: Employer | None, peer: dict | None, today) -> _GroupPlan:
    """Put complaints of different workers against the same employer and overlapping period together."""
    if peer is None or data.period_start is None or employer is None:
        return _GroupPlan()
    end = data.period_end or today
    if peer["group_id"]:
        start = min(filter(None, [peer["group__period_start"], data.period_start]))
        stop = max(filter(None, [peer["group__period_end"], end]))
        group = ComplaintGroup(pk=peer["group_id"], employer=employer, period_start=start, period_end=stop)
        return _GroupPlan(
            group, widened=(start, stop) != (peer["group__period_start"], peer["group__period_end"])
        )
    group = ComplaintGroup(
        employer=employer,
        period_start=min(data.period_start, peer["period_start"] or data.period_start),
        period_end=max(end, peer["period_end"] or today),
    )
    return _GroupPlan(group, is_new=True)


def _evidence_rows(complaint: Complaint, files: list[CheckedFile], saved: list[str]) -> list[Evidence]:
    """Store the files (outside the static root) and return their rows, not yet inserted."""
    rows = []
    for checked in files:
        stored = checked.stored_name()
        name = default_storage.save(f"evidence/{complaint.tracking_number}/{stored}", checked.upload)
        saved.append(name)
        rows.append(
            Evidence(
                complaint=complaint,
                file=name,
                stored_name=stored,
                original_name=checked.original_name,
                kind=checked.kind,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
            )
        )
    return rows


def _store_evidence(complaint: Complaint, files: list[CheckedFile], saved: list[str]) -> list[Evidence]:
    return Evidence.objects.bulk_create(_evidence_rows(complaint, files, saved))


@functools.lru_cache(maxsize=1024)
def _district_staff(district_id: int, vendor: str) -> CompiledSelect:
    """The district's active inspectors and managers, as a statement compiled once per district."""
    return CompiledSelect.of(
        User.objects.filter(is_active=True, district_id=district_id, role__in=[Role.INSPECTOR, Role.MANAGER])
    )


def _receipt_sms(complaint: Complaint, code: str) -> list[tuple[str, str, tuple[str]]]:
    # A clue's phone number is only for an inspector's call back: the clue promises no SMS, and a
    # message arriving on a phone could give the person away.
    if not complaint.complainant_mobile or complaint.kind == ComplaintKind.CLUE:
        return []
    due = complaint.acceptance_due
    body = _(
        "[Labour inspection] We received your complaint. Tracking number %(number)s, access code %(code)s. "
        "We will decide whether to accept it by %(due)s. Keep this message; do not share the code."
    ) % {"number": complaint.tracking_number, "code": code, "due": due.isoformat() if due else ""}
    return [(complaint.complainant_mobile, body, (code,))]


def complaint_file(
    *,
    data: IntakeData,
    uploads: list | None = None,
    idempotency_key: str = "",
    check_fingerprint: bool = True,
    source: str = Source.ONLINE,
    recording: StaffRecording | None = None,
) -> IntakeResult:
    """File a complaint or clue; return it with its access code (shown once).

    Raises ValidationError (bad files), EvidenceTooLarge, DuplicateComplaint, IdempotencyMismatch.
    A retry with the same idempotency key returns the first complaint (``replayed``). A worker's
    simultaneous filings are serialised (intake_lock.py), so that the duplicate rule holds.
    ``recording`` is set when staff record it for the worker (staff_filing.complaint_record).
    """
    checked = check_files(list(uploads or []))
    own_id = data.complainant_id_number if data.kind == ComplaintKind.COMPLAINT else ""
    year = timezone.localdate().year
    for attempt in range(2):
        try:
            with worker_filing_lock(
                own_id, district_code=data.district.code, year=year, models=[Complaint, ComplaintGroup]
            ) as drawn:
                return _complaint_file(
                    data, checked, idempotency_key, check_fingerprint, source, drawn, recording
                )
        except SequenceMissing as missing:  # the year's first number: nothing was written
            if attempt:
                raise
            sequence_create(prefix=missing.prefix, year=missing.year)
        except IntegrityError:
            # Under the lock the write's failure rolled the transaction back; a concurrent retry with
            # the same key may have won the race (a repeat of the same worker's filing cannot: the lock
            # serialises them, and the look-up finds the first).
            if idempotency_key and own_id:
                replay = _replay(idempotency_key, data.fingerprint(checked) if check_fingerprint else None)
                if replay is not None:
                    return replay
            raise
    raise AssertionError("unreachable")


def _complaint_file(
    data: IntakeData,
    checked: list[CheckedFile],
    idempotency_key: str,
    check_fingerprint: bool,
    source: str,
    drawn: tuple[str, list[int]] | None,
    recording: StaffRecording | None,
) -> IntakeResult:
    fingerprint = data.fingerprint(checked)
    # No read of the idempotency record here: its unique key catches a retry at insert time (below),
    # which keeps the common path one query shorter.
    today = timezone.localdate()
    # 关于实施《劳动保障监察条例》若干规定 第十八条: the acceptance period runs from the bureau's receipt,
    # which for a recorded letter may be an earlier day than today.
    received_on = recording.received_on if recording is not None else today
    candidates = intake_lookup(
        employer_id=data.employer.pk if data.employer else None,
        employer_name=data.employer_name,
        credit_code=data.employer_credit_code,
        district_id=data.district.pk,
        kind=data.kind,
        complainant_id_number=data.complainant_id_number,
        period_start=data.period_start,
        period_end=data.period_end,
        today=today,
    )
    employer = data.employer or candidates.employer
    if candidates.duplicate_of and not data.confirm_different_matter:
        if idempotency_key:  # a retry of the very submission that created that case
            replay = _replay(idempotency_key, fingerprint if check_fingerprint else None)
            if replay is not None:
                return replay
        raise DuplicateComplaint(candidates.duplicate_of)
    plan = _group_plan(data, employer, candidates.group_peer, today)
    # On PostgreSQL the tracking number comes with the ids of the complaint (and of a new group), so
    # that every row naming them (members, audit, the event for staff) goes in the one statement that
    # writes them all: drawn with the worker's lock, or here for a clue (no lock).
    ids: list[int] | None
    if drawn is not None:
        tracking_number, ids = drawn
    else:
        tracking_number, ids = next_tracking_number_and_ids(
            district_code=data.district.code,
            year=today.year,
            models=[Complaint, ComplaintGroup] if plan.is_new else [Complaint],
        )
    due = add_working_days(received_on, settings.WAGEWATCH["ACCEPTANCE_WORKING_DAYS"])
    code = new_access_code()
    saved: list[str] = []
    # The new rows go to the database in one statement (core.db.InsertBatch), which is atomic on its
    # own; a transaction is opened only when other statements come with it (a new employer, a group
    # that is made or grows) or when the caller's transaction needs a savepoint to survive a
    # duplicate key.
    needs_transaction = (
        ids is None
        or employer is None
        or plan.is_new
        or plan.widened
        or transaction.get_connection().in_atomic_block
    )
    # Under the worker's lock the lock's transaction is the filing's: a failing write rolls it back and
    # complaint_file looks for the replay after. Without it, a savepoint only to survive a duplicate
    # idempotency key inside a caller's transaction (the replay below reads after it).
    savepoint = bool(idempotency_key) and drawn is None
    try:
        with transaction.atomic(savepoint=savepoint) if needs_transaction else nullcontext():
            if employer is None:
                employer = employer_create(
                    name=data.employer_name,
                    credit_code=data.employer_credit_code,
                    address=data.employer_address,
                    district=data.district,
                )
            if plan.widened and plan.group is not None:
                ComplaintGroup.objects.filter(pk=plan.group.pk).update(
                    period_start=plan.group.period_start, period_end=plan.group.period_end
                )
            batch = InsertBatch()
            complaint = _create(
                batch, data, employer, plan, tracking_number, ids, code, due, source, today, recording
            )
            batch.add(_evidence_rows(complaint, checked, saved), complaint=complaint)
            if idempotency_key:
                batch.add(
                    IntakeSubmission(
                        key=idempotency_key,
                        fingerprint=fingerprint,
                        sealed_code=_seal(idempotency_key, code),
                        replay_until=timezone.now() + REPLAY_WINDOW,
                    ),
                    complaint=complaint,
                )
            _record_created(batch, complaint, code, len(checked), recording)
            batch.execute()
            if plan.is_new and candidates.group_peer is not None:  # the earlier case joins the new group
                Complaint.objects.filter(pk=candidates.group_peer["id"]).update(group=plan.group)
    except IntegrityError:
        _delete_files(saved)
        if idempotency_key and drawn is None:  # a concurrent retry with the same key won the race
            replay = _replay(idempotency_key, fingerprint if check_fingerprint else None)
            if replay is not None:
                return replay
        raise
    except BaseException:
        _delete_files(saved)
        raise
    return IntakeResult(complaint=complaint, access_code=code)


def _create(
    batch, data, employer, plan: _GroupPlan, tracking_number, ids, code, due, source, today, recording
) -> Complaint:
    """Add the complaint (with a new group, and its members) to the batch.

    With ``ids`` drawn in advance (PostgreSQL) the complaint and a new group are written with the
    batch; without (elsewhere) they are saved here first, so that the rows after them know their ids.
    """
    received_on = recording.received_on if recording is not None else today
    if plan.is_new and plan.group is not None:
        if ids is None:
            plan.group.save(force_insert=True)
        else:
            plan.group.pk = ids[1]
            batch.add(plan.group)
    complaint = Complaint(
        tracking_number=tracking_number,
        access_code_hash=hash_access_code(code),
        kind=data.kind,
        category=data.category,
        source=source,
        district=data.district,
        employer=employer,
        employer_name_given=data.employer_name,
        employer_credit_code_given=data.employer_credit_code,
        employer_address_given=data.employer_address,
        project_name=data.project_name,
        amount_owed=data.amount_owed,
        period_start=data.period_start,
        period_end=data.period_end,
        continuing=data.continuing,
        workers_affected=data.workers_affected,
        description=data.description,
        complainant_name=data.complainant_name,
        complainant_id_number=data.complainant_id_number,
        complainant_mobile=data.complainant_mobile,
        outside_limitation=not within_limitation(
            period_end=data.period_end, continuing=data.continuing, complained_on=received_on
        ),
        acceptance_due=due.date,
        acceptance_due_provisional=due.provisional,
        next_deadline=due.date,
    )
    if recording is not None:
        complaint.external_ref = recording.external_ref
        if received_on != today:
            complaint.received_at = _start_of(received_on)
    complaint.group = plan.group
    if ids is None:
        complaint.save(force_insert=True)
    else:
        complaint.pk = ids[0]
        batch.add(complaint)
    batch.add(
        [
            GroupMember(name=m.name, id_number=m.id_number, mobile=m.mobile, amount_owed=m.amount_owed)
            for m in data.members
        ],
        complaint=complaint,
    )
    return complaint


def _start_of(day: datetime.date) -> datetime.datetime:
    """Return the first moment of ``day`` in the bureau's time zone (a receipt known by its date only)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _record_created(
    batch: InsertBatch, complaint: Complaint, code: str, files: int, recording: StaffRecording | None
) -> None:
    changes: dict[str, Any] = {"files": files, "outside_limitation": complaint.outside_limitation}
    if recording is None:
        entry = audit_entry(
            subject=complaint,
            action="received",
            actor_kind=ActorKind.WORKER,
            to_status=CaseStatus.RECEIVED,
            changes=changes,
            public=True,
        )
    else:  # the staff member who recorded it, and the channel it came by
        changes |= {"source": complaint.source, "received_on": recording.received_on.isoformat()}
        if recording.external_ref:
            changes["external_ref"] = recording.external_ref
        entry = audit_entry(
            subject=complaint,
            action=recording.action,
            actor=recording.by,
            actor_kind=ActorKind.STAFF,
            to_status=CaseStatus.RECEIVED,
            reason=recording.reason,
            changes=changes | recording.changes,
            public=True,
        )
    batch.add(entry, complaint=complaint)
    kind_label = ComplaintKind(complaint.kind).label
    event_record(
        kind="case.created",
        text=_("New %(kind)s %(number)s (%(district)s)")
        % {"kind": kind_label, "number": complaint.tracking_number, "district": complaint.district.name},
        payload=case_event_payload(
            complaint,
            kind=complaint.kind,
            category=complaint.category,
            group_id=complaint.group_id,
            outside_limitation=complaint.outside_limitation,
            **({"actor_id": recording.by.pk} | recording.payload if recording is not None else {}),
        ),
        groups=[f"district-{complaint.district_id}"],
        recipients=_district_staff(complaint.district_id, connection.vendor),
        sms=_receipt_sms(complaint, code) if recording is None or recording.send_sms else [],
        batch=batch,
    )


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            pass


# --- worker-side actions on their own case -----------------------------------------------------------


def _case_event(complaint: Complaint, kind: str, text: str) -> None:
    assigned = list(complaint.inspectors.filter(is_active=True).only("id"))
    event_record(
        kind=kind,
        text=text,
        payload=case_event_payload(complaint),
        groups=case_groups(complaint),
        recipients=assigned,
    )


def complaint_add_evidence_by_worker(*, complaint: Complaint, uploads: list) -> list[Evidence]:
    """Attach more files from the worker; material arriving on a case waiting for it restarts acceptance.

    关于实施《劳动保障监察条例》若干规定 第十八条: the 5-working-day clock runs again from the day the
    supplementary material arrives.
    """
    if not uploads:
        raise ValidationError({"files": _("Choose at least one file.")})
    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().select_related("district").get(pk=complaint.pk)
            if locked.status not in OPEN_STATUSES:
                raise ValidationError(_("This case is closed; files can no longer be added."), code="closed")
            totals = locked.evidence.aggregate(n=Count("id"), size=Sum("size"))
            checked = check_files(
                list(uploads), existing_count=totals["n"] or 0, existing_bytes=totals["size"] or 0
            )
            rows = _store_evidence(locked, checked, saved)
            audit_record(
                subject=locked,
                action="evidence_added",
                actor_kind=ActorKind.WORKER,
                changes={"files": len(rows)},
                public=True,
            )
            if locked.status == CaseStatus.NEEDS_SUPPLEMENT:
                _supplement_arrived(locked)
            _case_event(
                locked,
                "case.evidence_added",
                _("The worker added %(n)d file(s) to %(number)s")
                % {"n": len(rows), "number": locked.tracking_number},
            )
    except BaseException:
        _delete_files(saved)
        raise
    return rows


def _supplement_arrived(complaint: Complaint) -> None:
    from_status = complaint.status
    complaint.supplement_received()
    due = add_working_days(timezone.localdate(), settings.WAGEWATCH["ACCEPTANCE_WORKING_DAYS"])
    complaint.acceptance_due, complaint.acceptance_due_provisional = due.date, due.provisional
    complaint.next_deadline = due.date
    complaint.save()
    audit_record(
        subject=complaint,
        action="supplement_received",
        actor_kind=ActorKind.WORKER,
        from_status=from_status,
        to_status=complaint.status,
        changes={"acceptance_due": due.date.isoformat(), "provisional": due.provisional},
        public=True,
    )


def complaint_withdraw_by_worker(*, complaint: Complaint, reason: str = "") -> Complaint:
    """Withdraw the worker's own complaint (before an order is issued); raise TransitionNotAllowed otherwise."""
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ValidationError({"reason": _("At most 500 characters.")})
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().select_related("district").get(pk=complaint.pk)
        if not can_proceed(locked.withdraw):
            raise TransitionNotAllowed(_("This case can no longer be withdrawn."))
        from_status = locked.status
        locked.withdraw()
        locked.next_deadline = None
        locked.save()
        audit_record(
            subject=locked,
            action="withdrawn",
            actor_kind=ActorKind.WORKER,
            from_status=from_status,
            to_status=locked.status,
            reason=reason,
            public=True,
        )
        _case_event(
            locked,
            "case.transitioned",
            _("The worker withdrew %(number)s") % {"number": locked.tracking_number},
        )
    return locked


def credit_code_for_staff(complaint: Complaint) -> str:
    """Return a warning for staff when the credit code given fails its checksum (kept, not refused)."""
    code = compact(complaint.employer_credit_code_given)
    if code and not check_credit_code(code).checksum_ok:
        return _("The credit code given (%(code)s) fails its checksum: check it with the employer.") % {
            "code": code
        }
    return ""
