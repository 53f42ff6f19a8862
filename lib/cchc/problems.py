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
