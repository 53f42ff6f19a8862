"""Shared fixtures: a copy of the shipped sample, and a tiny valid unit-year built from scratch.

Both point `CCHC_ROOT` at a temporary folder, so nothing a test does can touch the checkout's
params/ or data/. The tiny unit-year is phường Thử Nghiệm (slug TINY_SLUG), year TINY_YEAR.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[1]
# The checkout is the tests' project whatever the working directory: papermill's `cwd=` changes the
# process's directory while a notebook runs, and threads running notebooks at once can leave it
# changed. Tests of the project discovery itself unset it (tests/test_project.py).
os.environ.setdefault("CCHC_ROOT", str(CHECKOUT))


def _seed_tthc():
    from cchc.figures.tthc import TthcSummary

    # Typed from the seed report (227/BC-UBND), for tests of what is computed *from* a summary.
    return TthcSummary(
        received_total=3956, received_online=2315, received_in_person=1635, received_postal=0, carried_over=6,
        resolved_total=3938, resolved_early=3925, resolved_on_time=0, resolved_late=13,
        pending_total=4, pending_within=4, pending_overdue=0, withdrawn=14, returned=0, awaiting_supplement=0,
        detailed_intake=1632, online_payments=1680, online_payment_amount=10282000,
        intake_digitisation_base=3897, intake_digitised=2291, result_digitisation_base=3877, result_digitised=1866,
    )


# ---- test layers: every test carries exactly one of these markers (registered in pyproject.toml) ----

LAYERS = ("fast", "build", "browser")
_UNCLASSIFIED = pytest.StashKey[str]()


def _layers(item) -> list[str]:
    return sorted({m.name for m in item.iter_markers() if m.name in LAYERS})


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """A test without exactly one layer marker fails. `-m` would deselect an unclassified test (it
    matches no layer), so such a test is put back and fails there too (unless `-k` is also given)."""
    unclassified = []
    for item in items:
        found = _layers(item)
        if len(found) != 1:
            item.stash[_UNCLASSIFIED] = (
                f"{item.nodeid} has layer markers {found or 'none'}; give it exactly one of "
                f"{', '.join(LAYERS)} (module-level `pytestmark = pytest.mark.fast`, or a decorator); "
                "see tests/README.md")
            unclassified.append(item)
    result = yield
    if config.getoption("markexpr") and not config.getoption("keyword"):
        items.extend(i for i in unclassified if i not in items)
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _UNCLASSIFIED in item.stash:
        pytest.fail(item.stash[_UNCLASSIFIED], pytrace=False)


SEED_TTHC = _seed_tthc()
TINY_SLUG, TINY_YEAR = "phuong-thu-nghiem", 2023

TINY_UNITS = """\
units:
  - code: "99001"
    slug: phuong-thu-nghiem
    kind: phường
    name: Thử Nghiệm
    parent: thị xã Mẫu
    province: Quảng Ngãi
    valid_from: 2020-04-01
    valid_to: 2025-06-30
    successors: ["99101"]
  - code: "99101"
    slug: xa-thu-nghiem
    kind: xã
    name: Thử Nghiệm
    parent:
    province: Quảng Ngãi
    valid_from: 2025-07-01
"""

TINY_PARAMS = """\
unit: phuong-thu-nghiem
year: 2023
number: "12/BC-UBND"
issued_on: 2023-12-06
period:
  start: 2023-01-01
  end: 2023-12-06
basis: "Thực hiện nhiệm vụ báo cáo định kỳ công tác cải cách hành chính năm 2023."
signatory:
  authority: TM
  title: CHỦ TỊCH
  name: Nguyễn Văn Mẫu
recipients:
  - UBND thị xã Mẫu
  - "Lưu: VT."
addressee: Phòng Nội vụ thị xã
on_time_basis: received
targets:
  intake_digitisation: 0.5
  on_time: 0.95
narrative:
  direction:
    - "UBND phường đã ban hành {vb:10/QĐ-UBND@2023-01-10}."
  communication:
    - "Triển khai {vb:19/KH-UBND}."
