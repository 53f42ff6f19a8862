"""Readers: turn an input file into a raw table of strings, one reader per file suffix.

A reader returns a `pandas.DataFrame` of Python strings (NFC, stripped, "" for empty) with the
file's own headers as columns and the spreadsheet row numbers as index (header = row 1), so every
later message can name the row the analyst sees. Typing happens later (`cchc.registers`), once
the alias map has been applied. Bad input raises `InputError`, never a decoding traceback.

Adding a format is one function and one `register(".ods", read_ods)` call.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

from . import paths
from .problems import ERROR, InputError, Problem
from .schema import ROW_INDEX_NAME
from .text import clean, nfc

Reader = Callable[[Path], pd.DataFrame]
READERS: dict[str, Reader] = {}

SAVE_AS_UTF8 = ("Hãy mở tệp bằng Excel và lưu lại: File > Save As > «CSV UTF-8 (Comma delimited) (*.csv)», "
                "hoặc lưu dạng .xlsx")


def register(suffix: str, reader: Reader) -> None:
    """Register `reader` for files ending in `suffix` (".csv"); a later call replaces it."""
    READERS[suffix.lower()] = reader


def suffixes() -> tuple[str, ...]:
    return tuple(READERS)


def header_key(text: str) -> str:
    """How headers are compared: NFC, case and inner spacing ignored."""
    return " ".join(nfc(text).casefold().split())


class EmptyFileError(InputError):
    """The file holds nothing, not even a header row."""


EMPTY = "Tệp rỗng: không có dòng tiêu đề và không có dữ liệu."


def _error(path: Path, message: str, row: int | None = None, column: str | None = None,
           value: str | None = None) -> InputError:
    return InputError([Problem(ERROR, paths.relative(path), message, row, column, value)])


def read_table(path: Path) -> pd.DataFrame:
    """Read one register file with the reader registered for its suffix."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise _error(path, f"Không đọc được định dạng «{path.suffix}»; chỉ nhận các định dạng: "
                           + ", ".join(READERS) + ".")
    if not path.is_file():
        raise _error(path, "Không tìm thấy tệp.")
    try:
        return reader(path)
    except OSError as exc:  # unreadable (permissions, a file locked by Excel on a share)
        raise _error(path, f"Không đọc được tệp ({exc.strerror or exc}); hãy đóng tệp trong Excel và kiểm tra "
                           "quyền đọc.") from None


def _frame(path: Path, rows: list[tuple[int, list[str]]]) -> pd.DataFrame:
    """Build the raw frame from (row number, cells); rows[0] is the header row."""
    if not rows:
        raise EmptyFileError(_error(path, EMPTY, row=1).problems)
    header_row, header = rows[0]
    header = [clean(h) for h in header]
    body = rows[1:]
    width = len(header)
    # Trailing columns with no header and no value are what spreadsheets leave behind.
    used = width
    while used and not header[used - 1]:
        if any(len(cells) >= used and cells[used - 1] for _, cells in body):
            break
        used -= 1
    header = header[:used]
    if not header:
        raise _error(path, "Tệp không có dòng tiêu đề (dòng 1 trống).", row=header_row)
    for i, h in enumerate(header):
        if not h:
            raise _error(path, f"Cột thứ {i + 1} có dữ liệu nhưng không có tiêu đề ở dòng {header_row}.",
                         row=header_row)
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        k = header_key(h)
        if k in seen:
            raise _error(path, f"Tiêu đề «{h}» xuất hiện hai lần (cột thứ {seen[k] + 1} và cột thứ {i + 1}).",
                         row=header_row, column=h)
        seen[k] = i
    numbers, records = [], []
    for number, cells in body:
        cells = [clean(c) for c in cells]
        if len(cells) > used:
            extra = [c for c in cells[used:] if c]
            if extra:
                raise _error(path, f"Dòng có {len(cells)} ô nhưng tệp chỉ có {used} cột tiêu đề; "
                                   "ô thừa không thuộc cột nào (kiểm tra dấu phân cách hoặc dấu ngoặc kép).",
                             row=number, value=extra[0])
            cells = cells[:used]
        elif len(cells) < used:
            cells = cells + [""] * (used - len(cells))
        if any(cells):  # wholly empty rows are spreadsheet noise
            numbers.append(number)
            records.append(cells)
    frame = pd.DataFrame(records, columns=header, index=pd.Index(numbers, name=ROW_INDEX_NAME, dtype="int64"),
                         dtype="str")
    if not len(frame):
        frame = pd.DataFrame({h: pd.Series([], dtype="str") for h in header},
                             index=pd.Index([], name=ROW_INDEX_NAME, dtype="int64"))
    return frame


# --- CSV -----------------------------------------------------------------------------------------

def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is an error naming the row."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _error(path, "Tệp có dấu hiệu mã UTF-16 nhưng nội dung hỏng. " + SAVE_AS_UTF8) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, data, exc.start) from None


