"""Problems found in the inputs, reported to a ward analyst in Vietnamese.

Every problem names the file, the row as the analyst sees it in a spreadsheet (the header is
row 1, the first record row 2), the column by its Vietnamese header, the offending value and what
was expected. Errors stop the unit-year; warnings are shown and the work goes on.
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    severity: str  # ERROR or WARNING
    file: str  # path relative to the project root
    message: str  # Vietnamese: what is wrong and what was expected
    row: int | None = None  # spreadsheet row number (header = 1)
    column: str | None = None  # Vietnamese header
    value: str | None = None

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
            parts.append(f"giá trị «{self.value}»")
        return ", ".join(parts[:1]) + " " + ", ".join(parts[1:]) + ": " + self.message


class InputError(Exception):
    """Raised when inputs have errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__("\n".join(str(p) for p in errors) or "dữ liệu đầu vào không hợp lệ")
