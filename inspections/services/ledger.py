"""The enterprise ledger (台账): import CSV/XLSX files of employers and their workforce records.

An import is idempotent, keyed on the credit code: a row whose content is unchanged since the last
import writes nothing. A changed row updates the employer and its profile and adds a LedgerRecord
snapshot, flagging a headcount drop or a shortage spike against the previous values.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import geo
from core.choices import Sector
from core.identifiers import check_credit_code, normalise_employer_name
from core.models import District, Employer
from core.tabular import Row, RowError, read_table
from core.tabular import cell_text as _text

from ..choices import JobStatus, WagePaymentStatus
from ..models import EmployerProfile, Job, LedgerImport, LedgerRecord

logger = logging.getLogger("wagewatch.ledger")

CHUNK = 2000
MAX_ERRORS_KEPT = 5000
MAX_FILE_BYTES = 50 * 1024 * 1024
# A drop of this share of the headcount between two imports is an anomaly (possible layoffs).
HEADCOUNT_DROP_SHARE = Decimal("0.3")
# A shortage at least doubling and growing by this many workers is a spike.
SHORTAGE_SPIKE_MIN = 10

# Column -> accepted headers (English and the Chinese a bureau's spreadsheet uses).
COLUMNS: dict[str, tuple[str, ...]] = {
    "credit_code": ("credit_code", "统一社会信用代码", "信用代码"),
    "name": ("name", "单位名称", "企业名称"),
    "district_code": ("district_code", "区划代码", "所属区县代码"),
    "address": ("address", "地址", "单位地址"),
    "sector": ("sector", "行业"),
    "headcount": ("headcount", "职工人数", "用工人数"),
    "migrant_workers": ("migrant_workers", "农民工人数"),
    "shortage": ("shortage", "缺工人数"),
    "vacancies": ("vacancies", "空岗数", "岗位空缺"),
    "wage_payment_status": ("wage_payment_status", "工资支付状况"),
    "arrears_amount": ("arrears_amount", "欠薪金额"),
    "is_construction": ("is_construction", "是否工程项目"),
    "general_contractor": ("general_contractor", "总包单位"),
    "project_name": ("project_name", "项目名称"),
    "has_wage_account": ("has_wage_account", "农民工工资专用账户", "工资专户"),
    "has_wage_deposit": ("has_wage_deposit", "工资保证金"),
    "subcontract_depth": ("subcontract_depth", "分包层级"),
    "blacklisted_before": ("blacklisted_before", "曾列入黑名单"),
    "longitude": ("longitude", "lng", "lon", "经度"),
    "latitude": ("latitude", "lat", "纬度"),
    "coordinate_system": ("coordinate_system", "坐标系"),
}
REQUIRED = ("credit_code", "name", "district_code")
TRUE = {"1", "y", "yes", "true", "是", "有", "√"}
FALSE = {"", "0", "n", "no", "false", "否", "无", "×"}
SECTOR_ALIASES = {str(label): value for value, label in Sector.choices} | {
    "建筑": Sector.CONSTRUCTION,
    "工程建设": Sector.CONSTRUCTION,
    "制造": Sector.MANUFACTURING,
    "加工制造": Sector.MANUFACTURING,
    "餐饮": Sector.CATERING,
    "住宿餐饮": Sector.CATERING,
    "服务": Sector.CATERING,
    "物流": Sector.LOGISTICS,
    "批发零售": Sector.RETAIL,
    "其他": Sector.OTHER,
}
# The coordinate systems a ledger may give its positions in (converted to WGS-84 on import, core/geo.py).
# BD-09 (Baidu) is refused rather than guessed: export the positions from Baidu as GCJ-02 or WGS-84.
COORDINATE_SYSTEMS = {
    "wgs84": geo.WGS84,
    "wgs-84": geo.WGS84,
    "gps": geo.WGS84,
    "cgcs2000": geo.WGS84,  # the national datum (天地图); within centimetres of WGS-84
    "gcj02": geo.GCJ02,
    "gcj-02": geo.GCJ02,
    "火星坐标": geo.GCJ02,
    "国测局坐标": geo.GCJ02,
}
STATUS_ALIASES = {
    "按时": "on_time",
    "按时足额": "on_time",
    "延迟": "late",
    "拖欠": "arrears",
    "欠薪": "arrears",
    "": "unknown",
}


def _rows(path: str, name: str) -> tuple[int, Iterator[Row]]:
    """Return (estimated row count, iterator of data rows) of a CSV or XLSX file (core/tabular.py)."""
    return read_table(path, name, columns=COLUMNS, required=REQUIRED)


# ------------------------------------------------------------------------------------------------
# Validation of one row
# ------------------------------------------------------------------------------------------------


def _int(values: dict, field: str) -> int:
    raw = _text(values.get(field))
    if raw == "":
        return 0
    try:
        n = int(Decimal(raw))
    except (InvalidOperation, ValueError):
        raise RowError(field, _("Enter a whole number.")) from None
    if n < 0 or n > 10_000_000:
        raise RowError(field, _("Enter a number between 0 and 10,000,000."))
    return n


def _bool(values: dict, field: str) -> bool:
    raw = _text(values.get(field)).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise RowError(field, _("Enter yes or no (是/否)."))


def clean_row(values: dict, districts: dict[str, District]) -> tuple[dict, list[str]]:
    """Validate one row; return (clean values, warnings) or raise RowError naming the field."""
    warnings: list[str] = []
    code_raw = _text(values.get("credit_code"))
    if not code_raw:
        raise RowError("credit_code", _("The credit code is missing."))
    try:
        check = check_credit_code(code_raw)
    except ValidationError as exc:
        raise RowError("credit_code", exc.messages[0]) from None
    if not check.checksum_ok:
        warnings.append(
            _("The credit code's check character does not match; an inspector should confirm it.")
        )
    name = _text(values.get("name"))
    if not name:
        raise RowError("name", _("The employer's name is missing."))
    district = districts.get(_text(values.get("district_code")))
    if district is None:
        raise RowError("district_code", _("Unknown division code."))
    sector_raw = _text(values.get("sector"))
    sector = sector_raw if sector_raw in Sector.values else SECTOR_ALIASES.get(sector_raw)
    if sector_raw == "":
        sector = Sector.OTHER
    if sector is None:
        raise RowError("sector", _("Unknown sector."))
    status_raw = _text(values.get("wage_payment_status"))
    status = status_raw if status_raw in WagePaymentStatus.values else STATUS_ALIASES.get(status_raw)
    if status is None:
        raise RowError("wage_payment_status", _("Unknown wage payment status."))
    try:
        arrears = Decimal(_text(values.get("arrears_amount")) or "0").quantize(Decimal("0.01"))
    except InvalidOperation:
        raise RowError("arrears_amount", _("Enter an amount in yuan.")) from None
    if arrears < 0 or arrears > Decimal("1e11"):
        raise RowError("arrears_amount", _("Enter an amount in yuan."))
    clean: dict[str, Any] = {
        "credit_code": check.code,
        "checksum_ok": check.checksum_ok,
        "name": name[:200],
        "district": district,
        "address": _text(values.get("address"))[:255],
        "sector": sector,
        "headcount": _int(values, "headcount"),
        "migrant_workers": _int(values, "migrant_workers"),
        "shortage": _int(values, "shortage"),
        "vacancies": _int(values, "vacancies"),
        "wage_payment_status": status,
        "arrears_amount": arrears,
        "is_construction": _bool(values, "is_construction") or sector == Sector.CONSTRUCTION,
        "general_contractor": _text(values.get("general_contractor"))[:200],
        "project_name": _text(values.get("project_name"))[:200],
        "has_wage_account": _bool(values, "has_wage_account"),
        "has_wage_deposit": _bool(values, "has_wage_deposit"),
        "subcontract_depth": min(_int(values, "subcontract_depth"), 20),
        "blacklisted_before": _bool(values, "blacklisted_before"),
    }
    if clean["migrant_workers"] > clean["headcount"]:
        raise RowError("migrant_workers", _("More migrant workers than the headcount."))
    position = _position(values)
    if position is not None:  # only when given: a row without coordinates keeps the employer's position
        clean["latitude"], clean["longitude"] = position
    return clean, warnings


def _degrees(values: dict, field: str) -> Decimal | None:
    raw = _text(values.get(field))
    if raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise RowError(field, _("Enter decimal degrees, e.g. 121.614700.")) from None
    if not value.is_finite():
        raise RowError(field, _("Enter decimal degrees, e.g. 121.614700."))
    return value


def _position(values: dict) -> tuple[Decimal, Decimal] | None:
    """The row's position in WGS-84, from its longitude, latitude and coordinate system; None if none."""
    lng, lat = _degrees(values, "longitude"), _degrees(values, "latitude")
    if lng is None and lat is None:
        return None
    if lng is None or lat is None:
        raise RowError(
            "longitude" if lng is None else "latitude", _("Give both longitude and latitude, or neither.")
        )
    if not geo.in_china(float(lat), float(lng)):
        raise RowError(
            "latitude",
            _(
                "This position is not in China (latitude %(lat)s, longitude %(lng)s): are the two columns swapped?"
            )
            % {"lat": lat, "lng": lng},
        )
    raw = _text(values.get("coordinate_system")) or settings.LEDGER_COORDINATE_SYSTEM
    system = COORDINATE_SYSTEMS.get(raw.strip().lower().replace(" ", ""))
    if system is None:
        if not raw:
            message = _("Say which coordinate system the position is in (坐标系: WGS-84 or GCJ-02).")
        else:
            message = _("Unknown coordinate system; accepted: WGS-84 (GPS, 天地图) or GCJ-02 (高德, 腾讯).")
        raise RowError("coordinate_system", message)
    w_lat, w_lng = geo.to_wgs84(float(lat), float(lng), system)
    return Decimal(f"{w_lat:.6f}"), Decimal(f"{w_lng:.6f}")


