"""The Word document of a report (lib/cchc/render/docx.py), read back with python-docx.

Fast: the seed's twin (phường Nguyễn Nghiêm, 2023) laid out by the report's own HTML exporter from
a notebook of its parts (intro, TTHC results, Biểu II.06a, a chart, the staff outline and table,
an appendix cell for the reviewers), without running a kernel; its figures are typed from the seed
(227/BC-UBND, as in test_golden.py). Build: a real build's set holds HTML, PDF, XLSX and DOCX,
status.json names them, and the DOCX of the real HTML holds the seed's figures."""
import base64
import io
import json
import unicodedata

import matplotlib.pyplot as plt
import nbformat
import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

import cchc
from cchc.display import to_html
from cchc.render.docx import write_docx
from cchc.render.report import render_html
from cchc.render.stitching import REVIEW_TAG

from conftest import run_cli

SEED_SLUG, SEED_YEAR = "phuong-nguyen-nghiem", 2023
# Typed from the seed's text (the NBSPs that keep a number with its unit read as spaces).
SEED_LINES = (
    "- Số lượng hồ sơ tiếp nhận: 3.956 hồ sơ (Trong đó: Trực tuyến: 2.315; Trực tiếp: 1.635; Từ kỳ trước: 06);",
    "- Số lượng hồ sơ đã giải quyết: 3.938 hồ sơ (Trong đó: Trước hạn: 3.925; Quá hạn: 13);",
    "- Số lượng hồ sơ đang giải quyết: 04 hồ sơ (Trong đó: Trong hạn: 04);",
    "- Thanh toán trực tuyến: 1.680 lượt; Tổng: 10.282.000đ;",
)
SEED_II06A_TOTAL = ["Tổng cộng", "3.956", "2.315", "1.635", "6", "3.938", "3.925", "0", "13", "4", "4", "0"]
REVIEW_ONLY = "phép kiểm tra"  # the checks table's caption: in the reviewers' band, never in the document


def _text(s: str) -> str:
    return s.replace("\u00a0", " ")


def _display(html: str):
    return nbformat.v4.new_output("display_data", data={"text/html": html})


@pytest.fixture(scope="module")
def seed():
    return cchc.report(SEED_SLUG, SEED_YEAR)


@pytest.fixture(scope="module")
def seed_html(seed):
    """The seed's parts as the report's HTML exporter lays them out (no kernel run)."""
    fig = seed.chart_timeliness()
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=100)
    plt.close(fig)  # no figure left open for the tests after these
    nb = nbformat.v4.new_notebook()
    parts = [to_html(seed.intro()), to_html(seed.tthc_heading(), bold=True), to_html(seed.tthc_prose(), bullets=True),
             to_html(seed.table_ii06a())]
    cells = [nbformat.v4.new_markdown_cell("## II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH")]
    for html in parts:
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [_display(html)]
        cells.append(cell)
    chart = nbformat.v4.new_code_cell("")
    chart.outputs = [nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(png.getvalue()).decode()},
                                            metadata={"cchc_alt": "Biểu đồ giải quyết hồ sơ"})]
    cells.append(chart)
    cells.append(nbformat.v4.new_markdown_cell("### 4. Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức"))
    for html in (to_html(seed.staff_outline(), outline=True), to_html(seed.staff_table("trinh_do_chuyen_mon"))):
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [_display(html)]
        cells.append(cell)
    review = nbformat.v4.new_code_cell("", metadata={"tags": [REVIEW_TAG]})
    review.outputs = [_display(to_html(seed.checks_table()))]
    cells.append(review)
    nb.cells = cells
    nb.metadata["cchc"] = seed.document_header()
    return render_html(nb)


@pytest.fixture(scope="module")
def document(seed, seed_html, tmp_path_factory):
    out = tmp_path_factory.mktemp("docx") / "seed.docx"
    write_docx(seed_html, seed.document_header(), out)
    return Document(str(out))


def _paragraphs(doc) -> list[str]:
    return [_text(p.text) for p in doc.paragraphs]


