"""Typing rules and every check of cchc.parsing, cchc.registers, cchc.units, cchc.params and cchc.load;
`cchc validate` (cchc.cli)."""
from __future__ import annotations

import argparse
import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

from cchc import cli, discovery, parsing, schema
from cchc import load as loading
from cchc.load import load, load_previous
from cchc.model import NARRATIVE_KEYS, Target
from cchc.problems import MAX_ROWS_PER_CHECK, InputError
from cchc.units import read_units
from conftest import TINY_PARAMS, TINY_SLUG, TINY_TABLES, TINY_UNITS, TINY_YEAR, read_rows, write_rows

pytestmark = pytest.mark.fast


def data_file(root, stem, year=TINY_YEAR, slug=TINY_SLUG):
    return root / "data" / str(year) / slug / f"{stem}.csv"


def edit(root, stem, change, year=TINY_YEAR, slug=TINY_SLUG):
    """Rewrite one register: change(header, rows) mutates the lists in place."""
    path = data_file(root, stem, year, slug)
    header, rows = read_rows(path)
    change(header, rows)
    write_rows(path, header, rows)


def set_cell(root, stem, row, header_name, value):
    """Set the cell at spreadsheet row `row` (header = 1)."""
    def change(header, rows):
        rows[row - 2][header.index(header_name)] = value
    edit(root, stem, change)


def params_file(root, year=TINY_YEAR, slug=TINY_SLUG):
    return root / "params" / str(year) / f"{slug}.yaml"


def run(slug=TINY_SLUG, year=TINY_YEAR):
    return loading.validate_unit_year(slug, year)


def errors(problems):
    return [p for p in problems if p.is_error]


def find(problems, row=None, column=None, severity=None):
    return [p for p in problems if (row is None or p.row == row) and (column is None or p.column == column)
            and (severity is None or p.severity == severity)]


# --- typing rules --------------------------------------------------------------------------------

def test_parse_dates():
    s = pd.Series(["02/03/2023", "2/3/2023", "2023-03-02", "02-03-2023", "02.03.2023", "02/03/2023 14:30",
                   "2023-03-02 08:00:00", "", "15/13/2023", "31/02/2023", "abc", "02/03/23", "01/01/1800"],
                  dtype="str")
    values, bad = parsing.parse_dates(s)
    assert values.dtype == "datetime64[ns]"
    assert (values[:7] == pd.Timestamp("2023-03-02")).all()
    assert bad.tolist() == [False] * 8 + [True] * 5
    assert pd.isna(values[7])


def test_parse_ints_plain_only():
    # data/README.md: whole numbers without thousands separators (10282000, not 10.282.000).
    s = pd.Series(["10.282.000", "10282000", "1 500", "0", "", "1,5", "12.5", "1.50", "-3"], dtype="str")
    values, bad = parsing.parse_ints(s)
    assert values.dtype == "int64"
    assert values[[1, 3, 4]].tolist() == [10282000, 0, 0]
    assert values[8] == -3
    assert bad.tolist() == [True, False, True, False, False, True, True, True, False]


def test_parse_number_for_indicators():
    assert parsing.parse_number("58,79", False) == pytest.approx(58.79)
    assert parsing.parse_number("58.79", False) == pytest.approx(58.79)
    assert parsing.parse_number("1.234,5", False) == pytest.approx(1234.5)
    assert parsing.parse_number("10.282.000", True) == 10282000
    assert parsing.parse_number("10.282.000", False) == 10282000
    assert parsing.parse_number("1,5", True) is None
    assert parsing.parse_number("abc", False) is None


def test_parse_bools_accepts_the_documented_spellings():
    s = pd.Series(["Có", "có", "x", "1", "Đúng", "Không", "", "0", "Sai", "chưa", "yes", "no", "có lẽ"], dtype="str")
    values, bad = parsing.parse_bools(s)
    assert values.dtype == bool
    assert values.tolist() == [True] * 5 + [False] * 5 + [True, False, False]
    assert bad.tolist() == [False] * 12 + [True]


def test_parse_enum_labels_any_case_and_codes():
    s = pd.Series(["Trực tuyến", "trực tiếp", "BƯU CHÍNH", "truc_tuyen", "", "Zalo"], dtype="str")
    codes, bad = parsing.parse_enum(s, schema.CHANNELS)
    assert codes[:4].tolist() == ["truc_tuyen", "truc_tiep", "buu_chinh", "truc_tuyen"]
    assert pd.isna(codes[4]) and pd.isna(codes[5])
    assert bad.tolist() == [False] * 5 + [True]


