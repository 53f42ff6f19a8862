"""Named on-time formulas (issue 9): every preset on a hand-computed tiny register, the project's
own formulas in params/formulas.yaml (errors name the file and line), the choice per report and
per province, and targets compared only on the report's formula."""
from datetime import date

import pandas as pd
import pytest

from cchc import fmt
from cchc import load as loading
from cchc.figures import formulas, tthc
from cchc.model import Period
from conftest import TINY_SLUG, TINY_YEAR

pytestmark = pytest.mark.fast

Q1 = Period(date(2023, 12, 15), date(2024, 3, 14), "q1", 15)  # BNV quý I năm 2024
COLUMNS = ["ma_ho_so", "linh_vuc", "kenh", "ngay_tiep_nhan", "han_giai_quyet", "ngay_co_ket_qua", "trang_thai"]
ROWS = [
    # code  received      deadline      closed        status
    ("F1", "2023-12-01", "2023-12-20", "2023-12-18", "da_giai_quyet"),  # carried over, before the deadline
    ("F2", "2024-01-02", "2024-01-10", "2024-01-10", "da_giai_quyet"),  # on the deadline
    ("F3", "2024-01-05", "2024-01-08", "2024-01-12", "da_giai_quyet"),  # past the deadline
    ("F4", "2024-02-01", "2024-04-01", None, "dang_giai_quyet"),  # pending, deadline after the period
    ("F5", "2024-02-10", "2024-03-01", None, "dang_giai_quyet"),  # pending past its deadline
    ("F6", "2024-03-01", "2024-03-05", "2024-03-02", "rut"),  # withdrawn
    ("F7", "2024-03-10", "2024-03-20", None, "cho_bo_sung"),  # awaiting supplement
    ("F8", "2024-01-20", "2024-02-20", "2024-02-01", "da_giai_quyet"),  # before the deadline
    ("F9", "2023-11-01", "2023-11-05", "2023-11-04", "da_giai_quyet"),  # closed before the period: none of it
]
# By hand, from the definitions (spec9.md): in scope F1–F8 (8; F1 carried over, 7 new);
# before the deadline F1, F8; on it F2; past it F3; pending within F4, overdue F5; withdrawn F6;
# awaiting F7; deadline within 15/12/2023–14/03/2024: F1, F2, F3, F5, F6, F8 (6), of which
# resolved by the deadline F1, F2, F8 (3).
EXPECTED = {
    "tren-tiep-nhan": (3, 8),  # (before + on time) / total to handle
    "tren-da-giai-quyet": (3, 4),  # (before + on time) / resolved
    "tren-den-han": (3, 6),  # due and resolved by the deadline / fell due in the period
    "qd766": (4, 8),  # (before + on time + pending within) / total to handle
    "trung-tam-tp": (4, 8),
}


def register(rows=ROWS) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["ma_ho_so", "ngay_tiep_nhan", "han_giai_quyet", "ngay_co_ket_qua", "trang_thai"])
    for c in ("ngay_tiep_nhan", "han_giai_quyet", "ngay_co_ket_qua"):
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
    df["linh_vuc"], df["kenh"], df["thu_tuc"] = "Hộ tịch", "truc_tiep", "Thủ tục"
    for c in ("tiep_nhan_chi_tiet", "dien_so_hoa_tphs", "da_so_hoa_tphs", "dien_so_hoa_ket_qua", "da_so_hoa_ket_qua",
              "thanh_toan_truc_tuyen"):
        df[c] = False
    df["so_tien_thanh_toan"] = 0
    return df


@pytest.fixture(scope="module")
def summary():
    return tthc.summary(register(), Q1)


@pytest.mark.parametrize("preset", list(EXPECTED))
def test_each_preset_on_the_hand_computed_register(summary, preset):
    rate = tthc.on_time_rate(summary, preset)
    assert rate.pair == EXPECTED[preset]
    assert rate.formula == formulas.PRESETS[preset].words and rate.base.startswith("trên ")


