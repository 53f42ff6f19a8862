"""Report parameters, `params/<period-id>/<slug>.yaml`: one report's metadata and narrative.

The folder names the period (`cchc.period.parse_id`: 2024, 2024-q1, 2024-08, …): without a
`period:` key the report covers the calendar's dates for it, with `period: {start, end}` its own
dates, still of that kind and named by it. `year:` is optional and must be the id's year.

`read_report_params` collects every problem (naming the YAML line) and returns the parameters
when there is no error; `check_citations` resolves the narrative's `{vb:...}` placeholders against
the unit-year's documents register (through `cchc.citations`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pandas as pd

from . import citations, paths
from .figures import formulas as formulas_m
from .figures.formulas import Formula
from .model import (AUTHORITIES, NARRATIVE_KEYS, ON_TIME_BASES, TARGET_KEYS, FindingRules, Period, ReportParams,
                    Signatory, Target, Unit)
from .period import Calendar, parse_id
from .problems import ERROR, WARNING, InputError, Problem
from .parsing import as_date
from .readers import read_yaml
from .text import nfc
from .units import stale_parent_mentions, vn_date

TOP_KEYS = ("unit", "year", "draft", "number", "issued_on", "period", "basis", "signatory", "recipients", "addressee",
            "on_time_basis", "on_time_formula", "targets", "narrative")
REQUIRED = ("unit", "number", "issued_on", "basis", "signatory", "recipients", "addressee")
SIGNATORY_KEYS = ("authority", "title", "name")
NUMBER_RE = re.compile(r"^\d+/[0-9A-ZĐ]+(?:-[0-9A-ZĐ]+)*$")


def read_report_params(period, slug: str, units: dict[str, Unit], path: Path | None = None,
                       calendar: Calendar | None = None) -> tuple[ReportParams | None, list[Problem]]:
    """The params of (`slug`, `period`: a period id, or an int year for the annual id), checked.
    `calendar`: the project's (`cchc.project.calendar()`) unless given."""
    path = Path(path or paths.report_params_file(period, slug))
    rel = paths.relative(path)
    try:
        nominal = parse_id(period, calendar or _project_calendar())
    except ValueError as exc:
        return None, [Problem(ERROR, rel, f"Thư mục chứa tệp tham số không phải một kỳ báo cáo: {exc}.")]
    pid, year = nominal.id, nominal.year
    try:
        doc = read_yaml(path)
    except InputError as exc:
        return None, exc.problems
    problems: list[Problem] = []

    def err(message, *keys, value=None, severity=ERROR):
        if keys:
            message = f"Khóa «{'.'.join(str(k) for k in keys)}»: {message}"
        problems.append(Problem(severity, rel, message, doc.line(*keys), None,
                                None if value is None else str(value)))

    data = doc.data
    if not isinstance(data, dict):
        err("Tệp tham số báo cáo phải là một nhóm khóa (unit, year, number, ...); xem params/README.md.")
        return None, problems
    for key in data:
        if key not in TOP_KEYS:
            err(f"khóa không hợp lệ; các khóa được dùng: {', '.join(TOP_KEYS)}.", key)
    for key in REQUIRED:
        if data.get(key) in (None, "", [], {}):
            err("thiếu giá trị (bắt buộc); xem params/README.md.", key)

    def text(key, *more):
        v = data.get(key) if not more else _get(data, key, *more)
        if v in (None, ""):
            return None
        if not isinstance(v, str):
            err("giá trị phải là chữ.", key, *more, value=v)
            return None
        return v

    # unit and year must match where the file lives
    unit = None
    unit_slug = text("unit")
    if unit_slug is not None and unit_slug != slug:
        err(f"đơn vị «{unit_slug}» khác tên tệp «{path.name}»; tên tệp phải là <slug>.yaml của đơn vị.",
            "unit", value=unit_slug)
    elif unit_slug is not None:
        unit = units.get(unit_slug)
        if unit is None:
            err("không có đơn vị này trong params/units.yaml.", "unit", value=unit_slug)
    y = data.get("year")
    if y not in (None, "") and (isinstance(y, bool) or not isinstance(y, int)):
        err("năm phải là số nguyên, ví dụ 2023.", "year", value=y)
    elif isinstance(y, int) and y != year:
        err(f"năm {y} khác thư mục chứa tệp (params/{pid}/: {nominal.name}, năm {year}); bỏ khóa year hoặc sửa "
            f"thành {year}.", "year", value=y)

    draft = data.get("draft")
    if draft is True:  # `cchc new` carried last year's file over; a warning until an analyst removes it
        err("bản nháp chuyển từ năm trước (cchc new): rà soát số ký hiệu, ngày ban hành, kỳ báo cáo, căn cứ, "
            "chỉ tiêu và phần tường thuật, rồi xóa dòng «draft: true».", "draft", severity=WARNING)
    elif draft not in (None, False):
        err("chỉ nhận true (bản nháp) hoặc bỏ hẳn dòng này.", "draft", value=draft)

    number = text("number")
    if number is not None and not NUMBER_RE.match(number):
        err("số ký hiệu báo cáo phải có dạng <số>/<ký hiệu>, ví dụ 227/BC-UBND.", "number", value=number)

    def date_of(*keys):
        v = _get(data, *keys)
        if v in (None, ""):
            return None
        d = as_date(v)
        if d is None:
            err("ngày không hợp lệ; viết dạng yyyy-mm-dd, ví dụ 2023-12-06.", *keys, value=v)
        return d

    issued_on = date_of("issued_on")
    period = None
    p = data.get("period")
    if p in (None, ""):  # the calendar's dates for the folder's period id
        period = nominal
    elif not isinstance(p, dict):
        err("kỳ báo cáo phải có hai khóa start và end (hoặc bỏ khóa period để dùng ngày của lịch chốt số liệu "
            f"cho {nominal.name}: {nominal.range_text}).", "period", value=p)
    elif isinstance(p, dict):
        for key in p:
            if key not in ("start", "end"):
                err("khóa không hợp lệ; kỳ báo cáo chỉ có start và end.", "period", key)
        for key in ("start", "end"):
            if p.get(key) in (None, ""):
                err("thiếu ngày (bắt buộc).", "period", key)
        start, end = date_of("period", "start"), date_of("period", "end")
        if start and end:
            if end < start:
                err(f"ngày kết thúc kỳ báo cáo ({vn_date(end)}) trước ngày bắt đầu ({vn_date(start)}).",
                    "period", "end", value=vn_date(end))
            elif (y in (None, "") or y == year) and (wrong := _period_problem(start, end, nominal)):
                err(wrong, "period")
            else:
                period = Period(start, end, nominal.kind)
    if issued_on and period and issued_on < period.end:
        err(f"ngày ban hành ({vn_date(issued_on)}) trước ngày kết thúc kỳ báo cáo ({vn_date(period.end)}); "
            "báo cáo chỉ ban hành được khi kỳ báo cáo đã kết thúc.", "issued_on", value=vn_date(issued_on))
    if unit and issued_on and not unit.is_valid_on(issued_on):
        until = f" đến {vn_date(unit.valid_to)}" if unit.valid_to else ""
        err(f"{unit.full_name} chỉ có hiệu lực từ {vn_date(unit.valid_from)}{until}, không còn (hoặc chưa) "
            f"tồn tại vào ngày ban hành {vn_date(issued_on)}.", "issued_on", value=vn_date(issued_on))
    elif unit and period and not unit.is_valid_on(period.start):
        err(f"{unit.full_name} có hiệu lực từ {vn_date(unit.valid_from)}, sau ngày bắt đầu kỳ báo cáo "
            f"({vn_date(period.start)}); số liệu trước ngày đó thuộc đơn vị cũ.", "period", "start",
            severity=WARNING)

    basis = text("basis")
    addressee = text("addressee")

    signatory = None
    s = data.get("signatory")
    if s not in (None, "") and not isinstance(s, dict):
        err("người ký phải có các khóa authority, title, name.", "signatory", value=s)
    elif isinstance(s, dict):
        for key in s:
            if key not in SIGNATORY_KEYS:
                err(f"khóa không hợp lệ; chỉ dùng: {', '.join(SIGNATORY_KEYS)}.", "signatory", key)
        values = {}
        for key in SIGNATORY_KEYS:
            if s.get(key) in (None, ""):
                err("thiếu giá trị (bắt buộc).", "signatory", key)
            values[key] = text("signatory", key)
        authority = values["authority"]
        if authority is not None:
            authority = authority.rstrip(".").upper()
            if authority not in AUTHORITIES:
                err("chỉ nhận TM (TM. ỦY BAN NHÂN DÂN, chủ tịch ký) hoặc KT (KT. CHỦ TỊCH, phó chủ tịch ký).",
                    "signatory", "authority", value=values["authority"])
                authority = None
        if authority and values["title"] and values["name"]:
            signatory = Signatory(authority, values["title"].upper(), values["name"])

    recipients = data.get("recipients")
    if recipients not in (None, "", []):
        if not isinstance(recipients, list):
            err("nơi nhận phải là một danh sách, mỗi dòng bắt đầu bằng «- ».", "recipients", value=recipients)
            recipients = None
        else:
            for i, r in enumerate(recipients):
                if not isinstance(r, str) or not r:
                    err("mỗi nơi nhận phải là một dòng chữ.", "recipients", i, value=r)
            recipients = tuple(r for r in recipients if isinstance(r, str) and r)

    if unit is not None and period is not None:
        _stale_parents(unit, period, data, addressee, err)

    basis_key, formula = _on_time_formula(data, err, problems)
    targets = _targets(data, err, formula)
    service_index, index_problems = read_service_index()
    problems += [p for p in index_problems if p.is_error]

    narrative: dict[str, list[str]] = {k: [] for k in NARRATIVE_KEYS}
    n = data.get("narrative")
    if n not in (None, "", {}) and not isinstance(n, dict):
        err("phần lời văn phải là một nhóm khóa theo mục báo cáo: " + ", ".join(NARRATIVE_KEYS) + ".",
            "narrative", value=n)
    elif isinstance(n, dict):
        for key, v in n.items():
            if key not in NARRATIVE_KEYS:
                err("mục không hợp lệ; các mục được dùng: "
                    + ", ".join(f"{k} ({label})" for k, label in NARRATIVE_KEYS.items()) + ".", "narrative", key)
                continue
            if v in (None, ""):
                continue
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, list):
                err("mỗi mục là một danh sách đoạn văn, mỗi đoạn bắt đầu bằng «- ».", "narrative", key)
                continue
            for i, para in enumerate(v):
                if not isinstance(para, str):
                    err("mỗi đoạn văn phải là chữ (đặt trong ngoặc kép nếu có dấu «:»).", "narrative", key, i,
                        value=para)
                elif para:
                    narrative[key].append(para)
                    for fragment in citations.unclosed(para):
                        err("trích dẫn văn bản thiếu dấu «}»; viết {vb:19/KH-UBND}.", "narrative", key, i,
                            value=fragment)

    if any(pr.is_error for pr in problems):
        return None, problems
    return ReportParams(unit=unit, year=year, number=number, issued_on=issued_on, period=period, basis=basis,
                        signatory=signatory, recipients=recipients, addressee=addressee,
                        on_time_basis=basis_key, targets=targets, narrative=narrative,
                        on_time_formula=formula, service_index=service_index), problems


