"""Period: kinds recognised from dates, official names, the period after, comparators."""
from datetime import date

import pytest

from cchc.period import Period

pytestmark = pytest.mark.fast


@pytest.mark.parametrize("kind, year, month, start_day, start, end, name, next_name, pid", [
    ("nam", 2024, None, 15, date(2023, 12, 15), date(2024, 12, 14), "năm 2024", "năm 2025", "2024"),
    ("q1", 2024, None, 15, date(2023, 12, 15), date(2024, 3, 14), "quý I năm 2024", "quý II năm 2024", "2024-q1"),
    ("6t", 2024, None, 15, date(2023, 12, 15), date(2024, 6, 14), "6 tháng đầu năm 2024",
     "6 tháng cuối năm 2024", "2024-6t"),
    ("q3", 2024, None, 15, date(2024, 6, 15), date(2024, 9, 14), "quý III năm 2024", "quý IV năm 2024", "2024-q3"),
    ("9t", 2024, None, 15, date(2023, 12, 15), date(2024, 9, 14), "9 tháng đầu năm 2024", "quý IV năm 2024",
     "2024-9t"),
    ("q4", 2024, None, 1, date(2024, 10, 1), date(2024, 12, 31), "quý IV năm 2024", "quý I năm 2025", "2024-q4"),
    ("thang", 2023, 8, 1, date(2023, 8, 1), date(2023, 8, 31), "tháng 8 năm 2023", "tháng 9 năm 2023", "2023-08"),
    ("thang", 2024, 1, 21, date(2023, 12, 21), date(2024, 1, 20), "tháng 1 năm 2024", "tháng 2 năm 2024",
     "2024-01"),
    ("thang", 2023, 12, 15, date(2023, 11, 15), date(2023, 12, 14), "tháng 12 năm 2023", "tháng 1 năm 2024",
     "2023-12"),
])
def test_periods_of_every_kind(kind, year, month, start_day, start, end, name, next_name, pid):
    p = Period.of(kind, year, month, start_day)
    assert (p.start, p.end) == (start, end)
    assert (p.name, p.next_name, p.id) == (name, next_name, pid)
    assert p.opening == f"Trong {name}"
    again = Period(start, end)  # recognised from its dates alone
    assert (again.kind, again.name) == (kind, name)


def test_custom_range_names_its_dates():
    p = Period(date(2025, 7, 1), date(2025, 10, 31))
    assert p.kind == "tuy-chon"
    assert p.name == "từ ngày 01/7/2025 đến ngày 31/10/2025"
    assert p.opening == "Từ ngày 01/7/2025 đến ngày 31/10/2025"
    assert p.next_name == "thời gian tới"
    assert p.id == "2025-07-01_2025-10-31"
    assert p.results_heading == ("Kết quả giải quyết TTHC từ ngày 01/7/2025 đến ngày 31/10/2025 "
                                 "(01/07/2025 – 31/10/2025)")
    assert p.previous() is None


def test_annual_report_closing_early_is_the_year():
    p = Period(date(2023, 1, 1), date(2023, 12, 6))  # the seed's period
    assert (p.kind, p.name, p.opening) == ("nam", "năm 2023", "Trong năm 2023")
    assert p.results_heading == "Kết quả giải quyết TTHC từ đầu năm đến nay (01/01/2023 – 06/12/2023)"
    assert p.same_last_year().name == "năm 2022"


def test_comparators_same_kind_only():
    q1 = Period.of("q1", 2024)
    assert q1.previous() == Period.of("q4", 2023)
    assert q1.same_last_year() == Period.of("q1", 2023)
    m = Period.of("thang", 2024, 1, start_day=1)
    assert m.previous() == Period.of("thang", 2023, 12, start_day=1)
    year = Period.of("nam", 2023)
    assert year.previous() is None  # a year has only the same period of the year before
    assert not m.comparable_with(year)  # never a month against a year
    assert year.comparable_with(Period.of("nam", 2022))


def test_bad_periods_are_refused_in_vietnamese():
    with pytest.raises(ValueError, match="loại kỳ báo cáo"):
        Period(date(2024, 1, 1), date(2024, 3, 31), kind="quy")
    with pytest.raises(ValueError, match="trước khi bắt đầu"):
        Period(date(2024, 3, 1), date(2024, 1, 1))
    with pytest.raises(ValueError, match="số tháng"):
        Period.of("thang", 2024)
