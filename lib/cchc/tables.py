"""The tables a report prints, as data: numbers as numbers, for the Excel and Word outputs.

One `Table` per printed table (the contract of issue 12, shared by the unit report, the
consolidated report and the service index). Cells are `int`, `float` (a rate is a fraction
0..1, its column's format "percent"), `str` or `None` (an empty cell). The prepare step of the
build stores a report's tables as JSON (`tables_to_json`) in its snapshot; the render step reads
them back (`tables_from_json`) to write the workbook.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

FORMATS = ("text", "int", "percent", "decimal")


@dataclass(frozen=True)
class Table:
    key: str            # sheet name source, ASCII, e.g. "bieu-ii06a"
    title: str          # Vietnamese title printed above the table
    columns: list[str]  # Vietnamese headers
    rows: list[list]    # cells: int, float (a rate is a fraction 0..1), str, or None
    formats: list[str]  # per column: "text" | "int" | "percent" | "decimal"
    total_rows: int = 0 # how many last rows are totals (bold)
    note: str = ""      # source / basis sentence under the table

    def __post_init__(self):
        problems = []
        if len(self.formats) != len(self.columns):
            problems.append(f"{len(self.columns)} cột nhưng {len(self.formats)} định dạng")
        unknown = sorted(set(self.formats) - set(FORMATS))
        if unknown:
            problems.append(f"định dạng không biết: {', '.join(unknown)}")
        widths = sorted({len(row) for row in self.rows if len(row) != len(self.columns)})
        if widths:
            problems.append(f"có dòng {', '.join(map(str, widths))} ô, bảng có {len(self.columns)} cột")
        if not 0 <= self.total_rows <= len(self.rows):
            problems.append(f"{self.total_rows} dòng tổng trong {len(self.rows)} dòng")
        if problems:
            raise ValueError(f"Bảng «{self.title}» ({self.key}) không hợp lệ: " + "; ".join(problems) + ".")


def table_to_dict(table: Table) -> dict:
    return asdict(table)


def table_from_dict(data: dict) -> Table:
    return Table(key=data["key"], title=data["title"], columns=list(data["columns"]),
                 rows=[list(row) for row in data["rows"]], formats=list(data["formats"]),
                 total_rows=int(data.get("total_rows", 0)), note=data.get("note", ""))


def tables_to_json(tables: list[Table]) -> str:
    """JSON text of the tables (UTF-8 text, Vietnamese kept as is); ints stay ints, floats floats."""
    return json.dumps([table_to_dict(t) for t in tables], ensure_ascii=False, indent=1)


def tables_from_json(text: str) -> list[Table]:
    return [table_from_dict(item) for item in json.loads(text)]
