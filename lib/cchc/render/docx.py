"""A report as a Word document (python-docx), laid out per Nghị định 30/2020/NĐ-CP, for the clerk
who edits the text before it is signed.

The body is the stitched report's HTML as printed (`div.cchc-body`: headings, paragraphs, the
seed's "-", "*", "+" lists, tables with their captions, charts); the reviewers' band is not part
of the document and is left out. Around it, from the header dict (`prose.header.document_header`):
the two-column header table (issuer and number left; Quốc hiệu, Tiêu ngữ and place/date right),
"BÁO CÁO" and its subject, the closing paragraph, "Nơi nhận:" and the signature block.

Page: A4, margins top and bottom 20 mm, left 30 mm, right 15 mm (ND 30: 20–25, 20–25, 30–35,
15–20); font "Times New Roman" (ND 30's; LibreOffice without it uses the metric-compatible
Liberation Serif, so the lines break alike), body 14 pt, justified, first line indented 1 cm;
page numbers at the top centre from page 2 (a PAGE field; the first page's header is empty).
Tables are Word tables (text as printed: Word is for editing text; the numbers as numbers are in
the Excel workbook), charts PNG pictures at most the text width.
"""
from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from ..atomic import write_atomic
from .exporters import recipient_lines

FONT_NAME = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_PT, HEADER_PT, RECIPIENTS_PT, TABLE_PT, WIDE_TABLE_PT = 14, 13, 11, 12, 10.5
WIDE_TABLE_COLUMNS = 8  # as the HTML (exporters.WIDE_TABLE_COLUMNS): smaller type beyond
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PAGE_MM = (210, 297)
FIRST_LINE_CM, LEVEL_INDENT_CM = 1.0, 0.6
OUTLINE_MARKS = ("* ", "- ", "+ ")  # the seed's list levels (display.outline_html)
_BLOCKS = {"p", "ul", "ol", "table", "img", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section",
           "figure"}
_SPACES = re.compile(r"\s+")
# What follows an element in its parent, in the schema's order (Word refuses a file out of order).
_AFTER_P_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TABLE_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                        "w:tblPrChange")
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


# ---- low-level helpers ----------------------------------------------------------------------------
def _r_pr(element):
    """The run properties of a style, a run or the document defaults (`w:rPrDefault` holds a `w:rPr`)."""
    from docx.oxml.ns import qn

    if element.tag == qn("w:rPrDefault"):
        r_pr = element.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = element.makeelement(qn("w:rPr"), {})
            element.append(r_pr)
        return r_pr
    return element.get_or_add_rPr()


def _set_fonts(r_pr_owner, name: str = FONT_NAME) -> None:
    """Every script slot of a run's or style's fonts to `name`, theme fonts removed (they win over
    the named ones): Vietnamese letters are in no single slot Word always uses."""
    from docx.oxml.ns import qn

    fonts = _r_pr(r_pr_owner).get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), name)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)


def _set_language(style_element, language: str = LANGUAGE) -> None:
    from docx.oxml.ns import qn

    r_pr = _r_pr(style_element)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = r_pr.makeelement(qn("w:lang"), {})
        r_pr.insert_element_before(lang, *_AFTER_LANG)
    for attr in ("val", "eastAsia", "bidi"):
        lang.set(qn(f"w:{attr}"), language)


def _bottom_border(paragraph) -> None:
    """A thin rule under the paragraph (the short lines of the ND 30 header, made short by indents)."""
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1",
                                                  qn("w:color"): "000000"})
    borders.append(bottom)
    p_pr.insert_element_before(borders, *_AFTER_P_BORDERS)


def _no_borders(table) -> None:
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    tbl_pr.insert_element_before(borders, *_AFTER_TABLE_BORDERS)


def _repeat_as_header(row) -> None:
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))


def _page_field(paragraph) -> None:
    """A PAGE field (Word fills in the page's number)."""
    from docx.oxml.ns import qn

    def fld(kind):
        run = paragraph.add_run()
        el = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        run._r.append(el)
        return run

    fld("begin")
    instr = paragraph.add_run()
    text = instr._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
    text.text = " PAGE "
    instr._r.append(text)
    fld("separate")
    paragraph.add_run("2")  # shown until the field is updated (Word updates it on opening and printing)
    fld("end")


def _text(node) -> str:
    return _SPACES.sub(" ", node.get_text())


