"""Indicators no register holds (computers, signatures, website, ISO, public investment,
complaints), one row each in chi-so: each value comes back as a Figure (counts, money) or a Fact
(percentages, dates, yes/no) naming the row it was read from; absent indicators give None."""
from __future__ import annotations

from collections.abc import Mapping

from ..schema import INDICATORS, INDICATORS_REGISTER, INT
from . import MONEY, Fact, Figure, Source

_BY_CODE = {i.code: i for i in INDICATORS}


def get(indicators: Mapping, code: str, file: str = "") -> Figure | Fact | None:
    value = indicators.get(code)
    if value is None:
        return None
    ind = _BY_CODE[code]
    src = (Source(INDICATORS_REGISTER.title, file, ("Mã chỉ số", "Giá trị"),
                  f"Dòng có Mã chỉ số = {code} ({ind.label})"),)
    if ind.kind == INT:
        return Figure(value, key=f"indicators.{code}", label=ind.label, unit=ind.unit,
                      kind=MONEY if ind.unit == "đồng" else "count", sources=src)
    return Fact(f"indicators.{code}", ind.label, value, ind.unit, src)
