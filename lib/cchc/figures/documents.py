"""Documents register: which documents the unit issued in a period, by CCHC area; QPPL issued.

A document is identified by number and date together: numbers restart each year, so the seed's
10/QĐ-UBND of 10/01/2023 and 10/QĐ-UBND of 06/01/2022 are different documents. Citing one in the
narrative (`{vb:...}`) is the citation grammar's business (`cchc.citations`).
"""
from __future__ import annotations

import pandas as pd

from .. import fmt
from ..schema import CCHC_AREAS, DOCUMENTS
from . import Figure, Source, sheet_rows

AREA_CODES = set(CCHC_AREAS.values())


def _own(documents: pd.DataFrame) -> pd.Series:
    """Issued by the unit itself: the issuing body is empty."""
    body = documents["co_quan_ban_hanh"]
    return body.isna() | (body.astype(str).str.strip() == "")


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["ngay_ban_hanh", "so_ky_hieu"], kind="stable")


def in_period(documents: pd.DataFrame, period, own_only: bool = True) -> pd.DataFrame:
    """Documents dated within the period (both ends included), by date; by default only the
    unit's own (no issuing body)."""
    day = pd.to_datetime(documents["ngay_ban_hanh"]).dt.normalize()
    mask = (day >= pd.Timestamp(fmt.to_date(period.start))) & (day <= pd.Timestamp(fmt.to_date(period.end)))
    if own_only:
        mask &= _own(documents)
    return _sorted(documents[mask])


def by_area(documents: pd.DataFrame, area: str, period=None) -> pd.DataFrame:
    """Documents serving one CCHC area (code, or its Vietnamese label), by date; with a period,
    only those dated within it (any issuer)."""
    code = CCHC_AREAS.get(area, area)
    if code not in AREA_CODES:
        raise KeyError(f"Lĩnh vực CCHC không hợp lệ: «{area}»; cần một trong {sorted(AREA_CODES)}")
    frame = documents[documents["linh_vuc_cchc"] == code]
    if period is not None:
        frame = in_period(frame, period, own_only=False)
    return _sorted(frame)


def qppl_issued(documents: pd.DataFrame, period) -> pd.DataFrame:
    """Legal normative documents the unit itself issued within the period."""
    own = in_period(documents, period, own_only=True)
    return own[own["la_qppl"].fillna(False).astype(bool)]


def qppl_count(documents: pd.DataFrame, period, file: str = "") -> Figure:
    """How many QPPL the unit issued in the period, with the register rows."""
    issued = qppl_issued(documents, period)
    h = {c.key: c.header for c in DOCUMENTS.columns}
    rows = sheet_rows(issued.index)
    return Figure(len(issued), key="documents.qppl_issued", label="Văn bản QPPL ban hành trong kỳ", unit="văn bản",
                  sources=(Source(DOCUMENTS.title, file, (h["la_qppl"], h["ngay_ban_hanh"], h["co_quan_ban_hanh"]),
                                  f"Văn bản có {h['la_qppl']} = Có, {h['ngay_ban_hanh']} trong kỳ và "
                                  f"{h['co_quan_ban_hanh']} để trống (do đơn vị ban hành)", rows),))
