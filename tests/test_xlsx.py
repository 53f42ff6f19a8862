"""The Excel workbook of a report (lib/cchc/render/xlsx.py), read back with openpyxl.

The seed's twin (phường Nguyễn Nghiêm, 2023): its cells are numbers equal to the seed's published
figures (typed here, as in test_golden.py) and to the figures module's own counts per field and
per staff group (computed here from `figures.tthc.summary` and `figures.staff`, not from the
tables the workbook was written from); number formats, frozen header rows, the report's identity
above every table and in the printed page header, sheet names Excel accepts."""
import unicodedata

import openpyxl
import pytest

import cchc
from cchc import fmt
from cchc.figures import tthc as tthc_f
from cchc.figures.staff import level_label
from cchc.render.xlsx import CONTENTS_SHEET, SHEET_NAME_MAX, sheet_names, write_xlsx
from cchc.tables import Table

pytestmark = pytest.mark.fast

# The seed report's Biểu II.06a total, typed from its text (227/BC-UBND; test_golden.py): received
# 3.956 (online 2.315, in person 1.635, carried over 06), resolved 3.938 (before 3.925, on 0, past
# 13), pending 04 (within 04, past 0).
SEED_II06A_TOTAL = [3956, 2315, 1635, 6, 3938, 3925, 0, 13, 4, 4, 0]
HEADER_ROW = 6
# A table whose headers have groups ("Số hồ sơ đã giải quyết - Trước hạn") has two header rows, the
# group merged over its columns, as the official Biểu; its data start a row later.
DATA_ROW = {"bieu-ii06a": 8, "chuyen-mon": 8, "ly-luan-chinh-tri": 8, "kiem-tra": 7, "nguon-goc": 7,
            "chi-so-phuc-vu": 7}
# Excel's format codes, stored in en-US syntax; a vi-VN Excel shows 1.297 and 95,00% (render/xlsx.py)
INT_FORMAT, PERCENT_FORMAT = "#,##0", "0.00%"  # three identity lines, an empty row, the table's title, then the header


@pytest.fixture(scope="module")
def seed():
    return cchc.report("phuong-nguyen-nghiem", 2023)