"""

# Registers: (header, rows), as an analyst would type them.
TINY_TABLES = {
    "ho-so": (
        ["Mã hồ sơ", "Thủ tục", "Lĩnh vực", "Kênh nộp", "Ngày tiếp nhận", "Hạn giải quyết", "Ngày có kết quả",
         "Trạng thái", "Tiếp nhận chi tiết", "Thuộc diện số hóa TPHS", "Đã số hóa TPHS",
         "Thuộc diện số hóa kết quả", "Đã số hóa kết quả", "Thanh toán trực tuyến", "Số tiền thanh toán (đồng)",
         "Thu phí, lệ phí"],
        [
            ["HS-001", "Đăng ký khai sinh", "Hộ tịch", "Trực tuyến", "03/01/2023", "04/01/2023", "03/01/2023",
             "Đã giải quyết", "Có", "Có", "Có", "Có", "Có", "Có", "8000", "Có"],
            ["HS-002", "Chứng thực bản sao", "Chứng thực", "Trực tiếp", "05/01/2023", "05/01/2023", "05/01/2023",
             "Đã giải quyết", "Không", "Có", "Không", "Có", "Không", "Không", "0", "Không"],
            ["HS-003", "Đăng ký kết hôn", "Hộ tịch", "Bưu chính", "2023-02-10", "2023-02-15", "2023-02-20",
             "Đã giải quyết", "Có", "Có", "Có", "Có", "Có", "Có", "10282000", "Có"],
            ["HS-004", "Đăng ký khai tử", "Hộ tịch", "Trực tuyến", "20/12/2022", "25/12/2022", "05/01/2023",
             "Đã giải quyết", "Có", "Có", "Có", "Có", "Có", "Không", "0", "Có"],
            ["HS-005", "Chứng thực chữ ký", "Chứng thực", "Trực tiếp", "01/12/2023", "10/12/2023", "",
             "Đang giải quyết", "Không", "Có", "Không", "Không", "Không", "Không", "0", "Không"],
            ["HS-006", "Đăng ký khai sinh", "Hộ tịch", "Trực tuyến", "15/03/2023", "16/03/2023", "16/03/2023",
             "Rút hồ sơ", "Không", "Không", "Không", "Không", "Không", "Không", "0", "Không"],
        ],
    ),
    "can-bo": (
        ["Mã", "Nhóm", "Chức danh", "Vị trí trống", "Trình độ văn hóa", "Trình độ chuyên môn", "Lý luận chính trị",
         "Đạt chuẩn chức danh", "Nâng lương thường xuyên", "Nâng lương trước thời hạn", "Kỷ luật",
         "Cập nhật phần mềm"],
        [
            ["CB01", "Cán bộ", "Chủ tịch UBND", "Không", "12/12", "Thạc sĩ", "Cao cấp", "Có", "Có", "Không", "Không",
             "Có"],
            ["CC01", "Công chức", "Văn phòng - Thống kê", "Không", "12/12", "Đại học", "Trung cấp", "Có", "Không",
             "Có", "Không", "Có"],
            ["KCT01", "Người hoạt động không chuyên trách", "Phó Chỉ huy trưởng Quân sự", "Có", "", "", "", "Không",
             "Không", "Không", "Không", "Không"],
        ],
    ),
    "van-ban": (
        ["Số ký hiệu", "Ngày ban hành", "Loại văn bản", "Trích yếu", "Cơ quan ban hành", "Lĩnh vực CCHC",
         "Văn bản QPPL"],
        [
            ["10/QĐ-UBND", "10/01/2023", "Quyết định", "ban hành Kế hoạch cải cách hành chính năm 2023", "",
             "Chỉ đạo, điều hành", "Không"],
            ["19/KH-UBND", "02/03/2023", "Kế hoạch", "tuyên truyền cải cách hành chính năm 2023", "",
             "Tuyên truyền", "Không"],
            ["10/QĐ-UBND", "06/01/2022", "Quyết định", "ban hành Quy chế chi tiêu nội bộ", "", "Tài chính công",
             "Không"],
        ],
    ),
    "chi-so": (
        ["Mã chỉ số", "Chỉ số", "Giá trị", "Đơn vị"],
        [
            ["so_may_tinh", "Số máy vi tính", "24", "máy"],
            ["chu_ky_so_to_chuc", "Chữ ký số của cơ quan", "1", "chữ ký số"],
            ["chu_ky_so_ca_nhan", "Chữ ký số cá nhân", "7", "chữ ký số"],
            ["ty_le_van_ban_dien_tu", "Tỷ lệ văn bản trao đổi dưới dạng điện tử", "95", "%"],
            ["ty_le_hop_thu_cong_vu", "Tỷ lệ CBCC có hộp thư điện tử công vụ", "100", "%"],
            ["ty_le_ho_so_cong_viec_tren_mang", "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng", "100", "%"],
            ["trang_thong_tin_tu", "Trang thông tin điện tử hoạt động từ", "12/2021", "tháng/năm"],
            ["iso_9001", "Áp dụng ISO 9001:2015", "Có", ""],
            ["von_dau_tu_cong_giai_ngan", "Vốn đầu tư công đã giải ngân", "0", "đồng"],
            ["so_phan_anh_kien_nghi", "Số phản ánh, kiến nghị về quy định hành chính", "0", "lượt"],
        ],
    ),
}


def write_rows(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",",
               bom: bool = False, encoding: str = "utf-8") -> Path:
    """Write a register as CSV (the way a spreadsheet would)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding))
    return path


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def build_tiny_root(root: Path) -> Path:
    (root / "params" / str(TINY_YEAR)).mkdir(parents=True)
    (root / "params" / "units.yaml").write_text(TINY_UNITS, encoding="utf-8")
    (root / "params" / str(TINY_YEAR) / f"{TINY_SLUG}.yaml").write_text(TINY_PARAMS, encoding="utf-8")
    folder = root / "data" / str(TINY_YEAR) / TINY_SLUG
    for stem, (header, rows) in TINY_TABLES.items():
        write_rows(folder / f"{stem}.csv", header, rows)
    return root


