"""`cchc.load(slug, year)`: one unit-year's validated registers and parameters, in one object."""
from __future__ import annotations

from . import paths
from .discovery import previous_year
from .model import UnitYear
from .problems import WARNING, InputError, Problem
from .validate import validate_unit_year


def load(slug: str, year: int) -> UnitYear:
    """The typed unit-year; raises `InputError` carrying every problem when any is an error.

    Nothing is cached between calls: each call reads the files again (a few tens of ms), so a
    notebook never sees data another notebook changed or loaded.
    """
    unit_year, problems = validate_unit_year(slug, int(year))
    if unit_year is None:
        raise InputError(problems)
    return unit_year


def load_previous(unit_year: UnitYear) -> UnitYear | None:
    """The same unit's previous year when its inputs exist, else None.

    Invalid previous-year inputs do not fail this year's report: a warning is added to
    `unit_year.problems` and None is returned, so comparisons are left out rather than wrong.
    """
    slug, year = unit_year.slug, previous_year(unit_year.year)
    if not (paths.report_params_file(year, slug).is_file() and paths.unit_data_dir(year, slug).is_dir()):
        return None
    previous, problems = validate_unit_year(slug, year)
    if previous is None:
        errors = sum(p.is_error for p in problems)
        unit_year.problems.append(Problem(
            WARNING, paths.relative(paths.report_params_file(year, slug)),
            f"Dữ liệu năm {year} có {errors} lỗi nên báo cáo không so sánh với năm trước; chạy "
            f"«cchc validate --year {year} --unit {slug}» để xem chi tiết."))
    return previous
