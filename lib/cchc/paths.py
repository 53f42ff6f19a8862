"""Every path the project uses, derived once from the project root.

The root is the checkout (two levels above this file) unless CCHC_ROOT names another folder laid
out the same way (params/, data/, output/); tests and the scale benchmark use that to work on
copies. Nothing else in the code or the notebooks spells a relative path like "../data".
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CODE_ROOT = PACKAGE_DIR.parents[1]  # the checkout: notebooks/, lib/, requirements.lock


def project_root() -> Path:
    env = os.environ.get("CCHC_ROOT")
    return Path(env).resolve() if env else CODE_ROOT


def params_dir() -> Path:
    return project_root() / "params"


def data_dir() -> Path:
    return project_root() / "data"


def output_dir() -> Path:
    return Path(os.environ.get("CCHC_OUTPUT") or project_root() / "output").resolve()


def units_file() -> Path:
    return params_dir() / "units.yaml"


def aliases_file() -> Path:
    return params_dir() / "aliases.yaml"


def findings_file() -> Path:
    return params_dir() / "findings.yaml"


def report_params_file(year: int, slug: str) -> Path:
    return params_dir() / str(year) / f"{slug}.yaml"


def unit_data_dir(year: int, slug: str) -> Path:
    return data_dir() / str(year) / slug


def notebooks_dir() -> Path:
    """The section notebooks; CCHC_NOTEBOOKS points a build at another set (e.g. an analyst's draft)."""
    env = os.environ.get("CCHC_NOTEBOOKS")
    return Path(env).resolve() if env else CODE_ROOT / "notebooks"


def unit_output_dir(year: int, slug: str) -> Path:
    return output_dir() / str(year) / slug


def relative(path: Path) -> str:
    """A path as the user should read it: relative to the project root when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(project_root()).as_posix()
    except ValueError:
        return str(path)
