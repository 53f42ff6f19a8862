"""Typing and checking the inputs of a unit-year; `cchc validate`.

Every problem names the file (relative path), the spreadsheet row, the column by its Vietnamese
header, the value and what was expected, in Vietnamese. All problems are collected, never just the
first. Typing is vectorised; Python loops only build messages for rows that failed.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths, schema
from .model import ReportParams, UnitYear
from .params import check_citations, read_report_params
from .parsing import (BOOL_EXPECTED, DATE_EXPECTED, INT_EXPECTED, parse_bool, parse_bools, parse_dates, parse_day,
                      parse_enum, parse_ints, parse_number)
from .problems import ERROR, WARNING, InputError, Problem
from .readers import Aliases, EmptyFileError, header_key, read_aliases, read_table, suffixes
from .schema import BOOL, DATE, ENUM, FLOAT, INT, STR, Column, Register
from .units import read_units

MAX_ROWS_PER_CHECK = 10  # beyond this, one summary line per check and column


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def _d(day) -> str:
    return pd.Timestamp(day).strftime("%d/%m/%Y")


# --- collecting problems -------------------------------------------------------------------------

@dataclass
class Collector:
    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, severity, message, row=None, column=None, value=None):
        self.problems.append(Problem(severity, self.file, message, row, column,
                                     None if value is None else str(value)))

    def rows(self, severity: str, mask: pd.Series, column: str | None, message,
             values: pd.Series | None = None) -> None:
        """One problem per failing row (capped); `message` is a string or a function of the row label."""
        failing = mask.index[mask.to_numpy(dtype=bool)]
        for row in failing[:MAX_ROWS_PER_CHECK]:
            text = message(row) if callable(message) else message
            value = None if values is None else values.get(row)
            if value is not None and pd.isna(value):
                value = ""
            elif isinstance(value, pd.Timestamp):
                value = value.strftime("%d/%m/%Y")
            self.add(severity, text, int(row), column, value)
        rest = len(failing) - MAX_ROWS_PER_CHECK
        if rest > 0:
            sample = ", ".join(str(r) for r in failing[MAX_ROWS_PER_CHECK:MAX_ROWS_PER_CHECK + 10])
            text = message(failing[MAX_ROWS_PER_CHECK]) if callable(message) else message
            self.add(severity, f"Còn {_n(rest)} dòng khác có cùng lỗi (dòng {sample}"
                               f"{', ...' if rest > 10 else ''}): {text}", None, column)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def _empty(kind: str, n: int, index) -> pd.Series:
    if kind == DATE:
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    if kind == BOOL:
        return pd.Series(np.zeros(n, dtype=bool), index=index)
    if kind == INT:
        return pd.Series(np.zeros(n, dtype="int64"), index=index)
    if kind == FLOAT:
        return pd.Series(np.full(n, np.nan), index=index)
    if kind == ENUM:
        return pd.Series([np.nan] * n, index=index, dtype="str")
    return pd.Series([""] * n, index=index, dtype="str")


def type_register(raw: pd.DataFrame, register: Register, file: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Raw strings (file headers) -> the schema's typed frame; None when the columns are unusable."""
    out = Collector(file)
    by_key = {header_key(c.header): c for c in register.columns}
    present: dict[str, str] = {}
    for name in raw.columns:
        column = by_key.get(header_key(name))
        if column is None:
            out.add(WARNING, f"Cột «{name}» không thuộc {register.title}; cột này được bỏ qua. Nếu đây là tên "
                             "cột riêng của đơn vị, khai báo tên tương ứng trong params/aliases.yaml.", 1, name)
        else:
            present[column.key] = name
    expected = ", ".join(f"«{c.header}»" for c in register.columns if c.required)
    for column in register.columns:
        if column.required and column.key not in present:
            out.add(ERROR, f"Thiếu cột bắt buộc «{column.header}» ở dòng tiêu đề. Các cột bắt buộc của "
                           f"{register.title}: {expected}.", 1, column.header)
    if not len(raw):
        out.add(ERROR, f"Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào; {register.title} phải có ít nhất "
                       "một dòng.", 2)
    typed = {}
    for column in register.columns:
        if column.key not in present:
            typed[column.key] = _empty(column.kind, len(raw), raw.index)
            continue
        s = raw[present[column.key]]
        typed[column.key] = _type_column(s, column, out)
    if any(c.required and c.key not in present for c in register.columns):
        return None, out.problems
    frame = pd.DataFrame(typed, index=raw.index)
    for column in register.columns:
        if column.unique:
            _check_unique(frame, [column.key], register, out)
    return frame, out.problems


