"""Reading and validating one report's inputs: `load(slug, period)`, its comparators, every selected one.

A report is (unit, period). `validate_unit_period` reads the report params
(`params/<period-id>/<slug>.yaml`) and the registers of every calendar year the period spans
(`data/<year>/<slug>/`, from the period's start year to its end year; the end year's folder must
exist), types them (`cchc.registers`), checks each file on its own (so a message names the file
and row the analyst must open) and the narrative's citations, and returns the `UnitPeriod` only
when there is no error; `load` raises `InputError` instead.

The dossier register is the rows of all those files, each keeping its file (column
`schema.SOURCE_FILE`, the path as `paths.relative` gives it) and its spreadsheet row number as
index (not unique across files). A dossier code present in several years keeps only the latest
year's row: a dossier carried over into the next year's file appears there with its final state.
The documents register is the same union (one document = number + date, the latest file's row).
Rows are not cut to the period here: the figures select them by date. The staff roster and the
indicators are the end year's.

`load_comparators` loads the reports a report compares with (`discovery.comparators`: the same
period a year earlier, and for months and quarters the period before), each with its own params'
dates; a missing or broken one is a warning on the report, never a silent gap.
`validate_grouped` validates every report `cchc.discovery` finds (what `cchc validate` prints).
"""
from __future__ import annotations

import copy
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths, schema
from .discovery import as_list, comparators, data_years, discover, folder_problems
from .model import FindingRules, UnitPeriod
from .narrative_facts import check_narrative
from .params import check_citations, read_finding_rules, read_report_params, report_period
from .period import Calendar, parse_id
from .problems import ERROR, NO_COMPARISON, WARNING, Collector, InputError, Problem
from .profiles import Mapping, Profiles, choose, read_profiles
from .readers import EmptyFileError, concat_chunks, iter_table, suffixes
from .registers import RegisterTyper, check_documents, check_dossiers, check_staff, type_indicators
from .schema import Register
from .units import read_units

# The column that keeps each register row's file (schema.SOURCE_FILE once schema.py has it).
SOURCE_FILE = getattr(schema, "SOURCE_FILE", "_tep")
# Registers read from every year a period spans, and the columns that identify one row across years.
UNION_KEYS = {schema.DOSSIERS.key: ["ma_ho_so"], schema.DOCUMENTS.key: ["so_ky_hieu", "ngay_ban_hanh"]}


@dataclass
class Context:
    """What every report shares: the units registry, the import profiles (params/profiles/) and the
    calendar, read once per run. `notes` collects, per register file read, the stated meanings of
    the profile constants its mapping used (the reviewers' appendix prints them)."""
    units: dict
    profiles: Profiles
    problems: list[Problem]
    rules: FindingRules = FindingRules()
    calendar: Calendar = field(default_factory=Calendar)
    notes: dict = field(default_factory=dict)
    default_profile: str | None = None  # cchc-project.yaml `import_profile`

    @classmethod
    def read(cls) -> "Context":
        from .project import calendar, settings

        units, p1 = read_units()
        profiles, p2 = read_profiles()
        rules, p3 = read_finding_rules()
        return cls(units, profiles, p1 + p2 + p3, rules, calendar(), default_profile=settings().import_profile)

    def profile_of(self, slug: str) -> str | None:
        """The profile the unit names (`profile:` in units.yaml), else the project's
        (`import_profile` in cchc-project.yaml), else None: recognised per file."""
        unit = self.units.get(slug)
        return (getattr(unit, "profile", None) if unit is not None else None) or self.default_profile

    def mapping(self, slug: str, register: Register, header: list[str], path: Path) -> Mapping:
        """How the file `path` of unit `slug` (its header row `header`) becomes `register`: through
        the unit's profile for the registers it declares, else the profile its header fits
        (`profiles.choose`)."""
        declared = self.profile_of(slug)
        unit = self.units.get(slug)
        where = paths.units_file() if unit is not None and getattr(unit, "profile", None) else paths.marker_file()
        mapping = choose(self.profiles, register, header, path, declared, paths.relative(where))
        self.notes[paths.relative(path)] = list(mapping.notes)
        return mapping

    @property
    def fingerprint(self) -> str:
        return self.profiles.fingerprint


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