def _stale_parents(unit: Unit, period: Period, data: dict, addressee: str | None, err) -> None:
    """A warning, naming the line, for each recipient or the addressee that names a parent the unit
    no longer reported to at the period's end (`units.stale_parent_mentions`): a ward's report of
    the second half of 2025 sent to «UBND thị xã Đức Phổ» when it reports to the province."""
    texts = [(("recipients", i), r) for i, r in enumerate(data.get("recipients") or [])
             if isinstance(r, str) and r] if isinstance(data.get("recipients"), list) else []
    if addressee:
        texts.append((("addressee",), addressee))
    for keys, text in texts:
        for message in stale_parent_mentions(unit, period.end, [text]):
            err(message, *keys, value=text, severity=WARNING)


# --- the on-time formula and the targets ---------------------------------------------------------

def _on_time_formula(data: dict, err, problems: list[Problem]) -> tuple[str | None, Formula]:
    """(the legacy `on_time_basis` as written, the report's formula): `on_time_formula:`, else
    `on_time_basis:`, else the province's (`cchc-project.yaml`), else the default preset."""
    known, formula_problems = read_formulas()
    problems += [p for p in formula_problems if p.is_error]
    basis_key = data.get("on_time_basis")
    if basis_key in (None, ""):
        basis_key = None
    elif basis_key not in ON_TIME_BASES:
        err("cách tính tỷ lệ đúng hạn (cách ghi cũ) chỉ nhận: "
            + "; ".join(f"{k} ({v})" for k, v in ON_TIME_BASES.items())
            + "; hoặc dùng khóa on_time_formula với một trong: " + ", ".join({**formulas_m.PRESETS, **known}) + ".",
            "on_time_basis", value=basis_key)
        basis_key = None
    name = data.get("on_time_formula")
    formula = None
    if name not in (None, ""):
        formula = _resolve(name, known)
        if formula is None:
            err(formulas_m.unknown_message(name, known), "on_time_formula", value=name)
        elif basis_key is not None and not formula.same_terms(formulas_m.resolve(basis_key)):
            err(f"on_time_basis: {basis_key} (cách ghi cũ) khác on_time_formula: {name}; chỉ giữ một trong hai "
                "khóa (on_time_formula).", "on_time_basis", value=basis_key)
    if formula is None and basis_key is not None:
        formula = formulas_m.resolve(basis_key)
    if formula is None:
        formula = _province_formula(known, problems)
    return basis_key, formula


