"""The service index in words and as tables (`figures.service_index`): the lead, the sentences
that say the score and what was left out, the table as section II.2 prints it and as the Excel
workbook files it (`tables.Table`)."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .. import fmt
from ..figures.service_index import NO_DATA, TOTAL_LABEL, ServiceIndex
from ..tables import Table
from .phrases import Sentence

HEADING = "* Chỉ số phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công"
CAPTION = "Chỉ số phục vụ người dân, doanh nghiệp (đơn vị tự đánh giá từ sổ sách)"
TABLE_KEY = "chi-so-phuc-vu"
# The printed table: the result column says «chưa có dữ liệu» where no register gives the rate (the
# rate's source and its numerator and denominator are in the lineage table); the Excel table keeps
# the rate as a number and the source in a column of its own.
COLUMNS = ["Nhóm chỉ số, chỉ số", "Kết quả", "Điểm tối đa", "Điểm tối đa được tính", "Điểm đạt"]
OFFICE_COLUMNS = COLUMNS + ["Nguồn số liệu"]
FORMATS = ["text", "percent", "decimal", "decimal", "decimal", "text"]
DASH = "—"


def _n(points) -> str:
    return fmt.number(points)


def _count(n: int) -> str:
    return fmt.count(n)


def _basis(index: ServiceIndex) -> str:
    return f"theo Bộ chỉ số tại {index.config.document}" if index.config.document else "theo cấu hình của dự án"


def sentences(index: ServiceIndex, issuer: str) -> list[Sentence]:
    """The score, on the adjusted maximum and on the 100-point scale, and which indicators were left
    out and why; `issuer` names who assessed ("UBND phường"). Each sentence keeps the rates the
    scored indicators were computed from (the lineage table lists them)."""
    measured = index.measured
    if not index.available:
        return [Sentence(f"Chưa tính được Chỉ số phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công "
                         f"({_basis(index)}): sổ sách của đơn vị chưa có số liệu cho chỉ số nào; "
                         f"{_count(len(index.rows))} chỉ số đều ghi «{NO_DATA}».")]
    out = [Sentence(
        f"{issuer} tự đánh giá Chỉ số phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công "
        f"{_basis(index)} từ sổ sách của đơn vị: đạt {_n(index.total)}/{_n(index.max_points)} điểm, quy đổi "
        f"{_n(index.scaled)}/{_n(index.full_max)} điểm.", measured)]
    excluded = index.excluded
    if excluded:
        left_out = sum((r.max for r in excluded), Decimal(0))
        no_base = [r for r in excluded if r.source != NO_DATA]
        reason = "chưa có dữ liệu trong sổ sách của đơn vị" + (
            f" ({_count(len(no_base))} chỉ số không phát sinh hồ sơ thuộc diện tính)" if no_base else "")
        out.append(Sentence(
            f"{_count(len(excluded))}/{_count(len(index.rows))} chỉ số ({_n(left_out)} điểm) {reason} nên không "
            f"tính điểm; điểm tối đa được điều chỉnh từ {_n(index.full_max)} xuống {_n(index.max_points)} điểm."))
    return out


def _result(row) -> str:
    """The rate as the printed table shows it ("99,46%"), or why there is none."""
    m = row.measured
    if not row.available:
        return row.source
    return fmt.percent(*m.pair) if hasattr(m, "pair") else fmt.pct(m.value)


def _rows(index: ServiceIndex):
    """(name, value fraction, result text, max, counted max, points, source) per line: each group,
    then its indicators; the total last."""
    numbers = {g.key: i for i, g in enumerate(index.config.groups, start=1)}
    for g in index.groups:
        yield (f"{numbers[g.key]}. {g.name}", None, "", g.full_max, g.max if g.available else None,
               g.points if g.available else None, "")
        for r in (r for r in index.rows if r.group == g.name):
            yield (f"{r.key}. {r.indicator}", r.value, _result(r), r.max, r.max if r.available else None,
                   r.points, r.source)
    yield (TOTAL_LABEL, None, "", index.full_max, index.max_points if index.available else None,
           index.total if index.available else None, "")


def note(index: ServiceIndex) -> str:
    """The basis under the table, for the printed document: where the rates come from, how points are
    given, and what the weights follow (the file itself is in the provenance table)."""
    c = index.config
    sources = ", ".join(dict.fromkeys(r.source for r in index.rows if r.available))
    basis = (f"Điểm tối đa các nhóm theo {c.document}; điểm từng chỉ số và ngưỡng theo cấu hình chỉ số của "
             f"{'cchc' if c.origin == 'có sẵn' else 'đơn vị'}." if c.document else "")
    return fmt.nfc(
        (f"Tỷ lệ tính từ {sources}. " if sources else "")
        + "Điểm chỉ số = điểm tối đa × tỷ lệ đạt được / ngưỡng đạt điểm tối đa (không quá điểm tối đa), làm tròn 2 chữ "
        f"số thập phân; chỉ số {NO_DATA} không tính điểm và không tính vào điểm tối đa. " + basis).strip()


def table(index: ServiceIndex) -> pd.DataFrame:
    """The index as section II.2 prints it: groups, their indicators, the total (text cells)."""
    data = [[name, text, _n(most), DASH if counted is None else _n(counted), DASH if points is None else _n(points)]
            for name, _, text, most, counted, points, _ in _rows(index)]
    frame = pd.DataFrame(data, columns=COLUMNS)
    frame.attrs["caption"] = CAPTION
    frame.attrs["show_index"] = False
    frame.attrs["note"] = note(index)
    return frame


def office_table(index: ServiceIndex, title_suffix: str = "") -> Table:
    """The same table for the Excel workbook: rates as fractions, points as numbers, empty cells None."""
    rows = [[name, None if value is None else float(value), float(most),
             None if counted is None else float(counted), None if points is None else float(points), source or None]
            for name, value, _, most, counted, points, source in _rows(index)]
    return Table(TABLE_KEY, CAPTION + title_suffix, list(OFFICE_COLUMNS), rows, list(FORMATS), total_rows=1,
                 note=note(index))
