"""Vietnamese formatting of figures, dates and document citations.

Pure functions; every string returned is Unicode NFC. Conventions follow the seed report and
Nghị định 30/2020/NĐ-CP:

- thousands are separated by "." and decimals by "," (3.956; 58,79%);
- small counts take a leading zero as ward reports write them ("06", "04", "02/10"); 0 stays "0";
- percentages round half up on the exact value (6/9 -> 66,67%, never the seed's 66,66%) and drop
  trailing zeros (2/10 -> 20%, 1/8 -> 12,5%); a percentage of nothing (denominator 0) is "—";
- dates in running text: day always two digits, month with a leading zero only for 1 and 2
  ("ngày 06 tháng 3 năm 2024", "02/3/2023", "16/02/2023").
"""
from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from .text import nfc  # noqa: F401 - re-exported: fmt.nfc is what prose/ and notebooks call

DASH = "—"  # shown where a rate has no base (denominator 0)


# --- text ---------------------------------------------------------------------------------------

def join_vi(items: Iterable[str], last: str = "và") -> str:
    """"a, b và c"; one item alone; "" for none."""
    parts = [nfc(i) for i in items if i is not None and str(i) != ""]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {last} {parts[-1]}"


def capitalize_first(s: str) -> str:
    """Upper-case the first letter only ("phường ..." -> "Phường ...")."""
    s = nfc(s)
    return s[:1].upper() + s[1:]


# --- numbers ------------------------------------------------------------------------------------

