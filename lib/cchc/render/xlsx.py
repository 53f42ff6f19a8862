"""A report's tables as an Excel workbook (openpyxl): one sheet per `cchc.tables.Table`.

For the reviewer who files or re-sums the figures: every count is a number cell, every rate a
fraction with a percent format, never the printed text. Each sheet carries the report's identity
above its table (issuer, report, number and place/date) and in its printed page header; the header
row is frozen, with the row labels; totals are bold; the source sentence sits under the table. A
first sheet, «Mục lục», repeats the identity and lists the sheets with links.

Number formats. A format code is stored in the file in one fixed (en-US) syntax, `,` for grouping
and `.` for the decimal point; Excel and LibreOffice show it with the separators of the reader's
locale. So `#,##0` and `0.00%` display as 1.297 and 95,00% in a Vietnamese (vi-VN) Excel, which is
what every office computer in a Vietnamese People's Committee runs, and the cells stay numbers that
sum and sort. A locale-independent display would need the separators as literal text
(`#"."##0` and the like): that works for one magnitude only and cannot give a decimal comma to a
percentage, so the file keeps the standard codes and lets the locale speak.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from ..atomic import write_atomic
from ..tables import Table

INT_FORMAT = "#,##0"          # 1.297 in vi-VN (see the module docstring)
PERCENT_FORMAT = "0.00%"      # 95,00% in vi-VN
DECIMAL_FORMAT = "#,##0.00"   # 1.297,50 in vi-VN
NUMBER_FORMATS = {"int": INT_FORMAT, "percent": PERCENT_FORMAT, "decimal": DECIMAL_FORMAT}
FONT_NAME = "Times New Roman"
SHEET_NAME_MAX = 31  # Excel's limit
GROUP_SEPARATOR = " - "  # "group - column" in a Table's header: two header rows, the group merged over its columns
CONTENTS_SHEET = "Mục lục"
MIN_WIDTH, MAX_WIDTH = 8, 60  # column widths, in characters
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def identity_lines(header: dict) -> list[str]:
    """The report's identity as the sheets print it above each table: issuer, report, number and
    place/date ("ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN NGHIÊM", "Báo cáo … năm 2023 …", "Số: 227/BC-UBND;
    Phường Nguyễn Nghiêm, ngày 06 tháng 12 năm 2023")."""
    issuer = " ".join(x for x in (header.get("authority_upper", ""), header.get("unit_upper", "")) if x)
    report = header.get("title") or " ".join([header.get("doc_type", "")] + list(header.get("subject") or []))
    dated = "; ".join(x for x in (header.get("number", ""), header.get("place_date", "")) if x)
    return [line for line in (issuer, report, dated) if line]


def sheet_names(tables: list[Table]) -> list[str]:
    """A unique sheet name per table from its key: at most 31 characters, none Excel forbids,
    a clash numbered ("bieu-ii06a", "bieu-ii06a-2")."""
    names, taken = [], {CONTENTS_SHEET.lower()}
    for t in tables:
        base = _SHEET_FORBIDDEN.sub("-", t.key).strip("'") or "bang"
        name, n = base[:SHEET_NAME_MAX], 1
        while name.lower() in taken:
            n += 1
            suffix = f"-{n}"
            name = base[:SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def header_levels(columns: list[str]) -> tuple[list[str], list[str]]:
    """(group, label) of each column header: "Số hồ sơ đã giải quyết - Trước hạn" is the column
    "Trước hạn" under the group "Số hồ sơ đã giải quyết" (the printed tables' two header rows, as
    the official Biểu has them); a header without `GROUP_SEPARATOR` has no group ("")."""
    pairs = [c.split(GROUP_SEPARATOR, 1) if GROUP_SEPARATOR in c else ("", c) for c in columns]
    return [g for g, _ in pairs], [label for _, label in pairs]


def _shown_length(value, form: str) -> int:
    """About how many characters a cell shows (for the column's width)."""
    if value is None:
        return 0
    if form == "percent" and isinstance(value, (int, float)):
        return len(f"{value * 100:,.2f}%")
    if form in ("int", "decimal") and isinstance(value, (int, float)):
        return len(f"{value:,.0f}" if form == "int" else f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _header_length(text: str) -> int:
    """A header wraps: its width is that of about two lines, and at least its longest word."""
    words = text.split()
    return max(max((len(w) for w in words), default=0), (len(text) + 1) // 2)


def build_workbook(tables: list[Table], header: dict):
    """The workbook (openpyxl `Workbook`) of a report's tables, with its identity from `header`
    (`prose.header.document_header`'s dict)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.properties import PageSetupProperties

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    plain, bold = Font(name=FONT_NAME, size=12), Font(name=FONT_NAME, size=12, bold=True)
    head_fill = PatternFill("solid", fgColor="E7E6E6")
    identity = identity_lines(header)
    issuer = identity[0] if identity else ""

    wb = Workbook()
    contents = wb.active
    contents.title = CONTENTS_SHEET
    wb.properties.title = header.get("title", "")
    wb.properties.creator = "cchc"
    wb.properties.language = "vi-VN"

    names = sheet_names(tables)
    for table, name in zip(tables, names):
        ws = wb.create_sheet(name)
        row = 1
        for i, line in enumerate(identity):
            ws.cell(row=row, column=1, value=line).font = bold if i == 0 else plain
            row += 1
        row += 1
        ws.cell(row=row, column=1, value=table.title).font = Font(name=FONT_NAME, size=13, bold=True)
        row += 1
        head_row = row
        groups, labels = header_levels(table.columns)
        head_rows = 2 if any(groups) else 1
        for j, (group, label) in enumerate(zip(groups, labels), start=1):
            for r in range(head_row, head_row + head_rows):
                c = ws.cell(row=r, column=j)
                c.font, c.fill, c.border = bold, head_fill, box
                c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if not group:  # a column of its own: its header spans both rows
                ws.cell(row=head_row, column=j, value=label)
                if head_rows == 2:
                    ws.merge_cells(start_row=head_row, start_column=j, end_row=head_row + 1, end_column=j)
                continue
            ws.cell(row=head_row + 1, column=j, value=label)
            if j == 1 or groups[j - 2] != group:  # the first column of its group: the group spans them all
                ws.cell(row=head_row, column=j, value=group)
                span = next((k for k in range(j, len(groups)) if groups[k] != group), len(groups))
                if span > j:
                    ws.merge_cells(start_row=head_row, start_column=j, end_row=head_row, end_column=span)
        row = head_row + head_rows - 1
        first_total = len(table.rows) - table.total_rows
        for i, values in enumerate(table.rows):
            row += 1
            for j, (value, form) in enumerate(zip(values, table.formats), start=1):
                c = ws.cell(row=row, column=j, value=value)
                c.border = box
                c.font = bold if i >= first_total else plain
                if form in NUMBER_FORMATS:
                    c.number_format = NUMBER_FORMATS[form]
                    c.alignment = Alignment(horizontal="right", vertical="top")
                else:
                    c.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        if table.note:  # under the table, after one empty row
            ws.cell(row=row + 2, column=1, value=table.note).font = Font(name=FONT_NAME, size=11, italic=True)
        # Frozen: the rows down to the header, and the row labels when the first column is text.
        ws.freeze_panes = ws.cell(row=head_row + head_rows, column=2 if table.formats[0] == "text" else 1)
        for j, (text, form) in enumerate(zip(labels, table.formats), start=1):
            longest = max([_header_length(text)] + [_shown_length(r[j - 1], form) for r in table.rows])
            ws.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))
        # Printing: the identity in the page header, the column headers on every page, one page wide.
        ws.oddHeader.left.text = issuer
        ws.oddHeader.right.text = identity[-1] if len(identity) > 1 else ""
        ws.oddFooter.center.text = "Trang &P/&N"
        ws.print_title_rows = f"{head_row}:{head_row + head_rows - 1}"
        ws.page_setup.orientation = "landscape" if len(table.columns) > 6 else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    row = 1
    for i, line in enumerate(identity):
        contents.cell(row=row, column=1, value=line).font = bold if i == 0 else plain
        row += 1
    signatory = header.get("signatory") or {}
    if signatory.get("name"):
        title = signatory.get("title", "").strip().capitalize()  # "CHỦ TỊCH" -> "Chủ tịch"
        signer = f"{signatory['name']} ({title})" if title else signatory["name"]
        contents.cell(row=row, column=1, value=f"Người ký: {signer}").font = plain
        row += 1
    row += 1
    for j, text in enumerate(("Trang tính", "Bảng", "Số dòng"), start=1):
        c = contents.cell(row=row, column=j, value=text)
        c.font, c.fill, c.border = bold, head_fill, box
    contents.freeze_panes = contents.cell(row=row + 1, column=1)
    for table, name in zip(tables, names):
        row += 1
        link = contents.cell(row=row, column=1, value=name)
        link.hyperlink = f"#{quote_sheetname(name)}!A1"
        link.font = Font(name=FONT_NAME, size=12, underline="single", color="0563C1")
        contents.cell(row=row, column=2, value=table.title).font = plain
        count = contents.cell(row=row, column=3, value=len(table.rows))
        count.font, count.number_format = plain, INT_FORMAT
        for j in (1, 2, 3):
            contents.cell(row=row, column=j).border = box
    if not tables:
        contents.cell(row=row + 1, column=1, value="Báo cáo này không in bảng số liệu nào.").font = plain
    contents.column_dimensions["A"].width = max(MIN_WIDTH, max((len(n) for n in names), default=0) + 2)
    contents.column_dimensions["B"].width = MAX_WIDTH
    contents.column_dimensions["C"].width = 10
    return wb


def write_xlsx(tables: list[Table], header: dict, out: Path) -> Path:
    """Write the workbook of `tables` to `out`, atomically (the whole file or nothing)."""
    buffer = io.BytesIO()
    build_workbook(tables, header).save(buffer)
    return write_atomic(Path(out), buffer.getvalue())
