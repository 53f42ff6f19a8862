"""The `cchc` command's conventions: --version, Vietnamese everywhere (argparse's own strings
included), `cchc lab` at the project root, `cchc new` carrying last year's params over as a draft."""
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from cchc import cli, kernel, paths, provenance
from cchc.load import validate_unit_year
from conftest import CHECKOUT, TINY_SLUG, TINY_YEAR, run_main

pytestmark = pytest.mark.fast

# argparse's English, as a user would meet it
ENGLISH = ("usage", "options", "show this help", "error", "invalid", "argument", "required", "expected",
           "unrecognized", "choose from", "positional")


run = run_main  # (exit code, stdout, stderr) of `cchc ARGV` in-process (conftest)


def test_version_names_package_and_code_digest(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert re.fullmatch(r"cchc \S+ \(mã nguồn [0-9a-f]{12}\)\n", out), out
    assert provenance.code_digest()[:12] in out


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["validate", "--help"], ["new", "--help"],
                                  ["lab", "--help"]], ids=" ".join)
def test_help_is_vietnamese(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 0
    assert out.startswith("cách dùng: cchc")
    assert "tùy chọn:" in out and "in hướng dẫn này rồi thoát" in out
    assert [w for w in ENGLISH if w in out.lower()] == []


@pytest.mark.parametrize("argv, says", [
    (["bogus"], "lựa chọn không hợp lệ: 'bogus'"),
    ([], "thiếu tham số bắt buộc: LỆNH"),
    (["build", "--year", "abc"], "tham số --year: phải là một năm (số nguyên), ví dụ 2023; nhận được «abc»"),
    (["build", "--jobs"], "tham số --jobs: cần một giá trị"),
    (["build", "--jobs", "0"], "phải là một số nguyên dương"),
    (["build", "--engine", "x"], "lựa chọn không hợp lệ: 'x'"),
    (["build", "--bogus"], "không hiểu tham số: --bogus"),
    (["new", "--period", "2024-q5"], "tham số --period: mã kỳ báo cáo «2024-q5» không hợp lệ"),
    (["new", "--period", "2025", "--year", "2025"], "tham số --year: không dùng được cùng tham số --period"),
    (["build", "--period", "2024-Q1"], "tham số --period: mã kỳ báo cáo «2024-Q1» không hợp lệ; các dạng được "
                                       "nhận: 2024 (năm)"),
    (["validate", "--period", "../2024"], "mã kỳ báo cáo «../2024» không hợp lệ"),
    (["build", "--unit", "../phuong-a"], "«../phuong-a» không phải slug của đơn vị"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_argparse_errors_are_vietnamese(capsys, argv, says):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("cách dùng: cchc")
    assert ": lỗi: " in err and says in err, err
    assert [w for w in ENGLISH if w in err.lower()] == [], err


def test_argparse_is_english_again_outside_cchc(capsys):
    """The Vietnamese is swapped in only while cchc's parser works: other parsers are untouched."""
    import argparse

    run(capsys, "--help")
    assert "usage:" in argparse.ArgumentParser(prog="x").format_usage()


# ---- cchc lab -----------------------------------------------------------------------------------

def test_lab_opens_the_project_root_with_allow_root_only_for_root():
    root = paths.project_root()
    as_user, as_root = kernel.lab_command(root, uid=1000), kernel.lab_command(root, uid=0)
    assert as_user[1:4] == ["-m", "jupyter", "lab"] and "--allow-root" not in as_user
    assert "--allow-root" in as_root
    assert f"--ServerApp.root_dir={root}" in as_user
    assert (root / "notebooks").is_dir() and (root / "params").is_dir()


def test_make_lab_runs_cchc_lab_and_installs_the_cchc_kernel():
    makefile = (CHECKOUT / "Makefile").read_text()
    lab = re.search(r"^lab:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert lab.strip() == "$(BIN)/cchc lab"
    assert (f'ipykernel install --sys-prefix --name {kernel.KERNEL_NAME} '
            f'--display-name "{kernel.DISPLAY_NAME}"') in makefile


def test_the_venv_has_the_cchc_kernel_and_the_build_uses_it():
    from jupyter_client.kernelspec import KernelSpecManager

    from cchc.batch import BuildOptions

    spec = KernelSpecManager().get_kernel_spec("cchc")
    assert spec.display_name == "Python 3 (cchc)"
    assert BuildOptions().kernel == "cchc"


# ---- cchc new -----------------------------------------------------------------------------------

def test_new_carries_last_year_over_as_a_draft(tiny_root, capsys):
    code, out, _ = run(capsys, "new", "--year", str(TINY_YEAR + 1))
    assert code == 0, out
    target = tiny_root / "params" / str(TINY_YEAR + 1) / f"{TINY_SLUG}.yaml"
    assert f"Đã tạo params/{TINY_YEAR + 1}/{TINY_SLUG}.yaml từ params/{TINY_YEAR}/{TINY_SLUG}.yaml" in out
    old = yaml.safe_load((tiny_root / "params" / str(TINY_YEAR) / f"{TINY_SLUG}.yaml").read_text())
    text = target.read_text(encoding="utf-8")
    new = yaml.safe_load(text)
    assert text.startswith(f"# BẢN NHÁP báo cáo năm {TINY_YEAR + 1}")
    assert new["year"] == TINY_YEAR + 1 and new["draft"] is True
    assert new["issued_on"] == dt.date(2024, 12, 6)
    assert new["period"] == {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 6)}
    assert new["number"] == "12/BC-UBND"
    for key in ("basis", "signatory", "recipients", "addressee", "targets", "narrative"):
        assert new[key] == old[key], key
    assert "rà soát: số ký hiệu" in text.splitlines()[[l.startswith("number:") for l in text.splitlines()].index(True)]


def test_a_draft_is_a_warning_until_removed(tiny_root, capsys):
    run(capsys, "new", "--year", str(TINY_YEAR + 1))
    target = tiny_root / "params" / str(TINY_YEAR + 1) / f"{TINY_SLUG}.yaml"
    # the new year's registers: last year's, so only the draft is left to see
    import shutil
    shutil.copytree(tiny_root / "data" / str(TINY_YEAR), tiny_root / "data" / str(TINY_YEAR + 1))
    _, problems = validate_unit_year(TINY_SLUG, TINY_YEAR + 1)
    drafts = [p for p in problems if "draft" in p.message]
    draft_line = [l.startswith("draft:") for l in target.read_text(encoding="utf-8").splitlines()].index(True) + 1
    assert len(drafts) == 1 and not drafts[0].is_error and drafts[0].row == draft_line
    assert "xóa dòng «draft: true»" in drafts[0].message
    target.write_text("\n".join(l for l in target.read_text().splitlines() if not l.startswith("draft:")) + "\n")
    _, problems = validate_unit_year(TINY_SLUG, TINY_YEAR + 1)
    assert [p for p in problems if "draft" in p.message] == []


def test_new_never_overwrites(tiny_root, capsys):
    assert run(capsys, "new", "--year", str(TINY_YEAR + 1))[0] == 0
    target = tiny_root / "params" / str(TINY_YEAR + 1) / f"{TINY_SLUG}.yaml"
    target.write_text("# sửa tay\n", encoding="utf-8")
    code, out, err = run(capsys, "new", "--year", str(TINY_YEAR + 1), "--unit", TINY_SLUG)
    assert code == 1
    assert f"Đã có params/{TINY_YEAR + 1}/{TINY_SLUG}.yaml: không ghi đè" in err
    assert target.read_text(encoding="utf-8") == "# sửa tay\n"


@pytest.mark.parametrize("argv, says", [
    (["--year", "2024", "--unit", "phuong-khong-co"], "Không có đơn vị «phuong-khong-co» trong params/units.yaml"),
    (["--year", "2023", "--unit", TINY_SLUG], "Đã có params/2023/"),
    (["--year", "2022", "--unit", TINY_SLUG], "cho kỳ nào trước năm 2022"),
    (["--year", "2026", "--unit", TINY_SLUG], "chỉ tồn tại đến 30/06/2025 (params/units.yaml): không có báo cáo "
                                              "năm 2026; đơn vị kế tiếp: xa-thu-nghiem."),
], ids=["unknown unit", "exists", "no earlier year", "dissolved"])
def test_new_refuses_with_a_reason(tiny_root, capsys, argv, says):
    code, out, err = run(capsys, "new", *argv)
    assert code == 1 and says in err, err


def test_new_skips_a_unit_that_ends_before_the_period_closes(tiny_root, capsys):
    # The tiny unit ends on 30/06/2025: a 2025 annual report (to 06/12/2025) would be issued after it ended.
    src = tiny_root / "params" / str(TINY_YEAR) / f"{TINY_SLUG}.yaml"
    (tiny_root / "params" / "2024").mkdir()
    (tiny_root / "params" / "2024" / f"{TINY_SLUG}.yaml").write_text(
        src.read_text(encoding="utf-8").replace("year: 2023", "year: 2024").replace("2023-", "2024-"),
        encoding="utf-8")
    code, out, err = run(capsys, "new", "--year", "2025", "--unit", TINY_SLUG)
    assert code == 1, out + err
    assert "chỉ tồn tại đến 30/06/2025 (params/units.yaml): không có báo cáo năm 2025; đơn vị kế tiếp: " \
           "xa-thu-nghiem." in err
    assert not (tiny_root / "params" / "2025").exists()


def test_new_moves_a_29_february_and_a_year_in_the_number(tiny_root, capsys):
    src = tiny_root / "params" / str(TINY_YEAR) / f"{TINY_SLUG}.yaml"
    leap = tiny_root / "params" / "2024"
    leap.mkdir()
    (leap / f"{TINY_SLUG}.yaml").write_text(
        src.read_text(encoding="utf-8").replace("year: 2023", "year: 2024")
        .replace('number: "12/BC-UBND"', 'number: "05/2024/BC-UBND"')
        .replace("issued_on: 2023-12-06", "issued_on: 2024-02-29")
        .replace("start: 2023-01-01", "start: 2023-03-01").replace("end: 2023-12-06", "end: 2024-02-29"),
        encoding="utf-8")
    assert run(capsys, "new", "--year", "2025", "--unit", TINY_SLUG)[0] == 0
    new = yaml.safe_load((tiny_root / "params" / "2025" / f"{TINY_SLUG}.yaml").read_text(encoding="utf-8"))
    assert new["issued_on"] == dt.date(2025, 2, 28)
    assert new["period"] == {"start": dt.date(2024, 3, 1), "end": dt.date(2025, 2, 28)}
    assert new["number"] == "05/2025/BC-UBND"
