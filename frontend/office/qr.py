"""QR codes as inline SVG, drawn on the server (no script, no image from elsewhere).

segno writes the modules as one path with presentation attributes only, so the strict
CSP (no inline style) holds; the size comes from the stylesheet through the viewBox.
"""

import segno
from django.utils.safestring import SafeString, mark_safe

QUIET_ZONE = 4  # modules of white border the QR standard asks for


def qr_svg(data: str) -> SafeString:
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(
        scale=1, border=QUIET_ZONE, omitsize=True, svgclass="qr", lineclass=None, dark="#000"
    )
    # segno escapes nothing a URI may hold into markup: it draws modules, not text.
    return mark_safe(svg)  # noqa: S308
