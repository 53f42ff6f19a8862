"""`cchc import`: what a profile makes of an export, and writing the normalised register only when
asked and only without errors (issue 10)."""
from __future__ import annotations

import hashlib

import pytest

from cchc import load as load_m

from conftest import TINY_SLUG, TINY_TABLES, TINY_YEAR, run_main, write_rows

pytestmark = pytest.mark.fast

HEADER, ROWS = TINY_TABLES["ho-so"]
PROFILE = """\
title: Tệp xuất thử
registers:
  ho-so:
    columns:
      Mã hồ sơ: code
      Kênh nộp: applyMethod
      Ngày tiếp nhận: acceptedDate
      Đã số hóa TPHS: soHoa
    values:
      Kênh nộp: {"1": Trực tiếp, "2": Trực tuyến, BCCI: Bưu chính}
      Đã số hóa TPHS: {"1": Có, "2": Không}
    ignore: [ghiChu]
"""
CHANNEL = {"Trực tiếp": "1", "Trực tuyến": "2", "Bưu chính": "BCCI"}


def export_rows():
    header = ["code" if h == "Mã hồ sơ" else "applyMethod" if h == "Kênh nộp" else "acceptedDate"
              if h == "Ngày tiếp nhận" else "soHoa" if h == "Đã số hóa TPHS" else h for h in HEADER] + ["ghiChu"]
    rows = []
    for r in ROWS:
        r = list(r)
        r[HEADER.index("Kênh nộp")] = CHANNEL[r[HEADER.index("Kênh nộp")]]
        r[HEADER.index("Đã số hóa TPHS")] = {"Có": "1", "Không": "2"}[r[HEADER.index("Đã số hóa TPHS")]]
        day = r[HEADER.index("Ngày tiếp nhận")]
        if "/" in day:
            d, m, y = day.split("/")
            day = f"{y}-{m}-{d}"
        r[HEADER.index("Ngày tiếp nhận")] = f"{day}T08:30:00.000+07:00"
        rows.append(r + ["ghi chú"])
    return header, rows


def data_hashes(root):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "data").rglob("*") if p.is_file()}


@pytest.fixture
def export(tiny_root):
    (tiny_root / "params" / "profiles").mkdir()
    (tiny_root / "params" / "profiles" / "xuat.yaml").write_text(PROFILE, encoding="utf-8")
    header, rows = export_rows()
    return write_rows(tiny_root / "tai-ve" / "danh-sach-ho-so.csv", header, rows)


def test_import_prints_coverage_and_values_and_writes_nothing(tiny_root, export, capsys):
    before = data_hashes(tiny_root)
    code, out, err = run_main(capsys, "import", str(export), "--unit", TINY_SLUG, "--profile", "xuat")
    assert code == 0, out + err
    assert "Hồ sơ nhập: «xuat» — Tệp xuất thử (theo tham số --profile" in out
    assert "«Mã hồ sơ» ← cột «code»" in out and "«Thủ tục» ← cột «Thủ tục» (tên chuẩn)" in out
    assert "Cột của tệp bỏ qua theo hồ sơ nhập (1): ghiChu." in out
    assert "«Kênh nộp»: «2» → «Trực tuyến»: 3; «1» → «Trực tiếp»: 2; «BCCI» → «Bưu chính»: 1" in out
    assert "«Ngày tiếp nhận»: 6 ô có ngày, từ 20/12/2022 đến 01/12/2023" in out
    assert "Kết quả: 6 dòng, 0 dòng có lỗi, 0 lỗi." in out and "Chưa ghi gì vào data/" in out
    assert data_hashes(tiny_root) == before


def test_the_profile_is_recognised_from_the_header_row(tiny_root, export, capsys):
    code, out, _ = run_main(capsys, "import", str(export), "--unit", TINY_SLUG)
    assert code == 0 and "«xuat»" in out and "nhận ra từ dòng tiêu đề" in out


def test_an_unknown_value_and_a_rejected_row_name_file_row_column_value_and_the_line_to_add(tiny_root, export,
                                                                                            capsys):
    header, rows = export_rows()
    rows[2][header.index("applyMethod")] = "9"  # spreadsheet row 4
    rows[4][header.index("Hạn giải quyết")] = "31/02/2023"  # row 6
    write_rows(export, header, rows)
    before = data_hashes(tiny_root)
    code, out, _ = run_main(capsys, "import", str(export), "--unit", TINY_SLUG, "--profile", "xuat", "--write",
                            "--year", str(TINY_YEAR))
    assert code == 1
    assert "Giá trị chưa có trong hồ sơ nhập (1):" in out
    assert ("LỖI tai-ve/danh-sach-ho-so.csv, dòng 4, cột «applyMethod», giá trị «9»: Giá trị «9» của cột «applyMethod» "
            "(→ «Kênh nộp») không có trong bảng giá trị của hồ sơ nhập «xuat» (params/profiles/xuat.yaml, dòng 10")\
        in out
    assert '«    "9": <giá trị chuẩn>»' in out
    assert "LỖI tai-ve/danh-sach-ho-so.csv, dòng 6, cột «Hạn giải quyết», giá trị «31/02/2023»: Ngày không hợp lệ" in out
    assert "Không ghi vào data/ vì còn lỗi" in out
    assert data_hashes(tiny_root) == before


def test_write_replaces_the_register_with_the_normalised_one(tiny_root, export, capsys):
    load_m.clear_register_cache()
    original = load_m.load(TINY_SLUG, TINY_YEAR).dossiers.drop(columns="_tep")
    code, out, _ = run_main(capsys, "import", str(export), "--unit", TINY_SLUG, "--profile", "xuat", "--write")
    assert code == 2 and "Cần --year" in out  # where to write is never guessed
    code, out, _ = run_main(capsys, "import", str(export), "--unit", TINY_SLUG, "--profile", "xuat", "--write",
                            "--period", str(TINY_YEAR))
    assert code == 0, out
    target = tiny_root / "data" / str(TINY_YEAR) / TINY_SLUG / "ho-so.csv"
    assert f"Đã ghi data/{TINY_YEAR}/{TINY_SLUG}/ho-so.csv (6 dòng" in out and "tệp cũ đã được thay" in out
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(f'"{h}"' if "," in h else h for h in HEADER)
    assert "Bưu chính" in text and "BCCI" not in text and "+07:00" not in text and "20/12/2022" in text
    load_m.clear_register_cache()
    again = load_m.load(TINY_SLUG, TINY_YEAR).dossiers.drop(columns="_tep")
    assert again.equals(original)
    assert not list(target.parent.glob(".*tmp*")) and not list(target.parent.glob("*.tmp"))
