"""The mediation agreement (调解协议书) as a PDF in Chinese, with reportlab's built-in CID font STSong-Light."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.identifiers import mask_resident_id

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

_base = ParagraphStyle("body", fontName=FONT, fontSize=11.5, leading=19, wordWrap="CJK")
TITLE = ParagraphStyle("title", parent=_base, fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=4)
SUB = ParagraphStyle(
    "sub", parent=_base, fontSize=10, alignment=TA_CENTER, textColor=colors.HexColor("#555555")
)
HEAD = ParagraphStyle("head", parent=_base, fontSize=13, leading=22, spaceBefore=10, spaceAfter=4)


def _p(text: str, style=_base) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _yuan(amount) -> str:
    return f"{amount:,.2f} 元" if amount is not None else "—"


def agreement_pdf(request, *, terms) -> bytes:
    """Return the agreement PDF: parties, matters in dispute, the given terms with due dates, signatures."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"调解协议书 {request.tracking_number}",
        author=getattr(settings, "SITE_NAME", "Wagewatch"),
    )
    reached = timezone.localtime(request.agreement_reached_at or timezone.now())
    story = [
        _p("劳动争议调解协议书", TITLE),
        _p(f"编号：{request.tracking_number}　　　{reached:%Y年%m月%d日}", SUB),
        Spacer(1, 8 * mm),
        _p("一、当事人", HEAD),
        _p(
            f"申请人（劳动者）：{request.applicant_name}"
            + (
                f"　身份证号：{mask_resident_id(request.applicant_id_number)}"
                if request.applicant_id_number
                else ""
            )
        ),
        _p(
            f"被申请人（用人单位）：{request.employer.name if request.employer else request.employer_name_given}"
            + (
                f"　统一社会信用代码：{request.employer.credit_code}"
                if request.employer and request.employer.credit_code
                else ""
            )
        ),
    ]
    if request.employer_address_given:
        story.append(_p(f"住所：{request.employer_address_given}"))
    if request.employer_contact_name:
        story.append(_p(f"委托代理人／联系人：{request.employer_contact_name}"))
    story += [
        _p("二、争议事项", HEAD),
        _p(
            "、".join(request.get_matters_display())
            + (f"：{request.matters_detail}" if request.matters_detail else "")
        ),
        _p(f"申请理由：{request.reasons}"),
    ]
    if request.amount_claimed is not None:
        story.append(_p(f"申请金额：{_yuan(request.amount_claimed)}"))
    story.append(_p("三、协议内容", HEAD))
    story.append(_p("经调解，双方自愿达成如下协议："))
    rows = [[_p("序号"), _p("履行内容"), _p("金额"), _p("履行期限")]]
    total = 0
    for term in sorted(terms, key=lambda t: t.position):
        rows.append(
            [
                _p(str(term.position)),
                _p(term.description),
                _p(_yuan(term.amount)),
                _p(f"{term.due_date:%Y年%m月%d日}前"),
            ]
        )
        total += term.amount or 0
    rows.append([_p(""), _p("合计"), _p(_yuan(total)), _p("")])
    table = Table(rows, colWidths=[14 * mm, 82 * mm, 32 * mm, 38 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f1f1")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [table, Spacer(1, 4 * mm)]
    if request.agreement_notes:
        story.append(_p(f"其他约定：{request.agreement_notes}"))
    story += [
        _p(
            "本协议经双方当事人签名或者盖章，并经调解员签名、调解组织盖章后生效，对双方当事人具有约束力，"
            "当事人应当履行（《中华人民共和国劳动争议调解仲裁法》第十四条）。用人单位在约定期限内不履行的，"
            "劳动者可以依法申请仲裁（第十五条）；因支付拖欠劳动报酬达成的调解协议，劳动者可以持调解协议书"
            "依法向人民法院申请支付令（第十六条）。"
        ),
        Spacer(1, 12 * mm),
    ]
    mediator = request.mediator.display_name if request.mediator else ""
    sign = Table(
        [
            [_p("申请人（签名）："), _p("被申请人（盖章）：")],
            [_p("日期：　　年　　月　　日"), _p("日期：　　年　　月　　日")],
            [_p(f"调解员（签名）：{mediator}"), _p("调解组织（盖章）：")],
            [_p("日期：　　年　　月　　日"), _p("日期：　　年　　月　　日")],
        ],
        colWidths=[83 * mm, 83 * mm],
        rowHeights=[16 * mm, 10 * mm, 16 * mm, 10 * mm],
    )
    sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story.append(sign)
    story.append(Spacer(1, 6 * mm))
    story.append(_p("本协议书一式三份，双方当事人和调解组织各执一份。", SUB))
    doc.build(story)
    return buf.getvalue()
