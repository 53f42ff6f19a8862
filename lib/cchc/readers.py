"""Readers: turn an input file into a raw table of strings, one reader per file suffix.

A reader returns a `pandas.DataFrame` of Python strings (NFC, stripped, "" for empty) with the
file's own headers as columns and the spreadsheet row numbers as index (header = row 1), so every
later message can name the row the analyst sees. Typing happens later (`cchc.registers`), once
the import profile's mapping has been applied (`cchc.profiles`). Bad input raises `InputError`, never a decoding traceback.

Every input passes `check_source` first: a regular file, and when its path lies in the project, a
file inside the project (a symlink in data/ or params/ to /etc/passwd is refused, one to another
file of the project is fine). A cell holding a control character (NUL, ESC, a bidirectional
override: `cchc.text.CONTROL_RE`) or more than MAX_CELL_CHARS characters is refused naming its row
and column: such a cell is a broken export, and stripping it silently would change what the office
typed. YAML is read with anchors, aliases and tags refused, keys unique, nesting and size bounded
(`read_yaml`), so a 1.5 KB "billion laughs" file is refused before anything is built from it.

Adding a format is one function and one `register(".ods", read_ods)` call.
"""
from __future__ import annotations

import copy
import csv
import hashlib
import datetime as dt
import io
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

from . import paths
from .problems import ERROR, MAX_ROWS_PER_CHECK, InputError, Problem
from .schema import ROW_INDEX_NAME
from .text import CONTROL_RE, clean, code_point, controls, nfc, visible

Reader = Callable[[Path], pd.DataFrame]
READERS: dict[str, Reader] = {}

MAX_TABLE_BYTES = 64 * 1024 * 1024  # a register file: a ward's year of dossiers is a few MB
MAX_TABLE_CELLS = 5_000_000  # an .xlsx is compressed: its cells are counted as they are read
MAX_YAML_BYTES = 1024 * 1024  # a params or units file: tens of KB in practice
MAX_YAML_DEPTH = 32  # nesting of YAML collections; the params files use at most four levels
MAX_CELL_CHARS = 2000  # the longest field, a document's subject, is one sentence

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


def _name(path: Path) -> str:
    """The file as a message names it: relative to the project root, as the user sees it in the
    folder (a link by its own name, not its target's)."""
    path = Path(path)
    try:
        given = path.absolute()
        root = paths.project_root()
        if given.is_relative_to(root):
            return given.relative_to(root).as_posix()
    except paths.ProjectNotFound:
        pass
    return paths.relative(path)


def _error(path: Path, message: str, row: int | None = None, column: str | None = None,
           value: str | None = None) -> InputError:
    return InputError([Problem(ERROR, _name(path), message, row, column, value)])


def check_source(path: Path, limit: int | None = None) -> Path:
    """`path` as a readable input, resolved: a regular file (not a folder, a device or a pipe, which
    would block a read forever) of at most `limit` bytes; when the path lies in the project (params/,
    data/), the file it leads to must lie in the project too, whatever links lead there. A path
    given outside the project (a test's temporary file) is only checked for being a regular file.
    Raises InputError naming the file."""
    path = Path(path)
    if not path.exists():
        if path.is_symlink():
            raise _error(path, f"Tệp là liên kết (symlink) hỏng: trỏ tới «{os.readlink(path)}», nơi không có tệp nào.")
        raise _error(path, "Không tìm thấy tệp.")
    real = path.resolve()
    try:
        root = paths.project_root()
    except paths.ProjectNotFound:
        root = None
    if root is not None and path.absolute().is_relative_to(root) and not real.is_relative_to(root):
        raise _error(path, f"Tệp dẫn ra ngoài thư mục dự án (tới {real}), qua một liên kết (symlink) hoặc «..»; "
                           "chỉ đọc tệp nằm trong dự án. Hãy chép tệp vào đúng chỗ thay cho liên kết.")
    try:
        info = real.stat()
    except OSError as exc:
        raise _error(path, f"Không đọc được tệp ({exc.strerror or exc}).") from None
    if not stat.S_ISREG(info.st_mode):
        what = "một thư mục" if stat.S_ISDIR(info.st_mode) else "một thiết bị hoặc đường ống, không phải tệp dữ liệu"
        raise _error(path, f"Đây là {what}; cần một tệp thường.")
    if limit is not None and info.st_size > limit:
        raise _error(path, f"Tệp quá lớn ({info.st_size:,} byte; tối đa {limit:,} byte); kiểm tra lại tệp "
                           "(có thể đã chọn nhầm tệp).".replace(",", "."))
    return real


