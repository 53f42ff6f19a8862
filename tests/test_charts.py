"""Charts: one per thing worth seeing, none for nothing, Vietnamese labels intact."""
from datetime import date

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from cchc import charts
from cchc.figures import staff as staff_m
from cchc.figures import tthc
from cchc.model import Period, Target

pytestmark = pytest.mark.fast

PERIOD = Period(date(2023, 1, 1), date(2023, 6, 30))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")  # charts hand their figure to the caller, who shows and closes it


def _dossiers(n: int) -> pd.DataFrame:
    rows = []
    for i in range(n):
        received = pd.Timestamp(2023, 1 + i % 6, 10)
        rows.append(dict(ma_ho_so=f"H{i}", thu_tuc="Chứng thực bản sao", linh_vuc="Chứng thực" if i % 2 else "Hộ tịch",
                         kenh="truc_tuyen" if i % 3 else "truc_tiep", ngay_tiep_nhan=received,
                         han_giai_quyet=received + pd.Timedelta(days=3),
                         ngay_co_ket_qua=received + pd.Timedelta(days=2 if i % 4 else 5),
                         trang_thai="da_giai_quyet", tiep_nhan_chi_tiet=False, dien_so_hoa_tphs=True,
                         da_so_hoa_tphs=i % 2 == 0, dien_so_hoa_ket_qua=True, da_so_hoa_ket_qua=i % 3 == 0,
                         thanh_toan_truc_tuyen=False, so_tien_thanh_toan=0))
    return pd.DataFrame(rows, columns=[c for c in rows[0]] if rows else None)


def _titles(fig) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in [ax.title, *ax.get_yticklabels(), *ax.get_xticklabels()])


def test_intake_chart_has_one_bar_group_per_month_and_vietnamese_labels():
    fig = charts.intake_by_month(_dossiers(12), PERIOD)
    assert fig is not None
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert "Hồ sơ tiếp nhận theo tháng" in _titles(fig)
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"Trực tuyến", "Trực tiếp"}


def test_timeliness_chart_lists_fields():
    fig = charts.timeliness(_dossiers(12), PERIOD)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(labels) == ["Chứng thực", "Hộ tịch"]


def test_no_chart_of_nothing():
    empty = _dossiers(1).iloc[0:0]
    assert charts.intake_by_month(empty, PERIOD) is None
    assert charts.timeliness(empty, PERIOD) is None
    s = tthc.summary(empty, PERIOD)
    assert charts.digitisation(s, {"intake_digitisation": Target("intake_digitisation", 0.5)}) is None
    roster = pd.DataFrame(columns=["ma", "nhom", "chuc_danh", "vi_tri_trong", "trinh_do_van_hoa",
                                   "trinh_do_chuyen_mon", "ly_luan_chinh_tri", "dat_chuan",
                                   "nang_luong_thuong_xuyen", "nang_luong_truoc_han", "ky_luat", "cap_nhat_phan_mem"])
    assert charts.staff_qualification(staff_m.structure(roster)) is None


def test_digitisation_chart_marks_the_target():
    s = tthc.summary(_dossiers(12), PERIOD)
    fig = charts.digitisation(s, {"intake_digitisation": Target("intake_digitisation", 0.6, "{vb:05/KH-UBND}"),
                                   "result_digitisation": Target("result_digitisation", 0.5)})
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    # a target a document set, and the unit's own aim, named as the text names them
    assert sorted(labels) == ["Chỉ tiêu được giao", "Kết quả", "Mục tiêu của đơn vị"]
    shown = [t.get_text() for t in fig.axes[0].texts]
    assert "50%" in shown  # 6 of 12 intake components digitised


@pytest.mark.parametrize("field", [r"$\foo{1}$", "$5$ và $6$", r"Đất đai \ $x^2$"])
def test_register_text_with_dollar_signs_is_drawn_as_typed_never_as_math(field):
    from cchc import chart_style

    d = _dossiers(12)
    d.loc[d["linh_vuc"] == "Hộ tịch", "linh_vuc"] = field
    fig = charts.timeliness(d, PERIOD)
    assert chart_style.figure_png(fig)[:8] == b"\x89PNG\r\n\x1a\n"  # "$\foo{1}$" as math stopped the chart
    labels = fig.axes[0].get_yticklabels()
    assert sorted(t.get_text() for t in labels) == sorted(["Chứng thực", field])
    assert not any(t.get_parse_math() for t in labels)  # plain text, not mathtext
