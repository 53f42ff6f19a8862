"""Readers: CSV and XLSX to raw string tables with spreadsheet row numbers; YAML."""
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


def test_utf16_unicode_text_export(tmp_path):
    # Excel's "Unicode Text" export: UTF-16 with BOM, tab separated.
    path = tmp_path / "ho-so.csv"
    path.write_bytes("Mã hồ sơ\tKênh nộp\r\nHS-1\tTrực tuyến\r\n".encode("utf-16"))
    frame = readers.read_table(path)
    assert list(frame.columns) == ["Mã hồ sơ", "Kênh nộp"] and frame.loc[2, "Kênh nộp"] == "Trực tuyến"


# --- hostile YAML: bounded, no aliases, no tags, unique keys (issue 11) ---------------------------

BILLION_LAUGHS = "lol0: &l0 [\"lol\"]\n" + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 30))


def test_billion_laughs_is_refused_fast_with_bounded_memory(tmp_path):
    # 29 levels of 9 aliases: ~1.5 KB that a parser expanding aliases builds as 9**29 strings.
    # Run in a child limited to 1 GB of address space and 60 s, so the old reader fails the
    # test (MemoryError or timeout) instead of the machine.
    import subprocess
    import sys
    import textwrap

    path = tmp_path / "units.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert 1000 < path.stat().st_size < 2000
    child = textwrap.dedent(f"""
        import resource, time
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from cchc import readers
        from cchc.problems import InputError
        t = time.perf_counter()
        try:
            readers.read_yaml({str(path)!r})
        except InputError as exc:
            print(f"{{time.perf_counter() - t:.3f}}", exc.problems[0].row, exc.problems[0].message, sep="\\n")
    """)
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    seconds, row, message = proc.stdout.splitlines()
    assert float(seconds) < 1 and row == "1"
    assert message.startswith("Tệp YAML dùng neo/bí danh (&/*), không được phép") and "«&l0»" in message


@pytest.mark.parametrize("text,row,phrase", [
    ("a: 1\nb: &x 2\nc: *x\n", 2, "«&x»"),  # one anchor is refused already, used or not
    ("a: 1\nb: [1, 2]\nc: {<<: *x}\n", 3, "«*x»"),  # an alias to nothing: refused, not a syntax error
    ("a: 1\nb: !!python/object/apply:os.system [\"echo pwned\"]\n", 2, "«!!python/object/apply:os.system»"),
    ("a: !!str 12\n", 1, "«!!str»"),
    ("a: 1\nb:\n  c: 2\n  c: 3\n", 4, "«c» xuất hiện hai lần"),
    ("narrative:\n  direction: [a]\n  direction: [b]\n", 3, "dòng 2 và dòng 3"),
    ("a: " + "[" * 40 + "]" * 40 + "\n", 1, "lồng nhau quá sâu"),
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", 1, "lồng nhau quá sâu"),
    ("a: \"x\x00y\"\n", 1, "U+0000"),
    ("a: 1\nb: \"\u202ex\"\n", 2, "U+202E"),
])
def test_yaml_tricks_are_refused_naming_the_line(tmp_path, text, row, phrase):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        readers.read_yaml(path)
    problem = only_problem(excinfo)
    assert problem.row == row and phrase in problem.message, str(problem)
    assert "\x00" not in str(problem) and "\u202e" not in str(problem)


