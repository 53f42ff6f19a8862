"""Which unit-years exist on disk, and which one a report compares with.

`discover` is the one listing of (year, slug) report params and data folders, used by
`cchc validate` (params or data: a lone one is itself a problem to report) and by `cchc build`
(params only, and an unknown year or unit asked for is an error). `previous_year` is the one
place that says a report compares with the year before.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from . import paths

SOURCES = ("params", "data")


class SelectionError(LookupError):
    """A requested year or unit has nothing on disk; the message is Vietnamese, for the user."""


def as_list(value) -> list:
    """None -> [], a scalar -> [it], a list/tuple/set -> a list."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return list(value)
    return [value]


def _found(sources: Iterable[str]) -> set[tuple[int, str]]:
    pickers = {"params": (paths.params_dir, lambda p: p.suffix == ".yaml" and p.is_file()),
               "data": (paths.data_dir, lambda p: p.is_dir() and not p.name.startswith("."))}
    found = set()
    for source in sources:
        base_dir, pick = pickers[source]
        base = base_dir()
        if not base.is_dir():
            continue
        for year_dir in base.iterdir():
            if year_dir.is_dir() and re.fullmatch(r"\d{4}", year_dir.name):
                for entry in year_dir.iterdir():
                    if pick(entry):
                        found.add((int(year_dir.name), entry.stem if entry.is_file() else entry.name))
    return found


def discover(years=None, units=None, *, sources: Iterable[str] = SOURCES,
             strict: bool = False) -> list[tuple[int, str]]:
    """Every (year, slug) with a report params file (`params/<year>/<slug>.yaml`) or a data folder
    (`data/<year>/<slug>/`), as `sources` says, filtered by `years` and `units` (a value or a list;
    empty: all); sorted by year then slug.

    With `strict`, a requested year or unit that has nothing raises `SelectionError`.
    """
    sources = tuple(sources)
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources {sorted(unknown)}; use {SOURCES}")
    found = sorted(_found(sources))
    years = [int(y) for y in as_list(years)]
    units = as_list(units)
    where = " và ".join(f"{s}/" for s in sources)
    if years:
        missing = set(years) - {y for y, _ in found}
        if strict and missing:
            raise SelectionError(f"không có báo cáo nào cho năm {', '.join(map(str, sorted(missing)))} trong {where}")
        found = [(y, s) for y, s in found if y in years]
    if units:
        missing = set(units) - {s for _, s in found}
        if strict and missing:
            what = "tham số báo cáo" if sources == ("params",) else "báo cáo"
            raise SelectionError(f"không có {what} cho đơn vị {', '.join(sorted(missing))} trong {where}")
        found = [(y, s) for y, s in found if s in units]
    return found


def previous_year(year: int) -> int:
    """The year a report for `year` compares with (its change from last year): the year before."""
    return int(year) - 1
