"""Where a report comes from: the input files with their SHA-256, the code and the libraries.

Provenance and the build's cache key describe the same inputs (`input_paths`), so a report never
lists fewer files than its figures depend on. In a build the digests are not computed here again:
`cchc build` reads every input once into its snapshot (`batch/inputs.py`) and the report's notebooks
load that snapshot (`load.load_report_inputs`), which hands its digests to `input_files`; the
provenance table then shows the SHA-256 of exactly the bytes the figures were computed from, the
same the cache key holds. Only a report loaded without a snapshot (a notebook opened by hand)
hashes the files on disk."""
from __future__ import annotations

import hashlib
import platform
import stat
from datetime import datetime
from importlib import metadata
from pathlib import Path

from . import paths

LIBRARIES = ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "weasyprint")
# What a key holds for an input that is no regular file of the project (the loader refuses it; the
# key still changes when it is replaced): a link leading outside, a folder, a pipe or device.
LINK, FOLDER, SPECIAL = "liên kết ra ngoài dự án → ", "thư mục", "không phải tệp thường"


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def is_sha(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def shared_paths() -> list[Path]:
    """The files every report of the project depends on: the project settings (cut-off calendar,
    on-time formula), the units registry, every import profile (params/profiles/: a register's
    header is recognised against all of them), a leftover params/aliases.yaml (refused with a
    message, so it decides the outcome too), the findings' thresholds, the project's formulas, the
    sections per period kind and the service index's configuration."""
    from .profiles import profile_files

    return [paths.marker_file(), paths.units_file(), *profile_files(), paths.aliases_file(), paths.findings_file(),
            paths.params_dir() / "formulas.yaml", paths.sections_file(), paths.service_index_file()]


def input_paths(period, slug: str, calendar=None) -> list[Path]:
    """Every path a report of (`slug`, `period`: an id or an int year) depends on, whatever it is on
    disk: its params and every entry of the data folders of every year its period spans, the same
    of the reports it compares with (the same period a year earlier; the period before, for months
    and quarters), and `shared_paths`. A data folder that leads outside the project is one entry
    (it is not listed: nothing outside the project is read)."""
    from .discovery import comparators, data_years
    from .params import report_period
    from .project import calendar as project_calendar

    calendar = calendar or project_calendar()
    own = report_period(period, slug, calendar)
    root = paths.project_root()
    found: list[Path] = []
    for pid in [c for c in comparators(own) if c] + [own.id]:
        span = own if pid == own.id else report_period(pid, slug, calendar)
        for y in data_years(span):
            d = paths.unit_data_dir(y, slug)
            if not (d.exists() or d.is_symlink()):
                continue
            if not d.resolve().is_relative_to(root) or not d.is_dir():
                found.append(d)
            else:
                found += sorted(d.iterdir())
        pf = paths.report_params_file(pid, slug)
        if pf.exists() or pf.is_symlink():
            found.append(pf)
    found += [p for p in shared_paths() if p.exists() or p.is_symlink()]
    return list(dict.fromkeys(found))


class InputFiles(list):
    """A report's input files; `digests` (relative path -> SHA-256) when they come from a build's
    snapshot, so the table shows the digests of the bytes read, not of the files as they are now."""
    digests: dict[str, str] | None = None


_SNAPSHOTS: dict[tuple[str, str], dict[str, str]] = {}


def remember(period_id: str, slug: str, inputs: dict[str, str]) -> None:
    """The inputs (relative path -> digest) of the snapshot a report was loaded from."""
    _SNAPSHOTS[(str(period_id), slug)] = dict(inputs)


def input_files(period, slug: str, calendar=None) -> InputFiles:
    """The regular files among `input_paths` (the provenance table's rows). For a report loaded
    from a build's snapshot: exactly the files that snapshot read, with their digests."""
    remembered = _SNAPSHOTS.get((str(period), slug))
    if remembered is not None:
        root = paths.project_root()
        out = InputFiles(root / rel for rel, d in sorted(remembered.items()) if is_sha(d))
        out.digests = remembered
        return out
    return InputFiles(p for p in input_paths(period, slug, calendar) if entry_kind(p) == "file")


def entry_kind(path: Path) -> str:
    """"file" (a regular file inside the project, through links or not), "link" (leading outside the
    project, or broken), "folder", "special" (pipe, device, socket), or "missing"."""
    path = Path(path)
    try:
        info = path.lstat()
    except OSError:
        return "missing"
    root = paths.project_root()
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "link"
    if not real.is_relative_to(root):
        return "link"
    if stat.S_ISLNK(info.st_mode):
        try:
            info = real.stat()
        except OSError:
            return "link"
    if stat.S_ISREG(info.st_mode):
        return "file"
    return "folder" if stat.S_ISDIR(info.st_mode) else "special"


def entry_digest(path: Path) -> str:
    """What the cache key holds for one input: the SHA-256 of a regular file, else its kind (and
    where a link leads); nothing outside the project and no pipe is ever opened."""
    kind = entry_kind(path)
    if kind == "file":
        return file_digest(path)
    if kind == "link":
        try:
            return LINK + str(Path(path).resolve())
        except (OSError, RuntimeError):
            return LINK + "?"
    return FOLDER if kind == "folder" else SPECIAL


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
    """The provenance table of the reviewers' appendix: each input file and its SHA-256 (the
    snapshot's when `files` came from one), the code's digest (the one the build cache uses), the
    build time and the library versions."""
    import pandas as pd  # here: the build imports this module for its cache key and must start fast

    known = getattr(files, "digests", None) or {}
    rows = []
    for p in sorted(files, key=str):
        rel = paths.relative(p)
        rows.append((rel, known[rel] if rel in known else file_digest(p)))
    rows += [("Phiên bản mã nguồn cchc", code),
             ("Thời điểm dựng", datetime.now().astimezone().strftime("%d/%m/%Y %H:%M:%S %z")),
             ("Python", platform.python_version())]
    rows += [(f"Gói {name}", _version(name)) for name in LIBRARIES]
    out = pd.DataFrame(rows, columns=["Nguồn", "SHA-256 / phiên bản"])
    out.attrs["show_index"] = False
    out.attrs["caption"] = "Tệp đầu vào (SHA-256), phiên bản mã nguồn và thư viện"
    return out