@pytest.mark.fast
def test_header_table_has_the_nd30_lines(document):
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM",
                                                           "Số: 227/BC-UBND"]
    assert [p.text for p in right.paragraphs] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                                   "Phường Nguyễn Nghiêm, ngày 06 tháng 12 năm 2023"]
    assert all(r.bold for p in left.paragraphs[:2] for r in p.runs)
    assert all(r.italic for r in right.paragraphs[2].runs)
    assert all(r.underline for r in right.paragraphs[1].runs)
    paragraphs = _paragraphs(document)
    title = paragraphs.index("BÁO CÁO")
    assert paragraphs[title + 1:title + 3] == ["Kết quả thực hiện cải cách hành chính năm 2023",
                                              "và phương hướng nhiệm vụ năm 2024"]


@pytest.mark.fast
def test_body_holds_the_seed_figures(document):
    paragraphs = _paragraphs(document)
    for line in SEED_LINES:
        assert line in paragraphs
    assert "UBND phường Nguyễn Nghiêm báo cáo kết quả thực hiện công tác cải cách hành chính năm 2023 và phương " \
           "hướng nhiệm vụ năm 2024 như sau:" in paragraphs
    assert any(p.startswith("* Kết quả giải quyết TTHC từ đầu năm đến nay (01/01/2023 – 06/12/2023)") for p in paragraphs)
    # the staff outline with the seed's marks: "* " a group, "+ " a level (corrected seed: 06/9, 66,67%)
    assert any(p.startswith("* Cán bộ: 10 người") for p in paragraphs)
    assert "+ Trung cấp: 06/9 người, chiếm tỷ lệ 66,67%;" in paragraphs


@pytest.mark.fast
def test_headings_are_word_headings(document):
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"),
                        ("Heading 2", "4. Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức")]
    style = document.styles["Heading 1"]
    assert (style.font.name, style.font.size, style.font.bold) == ("Times New Roman", Pt(14), True)


@pytest.mark.fast
def test_tables_are_word_tables_with_the_printed_figures(document):
    ii06a = document.tables[1]
    assert [_text(c.text) for c in ii06a.rows[-1].cells] == SEED_II06A_TOTAL
    assert all(r.bold for c in ii06a.rows[-1].cells for p in c.paragraphs for r in p.runs)
    assert ii06a.rows[0].cells[1].text == "Số hồ sơ nhận giải quyết"  # the grouped header, merged
    assert ii06a.rows[0].cells[1]._tc is ii06a.rows[0].cells[4]._tc
    assert ii06a.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    staff = document.tables[2]
    thac_si = next(r for r in staff.rows if r.cells[0].text == "Thạc sĩ")
    assert [c.text for c in thac_si.cells][-2:] == ["1", "9,09%"]  # 01/11 người không chuyên trách
    captions = _paragraphs(document)
    assert "Tình hình giải quyết TTHC theo lĩnh vực (mẫu Biểu II.06a/VPCP/KSTT)" in captions


@pytest.mark.fast
def test_chart_is_a_picture_within_the_text_width(document):
    assert len(document.inline_shapes) == 1
    section = document.sections[0]
    assert document.inline_shapes[0].width <= section.page_width - section.left_margin - section.right_margin