# --- the loaded-data contract --------------------------------------------------------------------

def test_tiny_unit_year_loads_into_the_contract(tiny_root):
    uy = load(TINY_SLUG, TINY_YEAR)
    assert uy.problems == []
    d = uy.dossiers
    assert list(d.columns) == [c.key for c in schema.DOSSIERS.columns] + [loading.SOURCE_FILE]
    assert set(d[loading.SOURCE_FILE]) == {f"data/2023/{TINY_SLUG}/ho-so.csv"}  # each row keeps its file
    assert d["kenh"].tolist() == ["truc_tuyen", "truc_tiep", "buu_chinh", "truc_tuyen", "truc_tiep", "truc_tuyen"]
    assert d["ngay_tiep_nhan"].dtype == "datetime64[ns]"
    assert d.loc[4, "ngay_co_ket_qua"] == pd.Timestamp("2023-02-20")
    assert pd.isna(d.loc[6, "ngay_co_ket_qua"])
    assert d["thanh_toan_truc_tuyen"].dtype == np.bool_
    assert d["so_tien_thanh_toan"].dtype == "int64"
    assert d["so_tien_thanh_toan"].sum() == 10290000
    assert d["trang_thai"].value_counts().to_dict() == {"da_giai_quyet": 4, "dang_giai_quyet": 1, "rut": 1}
    s = uy.staff
    assert s["nhom"].tolist() == ["can_bo", "cong_chuc", "khong_chuyen_trach"]
    assert s["vi_tri_trong"].tolist() == [False, False, True]
    assert pd.isna(s.loc[4, "trinh_do_chuyen_mon"])
    assert uy.documents["linh_vuc_cchc"].tolist() == ["chi_dao", "tuyen_truyen", "tai_chinh_cong"]
    assert uy.documents.loc[2, "co_quan_ban_hanh"] == ""
    ind = uy.indicators
    assert ind["so_may_tinh"] == 24 and isinstance(ind["so_may_tinh"], int)
    assert ind["ty_le_van_ban_dien_tu"] == 95.0 and isinstance(ind["ty_le_van_ban_dien_tu"], float)
    assert ind["trang_thong_tin_tu"] == dt.date(2021, 12, 1)
    assert ind["iso_9001"] is True
    assert ind["so_tthc_cong_khai"] is None
    p = uy.params
    assert p.unit.full_name == "phường Thử Nghiệm" and p.unit.upper_name == "PHƯỜNG THỬ NGHIỆM"
    assert p.place == "Phường Thử Nghiệm"
    assert p.period.start == dt.date(2023, 1, 1) and p.period.end == dt.date(2023, 12, 6)
    assert p.signatory.lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert p.targets == {"intake_digitisation": Target("intake_digitisation", 0.5), "on_time": Target("on_time", 0.95)}
    assert set(p.narrative) == set(NARRATIVE_KEYS) and p.narrative["iso"] == []
    assert set(uy.files) == {"units", "params", "dossiers", "staff", "documents", "indicators"}
    assert all(path.is_file() for path in uy.files.values())


def test_load_raises_with_every_problem(tiny_root):
    set_cell(tiny_root, "ho-so", 3, "Kênh nộp", "Zalo")
    set_cell(tiny_root, "can-bo", 2, "Nhóm", "Bảo vệ")
    with pytest.raises(InputError) as excinfo:
        load(TINY_SLUG, TINY_YEAR)
    files = {p.file for p in errors(excinfo.value.problems)}
    assert files == {f"data/2023/{TINY_SLUG}/ho-so.csv", f"data/2023/{TINY_SLUG}/can-bo.csv"}
    assert "Zalo" in str(excinfo.value) and "Bảo vệ" in str(excinfo.value)


def test_warnings_are_kept_and_do_not_fail(tiny_root):
    edit(tiny_root, "ho-so", lambda h, rows: h.append("Ghi chú") or [r.append("") for r in rows])
    uy = load(TINY_SLUG, TINY_YEAR)
    assert [(p.severity, p.row, p.column) for p in uy.problems] == [("warning", 1, "Ghi chú")]


