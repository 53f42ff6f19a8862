"""Where a report comes from: the input files with their SHA-256, the code and the libraries.

Provenance and the build's cache key describe the same inputs (`input_files`), so a report never
lists fewer files than its figures depend on."""
from __future__ import annotations

import hashlib
import platform
from datetime import datetime
from importlib import metadata
from pathlib import Path

from . import paths

LIBRARIES = ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "weasyprint")


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_files(period, slug: str, calendar=None) -> list[Path]:
    """The files a report of (`slug`, `period`: an id or an int year) depends on: its params and the
    registers of every year its period spans, the same of the reports it compares with (the same
    period a year earlier; the period before, for months and quarters), the units registry, the
    alias map and the findings' thresholds."""
    from .discovery import comparators, data_years
    from .params import report_period
    from .project import calendar as project_calendar

    calendar = calendar or project_calendar()
    own = report_period(period, slug, calendar)
    files: list[Path] = []
    for pid in [c for c in comparators(own) if c] + [own.id]:
        span = own if pid == own.id else report_period(pid, slug, calendar)
        for y in data_years(span):
            d = paths.unit_data_dir(y, slug)
            if d.is_dir():
                files += sorted(p for p in d.iterdir() if p.is_file())
        pf = paths.report_params_file(pid, slug)
        if pf.is_file():
            files.append(pf)
    files += [p for p in (paths.units_file(), paths.aliases_file(), paths.findings_file()) if p.is_file()]
    return list(dict.fromkeys(files))


def code_digest() -> str:
    """The cchc source and the locked dependency versions: a change to either re-runs everything."""
    files = sorted(p for p in paths.PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    lock = paths.CODE_ROOT / "requirements.lock"
    parts = [f"{p.relative_to(paths.PACKAGE_DIR)}:{file_digest(p)}" for p in files]
    if lock.is_file():
        parts.append(f"lock:{file_digest(lock)}")
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def table(files: list[Path], code: str):
    """The provenance table of the reviewers' appendix: each input file and its SHA-256, the
    code's digest (the one the build cache uses), the build time and the library versions."""
    import pandas as pd  # here: the build imports this module for its cache key and must start fast

    rows = [(paths.relative(p), file_digest(p)) for p in sorted(files, key=str)]
    rows += [("Phiên bản mã nguồn cchc", code),
             ("Thời điểm dựng", datetime.now().astimezone().strftime("%d/%m/%Y %H:%M:%S %z")),
             ("Python", platform.python_version())]
    rows += [(f"Gói {name}", _version(name)) for name in LIBRARIES]
    out = pd.DataFrame(rows, columns=["Nguồn", "SHA-256 / phiên bản"])
    out.attrs["show_index"] = False
    out.attrs["caption"] = "Tệp đầu vào (SHA-256), phiên bản mã nguồn và thư viện"
    return out
