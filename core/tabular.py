"""Read the rows of an uploaded table (CSV or XLSX) by column, whatever the order of its columns.

Shared by the imports (the enterprise ledger, clues handed down to the bureau): each import declares
its columns with the headers it accepts (English and the Chinese a bureau's spreadsheet uses) and
which are required; rows come back numbered as the spreadsheet numbers them (the header is row 1), so
that an error can name the row and the column a person sees.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass
class Row:
    number: int
    values: dict


class RowError(Exception):
    """A row's value that cannot be imported: the column (its key) and what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def cell_text(value: object) -> str:
    """Return a cell as stripped text (a whole number read from a workbook as 12.0 gives "12")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def header_map(
    header: Sequence, columns: Mapping[str, Sequence[str]], required: Sequence[str], labels: Mapping[str, str]
) -> dict[str, int]:
    """Return the position of each known column in the header row; raise when a required one is missing."""
    lookup = {alias.lower(): col for col, aliases in columns.items() for alias in aliases}
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = lookup.get(str(cell or "").strip().lower())
        if key and key not in found:
            found[key] = i
    missing = [labels.get(c, c) for c in required if c not in found]
    if missing:
        raise ValidationError(_("The file has no column for: %(cols)s.") % {"cols": ", ".join(missing)})
    return found


def read_table(
    source: str | IO[bytes],
    name: str,
    *,
    columns: Mapping[str, Sequence[str]],
    required: Sequence[str] = (),
    labels: Mapping[str, str] | None = None,
) -> tuple[int, Iterator[Row]]:
    """Return (estimated row count, iterator of non-empty data rows) of a CSV or XLSX file.

    ``source`` is a path or a binary file; ``name`` (the uploaded file's name) tells XLSX from CSV.
    A CSV may be UTF-8 (with or without BOM) or GB18030, as Excel saves it in China. ``labels`` names
    the columns in the message about a missing one. Raise ValidationError when the file cannot be read
    or lacks a required column.
    """
    labels = labels or {}
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(source, columns, required, labels)
    if isinstance(source, str):
        with open(source, "rb") as fh:
            raw = fh.read()
    else:
        raw = source.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    try:
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None) or []
        cols = header_map(header, columns, required, labels)
        lines = list(reader)
    except csv.Error as exc:
        raise ValidationError(_("The CSV file could not be read.")) from exc

    def gen_csv() -> Iterator[Row]:
        for n, values in enumerate(lines, start=2):
            if not any((v or "").strip() for v in values):
                continue
            yield Row(n, {k: values[i] if i < len(values) else None for k, i in cols.items()})

    return len(lines), gen_csv()


def _read_xlsx(
    source: str | IO[bytes],
    columns: Mapping[str, Sequence[str]],
    required: Sequence[str],
    labels: Mapping[str, str],
) -> tuple[int, Iterator[Row]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ValidationError(_("The file is not a readable XLSX workbook.")) from exc
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header = next(it, None) or []
    try:
        cols = header_map(list(header), columns, required, labels)
    except ValidationError:
        wb.close()
        raise
    total = max((ws.max_row or 1) - 1, 0)

    def gen() -> Iterator[Row]:
        try:
            for n, values in enumerate(it, start=2):
                if not any(v not in (None, "") for v in values):
                    continue
                yield Row(n, {k: values[i] if i < len(values) else None for k, i in cols.items()})
        finally:
            wb.close()

    return total, gen()