def test_load_previous(tiny_root):
    uy = load(TINY_SLUG, TINY_YEAR)
    assert load_previous(uy) is None
    # a 2022 copy of the same unit
    prev_params = TINY_PARAMS.replace("2023", "2022").replace("{vb:10/QĐ-UBND@2022-01-10}", "{vb:19/KH-UBND}")
    params_file(tiny_root, 2022).parent.mkdir(parents=True)
    params_file(tiny_root, 2022).write_text(prev_params, encoding="utf-8")
    for stem, (header, rows) in TINY_TABLES.items():
        shifted = [[c.replace("2023", "2022") for c in r] for r in rows]
        if stem == "ho-so":  # drop the December rows, whose dates would no longer be in order
            shifted = [r for r in shifted if "12/2022" not in r[4]]
        write_rows(data_file(tiny_root, stem, 2022), header, shifted)
    previous = load_previous(uy)
    assert previous is not None and previous.year == 2022 and previous.slug == TINY_SLUG
    # broken previous year: no comparison, and a warning on this year
    previous_dossiers = data_file(tiny_root, "ho-so", 2022)
    header, rows = read_rows(previous_dossiers)
    rows[0][3] = "Zalo"
    write_rows(previous_dossiers, header, rows)
    assert load_previous(uy) is None
    assert "2022" in uy.problems[-1].message and not uy.problems[-1].is_error


def test_loading_4000_dossiers_keeps_every_row_and_its_number(tiny_root):
    # How fast is bench/report_cost.py's business (no fixed-time assertion in a test).
    header, rows = TINY_TABLES["ho-so"]
    rng = random.Random(1)
    big = []
    for i in range(4000):
        row = list(rng.choice(rows[:3]))
        row[0] = f"HS-{i:05d}"
        big.append(row)
    write_rows(data_file(tiny_root, "ho-so"), header, big, bom=True)
    uy = load(TINY_SLUG, TINY_YEAR)
    assert len(uy.dossiers) == 4000
    assert list(uy.dossiers.index[[0, -1]]) == [2, 4001]  # spreadsheet rows, header = 1
    assert uy.dossiers["ma_ho_so"].is_unique


# --- register checks -----------------------------------------------------------------------------

def test_missing_required_column_lists_the_expected_headers(tiny_root):
    def drop(header, rows):
        i = header.index("Ngày tiếp nhận")
        del header[i]
        for r in rows:
            del r[i]
    edit(tiny_root, "ho-so", drop)
    uy, problems = run()
    assert uy is None
    [p] = errors(problems)
    assert (p.row, p.column) == (1, "Ngày tiếp nhận")
    assert "Thiếu cột bắt buộc" in p.message and "«Mã hồ sơ»" in p.message and "«Trạng thái»" in p.message


def test_optional_column_may_be_absent(tiny_root):
    def drop(header, rows):
        i = header.index("Đơn vị")
        del header[i]
        for r in rows:
            del r[i]
    edit(tiny_root, "chi-so", drop)
    uy, problems = run()
    assert problems == [] and uy.indicators["so_may_tinh"] == 24


def test_empty_required_cell(tiny_root):
    set_cell(tiny_root, "ho-so", 4, "Thủ tục", "")
    _, problems = run()
    [p] = errors(problems)
    assert (p.row, p.column, p.value) == (4, "Thủ tục", "") and "Ô trống" in p.message


def test_value_not_in_allowed_set_lists_them(tiny_root):
    set_cell(tiny_root, "van-ban", 3, "Lĩnh vực CCHC", "Văn hóa")
    _, problems = run()
    [p] = errors(problems)
    assert (p.row, p.column, p.value) == (3, "Lĩnh vực CCHC", "Văn hóa")
    assert "«Chỉ đạo, điều hành»" in p.message and "«ISO 9001»" in p.message


def test_bad_number_bad_date_bad_bool_and_negative_amount(tiny_root):
    set_cell(tiny_root, "ho-so", 2, "Số tiền thanh toán (đồng)", "8 nghìn")
    set_cell(tiny_root, "ho-so", 3, "Số tiền thanh toán (đồng)", "-5")
    set_cell(tiny_root, "ho-so", 5, "Hạn giải quyết", "32/12/2022")
    set_cell(tiny_root, "ho-so", 6, "Tiếp nhận chi tiết", "Có lẽ")
    _, problems = run()
    got = {(p.row, p.column) for p in errors(problems)}
    assert got == {(2, "Số tiền thanh toán (đồng)"), (3, "Số tiền thanh toán (đồng)"), (5, "Hạn giải quyết"),
                   (6, "Tiếp nhận chi tiết")}
    assert "dd/mm/yyyy" in find(problems, 5, "Hạn giải quyết")[0].message
    assert "10282000" in find(problems, 2)[0].message
    assert "tối thiểu" in find(problems, 3)[0].message


