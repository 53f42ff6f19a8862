"""The service index (QĐ 766/QĐ-TTg, issue 12.2): scored on a tiny register counted by hand, an
indicator the registers cannot give left out with the maximum adjusted, errors of
params/chi-so-phuc-vu.yaml naming the line, and weights that add up to QĐ 766's 100 points."""
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import cchc
from cchc import fmt, paths
from cchc import params as params_m
from cchc.figures import service_index as si
from cchc.figures import tthc as tthc_f
from cchc.provenance import shared_paths
from cchc.model import Period
from cchc.prose import service_index as si_p
from cchc.tables import Table
from conftest import CHECKOUT, TINY_SLUG, TINY_YEAR

pytestmark = pytest.mark.fast

Q1 = Period(date(2023, 12, 15), date(2024, 3, 14), "q1", 15)  # BNV quý I năm 2024
HEADER = ["ma_ho_so", "kenh", "ngay_tiep_nhan", "han_giai_quyet", "ngay_co_ket_qua", "trang_thai",
          "dien_so_hoa_tphs", "da_so_hoa_tphs", "dien_so_hoa_ket_qua", "da_so_hoa_ket_qua", "co_phi",
          "thanh_toan_truc_tuyen"]
Y, N = True, False
ROWS = [
    # code channel       received      deadline      closed        status           TPHS: in, done  KQ: in, done fee paid
    ("D1", "truc_tuyen", "2024-01-02", "2024-01-10", "2024-01-08", "da_giai_quyet", Y, Y, Y, Y, Y, Y),  # early
    ("D2", "truc_tiep", "2024-01-05", "2024-01-12", "2024-01-12", "da_giai_quyet", Y, N, Y, Y, Y, N),  # on time
    ("D3", "truc_tiep", "2024-01-10", "2024-01-15", "2024-01-20", "da_giai_quyet", Y, Y, Y, N, N, N),  # late
    ("D4", "truc_tuyen", "2024-02-01", "2024-04-01", None, "dang_giai_quyet", Y, Y, N, N, N, N),  # pending, in time
    ("D5", "truc_tiep", "2024-02-10", "2024-03-01", None, "dang_giai_quyet", N, N, N, N, Y, N),  # pending, overdue
    ("D6", "truc_tuyen", "2023-12-01", "2023-12-20", "2023-12-18", "da_giai_quyet", Y, Y, Y, Y, N, N),  # carried, early
    ("D7", "truc_tiep", "2024-03-01", "2024-03-05", "2024-03-02", "rut", N, N, N, N, N, N),  # withdrawn
    ("D8", "truc_tuyen", "2024-02-20", "2024-03-10", "2024-03-05", "da_giai_quyet", Y, N, Y, Y, Y, Y),  # early
]
# By hand (figures/tthc.py's definitions), quý I 15/12/2023 – 14/3/2024: all 8 in scope, D6 carried
# over, 7 new.
# 2.1 (qd766: before + on time + pending within) / total: D1, D6, D8 + D2 + D4 = 5/8; 20 x 5/8 = 12,5.
# 3.1 result digitised / resolved and subject: D1, D2, D6, D8 of D1, D2, D3, D6, D8 = 4/5; 8 x 4/5 = 6,4.
# 3.2 intake digitised / subject: D1, D3, D4, D6 of D1, D2, D3, D4, D6, D8 = 4/6, full at 80%:
#     8 x (2/3) / 0,8 = 6,666… -> 6,67.
# 4.3 online / new: D1, D4, D8 of 7 (D6 came online but last period) = 3/7, full at 50%:
#     6 x (3/7) / 0,5 = 5,142… -> 5,14.
# 4.5 fee paid online / fee-bearing: D1, D8 of D1, D2, D5, D8 = 2/4; 4 x 1/2 = 2.
# 5.3 satisfaction 85,5% (indicators register), full at 90%: 6 x 0,855 / 0,9 = 5,7.
# Total 12,5 + 6,4 + 6,67 + 5,14 + 2 + 5,7 = 38,41 of 20 + 8 + 8 + 6 + 4 + 6 = 52; 38,41/52 = 73,865… -> 73,87.
# Without the satisfaction row: 32,71 of 46; 32,71/46 = 71,108… -> 71,11.


