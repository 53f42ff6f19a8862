"""Readers: turn an input file into a raw table of strings, one reader per file suffix.

A register is read as a stream (`iter_table`): its header, then chunks of rows, each a
`pandas.DataFrame` of Python strings (NFC, stripped, "" for empty) with the file's own headers as
columns and the spreadsheet row numbers as index (header = row 1), so every later message can name
the row the analyst sees, and a file of any size is read in bounded memory; `read_table` puts the
chunks together. A register above the project's `max_register_mb` is refused before it is read.
Typing happens later (`cchc.registers`), once the import profile's mapping has been applied
(`cchc.profiles`). Bad input raises `InputError`, never a decoding traceback.

Every input passes `check_source` first: a regular file, and when its path lies in the project, a
file inside the project (a symlink in data/ or params/ to /etc/passwd is refused, one to another
file of the project is fine). A cell holding a control character (NUL, ESC, a bidirectional
override: `cchc.text.CONTROL_RE`) or more than MAX_CELL_CHARS characters is refused naming its row
and column: such a cell is a broken export, and stripping it silently would change what the office
typed. YAML is read with anchors, aliases and tags refused, keys unique, nesting and size bounded
(`read_yaml`), so a 1.5 KB "billion laughs" file is refused before anything is built from it.

Adding a format is one function yielding (row number, cells) and one `register(".ods", ods_rows)` call.
"""
from __future__ import annotations

import codecs
import copy
import csv
import hashlib
import datetime as dt
import io
import itertools
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import yaml

from . import paths
from .problems import ERROR, MAX_ROWS_PER_CHECK, InputError, Problem
from .schema import ROW_INDEX_NAME
from .text import CONTROL_RE, clean, code_point, controls, nfc, visible

# A reader yields a file's rows: (spreadsheet row number, cells as text), from its first non-blank
# row (the header) on, raising EmptyFileError when there is none. `normalised`: its cells are NFC
# already (a CSV's text is normalised as it is decoded), so they are only stripped.
RowReader = Callable[[Path, int], Iterator[tuple[int, list[str]]]]
READERS: dict[str, tuple[RowReader, bool]] = {}

DEFAULT_MAX_REGISTER_MB = 128  # a register file (project setting max_register_mb): a ward's year of dossiers is a
# few MB; a register of 128 MB (about 690 000 dossiers) builds in under 1.5 GB (bench/README.md, "Memory")
MAX_TABLE_BYTES = DEFAULT_MAX_REGISTER_MB * 1024 * 1024  # the default limit, in bytes
MAX_TABLE_CELLS = 25_000_000  # an .xlsx is compressed: its cells are counted as read, at most this many
# under the default size limit, in proportion under another (a CSV cell of a register is ~12 bytes)
MAX_YAML_BYTES = 1024 * 1024  # a params or units file: tens of KB in practice
MAX_YAML_DEPTH = 32  # nesting of YAML collections; the params files use at most four levels
MAX_CELL_CHARS = 2000  # the longest field, a document's subject, is one sentence
CHUNK_ROWS = 20_000  # rows per chunk of `iter_table` (bench/README.md, "Memory")
READ_BLOCK = 1 << 20  # bytes read from a CSV at a time

SAVE_AS_UTF8 = ("Hãy mở tệp bằng Excel và lưu lại: File > Save As > «CSV UTF-8 (Comma delimited) (*.csv)», "
                "hoặc lưu dạng .xlsx")


def register(suffix: str, reader: RowReader, normalised: bool = False) -> None:
    """Register `reader` for files ending in `suffix` (".csv"); a later call replaces it."""
    READERS[suffix.lower()] = (reader, normalised)


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


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


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
        raise _error(path, f"Tệp quá lớn ({_n(info.st_size)} byte; tối đa {_n(limit)} byte); kiểm tra lại tệp "
                           "(có thể đã chọn nhầm tệp).")
    return real


# --- the register size limit (cchc-project.yaml: max_register_mb) --------------------------------

def _limit_setting() -> int | None:
    """The project's `max_register_mb`, None when unset (a broken or missing project file too: the
    project's own check reports the file)."""
    from .project import ProjectError, settings

    try:
        return settings().max_register_mb
    except (paths.ProjectNotFound, ProjectError, InputError):
        return None


def register_limit() -> int:
    """The largest register file read, in bytes: the project's `max_register_mb`, or the default."""
    mb = _limit_setting()
    return mb * 1024 * 1024 if mb else MAX_TABLE_BYTES