def test_many_failing_rows_are_summarised(tiny_root):
    header, rows = TINY_TABLES["ho-so"]
    many = []
    for i in range(25):
        row = list(rows[1])
        row[0], row[3] = f"HS-{i}", "Zalo"
        many.append(row)
    write_rows(data_file(tiny_root, "ho-so"), header, many)
    _, problems = run()
    channel = find(problems, column="Kênh nộp")
    assert len(channel) == MAX_ROWS_PER_CHECK + 1
    assert channel[-1].row is None and "15 dòng khác" in channel[-1].message


def test_duplicate_dossier_code_names_both_rows(tiny_root):
    set_cell(tiny_root, "ho-so", 6, "Mã hồ sơ", "HS-002")
    _, problems = run()
    [p] = errors(problems)
    assert (p.row, p.column, p.value) == (6, "Mã hồ sơ", "HS-002")
    assert "dòng 3" in p.message and "dòng 6" in p.message


def test_dates_in_order(tiny_root):
    set_cell(tiny_root, "ho-so", 3, "Hạn giải quyết", "04/01/2023")  # received 05/01
    set_cell(tiny_root, "ho-so", 4, "Ngày có kết quả", "2023-02-01")  # received 10/02
    _, problems = run()
    assert {(p.row, p.column) for p in errors(problems)} == {(3, "Hạn giải quyết"), (4, "Ngày có kết quả")}
    assert "01/02/2023" in find(problems, 4)[0].message and "10/02/2023" in find(problems, 4)[0].message


def test_status_and_result_date_agree(tiny_root):
    set_cell(tiny_root, "ho-so", 2, "Ngày có kết quả", "")  # resolved without result
    set_cell(tiny_root, "ho-so", 6, "Ngày có kết quả", "05/12/2023")  # pending with a result
    _, problems = run()
    assert {(p.row, p.column) for p in errors(problems)} == {(2, "Ngày có kết quả"), (6, "Ngày có kết quả")}
    assert "Đã giải quyết" in find(problems, 2)[0].message
    assert "Đang giải quyết" in find(problems, 6)[0].message


def test_dossiers_outside_the_period_are_kept_without_warning(tiny_root):
    """A register holds a calendar year and a period selects its rows by date (the figures): a row
    received after the period, or closed before it, is no problem and stays in the register."""
    set_cell(tiny_root, "ho-so", 4, "Ngày tiếp nhận", "07/12/2023")  # after period end
    set_cell(tiny_root, "ho-so", 4, "Hạn giải quyết", "08/12/2023")
    set_cell(tiny_root, "ho-so", 4, "Ngày có kết quả", "08/12/2023")
    set_cell(tiny_root, "ho-so", 5, "Ngày có kết quả", "28/12/2022")  # carried over, resolved before start
    uy, problems = run()
    assert uy is not None and problems == []
    assert sorted(uy.dossiers.index) == [2, 3, 4, 5, 6, 7]
    from cchc.figures import tthc
    assert tthc.summary(uy.dossiers, uy.period).received_total == 4  # rows 4 and 5 are not the period's


def test_vacant_position_with_person_columns_filled(tiny_root):
    set_cell(tiny_root, "can-bo", 4, "Trình độ chuyên môn", "Đại học")
    set_cell(tiny_root, "can-bo", 4, "Nâng lương thường xuyên", "Có")
    _, problems = run()
    got = {(p.row, p.column, p.value) for p in errors(problems)}
    assert got == {(4, "Trình độ chuyên môn", "Đại học"), (4, "Nâng lương thường xuyên", "Có")}


def test_filled_position_without_qualification_is_a_warning(tiny_root):
    set_cell(tiny_root, "can-bo", 3, "Lý luận chính trị", "")
    uy, problems = run()
    assert uy is not None
    assert [(p.severity, p.row, p.column) for p in problems] == [("warning", 3, "Lý luận chính trị")]


def test_duplicate_staff_code(tiny_root):
    set_cell(tiny_root, "can-bo", 4, "Mã", "CB01")
    _, problems = run()
    [p] = errors(problems)
    assert (p.row, p.column) == (4, "Mã") and "dòng 2" in p.message


