"""The document's frame in the Nghị định 30/2020 layout: header lines, title, subject, intro,
closing paragraph, recipients and signature, all from the unit, its params and the period."""
from __future__ import annotations

from .. import fmt
from ..model import AUTHORITIES
from .phrases import AUTHORITY, MOTTO, MOTTO_SUB, Sentence


def subject_lines(period) -> list[str]:
    """["Kết quả thực hiện cải cách hành chính năm 2023", "và phương hướng nhiệm vụ năm 2024"]."""
    return [f"Kết quả thực hiện cải cách hành chính {period.name}", f"và phương hướng nhiệm vụ {period.next_name}"]


def intro(unit, params, period) -> list[Sentence]:
    """The legal basis paragraph, then "UBND phường … báo cáo kết quả … như sau:"."""
    out = [Sentence(params.basis)] if params.basis else []
    out.append(Sentence(f"{unit.issuer_full} báo cáo kết quả thực hiện công tác cải cách hành chính "
                        f"{period.name} và phương hướng nhiệm vụ {period.next_name} như sau:"))
    return out


def directions_heading(period) -> str:
    return f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {period.next_name.upper()}"


def document_header(unit, params, period) -> dict:
    """Everything the ND 30 template needs around the sections."""
    return {
        "authority_upper": AUTHORITY,
        "unit_upper": unit.upper_name,
        "unit_name": unit.title_name,
        "number": f"Số: {params.number}",
        "motto": MOTTO,
        "motto_sub": MOTTO_SUB,
        "place_date": fmt.place_date(params.place, params.issued_on),
        "doc_type": "BÁO CÁO",
        "subject": subject_lines(period),
        "closing": fmt.nfc(f"Trên đây là báo cáo kết quả thực hiện cải cách hành chính {period.name} và "
                           f"phương hướng nhiệm vụ {period.next_name} của {unit.issuer_full}. Kính báo cáo "
                           f"{params.addressee} tổng hợp./."),
        "recipients": list(params.recipients),
        "signatory": {"authority_line": AUTHORITIES.get(params.signatory.authority, ""),
                      "title": params.signatory.title, "name": params.signatory.name},
        "title": f"Báo cáo CCHC {period.name} — {unit.issuer_full}",
    }
