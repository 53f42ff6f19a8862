"""The committed sample is exactly what the generator makes, stays small, and scales synthetically."""
from __future__ import annotations

import csv
import hashlib
import subprocess
import sys

import pytest

from cchc import paths
from cchc.sample import generate
from cchc.sample.docs import readme

pytestmark = pytest.mark.fast

ROOT = paths.CODE_ROOT
LIMIT = 16 * 1024 * 1024  # the committed data/ + params/ budget (2023, 2024 and the second half of 2025)


def _hashes(base, rel_paths):
    return {rel: hashlib.sha256((base / rel).read_bytes()).hexdigest() for rel in rel_paths}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    files = generate(out)
    return out, sorted(p.relative_to(out).as_posix() for p in files)


def test_regenerating_gives_the_committed_files_byte_for_byte(regenerated):
    out, rel = regenerated
    # units, two import profiles, findings, the service index's configuration, data README; the params
    # of 15 units' 2023 and 2024 annual reports, of 3 units' quý I, 6 tháng, quý III, of 1 unit's 12
    # months and of the 6 units of 2025; 4 registers in each of 15 x 2 + 6 unit-year folders
    assert len(rel) == 6 + (15 * 2 + 3 * 3 + 12 + 6) + (15 * 2 + 6) * 4
    committed = _hashes(ROOT, rel)
    fresh = _hashes(out, rel)
    differing = [r for r in rel if committed[r] != fresh[r]]
    assert not differing, f"regenerate with `python -m cchc.sample`: {differing[:5]}"


def test_nothing_committed_that_the_generator_does_not_make(regenerated):
    out, rel = regenerated
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()}
    on_disk |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "params").rglob("*.yaml")}
    assert on_disk == set(rel)


def test_data_readme_matches_the_schema():
    assert (ROOT / "data" / "README.md").read_text(encoding="utf-8") == readme()
    text = readme()
    for header in ("Mã hồ sơ", "Kênh nộp", "Thuộc diện số hóa kết quả", "Lý luận chính trị", "Văn bản QPPL",
                   "Mã chỉ số", "so_may_tinh", "Trực tuyến toàn trình"):
        assert f"{header}" in text


def test_committed_sample_is_under_the_size_limit():
    size = sum(p.stat().st_size for d in ("data", "params") for p in (ROOT / d).rglob("*") if p.is_file())
    assert 1_000_000 < size < LIMIT


def test_csv_follow_the_file_conventions(regenerated):
    out, _ = regenerated
    raw = (out / "data/2023/phuong-nguyen-nghiem/ho-so.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    assert rows[0][:5] == ["Mã hồ sơ", "Thủ tục", "Lĩnh vực", "Kênh nộp", "Ngày tiếp nhận"]
    first = rows[1]
    assert first[4].count("/") == 2 and len(first[4]) == 10  # dd/mm/yyyy
    assert first[8] in ("Có", "Không")
    paid = [int(r[14]) for r in rows[1:] if r[13] == "Có"]
    assert len(paid) == 1680 and sum(paid) == 10_282_000  # the seed's online payments, from rows


def test_cli_writes_a_synthetic_province(tmp_path):
    r = subprocess.run([sys.executable, "-m", "cchc.sample", "--out", str(tmp_path), "--units", "3",
                        "--years", "2023"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    units = sorted(p.name for p in (tmp_path / "data" / "2023").iterdir())
    assert units == ["xa-mau-001", "xa-mau-002", "xa-mau-003"]
    assert sorted(p.name for p in (tmp_path / "params" / "2023").iterdir()) == [
        "xa-mau-001.yaml", "xa-mau-002.yaml", "xa-mau-003.yaml"]
    for u in units:
        assert {p.name for p in (tmp_path / "data/2023" / u).iterdir()} == {
            "ho-so.csv", "can-bo.csv", "van-ban.csv", "chi-so.csv"}
    assert not (tmp_path / "data" / "2024").exists()
    text = (tmp_path / "params" / "units.yaml").read_text(encoding="utf-8")
    assert text.count("slug: xa-mau-") == 3


def test_synthetic_units_are_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, years=(2024,), synthetic_units=2)
    generate(b, years=(2024,), synthetic_units=2)
    rel = [p.relative_to(a).as_posix() for p in sorted(a.rglob("*")) if p.is_file()]
    assert len(rel) == 6 + 2 + 2 * 4  # the shared files (units, 2 profiles, findings, service index, README)
    assert _hashes(a, rel) == _hashes(b, rel)


def test_unsupported_year_is_refused(tmp_path):
    with pytest.raises(ValueError):
        generate(tmp_path, years=(2019,))
    assert not any(tmp_path.iterdir())
