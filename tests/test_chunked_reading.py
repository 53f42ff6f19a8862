"""Registers read chunk by chunk (issue 10, item 5): the same typed frame and the same problems,
row numbers included, as the whole file read at once; the size limit refused before reading;
memory bounded."""
from __future__ import annotations

import tracemalloc
import unicodedata

import openpyxl
import pandas as pd
import pytest

from cchc import load, readers, registers, schema
from cchc.problems import MAX_ROWS_PER_CHECK, InputError
from cchc.profiles import read_profiles

pytestmark = pytest.mark.fast

HEADER = [c.header for c in schema.DOSSIERS.columns]
SMALL = 7  # rows per chunk: every tricky row below falls in a different chunk from its twin


def dossier(i: int, **cells) -> list[str]:
    row = {"Mã hồ sơ": f"HS-{i:04d}", "Thủ tục": "Đăng ký khai sinh", "Lĩnh vực": "Hộ tịch", "Kênh nộp": "Trực tuyến",
           "Ngày tiếp nhận": "03/01/2023", "Hạn giải quyết": "05/01/2023", "Ngày có kết quả": "04/01/2023",
           "Trạng thái": "Đã giải quyết", "Tiếp nhận chi tiết": "Có", "Thuộc diện số hóa TPHS": "Có",
           "Đã số hóa TPHS": "Không", "Thuộc diện số hóa kết quả": "Có", "Đã số hóa kết quả": "Có",
           "Thanh toán trực tuyến": "Không", "Số tiền thanh toán (đồng)": "0", "Thu phí, lệ phí": ""}
    row.update(cells)
    return [row[h] for h in HEADER]


def tricky_rows() -> list[list[str]]:
    """40 dossiers: 13 bad dates spread over the chunks (more than the cap), a duplicate code 30 rows
    apart, a bad channel, an amount with a thousands separator, a decomposed (NFD) procedure name, a
    procedure name holding a newline, and a fee column left blank on every row."""
    rows = [dossier(i) for i in range(1, 41)]
    for i in range(2, 40, 3):
        rows[i][HEADER.index("Ngày tiếp nhận")] = "31/02/2023"
    rows[35][0] = rows[5][0]  # a duplicate code, chunks apart
    rows[20][HEADER.index("Kênh nộp")] = "Qua mạng"
    rows[25][HEADER.index("Số tiền thanh toán (đồng)")] = "10.000"
    rows[9][HEADER.index("Thủ tục")] = unicodedata.normalize("NFD", "Chứng thực bản sao")
    rows[12][HEADER.index("Thủ tục")] = "Đăng ký\nkết hôn"
    return rows


def write_csv(path, rows, delimiter=",", bom=True, blank_after=(4, 17)) -> None:
    """A CSV as Excel saves it in vi-VN: BOM, CRLF, every cell quoted; blank lines after the given
    data rows (they keep their row numbers)."""
    lines = [delimiter.join(f'"{h}"' for h in HEADER)]
    for n, row in enumerate(rows, start=1):
        lines.append(delimiter.join('"' + c.replace('"', '""') + '"' for c in row))
        if n in blank_after:
            lines.append("")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\r\n".join(lines).encode("utf-8") + b"\r\n")


def write_xlsx(path, rows, blank_after=(4, 17)) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for n, row in enumerate(rows, start=1):
        ws.append(row)
        if n in blank_after:
            ws.append([None] * len(HEADER))
    wb.save(path)


