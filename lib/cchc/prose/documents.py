"""Sections I–II in words from the documents register: what the unit issued in the period, by
CCHC area, and the QPPL statement of section II.1."""
from __future__ import annotations

import pandas as pd

from .. import fmt
from ..figures import documents as docs
from .phrases import Sentence, subject


def citations(frame: pd.DataFrame) -> list[str]:
    """One citation per row, in the frame's order."""
    return [fmt.citation(row) for _, row in frame.iterrows()]


def issued_prose(documents: pd.DataFrame, period, area: str, unit, cited: str = "") -> list[Sentence]:
    """The unit's own documents of one CCHC area issued in the period, as one sentence, leaving out
    those already cited in `cited` (the section's narrative, placeholders resolved). QPPL documents
    have their own sentence (`qppl_sentence`)."""
    frame = docs.by_area(docs.in_period(documents, period), area)
    frame = frame[~frame["la_qppl"]]
    if cited:
        frame = frame[[f"{n} ngày {fmt.date_citation(d)}" not in cited
                       for n, d in zip(frame["so_ky_hieu"], frame["ngay_ban_hanh"])]]
    cites = citations(frame)
    if not cites:
        return []
    verb = f"{period.opening}, {subject(unit)} đã ban hành "
    if len(cites) == 1:
        return [Sentence(verb + cites[0] + ".")]
    return [Sentence(verb + "các văn bản: " + "; ".join(cites) + ".")]


def qppl_sentence(documents: pd.DataFrame, period, unit="UBND phường", file: str = "") -> Sentence:
    """What the register says about QPPL issued in the period — never the seed's "không ban hành"
    next to a QPPL it lists: "Trong năm 2023, UBND phường ban hành 01 văn bản QPPL (Quyết định số
    01/2023/QĐ-UBND ngày 23/6/2023 về ...)." or "Trong năm 2023, UBND phường không ban hành văn bản
    QPPL." `unit` is a Unit, or its short form as text ("UBND phường" or "phường")."""
    issued = docs.qppl_issued(documents, period)
    count = docs.qppl_count(documents, period, file)
    lead = f"{period.opening}, {subject(unit)}"
    if issued.empty:
        return Sentence(f"{lead} không ban hành văn bản QPPL.", (count,))
    cites = "; ".join(citations(issued))
    return Sentence(f"{lead} ban hành {fmt.count(count)} văn bản QPPL ({cites}).", (count,))
