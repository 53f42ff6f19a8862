"""Vietnamese formatting: numbers, percentages, dates (Nghị định 30/2020), citations, phrases."""
import unicodedata
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from cchc import fmt
from cchc.model import Period
from cchc.prose.phrases import change

YEAR_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))

pytestmark = pytest.mark.fast


def is_nfc(s: str) -> bool:
    return unicodedata.is_normalized("NFC", s)


@pytest.mark.parametrize("n, expected", [
    (0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (3956, "3.956"), (10282000, "10.282.000"),
    (-1234, "-1.234"), (np.int64(2315), "2.315"), (1234.5, "1.234,5"), (Decimal("3.14159"), "3,14"),
])
def test_number(n, expected):
    assert fmt.number(n) == expected


@pytest.mark.parametrize("n, expected", [(0, "0"), (1, "01"), (6, "06"), (9, "09"), (10, "10"),
                                         (13, "13"), (3956, "3.956")])
def test_count_pads_one_to_nine(n, expected):
    assert fmt.count(n) == expected


def test_count_without_pad():
    assert fmt.count(6, pad=False) == "6"


def test_fraction_pads_the_part_only():
    assert fmt.fraction(2, 10) == "02/10"
    assert fmt.fraction(1, 9) == "01/9"
    assert fmt.fraction(11, 12) == "11/12"


@pytest.mark.parametrize("num, den, expected", [
    (6, 9, "66,67%"),      # the seed wrote 66,66%
    (1, 11, "9,09%"),      # the seed wrote 10%
    (3, 11, "27,27%"),     # the seed wrote 30%
    (2, 10, "20%"),
    (1, 8, "12,5%"),
    (2291, 3897, "58,79%"),
    (1866, 3877, "48,13%"),
    (1, 1, "100%"),
    (0, 5, "0%"),
    (1, 200, "0,5%"),
    (5, 0, "—"),
    (0, 0, "—"),
])
def test_percent(num, den, expected):
    assert fmt.percent(num, den) == expected


def test_percent_rounds_half_up_exactly():
    # 1/8 = 12.5% exactly: half up gives 13 at 0 places (banker's rounding would give 12).
    assert fmt.percent(1, 8, places=0) == "13%"
    # 0.125% exactly -> 0.13 at 2 places (float rounding of 0.125 would give 0.12).
    assert fmt.percent(1, 800) == "0,13%"
    assert fmt.percent(1, 6, places=1) == "16,7%"


def test_ratio():
    assert fmt.ratio(1, 4) == Decimal("0.25")
    assert fmt.ratio(3, 0) is None


def test_pct_and_points():
    assert fmt.pct(95.0) == "95%"
    assert fmt.pct(12.5) == "12,5%"
    assert fmt.points(-3.2) == "3,2 điểm phần trăm"


def test_money():
    assert fmt.money(10282000) == "10.282.000 đồng"
    assert fmt.money_short(10282000) == "10.282.000đ"
    assert fmt.money(0) == "0 đồng"


@pytest.mark.parametrize("d, expected", [
    (date(2023, 12, 6), "ngày 06 tháng 12 năm 2023"),
    (date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
    (date(2024, 3, 6), "ngày 06 tháng 3 năm 2024"),
    (date(2023, 1, 10), "ngày 10 tháng 01 năm 2023"),
    (pd.Timestamp("2023-11-25"), "ngày 25 tháng 11 năm 2023"),
    (datetime(2023, 9, 2, 14, 30), "ngày 02 tháng 9 năm 2023"),
])
def test_date_long(d, expected):
    assert fmt.date_long(d) == expected


def test_date_short_and_citation():
    assert fmt.date_short(date(2023, 12, 6)) == "06/12/2023"
    assert fmt.date_short(date(2023, 3, 2)) == "02/03/2023"
    assert fmt.date_citation(date(2023, 3, 2)) == "02/3/2023"
    assert fmt.date_citation(date(2023, 1, 10)) == "10/01/2023"
    assert fmt.date_citation(date(2023, 2, 16)) == "16/02/2023"
    assert fmt.date_citation(date(2023, 6, 23)) == "23/6/2023"
    assert fmt.date_citation(date(2021, 10, 11)) == "11/10/2021"
    assert fmt.date_citation(np.datetime64("2016-05-14")) == "14/5/2016"


def test_missing_date_is_an_error():
    with pytest.raises(ValueError):
        fmt.date_long(pd.NaT)
    with pytest.raises(ValueError):
        fmt.date_citation(None)


def test_month_year():
    assert fmt.month_year(2021, 12) == "12/2021"
    assert fmt.month_year(2023, 1) == "01/2023"
    assert fmt.month_year(2023, 3) == "3/2023"


def test_place_date_and_period():
    assert fmt.place_date("phường Nguyễn Nghiêm", date(2023, 12, 6)) == \
        "Phường Nguyễn Nghiêm, ngày 06 tháng 12 năm 2023"
    p = Period(date(2023, 1, 1), date(2023, 12, 6))
    assert p.range_text == "01/01/2023 – 06/12/2023"
    assert p.opening == "Trong năm 2023"
    assert Period(date(2023, 7, 1), date(2023, 12, 31)).opening == \
        "Từ ngày 01/7/2023 đến ngày 31/12/2023"


@pytest.mark.parametrize("end, expected", [
    (date(2023, 12, 31), "Trong năm 2023"),
    (date(2023, 11, 15), "Trong năm 2023"),
    (date(2023, 6, 30), "Trong 6 tháng đầu năm 2023"),
    (date(2023, 9, 30), "Trong 9 tháng đầu năm 2023"),
    (date(2023, 3, 31), "Trong quý I năm 2023"),
    (date(2023, 8, 15), "Từ đầu năm 2023 đến ngày 15/8/2023"),
])
def test_period_phrase_never_calls_part_of_a_year_the_year(end, expected):
    assert Period(date(2023, 1, 1), end).opening == expected


def test_citation_own_document():
    row = {"loai": "Kế hoạch", "so_ky_hieu": "19/KH-UBND", "ngay_ban_hanh": pd.Timestamp("2023-03-02"),
           "trich_yeu": "tuyên truyền cải cách hành chính năm 2023", "co_quan_ban_hanh": None}
    assert fmt.citation(row) == \
        "Kế hoạch số 19/KH-UBND ngày 02/3/2023 về tuyên truyền cải cách hành chính năm 2023"


def test_citation_with_issuing_body_from_a_series():
    row = pd.Series({"loai": "Quyết định", "so_ky_hieu": "947/QĐ-UBND",
                     "ngay_ban_hanh": pd.Timestamp("2021-10-11"),
                     "trich_yeu": "về việc bố trí cán bộ, công chức cấp xã",  # "về" already typed
                     "co_quan_ban_hanh": "UBND tỉnh Quảng Ngãi"})
    assert fmt.citation(row) == ("Quyết định số 947/QĐ-UBND ngày 11/10/2021 của UBND tỉnh Quảng Ngãi "
                                 "về việc bố trí cán bộ, công chức cấp xã")


def test_citation_nan_body_and_no_subject():
    row = pd.Series({"loai": "Nghị định", "so_ky_hieu": "34/2016/NĐ-CP", "ngay_ban_hanh": pd.Timestamp("2016-05-14"),
                     "trich_yeu": "", "co_quan_ban_hanh": np.nan})
    assert fmt.citation(row) == "Nghị định số 34/2016/NĐ-CP ngày 14/5/2016"


def test_citation_output_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Kế hoạch")
    row = {"loai": decomposed, "so_ky_hieu": "01/KH-UBND", "ngay_ban_hanh": date(2023, 1, 5),
           "trich_yeu": unicodedata.normalize("NFD", "kiểm tra"), "co_quan_ban_hanh": ""}
    out = fmt.citation(row)
    assert out == "Kế hoạch số 01/KH-UBND ngày 05/01/2023 về kiểm tra"
    assert is_nfc(out)


def test_join_vi_and_nfc():
    assert fmt.join_vi([]) == ""
    assert fmt.join_vi(["a"]) == "a"
    assert fmt.join_vi(["a", "b"]) == "a và b"
    assert fmt.join_vi(["a", "b", "c"]) == "a, b và c"
    assert fmt.nfc("Nghie\u0302\u0300m") == "Nghiềm"


def test_change_phrase_counts():
    assert change(4500, 4000, YEAR_2022) == "tăng 12,5% so với năm 2022"
    assert change(3000, 4000, YEAR_2022) == "giảm 25% so với năm 2022"
    assert change(7, 7, YEAR_2022) == "không đổi so với năm 2022"
    assert change(25, 0, YEAR_2022, unit="hồ sơ") == "tăng 25 hồ sơ so với năm 2022"
    assert change(100001, 100000, YEAR_2022) == "gần như không đổi so với năm 2022"


def test_change_phrase_rates_in_points():
    assert change(0.582, 0.55, YEAR_2022, kind="rate") == "tăng 3,2 điểm phần trăm so với năm 2022"
    assert change((1, 2), (3, 4), YEAR_2022, kind="rate") == "giảm 25 điểm phần trăm so với năm 2022"
    assert change((2, 4), (1, 2), YEAR_2022, kind="rate") == "không đổi so với năm 2022"
    with pytest.raises(ValueError):
        change(1, 2, YEAR_2022, kind="share")


def test_sort_key_vi_orders_vietnamese_letters():
    words = ["Đất đai", "Doanh nghiệp", "Chứng thực", "Ăn uống", "An toàn", "Hộ tịch", "Âm nhạc", "Bảo trợ"]
    assert sorted(words, key=fmt.sort_key_vi) == \
        ["An toàn", "Ăn uống", "Âm nhạc", "Bảo trợ", "Chứng thực", "Doanh nghiệp", "Đất đai", "Hộ tịch"]


def test_citation_from_itertuples_and_missing_column():
    frame = pd.DataFrame({"loai": ["Kế hoạch"], "so_ky_hieu": ["17/KH-UBND"],
                          "ngay_ban_hanh": [pd.Timestamp("2023-03-01")],
                          "trich_yeu": ["ứng dụng phát triển công nghệ thông tin năm 2023"],
                          "co_quan_ban_hanh": [None]})
    row = next(frame.itertuples(index=False))
    assert fmt.citation(row) == \
        "Kế hoạch số 17/KH-UBND ngày 01/3/2023 về ứng dụng phát triển công nghệ thông tin năm 2023"
    with pytest.raises(KeyError):
        fmt.citation({"loai": "Kế hoạch", "ngay_ban_hanh": date(2023, 3, 1)})


def test_change_of_a_rate_is_the_difference_of_the_printed_rates():
    # 97,705% prints 97,71% and 97,6249% prints 97,62%: the exact difference 0,0801 would say
    # "0,08", the reader subtracting the printed figures gets 0,09.
    now, before = (19541, 20000), (976249, 1000000)
    assert fmt.percent(*now) == "97,71%" and fmt.percent(*before) == "97,62%"
    assert change(now, before, YEAR_2022, kind="rate") == "tăng 0,09 điểm phần trăm so với năm 2022"
    assert change((1, 3), (1, 3), YEAR_2022, kind="rate") == "không đổi so với năm 2022"


def test_percent_complement_adds_up_with_the_printed_rate():
    assert fmt.percent(3925, 3956) == "99,22%" and fmt.percent_complement(3925, 3956) == "0,78%"
    # 1/8 = 12,5% exactly; 2469/20000 = 12,345% prints 12,35%, so its complement must print 87,65%
    assert fmt.percent_complement(2469, 20000) == "87,65%"
    assert fmt.percent(20000 - 2469, 20000) == "87,66%"  # what an exact complement would have printed
