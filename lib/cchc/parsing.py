"""Parsing cell and YAML text: the one home for what the inputs may write and how it is read.

Dates (dd/mm/yyyy, also d/m/yyyy, dd.mm.yyyy, dd-mm-yyyy, ISO yyyy-mm-dd, each optionally with a
time; month/year for some indicators), a register's whole numbers written plainly (10282000: no
thousands separator, as data/README.md says; "10.282.000" is refused with the digits to write),
an indicator's numbers the Vietnamese way (10.282.000; 58,79) or plainly (58.79), yes/no (Có /
Không ...) and enumerations (a label in any case, or its code). Vectorised parsers take a Series of
strings and return (typed values, mask of non-empty cells that failed); scalar ones return the
value or None. Text arriving here is already NFC and stripped (`cchc.text.clean`, applied by the
readers). Digits are ASCII 0-9 only (a regex digit class would also take "１２" or "١٢"), and a number has
at most MAX_DIGITS digits, so every accepted value fits an int64 exactly.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from . import schema

# What an analyst is told to write, for the messages of the checks that use these parsers.
DATE_EXPECTED = "cần ngày dạng dd/mm/yyyy (ví dụ 02/03/2023) hoặc yyyy-mm-dd"
INT_EXPECTED = "cần số nguyên, ví dụ 10282000"
MAX_DIGITS = 15  # a whole number of đồng up to 999 nghìn tỷ; more is a typing or export mistake
BOOL_EXPECTED = "cần «Có» hoặc «Không» (cũng nhận: x, 1, 0, đúng, sai; ô trống là «Không»)"

MIN_YEAR, MAX_YEAR = 1900, 2100  # outside: a typing mistake, not a date of these registers

_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
DMY_RE = re.compile(rf"^([0-9]{{1,2}})[/.\-]([0-9]{{1,2}})[/.\-]([0-9]{{4}}){_TIME}$")
YMD_RE = re.compile(rf"^([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}}){_TIME}$")
_MY = re.compile(r"^([0-9]{1,2})[/.\-]([0-9]{4})$")
_YM = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")


# --- dates ---------------------------------------------------------------------------------------

def parse_dates(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Cells -> datetime64[ns] (NaT for empty or bad) and the mask of non-empty cells that failed."""
    s = s.astype("str")
    # Fast path for the usual dd/mm/yyyy; the regex path handles ISO, times and other separators.
    values = pd.to_datetime(s, format="%d/%m/%Y", errors="coerce").astype("datetime64[ns]")
    values[~s.str.isascii()] = pd.NaT  # strptime also reads "２０２３"; the regexes below take 0-9 only
    rest = values.isna() & (s != "")
    if rest.any():
        r = s[rest]
        dmy = r.str.extract(DMY_RE.pattern)
        ymd = r.str.extract(YMD_RE.pattern)
        parts = pd.DataFrame({
            "year": pd.to_numeric(dmy[2].fillna(ymd[0]), errors="coerce"),
            "month": pd.to_numeric(dmy[1].fillna(ymd[1]), errors="coerce"),
            "day": pd.to_numeric(dmy[0].fillna(ymd[2]), errors="coerce"),
        }, index=r.index)
        values[rest] = pd.to_datetime(parts, errors="coerce").astype("datetime64[ns]")
    years = values.dt.year
    values[(years < MIN_YEAR) | (years > MAX_YEAR)] = pd.NaT
    bad = (s != "") & values.isna()
    return values, bad


def parse_day(text: str, month_ok: bool = False) -> dt.date | None:
    """One date written dd/mm/yyyy (or the other accepted forms) or yyyy-mm-dd; with `month_ok`,
    also mm/yyyy or yyyy-mm (the first of the month). None when it is not one."""
    text = text.strip()
    for pattern, order in ((DMY_RE, (2, 1, 0)), (YMD_RE, (0, 1, 2))):
        m = pattern.match(text)
        if m:
            y, mo, d = (int(m.group(i + 1)) for i in order)
            try:
                return dt.date(y, mo, d) if MIN_YEAR <= y <= MAX_YEAR else None
            except ValueError:
                return None
    if month_ok:
        m = _MY.match(text) or _YM.match(text)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            y, mo = (b, a) if a <= 12 and b > 12 else (a, b)
            if MIN_YEAR <= y <= MAX_YEAR and 1 <= mo <= 12:
                return dt.date(y, mo, 1)
    return None