def test_duplicate_document_number_and_date(tiny_root):
    set_cell(tiny_root, "van-ban", 4, "Ngày ban hành", "10/01/2023")  # now same as row 2
    _, problems = run()
    dup = [p for p in errors(problems) if p.column == "Số ký hiệu"]
    assert len(dup) == 1 and dup[0].row == 4 and "dòng 2" in dup[0].message


def test_header_only_register(tiny_root):
    header, _ = TINY_TABLES["can-bo"]
    write_rows(data_file(tiny_root, "can-bo"), header, [])
    _, problems = run()
    [p] = errors(problems)
    assert p.file.endswith("can-bo.csv") and p.row == 2 and "chỉ có dòng tiêu đề" in p.message


def test_missing_and_doubled_register_files(tiny_root):
    data_file(tiny_root, "chi-so").unlink()
    _, problems = run()
    [p] = errors(problems)
    assert "chi-so.csv hoặc chi-so.xlsx" in p.message
    header, rows = TINY_TABLES["chi-so"]
    write_rows(data_file(tiny_root, "chi-so"), header, rows)
    data_file(tiny_root, "chi-so").with_suffix(".xlsx").write_bytes(b"")
    _, problems = run()
    [p] = errors(problems)
    assert "chỉ để lại một tệp" in p.message


def test_stray_file_is_a_warning(tiny_root):
    (data_file(tiny_root, "ho-so").parent / "ho-so (1).csv").write_text("x", encoding="utf-8")
    uy, problems = run()
    assert uy is not None and len(problems) == 1 and problems[0].file.endswith("ho-so (1).csv")


# --- indicators ----------------------------------------------------------------------------------

def test_unknown_and_missing_indicators(tiny_root):
    def change(header, rows):
        rows[0][0] = "so_may_in"  # unknown, and so_may_tinh now missing
    edit(tiny_root, "chi-so", change)
    _, problems = run()
    errs = errors(problems)
    assert len(errs) == 2
    unknown = find(errs, row=2)[0]
    assert unknown.column == "Mã chỉ số" and unknown.value == "so_may_in" and "so_may_tinh" in unknown.message
    missing = [p for p in errs if p.row is None][0]
    assert "Thiếu chỉ số bắt buộc «so_may_tinh»" in missing.message


@pytest.mark.parametrize("row,value,ok", [
    (2, "24,5", False),  # computers: an integer
    (2, "-1", False),
    (5, "101", False),  # a percentage: 0..100
    (5, "95,5%", True),
    (5, "nhiều", False),
    (8, "13/2021", False),
    (8, "2021-12", True),
    (9, "Đang áp dụng", False),
    (9, "x", True),
])
def test_indicator_values(tiny_root, row, value, ok):
    set_cell(tiny_root, "chi-so", row, "Giá trị", value)
    uy, problems = run()
    if ok:
        assert problems == [] and uy is not None
    else:
        [p] = errors(problems)
        assert (p.row, p.column, p.value) == (row, "Giá trị", value)


def test_optional_indicator_present(tiny_root):
    edit(tiny_root, "chi-so", lambda h, rows: rows.append(["so_tthc_cong_khai", "", "1.234", ""]))
    uy, _ = run()
    assert uy.indicators["so_tthc_cong_khai"] == 1234


# --- params and units ----------------------------------------------------------------------------

def rewrite_params(root, old, new):
    path = params_file(root)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(root, needle):
    lines = params_file(root).read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if needle in line)