def row_hash(clean: dict) -> str:
    parts = [str(clean[k].pk if k == "district" else clean[k]) for k in sorted(clean)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# ------------------------------------------------------------------------------------------------
# Services
# ------------------------------------------------------------------------------------------------


def ledger_import_create(*, upload: UploadedFile, uploaded_by) -> LedgerImport:
    """Store an uploaded ledger file and enqueue its import (on commit)."""
    name = (upload.name or "ledger").rsplit("/", 1)[-1][:200]
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ValidationError({"file": _("Upload a CSV or XLSX file.")})
    if upload.size and upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            {"file": ValidationError(_("The file is larger than 50 MB."), code="too_large")}
        )
    head = upload.read(4)
    upload.seek(0)
    if name.lower().endswith(".xlsx") and head != b"PK\x03\x04":
        raise ValidationError({"file": _("This is not an XLSX workbook.")})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        job = LedgerImport(
            original_name=name,
            sha256=digest.hexdigest(),
            uploaded_by=uploaded_by,
            job=Job.objects.create(kind="ledger"),
        )
        job.file.save(
            f"{digest.hexdigest()[:16]}-{timezone.now():%H%M%S%f}{name[-5:] if name.lower().endswith('.xlsx') else '.csv'}",
            upload,
            save=False,
        )
        job.save()
        from ..tasks import ledger_import_task

        transaction.on_commit(lambda: _enqueue(ledger_import_task, job.pk))
    return job


