"""Reading and validating unit-years: `cchc.load(slug, year)`, the previous year, every selected one.

`validate_unit_year` reads one unit-year's report params and four registers, types them
(`cchc.registers`), checks them and the narrative's citations, and returns the `UnitYear` only when
there is no error; `load` raises `InputError` instead. `validate_grouped` does it for every
unit-year `cchc.discovery` finds (what `cchc validate` prints).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import paths, schema
from .discovery import as_list, discover, previous_year
from .model import FindingRules, UnitYear
from .narrative_facts import check_narrative
from .params import check_citations, read_finding_rules, read_report_params
from .problems import ERROR, WARNING, Collector, InputError, Problem
from .readers import Aliases, EmptyFileError, read_aliases, read_table, suffixes
from .registers import check_documents, check_dossiers, check_staff, type_indicators, type_register
from .schema import Register
from .units import read_units


@dataclass
class Context:
    """What every unit-year shares: the units registry and the alias map, read once per run."""
    units: dict
    aliases: Aliases
    problems: list[Problem]
    rules: FindingRules = FindingRules()

    @classmethod
    def read(cls) -> "Context":
        units, p1 = read_units()
        aliases, p2 = read_aliases()
        rules, p3 = read_finding_rules()
        return cls(units, aliases, p1 + p2 + p3, rules)


def register_path(year: int, slug: str, register: Register) -> tuple[Path | None, Problem | None]:
    folder = paths.unit_data_dir(year, slug)
    found = [folder / f"{register.stem}{sfx}" for sfx in suffixes() if (folder / f"{register.stem}{sfx}").is_file()]
    if not found:
        names = " hoặc ".join(f"{register.stem}{sfx}" for sfx in suffixes())
        return None, Problem(ERROR, paths.relative(folder / f"{register.stem}{suffixes()[0]}"),
                             f"Thiếu tệp {register.title}: cần {names} trong thư mục "
                             f"{paths.relative(folder)}/.")
    if len(found) > 1:
        return None, Problem(ERROR, paths.relative(found[0]),
                             f"Có cả {' và '.join(p.name for p in found)} cho {register.title}; chỉ để lại một tệp.")
    return found[0], None


def validate_unit_year(slug: str, year: int, context: Context | None = None) -> tuple[UnitYear | None, list[Problem]]:
    """Read, type and check one unit-year; the UnitYear is returned only when there is no error.

    Without a `context`, the problems of units.yaml and aliases.yaml are included; with one, the
    caller reports them (once for a whole run).
    """
    own_context = context is None
    context = context or Context.read()
    problems: list[Problem] = list(context.problems) if own_context else []
    files: dict[str, Path] = {"units": paths.units_file()}
    if paths.aliases_file().is_file():
        files["aliases"] = paths.aliases_file()
    if paths.findings_file().is_file():
        files["findings"] = paths.findings_file()

    params_path = paths.report_params_file(year, slug)
    folder = paths.unit_data_dir(year, slug)
    params = None
    if not params_path.is_file():
        problems.append(Problem(ERROR, paths.relative(params_path),
                                f"Thiếu tệp tham số báo cáo {paths.relative(params_path)} cho {slug} năm {year}"
                                + (f" (đã có dữ liệu trong {paths.relative(folder)}/)" if folder.is_dir() else "")
                                + "; xem params/README.md."))
    else:
        files["params"] = params_path
        params, p = read_report_params(year, slug, context.units, params_path)
        problems += p
    if not folder.is_dir():
        problems.append(Problem(ERROR, paths.relative(folder),
                                f"Thiếu thư mục dữ liệu {paths.relative(folder)}/ cho {slug} năm {year} (đã có tệp "
                                f"tham số báo cáo); xem data/README.md."))
        return None, problems

    expected = {f"{r.stem}{sfx}" for r in schema.REGISTERS for sfx in suffixes()}
    for extra in sorted(folder.iterdir()):
        if extra.name not in expected and not extra.name.startswith((".", "~$")) and extra.name != "README.md":
            problems.append(Problem(WARNING, paths.relative(extra),
                                    "Tệp không thuộc danh sách sổ của đơn vị (ho-so, can-bo, van-ban, chi-so) nên "
                                    "không được đọc."))

    typed: dict[str, object] = {}
    for register in schema.REGISTERS:
        path, problem = register_path(year, slug, register)
        if problem:
            problems.append(problem)
            continue
        files[register.key] = path
        rel = paths.relative(path)
        try:
            raw = context.aliases.apply(read_table(path), register.stem, path)
        except EmptyFileError as exc:
            headers = ", ".join(f"«{c.header}»" for c in register.columns if c.required)
            problems += [Problem(ERROR, p.file, f"{p.message} Dòng 1 phải là dòng tiêu đề của {register.title} "
                                                f"gồm các cột: {headers}; các dòng sau là dữ liệu.",
                                 1, register.columns[0].header) for p in exc.problems]
            continue
        except InputError as exc:
            problems += exc.problems
            continue
        if register is schema.INDICATORS_REGISTER:
            value, p = type_indicators(raw, rel)
            problems += p
            typed[register.key] = value
            continue
        frame, p = type_register(raw, register, rel)
        out = Collector(rel, p)
        if frame is not None:
            if register is schema.DOSSIERS:
                blank = frame.attrs.get("blank_columns", ())
                frame = check_dossiers(frame, out, params)
                frame.attrs["blank_columns"] = blank
            elif register is schema.STAFF:
                check_staff(frame, out)
            elif register is schema.DOCUMENTS:
                check_documents(frame, out)
        problems += out.problems
        typed[register.key] = frame

    if params is not None and typed.get("documents") is not None:
        problems += check_citations(params, typed["documents"], params_path)
    if params is not None and typed.get("indicators") is not None:
        problems += check_narrative(params, typed["indicators"], typed.get("staff"), params_path)

    if any(p.is_error for p in problems) or params is None or any(typed.get(r.key) is None for r in schema.REGISTERS):
        return None, problems
    unit_year = UnitYear(unit=params.unit, params=params, dossiers=typed["dossiers"], staff=typed["staff"],
                         documents=typed["documents"], indicators=typed["indicators"], files=files,
                         problems=problems, rules=context.rules)
    return unit_year, problems


def load(slug: str, year: int) -> UnitYear:
    """The typed unit-year; raises `InputError` carrying every problem when any is an error.

    Nothing is cached between calls: each call reads the files again (a few tens of ms), so a
    notebook never sees data another notebook changed or loaded.
    """
    unit_year, problems = validate_unit_year(slug, int(year))
    if unit_year is None:
        raise InputError(problems)
    return unit_year


def has_inputs(year: int, slug: str) -> bool:
    """Both the report params and the data folder of a unit-year exist."""
    return paths.report_params_file(year, slug).is_file() and paths.unit_data_dir(year, slug).is_dir()


def load_previous(unit_year: UnitYear) -> UnitYear | None:
    """The same unit's previous year when its inputs exist, else None.

    Invalid previous-year inputs do not fail this year's report: a warning is added to
    `unit_year.problems` and None is returned, so comparisons are left out rather than wrong.
    """
    slug, year = unit_year.slug, previous_year(unit_year.year)
    if not has_inputs(year, slug):
        return None
    previous, problems = validate_unit_year(slug, year)
    if previous is None:
        errors = sum(p.is_error for p in problems)
        unit_year.problems.append(Problem(
            WARNING, paths.relative(paths.report_params_file(year, slug)),
            f"Dữ liệu năm {year} có {errors} lỗi nên báo cáo không so sánh với năm trước; chạy "
            f"«cchc validate --year {year} --unit {slug}» để xem chi tiết."))
    return previous


# --- every selected unit-year --------------------------------------------------------------------

def validate_grouped(years=None, units=None) -> tuple[list[Problem], dict[tuple[int, str], list[Problem]]]:
    """The problems of the shared files, and those of every selected unit-year."""
    context = Context.read()
    shared = list(context.problems)
    groups = {}
    selected = discover(years, units)
    for year, slug in selected:
        _, problems = validate_unit_year(slug, year, context)
        groups[(year, slug)] = problems
    if not selected:
        what = []
        if as_list(years):
            what.append("năm " + ", ".join(str(y) for y in as_list(years)))
        if as_list(units):
            what.append("đơn vị " + ", ".join(as_list(units)))
        shared.append(Problem(ERROR, paths.relative(paths.params_dir()),
                              "Không tìm thấy báo cáo nào" + (f" cho {' và '.join(what)}" if what else "")
                              + " trong params/ và data/."))
    for slug in as_list(units):
        if slug not in context.units and not any(s == slug for _, s in selected) and context.units:
            shared.append(Problem(ERROR, paths.relative(paths.units_file()),
                                  f"Không có đơn vị «{slug}» trong danh sách đơn vị.", value=slug))
    return shared, groups


def validate_all(years=None, units=None) -> list[Problem]:
    shared, groups = validate_grouped(years, units)
    return shared + [p for problems in groups.values() for p in problems]


def save_report_inputs(snapshot: Path, uy: UnitYear, previous: UnitYear | None) -> None:
    """The snapshot `load_report_inputs` reads: validated once by `cchc build` for every section."""
    import pickle

    from .atomic import write_atomic

    write_atomic(snapshot, pickle.dumps((uy, previous), protocol=pickle.HIGHEST_PROTOCOL))


def load_report_inputs(slug: str, year: int, snapshot: str = "") -> tuple[UnitYear, UnitYear | None]:
    """(this unit-year, the previous one or None), as a report needs them: from the snapshot
    `cchc build` prepared once for every section, or read and validated now."""
    if snapshot:
        import pickle

        with open(snapshot, "rb") as f:
            uy, previous = pickle.load(f)
        if (uy.unit.slug, uy.params.year) != (slug, year):
            raise ValueError(f"snapshot {snapshot} là của {uy.unit.slug} {uy.params.year}, "
                             f"không phải {slug} {year}")
        return uy, previous
    uy = load(slug, year)
    return uy, load_previous(uy)
