"""Every path the project uses, derived once from the project root.

A **project** is a folder with the marker file `cchc-project.yaml` (its settings, read by
`cchc.project`) and the inputs laid out under it (params/, data/; outputs in output/ unless the
settings say otherwise). The root is, in this order:

1. `CCHC_ROOT`, when set (tests, the benchmarks and the Dask workers use it; the `cchc` command
   sets it from `--project` or from the folder it found, so kernels it starts see the same root
   whatever their working directory);
2. the nearest folder holding the marker, from the working directory upward.

No marker and no `CCHC_ROOT`: `ProjectNotFound`, with a Vietnamese message. The tool's own files
(section notebooks, templates, fonts) come from the package, never from the project, except that a
project's `notebooks/NN_<name>.ipynb` replaces the tool's section of the same number (and a new
number adds a section). Nothing else in the code or the notebooks spells a relative path like
"../data".

A report is (unit, period): its params are `params/<period-id>/<slug>.yaml`, its outputs
`output/<period-id>/<slug>/`; registers stay per calendar year, `data/<year>/<slug>/`. Every
component of those paths is checked before it is joined (`check_slug`, `check_period_id`): a
folder or file name read from disk, a `--unit` or a notebook parameter never becomes "../x".
"""
from __future__ import annotations

import os
import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CODE_ROOT = PACKAGE_DIR.parents[1]  # a checkout: notebooks/, lib/, requirements.lock (in a wheel: site-packages' parent)
MARKER = "cchc-project.yaml"
SECTION_RE = re.compile(r"^(\d{2})_[a-z0-9-]+\.ipynb$")
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)  # as units.yaml requires


class UnsafeName(ValueError):
    """A name that cannot be a path component (a slug or a period id); the message is Vietnamese."""


def check_slug(slug) -> str:
    """`slug` when it is a unit slug (lower-case ASCII letters, digits, single hyphens), else UnsafeName."""
    if not isinstance(slug, str) or not SLUG_RE.fullmatch(slug):
        raise UnsafeName(f"«{slug}» không phải slug của đơn vị (chỉ gồm chữ thường không dấu, chữ số và dấu "
                         "gạch nối, ví dụ phuong-nguyen-nghiem)")
    return slug


def check_period_id(period) -> str:
    """The period id as a folder name: an int year becomes "2024"; anything that is not a period id
    written the one accepted way raises UnsafeName (see `period.parse_id`)."""
    from .period import ID_FORMS, is_id

    text = str(period) if isinstance(period, int) and not isinstance(period, bool) else period
    if not is_id(text):
        raise UnsafeName(f"«{period}» không phải mã kỳ báo cáo; các dạng được nhận: {ID_FORMS}")
    return text


def check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        raise UnsafeName(f"«{year}» không phải một năm")
    return year


class ProjectNotFound(LookupError):
    """No project folder: the message is Vietnamese, for the user."""


def find_project(start: Path | str | None = None) -> Path | None:
    """The nearest folder holding the marker, from `start` (default: the working directory) upward."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    return None


def not_found_message(start: Path | str | None = None) -> str:
    here = Path(start or os.getcwd()).resolve()
    return (f"không tìm thấy dự án báo cáo CCHC: thư mục {here} và các thư mục cha của nó không có tệp "
            f"{MARKER}. Hãy chạy lệnh trong thư mục dự án, chỉ ra dự án bằng «cchc --project THƯ_MỤC», "
            "hoặc tạo dự án mới bằng «cchc init THƯ_MỤC».")


def project_root() -> Path:
    env = os.environ.get("CCHC_ROOT")
    if env:
        return Path(env).resolve()
    found = find_project()
    if found is None:
        raise ProjectNotFound(not_found_message())
    return found


def marker_file() -> Path:
    return project_root() / MARKER


def params_dir() -> Path:
    return project_root() / "params"


def data_dir() -> Path:
    return project_root() / "data"


def output_dir() -> Path:
    """`CCHC_OUTPUT`, else the project's `output` setting (relative to the project), else output/."""
    env = os.environ.get("CCHC_OUTPUT")
    if env:
        return Path(env).resolve()
    from .project import settings  # lazy: paths stays import-light

    return (project_root() / (settings().output or "output")).resolve()


def units_file() -> Path:
    return params_dir() / "units.yaml"


def aliases_file() -> Path:
    """The former alias map: refused when present (cchc.profiles.LEFTOVER_ALIASES says how to move it)."""
    return params_dir() / "aliases.yaml"


def findings_file() -> Path:
    return params_dir() / "findings.yaml"


def sections_file() -> Path:
    return params_dir() / "sections.yaml"


def service_index_file() -> Path:
    return params_dir() / "chi-so-phuc-vu.yaml"


def report_params_file(period, slug: str) -> Path:
    """`params/<period-id>/<slug>.yaml`; `period` is an id (an int year is the annual id)."""
    return params_dir() / check_period_id(period) / f"{check_slug(slug)}.yaml"


def unit_data_dir(year: int, slug: str) -> Path:
    """`data/<year>/<slug>/`: one calendar year of the unit's registers."""
    return data_dir() / str(check_year(int(year) if isinstance(year, str) and year.isdigit() else year)) \
        / check_slug(slug)


def tool_notebooks_dir() -> Path:
    """The tool's section notebooks: shipped in the package (a wheel: `cchc/notebooks/`), or the
    checkout's top-level notebooks/ (the editable install and a plain checkout)."""
    packaged = PACKAGE_DIR / "notebooks"
    if any(packaged.glob("*.ipynb")):
        return packaged
    return CODE_ROOT / "notebooks"


def notebooks_dir() -> Path:
    """The base set of section notebooks: the tool's, or `CCHC_NOTEBOOKS` (e.g. an analyst's draft set)."""
    env = os.environ.get("CCHC_NOTEBOOKS")
    return Path(env).resolve() if env else tool_notebooks_dir()


def project_notebooks_dir() -> Path:
    """A project's own sections: `notebooks/NN_<name>.ipynb` replaces the base section NN."""
    return project_root() / "notebooks"


def _numbered(folder: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    if folder.is_dir():
        for p in sorted(folder.glob("*.ipynb")):
            m = SECTION_RE.match(p.name)
            if m:
                found.setdefault(m.group(1), []).append(p.resolve())
    return found


def section_notebooks() -> dict[str, Path]:
    """Section number -> notebook: the base set, each replaced by the project's notebook of the same
    number (a number the base lacks adds a section). Sorted by number. In the checkout the project's
    notebooks/ is the tool's own, so `CCHC_NOTEBOOKS` there replaces the whole set. Two notebooks with one number
    in one folder: ValueError (Vietnamese)."""
    chosen: dict[str, Path] = {}
    folders = [notebooks_dir()]
    if project_notebooks_dir().resolve() != tool_notebooks_dir().resolve():  # the checkout is no overlay
        folders.append(project_notebooks_dir())
    for folder in folders:
        for number, found in _numbered(folder).items():
            if len(found) > 1:
                raise ValueError(f"thư mục {folder} có {len(found)} notebook cùng số {number}: "
                                 f"{', '.join(p.name for p in found)}; mỗi số chỉ được một notebook")
            chosen[number] = found[0]
    return dict(sorted(chosen.items()))


def unit_output_dir(period, slug: str) -> Path:
    """`output/<period-id>/<slug>/`."""
    return output_dir() / check_period_id(period) / check_slug(slug)


def relative(path: Path) -> str:
    """A path as the user should read it: relative to the project root when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(project_root()).as_posix()
    except (ValueError, ProjectNotFound):
        return str(path)