@pytest.fixture(scope="module")
def workbook(seed, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "seed.xlsx"
    write_xlsx(seed.tables(), seed.document_header(), out)
    return openpyxl.load_workbook(out)


def _headers(ws) -> list[str]:
    """Each column's header as the Table names it: "group - label" under a merged group cell."""
    top = [c.value for c in ws[HEADER_ROW]]
    if DATA_ROW[ws.title] == HEADER_ROW + 1:
        return top
    out, group = [], None
    for j, label in enumerate(c.value for c in ws[HEADER_ROW + 1]):
        if label is None:  # a column of its own, its header merged over both rows
            out.append(top[j])
            group = None
            continue
        group = top[j] if top[j] is not None else group
        out.append(f"{group} - {label}")
    return out


def _body(ws, n_columns):
    """The table's rows under its header, down to the first empty row."""
    rows = []
    for row in ws.iter_rows(min_row=DATA_ROW[ws.title], max_col=n_columns):
        if row[0].value is None:
            break
        rows.append(row)
    return rows


def test_sheets_are_the_printed_tables_in_order(workbook):
    assert workbook.sheetnames == [CONTENTS_SHEET, "bieu-ii06a", "chi-so-phuc-vu", "chuyen-mon", "ly-luan-chinh-tri",
                                   "kiem-tra", "nguon-goc"]


def test_ii06a_total_row_is_the_seed_published_figures_as_numbers(workbook):
    ws = workbook["bieu-ii06a"]
    rows = _body(ws, 12)
    total = rows[-1]
    assert total[0].value == "Tổng cộng"
    assert [c.value for c in total[1:]] == SEED_II06A_TOTAL
    assert all(c.data_type == "n" and isinstance(c.value, int) for c in total[1:])
    assert all(c.font.b for c in total)


def test_ii06a_field_rows_are_the_figures_module_counts_of_that_field(seed, workbook):
    """Each field's row equals `figures.tthc.summary` of that field's dossiers alone."""
    ws = workbook["bieu-ii06a"]
    rows = _body(ws, 12)[:-1]
    dossiers = seed.uy.dossiers
    assert [r[0].value for r in rows] == sorted(dossiers["linh_vuc"].astype(str).unique(), key=fmt.sort_key_vi)
    for row in rows:
        part = dossiers[dossiers["linh_vuc"].astype(str) == row[0].value].reset_index(drop=True)
        s = tthc_f.summary(part, seed.period)
        expected = [s.received_total, s.received_online, s.received_in_person + s.received_postal, s.carried_over,
                    s.resolved_total, s.resolved_early, s.resolved_on_time, s.resolved_late,
                    s.pending_total, s.pending_within, s.pending_overdue]
        assert [c.value for c in row[1:]] == [int(x) for x in expected], row[0].value


def test_printed_ii06a_and_the_sheet_agree(seed, workbook):
    """The report's printed table (text) is the workbook's numbers formatted the Vietnamese way."""
    printed = seed.table_ii06a()
    rows = _body(workbook["bieu-ii06a"], 12)
    assert [[fmt.number(c.value) for c in r[1:]] for r in rows] == printed.to_numpy().tolist()


def test_staff_sheet_counts_and_rates_are_numbers(seed, workbook):
    ws = workbook["chuyen-mon"]
    header = _headers(ws)
    rows = {r[0].value: [c for c in r] for r in _body(ws, len(header))}
    groups = {g.label: g for g in seed.staff.groups.values() if g.filled}
    for label, g in groups.items():
        count_col = header.index(f"{label} - Số người")
        for code, n in g.levels["trinh_do_chuyen_mon"].items():
            row = rows[level_label("trinh_do_chuyen_mon", code)]
            assert row[count_col].value == n
            assert row[count_col + 1].value == pytest.approx(n / g.filled)
            assert row[count_col].number_format == INT_FORMAT
            assert row[count_col + 1].number_format == PERCENT_FORMAT
    # typed from the seed (corrected, test_golden.py): Thạc sĩ 01/11 người không chuyên trách, 9,09%
    kct = header.index("Người hoạt động không chuyên trách - Tỷ lệ")
    assert rows["Thạc sĩ"][kct].value == pytest.approx(1 / 11)
    assert rows["Thạc sĩ"][kct - 1].value == 1


def test_number_formats_per_column(workbook):
    ws = workbook["bieu-ii06a"]
    for row in _body(ws, 12):
        assert row[0].number_format == "General" and isinstance(row[0].value, str)
        assert {c.number_format for c in row[1:]} == {INT_FORMAT}


def test_header_rows_are_frozen_with_the_row_labels(workbook):
    assert workbook["bieu-ii06a"].freeze_panes == "B8"  # two header rows
    assert workbook["chuyen-mon"].freeze_panes == "B8"
    assert workbook["kiem-tra"].freeze_panes == "A7"  # one header row; the first column is the number, not a label
    assert workbook["bieu-ii06a"].print_title_rows == "$6:$7"
    assert workbook["kiem-tra"].print_title_rows == "$6:$6"


def test_ii06a_has_the_official_two_header_rows(workbook):
    ws = workbook["bieu-ii06a"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A6:A7", "B6:E6", "F6:I6", "J6:L6"}
    assert [ws.cell(row=6, column=j).value for j in (1, 2, 6, 10)] == [
        "Lĩnh vực", "Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết"]
    assert [c.value for c in ws[7]][1:] == ["Tổng số", "Trực tuyến", "Trực tiếp và dịch vụ bưu chính", "Từ kỳ trước",
                                            "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn",
                                            "Tổng số", "Trong hạn", "Quá hạn"]


def test_every_sheet_carries_the_report_identity(workbook):
    for ws in workbook.worksheets:
        lines = [ws.cell(row=i, column=1).value for i in (1, 2, 3)]
        assert lines[0] == "ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN NGHIÊM"
        assert lines[1].startswith("Báo cáo kết quả thực hiện cải cách hành chính năm 2023")
        assert lines[2] == "Số: 227/BC-UBND; Phường Nguyễn Nghiêm, ngày 06 tháng 12 năm 2023"
        if ws.title != CONTENTS_SHEET:
            assert ws.oddHeader.left.text == "ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN NGHIÊM"
            assert "227/BC-UBND" in ws.oddHeader.right.text


def test_headers_are_vietnamese_and_every_text_is_nfc(workbook):
    ws = workbook["bieu-ii06a"]
    assert _headers(ws)[:3] == ["Lĩnh vực", "Số hồ sơ nhận giải quyết - Tổng số", "Số hồ sơ nhận giải quyết - Trực tuyến"]
    headers = [c for r in (HEADER_ROW, HEADER_ROW + 1) for c in ws[r] if c.value is not None]  # not the merged rest
    assert len(headers) == 1 + 3 + 11 and all(c.font.b for c in headers)
    texts = [c.value for w in workbook.worksheets for row in w.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts and all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_widths_fit_the_labels_within_bounds(workbook):
    ws = workbook["bieu-ii06a"]
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJKL"]
    assert all(8 <= w <= 60 for w in widths)
    longest_field = max(len(r[0].value) for r in _body(ws, 1))
    assert widths[0] >= longest_field


def test_contents_sheet_lists_and_links_every_table(workbook):
    ws = workbook[CONTENTS_SHEET]
    listed = {}
    for row in ws.iter_rows(values_only=False):
        if row[0].hyperlink is not None:
            listed[row[0].value] = (row[0].hyperlink.location or row[0].hyperlink.target, row[2].value)
    assert list(listed) == workbook.sheetnames[1:]
    assert listed["bieu-ii06a"][1] == len(_body(workbook["bieu-ii06a"], 1))
    assert "Người ký: Đỗ Ngọc Thìn (Chủ tịch)" in [r[0] for r in ws.iter_rows(values_only=True)]


def test_sheet_names_are_unique_and_short_enough():
    def table(key):
        return Table(key=key, title="x", columns=["a"], rows=[], formats=["text"])

    long = "bang-rat-dai-" + "x" * 40
    names = sheet_names([table(long), table(long), table("a/b:c"), table("muc-luc"), table("Mục lục")])
    assert all(len(n) <= SHEET_NAME_MAX for n in names)
    assert len({n.lower() for n in names} | {CONTENTS_SHEET.lower()}) == len(names) + 1
    assert names[1].endswith("-2") and names[2] == "a-b-c"


def test_a_report_without_tables_still_gets_a_workbook_that_says_so(seed, tmp_path):
    out = write_xlsx([], seed.document_header(), tmp_path / "empty.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [CONTENTS_SHEET]
    assert "Báo cáo này không in bảng số liệu nào." in [r[0] for r in wb[CONTENTS_SHEET].iter_rows(values_only=True)]