def _name_problem(slug, period, calendar: Calendar) -> tuple[str | None, Problem | None]:
    """The period id of `period` (an id or an int year), or the problem of a name that is none."""
    try:
        paths.check_slug(slug)
        return parse_id(period, calendar).id, None
    except ValueError as exc:
        return None, Problem(ERROR, paths.relative(paths.params_dir()), f"{exc}.")


def validate_unit_period(slug: str, period, context: Context | None = None
                         ) -> tuple[UnitPeriod | None, list[Problem]]:
    """Read, type and check one report (`slug`, `period`: a period id, or an int year for the annual
    id); the UnitPeriod is returned only when there is no error.

    Without a `context`, the problems of units.yaml, the profiles and findings.yaml are included;
    with one, the caller reports them (once for a whole run).
    """
    own_context = context is None
    context = context or Context.read()
    problems: list[Problem] = units_problems_for(context.problems, slug, context.units) if own_context else []
    pid, bad = _name_problem(slug, period, context.calendar)
    if bad:
        return None, problems + [bad]
    nominal = parse_id(pid, context.calendar)
    files: dict[str, Path] = {"units": paths.units_file()}
    if paths.findings_file().is_file():
        files["findings"] = paths.findings_file()

    params_path = paths.report_params_file(pid, slug)
    span = report_period(pid, slug, context.calendar)  # the params' own dates when they can be read
    end_folder = paths.unit_data_dir(span.end.year, slug)
    params = None
    if not params_path.is_file():
        problems.append(Problem(ERROR, paths.relative(params_path),
                                f"Thiếu tệp tham số báo cáo {paths.relative(params_path)} cho {slug} {nominal.name}"
                                + (f" (đã có dữ liệu trong {paths.relative(end_folder)}/)" if end_folder.is_dir()
                                   else "") + "; xem params/README.md."))
    else:
        files["params"] = params_path
        params, p = read_report_params(pid, slug, context.units, params_path, context.calendar)
        problems += p
        if params is not None:
            span = params.period
    if not end_folder.is_dir():
        problems.append(Problem(ERROR, paths.relative(end_folder),
                                f"Thiếu thư mục dữ liệu {paths.relative(end_folder)}/ cho {slug} {span.name} "
                                f"({span.range_text}; sổ sách của năm {span.end.year}, năm kỳ báo cáo kết thúc); "
                                "xem data/README.md."))
        return None, problems
    folders = [(y, paths.unit_data_dir(y, slug)) for y in data_years(span)]
    folders = [(y, f) for y, f in folders if f.is_dir()]

    expected = {f"{r.stem}{sfx}" for r in schema.REGISTERS for sfx in suffixes()}
    for _, folder in folders:
        for extra in sorted(folder.iterdir()):
            if extra.name not in expected and not extra.name.startswith((".", "~$")) and extra.name != "README.md":
                problems.append(Problem(WARNING, paths.relative(extra),
                                        "Tệp không thuộc danh sách sổ của đơn vị (ho-so, can-bo, van-ban, chi-so) "
                                        "nên không được đọc."))

    typed: dict[str, object] = {}
    register_files: dict[str, list[Path]] = {}
    for register in schema.REGISTERS:
        years = [y for y, _ in folders] if register.key in UNION_KEYS else [span.end.year]
        frames = []
        for year in years:
            frame, path, p = _read_register(year, slug, register, context)
            problems += p
            if path is not None:
                files[register.key] = path  # the end year's (read last)
                register_files.setdefault(register.key, []).append(path)
            frames.append(frame)
        if any(f is None for f in frames):
            typed[register.key] = None
        elif register.key in UNION_KEYS:
            typed[register.key] = union(frames, UNION_KEYS[register.key])
        else:
            typed[register.key] = frames[-1]

    if params is not None and typed.get("documents") is not None:
        problems += check_citations(params, typed["documents"], params_path)
    if params is not None and typed.get("indicators") is not None:
        problems += check_narrative(params, typed["indicators"], typed.get("staff"), params_path)

    if any(p.is_error for p in problems) or params is None or any(typed.get(r.key) is None for r in schema.REGISTERS):
        return None, problems
    notes = [n for role_files in register_files.values() for p in role_files
             for n in context.notes.get(paths.relative(p), [])]
    unit_period = UnitPeriod(unit=params.unit, params=params, dossiers=typed["dossiers"], staff=typed["staff"],
                             documents=typed["documents"], indicators=typed["indicators"], files=files,
                             problems=problems, rules=context.rules, register_files=register_files, notes=notes)
    return unit_period, problems