def too_large(path: Path, size: int, limit: int) -> InputError:
    """The refusal of a register larger than the limit, naming the setting and its value."""
    shown = f"{limit / (1024 * 1024):g}"
    default = _limit_setting() is None and limit == MAX_TABLE_BYTES
    return _error(path, f"Tệp quá lớn: {_n(size)} byte ({size / 1024 / 1024:.0f} MB), vượt giới hạn {shown} MB "
                        f"của một sổ (cài đặt «max_register_mb: {shown}» trong cchc-project.yaml"
                        + (", giá trị mặc định" if default else "") + "); tệp không được đọc. "
                        "Kiểm tra lại tệp (có thể đã chọn nhầm tệp); nếu đúng là sổ của đơn vị, tăng "
                        "«max_register_mb» trong cchc-project.yaml (máy cần thêm bộ nhớ: xem bench/README.md).")


# --- tables: whole, or chunk by chunk ------------------------------------------------------------

def iter_table(path: Path, chunk_rows: int | None = None, limit: int | None = None
               ) -> tuple[list[str], Iterator[pd.DataFrame]]:
    """(header, chunks) of one register file, read with the reader registered for its suffix.

    The header (the file's own column names, NFC, stripped; trailing unnamed empty columns
    dropped) is read at once; the chunks (frames of at most `chunk_rows`, default CHUNK_ROWS, rows
    of strings, NFC, stripped, "" for empty, the spreadsheet row numbers as index, wholly empty rows
    left out) are
    read as they are asked for, so a file of any size is read in bounded memory. A file larger
    than `limit` bytes (default: the project's `max_register_mb`, `register_limit`) is refused
    before a byte of it is read. Every problem of the file raises InputError: a problem of the
    header at once, one of the rows at the latest when the iterator ends, and always the problems
    (rows included) `read_table` names for the whole file; the chunks already handed out are then
    to be thrown away."""
    path = Path(path)
    entry = READERS.get(path.suffix.lower())
    if entry is None:
        raise _error(path, f"Không đọc được định dạng «{path.suffix}»; chỉ nhận các định dạng: "
                           + ", ".join(READERS) + ".")
    reader, normalised = entry
    limit = register_limit() if limit is None else limit
    real = check_source(path)
    size = real.stat().st_size
    if size > limit:
        raise too_large(path, size, limit)
    try:
        rows = reader(path, limit)
        framer = _Framer(path, rows, normalised)
    except OSError as exc:  # unreadable (permissions, a file locked by Excel on a share)
        raise _unreadable(path, exc) from None
    return framer.header, framer.chunks(chunk_rows or CHUNK_ROWS)


def read_table(path: Path, limit: int | None = None) -> pd.DataFrame:
    """One register file read whole: `iter_table`'s chunks put together (the small registers,
    tools and tests; `cchc.load` types a register chunk by chunk)."""
    header, chunks = iter_table(path, limit=limit)
    return concat_chunks(header, list(chunks))


def concat_chunks(header: list[str], chunks: list[pd.DataFrame]) -> pd.DataFrame:
    """The raw frame of `iter_table`'s chunks (an empty frame with the header when there is none)."""
    chunks = [c for c in chunks if len(c)]
    if not chunks:
        return pd.DataFrame({h: pd.Series([], dtype="str") for h in header},
                            index=pd.Index([], name=ROW_INDEX_NAME, dtype="int64"))
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks)


def _unreadable(path: Path, exc: OSError) -> InputError:
    return _error(path, f"Không đọc được tệp ({exc.strerror or exc}); hãy đóng tệp trong Excel và kiểm tra quyền đọc.")


def _bad_cells(number: int, cells: list[str], header: list[str]) -> list[tuple]:
    """(row, column, cell, message) of each cell of a row holding a control character or more than
    MAX_CELL_CHARS characters."""
    if not CONTROL_RE.search("".join(cells)) and max(map(len, cells), default=0) <= MAX_CELL_CHARS:
        return []  # the usual row: one search, no loop
    found = []
    for i, cell in enumerate(cells):
        column = header[i] if i < len(header) and header[i] else f"cột thứ {i + 1}"
        bad = controls(cell)
        if bad:
            found.append((number, column, cell,
                          f"Ô có ký tự điều khiển {', '.join(code_point(c) for c in bad)} (không in ra được; "
                          "thường do xuất dữ liệu lỗi); xóa ký tự này trong ô rồi lưu lại tệp."))
        elif len(cell) > MAX_CELL_CHARS:
            found.append((number, column, cell,
                          f"Ô dài {_n(len(cell))} ký tự (tối đa {_n(MAX_CELL_CHARS)}); thường do một dấu ngoặc kép "
                          "không đóng làm nhiều dòng dồn vào một ô. Kiểm tra ô này."))
    return found


