"""Typing a register's raw frame by the schema, and the per-register cross-checks.

Every problem names the file (relative path), the spreadsheet row, the column by its Vietnamese
header, the value and what was expected, in Vietnamese. All problems are collected, never just the
first. Typing is vectorised; Python loops only build messages for rows that failed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema
from .figures.tthc import closing_date, out_of_scope
from .model import ReportParams
from .parsing import (BOOL_EXPECTED, DATE_EXPECTED, INT_EXPECTED, parse_bool, parse_bools, parse_dates, parse_day,
                      parse_enum, parse_ints, parse_number)
from .parsing import int_problem
from .problems import ERROR, WARNING, Collector, Problem
from .readers import header_key
from .schema import BOOL, DATE, ENUM, FLOAT, INT, STR, Column, Register


def _d(day) -> str:
    return pd.Timestamp(day).strftime("%d/%m/%Y")


# --- typing by the schema ------------------------------------------------------------------------

def _empty(kind: str, n: int, index, unknown: bool = False) -> pd.Series:
    """The values of a column the file does not have; `unknown` (an optional yes/no column):
    missing (NA), not "Không" on every row."""
    if kind == DATE:
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    if kind == BOOL and unknown:
        return pd.Series(pd.NA, index=index, dtype="boolean")
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
                             "cột riêng của đơn vị, khai báo tên tương ứng trong hồ sơ nhập (params/profiles/).",
                    1, name)
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
            typed[column.key] = _empty(column.kind, len(raw), raw.index, unknown=not column.required and column.nullable)
            continue
        s = raw[present[column.key]]
        typed[column.key] = _type_column(s, column, out)
    if any(c.required and c.key not in present for c in register.columns):
        return None, out.problems
    frame = pd.DataFrame(typed, index=raw.index)
    for column in register.columns:
        if column.unique:
            _check_unique(frame, [column.key], register, out)
    # A yes/no column left blank on every row is missing data, not "Không" on every row: the report
    # prints no sentence from it (never a negative fact) and says so here.
    blank = tuple(c.key for c in register.columns if c.kind == BOOL and c.key in present and len(raw)
                  and raw[present[c.key]].fillna("").astype(str).str.strip().eq("").all())
    for key in blank:
        out.add(WARNING, f"Cột «{register.column(key).header}» để trống ở mọi dòng nên được coi là chưa có dữ "
                         "liệu: báo cáo không nêu số liệu tính từ cột này.", None, register.column(key).header)
    for key in blank:  # an optional yes/no column left blank everywhere is unknown, as if absent
        column = register.column(key)
        if not column.required and column.nullable:
            frame[key] = _empty(BOOL, len(frame), frame.index, unknown=True)
    frame.attrs["blank_columns"] = blank
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
        out.rows(ERROR, bad, header, lambda r: int_problem(s[r]), s)
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
    """Cross-column checks; returns the frame without the rows that fall outside the period
    (warned about when the frame is one file; a frame of several files, with
    `schema.SOURCE_FILE`, holds other periods' rows by design)."""
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
    awaiting = status.eq("cho_bo_sung").fillna(False)
    closed_early = status.isin(("rut", "tra_lai")).fillna(False)
    out.rows(ERROR, resolved & res.isna(), h["ngay_co_ket_qua"],
             "Hồ sơ «Đã giải quyết» phải có ngày có kết quả.", res)
    out.rows(ERROR, pending & res.notna(), h["ngay_co_ket_qua"],
             "Hồ sơ «Đang giải quyết» không được có ngày có kết quả; nếu đã có kết quả, sửa trạng thái thành "
             "«Đã giải quyết».", res)
    out.rows(ERROR, awaiting & res.notna(), h["ngay_co_ket_qua"],
             "Hồ sơ «Chờ bổ sung» chưa kết thúc nên không được có ngày có kết quả; nếu hồ sơ đã có kết quả, đã "
             "rút hoặc bị trả lại, sửa trạng thái cho đúng.", res)
    out.rows(WARNING, closed_early & res.isna(), h["ngay_co_ket_qua"],
             lambda r: f"Hồ sơ «{schema.DOSSIERS.column('trang_thai').label(status[r])}» không có ngày có kết quả "
                       f"(ngày rút hoặc trả lại hồ sơ); được tính là kết thúc vào ngày tiếp nhận ({_d(rec[r])}). "
                       "Ghi ngày rút, trả lại hồ sơ vào cột này để số liệu từng kỳ đúng.", res)
    if "co_phi" in frame:
        fee = frame["co_phi"]
        h_fee = h["co_phi"]
        if fee.isna().all() and "co_phi" not in frame.attrs.get("blank_columns", ()):
            out.add(WARNING, f"Không có cột «{h_fee}» (hồ sơ có thu phí, lệ phí: Có/Không): báo cáo không nêu tỷ lệ "
                             "thanh toán trực tuyến trên số hồ sơ có thu phí, lệ phí.", None, h_fee)
        else:
            paid_free = frame["thanh_toan_truc_tuyen"].fillna(False).astype(bool) & ~fee.fillna(False).astype(bool)
            out.rows(WARNING, paid_free, h_fee,
                     f"Hồ sơ có «{h['thanh_toan_truc_tuyen']}» là Có nhưng «{h_fee}» là Không; hồ sơ này không "
                     "được tính vào tỷ lệ thanh toán trực tuyến trên số hồ sơ có thu phí, lệ phí.",
                     fee.map({True: "Có", False: "Không"}))
    check_result_not_in_future(frame, out)
    if params is None:
        return frame
    start, end = pd.Timestamp(params.period.start), pd.Timestamp(params.period.end)
    late, stale = out_of_scope(frame, params.period)
    if schema.SOURCE_FILE not in frame:
        closed = closing_date(frame)
        out.rows(WARNING, late, h["ngay_tiep_nhan"],
                 lambda r: f"Hồ sơ tiếp nhận sau ngày kết thúc kỳ báo cáo ({_d(end)}); không tính vào báo cáo.",
                 rec)
        # Carried over means still open at the period start; one closed before it belongs to no figure here.
        out.rows(WARNING, stale, h["ngay_co_ket_qua"],
                 lambda r: f"Hồ sơ tiếp nhận từ kỳ trước ({_d(rec[r])}) đã kết thúc (có kết quả, rút hoặc trả lại) "
                           f"ngày {_d(closed[r])}, trước ngày bắt đầu kỳ báo cáo ({_d(start)}); không tính vào báo "
                           "cáo.", res)
    return frame[~(late | stale).to_numpy()]


def check_result_not_in_future(frame: pd.DataFrame, out: Collector, today=None) -> None:
    """A result dated after today (a date; default the real today) has not been issued: refused (a
    typo such as 2099), never counted as resolved late."""
    res = frame["ngay_co_ket_qua"]
    today = pd.Timestamp(today) if today is not None else pd.Timestamp.today().normalize()
    out.rows(ERROR, res > today, schema.DOSSIERS.column("ngay_co_ket_qua").header,
             lambda r: f"Ngày có kết quả ({_d(res[r])}) sau ngày hôm nay ({_d(today)}): kết quả chưa thể có; "
                       "sửa lại ngày (thường do gõ nhầm năm).", res)


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


# What an indicator with a `none_value` may say instead of a value: the unit has none.
NONE_WORDS = ("không", "chưa có", "không có", "chưa")


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
        if indicator.none_value and text.casefold() in NONE_WORDS:
            values[indicator.code] = False  # stated: the unit has none
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
        if indicator.none_value and indicator.code not in seen:
            out.add(WARNING, f"Không có chỉ số «{indicator.code}» ({indicator.label}): báo cáo bỏ qua câu về chỉ "
                             f"số này. Nếu đơn vị chưa có, thêm dòng «{indicator.code}» với giá trị "
                             f"«{indicator.none_value}».", None, code_h, indicator.code)
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
