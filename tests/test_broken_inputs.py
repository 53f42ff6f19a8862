"""Broken copies of a valid unit-year, checked through the real command line.

Each case breaks one thing the way an office would, runs `cchc validate` in a subprocess on the
copy, and expects: exit code 1, a Vietnamese message naming the file, the row and the column that
were broken, no traceback, and every input file byte-for-byte unchanged.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import CHECKOUT, TINY_SLUG, TINY_TABLES, TINY_YEAR, read_rows, to_cp1258, write_rows

pytestmark = pytest.mark.fast

CCHC = CHECKOUT / ".venv" / "bin" / "cchc"
FOLDER = f"data/{TINY_YEAR}/{TINY_SLUG}"


def cli(root: Path) -> subprocess.CompletedProcess:
    command = [str(CCHC)] if CCHC.exists() else [sys.executable, "-m", "cchc.cli"]
    env = {**os.environ, "CCHC_ROOT": str(root)}
    return subprocess.run(command + ["validate", "--year", str(TINY_YEAR), "--unit", TINY_SLUG],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


def hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def register(root: Path, stem: str) -> Path:
    return root / FOLDER / f"{stem}.csv"


def drop_column(root):
    path = register(root, "ho-so")
    header, rows = read_rows(path)
    i = header.index("Kênh nộp")
    write_rows(path, header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows])


def set_cell(root, stem, row, column, value):
    path = register(root, stem)
    header, rows = read_rows(path)
    rows[row - 2][header.index(column)] = value
    write_rows(path, header, rows)


def cp1258(root):
    path = register(root, "ho-so")
    path.write_bytes(to_cp1258(path.read_text(encoding="utf-8")))


def text_date_xlsx(root):
    path = register(root, "ho-so")
    header, rows = TINY_TABLES["ho-so"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    date_columns = [header.index(h) for h in ("Ngày tiếp nhận", "Hạn giải quyết", "Ngày có kết quả")]
    for row in rows:
        cells = list(row)
        for i in date_columns:  # real date cells, the way Excel stores them
            if cells[i]:
                text = cells[i]
                cells[i] = (dt.datetime.strptime(text, "%Y-%m-%d") if "-" in text
                            else dt.datetime.strptime(text, "%d/%m/%Y"))
        ws.append(cells)
    ws.cell(row=5, column=header.index("Ngày tiếp nhận") + 1).value = "15/13/2023"  # typed as text
    path.unlink()
    wb.save(path.with_suffix(".xlsx"))


def empty_file(root):
    register(root, "van-ban").write_bytes(b"")


def header_only(root):
    header, _ = TINY_TABLES["can-bo"]
    write_rows(register(root, "can-bo"), header, [])


# case id -> (break it, file, row, column, a phrase of the message, the value shown or None)
CASES = {
    "missing-column": (drop_column, "ho-so.csv", 1, "Kênh nộp", "Thiếu cột bắt buộc", None),
    "unknown-channel": (lambda r: set_cell(r, "ho-so", 3, "Kênh nộp", "Zalo"), "ho-so.csv", 3, "Kênh nộp",
                        "chỉ nhận: «Trực tuyến», «Trực tiếp», «Bưu chính»", "Zalo"),
    "result-before-received": (lambda r: set_cell(r, "ho-so", 4, "Ngày có kết quả", "01/02/2023"), "ho-so.csv", 4,
                               "Ngày có kết quả", "trước ngày tiếp nhận (10/02/2023)", "01/02/2023"),
    "duplicate-code": (lambda r: set_cell(r, "ho-so", 6, "Mã hồ sơ", "HS-002"), "ho-so.csv", 6, "Mã hồ sơ",
                       "trùng với dòng 3", "HS-002"),
    "empty-file": (empty_file, "van-ban.csv", 1, "Số ký hiệu", "Tệp rỗng", None),
    "header-only": (header_only, "can-bo.csv", 2, None, "chỉ có dòng tiêu đề", None),
    "cp1258-csv": (cp1258, "ho-so.csv", 1, "Mã hồ sơ", "không được lưu bằng mã UTF-8", None),
    "xlsx-text-date": (text_date_xlsx, "ho-so.xlsx", 5, "Ngày tiếp nhận", "Ngày không hợp lệ", "15/13/2023"),
}


def test_the_unbroken_copy_is_valid(tiny_root):
    result = cli(tiny_root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1 báo cáo: 1 hợp lệ, 0 có lỗi, 0 cảnh báo"


@pytest.mark.parametrize("case", list(CASES))
def test_broken_input_is_reported_not_crashed(tiny_root, case):
    breaker, name, row, column, phrase, value = CASES[case]
    breaker(tiny_root)
    before = hashes(tiny_root)
    result = cli(tiny_root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("LỖI")]
    assert lines, result.stdout
    where = f"LỖI {FOLDER}/{name}, dòng {row}" + (f", cột «{column}»" if column else "")
    if value is not None:
        where += f", giá trị «{value}»"
    matching = [line for line in lines if line.startswith(where)]
    assert matching, f"expected a line starting {where!r} in:\n{result.stdout}"
    assert any(phrase in line for line in matching), matching
    assert result.stdout.strip().splitlines()[-1] == "1 báo cáo: 0 hợp lệ, 1 có lỗi, 0 cảnh báo"
    assert hashes(tiny_root) == before


def test_the_shipped_sample_is_valid_and_a_broken_copy_of_it_is_not(sample_root):
    env = {**os.environ, "CCHC_ROOT": str(sample_root)}
    command = [str(CCHC)] if CCHC.exists() else [sys.executable, "-m", "cchc.cli"]
    result = subprocess.run(command + ["validate"], capture_output=True, text=True, encoding="utf-8", env=env,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    # every params file is a report (params/profiles/ holds the import profiles)
    n = len([p for p in (sample_root / "params").glob("*/*.yaml") if p.parent.name != "profiles"])
    assert result.stdout.strip().splitlines()[-1].startswith(f"{n} báo cáo: {n} hợp lệ, 0 có lỗi")

    path = sample_root / "data" / "2023" / "phuong-nguyen-nghiem" / "ho-so.csv"
    header, rows = read_rows(path)
    rows[98][header.index("Kênh nộp")] = "Qua Zalo"  # spreadsheet row 100
    write_rows(path, header, rows)
    before = hashes(sample_root)
    result = subprocess.run(command + ["validate", "--year", "2023", "--unit", "phuong-nguyen-nghiem"],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    assert result.returncode == 1
    assert "LỖI data/2023/phuong-nguyen-nghiem/ho-so.csv, dòng 100, cột «Kênh nộp», giá trị «Qua Zalo»" \
        in result.stdout
    assert "Traceback" not in result.stderr
    assert hashes(sample_root) == before