@pytest.mark.fast
def test_reviewers_band_is_not_in_the_document(document):
    text = "\n".join(_paragraphs(document) + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert REVIEW_ONLY not in text
    assert "Phần dành cho người rà soát" not in text


@pytest.mark.fast
def test_closing_recipients_and_signature(document):
    paragraphs = _paragraphs(document)
    assert any(p.startswith("Trên đây là báo cáo kết quả thực hiện cải cách hành chính năm 2023") for p in paragraphs)
    left, right = document.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["Nơi nhận:", "- UBND thị xã Đức Phổ;", "- Phòng Nội vụ thị xã;",
                                                  "- Ban Thường vụ Đảng ủy phường;", "- CT; PCT UBND phường;",
                                                  "- Lưu: VT."]
    assert [p.text for p in right.paragraphs if p.text] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đỗ Ngọc Thìn"]


@pytest.mark.fast
def test_page_numbers_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert all(not p.text for p in section.first_page_header.paragraphs)
    instructions = [t.text.strip() for t in section.header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    kinds = [f.get(qn("w:fldCharType")) for f in section.header._element.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]


@pytest.mark.fast
def test_page_margins_font_and_language_per_nd30(document):
    section = document.sections[0]
    mm = {name: round(getattr(section, name).mm, 1) for name in
          ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")}
    assert (mm["page_width"], mm["page_height"]) == (210, 297)  # A4 (stored in twips)
    assert 20 <= mm["top_margin"] <= 25 and 20 <= mm["bottom_margin"] <= 25
    assert 30 <= mm["left_margin"] <= 35 and 15 <= mm["right_margin"] <= 20
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"


@pytest.mark.fast
def test_every_text_is_nfc(document):
    texts = _paragraphs(document) + [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


@pytest.mark.fast
def test_html_without_a_report_body_is_refused_in_vietnamese(seed, tmp_path):
    with pytest.raises(ValueError, match="không có phần thân"):
        write_docx("<html><body><p>x</p></body></html>", seed.document_header(), tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.fast
def test_an_office_output_failure_is_a_render_failure_in_vietnamese(monkeypatch, tmp_path):
    """A table the workbook cannot be written from fails the render with one Vietnamese line (the
    stitched HTML and PDF are stubbed: this is about the XLSX step)."""
    from cchc.batch import jobs
    from cchc.render import report as render_report

    def fake_write_report(executed, header, html_out, pdf_out):
        html_out.write_text("<main><div class='cchc-body'><p>x</p></div></main>", encoding="utf-8")
        return html_out, None

    monkeypatch.setattr(render_report, "write_report", fake_write_report)
    broken = [{"key": "bieu-ii06a", "title": "Biểu", "columns": ["a", "b"], "rows": [[1]], "formats": ["text", "int"]}]
    result = jobs.render([], {}, tmp_path / "r.html", tmp_path / "r.pdf", False, broken,
                         tmp_path / "r.xlsx", tmp_path / "r.docx")
    assert not result.ok
    assert result.error.startswith("không ghi được bảng tính Excel r.xlsx: ")
    assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "r.docx").exists()


@pytest.mark.build
def test_build_promotes_xlsx_and_docx_with_html_and_pdf(tmp_path):
    out = tmp_path / "output"
    proc = run_cli("build", "--unit", SEED_SLUG, "--period", str(SEED_YEAR), "--no-progress",
                   env_extra={"CCHC_OUTPUT": str(out)})
    assert proc.returncode == 0, f"build failed:\n{proc.stdout}\n{proc.stderr}"
    folder = out / str(SEED_YEAR) / SEED_SLUG
    stem = f"bao-cao-cchc-{SEED_SLUG}-{SEED_YEAR}"
    status = json.loads((folder / "status.json").read_text(encoding="utf-8"))
    assert (status["html"], status["pdf"], status["xlsx"], status["docx"]) == tuple(
        f"{stem}.{ext}" for ext in ("html", "pdf", "xlsx", "docx"))
    assert {f"{stem}.{ext}" for ext in ("html", "pdf", "xlsx", "docx")} <= set(status["files"])
    for ext in ("html", "pdf", "xlsx", "docx"):
        assert (folder / f"{stem}.{ext}").stat().st_size > 0
    # the real report's Word text and Excel numbers
    doc = Document(str(folder / f"{stem}.docx"))
    paragraphs = _paragraphs(doc)
    for line in SEED_LINES:
        assert line in paragraphs
    assert "I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN" in [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text][-1] == "Đỗ Ngọc Thìn"
    assert len(doc.inline_shapes) >= 3  # the report's charts
    wb = openpyxl.load_workbook(folder / f"{stem}.xlsx")
    ws = wb["bieu-ii06a"]
    total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Tổng cộng")
    assert list(total[1:]) == [3956, 2315, 1635, 6, 3938, 3925, 0, 13, 4, 4, 0]
    # a second build changes nothing and keeps the set
    again = run_cli("build", "--unit", SEED_SLUG, "--period", str(SEED_YEAR), "--no-progress",
                    env_extra={"CCHC_OUTPUT": str(out)})
    assert again.returncode == 0
    assert json.loads((folder / "status.json").read_text(encoding="utf-8"))["files"] == status["files"]