def _bad_cell_problems(path: Path, found: list[tuple], total: int) -> list[Problem]:
    """The problems of the bad cells: the first MAX_ROWS_PER_CHECK of `found` (which holds at least
    the first MAX_ROWS_PER_CHECK + 10 of `total`), then one line for the rest."""
    problems = [Problem(ERROR, _name(path), message, number, column, visible(cell, 80))
                for number, column, cell, message in found[:MAX_ROWS_PER_CHECK]]
    if total > MAX_ROWS_PER_CHECK:
        problems.append(Problem(ERROR, _name(path), f"Còn {total - MAX_ROWS_PER_CHECK} ô khác có ký tự điều "
                                                    "khiển hoặc quá dài (dòng " + ", ".join(
                                                        str(f[0]) for f in found[MAX_ROWS_PER_CHECK:][:10]) + ")."))
    return problems


class _Framer:
    """A reader's rows made into a header and chunks of rows. The problems a whole-file read finds
    in the rows are found row by row: the first that stops the whole read (data under a column
    without header) is raised at once; bad cells and a row with cells beyond the last column are
    gathered (the chunks stop) and raised when the rows end, bad cells first, as a whole read
    would."""

    def __init__(self, path: Path, rows: Iterator[tuple[int, list[str]]], normalised: bool):
        self.path, self.rows, self.normalised = path, rows, normalised
        header_row, header = next(rows)  # a reader yields at least the header or raises EmptyFileError
        bad = _bad_cells(header_row, header, [])
        if bad:
            raise InputError(_bad_cell_problems(path, bad, len(bad)))
        header = [clean(h) for h in header]
        self.header_row, self.width = header_row, len(header)
        named = self.width  # trailing columns with no header are what spreadsheets leave behind
        while named and not header[named - 1]:
            named -= 1
        self.named = named
        if not named:  # no header at all: said only once the rows tell whether a column holds data
            raise self._unnamed_error() if self._unnamed_data() else _error(
                path, "Tệp không có dòng tiêu đề (dòng 1 trống).", row=header_row)
        for i, h in enumerate(header[:named]):
            if not h:
                raise self._unnamed_error(i)
        seen: dict[str, int] = {}
        for i, h in enumerate(header[:named]):
            k = header_key(h)
            if k in seen:
                if named < self.width and self._unnamed_data():  # a whole read says that first
                    raise self._unnamed_error()
                raise _error(path, f"Tiêu đề «{h}» xuất hiện hai lần (cột thứ {seen[k] + 1} và cột thứ {i + 1}).",
                             row=header_row, column=h)
            seen[k] = i
        self.header = header[:named]

    def _unnamed_error(self, index: int | None = None) -> InputError:
        i = self.named if index is None else index
        return _error(self.path, f"Cột thứ {i + 1} có dữ liệu nhưng không có tiêu đề ở dòng {self.header_row}.",
                      row=self.header_row)

    def _unnamed_data(self) -> bool:
        """Whether a row has a value under a trailing column without header (reads the rest)."""
        return any(any(cells[self.named:self.width]) for _, cells in self.rows)

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        header, used, width, path = self.header, self.named, self.width, self.path
        numbers: list[int] = []
        records: list[list[str]] = []
        bad: list[tuple] = []  # the first bad cells (enough for the problems) ...
        n_bad = 0  # ... and how many
        extra_cells: InputError | None = None
        try:
            for number, raw in self.rows:
                if used < width and any(raw[used:width]):
                    raise self._unnamed_error()
                found = _bad_cells(number, raw, header)
                if found:
                    bad += found[:MAX_ROWS_PER_CHECK + 10 - len(bad)]
                    n_bad += len(found)
                if n_bad or extra_cells:
                    continue  # the file will be refused: only its (first) problems are looked for now
                cells = [c.strip() for c in raw] if self.normalised else [clean(c) for c in raw]
                if len(cells) > used:
                    extra_cells = self._extra(number, cells)
                    if extra_cells:
                        continue
                    cells = cells[:used]
                elif len(cells) < used:
                    cells += [""] * (used - len(cells))
                if any(cells):  # wholly empty rows are spreadsheet noise
                    numbers.append(number)
                    records.append(cells)
                    if len(records) >= chunk_rows:
                        yield _chunk(header, numbers, records)
                        numbers, records = [], []
        except OSError as exc:
            raise _unreadable(path, exc) from None
        if n_bad:
            raise InputError(_bad_cell_problems(path, bad, n_bad))
        if extra_cells:
            raise extra_cells
        if records:
            yield _chunk(header, numbers, records)

    def _extra(self, number: int, cells: list[str]) -> InputError | None:
        """The problem of a row with values beyond the last column, or None when they are all empty."""
        used = self.named
        extra = [c for c in (clean(c) for c in cells[used:]) if c]
        if not extra:
            return None
        return _error(self.path, f"Dòng có {len(cells)} ô nhưng tệp chỉ có {used} cột tiêu đề; "
                                 "ô thừa không thuộc cột nào (kiểm tra dấu phân cách hoặc dấu ngoặc kép).",
                      row=number, value=extra[0])