@pytest.mark.parametrize("old,new,needle,phrase", [
    ("unit: phuong-thu-nghiem", "unit: phuong-khac", "unit:", "khác tên tệp"),
    ("year: 2023", "year: 2024", "year:", "khác thư mục"),
    ("  end: 2023-12-06", "  end: 2022-12-06", "end:", "trước ngày bắt đầu"),
    ("issued_on: 2023-12-06", "issued_on: 2023-12-01", "issued_on:", "trước ngày kết thúc kỳ báo cáo"),
    ("issued_on: 2023-12-06", "issued_on: 2023-13-06", "issued_on:", "ngày không hợp lệ"),
    ("on_time_basis: received", "on_time_basis: all", "on_time_basis:", "received"),
    ("  on_time: 0.95", "  on_time: 95", "on_time:", "0.95"),
    ("  on_time: 0.95", "  on_time_rate: 0.95", "on_time_rate", "online_share"),
    ("  direction:", "  dirección:", "dirección", "recommendations"),
    ("  authority: TM", "  authority: TL", "authority", "KT"),
    ('number: "12/BC-UBND"', 'number: "Báo cáo 12"', "number:", "227/BC-UBND"),
    ("addressee: Phòng Nội vụ thị xã\n", "", None, "addressee"),
    ("  start: 2023-01-01", "  start: 2021-01-01", "period:", "không thuộc năm 2023"),
    ("\nbasis:", "\nplace: Phổ Thử\nbasis:", "place:", "các khóa được dùng"),
])
def test_params_checks(tiny_root, old, new, needle, phrase):
    rewrite_params(tiny_root, old, new)
    _, problems = run()
    errs = errors(problems)
    assert len(errs) == 1, errs
    p = errs[0]
    assert p.file == f"params/2023/{TINY_SLUG}.yaml"
    assert phrase in p.message
    if needle:
        assert p.row == line_of(tiny_root, needle)


def test_unit_must_exist_and_be_valid_on_issued_on(tiny_root):
    units = tiny_root / "params" / "units.yaml"
    units.write_text(TINY_UNITS.replace("valid_to: 2025-06-30", "valid_to: 2023-06-30"), encoding="utf-8")
    _, problems = run()
    [p] = errors(problems)
    assert "không còn (hoặc chưa) tồn tại" in p.message and p.row == line_of(tiny_root, "issued_on")


def test_citations_resolve_against_the_documents_register(tiny_root):
    rewrite_params(tiny_root, "{vb:19/KH-UBND}", "{vb:10/QĐ-UBND} và {vb:99/KH-UBND} và {vb:19/KH-UBND@2023-03-03}")
    _, problems = run()
    errs = errors(problems)
    assert len(errs) == 3
    assert all(p.row == line_of(tiny_root, "{vb:99/KH-UBND}") for p in errs)
    by_value = {p.value: p.message for p in errs}
    assert "2023-01-10" in by_value["{vb:10/QĐ-UBND}"] and "2022-01-06" in by_value["{vb:10/QĐ-UBND}"]
    assert "không có văn bản số 99/KH-UBND" in by_value["{vb:99/KH-UBND}"]
    assert "03/03/2023" in by_value["{vb:19/KH-UBND@2023-03-03}"]


def test_unclosed_citation(tiny_root):
    rewrite_params(tiny_root, "{vb:19/KH-UBND}", "{vb:19/KH-UBND")
    _, problems = run()
    [p] = errors(problems)
    assert "thiếu dấu «}»" in p.message


def write_units(tmp_path, text):
    path = tmp_path / "units.yaml"
    path.write_text(text, encoding="utf-8")
    return read_units(path)


UNIT = """\
  - code: "{code}"
    slug: {slug}
    kind: {kind}
    name: {name}
    parent: thị xã Mẫu
    province: Quảng Ngãi
    valid_from: {start}
    valid_to: {end}
    successors: [{succ}]
"""


def unit(code="1", slug="phuong-a", kind="phường", name="A", start="2020-01-01", end="", succ=""):
    return UNIT.format(code=code, slug=slug, kind=kind, name=name, start=start, end=end, succ=succ)


def test_units_registry_valid_with_reused_names(tmp_path):
    units, problems = write_units(tmp_path, "units:\n" + unit(end="2025-06-30", succ='"3"')
                                  + unit(code="2", slug="xa-a", kind="xã", start="2020-01-01")
                                  + unit(code="3", slug="phuong-a-2025", start="2025-07-01"))
    assert problems == []
    assert set(units) == {"phuong-a", "xa-a", "phuong-a-2025"}
    a = units["phuong-a"]
    assert a.is_valid_on(dt.date(2025, 6, 30)) and not a.is_valid_on(dt.date(2025, 7, 1))
    assert not a.is_valid_on(dt.date(2019, 12, 31)) and units["xa-a"].is_valid_on(dt.date(2099, 1, 1))
    assert a.successors == ("3",)