validate_unit_year = validate_unit_period  # the former name


OTHER_UNIT = " (mục của đơn vị khác trong danh sách đơn vị; không ảnh hưởng báo cáo này)"


def units_problems_for(problems: list[Problem], slug, units: dict) -> list[Problem]:
    """The shared files' `problems` as they bear on the report of unit `slug`: an error in the units
    registry's entry of another unit (one this unit neither is, succeeds nor is succeeded by) is a
    warning here, so one bad entry fails only the reports that depend on it. An error of the file
    as a whole (it cannot be read, it has no list), or of this unit's entry, stays an error."""
    rel = paths.relative(paths.units_file())
    if not any(p.is_error and p.file == rel and p.row is not None for p in problems):
        return list(problems)
    entries = _units_entries()
    if not entries:
        return list(problems)
    own = units.get(slug)
    codes = {own.code} if own else {e["code"] for e in entries if e["slug"] == slug and e["code"]}
    successors = set(own.successors) if own else set()
    out = []
    for p in problems:
        entry = None
        if p.is_error and p.file == rel and p.row is not None:
            entry = next((e for e in reversed(entries) if e["line"] <= p.row), None)
        if entry is None or entry["slug"] == slug or entry["code"] in codes | successors \
                or codes & entry["successors"]:
            out.append(p)
        else:
            out.append(Problem(WARNING, p.file, p.message + OTHER_UNIT, p.row, p.column, p.value))
    return out


def _units_entries() -> list[dict]:
    """Each entry of the units registry: its first line, slug, code and successors as typed."""
    from .readers import read_yaml

    try:
        doc = read_yaml(paths.units_file())
    except InputError:
        return []
    items = doc.data.get("units") if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return []
    entries = []
    for i, item in enumerate(items):
        item = item if isinstance(item, dict) else {}
        successors = item.get("successors") or []
        successors = successors if isinstance(successors, list) else [successors]
        code = item.get("code")
        entries.append({"line": doc.line("units", i) or 0, "slug": item.get("slug"),
                        "code": str(code) if code not in (None, "") else None,
                        "successors": {str(s) for s in successors if isinstance(s, (str, int))}})
    return entries


# Typed registers already read in this process, by file identity (path, size, mtime, inode, as make
# and git tell a changed file) and the alias map: a period over two years, its comparators and the
# other reports of a build read the same year's files again (bench/README.md, "Library cost per
# report"). A copy is handed out, so no caller sees another's changes.
_TYPED: OrderedDict = OrderedDict()
_TYPED_MAX = 64
CACHE_MAX_ROWS = 200_000  # a ward's year is a few thousand dossiers


def clear_register_cache() -> None:
    """Forget every register and YAML file read in this process (bench/report_cost.py)."""
    from .readers import clear_yaml_cache

    _TYPED.clear()
    clear_yaml_cache()


def _file_key(path: Path):
    st = path.stat()
    return str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino


def _read_register(year: int, slug: str, register: Register, context: Context):
    """(typed frame or indicators dict, or None; its path or None; problems) of one year's file."""
    path, problem = register_path(year, slug, register)
    if problem:
        return None, None, [problem]
    rel = paths.relative(path)
    try:
        key = (_file_key(path), register.key, context.fingerprint, context.profile_of(slug))
    except OSError:
        key = None
    if key is not None and key in _TYPED:
        _TYPED.move_to_end(key)
        value, problems, notes = _TYPED[key]
        context.notes[rel] = list(notes)
        return copy.deepcopy(value), path, list(problems)
    context.notes.pop(rel, None)
    value, path, problems = _read_register_uncached(path, register, context, slug)
    if key is not None and _file_key(path) == key[0] and _cacheable(value):  # unchanged while it was read
        _TYPED[key] = (copy.deepcopy(value), list(problems), list(context.notes.get(rel, [])))
        if len(_TYPED) > _TYPED_MAX:
            _TYPED.popitem(last=False)
    return value, path, problems


