"""What a build will do, decided from params/ and notebooks/ before anything executes."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths

SECTION_RE = re.compile(r"^(\d{2})_[a-z0-9-]+\.ipynb$")


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
    found = []
    for p in sorted(paths.notebooks_dir().glob("*.ipynb")):
        m = SECTION_RE.match(p.name)
        if m:
            found.append(Section(m.group(1), p))
    if only:
        wanted = {s.zfill(2) for s in only}
        unknown = wanted - {s.number for s in found}
        if unknown:
            raise PlanError(f"không có phần (notebook) số {', '.join(sorted(unknown))}; "
                            f"có: {', '.join(s.number for s in found)}")
        found = [s for s in found if s.number in wanted]
    if not found:
        raise PlanError(f"không tìm thấy notebook NN_<tên>.ipynb nào trong {paths.notebooks_dir()}")
    return found


def unit_years(years: list[int] | None = None, units: list[str] | None = None) -> list[tuple[int, str]]:
    """Every (year, slug) with a params file, filtered; unknown requests are errors."""
    root = paths.params_dir()
    found = sorted(
        (int(d.name), f.stem)
        for d in root.iterdir() if d.is_dir() and d.name.isdigit()
        for f in d.glob("*.yaml")
    ) if root.is_dir() else []
    if years:
        missing = set(years) - {y for y, _ in found}
        if missing:
            raise PlanError(f"không có báo cáo nào cho năm {', '.join(map(str, sorted(missing)))} trong params/")
        found = [(y, s) for y, s in found if y in years]
    if units:
        missing = set(units) - {s for _, s in found}
        if missing:
            raise PlanError(f"không có tham số báo cáo cho đơn vị {', '.join(sorted(missing))} trong params/")
        found = [(y, s) for y, s in found if s in units]
    return found


def input_files(year: int, slug: str) -> list[Path]:
    """The files a unit-year's report depends on: its registers and params, the previous
    year's (for the change from last year), the units registry and the alias map."""
    files: list[Path] = []
    for y in (year - 1, year):
        d = paths.unit_data_dir(y, slug)
        if d.is_dir():
            files += sorted(p for p in d.iterdir() if p.is_file())
        pf = paths.report_params_file(y, slug)
        if pf.is_file():
            files.append(pf)
    files += [p for p in (paths.units_file(), paths.aliases_file()) if p.is_file()]
    return files


def make_plan(years=None, units=None, only_sections=None) -> list[UnitYearPlan]:
    secs = sections(only_sections)
    return [UnitYearPlan(slug, year, secs, input_files(year, slug)) for year, slug in unit_years(years, units)]


# ---- content hashes for the cache -------------------------------------------------------------

def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()


def code_digest() -> str:
    """The cchc source and the locked dependency versions: a change to either re-runs everything."""
    files = sorted(p for p in paths.PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    lock = paths.CODE_ROOT / "requirements.lock"
    parts = [f"{p.relative_to(paths.PACKAGE_DIR)}:{file_digest(p)}" for p in files]
    if lock.is_file():
        parts.append(f"lock:{file_digest(lock)}")
    return digest(*parts)


def inputs_digest(plan: UnitYearPlan) -> dict[str, str]:
    """SHA-256 of every input, by path relative to the project root (also shown as provenance)."""
    return {paths.relative(p): file_digest(p) for p in plan.inputs}


def section_key(code: str, inputs: dict[str, str], section: Section, parameters: dict) -> str:
    return digest(code, json.dumps(inputs, sort_keys=True), file_digest(section.path),
                  json.dumps(parameters, sort_keys=True, default=str))
