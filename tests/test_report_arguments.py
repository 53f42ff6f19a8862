"""A wrong parameter stops a section notebook at its first code cell with a Vietnamese message:
`cchc.report(unit, year, snapshot=snapshot)` checks its arguments (plain papermill passes
`-p year abc` through as the string "abc")."""
import subprocess
import sys
from pathlib import Path

import pytest

import cchc
from cchc.unit_report import check_arguments
from conftest import CHECKOUT, TINY_SLUG, TINY_YEAR

YEAR_MSG = "Tham số year phải là một năm (số nguyên), ví dụ 2023; nhận được «{}»"


@pytest.mark.fast
@pytest.mark.parametrize("year", ["abc", 2023.5, None, True, "", 23])
def test_a_wrong_year_is_said_in_vietnamese(tiny_root, year):
    with pytest.raises(ValueError) as e:
        cchc.report(TINY_SLUG, year)
    assert str(e.value).startswith(YEAR_MSG.format(year))


@pytest.mark.fast
def test_a_year_as_digits_is_a_year(tiny_root):
    """papermill -r (raw) gives strings; "2023" is the year 2023."""
    assert check_arguments(TINY_SLUG, str(TINY_YEAR)) == (TINY_SLUG, TINY_YEAR, "")


@pytest.mark.fast
def test_an_unknown_unit_names_the_units_registry(tiny_root):
    with pytest.raises(ValueError) as e:
        cchc.report("phuong-thu-nghem", TINY_YEAR)
    assert str(e.value) == ("Tham số unit: không có đơn vị «phuong-thu-nghem» trong params/units.yaml "
                            "(danh sách đơn vị). Có phải: phuong-thu-nghiem, xa-thu-nghiem?")


@pytest.mark.fast
@pytest.mark.parametrize("unit", ["", None, 5])
def test_a_missing_unit_is_said_in_vietnamese(tiny_root, unit):
    with pytest.raises(ValueError, match="Tham số unit phải là slug của một đơn vị trong params/units.yaml"):
        cchc.report(unit, TINY_YEAR)


@pytest.mark.fast
def test_a_missing_snapshot_is_said_in_vietnamese(tiny_root, tmp_path):
    with pytest.raises(ValueError, match="Tham số snapshot phải là tệp do cchc build tạo"):
        cchc.report(TINY_SLUG, TINY_YEAR, snapshot=str(tmp_path / "khong-co.pkl"))


@pytest.mark.fast
def test_right_arguments_give_the_report(tiny_root):
    assert cchc.report(TINY_SLUG, TINY_YEAR).year == TINY_YEAR


@pytest.mark.build
@pytest.mark.parametrize("args, says", [
    (["-p", "year", "abc"], YEAR_MSG.format("abc") + "."),
    (["-p", "unit", "phuong-nguyen-nghem"],
     "Tham số unit: không có đơn vị «phuong-nguyen-nghem» trong params/units.yaml (danh sách đơn vị). Có phải: "
     "phuong-nguyen-nghiem"),
], ids=["year abc", "unit misspelt"])
def test_plain_papermill_with_a_wrong_parameter(tmp_path, args, says):
    """As an analyst would type it, from the checkout, with the notebook's own kernel (`cchc`)."""
    papermill = Path(sys.executable).with_name("papermill")
    proc = subprocess.run([str(papermill), "notebooks/03_cai-cach-tthc.ipynb", str(tmp_path / "out.ipynb"),
                           *args, "--no-progress-bar"],
                          cwd=CHECKOUT, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "ValueError: " + says in proc.stderr + proc.stdout, proc.stderr[-2000:]
