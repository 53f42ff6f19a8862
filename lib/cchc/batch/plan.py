"""What a build will do, decided from params/ and notebooks/ before anything executes.

One plan per report (unit, period): the sections its period kind has (`cchc.sections`), the
paths its figures depend on (`provenance.input_paths`: its params, registers and comparators', the
project settings, units, aliases, findings, formulas and sections), where it goes
(`output/<period-id>/<slug>/`). The build reads those paths once (`inputs.Freezer`) and keys its
cache on the digests of what it read.

A consolidated report (a parent unit's params, `cchc.consolidated`) is a plan too, of `kind`
"consolidated": its sections are the notebooks of `notebooks/tong-hop/`, its `children` the units
that report to the parent at the period's end (`discovery.children`), and its inputs the parent's
params, the shared files and every child's inputs (`provenance.input_paths` of each child: its
params, registers and comparators'), so a change in any child's inputs rebuilds it. A child
without params is in the plan too: its params appearing changes the inputs.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..provenance import code_digest, entry_digest, file_digest, input_files, input_paths  # noqa: F401
from ..discovery import SelectionError, discover
from ..period import Calendar

SECTION_RE = paths.SECTION_RE


@dataclass(frozen=True)
class Section:
    number: str  # "02"
    path: Path  # notebooks/02_the-che.ipynb

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass
class ReportPlan:
    slug: str
    period: str  # the period id: "2024", "2024-q1", "2024-08", ...
    sections: list[Section]
    inputs: list[Path] = field(default_factory=list)  # every path the report's figures depend on
    year: int = 0  # the year the period is named for
    period_name: str = ""  # "quý I năm 2024"
    start: str = ""  # the report's dates (ISO), its params' own when given
    end: str = ""
    # The dates of the report and of the reports it compares with (ISO start/end pairs): part of the
    # cache key, since the project's cut-off calendar gives them when the params do not.
    dates: list[str] = field(default_factory=list)
    complete: bool = True  # every section there is (else the stitched parts are numbered again)
    kind: str = "unit"  # "unit" (one unit's report) or "consolidated" (a parent unit's, `cchc.consolidated`)
    children: list[str] = field(default_factory=list)  # a consolidated report's units (slugs), in order

    @property
    def key(self) -> str:
        return f"{self.period}/{self.slug}"

    @property
    def out_dir(self) -> Path:
        return paths.unit_output_dir(self.period, self.slug)

    @property
    def report_stem(self) -> str:
        return f"bao-cao-cchc-{self.slug}-{self.period}"

    @property
    def numbers(self) -> list[str]:
        return [s.number for s in self.sections]


UnitYearPlan = ReportPlan  # the former name


class PlanError(ValueError):
    """A request that cannot be planned; the message is for the user, in Vietnamese."""


def sections(only: list[str] | None = None) -> list[Section]:
    """The section notebooks, in order: the tool's, each replaced by the project's of the same number."""
    try:
        found = [Section(number, p) for number, p in paths.section_notebooks().items()]
    except ValueError as e:
        raise PlanError(str(e)) from None
    if only:
        wanted = {s.zfill(2) for s in only}
        unknown = wanted - {s.number for s in found}
        if unknown:
            raise PlanError(f"không có phần (notebook) số {', '.join(sorted(unknown))}; "
                            f"có: {', '.join(s.number for s in found)}")
        found = [s for s in found if s.number in wanted]
    if not found:
        raise PlanError(f"không tìm thấy notebook NN_<tên>.ipynb nào trong {paths.notebooks_dir()} "
                        f"hay {paths.project_notebooks_dir()}")
    return found


CONSOLIDATED_DIR = "tong-hop"  # notebooks/tong-hop/NN_<name>.ipynb: the sections of a consolidated report


def consolidated_sections() -> list[Section]:
    """The consolidated report's section notebooks: the tool's `notebooks/tong-hop/`, each replaced by
    the project's `notebooks/tong-hop/` notebook of the same number."""
    chosen: dict[str, Path] = {}
    folders = [paths.tool_notebooks_dir() / CONSOLIDATED_DIR]
    own = paths.project_notebooks_dir() / CONSOLIDATED_DIR
    if own.resolve() != folders[0].resolve():
        folders.append(own)
    for folder in folders:
        for number, found in paths._numbered(folder).items():
            if len(found) > 1:
                raise PlanError(f"thư mục {folder} có {len(found)} notebook cùng số {number}: "
                                f"{', '.join(p.name for p in found)}; mỗi số chỉ được một notebook")
            chosen[number] = found[0]
    if not chosen:
        raise PlanError(f"không tìm thấy notebook NN_<tên>.ipynb nào của báo cáo tổng hợp trong {folders[0]}")
    return [Section(n, p) for n, p in sorted(chosen.items())]


def reports(years=None, units=None, periods=None, calendar: Calendar | None = None) -> list[tuple[str, str]]:
    """Every (period id, slug) with a params file, filtered; unknown requests are errors."""
    try:
        return discover(years, units, periods=periods, sources=("params",), strict=True, calendar=calendar)
    except (SelectionError, ValueError) as e:
        raise PlanError(str(e)) from None


unit_years = reports  # the former name


