"""Parsing cell and YAML text: the one home for what the inputs may write and how it is read.

Dates (dd/mm/yyyy, also d/m/yyyy, dd.mm.yyyy, dd-mm-yyyy, ISO yyyy-mm-dd, each optionally with a
time; month/year for some indicators), whole numbers with Vietnamese thousands dots (10.282.000),
numbers with a decimal comma (58,79) or point (58.79), yes/no (Có / Không ...) and enumerations (a
label in any case, or its code). Vectorised parsers take a Series of strings and return
(typed values, mask of non-empty cells that failed); scalar ones return the value or None.
Text arriving here is already NFC and stripped (`cchc.text.clean`, applied by the readers).
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from . import schema

# What an analyst is told to write, for the messages of the checks that use these parsers.
DATE_EXPECTED = "cần ngày dạng dd/mm/yyyy (ví dụ 02/03/2023) hoặc yyyy-mm-dd"
INT_EXPECTED = "cần số nguyên, ví dụ 10.282.000 hoặc 10282000"
BOOL_EXPECTED = "cần «Có» hoặc «Không» (cũng nhận: x, 1, 0, đúng, sai; ô trống là «Không»)"

MIN_YEAR, MAX_YEAR = 1900, 2100  # outside: a typing mistake, not a date of these registers

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
DMY_RE = re.compile(rf"^(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{4}}){_TIME}$")
YMD_RE = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$")
_MY = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_YM = re.compile(r"^(\d{4})-(\d{1,2})$")


# --- dates ---------------------------------------------------------------------------------------

def parse_dates(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Cells -> datetime64[ns] (NaT for empty or bad) and the mask of non-empty cells that failed."""
    s = s.astype("str")
    # Fast path for the usual dd/mm/yyyy; the regex path handles ISO, times and other separators.
    values = pd.to_datetime(s, format="%d/%m/%Y", errors="coerce").astype("datetime64[ns]")
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

def parse_ints(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers, plain or with thousands dots; empty is 0. int64 values and the failure mask."""
    t = s.astype("str").str.replace(r"[\s\u00a0]", "", regex=True)
    ok = t.str.fullmatch(r"[+-]?\d+") | t.str.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+")
    numbers = pd.to_numeric(t.where(ok, "").str.replace(".", "", regex=False), errors="coerce")
    bad = (t != "") & ~ok
    return numbers.fillna(0).astype("int64"), bad


def parse_number(text: str, integer: bool) -> float | int | None:
    """One number written the Vietnamese way (10.282.000; 58,79) or plainly (58.79); None if not."""
    t = re.sub(r"[\s\u00a0]", "", text)
    if re.fullmatch(r"[+-]?\d+", t):
        return int(t)
    if re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|[+-]?\d{1,3}\.\d{3},\d+", t) or \
            (integer and re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+", t)):
        t = t.replace(".", "").replace(",", ".")  # dots group thousands, the comma is the decimal mark
    elif re.fullmatch(r"[+-]?\d+,\d+", t):
        t = t.replace(",", ".")
    elif not re.fullmatch(r"[+-]?\d+\.\d+", t):  # a single dot is a decimal point (spreadsheet numbers)
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
