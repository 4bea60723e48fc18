"""The shared pieces of every document's PDF: the embedded font, the office's header, the number,
the addressee, the right-to-appeal clause, and the date under the seal.

The font is a TrueType file shipped with the project; reportlab embeds the subset of glyphs used, so
a document prints the same on any machine.
"""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from .seal import FONT_FILE, SEAL_FOOTER, seal_png

FONT = "WenQuanYiMicroHei"
RED = colors.HexColor("#c8101e")
_registered = False


def register_font() -> None:
    """Register the vendored CJK TrueType font once (reportlab subsets and embeds it)."""
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
        _registered = True


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=21, wordWrap="CJK", firstLineIndent=24)
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    return {
        "body": body,
        "plain": plain,
        "office": ParagraphStyle(
            "office", parent=plain, fontSize=22, leading=30, alignment=TA_CENTER, textColor=RED
        ),
        "title": ParagraphStyle("title", parent=plain, fontSize=19, leading=28, alignment=TA_CENTER),
        "number": ParagraphStyle("number", parent=plain, fontSize=11, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=plain, fontSize=13, leading=22, spaceBefore=6, spaceAfter=2),
        "small": ParagraphStyle(
            "small", parent=plain, fontSize=9.5, leading=14, textColor=colors.HexColor("#444444")
        ),
        "right": ParagraphStyle("right", parent=plain, alignment=TA_RIGHT),
    }


STYLES: dict[str, ParagraphStyle] = {}


def style(name: str) -> ParagraphStyle:
    register_font()
    if not STYLES:
        STYLES.update(_styles())
    return STYLES[name]


def para(text: object, name: str = "body") -> Paragraph:
    """Return a paragraph of plain text (escaped; line breaks kept) in one of the document styles."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style(name))


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def due_text(day: datetime.date, *, provisional: bool) -> str:
    """Return a deadline as printed; one computed without the year's holiday schedule says so."""
    if provisional:
        return _("%(date)s (provisional: the holiday schedule for %(year)s is not yet published)") % {
            "date": chinese_date(day),
            "year": day.year,
        }
    return chinese_date(day)


def appeal_clause(office, title: str) -> str:
    """Return the right-to-appeal clause (行政复议法 第二十条; 行政诉讼法 第四十六条)."""
    return _(
        "If you disagree with this %(title)s, you may apply for administrative review to the people's "
        "government of %(district)s within 60 days of receiving it (Administrative Review Law, article 20), "
        "or bring an administrative lawsuit before a people's court within 6 months (Administrative "
        "Litigation Law, article 46)."
    ) % {"title": title, "district": office.district.name}


class _RedRule(Flowable):
    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, 4 * mm

    def draw(self):
        self.canv.setStrokeColor(RED)
        self.canv.setLineWidth(1.6)
        self.canv.line(0, 2 * mm, self.width, 2 * mm)


class SignatureBlock(Flowable):
    """The office's name and the date at the right, with the seal stamped over them."""

    def __init__(self, office_name: str, day: datetime.date, seal):
        super().__init__()
        self.office_name, self.day, self.seal = office_name, day, seal

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, 44 * mm

    def draw(self):
        c = self.canv
        right = self.width - 6 * mm
        c.setFont(FONT, 12.5)
        c.setFillColor(colors.black)
        c.drawRightString(right, 24 * mm, self.office_name)
        c.drawRightString(right, 16 * mm, chinese_date(self.day))
        size = 40 * mm
        name_width = pdfmetrics.stringWidth(self.office_name, FONT, 12.5)
        x = right - name_width / 2 - size / 2
        c.drawImage(self.seal, x, 1 * mm, width=size, height=size, mask="auto")


def seal_image(office):
    """Return the office's uploaded seal, or one drawn with its name (the demo seal) when none is uploaded."""
    if office.seal:
        try:
            return office.seal.path
        except (NotImplementedError, ValueError):
            pass
    return ImageReader(io.BytesIO(_drawn_seal(office.full_name)))


@functools.lru_cache(maxsize=32)
def _drawn_seal(name: str) -> bytes:
    return seal_png(name, footer=SEAL_FOOTER)


def _footer(office):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        parts = [office.full_name, office.address, office.phone]
        canvas.drawCentredString(A4[0] / 2, 12 * mm, "　".join(p for p in parts if p))
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"{doc.page}")
        canvas.restoreState()

    return draw


