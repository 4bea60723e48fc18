"""Export the campaign figures in the layout a bureau reports upward: one row per district, a total row."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Campaign
from ..selectors import dashboard_figures


def _table(campaign: Campaign) -> tuple[list[str], list[list], list[str], list[list]]:
    fig = dashboard_figures(campaign=campaign)
    keys = [m["key"] for m in fig["metrics"]]
    header = [_("District")] + [str(m["label"]) for m in fig["metrics"]]
    rows = [[d["name"]] + [float(d["values"][k]) for k in keys] for d in fig["districts"]]
    rows.append([_("Total")] + [float(fig["totals"][k]) for k in keys])
    week_header = [_("Week from")] + header[1:]
    weeks = [[w["week"].isoformat()] + [float(w["values"][k]) for k in keys] for w in fig["weeks"]]
    return header, rows, week_header, weeks


def _title(campaign: Campaign) -> list[str]:
    return [
        _("%(name)s: progress report") % {"name": campaign.name},
        _("Period %(start)s to %(end)s; as of %(now)s")
        % {
            "start": campaign.starts_on,
            "end": campaign.ends_on,
            "now": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        },
    ]


def figures_csv(*, campaign: Campaign) -> str:
    header, rows, week_header, weeks = _table(campaign)
    out = io.StringIO()
    w = csv.writer(out)
    for line in _title(campaign):
        w.writerow([line])
    w.writerow(header)
    w.writerows(rows)
    w.writerow([])
    w.writerow(week_header)
    w.writerows(weeks)
    return "\ufeff" + out.getvalue()  # BOM: spreadsheet programs open it as UTF-8


def figures_xlsx(*, campaign: Campaign) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    header, rows, week_header, weeks = _table(campaign)
    wb = Workbook()
    thin = Side(style="thin", color="999999")
    for ws, head, body, title in (
        (wb.active, header, rows, _("By district")),
        (wb.create_sheet(), week_header, weeks, _("By week")),
    ):
        ws.title = title
        lines = _title(campaign)
        ws.append([lines[0]])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append([lines[1]])
        ws.append(head)
        for row in body:
            ws.append(row)
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
        for i in range(1, len(head) + 1):
            ws.column_dimensions[get_column_letter(i)].width = 14 if i > 1 else 16
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