def _type_column(s: pd.Series, column: Column, out: Collector) -> pd.Series:
    header = column.header
    if column.kind != BOOL and not column.nullable:
        out.rows(ERROR, s == "", header, "Ô trống; cột này bắt buộc phải có giá trị.", s)
    if column.kind == STR:
        return s.astype("str")
    if column.kind == DATE:
        values, bad = parse_dates(s)
        out.rows(ERROR, bad, header, f"Ngày không hợp lệ; {DATE_EXPECTED}.", s)
    elif column.kind == INT:
        values, bad = parse_ints(s)
        out.rows(ERROR, bad, header, f"Không phải số nguyên; {INT_EXPECTED}.", s)
    elif column.kind == FLOAT:
        parsed = s.map(lambda t: parse_number(t, False) if t else np.nan)
        bad = (s != "") & parsed.isna()
        values = parsed.astype("float64")
        out.rows(ERROR, bad, header, "Không phải số; cần số như 95 hoặc 58,79.", s)
    elif column.kind == BOOL:
        values, bad = parse_bools(s)
        out.rows(ERROR, bad, header, f"Giá trị không hợp lệ; {BOOL_EXPECTED}.", s)
    elif column.kind == ENUM:
        values, bad = parse_enum(s, column.values)
        allowed = ", ".join(f"«{v}»" for v in column.values)
        out.rows(ERROR, bad, header, f"Giá trị không thuộc danh mục; chỉ nhận: {allowed}.", s)
    else:  # pragma: no cover - schema kinds are closed
        raise ValueError(column.kind)
    if column.kind in (INT, FLOAT) and (column.min_value is not None or column.max_value is not None):
        ok = ~bad & (s != "")
        if column.min_value is not None:
            out.rows(ERROR, ok & (values < column.min_value), header,
                     f"Giá trị nhỏ hơn mức tối thiểu {column.min_value:g}.", s)
        if column.max_value is not None:
            out.rows(ERROR, ok & (values > column.max_value), header,
                     f"Giá trị lớn hơn mức tối đa {column.max_value:g}.", s)
    return values


def _check_unique(frame: pd.DataFrame, keys: list[str], register: Register, out: Collector,
                  what: str | None = None) -> None:
    sub = frame[keys]
    filled = sub.notna().all(axis=1) & (sub.astype("str") != "").all(axis=1)
    dup = sub.duplicated(keep=False) & filled
    if not dup.any():
        return
    first_of: dict[tuple, int] = {}
    first = {}
    for row, key in zip(sub.index[dup], sub[dup].itertuples(index=False, name=None)):
        if key in first_of:
            first[row] = first_of[key]
        else:
            first_of[key] = row
    later = pd.Series(sub.index.isin(list(first)), index=sub.index)
    header = register.column(keys[0]).header
    what = what or f"«{header}»"
    out.rows(ERROR, later, header,
             lambda r: f"{what} trùng với dòng {first[r]} (giá trị này có ở cả dòng {first[r]} và dòng {r}); "
                       "mỗi giá trị chỉ được ghi một lần.", frame[keys[0]].astype("str"))


# --- register-specific checks --------------------------------------------------------------------