def render_document(
    *,
    office,
    title: str,
    number: str,
    addressee: Sequence,
    body: Sequence,
    appeal: bool,
    issued_on: datetime.date,
) -> bytes:
    """Return the PDF: header of the office, title, number, addressee, body, appeal clause, date, seal."""
    register_font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=26 * mm,
        rightMargin=26 * mm,
        topMargin=22 * mm,
        bottomMargin=22 * mm,
        title=f"{title} {number}",
        author=office.full_name,
        # The canvas starts in the vendored font: no unembedded standard font (Helvetica) is referenced.
        initialFontName=FONT,
        lang="zh-CN",
    )
    story = [para(office.full_name, "office"), _RedRule(), Spacer(1, 4 * mm), para(title, "title")]
    story += [para(number, "number"), Spacer(1, 6 * mm)]
    story += [x if isinstance(x, Flowable) else para(x, "plain") for x in addressee]
    story.append(Spacer(1, 3 * mm))
    story += [x if isinstance(x, Flowable) else para(x) for x in body]
    if appeal:
        story.append(para(appeal_clause(office, title)))
    story += [Spacer(1, 8 * mm), SignatureBlock(office.full_name, issued_on, seal_image(office))]
    doc.build(story, onFirstPage=_footer(office), onLaterPages=_footer(office))
    return buffer.getvalue()


@dataclass
class ReportTable:
    """A table of a report: its heading, header row and body (str, int or Decimal cells)."""

    heading: str
    header: Sequence[str]
    rows: Sequence[Sequence]
    shaded_row: int | None = None  # index in ``rows`` of a row to shade (a total)
    empty: str = ""  # said instead of the table when it has no rows


def _report_cell(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def render_report(*, title: str, subtitle: str, tables: Sequence[ReportTable]) -> bytes:
    """Return an A4 landscape PDF of figures: a title, a line under it, and tables that fit the width.

    Numbers are right-aligned with thousands separators; header cells wrap; a long table continues
    on the next page with its header repeated.
    """
    register_font()
    buffer = io.BytesIO()
    page = landscape(A4)
    margin = 12 * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        initialFontName=FONT,
        lang="zh-CN",
    )
    head_style = ParagraphStyle("report-head", parent=style("small"), fontSize=8.5, leading=11)
    story: list[Flowable] = [para(title, "title"), para(subtitle, "number"), Spacer(1, 4 * mm)]
    width = page[0] - 2 * margin
    for t in tables:
        if t.heading:
            story.append(para(t.heading, "head"))
        if not t.rows:
            story += [para(t.empty, "plain"), Spacer(1, 4 * mm)]
            continue
        first = 26 * mm
        rest = (width - first) / max(len(t.header) - 1, 1)
        data = [[Paragraph(escape(h), head_style) for h in t.header]]
        data += [[_report_cell(v) for v in row] for row in t.rows]
        table = LongTable(data, colWidths=[first] + [rest] * (len(t.header) - 1), repeatRows=1)
        commands = [
            ("FONT", (0, 0), (-1, -1), FONT, 8.5),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2DCDB")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        if t.shaded_row is not None:
            row = t.shaded_row + 1
            commands.append(("BACKGROUND", (0, row), (-1, row), colors.HexColor("#F4F5F7")))
        table.setStyle(TableStyle(commands))
        story += [table, Spacer(1, 6 * mm)]
    doc.build(story)
    return buffer.getvalue()


def _fields_table(fields: Sequence[tuple[str, str]]):
    """Return the record's particulars (label, value) as a two-column table in the document font."""
    from reportlab.platypus import Table, TableStyle

    label = ParagraphStyle("label", parent=style("plain"), textColor=colors.HexColor("#333333"))
    rows = [[Paragraph(escape(str(k)), label), para(v, "plain")] for k, v in fields]
    table = Table(rows, colWidths=[34 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def render_record(
    *,
    office,
    title: str,
    reference: str,
    fields: Sequence[tuple[str, str]],
    body: Sequence,
    signatures: Sequence[str],
) -> bytes:
    """Return the PDF of a record taken by the office's staff (笔录): header, title, particulars, body, signatures.

    A record is not a numbered document of the office (it is evidence in the case file, not an act
    addressed to anyone): it carries the case's reference instead, page numbers, and lines to sign.
    """
    register_font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=26 * mm,
        rightMargin=26 * mm,
        topMargin=22 * mm,
        bottomMargin=22 * mm,
        title=f"{title} {reference}",
        author=office.full_name,
        initialFontName=FONT,
        lang="zh-CN",
    )
    story = [para(office.full_name, "office"), _RedRule(), Spacer(1, 4 * mm), para(title, "title")]
    story += [para(reference, "number"), Spacer(1, 5 * mm), _fields_table(fields), Spacer(1, 5 * mm)]
    story += [x if isinstance(x, Flowable) else para(x, "plain") for x in body]
    story.append(Spacer(1, 10 * mm))
    story += [para(line, "plain") for line in signatures]
    doc.build(story, onFirstPage=_footer(office), onLaterPages=_footer(office))
    return buffer.getvalue()