def _resolve(name, known: dict[str, Formula]) -> Formula | None:
    try:
        return formulas_m.resolve(name, known) if isinstance(name, str) else None
    except KeyError:
        return None


def _province_formula(known: dict[str, Formula], problems: list[Problem]) -> Formula:
    """The province's default on-time formula (`on_time_formula:` of cchc-project.yaml)."""
    from .project import ProjectError, read_settings

    try:
        root = paths.project_root()
        name = read_settings(root).on_time_formula
    except (ProjectError, paths.ProjectNotFound, OSError):  # no project, or a broken marker: the CLI says so
        return formulas_m.PRESETS[formulas_m.DEFAULT]
    if not name:
        return formulas_m.PRESETS[formulas_m.DEFAULT]
    try:
        return formulas_m.resolve(name, known)
    except KeyError as exc:
        marker = paths.marker_file()
        try:
            row = read_yaml(marker).line("on_time_formula")
        except InputError:
            row = None
        problems.append(Problem(ERROR, paths.relative(marker), f"Khóa «on_time_formula»: {exc.args[0]}", row,
                                None, str(name)))
        return formulas_m.PRESETS[formulas_m.DEFAULT]


def _targets(data: dict, err, report_formula: Formula) -> dict[str, Target]:
    known, _ = read_formulas()
    targets: dict[str, Target] = {}
    t = data.get("targets")
    if t not in (None, "", {}) and not isinstance(t, dict):
        err("chỉ tiêu phải là một nhóm khóa: " + ", ".join(TARGET_KEYS) + ".", "targets", value=t)
        return targets
    if not isinstance(t, dict):
        return targets
    for key, v in t.items():
        if key not in TARGET_KEYS:
            err(f"chỉ tiêu không hợp lệ; các chỉ tiêu được dùng: {', '.join(TARGET_KEYS)}.", "targets", key)
            continue
        if v is None:
            continue
        spec = v if isinstance(v, dict) else {"value": v}
        unknown = set(spec) - {"value", "document", "formula", "basis"}
        if unknown:
            err("chỉ tiêu chỉ có các khóa value (giá trị), document (văn bản giao chỉ tiêu, dạng "
                "{vb:12/KH-UBND}) và formula (cách tính, chỉ cho on_time; basis là cách ghi cũ).", "targets", key,
                value=", ".join(sorted(map(str, unknown))))
            continue
        value, document = spec.get("value"), spec.get("document")
        fkey = "formula" if "formula" in spec else "basis"
        tformula = spec.get(fkey)
        if "formula" in spec and "basis" in spec:
            err("chỉ ghi một trong hai khóa formula và basis (cách ghi cũ).", "targets", key, "basis")
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            err("chỉ tiêu phải là một số dạng phân số, ví dụ 0.5 cho 50%.", "targets", key, value=value)
        elif not 0 <= value <= 1:
            hint = f" (viết {value / 100:g} cho {value:g}%)" if 1 < value <= 100 else ""
            err(f"chỉ tiêu phải nằm trong khoảng 0 đến 1{hint}.", "targets", key, value=value)
        elif document is not None and not (isinstance(document, str) and citations.is_citation(document)):
            err("văn bản giao chỉ tiêu phải là một trích dẫn dạng {vb:12/KH-UBND}.", "targets", key,
                "document", value=document)
        elif tformula is not None and key != "on_time":
            err(f"cách tính ({fkey}) chỉ dùng cho chỉ tiêu on_time.", "targets", key, fkey, value=tformula)
        else:
            resolved = None
            if tformula is not None:
                resolved = _resolve(tformula, known)
                if resolved is None:
                    err(formulas_m.unknown_message(tformula, known), "targets", key, fkey, value=tformula)
                    continue
                if not resolved.same_terms(report_formula):
                    err(f"chỉ tiêu tính theo cách tính «{resolved.key}» ({resolved.name}), khác cách tính tỷ lệ "
                        f"đúng hạn của báo cáo «{report_formula.key}» ({report_formula.name}): báo cáo không so sánh "
                        "tỷ lệ với chỉ tiêu này.", "targets", key, fkey, value=tformula, severity=WARNING)
            targets[key] = Target(key, float(value), nfc(document) if document else None, resolved)
    return targets