def test_the_presets_are_exactly_the_documented_ones():
    assert set(formulas.PRESETS) == set(EXPECTED)
    assert formulas.PRESETS["qd766"].same_terms(formulas.PRESETS["trung-tam-tp"])  # README says so
    assert not formulas.PRESETS["qd766"].same_terms(formulas.PRESETS["tren-tiep-nhan"])


def test_legacy_bases_are_presets(summary):
    for legacy, preset in (("received", "tren-tiep-nhan"), ("resolved", "tren-da-giai-quyet"),
                           ("due", "tren-den-han")):
        assert formulas.resolve(legacy) is formulas.PRESETS[preset]
        assert tthc.on_time_rate(summary, legacy).pair == EXPECTED[preset]


def test_the_rate_says_its_formula_in_vietnamese_words(summary):
    rate = tthc.on_time_rate(summary, "qd766")
    assert rate.label == "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn và đang giải quyết trong hạn"
    assert "số hồ sơ đang giải quyết trong hạn" in rate.formula and "766/QĐ-TTg" in rate.formula
    assert fmt.percent(*rate.pair) == "50%"
    assert tthc.on_time_rate(summary, "tren-den-han").base == "trên tổng số hồ sơ đến hạn giải quyết trong kỳ"


def test_a_formula_of_the_project_is_a_sum_of_terms_over_a_sum_of_terms(summary):
    known, problems = formulas.parse(
        {"tinh-x": {"name": "của tỉnh X", "numerator": "truoc_han + dung_han", "denominator": ["moi_tiep_nhan"]}},
        lambda *keys: 7, "params/formulas.yaml")
    assert problems == []
    f = known["tinh-x"]
    assert tthc.on_time_rate(summary, f).pair == (3, 7)  # (2 + 1) / 7 new
    assert f.words == ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn = (số hồ sơ giải quyết trước hạn + số hồ sơ "
                       "giải quyết đúng hạn) / số hồ sơ mới tiếp nhận trong kỳ")
    assert f.base == "trên số hồ sơ mới tiếp nhận trong kỳ" and f.origin == "params/formulas.yaml, dòng 7"


# --- params/formulas.yaml, the params' on_time_formula, cchc-project.yaml ---------------------------

def _params(root):
    return root / "params" / str(TINY_YEAR) / f"{TINY_SLUG}.yaml"


def _rewrite(root, old, new):
    path = _params(root)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line(path, needle) -> int:
    return next(i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()) if needle in line)


FORMULAS_YAML = """\
# cách tính riêng của tỉnh
tinh-x:
  name: của tỉnh X
  numerator: truoc_han + dung_han
  denominator: moi_tiep_nhan
"""


def test_a_report_chooses_a_preset_or_a_project_formula(tiny_root):
    uy, _ = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert uy.params.on_time_formula.key == "tren-tiep-nhan"  # on_time_basis: received
    _rewrite(tiny_root, "on_time_basis: received", "on_time_formula: qd766")
    uy, _ = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert uy.params.on_time_formula is formulas.PRESETS["qd766"]
    (tiny_root / "params" / "formulas.yaml").write_text(FORMULAS_YAML, encoding="utf-8")
    _rewrite(tiny_root, "on_time_formula: qd766", "on_time_formula: tinh-x")
    uy, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert [p for p in problems if p.is_error] == []
    assert uy.params.on_time_formula.key == "tinh-x"
    assert uy.params.on_time_formula.denominator == ("moi_tiep_nhan",)


def test_an_unknown_formula_name_is_an_error_with_file_and_line(tiny_root):
    _rewrite(tiny_root, "on_time_basis: received", "on_time_formula: qd-766")
    uy, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    [p] = [p for p in problems if p.is_error]
    assert uy is None and p.file == f"params/{TINY_YEAR}/{TINY_SLUG}.yaml"
    assert p.row == _line(_params(tiny_root), "on_time_formula:")
    assert "không có cách tính «qd-766»" in p.message and "qd766" in p.message and "tren-den-han" in p.message


