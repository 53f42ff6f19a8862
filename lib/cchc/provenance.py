"""Where a report comes from: the input files with their SHA-256, the code and the libraries.

Provenance and the build's cache key describe the same inputs (`input_files`), so a report never
lists fewer files than its figures depend on."""
from __future__ import annotations

import hashlib
import platform
from datetime import datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import paths

LIBRARIES = ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "weasyprint")


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def table(files: list[Path], code: str) -> pd.DataFrame:
    """The provenance table of the reviewers' appendix: each input file and its SHA-256, the
    code's digest (the one the build cache uses), the build time and the library versions."""
    rows = [(paths.relative(p), file_digest(p)) for p in sorted(files, key=str)]
    rows += [("Phiên bản mã nguồn cchc", code),
             ("Thời điểm dựng", datetime.now().astimezone().strftime("%d/%m/%Y %H:%M:%S %z")),
             ("Python", platform.python_version())]
    rows += [(f"Gói {name}", _version(name)) for name in LIBRARIES]
    out = pd.DataFrame(rows, columns=["Nguồn", "SHA-256 / phiên bản"])
    out.attrs["show_index"] = False
    out.attrs["caption"] = "Tệp đầu vào (SHA-256), phiên bản mã nguồn và thư viện"
    return out