def test_yaml_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "p.yaml"
    path.write_text("a: " + "x" * (readers.MAX_YAML_BYTES + 10) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        readers.read_yaml(path)
    assert "quá lớn" in only_problem(excinfo).message
    monkeypatch.setattr(readers, "MAX_YAML_BYTES", 10)  # the limit is one constant
    path.write_text("a: 12345678\n", encoding="utf-8")
    with pytest.raises(InputError):
        readers.read_yaml(path)


def test_plain_yaml_with_ampersands_and_stars_in_text_still_reads(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text('a: "R&D *quan trọng* !"\nb: - 5 * 3 & co\nc: [x, "&y"]\n'.replace("b: - ", "b: "),
                    encoding="utf-8")
    assert readers.read_yaml(path).data == {"a": "R&D *quan trọng* !", "b": "5 * 3 & co", "c": ["x", "&y"]}


# --- inputs are regular files inside the project (issue 11) ---------------------------------------

@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    (root / "data").mkdir(parents=True)
    (root / "params").mkdir()
    monkeypatch.setenv("CCHC_ROOT", str(root))
    outside = tmp_path / "outside"
    outside.mkdir()
    write_rows(outside / "ho-so.csv", HEADER, ROWS)
    (outside / "units.yaml").write_text("a: 1\n", encoding="utf-8")
    return root, outside


def test_a_symlink_out_of_the_project_is_refused(project):
    root, outside = project
    (root / "data" / "ho-so.csv").symlink_to(outside / "ho-so.csv")
    (root / "params" / "units.yaml").symlink_to(outside / "units.yaml")
    (root / "data" / "2023").symlink_to(outside, target_is_directory=True)  # a linked folder alike
    for path, read in ((root / "data" / "ho-so.csv", readers.read_table),
                       (root / "params" / "units.yaml", readers.read_yaml),
                       (root / "data" / "2023" / "ho-so.csv", readers.read_table),
                       (root / "data" / ".." / ".." / "outside" / "ho-so.csv", readers.read_table)):
        with pytest.raises(InputError) as excinfo:
            read(path)
        problem = only_problem(excinfo)
        assert "ra ngoài thư mục dự án" in problem.message, problem
        assert problem.file == path.relative_to(root).as_posix()  # the link's own name, not its target's
        assert str(outside) in problem.message


def test_a_symlink_inside_the_project_is_fine(project):
    root, outside = project
    write_rows(root / "data" / "chung.csv", HEADER, ROWS)
    (root / "data" / "ho-so.csv").symlink_to(root / "data" / "chung.csv")
    assert readers.read_table(root / "data" / "ho-so.csv").loc[3, "Kênh nộp"] == "Trực tiếp"


def test_folders_pipes_and_broken_links_are_not_files(project):
    import os

    root, _ = project
    (root / "data" / "thu-muc.csv").mkdir()
    os.mkfifo(root / "data" / "ong.csv")  # reading it would block for ever
    (root / "data" / "hong.csv").symlink_to(root / "data" / "khong-co.csv")
    for name, phrase in (("thu-muc.csv", "thư mục"), ("ong.csv", "đường ống"), ("hong.csv", "liên kết (symlink) hỏng")):
        with pytest.raises(InputError) as excinfo:
            readers.read_table(root / "data" / name)
        assert phrase in only_problem(excinfo).message


# --- control characters and overlong cells (issue 11) ---------------------------------------------

@pytest.mark.parametrize("cell,code", [("HS\x00-1", "U+0000"), ("\x1b[31mHS-1", "U+001B"), ("HS-1\x7f", "U+007F"),
                                       ("HS\u202e1-SH", "U+202E"), ("\x1fHS-1", "U+001F"), ("HS\x85", "U+0085")])
def test_a_control_character_in_a_cell_is_refused_naming_row_and_column(tmp_path, cell, code):
    # Refused, not stripped: such a cell is a broken export; stripping would change what was typed.
    path = write_rows(tmp_path / "ho-so.csv", HEADER, [ROWS[0], [cell, "Trực tiếp", "05/01/2023"]])
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    problem = only_problem(excinfo)
    assert (problem.row, problem.column) == (3, "Mã hồ sơ") and code in problem.message
    assert readers.CONTROL_RE.search(str(problem)) is None  # shown as «U+0000», never printed raw


def xlsx_with_escape(path, cell_text_with_marker):
    """An .xlsx whose cell holds a control character the way Excel stores one (`_x0001_`): openpyxl
    refuses to write it, so write a marker and patch the XML."""
    import zipfile

    make_xlsx(path, [HEADER, ["HS-1", cell_text_with_marker, "03/01/2023"]])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts = {n: b.replace("@@".encode(), b"_x0001_") for n, b in parts.items()}
    with zipfile.ZipFile(path, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return path


def test_control_characters_in_xlsx_and_in_the_header(tmp_path):
    path = xlsx_with_escape(tmp_path / "ho-so.xlsx", "Trực@@ tuyến")
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    assert (only_problem(excinfo).row, only_problem(excinfo).column) == (2, "Kênh nộp")
    path = write_rows(tmp_path / "ho-so.csv", ["Mã hồ sơ\x00", "Kênh nộp"], [["HS-1", "Trực tuyến"]])
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    assert only_problem(excinfo).row == 1


def test_line_breaks_and_tabs_inside_a_cell_are_kept(tmp_path):
    path = write_rows(tmp_path / "van-ban.csv", ["Số ký hiệu", "Trích yếu"], [["19/KH-UBND", "dòng một\ndòng\thai"]])
    assert readers.read_table(path).loc[2, "Trích yếu"] == "dòng một\ndòng\thai"


def test_an_overlong_cell_is_refused_and_shown_cut(tmp_path):
    path = write_rows(tmp_path / "van-ban.csv", ["Số ký hiệu", "Trích yếu"], [["19/KH-UBND", "x" * 10_000]])
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    problem = only_problem(excinfo)
    assert (problem.row, problem.column) == (2, "Trích yếu") and "10.000 ký tự" in problem.message
    assert len(str(problem)) < 600


def test_many_bad_cells_are_capped(tmp_path):
    path = write_rows(tmp_path / "ho-so.csv", HEADER, [[f"HS\x00{i}", "Trực tiếp", ""] for i in range(30)])
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    problems = excinfo.value.problems
    assert len(problems) == 11 and "Còn 20 ô khác" in problems[-1].message


def test_an_xlsx_with_too_many_cells_is_refused_while_reading(tmp_path, monkeypatch):
    # A compressed sheet can hold millions of cells in a small file: they are counted as read.
    monkeypatch.setattr(readers, "MAX_TABLE_CELLS", 20)
    path = make_xlsx(tmp_path / "ho-so.xlsx", [HEADER] + [["HS", "Trực tiếp", "05/01/2023"]] * 10)
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    problem = only_problem(excinfo)
    assert problem.row == 7 and "hơn 20 ô" in problem.message


def test_a_register_larger_than_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_TABLE_BYTES", 50)
    path = write_rows(tmp_path / "ho-so.csv", HEADER, ROWS * 5)
    with pytest.raises(InputError) as excinfo:
        readers.read_table(path)
    assert "quá lớn" in only_problem(excinfo).message
