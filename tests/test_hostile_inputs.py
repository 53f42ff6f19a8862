"""Hostile inputs (issue 11): each case breaks a copy of the tiny valid unit-year the way a careless
export, a wrong tool or a malicious file would, runs `cchc validate` on it and expects:

- exit code 1 and no traceback (nor "Lỗi nội bộ", the command's own last resort);
- a Vietnamese problem naming the file, and the row and column where they apply;
- every input byte-for-byte unchanged (hashes before and after), also outside the project;
- nothing from outside the project printed (a symlink to a file elsewhere is refused, not read).

Then the inputs that are legitimate however they look (UTF-16 with BOM, mixed NFD, markup and
template syntax in every text field that reaches a page) validate, and their text reaches the
report's HTML escaped and unevaluated. And one fault of our own: a PDF render leaves nothing in
the temp directory.

The cases run `cchc validate` in-process through its Python entry (`cli.main`, fast); a few run
the real command in a subprocess, where the exit code of the process and a hang matter (a named
pipe in data/ would block a reader for ever).
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CHECKOUT, TINY_PARAMS, TINY_SLUG, TINY_TABLES, TINY_UNITS, TINY_YEAR, read_rows, to_cp1258, \
    write_rows

pytestmark = pytest.mark.fast

FOLDER = f"data/{TINY_YEAR}/{TINY_SLUG}"
PARAMS = f"params/{TINY_YEAR}/{TINY_SLUG}.yaml"
UNITS = "params/units.yaml"
HOSO, CANBO, VANBAN, CHISO = (f"{FOLDER}/{s}.csv" for s in ("ho-so", "can-bo", "van-ban", "chi-so"))
VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)

XSS = "<img src=x onerror=alert(1)>"
BILLION_LAUGHS = "lol0: &l0 [\"lol\"]\n" + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 30))


# ---- ways to break a copy ---------------------------------------------------------------------------

def set_cell(stem: str, row: int, column: str, value: str):
    """Set the cell at spreadsheet row `row` (header = 1) of a register."""
    def breaker(root: Path, outside: Path) -> None:
        path = root / FOLDER / f"{stem}.csv"
        header, rows = read_rows(path)
        rows[row - 2][header.index(column)] = value
        write_rows(path, header, rows)
    return breaker


def set_indicator(code: str, value: str):
    def breaker(root: Path, outside: Path) -> None:
        path = root / FOLDER / "chi-so.csv"
        header, rows = read_rows(path)
        for r in rows:
            if r[0] == code:
                r[2] = value
        write_rows(path, header, rows)
    return breaker


def register_bytes(stem: str, make: Callable[[str], bytes]):
    """Rewrite a register from its UTF-8 text: make(text) -> the bytes written."""
    def breaker(root: Path, outside: Path) -> None:
        path = root / FOLDER / f"{stem}.csv"
        path.write_bytes(make(path.read_text(encoding="utf-8")))
    return breaker


def params_replace(old: str, new: str, file: str = PARAMS):
    def breaker(root: Path, outside: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return breaker


def write_file(file: str, content: str | bytes):
    def breaker(root: Path, outside: Path) -> None:
        path = root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return breaker


def link_out(file: str, target: str):
    """Replace `file` by a symlink to `target`: a path outside the project (relative to `outside`,
    where a copy of the whole valid unit-year lives) or an absolute one."""
    def breaker(root: Path, outside: Path) -> None:
        path = root / file
        path.unlink()
        path.symlink_to(target if target.startswith("/") else outside / target)
    return breaker


def link_folder_out(root: Path, outside: Path) -> None:
    import shutil

    folder = root / FOLDER
    shutil.rmtree(folder)
    folder.symlink_to(outside / FOLDER, target_is_directory=True)


def make_dir(file: str):
    def breaker(root: Path, outside: Path) -> None:
        (root / file).unlink()
        (root / file).mkdir()
    return breaker


def make_fifo(file: str):
    def breaker(root: Path, outside: Path) -> None:
        (root / file).unlink()
        os.mkfifo(root / file)
    return breaker


def broken_link(file: str):
    def breaker(root: Path, outside: Path) -> None:
        (root / file).unlink()
        (root / file).symlink_to(root / "data" / "khong-co-tep-nay.csv")
    return breaker


def utf16_without_bom(text: str) -> bytes:
    return text.encode("utf-16-le")


def utf16_bom_broken(text: str) -> bytes:
    return b"\xff\xfe" + text.encode("utf-16-le")[:-1]  # odd length: a torn UTF-16 file


def latin1_cell(text: str) -> bytes:
    # One cell typed in an old Western code page ("ký" with Latin-1's ý, 0xFD) in a UTF-8 file.
    return text.encode("utf-8").replace("chữ ký".encode("utf-8"), "chữ ".encode("utf-8") + b"k\xfd")


def huge_yaml(root: Path, outside: Path) -> None:
    path = root / PARAMS
    path.write_text(path.read_text(encoding="utf-8") + "# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")


def header_only(root: Path, outside: Path) -> None:
    header, _ = TINY_TABLES["can-bo"]
    write_rows(root / FOLDER / "can-bo.csv", header, [])


@dataclasses.dataclass(frozen=True)
class Case:
    breaker: Callable[[Path, Path], None]
    file: str  # the file the problem names (relative to the project)
    row: int | None  # the row it names, when rows apply
    column: str | None  # the column it names, when columns apply
    phrase: str  # a phrase of the Vietnamese message
    subprocess: bool = False  # run the real command (exit code of the process; a hang)
    unit: str = TINY_SLUG  # the unit `cchc validate --unit` is asked for


# case id -> Case. Rows are spreadsheet rows (header = 1) or YAML lines.
CASES = {
    # -- encodings
    "utf16-without-bom": Case(register_bytes("ho-so", utf16_without_bom), HOSO, None, None, "UTF-16 nhưng thiếu dấu BOM"),
    "utf16-bom-torn": Case(register_bytes("ho-so", utf16_bom_broken), HOSO, None, None, "UTF-16"),
    "cp1258-file": Case(register_bytes("ho-so", to_cp1258), HOSO, 1, "Mã hồ sơ", "không được lưu bằng mã UTF-8"),
    "latin1-cell": Case(register_bytes("ho-so", latin1_cell), HOSO, 6, "Thủ tục", "0xFD"),
    "cp1258-params": Case(lambda r, o: (r / PARAMS).write_bytes(to_cp1258((r / PARAMS).read_text(encoding="utf-8"))),
                          PARAMS, 8, None, "không được lưu bằng mã UTF-8"),
    # -- dates
    "date-31-02": Case(set_cell("ho-so", 3, "Ngày tiếp nhận", "31/02/2023"), HOSO, 3, "Ngày tiếp nhận",
                       "Ngày không hợp lệ"),
    "date-00-00-0000": Case(set_cell("ho-so", 3, "Ngày tiếp nhận", "00/00/0000"), HOSO, 3, "Ngày tiếp nhận",
                            "Ngày không hợp lệ"),
    "date-2023-13-01": Case(set_cell("ho-so", 3, "Hạn giải quyết", "2023-13-01"), HOSO, 3, "Hạn giải quyết",
                            "Ngày không hợp lệ"),
    "date-excel-serial": Case(set_cell("ho-so", 3, "Ngày tiếp nhận", "44927"), HOSO, 3, "Ngày tiếp nhận",
                              "Ngày không hợp lệ"),
    "date-two-digit-year": Case(set_cell("ho-so", 3, "Ngày tiếp nhận", "05/01/23"), HOSO, 3, "Ngày tiếp nhận",
                                "Ngày không hợp lệ"),
    "date-fullwidth-digits": Case(set_cell("ho-so", 3, "Ngày tiếp nhận", "０５/０１/２０２３"), HOSO, 3,
                                  "Ngày tiếp nhận", "Ngày không hợp lệ"),
    "date-year-1800": Case(set_cell("van-ban", 2, "Ngày ban hành", "10/01/1800"), VANBAN, 2, "Ngày ban hành",
                           "Ngày không hợp lệ"),
    "result-in-2099": Case(set_cell("ho-so", 2, "Ngày có kết quả", "03/01/2099"), HOSO, 2, "Ngày có kết quả",
                           "sau ngày hôm nay"),
    "params-date-2023-13-06": Case(params_replace("issued_on: 2023-12-06", "issued_on: 2023-13-06"), PARAMS, 4,
                                   None, "ngày không hợp lệ"),
    "params-date-31-02": Case(params_replace("start: 2023-01-01", "start: 2023-02-31"), PARAMS, 6, None,
                              "ngày không hợp lệ"),
    # -- numbers
    "amount-1.000.000": Case(set_cell("ho-so", 2, "Số tiền thanh toán (đồng)", "1.000.000"), HOSO, 2,
                             "Số tiền thanh toán (đồng)", "viết 1000000"),
    "amount-1e9": Case(set_cell("ho-so", 2, "Số tiền thanh toán (đồng)", "1e9"), HOSO, 2,
                       "Số tiền thanh toán (đồng)", "Không phải số nguyên"),
    "amount-negative": Case(set_cell("ho-so", 2, "Số tiền thanh toán (đồng)", "-5"), HOSO, 2,
                            "Số tiền thanh toán (đồng)", "nhỏ hơn mức tối thiểu 0"),
    "amount-nan": Case(set_cell("ho-so", 2, "Số tiền thanh toán (đồng)", "NaN"), HOSO, 2,
                       "Số tiền thanh toán (đồng)", "Không phải số nguyên"),
    "amount-huge": Case(set_cell("ho-so", 2, "Số tiền thanh toán (đồng)", "9" * 40), HOSO, 2,
                        "Số tiền thanh toán (đồng)", "Số quá lớn"),
    "amount-fullwidth": Case(set_cell("ho-so", 2, "Số tiền thanh toán (đồng)", "８０００"), HOSO, 2,
                             "Số tiền thanh toán (đồng)", "Không phải số nguyên"),
    "indicator-1e9": Case(set_indicator("so_may_tinh", "1e9"), CHISO, 2, "Giá trị", "không hợp lệ"),
    "indicator-nan": Case(set_indicator("ty_le_van_ban_dien_tu", "NaN"), CHISO, 5, "Giá trị", "không hợp lệ"),
    "indicator-huge": Case(set_indicator("so_may_tinh", "9" * 400), CHISO, 2, "Giá trị", "không hợp lệ"),
    "indicator-percent-150": Case(set_indicator("ty_le_van_ban_dien_tu", "150"), CHISO, 5, "Giá trị",
                                  "đến 100"),
    "params-target-nan": Case(params_replace("on_time: 0.95", "on_time: .nan"), PARAMS, 20, None,
                              "khoảng 0 đến 1"),
    "params-year-huge": Case(params_replace("year: 2023", "year: 99999999999999999999999999"), PARAMS, 2, None,
                             "khác thư mục"),
    # -- sizes
    "empty-register": Case(write_file(VANBAN, b""), VANBAN, 1, "Số ký hiệu", "Tệp rỗng"),
    "header-only": Case(header_only, CANBO, 2, None, "chỉ có dòng tiêu đề"),
    "cell-10k-characters": Case(set_cell("van-ban", 3, "Trích yếu", "tuyên truyền " * 800), VANBAN, 3,
                                "Trích yếu", "ký tự (tối đa"),
    "empty-params": Case(write_file(PARAMS, ""), PARAMS, None, None, "phải là một nhóm khóa"),
    "huge-params": Case(huge_yaml, PARAMS, None, None, "quá lớn"),
    # -- control characters
    "nul-in-cell": Case(set_cell("ho-so", 4, "Mã hồ sơ", "HS\x00003"), HOSO, 4, "Mã hồ sơ", "U+0000"),
    "escape-sequence-in-cell": Case(set_cell("ho-so", 3, "Thủ tục", "\x1b[2J\x1b[31mChứng thực"), HOSO, 3, "Thủ tục",
                                    "U+001B"),
    "bidi-override-in-subject": Case(set_cell("van-ban", 2, "Trích yếu", "ban hành \u202eKH"), VANBAN, 2,
                                     "Trích yếu", "U+202E"),
    "nul-in-header": Case(register_bytes("can-bo", lambda t: t.replace("Chức danh", "Chức\x00danh").encode()),
                          CANBO, 1, None, "U+0000"),
    "nul-in-params": Case(params_replace("Nguyễn Văn Mẫu", "Nguyễn\x00Văn Mẫu"), PARAMS, 12, None, "U+0000"),
    # -- markup where a closed list or a code is expected (text fields with markup are below: accepted)
    "citation-with-3000-spaces": Case(params_replace("  on_time: 0.95", '  on_time:\n    value: 0.95\n    document: '
                                                     '"{vb:' + " " * 3000 + '19/KH-UBND"'), PARAMS, 22, None,
                                      "phải là một trích dẫn"),  # the old pattern backtracked for hours
    # Narrative markers a report would print as typed: refused (they passed validation before).
    "misspelt-condition": Case(params_replace('"Triển khai {vb:19/KH-UBND}."',
                                              '"{neu:trang thong tin} Triển khai {vb:19/KH-UBND}."'), PARAMS, 25,
                               None, "điều kiện không hợp lệ"),
    "condition-mid-paragraph": Case(params_replace('"Triển khai {vb:19/KH-UBND}."',
                                                   '"Triển khai {vb:19/KH-UBND}. {neu_khong:iso}"'), PARAMS, 25, None,
                                    "chỉ đặt ở đầu đoạn văn"),
    "condition-with-200k-spaces": Case(params_replace('"Triển khai {vb:19/KH-UBND}."',
                                                      '"{neu:' + " " * 200_000 + 'iso"'), PARAMS, 25, None,
                                       "thiếu dấu «}»"),  # the old pattern: quadratic, about 70 s
    "markup-as-status": Case(set_cell("ho-so", 2, "Trạng thái", "<b>Đã giải quyết</b>"), HOSO, 2, "Trạng thái",
                             "không thuộc danh mục"),
    "markup-as-indicator-code": Case(set_cell("chi-so", 3, "Mã chỉ số", "<script>alert(1)</script>"), CHISO, 3,
                                     "Mã chỉ số", "không có trong danh mục"),
    "template-as-report-number": Case(params_replace('number: "12/BC-UBND"', 'number: "{{ 7*7 }}"'), PARAMS, 3,
                                      None, "số ký hiệu báo cáo phải có dạng"),
    # -- path tricks
    "symlink-register-to-etc-passwd": Case(link_out(f"{FOLDER}/ho-so.csv", "/etc/passwd"), HOSO, None, None,
                                           "ra ngoài thư mục dự án", subprocess=True),
    "symlink-register-out": Case(link_out(f"{FOLDER}/van-ban.csv", f"{FOLDER}/van-ban.csv"), VANBAN, None, None,
                                 "ra ngoài thư mục dự án"),
    "symlink-params-out": Case(link_out(PARAMS, PARAMS), PARAMS, None, None, "ra ngoài thư mục dự án"),
    "symlink-data-folder-out": Case(link_folder_out, HOSO, None, None, "ra ngoài thư mục dự án"),
    "register-is-a-folder": Case(make_dir(f"{FOLDER}/chi-so.csv"), CHISO, None, None, "thư mục"),
    "register-is-a-pipe": Case(make_fifo(f"{FOLDER}/chi-so.csv"), CHISO, None, None, "Thiếu tệp", subprocess=True),
    # Names with markup: any Vietnamese problem naming the file will do (the console is text; the
    # slug check that refuses such names outright is the units registry's).
    "params-file-named-with-markup": Case(lambda r, o: (r / PARAMS).rename(r / f"params/{TINY_YEAR}/{XSS}.yaml"),
                                          f"params/{TINY_YEAR}/{XSS}.yaml", None, None, ""),
    "data-folder-named-with-markup": Case(lambda r, o: (r / f"data/{TINY_YEAR}/{XSS}").mkdir(),
                                          f"data/{TINY_YEAR}/{XSS}", None, None, "không phải slug"),
    "params-unit-dot-dot": Case(params_replace("unit: phuong-thu-nghiem", "unit: ../../etc/passwd"), PARAMS, 1,
                                None, "khác tên tệp"),
    # -- YAML tricks
    "billion-laughs-params": Case(lambda r, o: (r / PARAMS).write_text(
        TINY_PARAMS + "extra:\n" + "".join("  " + line + "\n" for line in BILLION_LAUGHS.splitlines()),
        encoding="utf-8"), PARAMS, 27, None, "neo/bí danh (&/*), không được phép", subprocess=True),
    "alias-in-params": Case(params_replace('recipients:\n  - UBND thị xã Mẫu',
                                           'recipients:\n  - &noi UBND thị xã Mẫu\n  - *noi'), PARAMS, 14, None,
                            "neo/bí danh"),
    "alias-in-units": Case(params_replace("province: Quảng Ngãi\n    valid_from: 2020-04-01",
                                          "province: &tinh Quảng Ngãi\n    valid_from: 2020-04-01", UNITS), UNITS, 7,
                           None, "neo/bí danh"),
    "billion-laughs-profile": Case(write_file("params/profiles/chuan.yaml", BILLION_LAUGHS),
                                   "params/profiles/chuan.yaml", 1, None, "neo/bí danh"),
    "python-object-tag": Case(params_replace('basis: "', 'basis: !!python/object/apply:os.system ["touch /tmp/pwned"]\n'
                                                         'x: "'), PARAMS, 8, None, "thẻ kiểu"),
    "duplicate-key": Case(params_replace("addressee: Phòng Nội vụ thị xã",
                                         "addressee: Phòng Nội vụ thị xã\naddressee: <script>x</script>"), PARAMS, 17,
                          None, "xuất hiện hai lần"),
    "deep-nesting": Case(params_replace("targets:\n", "deep: " + "[" * 3000 + "]" * 3000 + "\ntargets:\n"), PARAMS,
                         18, None, "lồng nhau quá sâu"),
    "yaml-tab-indent": Case(params_replace("  start: 2023-01-01", "\tstart: 2023-01-01"), PARAMS, 6, None,
                            "sai cú pháp"),
}


def hashes(*roots: Path) -> dict[str, str]:
    out = {}
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.is_symlink():  # a link is hashed where it leads, if that is in a root
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
            elif p.is_symlink():
                out[str(p)] = "-> " + os.readlink(p)
    return out


@pytest.fixture
def roots(tiny_root, tmp_path):
    """The tiny project and, outside it, a second valid copy a link can lead to."""
    from conftest import build_tiny_root

    outside = build_tiny_root(tmp_path / "outside")
    return tiny_root, outside


def validate(root: Path, capsys, *, in_subprocess: bool = False, unit: str = TINY_SLUG) -> tuple[int, str, str]:
    args = ["validate", "--year", str(TINY_YEAR), "--unit", unit]
    if in_subprocess:
        cchc = CHECKOUT / ".venv" / "bin" / "cchc"
        command = [str(cchc)] if cchc.exists() else [sys.executable, "-m", "cchc.cli"]
        proc = subprocess.run(command + args, capture_output=True, text=True, encoding="utf-8", timeout=120,
                              env={**os.environ, "CCHC_ROOT": str(root)})
        return proc.returncode, proc.stdout, proc.stderr
    from cchc import cli

    capsys.readouterr()
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_there_are_enough_cases():
    assert len(CASES) >= 40


def test_the_unbroken_copy_is_valid(roots, capsys):
    code, out, err = validate(roots[0], capsys)
    assert code == 0, out + err


@pytest.mark.parametrize("case_id", list(CASES))
def test_hostile_input_is_refused_in_vietnamese(roots, capsys, case_id):
    root, outside = roots
    case = CASES[case_id]
    case.breaker(root, outside)
    before = hashes(root, outside)
    code, out, err = validate(root, capsys, in_subprocess=case.subprocess, unit=case.unit)
    assert code == 1, out + err
    for text in (out, err):
        assert "Traceback" not in text and "Lỗi nội bộ" not in text, text
    assert "root:x:0:0" not in out + err  # nothing of /etc/passwd
    lines = [line.strip() for line in out.splitlines() if line.strip().startswith("LỖI")]
    where = f"LỖI {case.file}" + (f", dòng {case.row}" if case.row else "") + \
        (f", cột «{case.column}»" if case.column else "")
    matching = [line for line in lines if line.startswith(where)]
    assert matching, f"expected a line starting {where!r} in:\n{out}"
    hit = [line for line in matching if case.phrase in line]
    assert hit, f"{case.phrase!r} not in {matching}"
    message = hit[0].split(": ", 1)[1]
    assert VIETNAMESE.search(message), message
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e]", out + err)  # nothing raw to the console
    assert hashes(root, outside) == before


# ---- hostile-looking but legitimate: validated, and escaped on the page ---------------------------

MARKUP = ["<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "${x}", "<img src=x onerror=alert(2)>",
          "&amp;lt;", "]]><!--", "`rm -rf /`", "%(x)s {0}"]
ALL_MARKUP = " ".join(MARKUP)


def _markup_everywhere(root: Path) -> None:
    """Markup and template syntax in every text field that reaches a page."""
    params = root / PARAMS
    text = params.read_text(encoding="utf-8")
    import json

    q = json.dumps(ALL_MARKUP, ensure_ascii=False)  # a YAML double-quoted string
    for old, new in (
        ('basis: "Thực hiện', f'basis: {q[:-1]} Thực hiện'),
        ("  name: Nguyễn Văn Mẫu", f"  name: {q}"),
        ("  title: CHỦ TỊCH", f"  title: {q}"),
        ("  - UBND thị xã Mẫu", f"  - {q}"),
        ("addressee: Phòng Nội vụ thị xã", f"addressee: {q}"),
        ('    - "Triển khai {vb:19/KH-UBND}."', f'    - "Triển khai {{vb:19/KH-UBND}}."\n    - {q}'),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    text = text.replace("narrative:\n", f"narrative:\n  strengths:\n    - {q}\n  iso:\n    - {q}\n", 1)
    params.write_text(text, encoding="utf-8")
    units = root / UNITS
    units.write_text(units.read_text(encoding="utf-8").replace(
        "parent: thị xã Mẫu", f"parent: {json.dumps('thị xã ' + ALL_MARKUP, ensure_ascii=False)}", 1),
                     encoding="utf-8")
    for stem, row, column in (("ho-so", 2, "Thủ tục"), ("ho-so", 3, "Lĩnh vực"), ("van-ban", 2, "Trích yếu"),
                              ("van-ban", 3, "Cơ quan ban hành"), ("van-ban", 3, "Trích yếu"),
                              ("can-bo", 3, "Chức danh"), ("chi-so", 2, "Chỉ số")):
        set_cell(stem, row, column, ALL_MARKUP)(root, root)


def test_markup_in_text_fields_validates_and_is_kept_as_text(tiny_root, capsys):
    _markup_everywhere(tiny_root)
    before = hashes(tiny_root)
    code, out, err = validate(tiny_root, capsys)
    assert code == 0, out + err
    assert hashes(tiny_root) == before
    from cchc.load import load

    uy = load(TINY_SLUG, TINY_YEAR)
    assert uy.params.signatory.name == ALL_MARKUP and uy.params.addressee == ALL_MARKUP


def _report_html(root: Path) -> tuple[str, list[str]]:
    """Every display a section notebook makes, through display.to_html, in a notebook rendered
    by the report's own exporter (template and header included); no notebook is executed."""
    import nbformat

    from cchc import display
    from cchc.load import load, load_previous
    from cchc.render.report import render_html
    from cchc.unit_report import Report

    uy = load(TINY_SLUG, TINY_YEAR)
    report = Report(uy, load_previous(uy))
    shown = [report.intro(), report.tthc_heading(), report.tthc_prose(), report.table_ii06a(),
             report.organisation_prose(), report.staff_prose(), report.finance_prose(), report.e_gov_prose(),
             report.iso_prose(), report.strengths(), report.findings(), report.heading_directions(),
             report.checks_table(), report.lineage_table(), report.validation_messages(), report.qppl_prose(),
             report.complaints_prose(), report.staff_table("ly_luan_chinh_tri"),
             report.staff_table("trinh_do_chuyen_mon"), report.provenance_table()]
    shown += [report.narrative(k) for k in uy.params.narrative]
    shown += [report.documents_prose(area, cited_in=key) for area, key in (
        ("chi_dao", "direction"), ("tuyen_truyen", "communication"), ("the_che", "institutions"),
        ("tthc", "procedures"), ("to_chuc_bo_may", "organisation"), ("doi_ngu", "staff"),
        ("tai_chinh_cong", "public_finance"), ("chinh_quyen_so", "e_government"), ("iso", "iso"))]
    fragments = [display.to_html(x) for x in shown if x is not None]
    fragments.append(display.to_html(report.staff_outline(), outline=True))
    cells = [nbformat.v4.new_code_cell(source="", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": f}) for f in fragments if f])]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"cchc": report.document_header()})
    return render_html(nb), fragments


def test_markup_reaches_the_page_escaped_and_unevaluated(tiny_root):
    _markup_everywhere(tiny_root)
    page, fragments = _report_html(tiny_root)
    joined = "\n".join(fragments)
    # The text fields did reach the page (else this test proves nothing) ...
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in joined and "{{ 7*7 }}" in joined
    for where in (page, joined):
        # ... as text: no element or attribute of theirs, no template evaluated.
        assert "<script>alert(1)" not in where and "<img src=x" not in where and "<!--" not in where
        assert "{{ 7*7 }}" in where and "{% raw %}" in where and "${x}" in where and "%(x)s {0}" in where

    elements = parsed(page)
    assert not [t for t, _ in elements if t in ("script", "iframe", "object", "embed")]
    assert not [a for _, attrs in elements for a in attrs if a.startswith("on")]
    assert not [t for t, attrs in elements if t == "img" and not (attrs.get("src") or "").startswith("data:")]
    # Each field the header template prints, escaped once (not double-escaped, not raw).
    for count_of in ("&lt;script&gt;alert(1)&lt;/script&gt;",):
        assert page.count(count_of) >= 5


@pytest.mark.parametrize("make,expected", [
    (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "Trực tuyến"),  # Excel's CSV UTF-8
    (lambda t: t.encode("utf-16"), "Trực tuyến"),  # Excel's Unicode Text, with its BOM
    (lambda t: __import__("unicodedata").normalize("NFD", t).encode("utf-8"), "Trực tuyến"),  # a Mac's NFD
])
def test_legitimate_encodings_read_the_same(tiny_root, capsys, make, expected):
    path = tiny_root / HOSO
    register_bytes("ho-so", make)(tiny_root, tiny_root)
    code, out, err = validate(tiny_root, capsys)
    assert code == 0, out + err
    from cchc.readers import read_table

    assert read_table(path).loc[2, "Kênh nộp"] == expected


def test_a_symlink_inside_the_project_is_fine(tiny_root, capsys):
    shared = tiny_root / "data" / "chung" / "van-ban.csv"
    shared.parent.mkdir()
    (tiny_root / VANBAN).rename(shared)
    (tiny_root / VANBAN).symlink_to(shared)
    code, out, err = validate(tiny_root, capsys)
    assert code == 0, out + err


def test_a_future_result_is_refused_not_counted_late(tiny_root):
    """A resolved dossier whose result is dated after today: an error on its row, never a late one."""
    import pandas as pd

    from cchc.load import validate_unit_year
    from cchc.problems import Collector
    from cchc.registers import check_result_not_in_future

    set_cell("ho-so", 4, "Ngày có kết quả", "20/02/2099")(tiny_root, tiny_root)
    unit_year, problems = validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert unit_year is None
    [p] = [p for p in problems if p.is_error]
    assert (p.file, p.row, p.column, p.value) == (HOSO, 4, "Ngày có kết quả", "20/02/2099")
    frame = pd.DataFrame({"ngay_co_ket_qua": pd.to_datetime(["2023-12-01", "2023-12-02", None])}, index=[2, 3, 4])
    out = Collector("x.csv")
    check_result_not_in_future(frame, out, today=pd.Timestamp("2023-12-01"))
    assert [(q.row, q.value) for q in out.problems] == [(3, "02/12/2023")]


# ---- a fault of our own: the temp directory after a PDF render -------------------------------------

def test_a_pdf_render_leaves_no_weasyprint_folder_in_the_temp_directory(tmp_path, monkeypatch):
    # WeasyPrint copies each @font-face font into a mkdtemp("weasyprint-") folder that only
    # FontConfiguration.__del__ removes; the document keeps it in a reference cycle, so it stayed
    # until a garbage collection (never, in a worker that exits by os._exit): 1.5 MB per report.
    import gc
    import tempfile

    from cchc.render import pdf

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    html = '<html><head><style id="cchc-fonts"></style></head><body><p>Xin chào</p></body></html>'
    gc.disable()  # what a busy or exiting process does: no collection between render and exit
    try:
        data = pdf.html_to_pdf_bytes(html)
        left = sorted(p.name for p in tmp_path.glob("weasyprint-*"))
    finally:
        gc.enable()
    assert data.startswith(b"%PDF") and left == []


@pytest.mark.parametrize("markup", MARKUP)
def test_display_escapes_every_text_it_is_given(markup):
    """display.py on its own: prose, headings, bullets, outlines and every part of a table."""
    import pandas as pd

    from cchc import display
    from cchc.prose.phrases import Sentence

    texts = [display.to_html(markup), display.to_html([markup, Sentence(markup)], bullets=True),
             display.to_html(markup, heading=3), display.to_html(markup, bold=True),
             display.to_html([(0, markup), (1, markup), (3, markup)], outline=True)]
    frame = pd.DataFrame({markup: [markup, 7]}, index=pd.Index([markup, "Tổng cộng"], name=markup + " (dòng)"))
    frame.attrs.update(caption=markup, note=markup, show_index=True, row_ids=[f'x" onclick="{markup}', "y"])
    texts.append(display.to_html(frame))
    for text in texts:
        elements = parsed(text)
        assert not [t for t, _ in elements if t in ("script", "img", "iframe")], text
        assert not [a for _, attrs in elements for a in attrs if a.startswith("on")], text
        assert "<!--" not in text
    assert [attrs["id"] for t, attrs in parsed(texts[-1]) if t == "tr" and "id" in attrs][0] == \
        f'x" onclick="{markup}'  # an attribute value, whole
    escaped = markup.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert all(escaped in t for t in texts), (escaped, texts)


def parsed(html_text: str) -> list[tuple[str, dict]]:
    """The (tag, attributes) of every element of `html_text`, as a browser would see them."""
    from html.parser import HTMLParser

    class Elements(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    parser = Elements()
    parser.feed(html_text)
    return parser.found


def test_the_tests_readme_lists_every_case():
    readme = (Path(__file__).parent / "README.md").read_text(encoding="utf-8")
    assert [c for c in CASES if f"`{c}`" not in readme] == []
    assert f"| `test_hostile_inputs.py` | {len(CASES)} hostile inputs" in readme


def test_narrative_markers_in_any_case_and_spacing_render_never_print(tiny_root):
    """A marker validation accepts is applied, whatever its case and spaces; none is left on the page."""
    from cchc.load import load
    from cchc.unit_report import Report

    params_replace('    - "Triển khai {vb:19/KH-UBND}."',
                   '    - "{NEU: ISO } Có ISO."\n    - "{ Neu_Khong : iso} Không có ISO."\n'
                   '    - "Các { To_dan_pho } đều biết."')(tiny_root, tiny_root)
    uy = load(TINY_SLUG, TINY_YEAR)  # iso_9001 is «Có» in the tiny indicators
    assert Report(uy, None).narrative("communication") == ["Có ISO.", "Các tổ dân phố đều biết."]