def _enqueue(task, *args) -> None:
    try:
        task.delay(*args)
    except Exception:  # broker down: the job stays queued; the page says so
        logger.warning("Could not enqueue %s%s", task.name, args)


def _progress(job: LedgerImport) -> None:
    from .jobs import job_progress

    LedgerImport.objects.filter(pk=job.pk).update(done=job.done, total=job.total, status=job.status)
    job_progress(job.job_id, done=job.done, total=job.total, status=job.status)


def ledger_import_run(*, import_id: int) -> LedgerImport:
    """Run an import: validate every row, keep the valid ones, report errors by row and field."""
    job = LedgerImport.objects.get(pk=import_id)
    if job.status == JobStatus.DONE:
        return job  # a retried task must not import twice
    job.status, job.errors, job.warnings = JobStatus.RUNNING, [], []
    job.done = job.created_count = job.changed_count = job.unchanged_count = job.error_count = 0
    try:
        total, rows = _rows(job.file.path, job.original_name)
    except ValidationError as exc:
        return _fail(job, exc.messages[0])
    except Exception as exc:  # a corrupt workbook
        logger.warning("Ledger import %s unreadable: %s", job.pk, type(exc).__name__)
        return _fail(job, _("The file could not be read."))
    job.total = total
    _progress(job)
    districts = {d.code: d for d in District.objects.all()}
    seen: dict[str, int] = {}
    batch: list[tuple[Row, dict]] = []
    for row in rows:
        try:
            clean, warnings = clean_row(row.values, districts)
            if clean["credit_code"] in seen:
                raise RowError(
                    "credit_code",
                    _("The same credit code is already in row %(row)s.")
                    % {"row": seen[clean["credit_code"]]},
                )
            seen[clean["credit_code"]] = row.number
            for w in warnings:
                _note(job.warnings, row.number, "credit_code", w)
            batch.append((row, clean))
        except RowError as exc:
            job.error_count += 1
            _note(job.errors, row.number, exc.field, exc.message)
        job.done += 1
        if len(batch) >= CHUNK:
            _apply(job, batch)
            batch = []
            _progress(job)
    if batch:
        _apply(job, batch)
    job.total = job.done
    job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.save()
    _progress(job)
    return job