def read(path, chunk_rows, monkeypatch):
    monkeypatch.setattr(readers, "CHUNK_ROWS", chunk_rows)
    context = load.Context(units={}, profiles=read_profiles()[0], problems=[])
    frame, _, problems = load._read_register_uncached(path, schema.DOSSIERS, context)
    return frame, problems


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_ROOT", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("kind", ["csv-comma", "csv-semicolon", "xlsx"])
def test_chunks_give_the_whole_read_frame_and_problems(root, monkeypatch, kind):
    path = root / ("ho-so.xlsx" if kind == "xlsx" else "ho-so.csv")
    if kind == "xlsx":
        write_xlsx(path, tricky_rows())
    else:
        write_csv(path, tricky_rows(), delimiter=";" if kind == "csv-semicolon" else ",")
    chunked, chunked_problems = read(path, SMALL, monkeypatch)
    whole, whole_problems = read(path, 10**6, monkeypatch)
    assert chunked_problems == whole_problems
    pd.testing.assert_frame_equal(chunked, whole)
    # ... and the whole read is what typing the file's raw frame at once gives
    typed, _ = registers.type_register(readers.read_table(path), schema.DOSSIERS, whole[load.SOURCE_FILE].iloc[0])
    pd.testing.assert_frame_equal(chunked.drop(columns=load.SOURCE_FILE), typed, check_like=False)

    # Row numbers as the spreadsheet shows them: data row n is row n + 1, plus one per blank line
    # before it (after data rows 4 and 17); the quoted newline of row 13 is one row.
    def row_of(n):
        return n + 1 + sum(n > b for b in (4, 17))

    bad_dates = [p for p in chunked_problems if p.column == "Ngày tiếp nhận" and p.row is not None]
    assert [p.row for p in bad_dates] == [row_of(n) for n in range(3, 41, 3)][:MAX_ROWS_PER_CHECK]
    summary = [p for p in chunked_problems if p.column == "Ngày tiếp nhận" and p.row is None]
    assert len(summary) == 1 and summary[0].message.startswith(
        f"Còn 3 dòng khác có cùng lỗi (dòng {row_of(33)}, {row_of(36)}, {row_of(39)}): Ngày không hợp lệ")
    duplicate = [p for p in chunked_problems if "trùng với dòng" in p.message]
    assert [(p.row, p.value) for p in duplicate] == [(row_of(36), "HS-0006")]
    assert f"trùng với dòng {row_of(6)}" in duplicate[0].message
    assert {(p.row, p.column) for p in chunked_problems if p.column in ("Kênh nộp", "Số tiền thanh toán (đồng)")} \
        == {(row_of(21), "Kênh nộp"), (row_of(26), "Số tiền thanh toán (đồng)")}
    assert any("Thu phí, lệ phí" in p.message and "để trống ở mọi dòng" in p.message for p in chunked_problems)
    # what the chunks hand out is clean text: NFC, the quoted newline kept
    header, chunks = readers.iter_table(path, chunk_rows=SMALL)
    raw = list(chunks)
    assert header == HEADER and len(raw) == 6 and max(len(c) for c in raw) == SMALL
    assert raw[1].loc[row_of(10), "Thủ tục"] == "Chứng thực bản sao"
    assert raw[1].loc[row_of(13), "Thủ tục"] == "Đăng ký\nkết hôn"


def test_typing_alone_gives_the_same_frame_and_problems_by_chunk_or_whole(root):
    path = root / "ho-so.csv"
    write_csv(path, tricky_rows())
    header, chunks = readers.iter_table(path, chunk_rows=SMALL)
    typer = registers.RegisterTyper(schema.DOSSIERS, "ho-so.csv")
    for chunk in chunks:
        typer.add(chunk)
    frame, problems = typer.finish()
    whole, whole_problems = registers.type_register(readers.read_table(path), schema.DOSSIERS, "ho-so.csv")
    assert problems == whole_problems and len(problems) > MAX_ROWS_PER_CHECK
    pd.testing.assert_frame_equal(frame, whole)
    assert frame.attrs["blank_columns"] == ("co_phi",)
    # repeated texts are one object per distinct text, the codes stay one each
    assert len({id(v) for v in frame["linh_vuc"].array}) == 1
    assert len({id(v) for v in frame["ma_ho_so"].array}) == len(frame)


def control_rows(n: int) -> list[list[str]]:
    rows = [dossier(i) for i in range(1, n + 1)]
    for i in range(1, n, 2):  # a control character every other row: more than the cap, in every chunk
        rows[i][HEADER.index("Thủ tục")] = "Đăng ký\x1bkhai sinh"
    return rows


def test_bad_cells_in_every_chunk_are_the_whole_read_s_problems(root, monkeypatch):
    path = root / "ho-so.csv"
    rows = control_rows(40)
    rows[3] = rows[3] + ["thừa"]  # a row with an extra cell: a whole read names the bad cells first
    write_csv(path, rows, bom=False, blank_after=())
    problems = []
    for size in (SMALL, 10**6):
        with pytest.raises(InputError) as excinfo:
            header, chunks = readers.iter_table(path, chunk_rows=size)
            list(chunks)
        problems.append(excinfo.value.problems)
    assert problems[0] == problems[1]
    assert [p.row for p in problems[0][:MAX_ROWS_PER_CHECK]] == [3, 5, 7, 9, 11, 13, 15, 17, 19, 21]
    assert problems[0][-1].message.startswith("Còn 10 ô khác có ký tự điều khiển")
    assert read(path, SMALL, monkeypatch)[1] == problems[0]