@pytest.mark.parametrize("text,row,phrase", [
    ("tinh-x:\n  name: X\n  numerator: truoc_han + dung_hạn\n  denominator: tong_phai_giai_quyet\n",
     3, "«dung_hạn» không phải tên số liệu"),
    ("tinh-x:\n  name: X\n  numerator: truoc_han\n  denominator:\n", 4, "mẫu số trống"),
    ("tinh-x:\n  numerator: truoc_han\n  denominator: rut\ntinh-x:\n  numerator: rut\n  denominator: rut\n",
     4, "hai lần"),
    ("qd766:\n  numerator: truoc_han\n  denominator: rut\n", 1, "trùng tên cách tính có sẵn"),
    ("tinh-x:\n  numerator: truoc_han\n  denominator: rut\n  mau_so: rut\n", 4, "khóa không hợp lệ"),
])
def test_a_broken_formulas_file_names_its_line(tiny_root, text, row, phrase):
    (tiny_root / "params" / "formulas.yaml").write_text(text, encoding="utf-8")
    uy, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    bad = [p for p in problems if p.is_error]
    assert uy is None and len(bad) == 1, bad
    assert (bad[0].file, bad[0].row) == ("params/formulas.yaml", row) and phrase in bad[0].message


def test_the_province_sets_the_default_formula_and_a_report_its_own(tiny_root):
    (tiny_root / "cchc-project.yaml").write_text("province: Quảng Ngãi\non_time_formula: tren-den-han\n",
                                                 encoding="utf-8")
    _rewrite(tiny_root, "on_time_basis: received\n", "")
    uy, _ = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert uy.params.on_time_formula.key == "tren-den-han"
    _rewrite(tiny_root, "targets:", "on_time_formula: qd766\ntargets:")
    uy, _ = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert uy.params.on_time_formula.key == "qd766"
    (tiny_root / "cchc-project.yaml").write_text("on_time_formula: khong-co\n", encoding="utf-8")
    _rewrite(tiny_root, "on_time_formula: qd766\n", "")
    uy, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    [p] = [p for p in problems if p.is_error]
    assert p.file == "cchc-project.yaml" and p.row == 1 and "khong-co" in p.message


def test_without_any_choice_the_rate_is_over_received(tiny_root):
    _rewrite(tiny_root, "on_time_basis: received\n", "")
    uy, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert [p for p in problems if p.is_error] == []
    assert uy.params.on_time_formula.key == formulas.DEFAULT == "tren-tiep-nhan"


def test_legacy_basis_and_formula_may_not_disagree(tiny_root):
    _rewrite(tiny_root, "on_time_basis: received", "on_time_basis: received\non_time_formula: qd766")
    uy, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    [p] = [p for p in problems if p.is_error]
    assert "khác on_time_formula" in p.message and p.row == _line(_params(tiny_root), "on_time_basis:")


def test_a_target_on_another_formula_is_kept_but_not_compared_and_warned(tiny_root):
    _rewrite(tiny_root, "  on_time: 0.95", "  on_time: {value: 0.95, formula: tren-da-giai-quyet}")
    uy, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert uy is not None
    assert uy.params.targets["on_time"].formula is formulas.PRESETS["tren-da-giai-quyet"]
    [w] = [p for p in problems if "không so sánh" in p.message]
    assert not w.is_error and w.row == _line(_params(tiny_root), "on_time:")
    from cchc.unit_report import Report
    report = Report(uy)
    assert not any("95%" in s for s in report.strengths() + report.findings())
    # the old key `basis:` is read as `formula:`; the same formula as the report's is compared
    _rewrite(tiny_root, "formula: tren-da-giai-quyet", "basis: received")
    uy, problems = loading.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert not any("không so sánh" in p.message for p in problems)
    report = Report(uy)
    assert any("95%" in s for s in report.strengths() + report.findings())
