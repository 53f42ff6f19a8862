"""Readers: CSV and XLSX to raw string tables with spreadsheet row numbers; YAML; the alias map."""
from __future__ import annotations

import datetime as dt
import unicodedata

import openpyxl
import pandas as pd
import pytest

from cchc import readers
from cchc.problems import InputError
from conftest import to_cp1258, write_rows

pytestmark = pytest.mark.fast

HEADER = ["Mã hồ sơ", "Kênh nộp", "Ngày tiếp nhận"]
ROWS = [["HS-1", "Trực tuyến", "03/01/2023"], ["HS-2", "Trực tiếp", "05/01/2023"]]


def only_problem(excinfo):
    assert len(excinfo.value.problems) == 1
    return excinfo.value.problems[0]


@pytest.mark.parametrize("bom", [False, True])
def test_csv_utf8_with_and_without_bom(tmp_path, bom):
    path = write_rows(tmp_path / "ho-so.csv", HEADER, ROWS, bom=bom)
    frame = readers.read_table(path)
    assert list(frame.columns) == HEADER  # no "\ufeff" glued to the first header
    assert list(frame.index) == [2, 3]
    assert frame.loc[3, "Kênh nộp"] == "Trực tiếp"


def test_csv_semicolon_and_tab_delimiters(tmp_path):
    for delimiter in (";", "\t"):
        path = write_rows(tmp_path / "ho-so.csv", HEADER, [["HS-1", "Trực tuyến", "1.500"]], delimiter=delimiter)
        frame = readers.read_table(path)
        assert list(frame.columns) == HEADER
        assert frame.loc[2, "Ngày tiếp nhận"] == "1.500"


def test_csv_comma_inside_quotes_is_not_a_delimiter(tmp_path):
    path = write_rows(tmp_path / "van-ban.csv", ["Số ký hiệu", "Trích yếu"], [["19/KH-UBND", "tuyên truyền, phổ biến"]])
    assert readers.read_table(path).loc[2, "Trích yếu"] == "tuyên truyền, phổ biến"


def test_nfc_and_whitespace(tmp_path):
    nfd = unicodedata.normalize("NFD", "Kênh nộp")
    path = write_rows(tmp_path / "ho-so.csv", ["  Mã hồ sơ ", nfd],
                      [[" HS-1 ", unicodedata.normalize("NFD", " Trực tuyến")]])
    frame = readers.read_table(path)
    assert list(frame.columns) == ["Mã hồ sơ", "Kênh nộp"]
    assert frame.iloc[0].tolist() == ["HS-1", "Trực tuyến"]


def test_row_numbers_count_blank_lines_like_a_spreadsheet(tmp_path):
    path = tmp_path / "ho-so.csv"
    path.write_text("Mã hồ sơ,Kênh nộp\r\nHS-1,Trực tuyến\r\n\r\n,\r\nHS-2,Trực tiếp\r\n", encoding="utf-8")
    frame = readers.read_table(path)
    assert list(frame.index) == [2, 5]
    assert frame.loc[5, "Mã hồ sơ"] == "HS-2"


