"""Problems found in the inputs, reported to a ward analyst in Vietnamese.

Every problem names the file, the row as the analyst sees it in a spreadsheet (the header is
row 1, the first record row 2), the column by its Vietnamese header, the offending value and what
was expected. Printed, a control character shows as «U+0000» and a long value is cut. Errors stop
the unit-year; warnings are shown and the work goes on. A `Collector` gathers the problems of one
file, one per failing row up to a cap.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .text import visible

ERROR, WARNING = "error", "warning"
# A warning's topic, when it is not about the report's own inputs: no report to compare with (the
# first report of a unit, a unit formed after the comparison period). The index counts these apart.
NO_COMPARISON = "no_comparison"
MAX_ROWS_PER_CHECK = 10  # beyond this, one summary line per check and column
MAX_VALUE_CHARS = 200  # a value longer than this is cut in the printed problem (a 10 000-character cell)
MAX_MESSAGE_CHARS = 2000


@dataclass(frozen=True)
class Problem:
    severity: str  # ERROR or WARNING
    file: str  # path relative to the project root
    message: str  # Vietnamese: what is wrong and what was expected
    row: int | None = None  # spreadsheet row number (header = 1)
    column: str | None = None  # Vietnamese header
    value: str | None = None
    topic: str = ""  # "" or NO_COMPARISON

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        parts = [("LỖI" if self.is_error else "CẢNH BÁO"), self.file]
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột «{self.column}»")
        if self.value is not None:
            parts.append(f"giá trị «{visible(self.value, MAX_VALUE_CHARS)}»")
        # Control characters shown as «U+0000», never written to a console or a check file.
        return (", ".join(parts[:1]) + " " + visible(", ".join(parts[1:]), MAX_MESSAGE_CHARS) + ": "
                + visible(self.message, MAX_MESSAGE_CHARS))


class InputError(Exception):
    """Raised when inputs have errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__("\n".join(str(p) for p in errors) or "dữ liệu đầu vào không hợp lệ")


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


@dataclass
class Collector:
    """The problems of one file, added one at a time or one per failing row of a check."""
    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, severity, message, row=None, column=None, value=None):
        self.problems.append(Problem(severity, self.file, message, row, column,
                                     None if value is None else str(value)))

    def rows(self, severity: str, mask: pd.Series, column: str | None, message,
             values: pd.Series | None = None) -> None:
        """One problem per failing row (capped); `message` is a string or a function of the row label."""
        tally = RowTally(severity, column)
        tally.add(mask, message, values)
        tally.emit(self)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass
class RowTally:
    """The failing rows of one check and column, added up over one or several frames (the chunks
    of a file, in order): the first MAX_ROWS_PER_CHECK rows with their message and value, the
    count, and the next ten row numbers and the message of the first of them for the summary line."""
    severity: str
    column: str | None
    first: list[tuple[int, str, object]] = field(default_factory=list)
    count: int = 0
    later: list[int] = field(default_factory=list)
    later_text: str | None = None

    def add(self, mask: pd.Series, message, values: pd.Series | None = None) -> None:
        failing = mask.index[mask.to_numpy(dtype=bool)]
        room = MAX_ROWS_PER_CHECK - len(self.first)
        for row in failing[:room]:
            text = message(row) if callable(message) else message
            value = None if values is None else values.get(row)
            if value is not None and pd.isna(value):
                value = ""
            elif isinstance(value, pd.Timestamp):
                value = value.strftime("%d/%m/%Y")
            self.first.append((int(row), text, value))
        rest = failing[room:]
        if len(rest) and self.later_text is None:
            self.later_text = message(rest[0]) if callable(message) else message
        self.later += [int(r) for r in rest[:max(0, 10 - len(self.later))]]
        self.count += len(failing)

    def emit(self, out: "Collector") -> None:
        for row, text, value in self.first:
            out.add(self.severity, text, row, self.column, value)
        rest = self.count - MAX_ROWS_PER_CHECK
        if rest > 0:
            sample = ", ".join(str(r) for r in self.later)
            out.add(self.severity, f"Còn {_n(rest)} dòng khác có cùng lỗi (dòng {sample}"
                                   f"{', ...' if rest > 10 else ''}): {self.later_text}", None, self.column)


@dataclass
class ChunkCollector(Collector):
    """A Collector for a check run chunk by chunk over one file: `rows` adds each chunk's failing
    rows to the tally of its check (the n-th `rows` call after `next_chunk()` is the n-th check:
    every chunk runs the same checks in the same order), and `finish()` adds one problem per
    failing row (capped) and one summary line per check, exactly as one `rows` call over the
    whole file would."""
    tallies: list[RowTally] = field(default_factory=list)
    _check: int = 0

    def next_chunk(self) -> None:
        self._check = 0

    def rows(self, severity: str, mask: pd.Series, column: str | None, message,
             values: pd.Series | None = None) -> None:
        if self._check == len(self.tallies):
            self.tallies.append(RowTally(severity, column))
        tally = self.tallies[self._check]
        self._check += 1
        tally.add(mask, message, values)

    def finish(self) -> list[Problem]:
        for tally in self.tallies:
            tally.emit(self)
        self.tallies = []
        return self.problems