def _insert(model, rows: list[dict]) -> None:
    """Insert new rows given as {attname: value}: COPY on PostgreSQL (no model instances), bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**r) for r in rows], batch_size=1000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    columns = ", ".join(f'"{f.column}"' for f in fields)
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for r in rows:
                copy.write_row([r[n] if n in r else defaults[n] for n in names])


EMPLOYER_FIELDS = {
    "name": "name",
    "address": "address",
    "sector": "sector",
    "headcount": "headcount",
    "migrant_worker_count": "migrant_workers",
    "is_construction_project": "is_construction",
    "has_wage_account": "has_wage_account",
    "has_wage_deposit": "has_wage_deposit",
    "credit_code_checksum_ok": "checksum_ok",
}
PROFILE_FIELDS = (
    "general_contractor",
    "project_name",
    "subcontract_depth",
    "blacklisted_before",
    "shortage",
    "vacancies",
    "wage_payment_status",
    "arrears_amount",
)


def _employer_values(c: dict) -> dict:
    values = {attr: c[key] for attr, key in EMPLOYER_FIELDS.items()}
    if "latitude" in c:
        values["latitude"], values["longitude"] = c["latitude"], c["longitude"]
    values["normalised_name"] = normalise_employer_name(c["name"])
    values["district_id"] = c["district"].pk
    return values


def _note(target: list, row: int, field: str, message: str) -> None:
    if len(target) < MAX_ERRORS_KEPT:
        target.append({"row": row, "field": field, "message": str(message)})


def _fail(job: LedgerImport, message: str) -> LedgerImport:
    job.status, job.message, job.finished_at = JobStatus.FAILED, message[:255], timezone.now()
    job.save()
    _progress(job)
    return job


@transaction.atomic
def _apply(job: LedgerImport, batch: list[tuple[Row, dict]]) -> None:
    """Write one chunk: create new employers, update changed ones, snapshot the changes.

    Same fields and checks as core.services.employer_create (credit code checked, name normalised),
    written in bulk: one row at a time through the ORM is far too slow for a 100,000-row ledger.
    """
    now = timezone.now()
    codes = [c["credit_code"] for _r, c in batch]
    known: dict[str, tuple[int, int | None]] = {
        code: (pk, head)
        for code, pk, head in Employer.objects.filter(credit_code__in=codes).values_list(
            "credit_code", "pk", "headcount"
        )
    }
    new = [c for _r, c in batch if c["credit_code"] not in known]
    if new:
        _insert(
            Employer,
            [
                _employer_values(c) | {"credit_code": c["credit_code"], "created_at": now, "updated_at": now}
                for c in new
            ],
        )
        for code, pk in Employer.objects.filter(credit_code__in=[c["credit_code"] for c in new]).values_list(
            "credit_code", "pk"
        ):
            known[code] = (pk, None)
        job.created_count += len(new)
    profiles = {
        eid: (pid, h, shortage)
        for eid, pid, h, shortage in EmployerProfile.objects.filter(
            employer_id__in=[pk for pk, _h in known.values()]
        ).values_list("employer_id", "pk", "record_hash", "shortage")
    }
    changed_emp: dict[int, dict] = {}
    changed_prof: dict[int, dict] = {}
    new_prof, records = [], []
    for row, c in batch:
        pk, old_head = known[c["credit_code"]]
        h = row_hash(c)
        prof = profiles.get(pk)
        if prof is not None and prof[1] == h:
            job.unchanged_count += 1
            continue
        drop = (
            old_head is not None
            and old_head != 0
            and Decimal(old_head - c["headcount"]) >= HEADCOUNT_DROP_SHARE * old_head
        )
        spike = prof is not None and c["shortage"] >= max(2 * prof[2], prof[2] + SHORTAGE_SPIKE_MIN)
        drop = drop and prof is not None
        if old_head is not None:
            changed_emp[pk] = _employer_values(c)
        values = {f: c[f] for f in PROFILE_FIELDS} | {
            "headcount_drop": drop,
            "shortage_spike": spike,
            "record_hash": h,
        }
        if prof is None:
            new_prof.append(values | {"employer_id": pk, "updated_at": now})
        else:
            changed_prof[prof[0]] = values
        records.append(
            {
                "employer_id": pk,
                "ledger_import_id": job.pk,
                "row_number": row.number,
                "headcount": c["headcount"],
                "migrant_worker_count": c["migrant_workers"],
                "is_construction_project": c["is_construction"],
                "has_wage_account": c["has_wage_account"],
                "has_wage_deposit": c["has_wage_deposit"],
                "headcount_drop": drop,
                "shortage_spike": spike,
                "recorded_at": now,
            }
            | {
                f: c[f]
                for f in (
                    "shortage",
                    "vacancies",
                    "wage_payment_status",
                    "arrears_amount",
                    "general_contractor",
                    "project_name",
                    "subcontract_depth",
                )
            }
        )
    _update(Employer, changed_emp, now)
    _update(EmployerProfile, changed_prof, now)
    _insert(EmployerProfile, new_prof)
    _insert(LedgerRecord, records)
    job.changed_count += len(records)
    LedgerImport.objects.filter(pk=job.pk).update(
        created_count=job.created_count,
        changed_count=job.changed_count,
        unchanged_count=job.unchanged_count,
        error_count=job.error_count,
    )


def _update(model, changes: dict[int, dict], now) -> None:
    """Apply changed values to existing rows (small batches: bulk_update's CASE grows with the batch)."""
    if not changes:
        return
    objs = model.objects.in_bulk(list(changes))
    fields = sorted({k for v in changes.values() for k in v} | {"updated_at"})
    for pk, values in changes.items():
        obj = objs[pk]
        for k, v in values.items():
            setattr(obj, k, v)
        obj.updated_at = now
    model.objects.bulk_update(list(objs.values()), fields, batch_size=100)