def check_dossiers(frame: pd.DataFrame, out: Collector, params: ReportParams | None) -> pd.DataFrame:
    """Cross-column checks; returns the frame without the rows that fall outside the period."""
    h = {c.key: c.header for c in schema.DOSSIERS.columns}
    rec, due, res = frame["ngay_tiep_nhan"], frame["han_giai_quyet"], frame["ngay_co_ket_qua"]
    status = frame["trang_thai"]
    out.rows(ERROR, due < rec, h["han_giai_quyet"],
             lambda r: f"Hạn giải quyết ({_d(due[r])}) trước ngày tiếp nhận ({_d(rec[r])}); hạn phải cùng "
                       "ngày hoặc sau ngày tiếp nhận.", due)
    out.rows(ERROR, res < rec, h["ngay_co_ket_qua"],
             lambda r: f"Ngày có kết quả ({_d(res[r])}) trước ngày tiếp nhận ({_d(rec[r])}); kết quả phải cùng "
                       "ngày hoặc sau ngày tiếp nhận.", res)
    resolved = status.eq("da_giai_quyet").fillna(False)
    pending = status.eq("dang_giai_quyet").fillna(False)
    out.rows(ERROR, resolved & res.isna(), h["ngay_co_ket_qua"],
             "Hồ sơ «Đã giải quyết» phải có ngày có kết quả.", res)
    out.rows(ERROR, pending & res.notna(), h["ngay_co_ket_qua"],
             "Hồ sơ «Đang giải quyết» không được có ngày có kết quả; nếu đã có kết quả, sửa trạng thái thành "
             "«Đã giải quyết».", res)
    if params is None:
        return frame
    start, end = pd.Timestamp(params.period.start), pd.Timestamp(params.period.end)
    late = rec > end
    out.rows(WARNING, late, h["ngay_tiep_nhan"],
             lambda r: f"Hồ sơ tiếp nhận sau ngày kết thúc kỳ báo cáo ({_d(end)}); không tính vào báo cáo.",
             rec)
    # Carried over means still open at the period start; one closed before it belongs to no figure here.
    stale = (rec < start) & (res < start)
    out.rows(WARNING, stale, h["ngay_co_ket_qua"],
             lambda r: f"Hồ sơ tiếp nhận từ kỳ trước ({_d(rec[r])}) đã có kết quả trước ngày bắt đầu kỳ báo cáo "
                       f"({_d(start)}); không tính vào báo cáo.", res)
    return frame[~(late | stale).to_numpy()]


PERSON_COLUMNS = ("trinh_do_van_hoa", "trinh_do_chuyen_mon", "ly_luan_chinh_tri", "dat_chuan",
                  "nang_luong_thuong_xuyen", "nang_luong_truoc_han", "ky_luat", "cap_nhat_phan_mem")


def check_staff(frame: pd.DataFrame, out: Collector) -> None:
    vacant = frame["vi_tri_trong"]
    for key in PERSON_COLUMNS:
        column = schema.STAFF.column(key)
        s = frame[key]
        filled = s if column.kind == BOOL else s.notna()
        shown = s.map({True: "Có", False: "Không"}) if column.kind == BOOL else s.map(
            {code: label for label, code in column.values.items()})
        out.rows(ERROR, vacant & filled, column.header,
                 "Vị trí trống (cột «Vị trí trống» là «Có») thì các cột về người giữ vị trí phải để trống "
                 "(hoặc «Không»).", shown)
    for key in ("trinh_do_van_hoa", "trinh_do_chuyen_mon", "ly_luan_chinh_tri"):
        column = schema.STAFF.column(key)
        allowed = ", ".join(f"«{v}»" for v in column.values)
        out.rows(WARNING, ~vacant & frame[key].isna(), column.header,
                 f"Vị trí có người nhưng ô trống; người này sẽ được tính là «không rõ». Ghi một trong: {allowed}.",
                 frame[key].astype("str"))


def check_documents(frame: pd.DataFrame, out: Collector) -> None:
    _check_unique(frame, ["so_ky_hieu", "ngay_ban_hanh"], schema.DOCUMENTS, out,
                  what="Văn bản cùng số ký hiệu và cùng ngày ban hành")


