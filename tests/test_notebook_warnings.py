"""Warnings printed by section notebooks: read back from stderr, said in Vietnamese, counted once
for the build summary, the index and the reviewers' appendix; the index links only real files."""
from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cchc.batch import notebook_warnings as nbw

pytestmark = pytest.mark.fast

GLYPH = ('/work/lib/cchc/chart_style.py:126: UserWarning: Glyph 7889 (\\N{LATIN SMALL LETTER O WITH '
         'CIRCUMFLEX AND ACUTE}) missing from font(s) DejaVu Sans.\n'
         '  fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})\n')
FUTURE = ('/tmp/ipykernel_7693/2373558503.py:6: FutureWarning: DataFrame.applymap has been deprecated. '
          'Use DataFrame.map instead.\n  table = table.applymap(str)\n')
DIVIDE = ('/work/lib/cchc/figures/tthc.py:88: RuntimeWarning: divide by zero encountered in divide\n'
          '  rate = a / b\n')


def _is_nfc(s: str) -> bool:
    return unicodedata.normalize("NFC", s) == s


def test_a_missing_glyph_is_an_error_naming_the_character_and_the_notebook():
    [w] = nbw.from_stderr(GLYPH, "03_cai-cach-tthc")
    assert w.is_error and w.category == "UserWarning"
    assert 'ký tự "ố" (U+1ED1) không có trong phông chữ của biểu đồ' in w.message
    assert w.reason().startswith("03_cai-cach-tthc: ký tự \"ố\"")
    assert "Glyph 7889" in w.original and "fig.savefig" in w.original  # the English, kept whole
    assert _is_nfc(w.message)


def test_older_matplotlib_wording_and_an_emoji_are_recognised():
    [w] = nbw.from_stderr("x.py:1: UserWarning: Glyph 128512 (\\N{GRINNING FACE}) missing from current font.\n",
                          "02_x")
    assert w.is_error and '"😀" (U+1F600)' in w.message


def test_library_deprecations_are_technical_warnings_in_vietnamese():
    [w] = nbw.from_stderr(FUTURE, "05_doi-ngu-cbcc")
    assert not w.is_error
    assert w.message.startswith("cảnh báo kỹ thuật của thư viện pandas")
    assert "FutureWarning" not in w.message and "FutureWarning" in w.original
    [m] = nbw.from_stderr("/x/site-packages/matplotlib/axes/_base.py:9: MatplotlibDeprecationWarning: "
                          "The X attribute was deprecated\n  ax.x\n", "03")
    assert m.message.startswith("cảnh báo kỹ thuật của thư viện matplotlib")


def test_several_warnings_in_one_output_and_other_text_are_each_counted():
    found = nbw.from_stderr(GLYPH + FUTURE + DIVIDE + "some tool printed this\n", "03_cai-cach-tthc")
    assert [w.category for w in found] == ["UserWarning", "FutureWarning", "RuntimeWarning", ""]
    assert found[2].message.startswith("phép tính số học không xác định")
    assert found[3].message == "nội dung khác được in ra luồng lỗi (stderr) khi chạy phần này"
    assert "table = table.applymap(str)" in found[1].original  # the echoed source line stays with its warning
    assert "table = table.applymap" not in found[2].original
    assert all(_is_nfc(w.message) for w in found)


def test_every_cell_of_an_executed_notebook_is_read(tmp_path):
    """Parameters and `remove` cells are not printed, but what they warned about still counts."""
    removed = new_code_cell("import cchc", metadata={"tags": ["remove"]})
    removed.outputs = [new_output("stream", name="stderr", text=FUTURE)]
    body = new_code_cell("cchc.show(x)")
    body.outputs = [new_output("stream", name="stdout", text="not a warning\n"),
                    new_output("stream", name="stderr", text=DIVIDE)]
    path = tmp_path / "04_to-chuc-bo-may.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("x"), removed, body]), path)
    found = nbw.of_notebook(path)
    assert [w.notebook for w in found] == ["04_to-chuc-bo-may"] * 2
    assert [w.category for w in found] == ["FutureWarning", "RuntimeWarning"]


def test_one_count_inputs_plus_notebook_warnings_errors_apart():
    found = nbw.from_stderr(GLYPH + FUTURE + DIVIDE, "03")
    s = nbw.summary(2, found)
    assert s["total"] == 4 and s["inputs"] == 2 and len(s["notebooks"]) == 2
    assert json.loads(json.dumps(s, ensure_ascii=False)) == s  # goes into status.json as it is


# --- the reviewers' appendix --------------------------------------------------------------------

def _stitched(warnings: dict | None) -> nbformat.NotebookNode:
    cell = new_code_cell("cchc.show(x)", metadata={"cchc_source": "03_cai-cach-tthc.ipynb"})
    cell.outputs = [new_output("display_data", data={"text/html": "<p>THÂN-BÁO-CÁO</p>"}),
                    new_output("stream", name="stderr", text=FUTURE)]
    nb = new_notebook(cells=[cell])
    nb.metadata["cchc"] = {"doc_type": "BÁO CÁO", "subject": ["Kết quả"], "unit_upper": "PHƯỜNG X"}
    if warnings is not None:
        nb.metadata["cchc"]["warnings"] = warnings
    return nb


def _band(html: str) -> str:
    start = re.search(r'<aside[^>]*class="cchc-review-band"', html).start()
    return html[start:html.index("</aside>")]