def test_a_row_with_extra_cells_late_in_the_file_and_a_bad_byte_after_it(root):
    path = root / "ho-so.csv"
    rows = [dossier(i) for i in range(1, 31)]
    rows[24] = rows[24] + ["thừa"]
    write_csv(path, rows, bom=False)
    with pytest.raises(InputError) as excinfo:
        list(readers.iter_table(path, chunk_rows=SMALL)[1])
    (problem,) = excinfo.value.problems
    assert problem.row == 26 + 2 and problem.value == "thừa"  # two blank lines before it
    # a byte that is not UTF-8 further on is what a whole read says, with its row and column
    data = path.read_bytes()
    old = "Hộ tịch".encode()
    at = data.rindex(old)
    path.write_bytes(data[:at] + b"H\xf4 tich" + data[at + len(old):])  # as Windows-1252 would save it
    with pytest.raises(InputError) as excinfo:
        list(readers.iter_table(path, chunk_rows=SMALL)[1])
    (problem,) = excinfo.value.problems
    assert "UTF-8" in problem.message and problem.row == 33 and problem.column == "Lĩnh vực"


def test_a_register_above_the_project_limit_is_refused_before_reading(root, monkeypatch):
    (root / "cchc-project.yaml").write_text("max_register_mb: 1\n", encoding="utf-8")
    path = root / "ho-so.csv"
    write_csv(path, [dossier(i) for i in range(1, 8000)])
    assert path.stat().st_size > 1024 * 1024

    def must_not_read(p, limit):
        raise AssertionError("the file was opened")

    monkeypatch.setitem(readers.READERS, ".csv", (must_not_read, True))
    with pytest.raises(InputError) as excinfo:
        readers.iter_table(path)
    (problem,) = excinfo.value.problems
    assert "max_register_mb: 1" in problem.message and "cchc-project.yaml" in problem.message
    assert "không được đọc" in problem.message and "mặc định" not in problem.message  # the project's own value
    context = load.Context(units={}, profiles=read_profiles()[0], problems=[])
    assert load._read_register_uncached(path, schema.DOSSIERS, context)[2] == [problem]
    (root / "cchc-project.yaml").write_text("max_register_mb: 2\n", encoding="utf-8")
    monkeypatch.setitem(readers.READERS, ".csv", (readers.csv_rows, True))
    assert len(readers.read_table(path)) == 7999


def test_the_limit_setting_is_checked(root):
    from cchc.project import ProjectError, read_settings

    (root / "cchc-project.yaml").write_text("province: X\nmax_register_mb: nhiều\n", encoding="utf-8")
    with pytest.raises(ProjectError) as excinfo:
        read_settings(root)
    assert "dòng 2" in str(excinfo.value) and "max_register_mb" in str(excinfo.value)
    (root / "cchc-project.yaml").write_text("max_register_mb: 512\n", encoding="utf-8")
    assert read_settings(root).max_register_mb == 512
    assert readers.register_limit() == 512 * 1024 * 1024


def test_memory_stays_bounded_while_a_large_register_is_typed(root, monkeypatch):
    path = root / "ho-so.csv"
    procedures = ["Đăng ký khai sinh", "Chứng thực bản sao từ bản chính", "Đăng ký kết hôn", "Cấp bản sao trích lục"]
    rows = [dossier(i, **{"Mã hồ sơ": f"21439-230103-{i:06d}", "Thủ tục": procedures[i % 4]})
            for i in range(1, 50_001)]
    write_csv(path, rows, blank_after=())
    size = path.stat().st_size

    def peak(fn) -> int:
        tracemalloc.start()
        try:
            fn()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    def chunked():
        monkeypatch.setattr(readers, "CHUNK_ROWS", 2_000)
        context = load.Context(units={}, profiles=read_profiles()[0], problems=[])
        frame, _, problems = load._read_register_uncached(path, schema.DOSSIERS, context)
        assert len(frame) == 50_000 and not any(p.is_error for p in problems)

    def whole():
        registers.type_register(readers.read_table(path), schema.DOSSIERS, "ho-so.csv")

    chunked_peak, whole_peak = peak(chunked), peak(whole)
    # The file is ~10 MB; its typed rows take ~8 MB, a chunk of raw text and its typing a few more.
    # Read whole, its raw strings alone took ~9 times the file (before issue 10, every register).
    assert chunked_peak < 3 * size, (chunked_peak, size)
    assert whole_peak > 3 * size, (whole_peak, size)  # the bound is one a whole read breaks