def read_formulas(path: Path | None = None) -> tuple[dict[str, Formula], list[Problem]]:
    """The project's own on-time formulas, `params/formulas.yaml` (absent: none), parsed by
    `figures.formulas.parse`; a duplicate key, an unknown term or an empty side is an error
    naming the file and line. Read once per file version."""
    path = Path(path or paths.params_dir() / "formulas.yaml")
    try:
        stamp = path.stat()
    except OSError:
        return {}, []
    cache_key = (str(path.resolve()), stamp.st_mtime_ns, stamp.st_size)
    if cache_key not in _FORMULAS_CACHE:
        _FORMULAS_CACHE.clear()
        _FORMULAS_CACHE[cache_key] = _read_formulas(path)
    found, problems = _FORMULAS_CACHE[cache_key]
    return dict(found), list(problems)


_FORMULAS_CACHE: dict[tuple, tuple[dict[str, Formula], list[Problem]]] = {}


def _read_formulas(path: Path) -> tuple[dict[str, Formula], list[Problem]]:
    rel = paths.relative(path)
    try:
        doc = read_yaml(path)
    except InputError as exc:
        return {}, exc.problems
    import yaml

    duplicates: dict[str, int] = {}
    root = getattr(doc, "_root", None)
    if isinstance(root, yaml.MappingNode):  # YAML keeps the last of a repeated key silently
        seen = set()
        for k, _ in root.value:
            if k.value in seen:
                duplicates.setdefault(k.value, k.start_mark.line + 1)
            seen.add(k.value)
    found, raw = formulas_m.parse(doc.data, doc.line, rel, duplicates)
    return found, [Problem(ERROR, rel, message, row, None, value) for message, row, value in raw]


