"""The official PDF: WeasyPrint prints the report HTML for print media (no LaTeX, no browser)."""
from __future__ import annotations

import logging
import re
from pathlib import Path

from cchc.atomic import write_atomic
from cchc.render import fonts

_FONT_STYLE = re.compile(r'<style id="cchc-fonts">.*?</style>', re.S)


def _print_ready(html: str) -> str:
    # The HTML carries the fonts as 2 MB of base64; pointing WeasyPrint at the package files
    # instead is the same font and saves parsing it for every report.
    css = fonts.font_face_css_files()
    return _FONT_STYLE.sub(lambda _m: f'<style id="cchc-fonts">\n{css}</style>', html, count=1)


def html_to_pdf_bytes(html: str) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint warns about the screen-only CSS it ignores (phone media query, overflow-x);
    # those are not problems with the report, so hush it for this call only.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=_print_ready(html), base_url=str(fonts.FONT_DIR))
        return document.write_pdf(font_config=FontConfiguration())
    finally:
        logger.setLevel(level)


def html_to_pdf(html: str, out: Path) -> Path:
    """Write the PDF of `html` to `out` atomically (temp file in the same folder, then rename)."""
    return write_atomic(Path(out), html_to_pdf_bytes(html))
