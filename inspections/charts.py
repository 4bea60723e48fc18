"""Small server-side SVG charts (no library, no CDN): horizontal bars and weekly columns."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"{v:,.1f}"


def bar_chart(
    rows: list[tuple[str, float]], *, title: str, width: int = 520, goal: float | None = None
) -> SafeString:
    """Horizontal bars, one per label; an optional goal line."""
    bar_h, gap, label_w = 22, 8, 96
    height = len(rows) * (bar_h + gap) + 24
    top = max([v for _l, v in rows] + [goal or 0, 1])
    inner = width - label_w - 64
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = 8 + i * (bar_h + gap)
        w = max(inner * float(value) / float(top), 0 if not value else 2)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="chart-label">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{inner}" height="{bar_h}" rx="4" class="chart-track"/>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="4" class="chart-bar"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" class="chart-value">{_fmt(float(value))}</text>'
        )
    if goal:
        x = label_w + inner * float(goal) / float(top)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="2" y2="{height - 18}" class="chart-goal"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every label is escaped above)


def column_chart(
    rows: list[tuple[str, float]], *, title: str, width: int = 520, height: int = 200
) -> SafeString:
    """Vertical columns per week."""
    n = max(len(rows), 1)
    base, left = height - 28, 8
    slot = (width - 2 * left) / n
    top = max([v for _l, v in rows] + [1])
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<line x1="{left}" x2="{width - left}" y1="{base}" y2="{base}" class="chart-axis"/>'
    ]
    for i, (label, value) in enumerate(rows):
        h = (base - 22) * float(value) / float(top)
        w = min(slot * 0.64, 56)
        x = left + i * slot + (slot - w) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" class="chart-bar"/>'
            f'<text x="{x + w / 2:.1f}" y="{base - h - 5:.1f}" text-anchor="middle" class="chart-value">{_fmt(float(value))}</text>'
            f'<text x="{x + w / 2:.1f}" y="{base + 17}" text-anchor="middle" class="chart-label">{escape(label)}</text>'
        )
    if not rows:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="chart-label">—</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308