def _chunk(header: list[str], numbers: list[int], records: list[list[str]]) -> pd.DataFrame:
    index = pd.Index(numbers, name=ROW_INDEX_NAME, dtype="int64")
    columns = zip(*records)
    return pd.DataFrame({h: pd.Series(list(values), index=index, dtype="str") for h, values in zip(header, columns)},
                        index=index)


# --- CSV -----------------------------------------------------------------------------------------

def decode_text(path: Path, data: bytes, table: bool = True) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is an error naming the row
    (and, for a `table`, the column: a YAML file has none)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _error(path, BROKEN_UTF16) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _looks_utf16(data[:1000]):
        raise _error(path, NO_BOM_UTF16)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, data, exc.start, table) from None


BROKEN_UTF16 = "Tệp có dấu hiệu mã UTF-16 nhưng nội dung hỏng. " + SAVE_AS_UTF8
NO_BOM_UTF16 = ("Tệp có vẻ được lưu bằng mã UTF-16 nhưng thiếu dấu BOM ở đầu tệp, nên không đọc được. "
                + SAVE_AS_UTF8 + ".")


def _looks_utf16(head: bytes) -> bool:
    """Every other byte NUL: UTF-16 text that lost its BOM."""
    return head.count(b"\x00") * 4 >= len(head) > 0


def _not_utf8(path: Path, data: bytes, pos: int, table: bool = True) -> InputError:
    line_start = data.rfind(b"\n", 0, pos) + 1
    row = data.count(b"\n", 0, line_start) + 1
    line = data[line_start:data.find(b"\n", pos) if b"\n" in data[pos:] else len(data)]
    first = data.split(b"\n", 1)[0]
    return _not_utf8_at(path, row, line, pos - line_start, first, table)


def _not_utf8_at(path: Path, row: int, line: bytes, offset: int, first: bytes, table: bool) -> InputError:
    """The message of a byte that is not UTF-8: at `offset` in `line` (row `row`); `first`: the first line."""
    column = _column_of_bad_byte(first, line, offset) if table else None
    where = f"byte 0x{line[offset]:02X} ở dòng {row}" + (f", cột «{column}»" if column else "")
    return _error(path, f"Tệp không được lưu bằng mã UTF-8 ({where}); có lẽ tệp được lưu bằng bảng mã cũ "
                        f"của Windows (Windows-1258 hoặc Windows-1252), nên chữ tiếng Việt sẽ bị lỗi phông. "
                        + SAVE_AS_UTF8 + ".", row=row, column=column)


def _not_utf8_in_file(path: Path, skip: int, pos: int) -> InputError:
    """`_not_utf8` for the byte at `pos` of a file's bytes after its first `skip` (the BOM), read
    again in blocks: the rows before it are counted, never held."""
    row, line_start, done = 1, 0, 0
    with open(path, "rb") as f:
        f.seek(skip)
        first = f.readline(READ_BLOCK).split(b"\n", 1)[0]
        f.seek(skip)
        while done < pos:
            block = f.read(min(READ_BLOCK, pos - done))
            if not block:
                break
            row += block.count(b"\n")
            last = block.rfind(b"\n")
            if last >= 0:
                line_start = done + last + 1
            done += len(block)
        f.seek(skip + line_start)
        line = f.readline(max(READ_BLOCK, pos - line_start + 1)).split(b"\n", 1)[0]
    return _not_utf8_at(path, row, line, pos - line_start, first, True)


