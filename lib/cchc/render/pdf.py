"""The official PDF: WeasyPrint prints the report HTML for print media (no LaTeX, no browser)."""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from cchc.atomic import write_atomic
from cchc.render import fonts

_FONT_STYLE = re.compile(r'<style id="cchc-fonts">.*?</style>', re.S)
_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S)


def _print_ready(html: str) -> str:
    # The HTML carries subsets of the fonts ("CCHC Serif", render/fonts.py) as base64; the PDF is
    # printed with the package's full Liberation Serif files instead: every character the font has,
    # no base64 to parse, and the PDF names its fonts Liberation Serif. The stylesheets' family
    # lists then start at "Liberation Serif".
    css = fonts.font_face_css_files()
    html = _FONT_STYLE.sub(lambda _m: f'<style id="cchc-fonts">\n{css}</style>', html, count=1)
    subset_first = f'"{fonts.HTML_FAMILY}", '
    return _STYLE.sub(lambda m: m.group(0).replace(subset_first, ""), html)


def html_to_pdf_bytes(html: str) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint warns about the screen-only CSS it ignores (phone media query, overflow-x);
    # those are not problems with the report, so hush it for this call only.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    font_config = FontConfiguration()
    try:
        document = weasyprint.HTML(string=_print_ready(html), base_url=str(fonts.FONT_DIR))
        return document.write_pdf(font_config=font_config)
    finally:
        logger.setLevel(level)
        _remove_font_folder(font_config)


def _remove_font_folder(font_config) -> None:
    """WeasyPrint copies every @font-face font into a `weasyprint-*` folder of the temp directory
    (1.5 MB for the report's four faces) that only `FontConfiguration.__del__` removes; the rendered
    document holds the configuration in a reference cycle, so the folder stayed until a garbage
    collection, and for ever in a worker ended by os._exit. The PDF is written: remove it now."""
    folder = getattr(font_config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        font_config._folder = None  # __del__ has nothing left to do


def html_to_pdf(html: str, out: Path) -> Path:
    """Write the PDF of `html` to `out` atomically (temp file in the same folder, then rename)."""
    return write_atomic(Path(out), html_to_pdf_bytes(html))