def test_short_rows_are_padded_and_extra_cells_are_an_error(tmp_path):
    path = tmp_path / "ho-so.csv"
    path.write_text("Mã hồ sơ,Kênh nộp\nHS-1\nHS-2,Trực tiếp,thừa\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    problem = only_problem(excinfo)
    assert problem.row == 3 and problem.value == "thừa"
    path.write_text("Mã hồ sơ,Kênh nộp\nHS-1\n", encoding="utf-8")
    assert readers.read_table(path).loc[2, "Kênh nộp"] == ""


def test_cp1258_file_is_an_error_naming_row_and_column_without_mojibake(tmp_path):
    path = tmp_path / "ho-so.csv"
    text = "Mã hồ sơ,Kênh nộp\r\nHS-1,Trực tuyến\r\n"
    path.write_bytes(to_cp1258(text))
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    problem = only_problem(excinfo)
    assert problem.row == 1
    assert problem.column == "Mã hồ sơ"
    assert "UTF-8" in problem.message and "lưu" in problem.message
    assert "Ã" not in str(problem) and "\ufffd" not in str(problem)


def test_one_cp1252_cell_in_a_utf8_file_names_its_row_and_column(tmp_path):
    path = tmp_path / "ho-so.csv"
    path.write_bytes("Mã hồ sơ,Thủ tục\nHS-1,Khai sinh\n".encode() + b"HS-2,Ch\xe9ng th\xf4c\n")
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    problem = only_problem(excinfo)
    assert (problem.row, problem.column) == (3, "Thủ tục")
    assert "0xE9" in problem.message


def test_empty_header_only_and_missing_files(tmp_path):
    empty = tmp_path / "ho-so.csv"
    empty.write_bytes(b"")
    with pytest.raises(readers.EmptyFileError) as excinfo:
        readers.read_table(empty)
    assert "rỗng" in only_problem(excinfo).message
    empty.write_bytes(b"\xef\xbb\xbf\r\n  \r\n")
    with pytest.raises(readers.EmptyFileError):
        readers.read_table(empty)
    header_only = write_rows(tmp_path / "can-bo.csv", HEADER, [])
    frame = readers.read_table(header_only)
    assert list(frame.columns) == HEADER and len(frame) == 0
    with pytest.raises(InputError) as excinfo:
        readers.read_table(tmp_path / "khong-co.csv")
    assert "Không tìm thấy tệp" in only_problem(excinfo).message


def test_duplicate_header_is_an_error(tmp_path):
    path = write_rows(tmp_path / "ho-so.csv", ["Mã hồ sơ", "mã  hồ sơ"], [["a", "b"]])
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    assert only_problem(excinfo).row == 1


def test_unknown_suffix_and_registering_a_reader(tmp_path):
    path = tmp_path / "ho-so.ods"
    path.write_bytes(b"x")
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    assert ".csv" in only_problem(excinfo).message

    def read_ods(p):
        return readers._frame(p, [(1, ["Mã hồ sơ"]), (2, ["HS-9"])])

    readers.register(".ods", read_ods)
    try:
        assert readers.read_table(path).loc[2, "Mã hồ sơ"] == "HS-9"
        assert ".ods" in readers.suffixes()
    finally:
        del readers.READERS[".ods"]


def make_xlsx(path, rows, formats=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    extra = wb.create_sheet("khác")  # only the first sheet is read
    extra.append(["không đọc"])
    wb.save(path)
    return path


def test_xlsx_real_dates_numbers_text_and_percent(tmp_path):
    path = make_xlsx(tmp_path / "ho-so.xlsx", [
        ["Mã hồ sơ", "Ngày tiếp nhận", "Số tiền thanh toán (đồng)", "Tỷ lệ", "Tiếp nhận chi tiết"],
        ["HS-1", dt.datetime(2023, 1, 3), 10282000, 0.95, True],
        [None, None, None, None, None],
        ["HS-2", "15/02/2023", 8000.0, 0.5879, False],
        ["HS-3", dt.datetime(2023, 3, 4, 14, 30), "10.282.000", None, None],
    ], formats={"D2": "0%", "D4": "0.00%"})
    frame = readers.read_table(path)
    assert list(frame.index) == [2, 4, 5]  # the blank row 3 is skipped but still counted
    assert frame.loc[2].tolist() == ["HS-1", "2023-01-03", "10282000", "95", "Có"]
    assert frame.loc[4].tolist() == ["HS-2", "15/02/2023", "8000", "58.79", "Không"]
    assert frame.loc[5, "Ngày tiếp nhận"] == "2023-03-04 14:30:00"
    assert frame.loc[5, "Tỷ lệ"] == ""


def test_xlsx_text_date_is_passed_through_for_typing(tmp_path):
    path = make_xlsx(tmp_path / "ho-so.xlsx", [["Ngày tiếp nhận"], ["15/13/2023"], ["abc"]])
    assert readers.read_table(path)["Ngày tiếp nhận"].tolist() == ["15/13/2023", "abc"]


def test_xlsx_broken_and_empty(tmp_path):
    bad = tmp_path / "ho-so.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError) as excinfo:
        readers.read_table(bad)
    assert "Excel" in only_problem(excinfo).message
    with pytest.raises(readers.EmptyFileError):
        readers.read_table(make_xlsx(tmp_path / "rong.xlsx", []))


def test_yaml_lines_and_syntax_errors(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("unit: x\nperiod:\n  start: 2023-01-01\n  end: 2023-12-06\nlist:\n  - a\n  - b\n", encoding="utf-8")
    doc = readers.read_yaml(path)
    assert doc.data["period"]["end"] == dt.date(2023, 12, 6)
    assert doc.line("period", "end") == 4
    assert doc.line("list", 1) == 7
    assert doc.line("missing") == 1
    path.write_text("unit: x\nperiod:\n  start: [2023\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        readers.read_yaml(path)
    assert only_problem(excinfo).row is not None and "YAML" in only_problem(excinfo).message


def test_aliases_rename_columns_then_map_values(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_ROOT", str(tmp_path))
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "aliases.yaml").write_text(
        "columns:\n  ho-so:\n    Hình thức nộp: Kênh nộp\n    Số hồ sơ: Mã hồ sơ\n"
        "values:\n  Kênh nộp:\n    Nộp online: Trực tuyến\n    DVC: Trực tuyến\n", encoding="utf-8")
    aliases, problems = readers.read_aliases()
    assert problems == []
    path = write_rows(tmp_path / "ho-so.csv", ["Số hồ sơ", "hình thức  nộp"],
                      [["A", "nộp ONLINE"], ["B", "Trực tiếp"], ["C", "dvc"]])
    frame = aliases.apply(readers.read_table(path), "ho-so", path)
    assert list(frame.columns) == ["Mã hồ sơ", "Kênh nộp"]
    assert frame["Kênh nộp"].tolist() == ["Trực tuyến", "Trực tiếp", "Trực tuyến"]
    # aliases for another register do not apply
    assert list(aliases.apply(readers.read_table(path), "van-ban", path).columns) == ["Số hồ sơ", "hình thức  nộp"]


def test_alias_file_problems(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_ROOT", str(tmp_path))
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "aliases.yaml").write_text(
        "columns:\n  ho-so:\n    X: Không có cột này\n  so-khac:\n    Y: Mã\n"
        "values:\n  Kênh nộp:\n    Zalo: Qua Zalo\n", encoding="utf-8")
    _, problems = readers.read_aliases()
    messages = [p.message for p in problems]
    assert len(problems) == 3
    assert any("Không có cột này" in m and "Mã hồ sơ" in m for m in messages)
    assert any("so-khac" in m for m in messages)
    assert any("Qua Zalo" in m and "Bưu chính" in m for m in messages)
    assert all(p.row is not None for p in problems)


def test_missing_alias_file_means_no_aliases(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_ROOT", str(tmp_path))
    aliases, problems = readers.read_aliases()
    assert problems == [] and aliases.columns == {} and aliases.values == {}
    frame = pd.DataFrame({"a": ["x"]}, dtype="str")
    assert aliases.apply(frame, "ho-so", tmp_path / "x.csv").equals(frame)


def test_utf16_unicode_text_export(tmp_path):
    # Excel's "Unicode Text" export: UTF-16 with BOM, tab separated.
    path = tmp_path / "ho-so.csv"
    path.write_bytes("Mã hồ sơ\tKênh nộp\r\nHS-1\tTrực tuyến\r\n".encode("utf-16"))
    frame = readers.read_table(path)
    assert list(frame.columns) == ["Mã hồ sơ", "Kênh nộp"] and frame.loc[2, "Kênh nộp"] == "Trực tuyến"