@pytest.mark.parametrize("entries,phrase", [
    (unit() + unit(slug="phuong-b", name="B"), "Mã ĐVHC trùng"),
    (unit() + unit(code="2"), "Slug trùng"),
    (unit(slug="xa-a"), "phải bắt đầu bằng «phuong-»"),
    (unit(kind="làng"), "Loại đơn vị không hợp lệ; chỉ nhận: phường, xã, thị trấn, đặc khu (cấp xã); quận, huyện, "
                        "thị xã, thành phố, tỉnh"),
    (unit(kind="huyện"), "Slug của đơn vị loại «huyện» phải bắt đầu bằng «huyen-»"),
    (unit(start="2024-01-01", end="2023-01-01"), "trước ngày có hiệu lực"),
    (unit(succ='"9"'), "«9» không có trong danh sách"),
    (unit() + unit(code="2", slug="phuong-a-moi", start="2024-01-01"), "chồng lên nhau"),
    (unit().replace("    name: A\n", ""), "Thiếu khóa «name»"),
    (unit() + "    ten: X\n", "«ten» không hợp lệ"),
])
def test_units_registry_problems(tmp_path, entries, phrase):
    _, problems = write_units(tmp_path, "units:\n" + entries)
    assert any(phrase.casefold() in p.message.casefold() for p in problems), [p.message for p in problems]
    assert all(p.is_error and p.row is not None for p in problems)


# --- the whole tree and the CLI ------------------------------------------------------------------

def test_data_without_params_and_params_without_data(tiny_root):
    other = tiny_root / "data" / "2023" / "xa-thu-nghiem"
    other.mkdir()
    lone = params_file(tiny_root, 2024)
    lone.parent.mkdir()
    lone.write_text(TINY_PARAMS.replace("2023", "2024"), encoding="utf-8")
    shared, groups = loading.validate_grouped()
    assert shared == []
    assert set(groups) == {("2023", TINY_SLUG), ("2023", "xa-thu-nghiem"), ("2024", TINY_SLUG)}
    assert groups[("2023", TINY_SLUG)] == []
    assert any("Thiếu tệp tham số báo cáo" in p.message for p in groups[("2023", "xa-thu-nghiem")])
    assert any("Thiếu thư mục dữ liệu" in p.message for p in groups[("2024", TINY_SLUG)])
    assert discovery.discover(years=[2024]) == [("2024", TINY_SLUG)]
    assert discovery.discover(units="xa-thu-nghiem") == [("2023", "xa-thu-nghiem")]
    assert len(loading.validate_all(years=2023, units=[TINY_SLUG])) == 0


def test_main_validate_summary_and_exit_codes(tiny_root, capsys):
    args = argparse.Namespace(year=None, unit=None)
    assert cli.validate_cli(args) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "1 báo cáo: 1 hợp lệ, 0 có lỗi, 0 cảnh báo"
    edit(tiny_root, "ho-so", lambda h, rows: h.append("Ghi chú") or [r.append("") for r in rows])
    assert cli.validate_cli(args) == 0
    out = capsys.readouterr().out
    assert "CẢNH BÁO" in out and out.strip().splitlines()[-1] == "1 báo cáo: 1 hợp lệ, 0 có lỗi, 1 cảnh báo"
    set_cell(tiny_root, "ho-so", 3, "Kênh nộp", "Zalo")
    assert cli.validate_cli(args) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("== Phường Thử Nghiệm (phuong-thu-nghiem), năm 2023: 1 lỗi, 1 cảnh báo")
    assert lines[1].startswith("  LỖI data/2023/phuong-thu-nghiem/ho-so.csv, dòng 3, cột «Kênh nộp», giá trị «Zalo»")
    assert lines[2].startswith("  CẢNH BÁO")  # errors first
    assert lines[-1] == "1 báo cáo: 0 hợp lệ, 1 có lỗi, 1 cảnh báo"
    assert cli.validate_cli(argparse.Namespace(year=[2031], unit=None)) == 1
    assert "Không tìm thấy báo cáo nào cho năm 2031" in capsys.readouterr().out


