"""The shared phrase vocabulary of the report: sentences that keep their figures, how a figure
moved since a comparable period, how a unit names itself, and the fixed lines of Nghị định 30.

Period phrases ("Trong năm 2023", "quý I năm 2024 … quý II năm 2024") belong to `cchc.period.Period`;
numbers and dates to `cchc.fmt`; citations of documents to `cchc.fmt.citation`.
"""
from __future__ import annotations

from fractions import Fraction

from .. import fmt
from ..figures import Figure, Rate

# Nghị định 30/2020/NĐ-CP: the national motto on the right of every document's header.
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
AUTHORITY = "ỦY BAN NHÂN DÂN"


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


# --- change since a comparable period ------------------------------------------------------------

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


def _against(comparator) -> str:
    """"so với năm 2022", "so với quý I năm 2023": the comparator is the Period compared with."""
    return f"so với {comparator.name}"


def change(curr, prev, comparator, kind: str = "count", unit: str = "", places: int = 2) -> str:
    """How a figure moved since the comparable period, as a phrase to append to a sentence.

    kind="count": relative change, "tăng 12,5% so với năm 2022"; when the comparator had none, the
      absolute change ("tăng 25 hồ sơ so với năm 2022", `unit` names what is counted).
    kind="rate": curr and prev are Rates, fractions 0..1 or (num, den) pairs; the change is in
      percentage points between the two rates as printed, "tăng 3,2 điểm phần trăm so với năm 2022".
    kind="people": absolute, "tăng 02 người so với năm 2022" (staff move by a few people).
    Equal -> "không đổi so với năm 2022"; a change that rounds to zero -> "gần như không đổi ...".
    """
    tail = _against(comparator)
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

