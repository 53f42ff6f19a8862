"""Documents register: what the unit issued, citations, and the QPPL statement (section II.1).

A document is identified by number and date together: numbers restart each year, so the seed's
10/QĐ-UBND of 10/01/2023 and 10/QĐ-UBND of 06/01/2022 are different documents.
"""
from __future__ import annotations

import re
from datetime import date

import pandas as pd

from .. import fmt
from ..schema import CCHC_AREAS

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


def citations(frame: pd.DataFrame) -> list[str]:
    """One citation per row, in the frame's order."""
    return [fmt.citation(row) for _, row in frame.iterrows()]


def _subject(unit_short: str) -> str:
    unit_short = unit_short.strip()
    return unit_short if unit_short.lower().startswith(("ubnd", "ủy ban")) else f"UBND {unit_short}"


def qppl_sentence(documents: pd.DataFrame, period, unit_short: str = "UBND phường") -> str:
    """What the register says about QPPL issued in the period — never the seed's "không ban hành"
    next to a QPPL it lists: "Trong năm 2023, UBND phường ban hành 01 văn bản QPPL (Quyết định số
    01/2023/QĐ-UBND ngày 23/6/2023 về ...)." or "Trong năm 2023, UBND phường không ban hành văn bản
    QPPL." `unit_short` is "UBND phường" (or just "phường")."""
    issued = qppl_issued(documents, period)
    lead = f"{fmt.period_phrase(period)}, {_subject(unit_short)}"
    if issued.empty:
        return fmt.nfc(f"{lead} không ban hành văn bản QPPL.")
    cites = "; ".join(citations(issued))
    return fmt.nfc(f"{lead} ban hành {fmt.count(len(issued))} văn bản QPPL ({cites}).")


# The citation grammar, lookup and substitution live in cchc.citations (shared with validation).
from ..citations import CITATION_RE as _PLACEHOLDER  # noqa: E402,F401
from ..citations import DocumentNotFound, find, resolve_placeholders  # noqa: E402,F401