def _column_of_bad_byte(first: bytes, line: bytes, offset: int) -> str | None:
    """The header of the column holding the first bad byte, when it can be named without guessing."""
    from .schema import REGISTERS  # known headers: a legacy-decoded header is trusted only if it is one

    first = first.rstrip(b"\r")
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


def _text_parts(path: Path, limit: int) -> Iterator[str]:
    """A CSV's text, decoded (`decode_text`'s rules and messages) and NFC, in parts that each end
    just after a newline (but the last): a newline composes with nothing, so the parts normalised
    one by one are the whole text normalised."""
    with open(path, "rb") as f:
        block = f.read(READ_BLOCK)
        total = len(block)
        skip = 0
        if block.startswith((b"\xff\xfe", b"\xfe\xff")):
            codec = "utf-16"
        else:
            codec = "utf-8"
            if block.startswith(b"\xef\xbb\xbf"):
                block, skip = block[3:], 3
            if _looks_utf16(block[:1000]):
                raise _error(path, NO_BOM_UTF16)
        decoder = codecs.getincrementaldecoder(codec)("strict")
        fed = 0  # bytes given to the decoder (after the BOM)
        carry = ""
        while True:
            final = not block
            pending = decoder.getstate()[0]
            try:
                text = decoder.decode(block, final)
            except UnicodeDecodeError as exc:
                if codec == "utf-16":
                    raise _error(path, BROKEN_UTF16) from None
                raise _not_utf8_in_file(path, skip, fed - len(pending) + exc.start) from None
            fed += len(block)
            text = carry + text
            cut = len(text) if final else text.rfind("\n") + 1
            part, carry = text[:cut], text[cut:]
            if part:
                yield part if part.isascii() else unicodedata.normalize("NFC", part)
            if final:
                return
            block = f.read(READ_BLOCK)
            total += len(block)
            if total > limit:  # the file grew since its size was checked
                raise too_large(path, total, limit)


def csv_rows(path: Path, limit: int) -> Iterator[tuple[int, list[str]]]:
    """A CSV's records (a quoted newline stays in its cell) numbered as Excel shows them, one row
    per record, blank ones included; the delimiter is sniffed from the first non-empty line."""
    parts = _text_parts(path, limit)
    head: list[str] = []
    for part in parts:  # up to the first line that is not empty
        head.append(part)
        if "\n" in "".join(head).lstrip("\r\n"):
            break
    start = "".join(head)
    delimiter = sniff_delimiter(start.lstrip("\r\n").split("\n", 1)[0])

    def lines():
        for part in itertools.chain(head, parts):
            yield from io.StringIO(part, newline="")

    records = csv.reader(lines(), delimiter=delimiter, strict=True)
    started = False
    try:
        for number, cells in enumerate(records, start=1):
            if not started:
                if not any(c.strip() for c in cells):
                    continue  # leading blank lines
                started = True
            yield number, cells
    except csv.Error as exc:
        for _ in parts:  # a byte that is not UTF-8 further on is what a whole read says first
            pass
        raise _error(path, f"Tệp CSV sai cấu trúc (thường do dấu ngoặc kép không đóng): {exc}.") from None
    if not started:
        raise EmptyFileError(_error(path, EMPTY, row=1).problems)


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


def xlsx_rows(path: Path, limit: int) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows, numbered as Excel numbers them, read as a stream (openpyxl's
    read-only mode); at most MAX_TABLE_CELLS cells under the default size limit, in proportion to
    `limit` under another (an .xlsx is compressed: its size does not bound its cells)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    import zipfile

    max_cells = max(1, MAX_TABLE_CELLS * limit // MAX_TABLE_BYTES)
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
        n_cells = 0
        started = False
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            n_cells += len(cells)
            if n_cells > max_cells:
                raise _error(path, f"Trang tính có hơn {_n(max_cells)} ô (đến dòng {number}); một sổ của "
                                   "đơn vị không lớn đến vậy: kiểm tra tệp (có thể là tệp hỏng hoặc chọn nhầm "
                                   "tệp).", row=number)
            texts = [cell_text(c.value, getattr(c, "number_format", None)) for c in cells]
            if not started and not any(texts):
                continue  # leading blank rows
            started = True
            yield number, texts
    finally:
        workbook.close()
    if not started:
        raise EmptyFileError(_error(path, "Tệp rỗng: trang tính đầu tiên không có dòng tiêu đề và không có dữ liệu.",
                                    row=1).problems)


register(".csv", csv_rows, normalised=True)
register(".xlsx", xlsx_rows)


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
