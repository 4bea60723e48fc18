"""Export the campaign figures in the layout a bureau reports upward: one row per district, a total row.

Counts are written as whole numbers, amounts of money with two decimals. The time on an export is the
time its figures were computed (``as_of`` of the selector), never the time of the download.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Campaign
from ..selectors import dashboard_figures

Cell = str | int | Decimal


def _number(value: Decimal, count: bool) -> int | Decimal:
    return int(value) if count else value.quantize(Decimal("0.01"))


def _table(fig: dict) -> tuple[list[str], list[list[Cell]], list[str], list[list[Cell]]]:
    keys = [(m["key"], m["count"]) for m in fig["metrics"]]
    header = [_("District")] + [str(m["label"]) for m in fig["metrics"]]
    rows: list[list[Cell]] = [
        [d["name"]] + [_number(d["values"][k], c) for k, c in keys] for d in fig["districts"]
    ]
    rows.append([_("Total")] + [_number(fig["totals"][k], c) for k, c in keys])
    week_header = [_("Week from")] + header[1:]
    weeks: list[list[Cell]] = [
        [w["week"].isoformat()] + [_number(w["values"][k], c) for k, c in keys] for w in fig["weeks"]
    ]
    return header, rows, week_header, weeks


def _stamp(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else "—"


def _title(campaign: Campaign, fig: dict) -> list[str]:
    return [
        _("%(name)s: progress report") % {"name": campaign.name},
        _("Period %(start)s to %(end)s; figures as of %(as_of)s")
        % {"start": campaign.starts_on, "end": campaign.ends_on, "as_of": _stamp(fig["as_of"])},
    ]


def _computed_row(fig: dict) -> list[str]:
    return [_("Computed at")] + [_stamp(m["computed_at"]) for m in fig["metrics"]]


def figures_csv(*, campaign: Campaign, fig: dict | None = None) -> str:
    fig = fig or dashboard_figures(campaign=campaign)
    header, rows, week_header, weeks = _table(fig)
    out = io.StringIO()
    w = csv.writer(out)
    for line in _title(campaign, fig):
        w.writerow([line])
    w.writerow(header)
    w.writerows(rows)
    w.writerow(_computed_row(fig))
    w.writerow([])
    w.writerow(week_header)
    w.writerows(weeks)
    return "\ufeff" + out.getvalue()  # BOM: spreadsheet programs open it as UTF-8


def figures_xlsx(*, campaign: Campaign, fig: dict | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    fig = fig or dashboard_figures(campaign=campaign)
    header, rows, week_header, weeks = _table(fig)
    counts = [m["count"] for m in fig["metrics"]]
    wb = Workbook()
    thin = Side(style="thin", color="999999")
    for ws, head, body, title in (
        (wb.active, header, rows, _("By district")),
        (wb.create_sheet(), week_header, weeks, _("By week")),
    ):
        ws.title = title
        lines = _title(campaign, fig)
        ws.append([lines[0]])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append([lines[1]])
        ws.append(head)
        for row in body:
            ws.append(row)
        for r in ws.iter_rows(min_row=4, max_row=3 + len(body), min_col=2):
            for cell, count in zip(r, counts, strict=False):
                cell.number_format = "#,##0" if count else "#,##0.00"
        for r in ws.iter_rows(min_row=3, max_row=3 + len(body)):
            for cell in r:
                cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="F2DCDB")
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if ws.title == _("By district"):
            for cell in ws[3 + len(body)]:
                cell.font = Font(bold=True)
            ws.append(_computed_row(fig))
        for i in range(1, len(head) + 1):
            ws.column_dimensions[get_column_letter(i)].width = 14 if i > 1 else 16
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def figures_pdf(*, campaign: Campaign, fig: dict | None = None) -> bytes:
    """The progress report as an A4 landscape PDF in the documents' embedded font, every column on the page."""
    from documents.rendering import ReportTable, render_report

    fig = fig or dashboard_figures(campaign=campaign)
    header, rows, week_header, weeks = _table(fig)
    computed: list[Cell] = [_("Computed at")]
    computed += [
        timezone.localtime(m["computed_at"]).strftime("%m-%d\n%H:%M:%S") if m["computed_at"] else "—"
        for m in fig["metrics"]
    ]
    title, subtitle = _title(campaign, fig)
    return render_report(
        title=title,
        subtitle=subtitle,
        tables=[
            ReportTable(heading="", header=header, rows=rows + [computed], shaded_row=len(rows)),
            ReportTable(heading=_("By week"), header=week_header, rows=weeks, empty=_("No activity yet.")),
        ],
    )
