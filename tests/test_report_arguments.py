"""A wrong parameter stops a section notebook at its first code cell with a Vietnamese message:
`cchc.report(unit, period, snapshot=snapshot)` checks its arguments (plain papermill passes
`-p period abc` through as the string "abc")."""
import subprocess
import sys
from pathlib import Path

import pytest

import cchc
from cchc.unit_report import check_arguments
from conftest import CHECKOUT, TINY_SLUG, TINY_YEAR

PERIOD_MSG = ("Tham số period phải là mã kỳ báo cáo: 2023 (năm), 2024-6t (6 tháng), 2024-9t (9 tháng), 2024-q1 … "
              "2024-q4 (quý), 2024-08 (tháng) hoặc 2025-07-01_2025-10-31 (từ ngày đến ngày); nhận được «{}»")


@pytest.mark.fast
@pytest.mark.parametrize("period", ["abc", 2023.5, None, True, "", 23, "2023-Q1", "2023-13", "../2023", "2023/q1"])
def test_a_wrong_period_is_said_in_vietnamese(tiny_root, period):
    with pytest.raises(ValueError) as e:
        cchc.report(TINY_SLUG, period)
    assert str(e.value).startswith(PERIOD_MSG.format(period))


@pytest.mark.fast
@pytest.mark.parametrize("period, pid", [(TINY_YEAR, "2023"), (str(TINY_YEAR), "2023"), (" 2023 ", "2023"),
                                         ("2024-q1", "2024-q1"), ("2024-08", "2024-08"), ("2024-6t", "2024-6t"),
                                         ("2025-07-01_2025-10-31", "2025-07-01_2025-10-31")])
def test_a_year_or_a_period_id_is_a_period(tiny_root, period, pid):
    """An int year is the annual report; papermill -r (raw) gives strings."""
    assert check_arguments(TINY_SLUG, period) == (TINY_SLUG, pid, "")


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
    rep = cchc.report(TINY_SLUG, TINY_YEAR)
    assert (rep.year, rep.period_id) == (TINY_YEAR, "2023")
    assert cchc.report(TINY_SLUG, "2023").period == rep.period


@pytest.mark.build
@pytest.mark.parametrize("args, says", [
    (["-p", "period", "abc"], PERIOD_MSG.format("abc")),
    (["-p", "unit", "phuong-nguyen-nghem"],
     "Tham số unit: không có đơn vị «phuong-nguyen-nghem» trong params/units.yaml (danh sách đơn vị). Có phải: "
     "phuong-nguyen-nghiem"),
], ids=["period abc", "unit misspelt"])
def test_plain_papermill_with_a_wrong_parameter(tmp_path, args, says):
    """As an analyst would type it, from the checkout, with the notebook's own kernel (`cchc`)."""
    papermill = Path(sys.executable).with_name("papermill")
    proc = subprocess.run([str(papermill), "notebooks/03_cai-cach-tthc.ipynb", str(tmp_path / "out.ipynb"),
                           *args, "--no-progress-bar"],
                          cwd=CHECKOUT, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "ValueError: " + says in proc.stderr + proc.stdout, proc.stderr[-2000:]
