"""Import clues handed down to the bureau by the national wage-arrears clue platform or the 12345 hotline.

Each row of a CSV or XLSX file (layout: docs/clue-import.md, template from ``clue_template_xlsx`` and
``clue_template_csv``) becomes an anonymous-kind clue through the worker's own intake
(``intake_clean`` then ``complaint_file``), with the origin as its ``source`` and the origin's number as
its ``external_ref``. The pair is unique in the database, so a file imported twice creates nothing the
second time: rows already imported are counted and skipped.

All or nothing: every row is checked first; if any row is wrong nothing is imported and every error is
reported with its row and column. Only a file without errors is written, in one transaction.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import District, User
from core.tabular import Row, RowError, cell_text, read_table

from ..choices import Category, ClueOrigin, ComplaintKind, Source
from ..models import Complaint
from .intake import IntakeData, StaffRecording, complaint_file, intake_clean
from .staff_filing import receipt_date_check

# Column key -> (the template's Chinese header, other headers accepted). The first is what the template
# writes and what an error names.
COLUMNS: dict[str, tuple[str, ...]] = {
    "origin": ("来源", "线索来源", "origin"),
    "external_ref": ("线索编号", "工单号", "编号", "external_ref"),
    "received_on": ("交办日期", "受理日期", "received_on"),
    "employer_name": ("被反映单位名称", "用人单位名称", "单位名称", "employer_name"),
    "employer_credit_code": ("统一社会信用代码", "信用代码", "employer_credit_code"),
    "employer_address": ("单位地址", "用人单位地址", "employer_address"),
    "district": ("区划代码", "所属区县", "district"),
    "project_name": ("项目名称", "project_name"),
    "workers_affected": ("涉及人数", "workers_affected"),
    "amount_owed": ("欠薪金额（元）", "欠薪金额", "amount_owed"),
    "period_start": ("欠薪开始日期", "period_start"),
    "period_end": ("欠薪截止日期", "period_end"),
    "description": ("线索内容", "反映内容", "description"),
    "name": ("反映人姓名", "name"),
    "mobile": ("联系电话", "mobile"),
}
REQUIRED = ("origin", "external_ref", "employer_name", "district", "description")
HEADERS = {key: aliases[0] for key, aliases in COLUMNS.items()}
# What each column holds, for the template's second sheet and the documentation.
COLUMN_HELP: dict[str, Any] = {
    "origin": gettext_lazy("Required. 全国根治欠薪线索反映平台 (or 平台) or 12345热线 (or 12345)."),
    "external_ref": gettext_lazy("Required. The clue's number on the platform or the 12345 ticket number."),
    "received_on": gettext_lazy("The day it was handed down (YYYY-MM-DD); empty: today."),
    "employer_name": gettext_lazy("Required. The employer reported."),
    "employer_credit_code": gettext_lazy("Optional. 18 characters."),
    "employer_address": gettext_lazy("Optional."),
    "district": gettext_lazy("Required. The workplace's division code (e.g. 210211) or district name."),
    "project_name": gettext_lazy("Optional. Construction project or site."),
    "workers_affected": gettext_lazy("Optional. A whole number; empty: 1."),
    "amount_owed": gettext_lazy("Optional. Yuan, at most two decimals."),
    "period_start": gettext_lazy("Optional. YYYY-MM-DD."),
    "period_end": gettext_lazy("Optional. YYYY-MM-DD."),
    "description": gettext_lazy("Required. What was reported."),
    "name": gettext_lazy("Optional. The reporter's name, when the clue gives one."),
    "mobile": gettext_lazy("Optional. The reporter's mobile (11 digits); no SMS is sent."),
}
ORIGINS = {
    "全国根治欠薪线索反映平台": ClueOrigin.PLATFORM,
    "根治欠薪线索反映平台": ClueOrigin.PLATFORM,
    "线索平台": ClueOrigin.PLATFORM,
    "平台": ClueOrigin.PLATFORM,
    "platform": ClueOrigin.PLATFORM,
    "12345热线": ClueOrigin.HOTLINE,
    "12345": ClueOrigin.HOTLINE,
}
ORIGIN_SOURCE = {ClueOrigin.PLATFORM: Source.CLUE_PLATFORM, ClueOrigin.HOTLINE: Source.HOTLINE}
# 2026-12-01, 2026/12/01, 2026.12.1, 2026年12月1日 (a date cell of a workbook arrives as a date).
DATE_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


@dataclass
class RowProblem:
    row: int
    column: str
    message: str

    def text(self) -> str:
        return _("Row %(row)d, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ClueImportResult:
    created: list[Complaint] = field(default_factory=list)
    already: int = 0  # rows imported before (same origin and number)
    errors: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Clue:
    row: int
    source: str
    external_ref: str
    received_on: datetime.date
    data: IntakeData


# --- reading and checking --------------------------------------------------------------------------


def _date(value: object, key: str) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    match = DATE_RE.fullmatch(text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise RowError(key, _("Enter a date as YYYY-MM-DD."))


def _district(value: object, districts: dict[str, District]) -> District | None:
    text = cell_text(value)
    if not text:
        return None
    district = districts.get(text)
    if district is None:
        raise RowError("district", _("Unknown division code or district name."))
    return district


def _check_row(row: Row, districts: dict[str, District], by: User) -> _Clue:
    """Return the row as a clue ready to file, or raise ValidationError/RowError naming its columns."""
    values = row.values
    origin = ORIGINS.get(cell_text(values.get("origin")).lower())
    errors: dict[str, str] = {}
    if origin is None:
        errors["origin"] = _("Enter 全国根治欠薪线索反映平台 or 12345热线.")
    external_ref = cell_text(values.get("external_ref"))
    if not external_ref:
        errors["external_ref"] = _("Enter the clue's number.")
    elif len(external_ref) > 64:
        errors["external_ref"] = _("At most 64 characters.")
    raw: dict[str, Any] = {"kind": ComplaintKind.CLUE, "category": Category.WAGE_ARREARS}
    for key in ("employer_name", "employer_credit_code", "employer_address", "project_name", "description"):
        raw[key] = cell_text(values.get(key))
    raw["name"], raw["mobile"] = cell_text(values.get("name")), cell_text(values.get("mobile"))
    raw["workers_affected"] = cell_text(values.get("workers_affected")) or 1
    raw["amount_owed"] = cell_text(values.get("amount_owed"))
    received_on = timezone.localdate()
    for key in ("period_start", "period_end", "received_on", "district"):
        try:
            if key == "district":
                raw["district"] = _district(values.get(key), districts)
            elif key == "received_on":
                received_on = _date(values.get(key), key) or received_on
            else:
                raw[key] = _date(values.get(key), key)
        except RowError as exc:
            errors[exc.field] = exc.message
    errors |= receipt_date_check(received_on)
    data = None
    try:
        data = intake_clean(raw)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, messages[0])
    if data is not None and not by.has_perm("complaints.record_complaint", data.district):
        errors["district"] = _("You may not import clues for this district.")
    if errors or data is None or origin is None:
        raise ValidationError(errors)
    return _Clue(row.number, ORIGIN_SOURCE[origin], external_ref, received_on, data)


def _column(key: str) -> str:
    # intake_clean's field names that are not columns: the row's own rules.
    return HEADERS.get({"employer": "employer_name", "members": "workers_affected"}.get(key, key), key)


def clue_import_check(*, upload: IO[bytes], name: str, by: User) -> tuple[list[_Clue], int, list[RowProblem]]:
    """Read and check every row; return (clues to file, rows already imported, problems)."""
    try:
        _total, rows = read_table(upload, name, columns=COLUMNS, required=REQUIRED, labels=HEADERS)
    except ValidationError as exc:
        return [], 0, [RowProblem(1, "", exc.messages[0])]
    districts: dict[str, District] = {}
    for d in District.objects.all():
        districts[d.code] = districts[d.name] = d
    clues: list[_Clue] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str], int] = {}
    limit = settings.WAGEWATCH["CLUE_IMPORT_MAX_ROWS"]
    for count, row in enumerate(rows, start=1):
        if count > limit:
            problems.append(RowProblem(row.number, "", _("At most %(n)d rows per file.") % {"n": limit}))
            break
        try:
            clue = _check_row(row, districts, by)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                problems.append(RowProblem(row.number, _column(field_name), messages[0]))
            continue
        key = (clue.source, clue.external_ref)
        if key in seen:
            problems.append(
                RowProblem(
                    row.number,
                    HEADERS["external_ref"],
                    _("The same clue is already in row %(row)d.") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = row.number
        clues.append(clue)
    if not clues and not problems:
        problems.append(RowProblem(1, "", _("The file has no rows to import.")))
    known = _already_imported(clues)
    return [c for c in clues if (c.source, c.external_ref) not in known], len(known), problems


def _already_imported(clues: list[_Clue]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for source in {c.source for c in clues}:
        refs = [c.external_ref for c in clues if c.source == source]
        found |= {
            (source, ref)
            for ref in Complaint.objects.filter(source=source, external_ref__in=refs).values_list(
                "external_ref", flat=True
            )
        }
    return found


# --- the import ------------------------------------------------------------------------------------


def clues_import(*, upload: IO[bytes], name: str, by: User) -> ClueImportResult:
    """Import a file of handed-down clues: all its new rows, or none when a row is wrong.

    Raise PermissionDenied when ``by`` may not import clues. Rows imported before (same origin and
    number) are skipped; two imports of one file at the same time import it once (the database's unique
    constraint makes the later one fail whole, and it reports the rows as already imported when re-run).
    """
    if not by.has_perm("complaints.import_clues"):
        raise PermissionDenied(_("Only managers import clues."))
    if getattr(upload, "size", 0) > settings.WAGEWATCH["CLUE_IMPORT_MAX_BYTES"]:
        mb = settings.WAGEWATCH["CLUE_IMPORT_MAX_BYTES"] // (1024 * 1024)
        return ClueImportResult(
            errors=[RowProblem(1, "", _("The file is larger than %(mb)d MB.") % {"mb": mb})]
        )
    clues, already, problems = clue_import_check(upload=upload, name=name, by=by)
    if problems:
        return ClueImportResult(already=already, errors=problems)
    result = ClueImportResult(already=already)
    try:
        with transaction.atomic():
            for clue in clues:
                filed = complaint_file(
                    data=clue.data,
                    source=clue.source,
                    recording=StaffRecording(
                        by=by,
                        received_on=clue.received_on,
                        external_ref=clue.external_ref,
                        reason=_("Imported by %(user)s from %(file)s, row %(row)d")
                        % {"user": by, "file": name[:100], "row": clue.row},
                        changes={"import_file": name[:100], "import_row": clue.row},
                    ),
                )
                result.created.append(filed.complaint)
    except IntegrityError:
        return ClueImportResult(
            errors=[
                RowProblem(1, "", _("Some of these clues were imported meanwhile; import the file again."))
            ]
        )
    return result


# --- the template ----------------------------------------------------------------------------------

EXAMPLE = {
    "origin": "全国根治欠薪线索反映平台",
    "external_ref": "XS2026120100001",
    "received_on": "2026-12-01",
    "employer_name": "大连某某建筑工程有限公司",
    "employer_credit_code": "91110108551385082Q",
    "employer_address": "甘井子区某某路1号",
    "district": "210211",
    "project_name": "某小区二期",
    "workers_affected": "12",
    "amount_owed": "186000",
    "period_start": "2026-06-01",
    "period_end": "2026-10-31",
    "description": "反映该项目拖欠12名农民工工资约18.6万元。",
    "name": "",
    "mobile": "",
}


def clue_template_xlsx() -> bytes:
    """Return the XLSX template: the header row on the first sheet, what each column holds on the second."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "线索"
    ws.append([HEADERS[k] for k in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, key in enumerate(COLUMNS, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = max(12, len(HEADERS[key]) * 2 + 4)
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("说明")
    notes.append([_("Column"), _("What it holds"), _("Example")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for key in COLUMNS:
        notes.append([HEADERS[key], str(COLUMN_HELP[key]), EXAMPLE[key]])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 70
    notes.column_dimensions["C"].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def clue_template_csv() -> bytes:
    """Return the CSV template: the header row, UTF-8 with a BOM so that Excel opens it in Chinese."""
    out = io.StringIO()
    csv.writer(out).writerow([HEADERS[k] for k in COLUMNS])
    return out.getvalue().encode("utf-8-sig")
