"""The lineage table of the reviewers' appendix: for every figure a report prints, its value as
printed, the register file and columns it was read from, the rule in words and the rows counted."""
from __future__ import annotations

import hashlib
import re

import pandas as pd

from . import fmt
from .figures import MONEY, Fact, Figure, Rate, Source
from .render.nobreak import text_matches

COLUMNS = ["Số liệu", "Giá trị", "Tệp nguồn", "Cột", "Cách tính", "Dòng trong tệp"]
SHOWN_ROWS = 8  # row numbers listed before "…"; the count says how many there are


def _identity(f) -> tuple:
    """What tells two figures apart in the lineage table: key, files and the rows counted. The
    same figure of a comparator (another period) has other rows even when it reads the same file
    (a month and the month before, one register)."""
    sources = getattr(f, "sources", ())
    return (getattr(f, "key", ""), tuple(s.file for s in sources), tuple(s.rows for s in sources))


def anchor(f) -> str:
    """The id of a figure's row in the lineage table (the same figure of another period or file
    has another id)."""
    return "nguon-" + hashlib.sha1(repr(_identity(f)).encode()).hexdigest()[:10]


def printed_forms(f) -> list[str]:
    """How a sentence may print the figure."""
    if isinstance(f, Rate):
        return [_value(f)] if f.pair[1] else []
    if isinstance(f, Figure):
        if f.kind == MONEY:
            return [fmt.number(f, 0)]
        return list(dict.fromkeys([fmt.count(f), fmt.number(f)]))
    return []


_LINK = re.compile(r'<a class="cchc-fig"[^>]*>.*?</a>', re.DOTALL)


def link_figures(html: str, figures) -> str:
    """`html` (one escaped sentence) with the first printed occurrence of each figure linked to its
    row of the lineage table; the visible text is unchanged. A figure is found in the text only
    (`nobreak.text_matches`): never inside a tag, a character reference ("&#x27;" is no "27") or a
    link already made."""
    done: set[str] = set()
    for f in figures:
        target = anchor(f)
        if target in done:
            continue
        for form in printed_forms(f):
            pattern = re.compile(r"(?<![\d.,/])" + re.escape(form) + r"(?![\d]|[.,]\d)")
            links = [m.span() for m in _LINK.finditer(html)]
            m = next((m for m in text_matches(pattern, html)
                      if not any(a < m.end() and m.start() < b for a, b in links)), None)
            if m:
                html = html[:m.start()] + f'<a class="cchc-fig" href="#{target}">{m.group(0)}</a>' + html[m.end():]
                done.add(target)
                break
    return html


PERIOD_MARK = "@"  # a comparator's figure key: "<key>@<period name>"


def of_period(summary, period):
    """A copy of `summary` (a dataclass of Figures: a comparator's `TthcSummary`) whose figures
    name `period` in the lineage table ("Hồ sơ tiếp nhận — quý IV năm 2023"), so a comparator's
    row is never read as the report's, even when both read one register file. Values and sources
    are unchanged."""
    import dataclasses

    changes = {}
    for field in dataclasses.fields(summary):
        v = getattr(summary, field.name)
        if isinstance(v, Figure) and PERIOD_MARK not in v.key:
            changes[field.name] = Figure(int(v), key=f"{v.key}{PERIOD_MARK}{period.name}",
                                         label=f"{v.label} — {period.name}", unit=v.unit, kind=v.kind,
                                         sources=v.sources)
    return dataclasses.replace(summary, **changes)


def _label(f) -> str:
    """A figure's label; a rate of a comparator's figures names the comparator's period."""
    if isinstance(f, Rate):
        marked = [k for k in (getattr(f.numerator, "key", ""), getattr(f.denominator, "key", "")) if PERIOD_MARK in k]
        return f"{f.label} — {marked[0].split(PERIOD_MARK, 1)[1]}" if marked else f.label
    return f.label


def _rows(rows: tuple[int, ...]) -> str:
    if not rows:
        return ""
    head = ", ".join(str(r) for r in rows[:SHOWN_ROWS])
    more = f", … ({fmt.number(len(rows))} dòng)" if len(rows) > SHOWN_ROWS else ""
    return head + more


def _value(f) -> str:
    if isinstance(f, Rate):
        num, den = f.pair
        if f.key.endswith(".complement") and den:  # printed as 100% minus the printed rate
            return fmt.percent_complement(den - num, den)
        return fmt.percent(num, den)
    if isinstance(f, Figure):
        return fmt.money(f) if f.kind == MONEY else f"{fmt.number(f)} {f.unit}".strip()
    value = f.value
    if f.unit == "%":
        return fmt.pct(value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if hasattr(value, "year"):
        return fmt.month_year(value.year, value.month) if f.unit == "tháng/năm" else fmt.date_short(value)
    return f"{value} {f.unit}".strip()


def _source_cells(sources: tuple[Source, ...]) -> tuple[str, str, str]:
    files = ", ".join(dict.fromkeys(s.file for s in sources if s.file))
    columns = ", ".join(dict.fromkeys(c for s in sources for c in s.columns))
    return files, columns, " ".join(s.rule for s in sources if s.rule)


def table(figures: list) -> pd.DataFrame:
    """One row per figure (by key, first seen first); rates say their formula."""
    rows, ids, seen = [], [], set()
    for f in figures:
        key = _identity(f)  # this period's or a comparator's
        if key in seen:
            continue
        seen.add(key)
        if isinstance(f, Rate):
            files, columns, _ = _source_cells(f.sources)
            rule = f"{f.formula} = {fmt.number(f.pair[0])}/{fmt.number(f.pair[1])}"
            rows.append((_label(f), _value(f), files, columns, rule, ""))
            ids.append(anchor(f))
        elif isinstance(f, (Figure, Fact)):
            files, columns, rule = _source_cells(f.sources)
            shown = _rows(f.sources[0].rows) if f.sources else ""
            rows.append((f.label, _value(f), files, columns, rule, shown))
            ids.append(anchor(f))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out.index = range(1, len(out) + 1)
    out.attrs["row_ids"] = ids  # display.table_html gives each body row its id: the figures link here
    return out