def _cacheable(value) -> bool:
    """A register small enough to keep: a very large one (bench/README.md, "Memory") would stay in
    the memory of the build's worker for the whole build, twice (kept and handed out)."""
    return not isinstance(value, pd.DataFrame) or len(value) <= CACHE_MAX_ROWS


def _read_register_uncached(path: Path, register: Register, context: Context, slug: str = ""):
    """Read, map (the file's import profile) and type one register file chunk by chunk
    (`readers.iter_table`): memory holds one chunk of raw strings at a time and the typed rows so
    far, never the whole file as text."""
    rel = paths.relative(path)
    mapped_problems: list[Problem] = []
    try:
        header, chunks = iter_table(path)
        # The profile's mapping: our headers and labels; a missing required column stops here (once).
        mapping = _guarded(lambda: context.mapping(slug or path.parent.name, register, header, path), chunks)
        if register is schema.INDICATORS_REGISTER:  # a few dozen rows, mapped and typed whole
            raw, mapped_problems = _guarded(lambda: mapping.apply(concat_chunks(header, list(chunks))), chunks)
        else:
            typer = RegisterTyper(register, rel)
            for chunk in chunks:
                raw, p = _guarded(lambda: mapping.apply(chunk), chunks)
                mapped_problems += p
                if mapping.ok:
                    typer.add(raw)
            if not typer.n_rows:  # a header alone: its columns are still checked
                raw, p = _guarded(lambda: mapping.apply(concat_chunks(header, [])), chunks)
                mapped_problems += p
                if mapping.ok:
                    typer.add(raw)
    except EmptyFileError as exc:
        headers = ", ".join(f"«{c.header}»" for c in register.columns if c.required)
        return None, path, [Problem(ERROR, p.file, f"{p.message} Dòng 1 phải là dòng tiêu đề của {register.title} "
                                                   f"gồm các cột: {headers}; các dòng sau là dữ liệu.",
                                    1, register.columns[0].header) for p in exc.problems]
    except InputError as exc:
        return None, path, exc.problems
    if not mapping.ok:
        return None, path, mapping.header_problems + mapped_problems
    if register is schema.INDICATORS_REGISTER:
        value, p = type_indicators(raw, rel)
        p = mapping.header_problems + mapped_problems + mapping.annotate(p)
        return value, path, p
    frame, p = typer.finish()
    out = Collector(rel, mapping.header_problems + mapped_problems + mapping.annotate(p))
    if frame is not None:
        if register is schema.DOSSIERS:
            blank = frame.attrs.get("blank_columns", ())
            # Cross-column checks only: a file holds a calendar year, a period selects its rows by
            # date (the figures), so rows outside the period are expected, not a problem.
            frame = check_dossiers(frame, out, None)
            frame.attrs["blank_columns"] = blank
        elif register is schema.STAFF:
            check_staff(frame, out)
        elif register is schema.DOCUMENTS:
            check_documents(frame, out)
        if register.key in UNION_KEYS:
            frame[SOURCE_FILE] = rel
    return frame, path, out.problems


def _guarded(step, rest):
    """`step()`; when it refuses the file (InputError), the file's own problem further on (`rest`:
    its chunks still to come) is what a read of the whole file would have said first."""
    try:
        return step()
    except InputError:
        for _ in rest:  # raises the reader's InputError, if any
            pass
        raise


