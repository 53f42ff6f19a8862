"""Comparison phrases of every period kind (issue 9): against the same period a year earlier and,
for months and quarters, the period before, each named the official way; never across kinds (a
month is never compared with a year: the issue's "1.281 hồ sơ, giảm 90% so với năm 2022")."""
from __future__ import annotations

from datetime import date

import pytest

from cchc.model import Period
from cchc.prose.phrases import IncomparablePeriods, change, changes, comparable

pytestmark = pytest.mark.fast

Q2 = Period.of("q2", 2024)  # 15/03/2024 – 14/06/2024
AUGUST = Period.of("thang", 2024, 8)


@pytest.mark.parametrize("period, before, year_before", [
    (Period.of("q1", 2024), "so với quý IV năm 2023", "so với quý I năm 2023"),
    (Q2, "so với quý I năm 2024", "so với quý II năm 2023"),
    (Period.of("q3", 2024), "so với quý II năm 2024", "so với quý III năm 2023"),
    (Period.of("q4", 2024, start_day=1), "so với quý III năm 2024", "so với quý IV năm 2023"),
    (AUGUST, "so với tháng 7 năm 2024", "so với tháng 8 năm 2023"),
    (Period.of("thang", 2024, 1, start_day=21), "so với tháng 12 năm 2023", "so với tháng 1 năm 2023"),
    (Period.of("6t", 2024), None, "so với 6 tháng đầu năm 2023"),
    (Period.of("9t", 2024), None, "so với 9 tháng đầu năm 2023"),
    (Period.of("nam", 2024), None, "so với năm 2023"),
    (Period(date(2025, 7, 1), date(2025, 10, 31)), None,
     "so với cùng kỳ năm trước (từ ngày 01/7/2024 đến ngày 31/10/2024)"),
])
def test_comparators_of_every_kind_are_named_the_official_way(period, before, year_before):
    comparisons = [(110, period.previous()), (125, period.same_last_year())]
    said = changes(121, comparisons, period=period)
    if before is None:  # only quarters and months have a period before
        assert period.previous() is None
        assert said == f"giảm 3,2% {year_before}"
    else:
        assert said == f"tăng 10% {before} và giảm 3,2% {year_before}"


def test_a_month_is_never_compared_with_a_year():
    year_2022 = Period.of("nam", 2022)
    assert not comparable(AUGUST, year_2022) and not comparable(year_2022, AUGUST)
    with pytest.raises(IncomparablePeriods, match="Không so sánh số liệu tháng 8 năm 2024 với năm 2022: hai kỳ báo "
                                                  r"cáo khác loại \(tháng và năm\)"):
        change(1281, 12810, year_2022, unit="hồ sơ", period=AUGUST)
    with pytest.raises(IncomparablePeriods):
        changes(1281, [(1200, AUGUST.previous()), (12810, year_2022)], period=AUGUST)
    with pytest.raises(IncomparablePeriods, match="quý II và 6 tháng"):
        change(0.5, 0.4, Period.of("6t", 2024), kind="rate", period=Q2)


def test_what_is_comparable():
    assert comparable(Q2, Q2.previous()) and comparable(Period.of("q1", 2024), Period.of("q4", 2023))
    assert comparable(AUGUST, AUGUST.same_last_year())
    assert not comparable(Period.of("9t", 2024), Period.of("q3", 2024))
    assert not comparable(Period.of("6t", 2024), Period.of("nam", 2023))
    assert not comparable(Q2, None)


def test_changes_leave_out_a_missing_comparator_and_say_each_kind_of_figure():
    assert changes(121, [(None, Q2.previous()), (110, Q2.same_last_year())], period=Q2) == "tăng 10% so với quý II năm 2023"
    assert changes(121, [(None, Q2.previous())], period=Q2) == ""
    assert changes((3, 4), [((1, 2), Q2.previous()), ((3, 4), Q2.same_last_year())], kind="rate", period=Q2) == (
        "tăng 25 điểm phần trăm so với quý I năm 2024 và không đổi so với quý II năm 2023")
    assert changes(12, [(10, Q2.previous())], kind="people", period=Q2) == "tăng 02 người so với quý I năm 2024"
    assert change(30, 0, Q2.previous(), unit="hồ sơ", period=Q2) == "tăng 30 hồ sơ so với quý I năm 2024"
    # a custom range that is not the same range a year earlier is named as a span of time
    other = Period(date(2025, 3, 1), date(2025, 6, 30))
    assert change(30, 20, other, unit="hồ sơ", period=Period(date(2025, 7, 1), date(2025, 10, 31))) == (
        "tăng 50% so với khoảng thời gian từ ngày 01/3/2025 đến ngày 30/6/2025")
