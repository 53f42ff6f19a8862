"""The reviewer's index (output/index.html, `cchc.batch.index`): filters by period, parent, status
and kind, sortable columns, below-target figures highlighted, each report's number, date and
signatory, warnings counted apart from "no report to compare with", a row per consolidated
report, links to HTML, PDF, XLSX and DOCX. Fast tests read the markup; the browser tests use it in
Chromium from file:// with no network (playwright, as tests/test_browser.py does)."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from conftest import TINY_SLUG, TINY_YEAR
from test_browser import CHROMIUM, CHROMIUM_ARGS, INSTALL_HINT, Visit  # the same Chromium, the same page load

ON_TIME = "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn"
INTAKE = "Tỷ lệ số hóa thành phần hồ sơ khi tiếp nhận"
RESULT = "Tỷ lệ số hóa kết quả giải quyết TTHC"
MARKUP = '<script>alert("x")</script>'


def _unit(slug="xa-mau-001", period="2024-q1", **kw) -> dict:
    row = {"period": period, "period_name": {"2024-q1": "quý I năm 2024", "2024": "năm 2024"}.get(period),
           "year": 2024, "slug": slug, "kind": "unit", "status": "ok", "unit_name": "Xã Mẫu 001",
           "parent": "tỉnh Mẫu", "errors": [], "warnings": 0, "warnings_inputs": 0, "warnings_notebooks": [],
           "warnings_no_comparison": 0,
           "headline": {"received": 1200, "on_time_rate": 0.99, "on_time_rate_text": "99,00%",
                        "intake_digitisation_rate": 0.5, "intake_digitisation_rate_text": "50,00%",
                        "result_digitisation_rate": 0.8, "result_digitisation_rate_text": "80,00%"},
           "number": "50/BC-UBND", "date": "2024-03-18", "signatory": "Chủ tịch Nguyễn Văn An",
           "targets": [{"label": ON_TIME, "value_text": "99,00%", "target_text": "98%", "met": True},
                       {"label": INTAKE, "value_text": "50,00%", "target_text": "70%", "met": False},
                       {"label": RESULT, "value_text": "80,00%", "target_text": "70%", "met": True}],
           "html": f"bao-cao-cchc-{slug}-{period}.html", "pdf": f"bao-cao-cchc-{slug}-{period}.pdf",
           "xlsx": f"bao-cao-cchc-{slug}-{period}.xlsx", "docx": f"bao-cao-cchc-{slug}-{period}.docx",
           "notebooks": [], "failed_notebooks": []}
    row.update(kw)
    return row


def _consolidated(period="2024-q1", **kw) -> dict:
    row = _unit("tinh-mau", period, kind="consolidated", unit_name="Tỉnh Mẫu", parent="tỉnh Mẫu", targets=[],
                children=[{"slug": "xa-mau-001", "name": "xã Mẫu 001", "status": "tong_hop"},
                          {"slug": "xa-mau-002", "name": "xã Mẫu 002", "status": "loi", "reason": "lỗi"},
                          {"slug": "xa-mau-003", "name": "xã Mẫu 003", "status": "khong_co_bao_cao"}])
    row.update(kw)
    return row


def _rows() -> list[dict]:
    return [
        _unit(),
        _unit(period="2024", number="120/BC-UBND", date="2024-12-16",
              targets=[{"label": ON_TIME, "value_text": "97,00%", "target_text": "98%", "met": False}],
              headline={"received": 5000, "on_time_rate": 0.97, "on_time_rate_text": "97,00%",
                        "service_index": {"points": 72.5, "max": 88}},
              warnings=2, warnings_inputs=2, warnings_no_comparison=2),
        _unit("xa-mau-002", unit_name="Xã Mẫu 002", status="failed", errors=["dòng 6: ngày sai"], targets=[],
              number="12/BC-UBND", date="2024-03-15", headline={"received": 800}),
        _unit("phuong-khac", unit_name="Phường Khác", parent="thị xã Khác", number="9/BC-UBND", date="2024-03-20",
              targets=[{"label": INTAKE, "value_text": "75,00%", "target_text": "70%", "met": True}],
              headline={"received": 3000, "intake_digitisation_rate": 0.75, "intake_digitisation_rate_text": "75,00%"}),
        _consolidated(),
    ]


def _tree(root: Path, rows: list[dict]) -> Path:
    """The files the rows name, so the index links them (it links only files that exist)."""
    for r in rows:
        folder = root / r["period"] / r["slug"]
        folder.mkdir(parents=True, exist_ok=True)
        for key in ("html", "pdf", "xlsx", "docx"):
            (folder / r[key]).write_text("x", encoding="utf-8")
        (folder / "kiem-tra-du-lieu.txt").write_text("ok\n", encoding="utf-8")
    return root


def _row_html(page: str, slug: str, period: str) -> str:
    rows = re.findall(r"<tr [^>]*>.*?</tr>", page, flags=re.S)
    found = [r for r in rows if f'data-period="{period}"' in r and f'href="{period}/{slug}/' in r]
    assert len(found) == 1, (slug, period)
    return found[0]


def _cells(row: str) -> list[str]:
    return re.findall(r"<td\b[^>]*>.*?</td>", row, flags=re.S)


def _columns(page: str) -> list[str]:
    return re.findall(r"<th data-sort>(.*?)</th>", page)


# ---- the markup ------------------------------------------------------------------------------------

@pytest.mark.fast
def test_a_below_target_figure_is_highlighted_and_its_target_listed(tmp_path):
    from cchc.batch.index import render_index

    page = render_index(_rows(), _tree(tmp_path, _rows()))
    cols = _columns(page)
    cells = _cells(_row_html(page, "xa-mau-001", "2024-q1"))
    intake, on_time = cells[cols.index("Số hóa TPHS")], cells[cols.index("Tỷ lệ giải quyết đúng hạn")]
    assert 'class="num below"' in intake and "50,00%" in intake and 'title="Chưa đạt chỉ tiêu 70%"' in intake
    assert "below" not in on_time and "99,00%" in on_time  # met: not highlighted
    missed = cells[cols.index("Chỉ tiêu chưa đạt")]
    assert f"{INTAKE}: 50,00%" in missed and "(chỉ tiêu 70%)" in missed and ON_TIME not in missed
    assert 'data-below="1"' in _row_html(page, "xa-mau-001", "2024-q1")
    # a target that is met highlights nothing, and its row is not "below"
    other = _row_html(page, "phuong-khac", "2024-q1")
    assert "below" not in other.replace('data-below=""', "")
    assert "Đạt chỉ tiêu" in _cells(other)[cols.index("Chỉ tiêu chưa đạt")]


@pytest.mark.fast
def test_a_target_with_its_key_is_matched_by_the_key():
    from cchc.batch.index import render_index

    row = _unit(targets=[{"key": "result_digitisation", "label": "Số hóa kết quả (tên khác)",
                          "value_text": "80,00%", "target_text": "90%", "met": False}])
    page = render_index([row])
    cells = _cells(_row_html(page, "xa-mau-001", "2024-q1"))
    assert 'class="num below"' in cells[_columns(page).index("Số hóa kết quả")]
    assert page.count('class="num below"') == 1


@pytest.mark.fast
def test_number_date_signatory_parent_service_index_and_office_links(tmp_path):
    from cchc.batch.index import render_index

    rows = _rows()
    page = render_index(rows, _tree(tmp_path, rows))
    cols = _columns(page)
    assert cols[:5] == ["Đơn vị", "Kỳ báo cáo", "Trạng thái", "Cảnh báo", "Hồ sơ tiếp nhận"]
    cells = _cells(_row_html(page, "xa-mau-001", "2024"))
    assert cells[cols.index("Số, ngày")].endswith(' data-v="2024-12-16">120/BC-UBND, 16/12/2024</td>')
    assert "Chủ tịch Nguyễn Văn An" in cells[cols.index("Người ký")]
    assert "tỉnh Mẫu" in cells[cols.index("Cấp trên")]
    si = cells[cols.index("Chỉ số phục vụ")]
    assert ">72,5/88</td>" in si and f'data-v="{round(72.5 / 88, 6)}"' in si
    files = cells[cols.index("Tệp")]
    for ext, text in (("html", "HTML"), ("pdf", "PDF"), ("xlsx", "XLSX"), ("docx", "DOCX")):
        assert f'href="2024/xa-mau-001/bao-cao-cchc-xa-mau-001-2024.{ext}">{text}</a>' in files
    (tmp_path / "2024" / "xa-mau-001" / "bao-cao-cchc-xa-mau-001-2024.docx").write_bytes(b"")  # empty: no link
    assert ".docx" not in _cells(_row_html(render_index(rows, tmp_path), "xa-mau-001", "2024"))[cols.index("Tệp")]


@pytest.mark.fast
def test_a_consolidated_report_has_its_row_with_its_children():
    from cchc.batch.index import render_index

    page = render_index(_rows())
    row = _row_html(page, "tinh-mau", "2024-q1")
    assert 'class="consolidated"' in row and 'data-kind="consolidated"' in row
    cells = _cells(row)
    assert '<span class="kind">tổng hợp</span>' in cells[0]
    assert "3 đơn vị: 1 có báo cáo, 1 lỗi, 1 không có báo cáo" in cells[2]
    assert "(1 báo cáo tổng hợp)" in page
    assert '<option value="consolidated">Báo cáo tổng hợp</option>' in page


@pytest.mark.fast
def test_warnings_count_the_data_and_say_no_comparison_apart():
    from cchc.batch.index import render_index

    page = render_index(_rows())
    cols = _columns(page)
    first_year = _cells(_row_html(page, "xa-mau-001", "2024"))[cols.index("Cảnh báo")]
    assert first_year.startswith('<td class="num" data-v="0" title="2 cảnh báo: 0 về dữ liệu đầu vào, 0 khi chạy')
    assert '+2 không có kỳ so sánh' in first_year
    mixed = render_index([_unit(warnings=4, warnings_inputs=3, warnings_no_comparison=1,
                                warnings_notebooks=[{"notebook": "03"}])])
    cell = _cells(_row_html(mixed, "xa-mau-001", "2024-q1"))[cols.index("Cảnh báo")]
    assert 'data-v="3"' in cell and ">3<br>" in cell and "4 cảnh báo: 2 về dữ liệu đầu vào, 1 khi chạy" in cell
    # a status of before this count (no warnings_no_comparison): the total, as the summary line says
    old = _unit(warnings=2, warnings_inputs=2)
    old.pop("warnings_no_comparison")
    cell = _cells(_row_html(render_index([old]), "xa-mau-001", "2024-q1"))[cols.index("Cảnh báo")]
    assert cell == '<td class="num" data-v="2" title="2 về dữ liệu đầu vào, 0 khi chạy các phần báo cáo">2</td>'


@pytest.mark.fast
def test_filters_offer_each_period_parent_and_status_once_in_order():
    from cchc.batch.index import render_index

    page = render_index(_rows())
    periods = re.search(r'<select data-filter="period" id="loc-period">(.*?)</select>', page).group(1)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", periods) == ["Tất cả các kỳ", "quý I năm 2024", "năm 2024"]
    parents = re.search(r'<select data-filter="parent" id="loc-parent">(.*?)</select>', page).group(1)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", parents) == ["Tất cả", "thị xã Khác", "tỉnh Mẫu"]
    assert 'data-status="failed"' in _row_html(page, "xa-mau-002", "2024-q1")
    assert 'data-parent="thị xã Khác"' in _row_html(page, "phuong-khac", "2024-q1")
    assert "cdn" not in page.lower() and "http" not in page  # offline: no script or style from elsewhere


@pytest.mark.fast
def test_hostile_new_fields_are_shown_as_typed_and_link_nothing(tmp_path):
    from cchc.batch.index import render_index

    row = _unit(number=MARKUP, date=MARKUP, signatory={"title": MARKUP, "name": "A"}, parent=MARKUP,
                targets=[{"label": MARKUP, "value_text": MARKUP, "target_text": MARKUP, "met": False},
                         {"label": "x", "met": "no"}, "not a dict"],
                headline={"service_index": {"points": MARKUP, "max": 0}}, kind="consolidated",
                children=[{"status": MARKUP}, 7], xlsx="javascript:alert(1)", docx="../../x.docx",
                warnings_no_comparison=MARKUP)
    _tree(tmp_path, [_unit()])
    page = render_index([row], tmp_path)
    assert MARKUP not in page and html.escape(MARKUP) in page
    assert "javascript:" not in page and "x.docx" not in page
    assert f'<option value="{html.escape(MARKUP)}">' in page  # the parent filter, escaped
    absent = render_index([_unit(targets=None, number=None, date=None, signatory=None, parent=None,
                                 headline=None, children="x")])
    assert "chỉ tiêu" not in absent.split("<tbody>")[1].lower()


@pytest.mark.fast
def test_a_missing_comparison_report_is_counted_as_such_by_the_validation(tiny_root, tmp_path):
    """The count the index sets apart comes from the validation's own problems (their topic), not
    from their text."""
    from cchc.batch import jobs
    from cchc.problems import NO_COMPARISON

    result = jobs.prepare(TINY_YEAR, TINY_SLUG, tmp_path / "snapshot.pickle")
    assert result.ok
    absent = [m for m in result.messages if "Không có báo cáo năm 2022 để so sánh" in m]
    assert len(absent) == 1 and result.no_comparison == 1 and result.warnings >= 1
    (tiny_root / "params" / "2022").mkdir()  # params without data: still no report to compare with
    (tiny_root / "params" / "2022" / f"{TINY_SLUG}.yaml").write_text("", encoding="utf-8")
    assert jobs.prepare(TINY_YEAR, TINY_SLUG, tmp_path / "snapshot2.pickle").no_comparison == 1
    assert NO_COMPARISON == "no_comparison"


# ---- in Chromium -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found; {INSTALL_HINT}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def index_page(tmp_path, browser):
    from cchc.batch.index import render_index

    rows = _rows()
    target = _tree(tmp_path, rows) / "index.html"
    target.write_text(render_index(rows, tmp_path), encoding="utf-8")
    v = Visit(browser, target)
    yield v
    v.close()


def _visible(page) -> list[str]:
    return page.evaluate("Array.from(document.querySelectorAll('tbody tr')).filter(r => !r.hidden && "
                         "r.offsetParent !== null).map(r => r.dataset.period + ' ' + r.cells[0].innerText)")


@pytest.mark.browser
def test_filters_hide_the_rows_that_do_not_match(index_page):
    page = index_page.page
    assert index_page.console_errors == [] and index_page.page_errors == [] and index_page.failed == []
    assert len(_visible(page)) == 5
    assert page.locator("#dang-hien").inner_text() == "Đang hiện 5/5 báo cáo."
    page.select_option("#loc-period", "2024")
    assert _visible(page) == ["2024 Xã Mẫu 001"]
    page.select_option("#loc-period", "2024-q1")
    page.select_option("#loc-parent", "tỉnh Mẫu")
    assert sorted(_visible(page)) == ["2024-q1 Tỉnh Mẫu tổng hợp", "2024-q1 Xã Mẫu 001", "2024-q1 Xã Mẫu 002"]
    page.select_option("#loc-status", "failed")
    assert _visible(page) == ["2024-q1 Xã Mẫu 002"]
    assert page.locator("#dang-hien").inner_text() == "Đang hiện 1/5 báo cáo."
    page.select_option("#loc-status", "")
    page.select_option("#loc-kind", "consolidated")
    assert _visible(page) == ["2024-q1 Tỉnh Mẫu tổng hợp"]
    page.select_option("#loc-kind", "")
    page.select_option("#loc-parent", "")
    page.select_option("#loc-period", "")
    page.check("#loc-below")
    assert sorted(_visible(page)) == ["2024 Xã Mẫu 001", "2024-q1 Xã Mẫu 001"]


@pytest.mark.browser
def test_sorting_a_column_orders_the_rows(index_page):
    page = index_page.page

    def column(title: str) -> list[str]:
        idx = page.evaluate(f"Array.from(document.querySelectorAll('thead th')).findIndex(th => th.innerText.trim()"
                            f".startsWith({json.dumps(title)}))")
        return page.evaluate(f"Array.from(document.querySelectorAll('tbody tr')).map(r => r.cells[{idx}].dataset.v)")

    period = page.locator("th", has_text="Kỳ báo cáo")
    period.click()  # chronologically: a quarter ends before its year
    periods = column("Kỳ báo cáo")
    assert periods == sorted(periods) and periods[0].startswith("2024-03-14") and periods[-1].startswith("2024-12-14")
    header = page.locator("th", has_text="Số, ngày")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    dates = column("Số, ngày")
    assert dates == sorted(dates) and len(set(dates)) > 2
    header.click()
    assert column("Số, ngày") == sorted(dates, reverse=True)
    received = page.locator("th", has_text="Hồ sơ tiếp nhận")
    received.click()
    numbers = [int(v) for v in column("Hồ sơ tiếp nhận")]
    assert numbers == sorted(numbers) and numbers[0] == 800
    # the keyboard sorts too
    page.locator("th", has_text="Đơn vị").focus()
    page.keyboard.press("Enter")
    assert page.locator("th", has_text="Đơn vị").get_attribute("aria-sort") == "ascending"


@pytest.mark.browser
def test_a_below_target_figure_is_drawn_highlighted(index_page):
    page = index_page.page
    below = page.locator("td.below")
    assert below.count() == 2  # intake of 2024-q1 and on-time of 2024
    assert sorted(below.all_inner_texts()) == ["50,00%", "97,00%"]
    colour = below.first.evaluate("e => getComputedStyle(e).backgroundColor")
    plain = page.locator("td.num:not(.below)").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour != plain and colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("td.below").first.get_attribute("title").startswith("Chưa đạt chỉ tiêu")
