"""What a build will do, decided from params/ and notebooks/ before anything executes."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..provenance import code_digest, file_digest, input_files  # noqa: F401 (the cache key's inputs)
from ..discovery import SelectionError, discover

SECTION_RE = paths.SECTION_RE


@dataclass(frozen=True)
class Section:
    number: str  # "02"
    path: Path  # notebooks/02_the-che.ipynb

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass
class UnitYearPlan:
    slug: str
    year: int
    sections: list[Section]
    inputs: list[Path] = field(default_factory=list)  # every file the unit-year's figures depend on

    @property
    def key(self) -> str:
        return f"{self.year}/{self.slug}"

    @property
    def out_dir(self) -> Path:
        return paths.unit_output_dir(self.year, self.slug)

    @property
    def report_stem(self) -> str:
        return f"bao-cao-cchc-{self.slug}-{self.year}"


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


def unit_years(years: list[int] | None = None, units: list[str] | None = None) -> list[tuple[int, str]]:
    """Every (year, slug) with a params file, filtered; unknown requests are errors."""
    try:
        return discover(years, units, sources=("params",), strict=True)
    except SelectionError as e:
        raise PlanError(str(e)) from None


def make_plan(years=None, units=None, only_sections=None) -> list[UnitYearPlan]:
    secs = sections(only_sections)
    return [UnitYearPlan(slug, year, secs, input_files(year, slug)) for year, slug in unit_years(years, units)]


# ---- content hashes for the cache -------------------------------------------------------------

def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()


def inputs_digest(plan: UnitYearPlan) -> dict[str, str]:
    """SHA-256 of every input, by path relative to the project root (also shown as provenance)."""
    return {paths.relative(p): file_digest(p) for p in plan.inputs}


def section_key(code: str, inputs: dict[str, str], section: Section, parameters: dict) -> str:
    return digest(code, json.dumps(inputs, sort_keys=True), file_digest(section.path),
                  json.dumps(parameters, sort_keys=True, default=str))