def register(rows=ROWS, with_fee: bool = True) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=HEADER)
    for c in ("ngay_tiep_nhan", "han_giai_quyet", "ngay_co_ket_qua"):
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
    df["linh_vuc"], df["thu_tuc"], df["tiep_nhan_chi_tiet"], df["so_tien_thanh_toan"] = "Hộ tịch", "Thủ tục", False, 0
    return df if with_fee else df.drop(columns=["co_phi"])


def points_of(index) -> dict[str, Decimal]:
    return {r.key: r.points for r in index.rows if r.available}


def test_the_index_on_a_hand_counted_register():
    tthc = tthc_f.summary(register(), Q1)
    index = si.score(None, tthc, {"ty_le_hai_long_tthc": 85.5})
    assert points_of(index) == {"2.1": Decimal("12.5"), "3.1": Decimal("6.4"), "3.2": Decimal("6.67"),
                                "4.3": Decimal("5.14"), "4.5": Decimal("2"), "5.3": Decimal("5.7")}
    assert (index.total, index.max_points, index.full_max, index.scaled) == (
        Decimal("38.41"), Decimal(52), Decimal(100), Decimal("73.87"))
    groups = {g.name: (g.points, g.max, g.full_max, g.available) for g in index.groups}
    assert groups == {
        "Công khai, minh bạch": (0, 0, 18, False),
        "Tiến độ, kết quả giải quyết": (Decimal("12.5"), 20, 20, True),
        "Số hóa hồ sơ": (Decimal("13.07"), 16, 22, True),
        "Cung cấp dịch vụ trực tuyến": (Decimal("7.14"), 10, 22, True),
        "Mức độ hài lòng": (Decimal("5.7"), 6, 18, True),
    }
    rows = {r.key: r for r in index.rows}
    assert rows["2.1"].value_text == "62,5% (5/8 hồ sơ)" and rows["2.1"].source == "Sổ theo dõi hồ sơ TTHC"
    assert rows["4.3"].value_text == "42,86% (3/7 hồ sơ)"
    assert rows["5.3"].value_text == "85,5%" and "chi-so" not in rows["5.3"].source
    assert index.headline() == {"points": 38.41, "max": 52.0}


def test_missing_data_is_left_out_and_the_maximum_adjusted():
    tthc = tthc_f.summary(register(with_fee=False), Q1)  # no «Thu phí, lệ phí» column
    index = si.score(None, tthc, {})  # no satisfaction rate either
    rows = {r.key: r for r in index.rows}
    assert not rows["4.5"].available and rows["4.5"].source == si.NO_DATA
    assert not rows["5.3"].available and rows["5.3"].source == si.NO_DATA
    # 12,5 + 6,4 + 6,67 + 5,14 of 20 + 8 + 8 + 6; 30,71/42 = 73,119… -> 73,12
    assert (index.total, index.max_points, index.scaled) == (Decimal("30.71"), Decimal(42), Decimal("73.12"))
    assert len(index.excluded) == 16 - 4
    text = " ".join(si_p.sentences(index, "UBND phường"))
    assert "đạt 30,71/42 điểm, quy đổi 73,12/100 điểm" in text
    # 18 (công khai) + 6 (3.3) + 4 + 4 + 4 (4.1, 4.2, 4.4) + 4 (4.5) + 18 (hài lòng) = 58 left out
    assert "12/16 chỉ số (58 điểm) chưa có dữ liệu" in text
    assert "điểm tối đa được điều chỉnh từ 100 xuống 42 điểm" in text
    table = si_p.table(index)
    by_name = {r["Nhóm chỉ số, chỉ số"]: r for _, r in table.iterrows()}
    assert list(by_name["4.5. Tỷ lệ hồ sơ thanh toán trực tuyến"]) == [
        "4.5. Tỷ lệ hồ sơ thanh toán trực tuyến", "chưa có dữ liệu", "4", "—", "—"]
    assert list(by_name["4.3. Tỷ lệ hồ sơ nộp trực tuyến"])[1:] == ["42,86%", "6", "6", "5,14"]
    assert list(by_name["3. Số hóa hồ sơ"])[1:] == ["", "22", "16", "13,07"]
    assert list(table.iloc[-1]) == ["Tổng cộng", "", "100", "42", "30,71"]
    assert table.attrs["note"].startswith("Tỷ lệ tính từ Sổ theo dõi hồ sơ TTHC. Điểm chỉ số = điểm tối đa × tỷ lệ")
    assert "Điểm tối đa các nhóm theo Quyết định số 766/QĐ-TTg ngày 23/6/2022" in table.attrs["note"]


