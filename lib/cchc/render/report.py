"""One call for the build: executed section notebooks -> report HTML (+ PDF), written atomically."""
from __future__ import annotations

from pathlib import Path

from nbformat import NotebookNode

from cchc.render.exporters import CchcHtmlExporter
from cchc.atomic import write_atomic
from cchc.render.pdf import html_to_pdf
from cchc.render.stitching import stitch


def render_html(nb: NotebookNode) -> str:
    html, _resources = CchcHtmlExporter().from_notebook_node(nb)
    return html


def write_report(
    executed: list[Path], header: dict, html_out: Path, pdf_out: Path | None
) -> tuple[Path, Path | None]:
    """Stitch `executed`, write the HTML and (unless `pdf_out` is None) the PDF; return both paths.

    Each file appears complete or not at all: a failure leaves any previous report in place.
    """
    html = render_html(stitch(executed, header))
    pdf_path = None
    if pdf_out is not None:
        # PDF first: if it fails, the previous HTML and PDF both stay, still matching each other.
        pdf_path = html_to_pdf(html, Path(pdf_out))
    html_path = write_atomic(Path(html_out), html.encode("utf-8"))
    return html_path, pdf_path
