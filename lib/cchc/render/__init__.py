"""Turn executed section notebooks into the official report: one self-contained HTML, one PDF.

Public API (imported lazily, so `cchc.render.fonts` stays cheap inside kernels):
- `stitch(executed, header) -> NotebookNode`
- `write_report(executed, header, html_out, pdf_out) -> tuple[Path, Path | None]`
- `render_html(nb) -> str`, `html_to_pdf(html, out) -> Path`, `html_to_pdf_bytes(html) -> bytes`
- nbconvert exporters `CchcHtmlExporter` (`--to cchc`) and `CchcPdfExporter` (`--to cchc_pdf`).
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "stitch": "cchc.render.stitching",
    "REVIEW_TAG": "cchc.render.stitching",
    "write_report": "cchc.render.report",
    "render_html": "cchc.render.report",
    "html_to_pdf": "cchc.render.pdf",
    "html_to_pdf_bytes": "cchc.render.pdf",
    "CchcHtmlExporter": "cchc.render.exporters",
    "CchcPdfExporter": "cchc.render.exporters",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'cchc.render' has no attribute {name!r}")


def __dir__():
    return __all__