def test_an_empty_base_is_left_out_and_said_so():
    rows = [r[:10] + (N, N) for r in ROWS]  # no dossier carries a fee
    index = si.score(None, tthc_f.summary(register(rows), Q1), {"ty_le_hai_long_tthc": 85.5})
    row = next(r for r in index.rows if r.key == "4.5")
    assert not row.available and row.source == si.NO_BASE
    assert index.max_points == 48  # 52 without 4.5's 4 points
    assert "(01 chỉ số không phát sinh hồ sơ thuộc diện tính)" in " ".join(si_p.sentences(index, "UBND xã"))


def test_nothing_computable_gives_no_headline_and_says_why():
    config, problems = si.parse({"source": {"document": "Văn bản thử"}, "groups": [
        {"key": "mot", "name": "Nhóm một", "max": 100, "indicators": [{"key": "1.1", "name": "Chỉ số", "max": 100}]}]},
        lambda *keys: None, "params/chi-so-phuc-vu.yaml")
    assert problems == []
    index = si.score(config, tthc_f.summary(register(), Q1), {})
    assert index.headline() is None and index.scaled is None
    assert si_p.sentences(index, "UBND phường")[0].startswith("Chưa tính được Chỉ số phục vụ người dân")


def test_the_office_table_holds_numbers():
    index = si.score(None, tthc_f.summary(register(), Q1), {"ty_le_hai_long_tthc": 85.5})
    table = si_p.office_table(index)
    assert isinstance(table, Table) and table.key == "chi-so-phuc-vu" and table.total_rows == 1
    rows = {r[0]: r for r in table.rows}
    assert rows["2.1. Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (kể cả đang xử lý trong hạn)"][1:5] == [0.625, 20.0, 20.0,
                                                                                                     12.5]
    assert table.rows[-1] == ["Tổng cộng", None, 100.0, 52.0, 38.41, None]
    assert rows["1. Công khai, minh bạch"][3:5] == [None, None]


# --- the configuration ----------------------------------------------------------------------------

def test_the_weights_are_qd766s_and_add_up_to_100():
    for config in (si.score(None, tthc_f.summary(register(), Q1), {}).config,
                   params_m.read_service_index(CHECKOUT / "params" / "chi-so-phuc-vu.yaml")[0]):
        assert [(g.name, g.max) for g in config.groups] == [
            ("Công khai, minh bạch", 18), ("Tiến độ, kết quả giải quyết", 20), ("Số hóa hồ sơ", 22),
            ("Cung cấp dịch vụ trực tuyến", 22), ("Mức độ hài lòng", 18)]
        assert sum(g.max for g in config.groups) == 100
        for g in config.groups:
            assert sum(i.max for i in g.indicators) == g.max, g.name
        assert config.document == "Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ"
        assert config.url.startswith("https://")


def test_the_sample_file_is_the_shipped_default():
    shipped = si.score(None, tthc_f.summary(register(), Q1), {}).config
    read, problems = params_m.read_service_index(CHECKOUT / "params" / "chi-so-phuc-vu.yaml")
    assert problems == [] and read.origin == "params/chi-so-phuc-vu.yaml" and shipped.origin == "có sẵn"
    assert read.groups == shipped.groups


GOOD = """\
source:
  document: Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ
groups:
  - key: tien-do
    name: Tiến độ
    max: 60
    indicators:
      - key: "2.1"
        name: Tỷ lệ đúng hạn
        max: 60
        measure: ty-le-dung-han
  - key: truc-tuyen
    name: Trực tuyến
    max: 40
    indicators:
      - key: "4.3"
        name: Tỷ lệ hồ sơ trực tuyến
        max: 40
        measure: ty-le-truc-tuyen
        full_at: 0.5
"""


def _problems(tmp_path: Path, text: str):
    path = tmp_path / "chi-so-phuc-vu.yaml"
    path.write_text(text, encoding="utf-8")
    return params_m.read_service_index(path)


def test_a_project_file_replaces_the_weights(tmp_path):
    config, problems = _problems(tmp_path, GOOD)
    assert problems == []
    index = si.score(config, tthc_f.summary(register(), Q1), {})
    # 60 x 5/8 = 37,5; 40 x (3/7) / 0,5 = 34,285… -> 34,29; 71,79 of 100
    assert (index.total, index.max_points) == (Decimal("71.79"), Decimal(100))


