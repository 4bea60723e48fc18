"""The demo seal: a red ring with the office's name along the top arc and a star, drawn with Pillow."""

from __future__ import annotations

import io
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"
DEMO_SEAL = Path(__file__).resolve().parent / "static" / "documents" / "demo-seal.png"
RED = (200, 16, 30, 235)
SIZE = 480
SEAL_FOOTER = "劳动保障监察专用章"


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=RED)


def seal_png(name: str, *, footer: str = "") -> bytes:
    """Return a PNG of a round seal with name along the upper arc and footer under the star."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = SIZE / 2
    draw.ellipse((10, 10, SIZE - 10, SIZE - 10), outline=RED, width=14)
    _star(draw, c, c, 62)
    font = ImageFont.truetype(str(FONT_FILE), 48, index=0)
    chars = list(name)
    span = min(250.0, 22.0 * len(chars))  # degrees of arc the name takes
    radius = c - 70
    for i, ch in enumerate(chars):
        angle = -90 - span / 2 + span * (i + 0.5) / len(chars)
        glyph = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((32, 32), ch, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-(angle + 90), resample=Image.Resampling.BICUBIC)
        x = c + radius * math.cos(math.radians(angle)) - 32
        y = c + radius * math.sin(math.radians(angle)) - 32
        image.alpha_composite(glyph, (round(x), round(y)))
    if footer:
        small = ImageFont.truetype(str(FONT_FILE), 34, index=0)
        draw.text((c, c + 120), footer, font=small, fill=RED, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