def type_indicators(raw: pd.DataFrame, file: str) -> tuple[dict | None, list[Problem]]:
    frame, problems = type_register(raw, schema.INDICATORS_REGISTER, file)
    out = Collector(file, problems)
    if frame is None:
        return None, out.problems
    known = {i.code: i for i in schema.INDICATORS}
    code_h = schema.INDICATORS_REGISTER.column("ma_chi_so").header
    value_h = schema.INDICATORS_REGISTER.column("gia_tri").header
    values: dict[str, object] = {code: None for code in known}
    seen = set()
    for row, code, text in zip(frame.index, frame["ma_chi_so"], frame["gia_tri"]):
        if not code:
            continue
        indicator = known.get(code) or known.get(code.casefold())
        if indicator is None:
            out.add(ERROR, "Mã chỉ số không có trong danh mục; các mã được dùng: " + ", ".join(known) + ".",
                    int(row), code_h, code)
            continue
        seen.add(indicator.code)
        if text == "":
            if indicator.required:
                out.add(ERROR, f"Chỉ số «{indicator.label}» bắt buộc phải có giá trị.", int(row), value_h, text)
            continue
        value, expected = _indicator_value(indicator, text)
        if value is None:
            out.add(ERROR, f"Giá trị của chỉ số «{indicator.label}» không hợp lệ; {expected}.", int(row), value_h,
                    text)
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            low, high = indicator.min_value, indicator.max_value
            if (low is not None and value < low) or (high is not None and value > high):
                span = f"từ {low:g}" if low is not None else ""
                span += f" đến {high:g}" if high is not None else " trở lên"
                unit = f" {indicator.unit}" if indicator.unit else ""
                out.add(ERROR, f"Giá trị của chỉ số «{indicator.label}» phải {span}{unit}.", int(row), value_h, text)
                continue
        values[indicator.code] = value
    for indicator in schema.INDICATORS:
        if indicator.required and indicator.code not in seen:
            out.add(ERROR, f"Thiếu chỉ số bắt buộc «{indicator.code}» ({indicator.label}); thêm một dòng có "
                           f"«{code_h}» là {indicator.code}.", None, code_h)
    return values, out.problems


def _indicator_value(indicator: schema.Indicator, text: str):
    if indicator.kind == INT:
        return parse_number(text, True), INT_EXPECTED
    if indicator.kind == FLOAT:
        t = text[:-1].strip() if text.endswith("%") else text
        value = parse_number(t, False)
        return (None if value is None else float(value)), "cần một số, ví dụ 95 hoặc 58,79" + (" (đơn vị %)" if indicator.unit == "%"
                                                                            else "")
    if indicator.kind == DATE:
        return parse_day(text, month_ok=True), "cần tháng/năm (ví dụ 12/2021) hoặc ngày dd/mm/yyyy"
    if indicator.kind == BOOL:
        return parse_bool(text), BOOL_EXPECTED
    return text, ""


# --- a unit-year ---------------------------------------------------------------------------------

@dataclass
class Context:
    """What every unit-year shares: the units registry and the alias map, read once per run."""
    units: dict
    aliases: Aliases
    problems: list[Problem]

    @classmethod
    def read(cls) -> "Context":
        units, p1 = read_units()
        aliases, p2 = read_aliases()
        return cls(units, aliases, p1 + p2)


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
                frame = check_dossiers(frame, out, params)
            elif register is schema.STAFF:
                check_staff(frame, out)
            elif register is schema.DOCUMENTS:
                check_documents(frame, out)
        problems += out.problems
        typed[register.key] = frame

    if params is not None and typed.get("documents") is not None:
        problems += check_citations(params, typed["documents"], params_path)

    if any(p.is_error for p in problems) or params is None or any(typed.get(r.key) is None for r in schema.REGISTERS):
        return None, problems
    unit_year = UnitYear(unit=params.unit, params=params, dossiers=typed["dossiers"], staff=typed["staff"],
                         documents=typed["documents"], indicators=typed["indicators"], files=files,
                         problems=problems)
    return unit_year, problems


# --- every unit-year -----------------------------------------------------------------------------

