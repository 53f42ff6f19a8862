"""Which reports exist on disk, and which reports a report compares with.

A report is (unit, period): `discover` is the one listing of (period id, slug) from the report
params (`params/<period-id>/<slug>.yaml`) and the data folders (`data/<year>/<slug>/`), used by
`cchc validate` (params or data: a lone one is itself a problem to report) and by `cchc build`
(params only, and an unknown period, year or unit asked for is an error). A name on disk that
cannot be a period id or a unit slug is never used as a path: `folder_problems` says what it is.
`comparators` is the one place that says which reports a report compares with.
"""
from __future__ import annotations

from collections.abc import Iterable

from . import paths
from .period import Calendar, Period, is_id, parse_id
from .problems import ERROR, Problem

SOURCES = ("params", "data")


class SelectionError(LookupError):
    """A requested period, year or unit has nothing on disk; the message is Vietnamese, for the user."""


def as_list(value) -> list:
    """None -> [], a scalar -> [it], a list/tuple/set -> a list."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return list(value)
    return [value]


def _calendar(calendar: Calendar | None) -> Calendar:
    if calendar is not None:
        return calendar
    from .project import calendar as project_calendar
    return project_calendar()


def _dirs(base) -> list:
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")) if base.is_dir() else []


def _params_found() -> set[tuple[str, str]]:
    """(period id, slug) of every params file whose folder and name are a period id and a slug."""
    found = set()
    for folder in _dirs(paths.params_dir()):
        if not is_id(folder.name):
            continue
        for f in folder.iterdir():
            if f.suffix == ".yaml" and f.is_file() and paths.SLUG_RE.fullmatch(f.stem):
                found.add((folder.name, f.stem))
    return found


def _data_found() -> set[tuple[int, str]]:
    """(year, slug) of every data folder `data/<year>/<slug>/` with a valid slug."""
    found = set()
    for year_dir in _dirs(paths.data_dir()):
        if len(year_dir.name) == 4 and year_dir.name.isascii() and year_dir.name.isdigit():
            for d in _dirs(year_dir):
                if paths.SLUG_RE.fullmatch(d.name):
                    found.add((int(year_dir.name), d.name))
    return found


def folder_problems() -> list[Problem]:
    """Names in params/ and data/ that are neither a period id, a year nor a unit slug (so nothing
    reads them), each said once in Vietnamese."""
    from .period import ID_FORMS

    out = []
    for folder in _dirs(paths.params_dir()):
        if folder.name == "profiles":  # the import profiles (cchc.profiles), not a period
            continue
        if not is_id(folder.name):
            out.append(Problem(ERROR, paths.relative(folder),
                               f"Thư mục «{folder.name}» trong params/ không phải mã kỳ báo cáo nên các tệp trong "
                               f"đó không được đọc; đặt tên thư mục theo một trong các dạng: {ID_FORMS}.",
                               value=folder.name))
            continue
        for f in sorted(folder.iterdir()):
            if f.suffix == ".yaml" and f.is_file() and not paths.SLUG_RE.fullmatch(f.stem):
                out.append(Problem(ERROR, paths.relative(f),
                                   f"Tên tệp «{f.name}» không phải <slug>.yaml của một đơn vị (chữ thường không dấu, "
                                   "chữ số, dấu gạch nối, ví dụ phuong-nguyen-nghiem.yaml) nên không được đọc.",
                                   value=f.name))
    for year_dir in _dirs(paths.data_dir()):
        if not (len(year_dir.name) == 4 and year_dir.name.isascii() and year_dir.name.isdigit()):
            continue  # data/ may hold other folders (the office's own); only data/<year>/ is read
        for d in _dirs(year_dir):
            if not paths.SLUG_RE.fullmatch(d.name):
                out.append(Problem(ERROR, paths.relative(d),
                                   f"Thư mục «{d.name}» trong {paths.relative(year_dir)}/ không phải slug của một đơn "
                                   "vị (chữ thường không dấu, chữ số, dấu gạch nối) nên không được đọc.",
                                   value=d.name))
    return out


def periods_of(values, calendar: Calendar | None = None) -> list[str]:
    """Period ids as given (strings, ints for years, comma lists), checked and normalised; a value
    that is not a period id raises ValueError (Vietnamese)."""
    out = []
    for v in as_list(values):
        parts = v.split(",") if isinstance(v, str) else [v]
        for part in parts:
            if isinstance(part, str) and not part.strip():
                continue
            out.append(parse_id(part, _calendar(calendar)).id)
    return list(dict.fromkeys(out))


def discover(years=None, units=None, *, periods=None, sources: Iterable[str] = SOURCES, strict: bool = False,
             calendar: Calendar | None = None) -> list[tuple[str, str]]:
    """Every (period id, slug) with a report params file or, when `sources` has "data", a data folder
    no report of the unit reads (it is listed under its year's annual id, and validating it says
    the params are missing); filtered by `years` (every period named for those years) and
    `periods` (those ids; either matching is enough) and by `units` (a value or a list each;
    empty: all). Sorted by period (chronologically), then slug.

    With `strict`, a requested period, year or unit that has nothing raises `SelectionError`.
    """
    sources = tuple(sources)
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources {sorted(unknown)}; use {SOURCES}")
    cal = _calendar(calendar)
    spans: dict[str, Period] = {}

    def period(pid: str) -> Period:
        if pid not in spans:
            spans[pid] = parse_id(pid, cal)
        return spans[pid]

    found: set[tuple[str, str]] = set()
    reports = _params_found()
    if "params" in sources:
        found |= reports
    if "data" in sources:
        for year, slug in _data_found():
            read = any(s == slug and period(pid).start.year <= year <= period(pid).end.year for pid, s in reports)
            if not read:
                found.add((str(year), slug))
    found_list = sorted(found, key=lambda e: (period(e[0]).sort_key, e[1]))

    years = [int(y) for y in as_list(years)]
    wanted = periods_of(periods, cal)
    units = as_list(units)
    where = " và ".join(f"{s}/" for s in sources)
    if years or wanted:
        if strict:
            missing_years = sorted(set(years) - {period(p).year for p, _ in found_list})
            if missing_years:
                raise SelectionError(f"không có báo cáo nào cho năm {', '.join(map(str, missing_years))} "
                                     f"trong {where}")
            missing = [p for p in wanted if p not in {q for q, _ in found_list}]
            if missing:
                raise SelectionError("không có báo cáo nào cho kỳ "
                                     + ", ".join(f"{period(p).name} ({p})" for p in missing) + f" trong {where}")
        found_list = [(p, s) for p, s in found_list if period(p).year in years or p in wanted]
    if units:
        missing = set(units) - {s for _, s in found_list}
        if strict and missing:
            what = "tham số báo cáo" if sources == ("params",) else "báo cáo"
            raise SelectionError(f"không có {what} cho đơn vị {', '.join(sorted(missing))} trong {where}")
        found_list = [(p, s) for p, s in found_list if s in units]
    return found_list


def comparators(period: Period) -> tuple[str, str | None]:
    """The ids of the reports a report of `period` compares with: the same period of the year
    before (same kind), and for months and quarters the period just before (None otherwise)."""
    before = period.previous()
    return period.same_last_year().id, (before.id if before is not None else None)


def data_years(period: Period) -> list[int]:
    """The calendar years whose registers (`data/<year>/<slug>/`) a period reads: its start year
    to its end year (BNV's năm 2024 starts on 15/12/2023)."""
    return list(range(period.start.year, period.end.year + 1))