def union(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """The rows of every year's frame (oldest first), a row whose `keys` recur in a later year's
    file replaced by the later row; the index stays the spreadsheet row numbers. A yes/no column
    is blank (`attrs["blank_columns"]`) only when it is blank in every file."""
    if len(frames) == 1:
        return frames[0]
    blank = set(frames[0].attrs.get("blank_columns", ()))
    for f in frames[1:]:
        blank &= set(f.attrs.get("blank_columns", ()))
    out = pd.concat(frames)
    out = out[~out.duplicated(keys, keep="last").to_numpy()]
    out.attrs = {"blank_columns": tuple(k for k in frames[-1].attrs.get("blank_columns", ()) if k in blank)}
    return out


def load(slug: str, period) -> UnitPeriod:
    """The typed report inputs of (`slug`, `period`: an id or an int year); raises `InputError`
    carrying every problem when any is an error.

    Nothing is cached between calls: each call reads the files again (a few tens of ms), so a
    notebook never sees data another notebook changed or loaded.
    """
    unit_period, problems = validate_unit_period(slug, period)
    if unit_period is None:
        raise InputError(problems)
    return unit_period


def has_inputs(period, slug: str, calendar: Calendar | None = None) -> bool:
    """Both the report params and the data folder of the period's end year exist."""
    from .project import calendar as project_calendar

    span = report_period(period, slug, calendar or project_calendar())
    return paths.report_params_file(span.id, slug).is_file() and paths.unit_data_dir(span.end.year, slug).is_dir()


def _comparator(up: UnitPeriod, pid: str, what: str, context: Context | None) -> UnitPeriod | None:
    """The report of `pid` for the same unit when its params and data exist and are valid; else a
    warning on `up` (shown in the appendix) and None."""
    slug = up.slug
    calendar = context.calendar if context else None
    from .project import calendar as project_calendar
    cal = calendar or project_calendar()
    other_period = parse_id(pid, cal)
    name = other_period.name
    params_rel = paths.relative(paths.report_params_file(pid, slug))
    formed = up.unit.valid_from
    if formed is not None and formed > other_period.start and not has_inputs(pid, slug, cal):
        # a unit formed in the reorganisation of 01/07/2025 has no report of the same period in 2024
        who = up.unit.full_name
        up.problems.append(Problem(WARNING, params_rel, f"{who[:1].upper()}{who[1:]} thành lập từ {formed:%d/%m/%Y} "
                                                        f"nên không có báo cáo {name} để so sánh {what}.",
                                   topic=NO_COMPARISON))
        return None
    if not has_inputs(pid, slug, cal):
        up.problems.append(Problem(WARNING, params_rel, f"Không có báo cáo {name} để so sánh {what} "
                                                        f"(cần {params_rel} và sổ sách trong data/).",
                                   topic=NO_COMPARISON))
        return None
    other, problems = validate_unit_period(slug, pid, context)
    if other is None:
        errors = sum(p.is_error for p in problems)
        up.problems.append(Problem(
            WARNING, params_rel,
            f"Dữ liệu của báo cáo {name} có {errors} lỗi nên báo cáo không so sánh {what}; chạy "
            f"«cchc validate --period {pid} --unit {slug}» để xem chi tiết."))
        return None
    if not up.period.comparable_with(other.period):  # cannot happen with ids of one kind; never compare across
        up.problems.append(Problem(WARNING, params_rel, f"Báo cáo {name} khác loại kỳ nên không dùng để so sánh {what}."))
        return None
    return other


SAME_PERIOD, PREVIOUS_PERIOD = "cùng kỳ", "với kỳ trước"


def load_comparators(up: UnitPeriod, context: Context | None = None) -> tuple[UnitPeriod | None, UnitPeriod | None]:
    """(the same period a year earlier, the period before for months and quarters, else None), each
    loaded with its own params' dates; a missing or invalid one is a warning added to `up.problems`."""
    same_id, previous_id = comparators(up.period)
    same = _comparator(up, same_id, SAME_PERIOD, context)
    previous = _comparator(up, previous_id, PREVIOUS_PERIOD, context) if previous_id else None
    return same, previous


def load_previous(unit_period: UnitPeriod) -> UnitPeriod | None:
    """The same unit's report of the same period a year earlier, or None (with a warning)."""
    same_id, _ = comparators(unit_period.period)
    return _comparator(unit_period, same_id, SAME_PERIOD, None)


# --- every selected report -----------------------------------------------------------------------

def validate_grouped(years=None, units=None, periods=None
                     ) -> tuple[list[Problem], dict[tuple[str, str], list[Problem]]]:
    """The problems of the shared files (and of names on disk that are no period or unit), and
    those of every selected report, by (period id, slug)."""
    from .sections import read_sections

    context = Context.read()
    try:
        available = list(paths.section_notebooks())
    except ValueError as exc:  # two notebooks with one number: `cchc build` refuses to plan
        available, shared = None, [Problem(ERROR, paths.relative(paths.project_notebooks_dir()), f"{exc}.")]
    else:
        shared = []
    shared = list(context.problems) + shared + folder_problems() + read_sections(available=available)[1]
    groups = {}
    try:
        selected = discover(years, units, periods=periods, calendar=context.calendar)
    except ValueError as exc:  # a --period that is not a period id
        return shared + [Problem(ERROR, paths.relative(paths.params_dir()), f"{exc}.")], {}
    for pid, slug in selected:
        _, problems = validate_unit_period(slug, pid, context)
        groups[(pid, slug)] = problems
    if not selected:
        what = []
        if as_list(years):
            what.append("năm " + ", ".join(str(y) for y in as_list(years)))
        if as_list(periods):
            what.append("kỳ " + ", ".join(str(p) for p in as_list(periods)))
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


def validate_all(years=None, units=None, periods=None) -> list[Problem]:
    shared, groups = validate_grouped(years, units, periods)
    return shared + [p for problems in groups.values() for p in problems]


SNAPSHOT_VERSION = 2


def save_report_inputs(snapshot: Path, up: UnitPeriod, previous: UnitPeriod | None,
                       previous_period: UnitPeriod | None = None, inputs: dict[str, str] | None = None) -> None:
    """The snapshot `load_report_inputs` reads: validated once by `cchc build` for every section.
    `inputs` ({relative path: SHA-256}) are the digests of the bytes the reports were read from (the
    build's frozen inputs, `batch/inputs.py`): the provenance table shows them, never a re-read."""
    import pickle

    from .atomic import write_atomic_with

    payload = {"version": SNAPSHOT_VERSION, "reports": (up, previous, previous_period), "inputs": inputs}
    # streamed into the file: a million-row register's snapshot is ~100 MB, never a bytes object too
    write_atomic_with(snapshot, lambda f: pickle.dump(payload, f, protocol=pickle.HIGHEST_PROTOCOL))


def load_report_inputs(slug: str, period, snapshot: str = ""
                       ) -> tuple[UnitPeriod, UnitPeriod | None, UnitPeriod | None]:
    """(this report's inputs, the same period last year's or None, the previous period's or None),
    as a report needs them: from the snapshot `cchc build` prepared once for every section, or
    read and validated now."""
    if snapshot:
        import pickle

        with open(snapshot, "rb") as f:
            payload = pickle.load(f)
        inputs = None
        if isinstance(payload, dict):
            (up, previous, previous_period), inputs = payload["reports"], payload.get("inputs")
        else:  # a snapshot written before the digests travelled with it
            up, previous, previous_period = payload
        pid = period if isinstance(period, str) else str(period)
        if (up.unit.slug, up.period_id) != (slug, pid):
            raise ValueError(f"snapshot {snapshot} là của {up.unit.slug} {up.period_id}, "
                             f"không phải {slug} {pid}")
        if inputs is not None:
            from . import provenance
            provenance.remember(up.period_id, slug, inputs)
        return up, previous, previous_period
    up = load(slug, period)
    return (up, *load_comparators(up))


def relocate(up: UnitPeriod | None, source: Path, target: Path) -> None:
    """Point `up`'s input paths (and its problems' texts) from the project root `source` to
    `target`: a report loaded from the build's frozen inputs names the project's files."""
    if up is None:
        return
    source, target = Path(source), Path(target)

    def move(p):
        p = Path(p)
        return target / p.relative_to(source) if p.is_relative_to(source) else p

    up.files = {role: move(p) for role, p in up.files.items()}
    up.register_files = {role: [move(p) for p in files] for role, files in up.register_files.items()}
    up.problems[:] = [rename_root(p, source, target) for p in up.problems]


def rename_root(problem: Problem, source: Path, target: Path) -> Problem:
    """`problem` with every mention of the folder `source` said as `target`."""
    old, new = str(source), str(target)
    if old not in problem.file and old not in problem.message and old not in (problem.value or ""):
        return problem
    return Problem(problem.severity, problem.file.replace(old, new), problem.message.replace(old, new),
                   problem.row, problem.column, None if problem.value is None else problem.value.replace(old, new))