@pytest.mark.parametrize("old, new, line, words", [
    ("    max: 60\n    indicators", "    max: 50\n    indicators", 6, "khác điểm tối đa của nhóm 50"),
    ("        max: 40\n", "        max: 30\n", 14, "Khóa «groups[2].max»: tổng điểm tối đa các chỉ số của nhóm «Trực "
                                                  "tuyến» là 30, khác điểm tối đa của nhóm 40"),
    ("measure: ty-le-truc-tuyen", "measure: ty-le-hai-long", 19, "«ty-le-hai-long» không phải cách lấy số liệu"),
    ("full_at: 0.5", "full_at: 50", 20, "không quá 1"),
    ("        max: 60\n", "        max: 60\n        trong_so: 2\n", 11, "khóa không hợp lệ"),
    ('      - key: "4.3"', '      - key: "2.1"', 16, "đã dùng ở dòng 8"),
    ("        measure: ty-le-dung-han\n", "        measure: ty-le-dung-han\n        formula: tren-ngay\n", 12,
     "không có cách tính «tren-ngay»"),
    ("        measure: ty-le-truc-tuyen\n", "        measure: chi-so\n        indicator: so_may_tinh\n", 20,
     "không phải mã một tỷ lệ (%)"),
    ("  document: Quyết định", "  part: Quyết định", 1, "ghi văn bản làm căn cứ"),
])
def test_a_bad_configuration_names_its_line(tmp_path, old, new, line, words):
    assert old in GOOD
    config, problems = _problems(tmp_path, GOOD.replace(old, new, 1))
    assert config is None and len(problems) == 1
    (problem,) = problems
    assert problem.is_error and problem.file.endswith("chi-so-phuc-vu.yaml")
    assert words in problem.message and problem.row == line, (problem.row, problem.message)
    assert str(problem).startswith("LỖI") and f"dòng {line}" in str(problem)


def test_groups_that_do_not_add_up_to_100_are_refused_at_groups(tmp_path):
    text = GOOD.replace("    max: 40\n", "    max: 30\n").replace("        max: 40\n", "        max: 30\n")
    config, problems = _problems(tmp_path, text)
    assert config is None and [p.row for p in problems] == [3]
    assert "là 90, phải là 100 (60 + 30)" in problems[0].message


def test_a_broken_file_stops_the_report_with_its_line(tiny_root):
    (tiny_root / "params" / "chi-so-phuc-vu.yaml").write_text(GOOD.replace("full_at: 0.5", "full_at: 0"),
                                                               encoding="utf-8")
    with pytest.raises(Exception) as caught:
        cchc.report(TINY_SLUG, TINY_YEAR)
    text = str(caught.value) + " ".join(str(p) for p in getattr(caught.value, "problems", []))
    assert "params/chi-so-phuc-vu.yaml" in text and "dòng 20" in text


# --- in the report --------------------------------------------------------------------------------

def test_a_project_without_the_file_scores_by_the_shipped_default(tiny_root):
    assert not paths.service_index_file().exists()
    report = cchc.report(TINY_SLUG, TINY_YEAR)
    index = report.service_index()
    assert index.config.origin == "có sẵn" and index.full_max == 100
    assert report.service_index_table().attrs["note"].endswith("theo cấu hình chỉ số của cchc.")


@pytest.fixture(scope="module")
def sample_report():
    return cchc.report("phuong-nguyen-nghiem", "2024")


def test_the_report_prints_and_traces_the_index(sample_report):
    index = sample_report.service_index()
    assert sample_report.headline()["service_index"] == {"points": float(index.total), "max": float(index.max_points)}
    assert index.total == sum(g.points for g in index.groups) and index.max_points < index.full_max
    prose = " ".join(sample_report.service_index_prose())
    assert f"đạt {fmt.number(index.total)}/{fmt.number(index.max_points)} điểm" in prose
    assert "điểm tối đa được điều chỉnh từ 100 xuống" in prose
    assert "service_index_prose" in sample_report.printed()
    lineage = set(sample_report.lineage_table()["Số liệu"])
    assert {m.label for m in index.measured} <= lineage  # every rate the table scored has its lineage row
    table = sample_report.service_index_table()
    assert table.iloc[-1, 0] == "Tổng cộng" and table.iloc[-1, 4] == fmt.number(index.total)
    assert paths.service_index_file() in shared_paths()  # in the cache key and the frozen inputs
    (office,) = sample_report.service_index_tables()
    assert office.rows[-1][4] == float(index.total)