def discover(years=None, units=None) -> list[tuple[int, str]]:
    """Every (year, slug) with params or data, filtered; sorted by year then slug."""
    found = set()
    for base, pick in ((paths.params_dir(), lambda p: p.suffix == ".yaml" and p.is_file()),
                       (paths.data_dir(), lambda p: p.is_dir() and not p.name.startswith("."))):
        if not base.is_dir():
            continue
        for year_dir in base.iterdir():
            if year_dir.is_dir() and re.fullmatch(r"\d{4}", year_dir.name):
                for entry in year_dir.iterdir():
                    if pick(entry):
                        found.add((int(year_dir.name), entry.stem if entry.is_file() else entry.name))
    years = {int(y) for y in _as_list(years)}
    units = set(_as_list(units))
    return sorted((y, s) for y, s in found if (not years or y in years) and (not units or s in units))


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return list(value)
    return [value]


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
        if _as_list(years):
            what.append("năm " + ", ".join(str(y) for y in _as_list(years)))
        if _as_list(units):
            what.append("đơn vị " + ", ".join(_as_list(units)))
        shared.append(Problem(ERROR, paths.relative(paths.params_dir()),
                              "Không tìm thấy báo cáo nào" + (f" cho {' và '.join(what)}" if what else "")
                              + " trong params/ và data/."))
    for slug in _as_list(units):
        if slug not in context.units and not any(s == slug for _, s in selected) and context.units:
            shared.append(Problem(ERROR, paths.relative(paths.units_file()),
                                  f"Không có đơn vị «{slug}» trong danh sách đơn vị.", value=slug))
    return shared, groups


def validate_all(years=None, units=None) -> list[Problem]:
    shared, groups = validate_grouped(years, units)
    return shared + [p for problems in groups.values() for p in problems]


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (not p.is_error,))  # stable: file order kept within severity


def main_validate(args) -> int:
    """`cchc validate`: print problems by unit-year, errors first; 1 on errors, 0 otherwise, 2 on a bug."""
    _utf8_stdout()
    try:
        years = getattr(args, "year", None)
        units = getattr(args, "unit", None)
        shared, groups = validate_grouped(years, units)
        context_units = {}
        try:
            context_units = read_units()[0]
        except Exception:  # noqa: BLE001 - naming is cosmetic
            pass
        if shared:
            errors = sum(p.is_error for p in shared)
            print(f"== Chung (danh sách đơn vị, bảng tên gọi khác, phạm vi kiểm tra): {errors} lỗi, "
                  f"{len(shared) - errors} cảnh báo")
            for p in _sorted(shared):
                print("  " + str(p))
        order = sorted(groups.items(), key=lambda kv: (not any(p.is_error for p in kv[1]), kv[0]))
        for (year, slug), problems in order:
            if not problems:
                continue
            errors = sum(p.is_error for p in problems)
            unit = context_units.get(slug)
            name = f"{unit.title_name} ({slug})" if unit else slug
            print(f"== {name}, năm {year}: {errors} lỗi, {len(problems) - errors} cảnh báo")
            for p in _sorted(problems):
                print("  " + str(p))
        failed = sum(any(p.is_error for p in ps) for ps in groups.values())
        warnings = sum(not p.is_error for ps in groups.values() for p in ps) + sum(not p.is_error for p in shared)
        print(f"{len(groups)} báo cáo: {len(groups) - failed} hợp lệ, {failed} có lỗi, {warnings} cảnh báo"
              + (f"; phần chung có {sum(p.is_error for p in shared)} lỗi" if any(p.is_error for p in shared)
                 else ""))
        return 1 if failed or any(p.is_error for p in shared) else 0
    except InputError as exc:  # defensive: every reader reports through problems
        for p in exc.problems:
            print(str(p))
        return 1
    except Exception as exc:  # noqa: BLE001 - no traceback reaches a ward analyst
        print(f"Lỗi nội bộ của chương trình (không phải do dữ liệu): {type(exc).__name__}: {exc}. "
              "Xin báo lại cho nhóm phát triển kèm lệnh đã chạy.", file=sys.stderr)
        return 2


def _utf8_stdout() -> None:
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