# ---- the document -------------------------------------------------------------------------------
class _Writer:
    def __init__(self, header: dict):
        from docx import Document

        self.header = header
        self.doc = Document()
        self._setup()

    def _setup(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Mm, Pt, RGBColor

        doc = self.doc
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance, section.footer_distance = Mm(10), Mm(10)
        self.text_width = section.page_width - section.left_margin - section.right_margin

        from docx.oxml.ns import qn

        defaults = doc.styles.element.find(qn("w:docDefaults"))
        r_pr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
        if r_pr_default is not None:  # what table styles and the rest inherit: no theme font, Vietnamese
            _set_fonts(r_pr_default)
            _set_language(r_pr_default)
        normal = doc.styles["Normal"]
        normal.font.name, normal.font.size = FONT_NAME, Pt(BODY_PT)
        _set_fonts(normal.element)
        _set_language(normal.element)
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.0
        for level in range(1, 6):
            style = doc.styles[f"Heading {level}"]
            style.font.name, style.font.size = FONT_NAME, Pt(BODY_PT)
            style.font.bold, style.font.italic = True, False
            style.font.color.rgb = RGBColor(0, 0, 0)
            _set_fonts(style.element)
            pf = style.paragraph_format
            pf.space_before, pf.space_after, pf.first_line_indent = Pt(8), Pt(6), Cm(FIRST_LINE_CM)
            pf.alignment, pf.keep_with_next = WD_ALIGN_PARAGRAPH.JUSTIFY, True

        # Page numbers: top centre, from page 2 (the first page has a header of its own, empty).
        section.different_first_page_header_footer = True
        number = section.header.paragraphs[0]
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(number)
        for run in number.runs:
            run.font.size = Pt(HEADER_PT)

        props = doc.core_properties
        props.title = self.header.get("title", "")
        props.author = props.last_modified_by = "cchc"
        props.language = LANGUAGE

    # -- paragraphs ------------------------------------------------------------------------------
    def paragraph(self, text: str = "", *, size=None, bold=False, italic=False, align="justify",
                  indent=True, after=None, container=None):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        p = (container or self.doc).add_paragraph()
        p.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                       "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        p.paragraph_format.first_line_indent = Cm(FIRST_LINE_CM) if indent else Cm(0)
        if after is not None:
            p.paragraph_format.space_after = Pt(after)
        if text:
            run = p.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            if size:
                run.font.size = Pt(size)
        return p

    def inline(self, p, node, bold=False, italic=False, nobreak=False, size=None) -> None:
        """The inline content of `node` as runs of `p`: <strong>/<b> bold, <em>/<i> italic, a
        `cchc-nobr` span's spaces non-breaking (a number and its unit stay on one line)."""
        from bs4 import NavigableString
        from docx.shared import Pt

        for child in node.children:
            if isinstance(child, NavigableString):
                text = _SPACES.sub(" ", str(child))
                if nobreak:
                    text = text.replace(" ", "\u00a0")
                if not text:
                    continue
                run = p.add_run(text)
                run.bold, run.italic = bold or None, italic or None
                if size:
                    run.font.size = Pt(size)
            elif child.name == "br":
                p.add_run().add_break()
            elif child.name in _BLOCKS or child.name in ("ul", "ol"):
                continue  # handled by the block walker
            else:
                self.inline(p, child, bold=bold or child.name in ("strong", "b"),
                            italic=italic or child.name in ("em", "i"),
                            nobreak=nobreak or "cchc-nobr" in (child.get("class") or []), size=size)

    @staticmethod
    def _trim(p) -> None:
        """No space at the start or end of a paragraph (HTML's whitespace between tags)."""
        runs = [r for r in p.runs if r.text]
        if runs:
            runs[0].text = runs[0].text.lstrip(" ")
            runs[-1].text = runs[-1].text.rstrip(" ")

    # -- the ND 30 frame ---------------------------------------------------------------------------
    def head(self) -> None:
        from docx.shared import Cm, Pt

        h = self.header
        table = self.doc.add_table(rows=1, cols=2)
        _no_borders(table)
        table.autofit = False
        left_width = int(self.text_width * 0.40)
        widths = (left_width, self.text_width - left_width)
        for column, cell, width in zip(table.columns, table.rows[0].cells, widths):
            column.width = cell.width = width
        left, right = table.rows[0].cells
        left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
        right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
        kw = dict(align="center", indent=False, after=0, size=HEADER_PT)
        if h.get("authority_upper"):
            self.paragraph(h["authority_upper"], bold=True, container=left, **kw)
        self.paragraph(h.get("unit_upper", ""), bold=True, container=left, **kw)
        rule = self.paragraph("", container=left, align="center", indent=False, after=6)
        rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Cm(2.0)
        rule.paragraph_format.space_before = Pt(0)
        _bottom_border(rule)
        self.paragraph(h.get("number", ""), container=left, **kw)
        self.paragraph(h.get("motto", ""), bold=True, container=right, align="center", indent=False, after=0,
                       size=12.5)
        motto_sub = self.paragraph(h.get("motto_sub", ""), bold=True, container=right, **kw)
        for run in motto_sub.runs:
            run.underline = True
        place = self.paragraph(h.get("place_date", ""), italic=True, container=right, **kw)
        place.paragraph_format.space_before = Pt(8)

        title = self.paragraph(h.get("doc_type", "BÁO CÁO"), bold=True, align="center", indent=False, after=0)
        title.paragraph_format.space_before = Pt(18)
        for line in h.get("subject") or []:
            self.paragraph(line, bold=True, align="center", indent=False, after=0)
        rule = self.paragraph("", align="center", indent=False, after=12)
        rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Cm(6.5)
        _bottom_border(rule)

    def end(self) -> None:
        from docx.shared import Mm, Pt

        h = self.header
        if h.get("closing"):
            self.paragraph(h["closing"])
        table = self.doc.add_table(rows=1, cols=2)
        _no_borders(table)
        table.autofit = False
        left_width = int(self.text_width * 0.46)
        for column, cell, width in zip(table.columns, table.rows[0].cells, (left_width, self.text_width - left_width)):
            column.width = cell.width = width
        left, right = table.rows[0].cells
        for cell in (left, right):
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        recipients = recipient_lines(h["recipients"]) if h.get("recipients") else []
        if recipients:
            self.paragraph("Nơi nhận:", bold=True, italic=True, size=12, container=left, align="left",
                           indent=False, after=0)
            for line in recipients:
                self.paragraph(line, size=RECIPIENTS_PT, container=left, align="left", indent=False, after=0)
        else:
            self.paragraph("", container=left, indent=False, after=0)
        signatory = h.get("signatory") or {}
        kw = dict(bold=True, container=right, align="center", indent=False, after=0)
        if signatory.get("authority_line"):
            self.paragraph(signatory["authority_line"], **kw)
        self.paragraph(signatory.get("title", ""), **kw)
        space = self.paragraph("", container=right, indent=False, after=0)
        space.paragraph_format.space_before = Mm(25)
        self.paragraph(signatory.get("name", ""), **kw)
        # the end block stays together (Word moves it to the next page rather than split it)
        for p in left.paragraphs + right.paragraphs:
            p.paragraph_format.keep_with_next = True
        space.paragraph_format.space_after = Pt(0)

    # -- the body ----------------------------------------------------------------------------------
    def body(self, root) -> None:
        for child in root.children:
            name = getattr(child, "name", None)
            if name is None:
                continue
            classes = child.get("class") or []
            if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                level = max(1, min(5, int(name[1]) - 1))  # h2 (I., II.) is Word's Heading 1
                p = self.doc.add_paragraph(style=f"Heading {level}")
                self.inline(p, child)
                self._trim(p)
            elif name == "p":
                if not _text(child).strip():
                    continue
                note = "cchc-note" in classes
                p = self.paragraph(indent=not note, align="left" if note else "justify")
                self.inline(p, child, bold="cchc-lead" in classes, italic=note,
                            size=TABLE_PT if note else None)
                self._trim(p)
            elif name in ("ul", "ol"):
                self.list(child, depth=1)
            elif name == "table":
                self.table(child)
            elif name == "img":
                self.picture(child)
            elif name == "pre":
                self.paragraph(child.get_text().strip("\n"), align="left", indent=False, size=TABLE_PT)
            else:
                self.body(child)

    def list(self, ul, depth: int) -> None:
        from docx.shared import Cm

        outline = "cchc-outline" in (ul.get("class") or [])
        for li in ul.find_all("li", recursive=False):
            mark = OUTLINE_MARKS[min(depth, 3) - 1] if outline else "- "
            p = self.paragraph()
            p.paragraph_format.left_indent = Cm(LEVEL_INDENT_CM * (depth - 1))
            bold_mark = outline and depth == 1
            p.add_run(mark).bold = bold_mark or None
            self.inline(p, li)
            runs = [r for r in p.runs if r.text]
            if len(runs) > 1:
                runs[1].text = runs[1].text.lstrip(" ")
                runs[-1].text = runs[-1].text.rstrip(" ")
            for nested in li.find_all(["ul", "ol"], recursive=False):
                self.list(nested, depth + 1)

    def table(self, node) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        caption = node.find("caption")
        if caption is not None and _text(caption).strip():
            p = self.paragraph(align="center", indent=False, after=3)
            self.inline(p, caption, bold=True)
            self._trim(p)
            p.paragraph_format.keep_with_next = True
        rows = node.find_all("tr")
        if not rows:
            return
        # The grid: a cell spanning rows or columns takes its place in each (pandas' MultiIndex headers).
        grid: dict[tuple[int, int], tuple] = {}
        n_cols = 0
        for r, tr in enumerate(rows):
            c = 0
            for cell in tr.find_all(["th", "td"], recursive=False):
                while (r, c) in grid:
                    c += 1
                span_c, span_r = int(cell.get("colspan", 1) or 1), int(cell.get("rowspan", 1) or 1)
                for dr in range(span_r):
                    for dc in range(span_c):
                        grid[(r + dr, c + dc)] = (cell, r, c, span_r, span_c)
                c += span_c
                n_cols = max(n_cols, c)
        size = WIDE_TABLE_PT if n_cols > WIDE_TABLE_COLUMNS else TABLE_PT
        table = self.doc.add_table(rows=len(rows), cols=n_cols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # A fresh table has one cell per grid place: look them up once (table.cell() walks the table
        # each time), fill each HTML cell's first place, then merge the spans.
        cells = list(table._cells)
        done, spans = set(), []
        for (r, c), (cell, r0, c0, span_r, span_c) in sorted(grid.items()):
            if (r0, c0) in done or r >= len(rows):
                continue
            done.add((r0, c0))
            target = cells[r0 * n_cols + c0]
            if span_r > 1 or span_c > 1:
                spans.append((target, cells[(min(r0 + span_r, len(rows)) - 1) * n_cols + min(c0 + span_c, n_cols) - 1]))
            p = target.paragraphs[0]
            p.paragraph_format.first_line_indent = Pt(0)
            p.paragraph_format.space_after = Pt(0)
            classes = cell.get("class") or []
            tr = rows[r0]
            header_cell = cell.name == "th" and tr.parent is not None and tr.parent.name == "thead"
            total = "cchc-total" in (tr.get("class") or [])
            self.inline(p, cell, bold=header_cell or total, size=size)
            self._trim(p)
            p.alignment = (WD_ALIGN_PARAGRAPH.CENTER if header_cell else
                           WD_ALIGN_PARAGRAPH.RIGHT if "num" in classes else WD_ALIGN_PARAGRAPH.LEFT)
        for first, last in spans:
            first.merge(last)
        for r, tr in enumerate(rows):
            if tr.parent is not None and tr.parent.name == "thead":
                _repeat_as_header(table.rows[r])
        self.paragraph("", indent=False, after=0)  # a table is never glued to the next table or heading

    def picture(self, img) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        src = img.get("src", "")
        if not src.startswith("data:image/") or ";base64," not in src:
            return  # only embedded pictures (the report is self-contained)
        data = base64.b64decode(src.split(";base64,", 1)[1])
        p = self.paragraph(indent=False, align="center")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = p.add_run().add_picture(io.BytesIO(data))
        if shape.width > self.text_width:
            shape.height = int(shape.height * self.text_width / shape.width)
            shape.width = self.text_width
        alt = img.get("alt", "")
        if alt:
            from docx.oxml.ns import qn

            for doc_pr in shape._inline.iter(qn("wp:docPr")):
                doc_pr.set("descr", alt)


def build_document(html: str, header: dict):
    """The Word document (python-docx `Document`) of a stitched report's HTML and its header dict."""
    from bs4 import BeautifulSoup

    start, end = html.find("<main"), html.rfind("</main>")
    if start >= 0 and end > start:  # the document only: not the embedded fonts, nor the reviewers' band
        html = html[start:end + len("</main>")]
    soup = BeautifulSoup(html, features="lxml")
    body = soup.select_one("main .cchc-body") or soup.select_one(".cchc-body")
    if body is None:
        raise ValueError("HTML của báo cáo không có phần thân (div.cchc-body): không dựng được bản Word")
    for hidden in body.select(".jp-Collapser, .jp-InputPrompt, .jp-OutputPrompt, a.anchor-link, style, script"):
        hidden.decompose()
    writer = _Writer(header)
    writer.head()
    writer.body(body)
    writer.end()
    return writer.doc


def write_docx(html: str, header: dict, out: Path) -> Path:
    """Write the Word document of a report to `out`, atomically (the whole file or nothing)."""
    buffer = io.BytesIO()
    build_document(html, header).save(buffer)
    return write_atomic(Path(out), buffer.getvalue())