def make_plan(years=None, units=None, only_sections=None, periods=None) -> list[ReportPlan]:
    """A plan per selected report, with the sections of its period kind (`cchc.sections`), cut to
    `only_sections` when given; a report left with no section is left out (an error when every
    one is). The consolidated reports of the selection (`consolidated_plans`) come last, after
    their children's reports, which a selected consolidated report brings into the build."""
    from ..discovery import as_list, is_parent_slug
    from ..project import calendar as project_calendar

    calendar = project_calendar()
    wanted_units = as_list(units)
    parents = [u for u in wanted_units if is_parent_slug(u)]
    # the consolidated reports of the selection: those asked for by name, or every one when no unit is named
    consolidated = (consolidated_plans(years, parents, periods, calendar, strict=bool(parents))
                    if parents or not wanted_units else [])
    if parents:  # a consolidated report's children are built with it (their status is part of it)
        own = [u for u in wanted_units if not is_parent_slug(u)]
        extra = [(p.period, c) for p in consolidated for c in p.children]
        unit_plans = _unit_plans(years, own, only_sections, periods, calendar, strict_empty=False) if own else []
        have = {(p.period, p.slug) for p in unit_plans}
        from ..discovery import _params_found
        present = _params_found()
        for pid, slug in extra:
            if (pid, slug) in present and (pid, slug) not in have:
                unit_plans += _unit_plans(None, [slug], only_sections, [pid], calendar, strict_empty=False)
                have.add((pid, slug))
        return unit_plans + consolidated
    return _unit_plans(years, units, only_sections, periods, calendar,
                       strict_empty=not consolidated) + consolidated


def consolidated_plans(years=None, units=None, periods=None, calendar: Calendar | None = None,
                       strict: bool = False) -> list[ReportPlan]:
    """A plan per consolidated report selected (params of a parent unit: `discovery.is_parent_slug`),
    with its children (`discovery.children`) and the inputs of all of them."""
    from ..discovery import children as children_of
    from ..discovery import discover
    from ..params import report_period
    from ..provenance import shared_paths
    from ..units import read_units

    try:
        found = discover(years, units, periods=periods, sources=("params",), strict=strict, calendar=calendar,
                         parents=True)
    except (SelectionError, ValueError) as e:
        raise PlanError(str(e)) from None
    if not found:
        return []
    registry, _ = read_units()  # a broken registry fails the report when it is prepared, in Vietnamese
    secs = consolidated_sections()
    plans = []
    for pid, slug in found:
        period = report_period(pid, slug, calendar)
        parent = registry.get(slug)
        kids = [u.slug for u in children_of(parent, period, registry)] if parent is not None else []
        inputs = [paths.report_params_file(pid, slug)]
        for kid in kids:
            inputs += input_paths(pid, kid, calendar)
            inputs.append(paths.report_params_file(pid, kid))  # absent: its arrival changes the key
        inputs += [p for p in shared_paths() if p.exists() or p.is_symlink()]
        plans.append(ReportPlan(slug, pid, secs, list(dict.fromkeys(inputs)), period.year, period.name,
                                period.start.isoformat(), period.end.isoformat(),
                                [f"{period.id}:{period.start.isoformat()}/{period.end.isoformat()}"], True,
                                kind="consolidated", children=kids))
    return plans


def _unit_plans(years, units, only_sections, periods, calendar, strict_empty: bool = True) -> list[ReportPlan]:
    from ..discovery import comparators
    from ..params import report_period
    from ..sections import SectionsError, read_sections, sections_for

    every = sections()
    wanted = sections(only_sections) if only_sections else every
    available = [s.number for s in every]
    config, problems = read_sections(available=available)
    if any(p.is_error for p in problems):
        raise PlanError("; ".join(str(p) for p in problems if p.is_error))
    plans, skipped = [], []
    for pid, slug in reports(years, units, periods, calendar):
        period = report_period(pid, slug, calendar)
        try:
            numbers = sections_for(period.kind, available, config)
        except SectionsError as e:
            raise PlanError(str(e)) from None
        secs = [s for s in wanted if s.number in numbers]
        if not secs:
            skipped.append((period, numbers))
            continue
        spans = [period] + [report_period(c, slug, calendar) for c in comparators(period) if c]
        plans.append(ReportPlan(slug, pid, secs, input_paths(pid, slug, calendar), period.year, period.name,
                                period.start.isoformat(), period.end.isoformat(),
                                [f"{p.id}:{p.start.isoformat()}/{p.end.isoformat()}" for p in spans],
                                [s.number for s in secs] == available))
    if skipped and not plans and strict_empty:
        period, numbers = skipped[0]
        raise PlanError(f"các báo cáo được chọn không có phần nào trong số {', '.join(s.number for s in wanted)}: "
                        f"báo cáo {period.name} chỉ có các phần {', '.join(numbers)} (params/sections.yaml)")
    return plans


# ---- content hashes for the cache -------------------------------------------------------------

def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()


def inputs_digest(plan: ReportPlan) -> dict[str, str]:
    """SHA-256 of every input as it is on disk now, by path relative to the project root (what a build
    would key on if it started now; a build keys on what it read, `inputs.Freezer`)."""
    return {paths.relative(p): entry_digest(p) for p in plan.inputs}


def section_key(code: str, inputs: dict[str, str], section: Section, parameters: dict) -> str:
    return digest(code, json.dumps(inputs, sort_keys=True), file_digest(section.path),
                  json.dumps(parameters, sort_keys=True, default=str))