def test_main_validate_internal_error_exits_2(tiny_root, capsys, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("hỏng")
    monkeypatch.setattr(loading, "validate_grouped", boom)
    assert cli.validate_cli(argparse.Namespace(year=None, unit=None)) == 2
    err = capsys.readouterr().err
    assert "Lỗi nội bộ" in err and "RuntimeError: hỏng" in err and "Traceback" not in err


def test_broken_units_file_is_reported_once(tiny_root, capsys):
    (tiny_root / "params" / "units.yaml").write_text(TINY_UNITS.replace('["99101"]', '["99999"]'), encoding="utf-8")
    assert cli.validate_cli(argparse.Namespace(year=None, unit=None)) == 1
    out = capsys.readouterr().out
    assert out.count("params/units.yaml") == 1  # reported once, not once per unit-year
    assert out.splitlines()[-1] == "1 báo cáo: 1 hợp lệ, 0 có lỗi, 0 cảnh báo; phần chung có 1 lỗi"


def test_xlsx_register_with_real_and_text_dates_loads(tiny_root):
    import openpyxl

    header, rows = TINY_TABLES["ho-so"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        cells = list(row)
        cells[4] = dt.datetime.strptime(cells[4], "%Y-%m-%d" if "-" in cells[4] else "%d/%m/%Y")  # a date cell
        cells[14] = int(cells[14].replace(".", ""))  # a number cell
        ws.append(cells)  # due and result dates stay text, dd/mm/yyyy or ISO
    csv_path = data_file(tiny_root, "ho-so")
    csv_path.unlink()
    wb.save(csv_path.with_suffix(".xlsx"))
    uy = load(TINY_SLUG, TINY_YEAR)
    assert uy.files["dossiers"].name == "ho-so.xlsx"
    assert uy.dossiers.loc[5, "ngay_tiep_nhan"] == pd.Timestamp("2022-12-20")
    assert uy.dossiers.loc[4, "han_giai_quyet"] == pd.Timestamp("2023-02-15")
    assert uy.dossiers["so_tien_thanh_toan"].sum() == 10290000


def test_native_profile_is_applied_before_typing(tiny_root):
    (tiny_root / "params" / "profiles").mkdir()
    (tiny_root / "params" / "profiles" / "chuan.yaml").write_text(
        "registers:\n  ho-so:\n    columns:\n      Kênh nộp: [Hình thức nộp]\n"
        "    values:\n      Kênh nộp:\n        Nộp online: Trực tuyến\n      Trạng thái:\n        Hoàn thành: Đã giải quyết\n",
        encoding="utf-8")

    def change(header, rows):
        header[header.index("Kênh nộp")] = "Hình thức nộp"
        rows[0][3] = "Nộp Online"
        rows[1][7] = "Hoàn thành"
    edit(tiny_root, "ho-so", change)
    uy = load(TINY_SLUG, TINY_YEAR)
    assert uy.dossiers.loc[2, "kenh"] == "truc_tuyen"
    assert uy.dossiers.loc[3, "trang_thai"] == "da_giai_quyet"
    assert not any(p.is_error for p in uy.problems)


def test_units_file_problems_come_with_a_single_unit_year(tiny_root):
    (tiny_root / "params" / "units.yaml").write_text(TINY_UNITS.replace('["99101"]', '["99999"]'), encoding="utf-8")
    uy, problems = run()
    assert uy is None
    [p] = errors(problems)
    assert p.file == "params/units.yaml" and "99999" in p.message


def test_a_target_may_name_the_document_that_set_it_and_its_basis(tiny_root):
    path = tiny_root / "params" / str(TINY_YEAR) / f"{TINY_SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "targets:" in text
    text = text.replace("targets:", "targets:\n  on_time: {value: 0.98, basis: resolved, document: '{vb:KHÔNG-CÓ}'}", 1)
    text = "\n".join(l for l in text.splitlines() if not l.startswith("  on_time: 0"))
    path.write_text(text, encoding="utf-8")
    uy, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    bad = [p for p in problems if p.is_error]
    assert uy is None and len(bad) == 1 and "targets.on_time.document" in bad[0].message  # checked like the narrative
    path.write_text(text.replace("{vb:KHÔNG-CÓ}", "basis"), encoding="utf-8")
    _, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert any("trích dẫn dạng" in p.message for p in problems if p.is_error)


def test_a_yes_no_column_blank_on_every_row_is_missing_data_with_a_warning(tiny_root):
    path = tiny_root / "data" / str(TINY_YEAR) / TINY_SLUG / "ho-so.csv"
    header, rows = read_rows(path)
    col = header.index("Thanh toán trực tuyến")
    for r in rows:
        r[col] = ""
    write_rows(path, header, rows)
    uy, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert uy is not None and uy.dossiers.attrs["blank_columns"] == ("thanh_toan_truc_tuyen",)
    warn = [p for p in problems if p.column == "Thanh toán trực tuyến"]
    assert len(warn) == 1 and not warn[0].is_error and "chưa có dữ liệu" in warn[0].message
    from cchc.unit_report import Report
    assert not any("thanh toán" in line.lower() for line in Report(uy).tthc_prose())
