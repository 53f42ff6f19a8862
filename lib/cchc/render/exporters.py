"""nbconvert exporters for the official report: `--to cchc` (HTML) and `--to cchc_pdf` (PDF).

The HTML is one self-contained file (fonts, CSS and charts inlined, no script, no network) laid
out per Nghị định 30/2020; the PDF is WeasyPrint's rendering of that same HTML for print media.
"""
from __future__ import annotations

import re
from pathlib import Path

from nbconvert.exporters import HTMLExporter
from traitlets import default

from cchc.prose.phrases import MOTTO, MOTTO_SUB
from cchc.render import fonts
from cchc.text import nfc_deep
from cchc.render.stitching import REVIEW_TAG

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "cchc"
ARCHIVE_RECIPIENT = "Lưu: VT"


def recipient_lines(recipients: list[str]) -> list[str]:
    """ND 30 recipient list: "- X;" per line, the archive "- Lưu: VT." last, whatever the input wore."""
    items = [re.sub(r"^[\s\-–•]+|[\s;.,]+$", "", str(r)) for r in recipients]
    items = [i for i in items if i]
    archive = [i for i in items if i.replace(" ", "").lower().startswith("lưu:")]
    items = [i for i in items if i not in archive] + (archive[-1:] or [ARCHIVE_RECIPIENT])
    return [f"- {i};" for i in items[:-1]] + [f"- {items[-1]}."]


def _header_view(nb) -> dict:
    """The header dict as the template uses it, with defaults so any notebook still converts."""
    header = nfc_deep(dict(nb.metadata.get("cchc", {}) or {}))
    subject = header.get("subject") or []
    if isinstance(subject, str):
        subject = [subject]
    signatory = dict(header.get("signatory") or {})
    return {
        "authority_upper": header.get("authority_upper", ""),
        "unit_upper": header.get("unit_upper", ""),
        "number": header.get("number", ""),
        "motto": header.get("motto", MOTTO),
        "motto_sub": header.get("motto_sub", MOTTO_SUB),
        "place_date": header.get("place_date", ""),
        "doc_type": header.get("doc_type", "BÁO CÁO"),
        "subject": list(subject),
        "closing": header.get("closing", ""),
        "recipients": recipient_lines(header["recipients"]) if header.get("recipients") else [],
        "signatory": {
            "authority_line": signatory.get("authority_line", ""),
            "title": signatory.get("title", ""),
            "name": signatory.get("name", ""),
        },
        "title": header.get("title") or " ".join([header.get("doc_type", "")] + list(subject)).strip(),
        "status_note": header.get("status_note", ""),
        "is_report": bool(header),
    }


_NUMBER = re.compile(r"^[-−+]?\d[\d.]*(,\d+)?\s?%?$|^[—–-]$")
WIDE_TABLE_COLUMNS = 8
WIDER_TABLE_COLUMNS = 13  # a consolidated Biểu II.06a (a row per unit, 16 columns): smaller still


def _polish_tables(html: str) -> str:
    """Print conventions tables from any producer (pandas included) should follow.

    Figures are right-aligned (class `num`), tables with many columns get the smaller `cchc-wide`
    type so a Biểu II.06a fits the A4 text width. Every table sits in a `div.cchc-table-wrap`, its
    own box: on a screen narrower than the table (a phone) the box scrolls sideways, never the page
    (cchc.css, screen media only; in print the box is a plain block and the PDF is unchanged).
    """
    if "<table" not in html:
        return html
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, features="html.parser")
    for table in soup.find_all("table"):
        for cell in table.find_all("td"):
            if _NUMBER.match(cell.get_text(strip=True)):
                classes = cell.get("class") or []
                if "num" not in classes:
                    cell["class"] = classes + ["num"]
        widest = max((len(tr.find_all(["td", "th"], recursive=False)) for tr in table.find_all("tr")),
                     default=0)
        if widest > WIDE_TABLE_COLUMNS:
            classes = table.get("class") or []
            if "cchc-wide" not in classes:
                table["class"] = classes = classes + ["cchc-wide"]
            if widest > WIDER_TABLE_COLUMNS and "cchc-wider" not in classes:
                table["class"] = classes + ["cchc-wider"]
        parent = table.parent
        if not (parent is not None and "cchc-table-wrap" in (parent.get("class") or [])):
            table.wrap(soup.new_tag("div", attrs={"class": "cchc-table-wrap"}))
    return str(soup)