def read_table(path: Path) -> pd.DataFrame:
    """Read one register file with the reader registered for its suffix."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise _error(path, f"Không đọc được định dạng «{path.suffix}»; chỉ nhận các định dạng: "
                           + ", ".join(READERS) + ".")
    check_source(path, MAX_TABLE_BYTES)
    try:
        return reader(path)
    except OSError as exc:  # unreadable (permissions, a file locked by Excel on a share)
        raise _error(path, f"Không đọc được tệp ({exc.strerror or exc}); hãy đóng tệp trong Excel và kiểm tra "
                           "quyền đọc.") from None


def _bad_cells(path: Path, rows: list[tuple[int, list[str]]], header: list[str]) -> list[Problem]:
    """A problem per cell (capped) holding a control character or more than MAX_CELL_CHARS characters."""
    found = []
    for number, cells in rows:
        if not CONTROL_RE.search("".join(cells)) and max(map(len, cells), default=0) <= MAX_CELL_CHARS:
            continue  # the usual row: one search, no loop
        for i, cell in enumerate(cells):
            column = header[i] if i < len(header) and header[i] else f"cột thứ {i + 1}"
            bad = controls(cell)
            if bad:
                found.append((number, column, cell,
                              f"Ô có ký tự điều khiển {', '.join(code_point(c) for c in bad)} (không in ra được; "
                              "thường do xuất dữ liệu lỗi); xóa ký tự này trong ô rồi lưu lại tệp."))
            elif len(cell) > MAX_CELL_CHARS:
                found.append((number, column, cell,
                              f"Ô dài {len(cell):,} ký tự (tối đa {MAX_CELL_CHARS:,}); thường do một dấu ngoặc kép "
                              "không đóng làm nhiều dòng dồn vào một ô. Kiểm tra ô này.".replace(",", ".")))
    problems = [Problem(ERROR, _name(path), message, number, column, visible(cell, 80))
                for number, column, cell, message in found[:MAX_ROWS_PER_CHECK]]
    if len(found) > MAX_ROWS_PER_CHECK:
        problems.append(Problem(ERROR, _name(path), f"Còn {len(found) - MAX_ROWS_PER_CHECK} ô khác có ký tự điều "
                                                    "khiển hoặc quá dài (dòng " + ", ".join(
                                                        str(f[0]) for f in found[MAX_ROWS_PER_CHECK:][:10]) + ")."))
    return problems


def _frame(path: Path, rows: list[tuple[int, list[str]]], normalised: bool = False) -> pd.DataFrame:
    """Build the raw frame from (row number, cells); rows[0] is the header row. `normalised`: the
    cells are NFC already (a CSV's whole text is), so they are only stripped."""
    if not rows:
        raise EmptyFileError(_error(path, EMPTY, row=1).problems)
    header_row, header = rows[0]
    bad = _bad_cells(path, [(header_row, header)], [])
    if bad:
        raise InputError(bad)
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
    bad = _bad_cells(path, body, header)
    if bad:
        raise InputError(bad)
    numbers, records = [], []
    for number, cells in body:
        cells = [c.strip() for c in cells] if normalised else [clean(c) for c in cells]
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

def decode_text(path: Path, data: bytes, table: bool = True) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is an error naming the row
    (and, for a `table`, the column: a YAML file has none)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _error(path, "Tệp có dấu hiệu mã UTF-16 nhưng nội dung hỏng. " + SAVE_AS_UTF8) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:1000]
    if head.count(b"\x00") * 4 >= len(head) > 0:  # every other byte NUL: UTF-16 text that lost its BOM
        raise _error(path, "Tệp có vẻ được lưu bằng mã UTF-16 nhưng thiếu dấu BOM ở đầu tệp, nên không đọc được. "
                     + SAVE_AS_UTF8 + ".")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, data, exc.start, table) from None


def _not_utf8(path: Path, data: bytes, pos: int, table: bool = True) -> InputError:
    line_start = data.rfind(b"\n", 0, pos) + 1
    row = data.count(b"\n", 0, line_start) + 1
    line = data[line_start:data.find(b"\n", pos) if b"\n" in data[pos:] else len(data)]
    column = _column_of_bad_byte(data, line, pos - line_start) if table else None
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
    with open(path, "rb") as f:
        data = f.read(MAX_TABLE_BYTES + 1)  # bounded even if the file grew since it was checked
    if len(data) > MAX_TABLE_BYTES:
        raise _error(path, f"Tệp quá lớn (hơn {MAX_TABLE_BYTES:,} byte); kiểm tra lại tệp.".replace(",", "."))
    text = decode_text(path, data)
    if not text.isascii():  # NFC once for the whole file: delimiters and quotes never compose
        text = unicodedata.normalize("NFC", text)
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
    return _frame(path, numbered, normalised=True)


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
    return _XLSX_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), str(value))


# How an .xlsx stores a character XML cannot hold (a control character: "_x0001_"; "_x005F_" is
# the underscore that keeps a typed "_x0041_" literal). openpyxl hands the escape over as text.
_XLSX_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


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
        n_cells = 0
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            rows.append((number, [cell_text(c.value, getattr(c, "number_format", None)) for c in cells]))
            n_cells += len(cells)
            if n_cells > MAX_TABLE_CELLS:
                raise _error(path, f"Trang tính có hơn {MAX_TABLE_CELLS:,} ô (đến dòng {number}); một sổ của "
                                   "đơn vị không lớn đến vậy: kiểm tra tệp (có thể là tệp hỏng hoặc chọn nhầm "
                                   "tệp).".replace(",", "."), row=number)
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