def as_date(value) -> dt.date | None:
    """A YAML date (or datetime), or a string in a form `parse_day` accepts; None when not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_day(value)
    return None


# --- numbers -------------------------------------------------------------------------------------

_PLAIN_INT = rf"[+-]?[0-9]{{1,{MAX_DIGITS}}}"
# Digits grouped in threes by dots or spaces (also no-break): a thousands separator. ("1,500" is
# not taken for one: in Vietnamese the comma is the decimal mark.)
_GROUPED_INT = r"[+-]?[0-9]{1,3}(?:(?:\.|[ \u00a0]+)[0-9]{3})+"


def parse_ints(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A register's whole numbers, written plainly (10282000); empty is 0. int64 values and the
    failure mask: "10.282.000" (a thousands separator), "1e9", "12,5", more than MAX_DIGITS digits
    fail (`int_problem` says what to write)."""
    t = s.astype("str").str.strip()
    ok = t.str.fullmatch(_PLAIN_INT)
    numbers = pd.to_numeric(t.where(ok, "0").replace("", "0"), errors="coerce")
    bad = (t != "") & ~ok
    return numbers.fillna(0).astype("int64"), bad


def int_problem(text: str) -> str:
    """What to tell the analyst about a register cell `parse_ints` refused."""
    t = text.strip()
    if re.fullmatch(_GROUPED_INT, t):
        plain = re.sub(r"[^0-9+-]", "", t)
        return (f"Số nguyên không được có dấu phân cách hàng nghìn; viết {plain}, không viết «{t}» "
                "(xem data/README.md).")
    digits = re.sub(r"[^0-9]", "", t)
    if re.fullmatch(r"[+-]?[0-9]+", t) and len(digits) > MAX_DIGITS:
        return f"Số quá lớn ({len(digits)} chữ số; tối đa {MAX_DIGITS}): kiểm tra lại ô này."
    return f"Không phải số nguyên; {INT_EXPECTED} (viết liền, không có dấu phân cách hàng nghìn)."


def parse_number(text: str, integer: bool) -> float | int | None:
    """One indicator value written the Vietnamese way (10.282.000; 58,79) or plainly (58.79); None
    if not (also for more than MAX_DIGITS digits, exponents, NaN and infinities)."""
    t = re.sub(r"[\s\u00a0]", "", text)
    if len(re.sub(r"[^0-9]", "", t)) > MAX_DIGITS:
        return None
    if re.fullmatch(r"[+-]?[0-9]+", t):
        return int(t)
    if re.fullmatch(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3}){2,}(?:,[0-9]+)?|[+-]?[0-9]{1,3}\.[0-9]{3},[0-9]+", t) or \
            (integer and re.fullmatch(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+", t)):
        t = t.replace(".", "").replace(",", ".")  # dots group thousands, the comma is the decimal mark
    elif re.fullmatch(r"[+-]?[0-9]+,[0-9]+", t):
        t = t.replace(",", ".")
    elif not re.fullmatch(r"[+-]?[0-9]+\.[0-9]+", t):  # a single dot is a decimal point (spreadsheet numbers)
        return None
    value = float(t)
    if integer:
        return int(value) if value.is_integer() else None
    return value


# --- yes/no and enumerations ---------------------------------------------------------------------

def parse_bool(text: str) -> bool | None:
    """One yes/no cell (see BOOL_EXPECTED); None when it is neither."""
    low = text.casefold()
    return True if low in schema.BOOL_TRUE else False if low in schema.BOOL_FALSE else None


def parse_bools(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    low = s.astype("str").str.casefold()
    true = low.isin(schema.BOOL_TRUE)
    bad = ~(true | low.isin(schema.BOOL_FALSE))
    return pd.Series(true.to_numpy(dtype=bool), index=s.index), bad


def enum_lookup(values: dict[str, str]) -> dict[str, str]:
    """Labels (any case) and the codes themselves are accepted."""
    lookup = {code.casefold(): code for code in values.values()}
    lookup.update({label.casefold(): code for label, code in values.items()})
    return lookup


def parse_enum(s: pd.Series, values: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    codes = s.astype("str").str.casefold().map(enum_lookup(values)).astype("str")
    bad = (s != "") & codes.isna()
    return codes, bad