@pytest.fixture
def tiny_root(tmp_path, monkeypatch) -> Path:
    """A minimal valid project root (params/, data/) with one unit-year: TINY_SLUG, TINY_YEAR."""
    root = build_tiny_root(tmp_path / "root")
    monkeypatch.setenv("CCHC_ROOT", str(root))
    return root


@pytest.fixture
def sample_root(tmp_path, monkeypatch) -> Path:
    """A copy of the checkout's params/ and data/ (the shipped sample); fails if they are missing."""
    if not (CHECKOUT / "params" / "units.yaml").is_file() or not any((CHECKOUT / "data").glob("*/*")):
        pytest.fail(f"the shipped sample is missing from the checkout ({CHECKOUT}): params/units.yaml and "
                    "data/<year>/<slug>/ are committed; restore them with `git checkout -- params data` or "
                    "regenerate them with `.venv/bin/python -m cchc.sample`", pytrace=False)
    root = tmp_path / "sample"
    shutil.copytree(CHECKOUT / "params", root / "params")
    shutil.copytree(CHECKOUT / "data", root / "data")
    monkeypatch.setenv("CCHC_ROOT", str(root))
    return root


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the five marks cp1258 keeps separate


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese as an old Excel would in Windows-1258 (base letter + separate tone mark)."""
    import unicodedata

    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", decomposed[0] + "".join(m for m in decomposed[1:] if m not in _TONES))
        out += base.encode("cp1258") + "".join(m for m in decomposed[1:] if m in _TONES).encode("cp1258")
    return bytes(out)


# ---- one end-to-end build shared by the notebook, build and browser tests -------------------------

E2E_UNITS = ("phuong-nguyen-nghiem", "phuong-pho-thanh", "xa-pho-thuan")  # seed; postal+late+awaiting; small xã
E2E_YEARS = (2023, 2024)


def outline(year: int) -> list[str]:
    """The report's headings in order, exactly as the seed writes them (its "6.2" has no dot)."""
    return [
        "I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN", "1. Về tổ chức chỉ đạo, điều hành cải cách hành chính (CCHC)",
        "2. Công tác tuyên truyền cải cách hành chính", "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        "1. Cải cách thể chế",
        "2. Cải cách thủ tục hành chính (TTHC) và thực hiện cơ chế một cửa, một cửa liên thông",
        "2.1. Cải cách thủ tục hành chính", "2.2. Tình hình thực hiện cơ chế một cửa, một cửa liên thông",
        "3. Cải cách tổ chức bộ máy hành chính nhà nước",
        "4. Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
        "5. Cải cách tài chính công", "6. Về xây dựng chính quyền điện tử, chính quyền số",
        "6.1. Ứng dụng công nghệ thông tin", "6.2 Về áp dụng ISO 9001:2015", "III. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm", "2. Tồn tại, hạn chế",
        f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM {year + 1}",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
    ]


def run_cli(*args: str, env_extra: dict | None = None, timeout: int = 1800):
    """Run the `cchc` command as a user would, in a subprocess."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "cchc.cli", *args], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=CHECKOUT)


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory):
    """Build E2E_UNITS x E2E_YEARS of the shipped sample once per session into a temp output/."""
    out = tmp_path_factory.mktemp("output")
    proc = run_cli("build", "--unit", *E2E_UNITS, "--period", *map(str, E2E_YEARS), "--no-progress",
                   env_extra={"CCHC_OUTPUT": str(out)})
    assert proc.returncode == 0, f"build failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def run_main(capsys, *argv):
    """(exit code, stdout, stderr) of `cchc ARGV` run in this process (argparse may exit)."""
    from cchc import cli

    try:
        code = cli.main(list(argv))
    except SystemExit as e:
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def notebooks_with(tmp_path, stem: str, *sources: str):
    """A copy of the shipped notebooks with `sources` appended to notebook `stem` as code cells."""
    import shutil

    import nbformat

    notebooks = tmp_path / "notebooks"
    shutil.copytree(CHECKOUT / "notebooks", notebooks)
    path = notebooks / f"{stem}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return notebooks
