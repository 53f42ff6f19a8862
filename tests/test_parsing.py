"""cchc.parsing (the one home for reading cell and YAML text) and cchc.text (NFC)."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import pytest

from cchc import fmt, parsing, readers, text, units

pytestmark = pytest.mark.fast

DATE_TEXTS = ["02/03/2023", "2/3/2023", "2023-03-02", "2023-3-2", "02-03-2023", "02.03.2023", "02/03/2023 14:30",
              "2023-03-02 08:00:00", "2023-03-02T08:00", "15/13/2023", "31/02/2023", "29/02/2024", "abc",
              "02/03/23", "01/01/1800", "01/01/2101", "31/12/2100", "03/2023", "2023-03"]


@pytest.mark.parametrize("value,expected", [
    ("02/03/2023", dt.date(2023, 3, 2)), ("2/3/2023", dt.date(2023, 3, 2)), ("2023-03-02", dt.date(2023, 3, 2)),
    ("02.03.2023", dt.date(2023, 3, 2)), ("02-03-2023", dt.date(2023, 3, 2)), (" 02/03/2023 ", dt.date(2023, 3, 2)),
    ("02/03/2023 14:30", dt.date(2023, 3, 2)), ("29/02/2024", dt.date(2024, 2, 29)),
    ("31/02/2023", None), ("15/13/2023", None), ("01/01/1800", None), ("02/03/23", None), ("", None),
    ("03/2023", None),
])
def test_parse_day(value, expected):
    assert parsing.parse_day(value) == expected


@pytest.mark.parametrize("value,expected", [
    ("12/2021", dt.date(2021, 12, 1)), ("2021-12", dt.date(2021, 12, 1)), ("12.2021", dt.date(2021, 12, 1)),
    ("13/2021", None), ("05/01/2023", dt.date(2023, 1, 5)),
])
def test_parse_day_month_year(value, expected):
    assert parsing.parse_day(value, month_ok=True) == expected


def test_vectorised_and_scalar_date_parsers_agree():
    values, bad = parsing.parse_dates(pd.Series(DATE_TEXTS, dtype="str"))
    for i, t in enumerate(DATE_TEXTS):
        day = parsing.parse_day(t)
        assert bool(bad[i]) == (day is None), t
        if day is not None:
            assert values[i].date() == day, t


@pytest.mark.parametrize("value,expected", [
    (dt.date(2023, 12, 6), dt.date(2023, 12, 6)), (dt.datetime(2023, 12, 6, 8, 0), dt.date(2023, 12, 6)),
    ("2023-12-06", dt.date(2023, 12, 6)), ("06/12/2023", dt.date(2023, 12, 6)), (" 2023-12-06 ", dt.date(2023, 12, 6)),
    ("2023-13-06", None), ("hôm nay", None), (20231206, None), (None, None),
])
def test_as_date_for_yaml_values(value, expected):
    assert parsing.as_date(value) == expected
    assert units.as_date is parsing.as_date  # the units registry reads dates the same way


@pytest.mark.parametrize("value,expected", [
    ("Có", True), ("có", True), ("x", True), ("1", True), ("Đúng", True), ("Không", False), ("", False),
    ("0", False), ("sai", False), ("có lẽ", None),
])
def test_parse_bool_matches_parse_bools(value, expected):
    assert parsing.parse_bool(value) is expected
    values, bad = parsing.parse_bools(pd.Series([value], dtype="str"))
    assert bool(bad[0]) == (expected is None)
    if expected is not None:
        assert bool(values[0]) is expected


def test_enum_lookup_accepts_labels_any_case_and_codes():
    lookup = parsing.enum_lookup({"Trực tuyến": "truc_tuyen", "Trực tiếp": "truc_tiep"})
    assert lookup["trực tuyến"] == "truc_tuyen" and lookup["truc_tiep"] == "truc_tiep"


@pytest.mark.parametrize("value,integer,expected", [
    ("58,79", False, 58.79), ("58.79", False, 58.79), ("1.234,5", False, 1234.5), ("10.282.000", True, 10282000),
    ("1 500", True, 1500), ("-3", True, -3), ("1.500", True, 1500), ("1.500", False, 1.5), ("1,5", True, None),
    ("abc", False, None), ("", False, None),
])
def test_parse_number(value, integer, expected):
    got = parsing.parse_number(value, integer)
    assert got == (pytest.approx(expected) if isinstance(expected, float) else expected)


# --- NFC -----------------------------------------------------------------------------------------

def test_one_nfc_home():
    decomposed = unicodedata.normalize("NFD", "  Nguyễn Nghiêm ")
    assert text.nfc(decomposed) == "  Nguyễn Nghiêm "
    assert text.clean(decomposed) == "Nguyễn Nghiêm"
    assert text.clean("  ascii ") == "ascii"
    assert text.nfc(12) == "12"
    assert text.nfc_deep({"a": [decomposed, 3], "b": {"c": decomposed}}) == \
        {"a": ["  Nguyễn Nghiêm ", 3], "b": {"c": "  Nguyễn Nghiêm "}}
    assert fmt.nfc is text.nfc and readers.clean is text.clean


# --- whole numbers: no thousands separator, ASCII digits, bounded (issue 11) ----------------------

@pytest.mark.parametrize("cell,plain", [("1.000.000", "1000000"), ("10.282.000", "10282000"), ("1 500", "1500"),
                                        ("8\u00a0000", "8000"), ("-1.000", "-1000")])
def test_a_thousands_separator_is_refused_with_the_digits_to_write(cell, plain):
    # data/README.md: whole numbers without thousands separators (10282000, not 10.282.000).
    values, bad = parsing.parse_ints(pd.Series([cell], dtype="str"))
    assert bad.tolist() == [True]
    message = parsing.int_problem(cell)
    assert f"viết {plain}," in message and "phân cách hàng nghìn" in message


@pytest.mark.parametrize("cell", ["1e9", "NaN", "inf", "12,5", "1,000,000", "0x10", "１２", "١٢", "9" * 16,
                                  "9" * 400])
def test_other_non_integers_are_refused_never_zero_or_a_crash(cell):
    values, bad = parsing.parse_ints(pd.Series([cell, "7"], dtype="str"))  # used to raise IntCastingNaNError
    assert bad.tolist() == [True, False] and values.tolist() == [0, 7]
    assert parsing.int_problem(cell).endswith(".")


def test_the_largest_accepted_whole_number_fits_exactly():
    values, bad = parsing.parse_ints(pd.Series(["9" * parsing.MAX_DIGITS, "-5", ""], dtype="str"))
    assert values.tolist() == [int("9" * parsing.MAX_DIGITS), -5, 0] and not bad.any()
    assert "quá lớn" in parsing.int_problem("9" * 30)


@pytest.mark.parametrize("text", ["１２", "١٢", "9" * 16, "1e9", "NaN", "inf", "-inf"])
def test_indicator_numbers_refuse_non_ascii_digits_exponents_and_huge(text):
    assert parsing.parse_number(text, True) is None and parsing.parse_number(text, False) is None


@pytest.mark.parametrize("text", ["０２/０３/２０２３", "02/03/２０２３", "٠٢/٠٣/٢٠٢٣", "２０２３-０３"])
def test_dates_with_non_ascii_digits_are_refused_alike_by_both_parsers(text):
    assert parsing.parse_day(text, month_ok=True) is None
    values, bad = parsing.parse_dates(pd.Series([text], dtype="str"))
    assert bad.tolist() == [True]