def exact(x) -> Fraction:
    """An exact rational from int, Decimal, Fraction or float (floats via their shortest repr)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool):
        return Fraction(int(x))
    if isinstance(x, (int, Decimal)):
        return Fraction(x)
    if hasattr(x, "item"):  # numpy scalars
        return exact(x.item())
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"not a finite number: {x!r}")
        return Fraction(Decimal(repr(x)))
    return Fraction(x)


def round_half_up(x, places: int = 2) -> Decimal:
    """x rounded half away from zero to `places` decimals, computed exactly (6/9*100 -> 66.67)."""
    q = exact(x)
    scale = 10 ** places
    scaled = abs(q) * scale
    n = math.floor(scaled + Fraction(1, 2))
    if q < 0:
        n = -n
    return Decimal(n).scaleb(-places)


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def number(n, places: int = 2) -> str:
    """3956 -> "3.956"; 1234.5 -> "1.234,5" (at most `places` decimals, half up, zeros dropped)."""
    q = round_half_up(exact(n), places)
    sign = "-" if q < 0 else ""
    text = format(abs(q), "f")
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    return sign + _group(whole) + ("," + frac if frac else "")


def count(n, pad: bool = True) -> str:
    """A count as ward reports write it: 6 -> "06", 13 -> "13", 3956 -> "3.956", 0 -> "0"."""
    n = int(n)
    if pad and 1 <= n <= 9:
        return f"0{n}"
    return number(n)


def fraction(part, whole) -> str:
    """"02/10" — the part padded like a count, the whole as is (so it never reads as a date)."""
    return f"{count(part)}/{number(int(whole))}"


def ratio(num, den) -> Decimal | None:
    """num/den as a Decimal (28 significant digits); None when den is 0."""
    if exact(den) == 0:
        return None
    q = exact(num) / exact(den)
    return Decimal(q.numerator) / Decimal(q.denominator)


def percent(num, den, places: int = 2) -> str:
    """num/den as a Vietnamese percentage: 6/9 -> "66,67%", 2/10 -> "20%"; den 0 -> "—".

    A rate with no base is not an error in a report (a small xã may resolve nothing in a field),
    so it is shown as a dash rather than raising; callers that need to know test `ratio(...) is None`.
    """
    if exact(den) == 0:
        return DASH
    return number(exact(num) * 100 / exact(den), places) + "%"


def percent_complement(num, den, places: int = 2) -> str:
    """What num/den leaves out, as 100% minus the printed num/den, so the two printed percentages
    add up to 100% (31/3956 beside 3925/3956 = 99,22% is "0,78%")."""
    return pct(100 - round_half_up(exact(num) * 100 / exact(den), places), places)


def pct(value, places: int = 2) -> str:
    """A value already in percent: 95 -> "95%", 12.5 -> "12,5%"."""
    return number(value, places) + "%"


def points(diff, places: int = 2) -> str:
    """A difference of percentage points: 3.2 -> "3,2 điểm phần trăm"."""
    return f"{number(abs(exact(diff)), places)} điểm phần trăm"


def money(n) -> str:
    """10282000 -> "10.282.000 đồng"."""
    return f"{number(n, 0)} đồng"


def money_short(n) -> str:
    """10282000 -> "10.282.000đ" (as the seed writes it in the payment line)."""
    return f"{number(n, 0)}đ"


# --- dates --------------------------------------------------------------------------------------

def to_date(d) -> date:
    """date, datetime, pandas Timestamp, numpy datetime64 or ISO string -> date; NaT is an error."""
    # pd.NaT is itself a datetime, so test for missing values first.
    if d is None or (not isinstance(d, str) and pd.isna(d)):
        raise ValueError("không có ngày (giá trị trống)")
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    return pd.Timestamp(d).date()


def _month(m: int) -> str:
    # ND 30/2020: months 1 and 2 take a leading zero, so "01"/"02" cannot be misread as 10/11/12.
    return f"{m:02d}" if m < 3 else str(m)


def date_long(d) -> str:
    """"ngày 06 tháng 12 năm 2023", "ngày 05 tháng 02 năm 2024", "ngày 06 tháng 3 năm 2024"."""
    d = to_date(d)
    return f"ngày {d.day:02d} tháng {_month(d.month)} năm {d.year}"


def date_short(d) -> str:
    """"06/12/2023", "02/03/2023" — the full numeric form used for a period."""
    d = to_date(d)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def date_citation(d) -> str:
    """The date inside a citation: "02/3/2023", "10/01/2023", "16/02/2023", "11/10/2021"."""
    d = to_date(d)
    return f"{d.day:02d}/{_month(d.month)}/{d.year}"


def month_year(year: int, month: int) -> str:
    """"12/2021", "01/2023", "3/2023" (same month rule as citations)."""
    return f"{_month(int(month))}/{int(year)}"


def place_date(place: str, d) -> str:
    """"Phường Nguyễn Nghiêm, ngày 06 tháng 12 năm 2023"."""
    return nfc(f"{capitalize_first(place)}, {date_long(d)}")


# --- documents ----------------------------------------------------------------------------------

def _blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip() == ""
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


_REQUIRED = object()


def _field(row, name: str, default=_REQUIRED):
    """A column of a register row given as a Series, a mapping or a namedtuple (itertuples)."""
    if isinstance(row, tuple) and hasattr(row, "_fields"):
        value = getattr(row, name, default)
    else:
        try:
            value = row[name]
        except KeyError:
            value = default
    if value is _REQUIRED:
        raise KeyError(f"thiếu cột «{name}» trong dòng văn bản")
    return value


def citation(row) -> str:
    """"Kế hoạch số 19/KH-UBND ngày 02/3/2023 về <trích yếu>", with " của <cơ quan>" after the
    date when the document was issued by another body ("... ngày 11/10/2021 của UBND tỉnh Quảng
    Ngãi về ..."). `row` is a documents-register row (Series, mapping or namedtuple)."""
    text = (f"{_field(row, 'loai')} số {str(_field(row, 'so_ky_hieu')).strip()} "
            f"ngày {date_citation(_field(row, 'ngay_ban_hanh'))}")
    body = _field(row, "co_quan_ban_hanh", None)
    if not _blank(body):
        text += f" của {str(body).strip()}"
    subject = _field(row, "trich_yeu", None)
    if not _blank(subject):
        subject = str(subject).strip()
        # The register holds what follows "về"; tolerate a subject typed with it already.
        if subject.lower().startswith("về "):
            subject = subject[3:]
        text += f" về {subject}"
    return nfc(text)


# --- ordering -----------------------------------------------------------------------------------

_VI_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: new letters, not tones
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def sort_key_vi(s: str) -> tuple:
    """A sort key in Vietnamese alphabetical order (a < ă < â < b ... d < đ; tones break ties),
    so lists such as the fields of the TTHC table read in the order a Vietnamese reader expects."""
    primary, tones = [], []
    for ch in nfc(s).lower():
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        letter, tone = base, 0
        for m in marks:
            if m in _TONES:
                tone = _TONES[m]
            elif m in _LETTER_MARKS:
                letter = {"a\u0306": "ă", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô",
                          "o\u031b": "ơ", "u\u031b": "ư"}.get(base + m, base)
        pos = _VI_ALPHABET.find(letter)
        primary.append((0, pos) if pos >= 0 else (1, ord(letter)))
        tones.append(tone)
    return tuple(primary), tuple(tones)
