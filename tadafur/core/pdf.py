"""HTML → PDF with WeasyPrint and the fonts shipped in static/fonts/pdf.

Every PDF goes through `html_to_pdf` so that Arabic is shaped with Noto Naskh Arabic and
Tifinagh with Noto Sans Tifinagh on any server: a PDF must not depend on which fonts the machine
happens to have (a server without them would print empty boxes, and the text would not copy).
Templates name the families as usual: font-family: "Noto Naskh Arabic", "Noto Sans Tifinagh", ...
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "pdf"
FONTS = (
    ("Noto Naskh Arabic", "NotoNaskhArabic-Regular.ttf", "normal"),
    ("Noto Naskh Arabic", "NotoNaskhArabic-Bold.ttf", "bold"),
    ("Noto Sans Tifinagh", "NotoSansTifinagh-Regular.ttf", "normal"),
)


@cache
def _font_css() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{(FONT_DIR / name).as_uri()}"); font-weight: {weight}; }}'
        for family, name, weight in FONTS
    )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fonts = CSS(string=_font_css(), font_config=font_config)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(  # type: ignore[no-any-return]
        stylesheets=[fonts], font_config=font_config
    )