def read_service_index(path: Path | None = None):
    """The service index's weights, thresholds and formulas (`figures.service_index.Config`):
    `params/chi-so-phuc-vu.yaml`, or None when the project has none (the shipped `DEFAULT` then
    applies); an error in the file names its line. Read once per file version."""
    path = Path(path or paths.service_index_file())
    try:
        stamp = path.stat()
    except OSError:
        return None, []
    cache_key = (str(path.resolve()), stamp.st_mtime_ns, stamp.st_size)
    if cache_key not in _SERVICE_INDEX_CACHE:
        _SERVICE_INDEX_CACHE.clear()
        _SERVICE_INDEX_CACHE[cache_key] = _read_service_index(path)
    config, problems = _SERVICE_INDEX_CACHE[cache_key]
    return config, list(problems)


_SERVICE_INDEX_CACHE: dict[tuple, tuple] = {}


def _read_service_index(path: Path):
    from .figures import service_index as service_index_m

    rel = paths.relative(path)
    try:
        doc = read_yaml(path)
    except InputError as exc:
        return None, exc.problems
    known, _ = read_formulas()
    config, raw = service_index_m.parse(doc.data, doc.line, rel, known)
    return config, [Problem(ERROR, rel, message, row, None, value) for message, row, value in raw]


def _get(data, *keys):
    for k in keys:
        if isinstance(data, dict):
            data = data.get(k)
        elif isinstance(data, list) and isinstance(k, int) and k < len(data):
            data = data[k]
        else:
            return None
    return data


