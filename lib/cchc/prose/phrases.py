"""The shared phrase vocabulary of the report: sentences that keep their figures, how a figure
moved since a comparable period, how a unit names itself, and the fixed lines of Nghị định 30.

Period phrases ("Trong năm 2023", "quý I năm 2024 … quý II năm 2024") belong to `cchc.period.Period`;
numbers and dates to `cchc.fmt`; citations of documents to `cchc.fmt.citation`.
"""
from __future__ import annotations

from fractions import Fraction

from .. import fmt
from ..figures import Figure, Rate
from ..model import AUTHORITY  # noqa: F401  (re-exported: the header's first line, every kind of unit)
from ..period import KIND_NAMES

# Nghị định 30/2020/NĐ-CP: the national motto on the right of every document's header.
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"


class Sentence(str):
    """A sentence of the report (NFC) that keeps the Figures, Rates and Facts it prints, so the
    lineage table and the checks read the same objects as the text."""

    figures: tuple

    def __new__(cls, text: str, figures=()):
        self = super().__new__(cls, fmt.nfc(text))
        self.figures = tuple(f for f in figures if f is not None)
        return self

    def __reduce__(self):
        return (Sentence, (str(self), self.figures))


# --- how a unit names itself ---------------------------------------------------------------------

def subject(unit_or_short) -> str:
    """The issuer as a sentence names it: from a Unit ("UBND phường", `Unit.issuer`), or from a
    short form given as text ("phường" or "UBND phường")."""
    if hasattr(unit_or_short, "issuer"):
        return unit_or_short.issuer
    short = str(unit_or_short).strip()
    return short if short.lower().startswith(("ubnd", "ủy ban")) else f"UBND {short}"


def parent_authority(unit, day) -> str | None:
    """The People's Committee the unit reports to on `day`, as a sentence names it: "UBND thị xã
    Đức Phổ" until 30/06/2025, "UBND tỉnh Quảng Ngãi" after (`Unit.parent_on`); None without a parent."""
    parent = unit.parent_on(day)
    return f"UBND {parent}" if parent else None


# --- change since a comparable period ------------------------------------------------------------

class IncomparablePeriods(ValueError):
    """Two periods of different kinds: their figures are never compared (a month with a year)."""


def _family(kind: str) -> str:
    """Quarters are one kind for comparing: quý II follows quý I, quý I follows quý IV."""
    return "quy" if kind in ("q1", "q2", "q3", "q4") else kind


def comparable(period, comparator) -> bool:
    """Whether figures of `period` may be compared with those of `comparator`: both of one kind
    (năm with năm, 6 tháng with 6 tháng, tháng with tháng, a quarter with a quarter) — never a
    month with a year."""
    return comparator is not None and _family(period.kind) == _family(comparator.kind)


def check_comparable(period, comparator) -> None:
    """Raise IncomparablePeriods (Vietnamese) unless `comparator` is of `period`'s kind."""
    if not comparable(period, comparator):
        raise IncomparablePeriods(
            f"Không so sánh số liệu {period.name} với {comparator.name}: hai kỳ báo cáo khác loại "
            f"({KIND_NAMES[period.kind]} và {KIND_NAMES[comparator.kind]}); chỉ so sánh với cùng kỳ năm trước hoặc "
            "kỳ liền trước cùng loại.")


def _rate_value(x) -> Fraction:
    """A rate given as a Rate, a fraction 0..1 or a (num, den) pair."""
    if isinstance(x, Rate):
        x = x.pair
    if isinstance(x, tuple):
        num, den = x
        if fmt.exact(den) == 0:
            raise ValueError("tỷ lệ không có mẫu số")
        return fmt.exact(num) / fmt.exact(den)
    return fmt.exact(x)


def against(comparator, period=None) -> str:
    """"so với năm 2022", "so với quý I năm 2023", "so với tháng 7 năm 2024": the comparator is the
    Period compared with. A custom range is named by its dates: "so với cùng kỳ năm trước (từ ngày
    01/7/2024 đến ngày 31/10/2024)" when it is `period`'s a year earlier, else "so với khoảng thời
    gian từ ngày … đến ngày …"."""
    if comparator.kind != "tuy-chon":
        return f"so với {comparator.name}"
    if period is not None and comparator == period.same_last_year():
        return f"so với cùng kỳ năm trước ({comparator.name})"
    return f"so với khoảng thời gian {comparator.name}"


def change(curr, prev, comparator, kind: str = "count", unit: str = "", places: int = 2, *,
           period=None) -> str:
    """How a figure moved since the comparable period, as a phrase to append to a sentence.

    kind="count": relative change, "tăng 12,5% so với năm 2022"; when the comparator had none, the
      absolute change ("tăng 25 hồ sơ so với năm 2022", `unit` names what is counted).
    kind="rate": curr and prev are Rates, fractions 0..1 or (num, den) pairs; the change is in
      percentage points between the two rates as printed, "tăng 3,2 điểm phần trăm so với năm 2022".
    kind="people": absolute, "tăng 02 người so với năm 2022" (staff move by a few people).
    Equal -> "không đổi so với năm 2022"; a change that rounds to zero -> "gần như không đổi ...".
    With `period` (the report's), a comparator of another kind raises IncomparablePeriods: a month
    is never compared with a year.
    """
    if period is not None:
        check_comparable(period, comparator)
    tail = against(comparator, period)
    if kind == "rate":
        # The difference of the two rates as printed (two decimals, half up), so a reader who
        # subtracts the printed figures gets the printed change.
        c = fmt.round_half_up(_rate_value(curr) * 100, places)
        p = fmt.round_half_up(_rate_value(prev) * 100, places)
        if c == p:
            return f"không đổi {tail}"
        return f"{'tăng' if c > p else 'giảm'} {fmt.points(c - p, places)} {tail}"
    if kind == "people":
        c, p = int(curr), int(prev)
        if c == p:
            return f"không đổi {tail}"
        return f"{'tăng' if c > p else 'giảm'} {fmt.count(abs(c - p))} người {tail}"
    if kind != "count":
        raise ValueError(f"kind must be 'count', 'rate' or 'people', not {kind!r}")
    c, p = fmt.exact(curr), fmt.exact(prev)
    if c == p:
        return f"không đổi {tail}"
    verb = "tăng" if c > p else "giảm"
    if p == 0:
        what = f" {unit}" if unit else ""
        return fmt.nfc(f"{verb} {fmt.number(abs(c - p))}{what} {tail}")
    rel = (c - p) * 100 / abs(p)
    if fmt.round_half_up(rel, places) == 0:
        return f"gần như không đổi {tail}"
    return f"{verb} {fmt.number(abs(rel), places)}% {tail}"


def changes(curr, comparisons, kind: str = "count", unit: str = "", places: int = 2, *, period=None) -> str:
    """`change` against several comparable periods, joined: "tăng 5% so với quý IV năm 2023 và giảm 2%
    so với quý I năm 2023". `comparisons`: (previous value, comparator Period) pairs in the order
    said, usually the period before then the same period a year earlier; a pair whose value is None
    is left out ("" when none is left). With `period`, every comparator must be of its kind
    (IncomparablePeriods otherwise)."""
    pairs = [(prev, comparator) for prev, comparator in comparisons if prev is not None and comparator is not None]
    return " và ".join(change(curr, prev, comparator, kind, unit, places, period=period) for prev, comparator in pairs)
