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
    assert p.results_heading == "Kết quả giải quyết TTHC từ ngày 01/7/2025 đến ngày 31/10/2025"  # its dates once
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


# ---- period ids and the cut-off calendar ------------------------------------------------------------

from cchc.period import Calendar, is_id, parse_id  # noqa: E402

IDS = ["2024", "2024-6t", "2024-9t", "2024-q1", "2024-q2", "2024-q3", "2024-q4", "2024-01", "2024-08", "2024-12",
       "2025-07-01_2025-10-31", "2024-02-29_2024-02-29"]


@pytest.mark.parametrize("pid", IDS)
@pytest.mark.parametrize("calendar", [Calendar(), Calendar(1), Calendar(15, 21), Calendar(1, 21)],
                         ids=["bnv", "lich", "bnv-21", "lich-21"])
def test_every_id_round_trips_in_every_calendar(pid, calendar):
    p = parse_id(pid, calendar)
    assert p.id == pid and is_id(pid)
    assert parse_id(p.id, calendar) == p
    assert p.year == int(pid.split("_")[-1][:4])  # named for the year it ends in


@pytest.mark.parametrize("pid, calendar, start, end, name", [
    ("2024", Calendar(), date(2023, 12, 15), date(2024, 12, 14), "năm 2024"),
    ("2024-q1", Calendar(), date(2023, 12, 15), date(2024, 3, 14), "quý I năm 2024"),
    ("2024-6t", Calendar(), date(2023, 12, 15), date(2024, 6, 14), "6 tháng đầu năm 2024"),
    ("2024-q3", Calendar(), date(2024, 6, 15), date(2024, 9, 14), "quý III năm 2024"),
    ("2024-9t", Calendar(1), date(2024, 1, 1), date(2024, 9, 30), "9 tháng đầu năm 2024"),
    ("2024-02", Calendar(1), date(2024, 2, 1), date(2024, 2, 29), "tháng 2 năm 2024"),
    ("2024-02", Calendar(), date(2024, 1, 15), date(2024, 2, 14), "tháng 2 năm 2024"),
    ("2024-01", Calendar(15, 21), date(2023, 12, 21), date(2024, 1, 20), "tháng 1 năm 2024"),
    ("2024-q1", Calendar(15, 21), date(2023, 12, 15), date(2024, 3, 14), "quý I năm 2024"),  # months only
    ("2024-08", Calendar(1, 21), date(2024, 7, 21), date(2024, 8, 20), "tháng 8 năm 2024"),
    ("2025-07-01_2025-10-31", Calendar(), date(2025, 7, 1), date(2025, 10, 31),
     "từ ngày 01/7/2025 đến ngày 31/10/2025"),
])
def test_an_id_has_the_calendars_dates(pid, calendar, start, end, name):
    p = parse_id(pid, calendar)
    assert (p.start, p.end, p.name) == (start, end, name)


def test_an_int_year_is_the_annual_id():
    assert parse_id(2023).id == "2023" and parse_id(2023).kind == "nam"
    assert parse_id(" 2024-q1\n").id == "2024-q1"  # spaces around are not part of the id ...
    assert not is_id(" 2024-q1") and not is_id("2024-q1\n") and not is_id(2024)  # ... nor of a folder name


@pytest.mark.parametrize("text", ["", "abc", "24", "20240", "2024-Q1", "2024-q5", "2024-q0", "2024-13", "2024-00",
                                  "2024-8", "2024-6T", "2024-3t", "../2024", "2024/q1", "2024-q1/..", "2024 q1",
                                  "２０２４", "2024-02-30_2024-03-01", "2024-03-01_2024-02-01", "2024-1-1_2024-2-1",
                                  "1800", "2024.5", None, True, 2024.0, [2024]])
def test_anything_else_is_refused_in_vietnamese_naming_the_forms(text):
    with pytest.raises(ValueError, match="mã kỳ báo cáo") as e:
        parse_id(text)
    if "không hợp lệ; các dạng" in str(e.value):
        assert "2024-q1 … 2024-q4 (quý)" in str(e.value) and "2024-08 (tháng)" in str(e.value)
    assert not is_id(text)


def test_calendar_from_settings():
    from cchc.project import Settings

    assert Calendar.from_settings(Settings()) == Calendar(15, 0)
    assert Calendar.from_settings(Settings(cutoff_calendar="lich")) == Calendar(1, 0)
    assert Calendar.from_settings(Settings(cutoff_calendar="bnv", monthly_cutoff_day=21)).month_start_day == 21
    with pytest.raises(ValueError, match="lịch chốt số liệu «quy-nhon» không có"):
        Calendar.from_settings(Settings(cutoff_calendar="quy-nhon"))
    for bad in (0, 29, True, "15"):
        with pytest.raises(ValueError, match="từ 1 đến 28"):
            Calendar(bad)


@pytest.mark.parametrize("pid, following", [
    ("2024", "2025"), ("2024-6t", "2025-6t"), ("2024-9t", "2025-9t"), ("2024-q1", "2024-q2"),
    ("2024-q4", "2025-q1"), ("2024-08", "2024-09"), ("2024-12", "2025-01"),
])
def test_the_next_period_of_the_same_kind(pid, following):
    for calendar in (Calendar(), Calendar(1, 21)):
        assert parse_id(pid, calendar).following().id == following
    assert parse_id("2025-07-01_2025-10-31").following() is None


def test_quarters_are_one_kind_and_a_month_is_never_a_year():
    q1, q2, year, month = parse_id("2024-q1"), parse_id("2024-q2"), parse_id("2024"), parse_id("2024-03")
    assert q2.comparable_with(q1) and q2.previous() == q1
    assert not month.comparable_with(year) and not year.comparable_with(month)
    assert not q1.comparable_with(parse_id("2024-6t")) and not month.comparable_with(q1)
    assert sorted([year, month, q1], key=lambda p: p.sort_key) == [month, q1, year]