# The longest span a period of each kind may be given (days): a little over its calendar span.
MAX_DAYS = {"thang": 31, "q1": 92, "q2": 92, "q3": 92, "q4": 92, "6t": 184, "9t": 276, "nam": 366}


def _project_calendar() -> Calendar:
    from .project import calendar
    return calendar()


def _period_problem(start: dt.date, end: dt.date, nominal: Period) -> str | None:
    """Why `start`–`end` cannot be the report of `nominal` (the folder's period), or None.

    Provinces close the year's figures early in December, some start mid-December of the year
    before: a period may have its own dates, but it ends in the id's year (and month, for a
    month), starts at most a year before, and is no longer than its kind allows. A custom range
    is its dates: the id and the key must agree."""
    span = f"{vn_date(start)} – {vn_date(end)}"
    year = nominal.year
    if nominal.kind == "tuy-chon":
        if (start, end) != (nominal.start, nominal.end):
            return (f"kỳ báo cáo {span} khác khoảng thời gian mà tên thư mục «{nominal.id}» ghi "
                    f"({nominal.range_text}); với kỳ tùy chọn, tên thư mục là <ngày bắt đầu>_<ngày kết thúc>, "
                    "có thể bỏ khóa period.")
        return None
    if nominal.kind == "nam":
        if start.year in (year - 1, year) and end.year == year and (end - start).days < MAX_DAYS["nam"]:
            return None
        return (f"kỳ báo cáo {span} không thuộc năm {year}: kỳ báo cáo năm {year} phải bắt đầu trong năm "
                f"{year - 1} hoặc {year}, kết thúc trong năm {year} và dài không quá một năm.")
    where = f"tháng {nominal.month} năm {year}" if nominal.kind == "thang" else f"năm {year}"
    ends_there = end.year == year and (nominal.kind != "thang" or end.month == nominal.month)
    if ends_there and start.year >= year - 1 and (end - start).days < MAX_DAYS[nominal.kind]:
        return None
    return (f"kỳ báo cáo {span} không thuộc {nominal.name} (thư mục params/{nominal.id}/): kỳ phải kết thúc "
            f"trong {where} và dài không quá {MAX_DAYS[nominal.kind]} ngày; bỏ khóa period để dùng ngày của lịch "
            f"chốt số liệu ({nominal.range_text}).")