def _not_utf8(path: Path, data: bytes, pos: int) -> InputError:
    line_start = data.rfind(b"\n", 0, pos) + 1
    row = data.count(b"\n", 0, line_start) + 1
    line = data[line_start:data.find(b"\n", pos) if b"\n" in data[pos:] else len(data)]
    column = _column_of_bad_byte(data, line, pos - line_start)
    where = f"byte 0x{data[pos]:02X} ở dòng {row}" + (f", cột «{column}»" if column else "")
    return _error(path, f"Tệp không được lưu bằng mã UTF-8 ({where}); có lẽ tệp được lưu bằng bảng mã cũ "
                        f"của Windows (Windows-1258 hoặc Windows-1252), nên chữ tiếng Việt sẽ bị lỗi phông. "
                        + SAVE_AS_UTF8 + ".", row=row, column=column)


def _column_of_bad_byte(data: bytes, line: bytes, offset: int) -> str | None:
    """The header of the column holding the first bad byte, when it can be named without guessing."""
    from .schema import REGISTERS  # known headers: a legacy-decoded header is trusted only if it is one

    first = data.split(b"\n", 1)[0].rstrip(b"\r")
    delim = max((b",", b";", b"\t"), key=first.count)
    index = line[:offset].count(delim)  # good enough for the usual unquoted legacy export
    cells = first.split(delim)
    if index >= len(cells):
        return None
    raw = cells[index].strip().strip(b'"')
    try:
        return clean(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    known = {header_key(c.header): c.header for r in REGISTERS for c in r.columns}
    for codec in ("cp1258", "cp1252"):
        try:
            guess = header_key(raw.decode(codec))
        except UnicodeDecodeError:
            continue
        if guess in known:
            return known[guess]
    return f"cột thứ {index + 1}"


def sniff_delimiter(header_line: str) -> str:
    """`;` is what Excel writes where the list separator is a comma-decimal locale (vi-VN)."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv(path: Path) -> pd.DataFrame:
    text = decode_text(path, path.read_bytes())
    if not text.strip():
        raise EmptyFileError(_error(path, EMPTY, row=1).problems)
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = sniff_delimiter(first)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise _error(path, f"Tệp CSV sai cấu trúc (thường do dấu ngoặc kép không đóng): {exc}.") from None
    # Excel shows one record per row, blank lines included: that is the row number to name.
    numbered = [(i + 1, cells) for i, cells in enumerate(records)]
    while numbered and not any(c.strip() for c in numbered[0][1]):
        numbered.pop(0)  # leading blank lines
    return _frame(path, numbered)


# --- XLSX ----------------------------------------------------------------------------------------

def cell_text(value, number_format: str | None = None) -> str:
    """A cell as the text an analyst would type: dates ISO, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if number_format and "%" in number_format:
            value = value * 100  # a "95%" cell holds 0.95
        if isinstance(value, float):
            if value != value:  # NaN
                return ""
            if value.is_integer():
                return str(int(value))
            return repr(round(value, 10))
        return str(value)
    return str(value)


def read_xlsx(path: Path) -> pd.DataFrame:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    import zipfile

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _error(path, f"Không mở được tệp Excel (.xlsx): tệp hỏng hoặc không phải định dạng .xlsx ({exc}).") \
            from None
    try:
        if not workbook.worksheets:
            raise _error(path, "Tệp Excel không có trang tính nào.")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong dimension; read every row
        rows = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            rows.append((number, [cell_text(c.value, getattr(c, "number_format", None)) for c in cells]))
    finally:
        workbook.close()
    while rows and not any(rows[0][1]):
        rows.pop(0)
    if not rows:
        raise EmptyFileError(_error(path, "Tệp rỗng: trang tính đầu tiên không có dòng tiêu đề và không có dữ liệu.",
                                    row=1).problems)
    return _frame(path, rows)


register(".csv", read_csv)
register(".xlsx", read_xlsx)


# --- YAML (params/) ------------------------------------------------------------------------------

class YamlDoc:
    """A parsed YAML file plus the line of every key, so problems can name the row."""

    def __init__(self, path: Path, data, root):
        self.path, self.data, self._root = path, data, root

    def line(self, *keys) -> int | None:
        node = self._root
        line = node.start_mark.line + 1 if node is not None else None
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == key:
                        line, node = k.start_mark.line + 1, v
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                return line
        return line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's when present: params files are parsed once per report) where a
    malformed date (2023-13-06) stays text, for the caller to report."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def read_yaml(path: Path) -> YamlDoc:
    """Parse a YAML file (UTF-8); strings come back NFC-normalised and stripped."""
    path = Path(path)
    if not path.is_file():
        raise _error(path, "Không tìm thấy tệp.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _error(path, f"Không đọc được tệp ({exc.strerror or exc}).") from None
    text = decode_text(path, raw)
    try:
        loader = _Loader(text)  # one parse: the node tree gives the lines, the same tree the data
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        row = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc)
        raise _error(path, f"Tệp YAML sai cú pháp ({what}); kiểm tra thụt lề và dấu «:» ở dòng này.",
                     row=row) from None
    return YamlDoc(path, _normalise(data), root)


def _normalise(value):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {(_normalise(k) if isinstance(k, str) else k): _normalise(v) for k, v in value.items()}
    return value


# --- alias map (params/aliases.yaml) -------------------------------------------------------------

class Aliases:
    """Another office's column names and values, mapped to ours before typing.

    `columns`: register stem -> {header key of their header: our header};
    `values`: header key of our header -> {casefolded value: our label}.
    """

    def __init__(self, columns: dict[str, dict[str, str]] | None = None,
                 values: dict[str, dict[str, str]] | None = None):
        self.columns = columns or {}
        self.values = values or {}

    def apply(self, frame: pd.DataFrame, stem: str, path: Path) -> pd.DataFrame:
        renames = self.columns.get(stem, {})
        if renames:
            mapping = {c: renames[header_key(c)] for c in frame.columns if header_key(c) in renames}
            if mapping:
                frame = frame.rename(columns=mapping)
                keys = [header_key(c) for c in frame.columns]
                for c in mapping.values():
                    if keys.count(header_key(c)) > 1:
                        raise _error(path, f"Sau khi đổi tên cột theo params/aliases.yaml, cột «{c}» xuất hiện "
                                           "hai lần: tệp vừa có cột này vừa có cột được đổi tên thành nó.",
                                     row=1, column=c)
        for column in frame.columns:
            table = self.values.get(header_key(column))
            if table:
                series = frame[column]
                mapped = series.str.casefold().map(table)
                frame[column] = mapped.where(mapped.notna(), series).astype("str")
        return frame


def read_aliases(path: Path | None = None) -> tuple[Aliases, list[Problem]]:
    """The alias map, checked against the schema; a missing file means no aliases."""
    from .schema import ENUM, BOOL, REGISTERS, BOOL_TRUE, BOOL_FALSE

    path = Path(path or paths.aliases_file())
    if not path.exists():
        return Aliases(), []
    rel = paths.relative(path)
    try:
        doc = read_yaml(path)
    except InputError as exc:
        return Aliases(), exc.problems
    problems: list[Problem] = []

    def err(message, *keys, value=None):
        problems.append(Problem(ERROR, rel, message, doc.line(*keys), None, None if value is None else str(value)))

    data = doc.data or {}
    if not isinstance(data, dict):
        err("Tệp phải có hai khóa «columns:» và «values:» (xem params/README.md).")
        return Aliases(), problems
    for key in data:
        if key not in ("columns", "values"):
            err(f"Khóa «{key}» không hợp lệ; chỉ dùng «columns» và «values».", key)
    by_stem = {r.stem: r for r in REGISTERS}
    columns: dict[str, dict[str, str]] = {}
    for stem, table in (data.get("columns") or {}).items():
        if stem not in by_stem:
            err(f"Khóa «columns.{stem}»: không có sổ này; các sổ: {', '.join(by_stem)}.", "columns", stem)
            continue
        ours = {header_key(c.header): c.header for c in by_stem[stem].columns}
        if not isinstance(table, dict):
            err(f"Khóa «columns.{stem}» phải là các dòng «tên cột của đơn vị: tên cột chuẩn».", "columns", stem)
            continue
        columns[stem] = {}
        for theirs, our in table.items():
            if not isinstance(our, str) or header_key(our) not in ours:
                err(f"Khóa «columns.{stem}»: «{our}» không phải tên cột chuẩn của sổ này; các cột chuẩn: "
                    + ", ".join(ours.values()) + ".", "columns", stem, theirs, value=our)
                continue
            columns[stem][header_key(str(theirs))] = ours[header_key(our)]
    all_columns = {header_key(c.header): c for r in REGISTERS for c in r.columns}
    values: dict[str, dict[str, str]] = {}
    for header, table in (data.get("values") or {}).items():
        column = all_columns.get(header_key(str(header)))
        if column is None:
            err(f"Khóa «values»: «{header}» không phải tên cột chuẩn.", "values", header, value=header)
            continue
        if not isinstance(table, dict):
            err(f"Khóa «values.{header}» phải là các dòng «giá trị của đơn vị: giá trị chuẩn».", "values", header)
            continue
        allowed = list(column.values) if column.kind == ENUM else ["Có", "Không"] if column.kind == BOOL else None
        accepted = {v.casefold() for v in allowed} if allowed is not None else None
        if column.kind == BOOL:
            accepted |= set(BOOL_TRUE) | set(BOOL_FALSE)
        mapped = {}
        for theirs, our in table.items():
            our = "" if our is None else clean(str(our))
            if accepted is not None and our.casefold() not in accepted:
                err(f"Khóa «values.{header}»: «{our}» không phải giá trị hợp lệ; chỉ nhận: {', '.join(allowed)}.",
                    "values", header, theirs, value=our)
                continue
            mapped[clean(str(theirs)).casefold()] = our
        values[header_key(column.header)] = mapped
    return Aliases(columns, values), problems