def test_appendix_shows_the_build_count_in_vietnamese_and_english_only_in_details():
    from cchc.render import render_html

    found = nbw.from_stderr(FUTURE, "03_cai-cach-tthc")
    html = render_html(_stitched(nbw.summary(3, found)))
    band = _band(html)
    assert "Tổng số cảnh báo: 4</strong> (3 về dữ liệu đầu vào, 1 khi chạy các phần báo cáo)" in band
    assert "Cảnh báo in ra khi chạy các phần báo cáo" in band
    assert "phần 03_cai-cach-tthc: cảnh báo kỹ thuật của thư viện pandas" in band
    # the English only inside the collapsed details (the band itself is hidden in print)
    without_details = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    assert "FutureWarning" in band and "FutureWarning" not in without_details
    assert "applymap" not in without_details
    assert re.search(r"<details class=\"cchc-original\"><summary>Nguyên văn", band)
    assert "<details open" not in html


def test_appendix_without_a_build_reads_the_warnings_of_the_cells():
    from cchc.render import render_html

    html = render_html(_stitched(None))
    band = _band(html)
    assert "Tổng số cảnh báo: 1</strong> (1 khi chạy các phần báo cáo)" in band
    assert "phần 03_cai-cach-tthc: cảnh báo kỹ thuật" in band
    assert "FutureWarning" not in re.sub(r"<details.*?</details>", "", html, flags=re.S)


def test_appendix_says_zero_when_a_build_found_no_warning():
    from cchc.render import render_html

    band = _band(render_html(_stitched(nbw.summary(0, []))))
    assert "Tổng số cảnh báo: 0</strong>" in band and "<li" not in band


# --- the index ----------------------------------------------------------------------------------

def _status(**kw) -> dict:
    row = {"year": 2023, "slug": "phuong-a", "status": "ok", "unit_name": "Phường A", "errors": [],
           "warnings": 3, "warnings_inputs": 2, "warnings_notebooks": [{"notebook": "03"}],
           "headline": {}, "html": "bao-cao.html", "pdf": "bao-cao.pdf",
           "notebooks": ["notebooks/01_a.ipynb", "notebooks/02_b.ipynb"], "failed_notebooks": []}
    row.update(kw)
    return row


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_index_links_only_files_that_exist_and_are_not_empty(tmp_path):
    from cchc.batch.index import render_index

    unit = tmp_path / "2023" / "phuong-a"
    (unit / "notebooks").mkdir(parents=True)
    (unit / "bao-cao.html").write_text("<html>…</html>", encoding="utf-8")
    (unit / "bao-cao.pdf").write_bytes(b"")  # empty: no link
    (unit / "kiem-tra-du-lieu.txt").write_text("2023/phuong-a: không có lỗi\n", encoding="utf-8")
    (unit / "notebooks" / "01_a.ipynb").write_text("{}", encoding="utf-8")  # 02 is missing
    html = render_index([_status()], tmp_path)
    assert _hrefs(html) == ["2023/phuong-a/bao-cao.html", "2023/phuong-a/kiem-tra-du-lieu.txt",
                            "2023/phuong-a/notebooks/01_a.ipynb"]


def test_index_row_of_a_failed_unit_shows_its_reason_and_only_what_exists(tmp_path):
    from cchc.batch.index import render_index

    unit = tmp_path / "2023" / "phuong-a"
    (unit / "failed").mkdir(parents=True)
    (unit / "failed" / "02_b.ipynb").write_text("{}", encoding="utf-8")
    reason = '02_b: ký tự "中" (U+4E2D) không có trong phông chữ của biểu đồ'
    html = render_index([_status(status="failed", errors=[reason], html=None, pdf=None,
                                 failed_notebooks=["failed/02_b.ipynb"])], tmp_path)
    assert "Lỗi" in html and "ký tự &quot;中&quot; (U+4E2D) không có trong phông chữ" in html
    assert _hrefs(html) == ["2023/phuong-a/failed/02_b.ipynb"]


def test_index_warnings_column_is_the_status_count_with_its_parts():
    from cchc.batch.index import render_index

    html = render_index([_status()])
    assert '<td class="num" data-v="3" title="2 về dữ liệu đầu vào, 1 khi chạy các phần báo cáo">3</td>' in html


# --- the build summary --------------------------------------------------------------------------

def test_summary_line_counts_warnings_and_failures(tmp_path, monkeypatch):
    from cchc.batch import jobs, orchestrate
    from cchc.batch.plan import Section, UnitYearPlan

    monkeypatch.setenv("CCHC_OUTPUT", str(tmp_path))
    sections = [Section("03", Path("03_cai-cach-tthc.ipynb"))]
    ok = orchestrate.UnitYearState(UnitYearPlan("phuong-a", 2023, sections), status=orchestrate.OK)
    ok.prep = jobs.PrepResult(True, ["cảnh báo 1", "cảnh báo 2"], 2)
    ok.nb_warnings["03_cai-cach-tthc"] = nbw.from_stderr(FUTURE + DIVIDE, "03_cai-cach-tthc")
    bad = orchestrate.UnitYearState(UnitYearPlan("phuong-b", 2023, sections), status=orchestrate.FAILED)
    bad.prep = jobs.PrepResult(True, [], 0)
    bad.nb_warnings["03_cai-cach-tthc"] = nbw.from_stderr(GLYPH, "03_cai-cach-tthc")
    bad.errors = [w.reason() for w in bad.nb_warnings["03_cai-cach-tthc"]]
    out = io.StringIO()
    orchestrate._print_summary([ok, bad], 1.0, out)
    text = out.getvalue()
    assert "2 báo cáo: 1 thành công, 1 lỗi; 4 cảnh báo; 1.0 giây." in text
    assert re.search(r"2023/phuong-a\s+xong\s+0.0s\s+4 cảnh báo", text)
    assert 'ký tự "ố" (U+1ED1)' in text