def report_period(period, slug: str, calendar: Calendar | None = None) -> Period:
    """The dates a report covers, without checking the rest of its params: the params' own
    `period: {start, end}` when the file can be read and they fit the id, else the calendar's dates
    for the id (what the build hashes and which data folders a report reads)."""
    nominal = parse_id(period, calendar or _project_calendar())
    try:
        data = read_yaml(paths.report_params_file(nominal.id, slug)).data
    except (InputError, ValueError):
        return nominal
    p = data.get("period") if isinstance(data, dict) else None
    if isinstance(p, dict):
        start, end = as_date(p.get("start")), as_date(p.get("end"))
        if start and end and start <= end and _period_problem(start, end, nominal) is None:
            return Period(start, end, nominal.kind)
    return nominal


def load_report_params(period, slug: str, units: dict[str, Unit]) -> ReportParams:
    params, problems = read_report_params(period, slug, units)
    if params is None:
        raise InputError(problems)
    return params


# --- citations -----------------------------------------------------------------------------------

def check_citations(params: ReportParams, documents: pd.DataFrame, path: Path | None = None) -> list[Problem]:
    """Every `{vb:...}` of the narrative must name exactly one document of the register
    (`cchc.citations`: the same grammar and lookup the report renders with)."""
    path = Path(path or paths.report_params_file(params.period.id, params.unit.slug))
    rel = paths.relative(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    problems = []
    texts = [(f"narrative.{key}", para) for key, paragraphs in params.narrative.items() for para in paragraphs]
    texts += [(f"targets.{key}.document", t.document) for key, t in params.targets.items() if t.document]
    for where, text in texts:
        for token, message in citations.check(text, documents):
            row = next((i + 1 for i, line in enumerate(lines) if token in nfc(line)), None)
            problems.append(Problem(ERROR, rel, f"Khóa «{where}»: trích dẫn {message}", row, None, token))
    # The frame (basis, addressee, recipients, signatory) is printed as typed: a placeholder there
    # would reach the page raw, so it is refused (the narrative and the targets are where it renders).
    frame = [("basis", params.basis), ("addressee", params.addressee)]
    frame += [(f"recipients[{i}]", r) for i, r in enumerate(params.recipients or [])]
    for where, text in frame:
        for c in citations.parse(text or ""):
            row = next((i + 1 for i, line in enumerate(lines) if c.token in nfc(line)), None)
            problems.append(Problem(
                ERROR, rel, f"Khóa «{where}»: trích dẫn {c.token} chỉ dùng được trong narrative và "
                            "targets.*.document; ở đây hãy viết số, ngày và trích yếu văn bản như sẽ in ra.",
                row, None, c.token))
    return problems


def read_finding_rules(path: Path | None = None) -> tuple[FindingRules, list[Problem]]:
    """params/findings.yaml, the thresholds of section III's findings; absent means the defaults."""
    path = Path(path or paths.findings_file())
    if not path.exists():
        return FindingRules(), []
    try:
        doc = read_yaml(path)
    except InputError as exc:
        return FindingRules(), exc.problems
    data, rel, problems = doc.data or {}, paths.relative(path), []
    if not isinstance(data, dict):
        return FindingRules(), [Problem(ERROR, rel, "tệp phải là một nhóm khóa, ví dụ rate_change_points: 5.", 1)]
    known = {f.name for f in dataclasses.fields(FindingRules)}
    values = {}
    for key, value in data.items():
        if key not in known:
            problems.append(Problem(ERROR, rel, f"khóa không hợp lệ; các khóa được dùng: {', '.join(sorted(known))}.",
                                    doc.line(key), key))
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            problems.append(Problem(ERROR, rel, "phải là một số không âm (điểm phần trăm), ví dụ 5.",
                                    doc.line(key), key, str(value)))
        else:
            values[key] = float(value)
    return FindingRules(**values), problems
