"""Rendering: stitched notebook -> ND 30 HTML (self-contained) and PDF (WeasyPrint), chart style."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cchc import chart_style
from cchc.render import fonts
from cchc.render.exporters import recipient_lines

VENV_BIN = Path(sys.executable).parent

HEADER = {
    "authority_upper": "ỦY BAN NHÂN DÂN",
    "unit_upper": "PHƯỜNG NGUYỄN NGHIÊM",
    "number": "Số: 227/BC-UBND",
    "motto": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto_sub": "Độc lập - Tự do - Hạnh phúc",
    "place_date": "Phường Nguyễn Nghiêm, ngày 06 tháng 12 năm 2023",
    "doc_type": "BÁO CÁO",
    "subject": ["Kết quả thực hiện cải cách hành chính năm 2023",
                "và phương hướng nhiệm vụ năm 2024"],
    "closing": "Trên đây là báo cáo kết quả thực hiện cải cách hành chính năm 2023 và phương hướng "
               "nhiệm vụ năm 2024 của UBND phường Nguyễn Nghiêm. Kính báo cáo Phòng Nội vụ thị xã "
               "tổng hợp./.",
    "recipients": ["UBND thị xã Đức Phổ", "Phòng Nội vụ thị xã", "CT; PCT UBND phường"],
    "signatory": {"authority_line": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH",
                  "name": "Đỗ Ngọc Thìn"},
    "title": "Báo cáo CCHC năm 2023 - phường Nguyễn Nghiêm",
    "status_note": "Bản nháp chờ rà soát",
}

PROSE = (
    "Trong kỳ báo cáo, Bộ phận một cửa phường Nguyễn Nghiêm đã tiếp nhận 3.956 hồ sơ, trong đó "
    "2.315 hồ sơ trực tuyến; số hóa thành phần hồ sơ đạt 58,79%; thu phí trực tuyến 10.282.000 "
    "đồng. Phường Phổ Thạnh và các xã, phường khác trên địa bàn thị xã tiếp tục đẩy mạnh cải cách "
    "thủ tục hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp."
)
TABLE = (
    '<table class="cchc-table"><thead><tr><th>Lĩnh vực</th><th>Tiếp nhận</th><th>Đã giải quyết'
    '</th></tr></thead><tbody><tr><td>Hộ tịch</td><td class="num">1.632</td><td class="num">1.630'
    '</td></tr><tr class="cchc-total"><td>Tổng cộng</td><td class="num">3.956</td>'
    '<td class="num">3.938</td></tr></tbody></table>'
)
CHECKS = (
    '<table class="cchc-table"><thead><tr><th>Kiểm tra</th><th>Kết quả</th></tr></thead><tbody>'
    '<tr><td>Tổng hồ sơ khớp 3.938 + 4 + 14 = 3.956</td><td class="cchc-pass">Đạt</td></tr>'
    '<tr class="cchc-fail"><td>KIỂM-TRA-MẪU-XYZ</td><td class="cchc-fail">Không đạt</td></tr>'
    "</tbody></table>"
)


def _display(mime: dict, metadata: dict | None = None):
    return new_output("display_data", data=mime, metadata=metadata or {})


def _chart_png() -> bytes:
    chart_style.apply()
    fig, ax = chart_style.new_figure(height_cm=7)
    ax.bar(["Tháng 1", "Tháng 2", "Tháng 3"], [310, 295, 342], label="Trực tuyến")
    ax.set_title("Số hồ sơ tiếp nhận theo tháng")
    ax.legend()
    png = chart_style.figure_png(fig)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return png


def _body_notebook(path: Path) -> None:
    import base64

    png = base64.b64encode(_chart_png()).decode("ascii")
    params = new_code_cell('unit: str = "phuong-nguyen-nghiem"  # unit slug', metadata={"tags": ["parameters"]})
    injected = new_code_cell('unit = "INJECTED-SENTINEL"', metadata={"tags": ["injected-parameters"]})
    removed = new_code_cell("x = 1", metadata={"tags": ["remove"]})
    removed.outputs = [_display({"text/html": "<p>REMOVED-SENTINEL</p>"})]
    prose = new_code_cell("cchc.show(...)")
    prose.outputs = [_display({"text/html": "".join(f"<p>{PROSE}</p>" for _ in range(14)),
                               "text/plain": "<PLAIN-REPR-SENTINEL>"})]
    prose.outputs.append(new_output("stream", name="stderr", text="UserWarning: STDERR-SENTINEL\n"))
    table = new_code_cell("cchc.show(table)")
    table.outputs = [_display({"text/html": TABLE, "text/plain": "<PLAIN-REPR-SENTINEL>"})]
    chart = new_code_cell("chart_style.show_figure(fig)")
    chart.outputs = [_display({"image/png": png, "text/plain": "<IPython.core.display.Image object>"},
                              {"cchc_alt": "Số hồ sơ tiếp nhận theo tháng"})]
    nb = new_notebook(cells=[
        new_markdown_cell("**I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN**"),
        params, injected, removed, prose,
        new_markdown_cell("## II. KẾT QUẢ GIẢI QUYẾT HỒ SƠ"),
        table, chart,
    ])
    nb.metadata["kernelspec"] = {"name": "cchc", "display_name": "Python 3 (cchc)", "language": "python"}
    nbformat.write(nb, path)


def _appendix_notebook(path: Path) -> None:
    checks = new_code_cell("cchc.show(report.checks_table())")
    checks.outputs = [_display({"text/html": CHECKS})]
    nb = new_notebook(cells=[
        new_markdown_cell("### Kiểm tra chất lượng số liệu"),
        new_code_cell('unit = "x"', metadata={"tags": ["injected-parameters"]}),
        checks,
        new_markdown_cell("Nguồn dữ liệu: ho-so.csv sha256 PROVENANCE-SENTINEL"),
    ])
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> list[Path]:
    d = tmp_path_factory.mktemp("executed")
    body, appendix = d / "01_tong-quan.ipynb", d / "99_phu-luc.ipynb"
    _body_notebook(body)
    _appendix_notebook(appendix)
    return [body, appendix]


@pytest.fixture(scope="module")
def report(executed, tmp_path_factory):
    from cchc.render import write_report

    out = tmp_path_factory.mktemp("out")
    html_path, pdf_path = write_report(executed, HEADER, out / "bao-cao.html", out / "bao-cao.pdf")
    return html_path, pdf_path


def _tool(name: str) -> str:
    path = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if not path:
        pytest.fail(f"{name} not found: install it with `apt-get install poppler-utils`")
    return path


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


# --- stitch -------------------------------------------------------------------------------------

@pytest.mark.fast
def test_stitch_orders_cells_drops_parameters_and_tags_appendix(executed):
    from cchc.render import stitch

    nb = stitch(executed, HEADER)
    nbformat.validate(nb)
    sources = [c.source for c in nb.cells]
    assert sources[0] == "**I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN**"
    assert not any("INJECTED-SENTINEL" in s or "phuong-nguyen-nghiem" in s for s in sources)
    assert "x = 1" not in sources
    assert len(nb.cells) == 5 + 3  # body: 2 markdown + 3 outputs kept; appendix: 2 markdown + 1
    review = [c for c in nb.cells if "cchc-review" in c.metadata.get("tags", [])]
    assert [c.source for c in review] == [
        "### Kiểm tra chất lượng số liệu", "cchc.show(report.checks_table())",
        "Nguồn dữ liệu: ho-so.csv sha256 PROVENANCE-SENTINEL"]
    assert nb.cells.index(review[0]) == 5  # appendix cells come after the body's
    assert nb.metadata["cchc"]["unit_upper"] == "PHƯỜNG NGUYỄN NGHIÊM"
    assert len({c.id for c in nb.cells}) == len(nb.cells)


@pytest.mark.fast
def test_stitch_makes_duplicate_cell_ids_unique(tmp_path):
    from cchc.render import stitch

    paths = []
    for name in ("01_a.ipynb", "02_b.ipynb"):
        cell = new_markdown_cell("Đoạn văn", id="same-id")
        nbformat.write(new_notebook(cells=[cell]), tmp_path / name)
        paths.append(tmp_path / name)
    nb = stitch(paths, HEADER)
    assert nb.cells[0].id == "same-id" and nb.cells[1].id != "same-id"
    nbformat.validate(nb)


@pytest.mark.fast
def test_recipient_lines_follow_nd30():
    assert recipient_lines(["- UBND thị xã Đức Phổ;", "Phòng Nội vụ thị xã"]) == [
        "- UBND thị xã Đức Phổ;", "- Phòng Nội vụ thị xã;", "- Lưu: VT."]
    assert recipient_lines(["Lưu: VT, VP.", "A"]) == ["- A;", "- Lưu: VT, VP."]


# --- HTML ---------------------------------------------------------------------------------------

@pytest.mark.build
def test_html_is_self_contained(report):
    html = report[0].read_text(encoding="utf-8")
    assert not re.search(r"https?://", html)
    assert "<script" not in html.lower()
    assert re.search(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', html)
    assert re.search(r"@font-face\s*{[^}]*CCHC Serif[^}]*url\(\"data:font/woff2;base64,", html)
    assert html.count("@font-face") == 4
    assert not re.search(r"(src|href)=\"(?!data:|#)", html)  # no file or relative references


@pytest.mark.build
def test_html_has_nd30_header_body_end_and_review_band_in_order(report):
    html = report[0].read_text(encoding="utf-8")
    order = [
        "ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM", "Số: 227/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Phường Nguyễn Nghiêm, ngày 06 tháng 12 năm 2023", "BÁO CÁO",
        "Kết quả thực hiện cải cách hành chính năm 2023", "I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN",
        "II. KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "Trên đây là báo cáo", "Nơi nhận:",
        "- UBND thị xã Đức Phổ;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đỗ Ngọc Thìn",
        'class="cchc-review-band"', "Bản nháp chờ rà soát", "KIỂM-TRA-MẪU-XYZ",
        "PROVENANCE-SENTINEL", "STDERR-SENTINEL",
    ]
    positions = [html.find(s) for s in order]
    assert all(p >= 0 for p in positions), [s for s, p in zip(order, positions) if p < 0]
    assert positions == sorted(positions), "ND 30 parts out of order"
    assert '<title>Báo cáo CCHC năm 2023 - phường Nguyễn Nghiêm</title>' in html
    assert 'alt="Số hồ sơ tiếp nhận theo tháng"' in html
    for absent in ("PLAIN-REPR-SENTINEL", "REMOVED-SENTINEL", "INJECTED-SENTINEL", "In&nbsp;["):
        assert absent not in html
    assert html.count("3.956 hồ sơ") == 14


@pytest.mark.fast
def test_html_without_header_still_converts():
    from cchc.render import render_html

    html = render_html(new_notebook(cells=[new_markdown_cell("Chỉ có nội dung")]))
    assert "Chỉ có nội dung" in html and "<aside" not in html and "Nơi nhận:<" not in html


# --- PDF ----------------------------------------------------------------------------------------

@pytest.mark.browser
def test_pdf_text_fonts_and_page_numbers(report):
    pdf = str(report[1])
    text = _run(_tool("pdftotext"), "-enc", "UTF-8", pdf, "-")
    for s in ("ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM", "Số: 227/BC-UBND",
              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
              "ngày 06 tháng 12 năm 2023", "3.956 hồ sơ", "58,79%", "10.282.000",
              "Phổ Thạnh", "Nơi nhận:", "- Lưu: VT.", "Đỗ Ngọc Thìn", "Hộ tịch"):
        assert s in text, s
    for s in ("KIỂM-TRA-MẪU-XYZ", "PROVENANCE-SENTINEL", "Bản nháp chờ rà soát", "STDERR-SENTINEL",
              "rà soát"):
        assert s not in text, s

    fonts_out = _run(_tool("pdffonts"), pdf)
    rows = [l.split() for l in fonts_out.splitlines()[2:] if l.strip()]
    assert rows, fonts_out
    # WeasyPrint names the subsets from the family ("ABCDEF+Liberation-Serif-Bold"), poppler and
    # other writers from the PostScript name ("LiberationSerif-Bold"): accept both spellings.
    serif = [r for r in rows if re.search(r"Liberation-?Serif", r[0])]
    assert serif, fonts_out
    # columns: name, type (1-2 words), encoding, emb, sub, uni, object, ID
    for line in fonts_out.splitlines()[2:]:
        if re.search(r"Liberation-?Serif", line):
            assert re.search(r"\syes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line), line
    faces = {re.sub(r"^[A-Z]{6}\+", "", r[0]).replace("-", "") for r in serif}
    assert {"LiberationSerif", "LiberationSerifBold", "LiberationSerifItalic",
            "LiberationSerifBoldItalic"} <= faces, faces
    assert not [r for r in rows if "Liberation" not in r[0]], fonts_out  # no fallback font crept in

    info = _run(_tool("pdfinfo"), pdf)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 2
    page1 = _run(_tool("pdftotext"), "-f", "1", "-l", "1", "-layout", pdf, "-")
    page2 = _run(_tool("pdftotext"), "-f", "2", "-l", "2", "-layout", pdf, "-")
    first1 = next(l.strip() for l in page1.splitlines() if l.strip())
    first2 = next(l.strip() for l in page2.splitlines() if l.strip())
    assert first2 == "2"
    assert first1.startswith("ỦY BAN NHÂN DÂN")
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d* pts", info), info  # A4


@pytest.mark.browser
def test_pdf_margins_follow_nd30(report):
    """Body text starts ~30 mm from the left edge and ends ~15 mm from the right (A4, 72 pt/in)."""
    bbox = _run(_tool("pdftotext"), "-f", "2", "-l", "2", "-bbox", str(report[1]), "-")
    xs = [(float(a), float(b)) for a, b in re.findall(r'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"', bbox)]
    mm = 72 / 25.4
    left, right = min(x for x, _ in xs) / mm, 210 - max(x for _, x in xs) / mm
    assert 29 <= left <= 32, left
    assert 14 <= right <= 17, right


# --- exporters via nbconvert -----------------------------------------------------------------------

@pytest.mark.build
def test_jupyter_nbconvert_to_cchc(executed, tmp_path):
    from cchc.render import stitch

    src = tmp_path / "bao-cao.ipynb"
    nbformat.write(stitch(executed, HEADER), src)
    for fmt, ext in (("cchc", ".html"), ("cchc_pdf", ".pdf")):
        done = subprocess.run([str(VENV_BIN / "jupyter"), "nbconvert", "--to", fmt, str(src),
                               "--output-dir", str(tmp_path / fmt)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        out = tmp_path / fmt / f"bao-cao{ext}"
        assert out.exists(), fmt
    html = (tmp_path / "cchc" / "bao-cao.html").read_text(encoding="utf-8")
    assert "PHƯỜNG NGUYỄN NGHIÊM" in html and "Đỗ Ngọc Thìn" in html
    assert (tmp_path / "cchc_pdf" / "bao-cao.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.build
def test_write_report_leaves_previous_files_when_pdf_fails(executed, tmp_path, monkeypatch):
    from cchc.render import pdf as pdf_mod
    from cchc.render import write_report

    html_out, pdf_out = tmp_path / "r.html", tmp_path / "r.pdf"
    html_out.write_text("OLD"), pdf_out.write_text("OLD")

    def boom(html):
        raise RuntimeError("weasyprint died")

    monkeypatch.setattr(pdf_mod, "html_to_pdf_bytes", boom)
    with pytest.raises(RuntimeError):
        write_report(executed, HEADER, html_out, pdf_out)
    assert html_out.read_text() == "OLD" and pdf_out.read_text() == "OLD"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.pdf"]  # no temp left

    html_path, pdf_path = write_report(executed, HEADER, html_out, None)
    assert pdf_path is None and "Đỗ Ngọc Thìn" in html_path.read_text(encoding="utf-8")


# --- font and charts ------------------------------------------------------------------------------

VIETNAMESE = ("ỦY BAN NHÂN DÂN Nghiêm Phổ Thạnh Độc lập - Tự do - Hạnh phúc đồng "
              "ư ơ ạ ả ấ ầ ẩ ẫ ậ ắ ằ ẳ ẵ ặ ẹ ẻ ẽ ế ề ể ễ ệ ỉ ị ọ ỏ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ụ ủ ứ ừ ử ữ ự "
              "ỳ ỵ ỷ ỹ Đ đ Ư Ơ Ạ Ả Ấ Ầ Ẩ Ẫ Ậ Ắ Ằ Ẳ Ẵ Ặ Ẹ Ẻ Ẽ Ế Ề Ể Ễ Ệ Ỉ Ị Ọ Ỏ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ "
              "Ụ Ủ Ứ Ừ Ử Ữ Ự Ỳ Ỵ Ỷ Ỹ")


@pytest.mark.fast
def test_shipped_fonts_cover_vietnamese_and_carry_licence():
    from fontTools.ttLib import TTFont

    assert len(fonts.font_files()) == 4
    assert "SIL OPEN FONT LICENSE Version 1.1" in fonts.LICENCE.read_text(encoding="utf-8")
    for path in fonts.font_files():
        font = TTFont(path)
        assert font["name"].getDebugName(1) == "Liberation Serif"
        cmap = font.getBestCmap()
        missing = sorted({ch for ch in VIETNAMESE if not ch.isspace() and ord(ch) not in cmap})
        assert not missing, (path.name, missing)


@pytest.mark.fast
def test_html_subsets_are_renamed_liberation_serif_with_the_same_glyphs():
    """The HTML's faces are subsets of the full ones (OFL Modified Version): renamed away from the
    Reserved Font Name, the licence kept in the name table, every Vietnamese character present,
    and every glyph they keep drawn exactly as the full face draws it (the PDF and charts use it)."""
    from fontTools.ttLib import TTFont

    assert len(fonts.subset_files()) == 4
    for key, path in fonts.SUBSET_FACES.items():
        sub, full = TTFont(path), TTFont(fonts.FACES[key])
        assert sub.flavor == "woff2"
        names = sub["name"]
        assert names.getDebugName(1) == fonts.HTML_FAMILY
        for name_id in fonts.NAMING_IDS:
            assert "liberation" not in (names.getDebugName(name_id) or "").lower(), (path.name, name_id)
        assert names.getDebugName(0) == full["name"].getDebugName(0)  # copyright notice
        assert "Open Font License" in names.getDebugName(13)
        assert (sub["OS/2"].usWeightClass, sub["head"].macStyle) == (full["OS/2"].usWeightClass, full["head"].macStyle)
        sub_cmap, full_cmap = sub.getBestCmap(), full.getBestCmap()
        assert not sorted({ch for ch in VIETNAMESE if not ch.isspace() and ord(ch) not in sub_cmap})
        assert set(sub_cmap) == set(fonts.subset_unicodes()) & set(full_cmap)
        sub_glyf, full_glyf = sub["glyf"], full["glyf"]
        for cp, name in sub_cmap.items():
            ours, theirs = sub_glyf[name], full_glyf[full_cmap[cp]]
            assert sub["hmtx"][name] == full["hmtx"][full_cmap[cp]], hex(cp)
            if theirs.numberOfContours == 0:
                assert ours.numberOfContours == 0, hex(cp)
                continue
            coords_ours, ends_ours, _ = ours.getCoordinates(sub_glyf)
            coords_theirs, ends_theirs, _ = theirs.getCoordinates(full_glyf)
            assert (list(coords_ours), ends_ours) == (list(coords_theirs), ends_theirs), hex(cp)
        assert path.stat().st_size < fonts.FACES[key].stat().st_size / 5


@pytest.mark.build
def test_html_subsets_are_what_the_generator_makes():
    """The committed WOFF2 files are the generator's output for the pinned fontTools (regenerate
    with `python -m cchc.render.fonts` after changing SUBSET_RANGES)."""
    for key, path in fonts.SUBSET_FACES.items():
        assert fonts.subset_bytes(key) == path.read_bytes(), path.name


# a ă â e ê i o ô ơ u ư y with the five tones, and đ.
VIETNAMESE_LETTERS = "".join(
    unicodedata.normalize("NFC", base + tone) for base in "aăâeêioôơuưy"
    for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
) + "đ"


@pytest.mark.fast
def test_chart_renders_vietnamese_label_in_liberation_serif():
    import matplotlib.pyplot as plt
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    chart_style.apply()
    fig, ax = chart_style.new_figure()
    label = ax.set_title("Số hồ sơ tiếp nhận theo tháng")
    # Every Vietnamese letter with every tone, both cases, in the chart's faces (title bold, rest regular).
    ax.set_xlabel(VIETNAMESE_LETTERS)
    ax.set_ylabel(VIETNAMESE_LETTERS.upper())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = chart_style.figure_png(fig)
    plt.close(fig)
    assert not [w for w in caught if "missing" in str(w.message).lower()], [str(w.message) for w in caught]
    used = font_manager.findfont(label.get_fontproperties(), fallback_to_default=False)
    assert FT2Font(used).family_name == "Liberation Serif"
    # The shipped files, whatever the system has installed under the same family name.
    shipped = {str(p) for p in fonts.font_files()}
    assert str(used) in shipped
    assert str(font_manager.findfont(ax.xaxis.label.get_fontproperties(), fallback_to_default=False)) in shipped
    assert chart_style.font_file() == str(fonts.FACES[("normal", "normal")])
    assert png.startswith(b"\x89PNG") and b"matplotlib" not in png  # no version stamp


@pytest.mark.fast
def test_show_figure_displays_one_png_and_closes(monkeypatch):
    import IPython.display
    import matplotlib.pyplot as plt

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)))
    chart_style.apply()
    fig, ax = chart_style.new_figure()
    ax.plot([1, 2], [3, 4])
    ax.set_title("Tỷ lệ số hóa kết quả")
    chart_style.show_figure(fig)
    assert len(shown) == 1
    obj, kw = shown[0]
    assert obj.format == "png" and obj.data.startswith(b"\x89PNG")
    assert kw["metadata"] == {"cchc_alt": "Tỷ lệ số hóa kết quả"}
    assert plt.get_fignums() == []


@pytest.mark.fast
def test_chart_style_is_sober_and_print_sized():
    import matplotlib

    chart_style.apply()
    rc = matplotlib.rcParams
    assert rc["font.family"] == ["serif"] and rc["font.serif"][0] == "Liberation Serif"
    assert not rc["axes.spines.top"] and not rc["axes.spines.right"]
    assert 150 <= rc["savefig.dpi"] <= 200
    assert abs(rc["figure.figsize"][0] * 2.54 - 16) < 0.01
    assert matplotlib.get_backend().lower() == "agg"


@pytest.mark.build
def test_show_figure_in_a_real_kernel_gives_exactly_one_png():
    from nbclient import NotebookClient

    nb = new_notebook(cells=[new_code_cell(
        "from cchc import chart_style\n"
        "import matplotlib.pyplot as plt\n"
        "chart_style.apply()\n"
        "fig, ax = chart_style.new_figure()\n"
        "ax.bar(['Tháng 1', 'Tháng 2'], [3, 4])\n"
        "chart_style.show_figure(fig, alt='Số hồ sơ tiếp nhận theo tháng')\n"
        "print(len(plt.get_fignums()))"
    )])
    nb.metadata["kernelspec"] = {"name": "cchc", "display_name": "Python 3 (cchc)", "language": "python"}
    NotebookClient(nb, timeout=120, kernel_name="cchc").execute()
    outputs = nb.cells[0].outputs
    pngs = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.data]
    assert len(pngs) == 1, outputs
    assert pngs[0].metadata["cchc_alt"] == "Số hồ sơ tiếp nhận theo tháng"
    assert [o.text for o in outputs if o.output_type == "stream"] == ["0\n"]
    assert len(outputs) == 2


@pytest.mark.fast
def test_tables_get_figures_right_aligned_and_wide_tables_smaller_type():
    from cchc.render.exporters import _polish_tables

    row = "<tr><th>Hộ tịch</th><td>1.632</td><td>58,79%</td><td>—</td><td>Đạt</td><td>02/3/2023</td></tr>"
    html = _polish_tables(f"<table>{row}</table>")
    assert html.count('class="num"') == 3
    assert "<td>Đạt</td>" in html and "<td>02/3/2023</td>" in html and "cchc-wide" not in html
    wide = "<tr>" + "<td>1</td>" * 9 + "</tr>"
    assert 'class="cchc-wide"' in _polish_tables(f"<table>{wide}</table>")