ALIAS_REFUSED = ("Tệp YAML dùng neo/bí danh (&/*), không được phép: viết đầy đủ giá trị ở mỗi chỗ cần dùng "
                 "thay cho «{mark}».")
TAG_REFUSED = ("Tệp YAML dùng thẻ kiểu «{tag}», không được phép; chỉ viết giá trị thường (chữ, số, ngày, danh sách, "
               "nhóm khóa). Nếu đây là lời văn bắt đầu bằng «!», đặt cả đoạn trong ngoặc kép.")
TOO_DEEP = f"Tệp YAML lồng nhau quá sâu (hơn {MAX_YAML_DEPTH} cấp), không được phép."


def _guard(path: Path, text: str) -> None:
    """One pass over the YAML events, before any node is built: anchors and aliases (a "billion
    laughs" file expands to gigabytes), tags (`!!python/object`), nesting deeper than MAX_YAML_DEPTH
    and a key repeated in one mapping (YAML keeps the last silently) are refused, naming the line."""
    stack: list[dict | None] = []  # per open collection: a mapping's {key: line} and state, None for a sequence
    for event in yaml.parse(text, Loader=_Loader):
        if not isinstance(event, yaml.NodeEvent):
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            continue
        row = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise _error(path, ALIAS_REFUSED.format(mark=f"*{event.anchor}"), row=row)
        if event.anchor is not None:
            raise _error(path, ALIAS_REFUSED.format(mark=f"&{event.anchor}"), row=row)
        if event.tag is not None:
            raise _error(path, TAG_REFUSED.format(tag=event.tag.replace("tag:yaml.org,2002:", "!!")), row=row)
        parent = stack[-1] if stack else None
        if parent is not None:  # a node inside a mapping: a key, then its value
            if parent["key"] and isinstance(event, yaml.ScalarEvent):
                key = clean(event.value)
                if key in parent["keys"]:
                    raise _error(path, f"Khóa «{key}» xuất hiện hai lần trong cùng một nhóm (dòng "
                                       f"{parent['keys'][key]} và dòng {row}); YAML chỉ giữ giá trị sau cùng. "
                                       "Giữ một dòng.", row=row, value=key)
                parent["keys"][key] = row
            parent["key"] = not parent["key"]
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_YAML_DEPTH:
                raise _error(path, TOO_DEEP, row=row)
            stack.append({"keys": {}, "key": True} if isinstance(event, yaml.MappingStartEvent) else None)


def read_yaml(path: Path) -> YamlDoc:
    """Parse a YAML file (UTF-8, at most MAX_YAML_BYTES); strings come back NFC-normalised and
    stripped. Anchors, aliases, tags, repeated keys and nesting deeper than MAX_YAML_DEPTH are refused
    (`_guard`), as are control characters."""
    path = Path(path)
    real = check_source(path, MAX_YAML_BYTES)
    try:
        with open(real, "rb") as f:
            raw = f.read(MAX_YAML_BYTES + 1)  # bounded even if the file grew since it was checked
    except OSError as exc:
        raise _error(path, f"Không đọc được tệp ({exc.strerror or exc}).") from None
    if len(raw) > MAX_YAML_BYTES:
        raise _error(path, f"Tệp quá lớn (hơn {MAX_YAML_BYTES:,} byte); kiểm tra lại tệp.".replace(",", "."))
    key = (str(real), hashlib.blake2b(raw, digest_size=16).digest())
    if key in _YAML_DOCS:  # the same bytes parsed before in this process (every report reads units.yaml)
        data, root = _YAML_DOCS[key]
        return YamlDoc(path, copy.deepcopy(data), root)
    text = decode_text(path, raw, table=False)
    m = CONTROL_RE.search(text)
    if m:
        row = text.count("\n", 0, m.start()) + 1
        raise _error(path, f"Tệp có ký tự điều khiển {code_point(m.group(0))} (không in ra được); xóa ký tự này "
                           "rồi lưu lại tệp.", row=row)
    try:
        _guard(path, text)
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
        if "nesting depth" in what:  # libyaml's own bound, below ours in some versions
            raise _error(path, TOO_DEEP, row=row) from None
        raise _error(path, f"Tệp YAML sai cú pháp ({what}); kiểm tra thụt lề và dấu «:» ở dòng này.",
                     row=row) from None
    data = _normalise(data)
    _YAML_DOCS[key] = (copy.deepcopy(data), root)
    if len(_YAML_DOCS) > _YAML_DOCS_MAX:
        _YAML_DOCS.pop(next(iter(_YAML_DOCS)))
    return YamlDoc(path, data, root)


# Parsed YAML by the exact bytes read (so it cannot differ from the file as read): a build reads
# units.yaml, the import profiles and the findings rules once per report.
_YAML_DOCS: dict = {}
_YAML_DOCS_MAX = 256


def clear_yaml_cache() -> None:
    """Forget every YAML file parsed in this process."""
    _YAML_DOCS.clear()


def _normalise(value):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {(_normalise(k) if isinstance(k, str) else k): _normalise(v) for k, v in value.items()}
    return value