def _warnings_view(nb) -> dict | None:
    """The reviewers' count of warnings, with each notebook warning in Vietnamese.

    A build passes its count in the header (`warnings`: the input validation's plus the notebooks',
    the number the summary line and the index show); a notebook converted on its own gets its
    warnings read from the stderr outputs of its cells. None when there is nothing to say and no
    build asked for the count.
    """
    from cchc.batch import notebook_warnings as nbw

    given = (nb.metadata.get("cchc", {}) or {}).get("warnings")
    if isinstance(given, dict):
        found = [nbw.NotebookWarning.from_dict(d) for d in given.get("notebooks", [])]
        inputs = given.get("inputs")
    else:
        found = nbw.of_cells(nb.cells, lambda c: Path(c.get("metadata", {}).get("cchc_source", "")).stem)
        inputs = None
        if not found:
            return None
    items = [{"notebook": w.notebook, "message": w.message, "original": w.original, "error": w.is_error}
             for w in found]
    n_nb = sum(not w.is_error for w in found)
    total = (inputs or 0) + n_nb
    parts = []
    if inputs is not None:
        parts.append(f"{inputs} về dữ liệu đầu vào")
    parts.append(f"{n_nb} khi chạy các phần báo cáo")
    n_err = sum(w.is_error for w in found)
    if n_err:
        parts.append(f"{n_err} lỗi khi chạy các phần báo cáo")
    return nfc_deep({"total": total, "breakdown": ", ".join(parts), "items": items})


class CchcHtmlExporter(HTMLExporter):
    """Stitched notebook -> the official report as one self-contained HTML file (ND 30 layout)."""

    export_from_notebook = "CCHC report (HTML)"

    @default("template_name")
    def _template_name_default(self):
        return TEMPLATE_NAME

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(TEMPLATES_DIR)]

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    @default("exclude_anchor_links")
    def _exclude_anchor_links_default(self):
        return True

    @default("embed_images")
    def _embed_images_default(self):
        return True

    def _cchc_resources(self, nb) -> dict:
        has_review = any(REVIEW_TAG in c.get("metadata", {}).get("tags", []) for c in nb.cells)
        header = _header_view(nb)
        warnings = _warnings_view(nb)
        return {
            "header": header,
            # The template renders the cell loop twice: body cells, then (phase "review") the band.
            "phase": {"review": False},
            "has_review": has_review or bool(header["status_note"]) or bool(warnings),
            "warnings": warnings,
            "font_css": fonts.font_face_css_embedded(),
        }

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = dict(resources or {})
        resources["cchc"] = self._cchc_resources(nb)
        resources["language_code"] = "vi"
        html, resources = super().from_notebook_node(nb, resources, **kw)
        return _polish_tables(html), resources


class CchcPdfExporter(CchcHtmlExporter):
    """The same HTML printed by WeasyPrint: A4, ND 30 margins, page numbers, no reviewers' band."""

    export_from_notebook = "CCHC report (PDF)"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    @default("template_file")
    def _template_file_default(self):
        return "index.html.j2"  # nbconvert would look for index.pdf.j2 after the extension

    def from_notebook_node(self, nb, resources=None, **kw):
        from cchc.render.pdf import html_to_pdf_bytes

        html, resources = super().from_notebook_node(nb, resources, **kw)
        resources["output_extension"] = ".pdf"
        return html_to_pdf_bytes(html), resources
