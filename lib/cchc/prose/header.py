"""The document's frame in the Nghị định 30/2020 layout: header lines, title, subject, intro,
closing paragraph, recipients and signature, all from the unit, its params and the period.

What a report is about follows its period and its outline (`SUBJECTS`): a CCHC report of a year,
half-year, quarter, nine months or custom range reports the results of the period and the
directions for the next ("… quý I năm 2024 và phương hướng, nhiệm vụ quý II năm 2024"); a monthly
report is the TTHC report ("tình hình, kết quả giải quyết thủ tục hành chính tháng 8 năm 2024").
Every period phrase comes from the `Period` (`name`, `next_name`).
"""
from __future__ import annotations

from .. import fmt
from ..model import AUTHORITIES
from .phrases import MOTTO, MOTTO_SUB, Sentence, parent_authority

# What a report is about: "cchc", the full CCHC report; "tthc", the shorter TTHC report (the TTHC
# section and its table), the default of a monthly period.
SUBJECTS = ("cchc", "tthc")


def subject_of(period, subject: str | None = None) -> str:
    """`subject` checked, or the period's default: "tthc" for a month, "cchc" otherwise."""
    if subject is None:
        return "tthc" if period.kind == "thang" else "cchc"
    if subject not in SUBJECTS:
        raise ValueError(f"loại báo cáo «{subject}» không hợp lệ; cần một trong: {', '.join(SUBJECTS)}")
    return subject


def _parts(period, subject: str | None, where: str) -> tuple[str, str | None]:
    """(what the report reports on, what it sets out for the next period or None), in lower case,
    as `where` (title, intro or closing) words them.

    The annual report keeps the words of the seed (report 227/BC-UBND, whose twin is golden): "kết
    quả thực hiện cải cách hành chính năm 2023" and "phương hướng nhiệm vụ năm 2024" in the title
    and the closing, "công tác" added in the intro. Every other period has the fuller wording of
    the periodic reports Bộ Nội vụ asks for: "kết quả thực hiện công tác cải cách hành chính quý I
    năm 2024" and "phương hướng, nhiệm vụ quý II năm 2024", the same in all three places."""
    if subject_of(period, subject) == "tthc":
        return f"tình hình, kết quả giải quyết thủ tục hành chính {period.name}", None
    if period.kind == "nam":
        work = "công tác cải cách hành chính" if where == "intro" else "cải cách hành chính"
        return f"kết quả thực hiện {work} {period.name}", f"phương hướng nhiệm vụ {period.next_name}"
    return (f"kết quả thực hiện công tác cải cách hành chính {period.name}",
            f"phương hướng, nhiệm vụ {period.next_name}")


def _about(period, subject: str | None, where: str) -> str:
    results, directions = _parts(period, subject, where)
    return f"{results} và {directions}" if directions else results


def subject_lines(period, subject: str | None = None) -> list[str]:
    """The lines under "BÁO CÁO": ["Kết quả thực hiện cải cách hành chính năm 2023", "và phương
    hướng nhiệm vụ năm 2024"]; ["Kết quả thực hiện công tác cải cách hành chính quý I năm 2024",
    "và phương hướng, nhiệm vụ quý II năm 2024"]; ["Tình hình, kết quả giải quyết thủ tục hành
    chính tháng 8 năm 2024"]."""
    results, directions = _parts(period, subject, "title")
    lines = [fmt.capitalize_first(results)]
    if directions:
        lines.append(f"và {directions}")
    return lines


def report_title(period, subject: str | None = None) -> str:
    """The report's name in one line, as a list or a letter cites it: "Báo cáo kết quả thực hiện
    công tác cải cách hành chính quý I năm 2024 và phương hướng, nhiệm vụ quý II năm 2024",
    "Báo cáo tình hình, kết quả giải quyết thủ tục hành chính tháng 8 năm 2024"."""
    return fmt.nfc(f"Báo cáo {_about(period, subject, 'title')}")


def intro(unit, params, period, subject: str | None = None) -> list[Sentence]:
    """The legal basis paragraph, then "UBND phường … báo cáo kết quả … như sau:"."""
    out = [Sentence(params.basis)] if params.basis else []
    out.append(Sentence(f"{unit.issuer_full} báo cáo {_about(period, subject, 'intro')} như sau:"))
    return out


def closing(unit, params, period, subject: str | None = None) -> str:
    """"Trên đây là báo cáo … của UBND phường …. Kính báo cáo <addressee> tổng hợp./." The addressee
    is the params'; without one, the People's Committee the unit reports to at the period's end."""
    addressee = getattr(params, "addressee", None) or parent_authority(unit, period.end)
    text = f"Trên đây là báo cáo {_about(period, subject, 'closing')} của {unit.issuer_full}."
    if addressee:
        text += f" Kính báo cáo {addressee} tổng hợp./."
    else:
        text += "/."
    return fmt.nfc(text)


def directions_heading(period) -> str:
    """"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ II NĂM 2024"."""
    return f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {period.next_name.upper()}"


def document_header(unit, params, period, subject: str | None = None) -> dict:
    """Everything the ND 30 template needs around the sections. `parent`: the People's Committee
    the unit reports to at the period's end (`Unit.parent_on`), for whoever lists or checks it;
    `title`: the page's title, the report's name as a list cites it and its issuer ("Báo cáo tình
    hình, kết quả giải quyết thủ tục hành chính tháng 8 năm 2024 — UBND phường Nguyễn Nghiêm")."""
    authority, unit_upper = unit.header_lines
    return {
        "authority_upper": authority,
        "unit_upper": unit_upper,
        "unit_name": unit.title_name,
        "number": f"Số: {params.number}",
        "motto": MOTTO,
        "motto_sub": MOTTO_SUB,
        "place_date": fmt.place_date(unit.place, params.issued_on),
        "doc_type": "BÁO CÁO",
        "subject": subject_lines(period, subject),
        "closing": closing(unit, params, period, subject),
        "recipients": list(params.recipients),
        "signatory": {"authority_line": AUTHORITIES.get(params.signatory.authority, ""),
                      "title": params.signatory.title, "name": params.signatory.name},
        "parent": parent_authority(unit, period.end) or "",
        "title": f"{report_title(period, subject)} — {unit.issuer_full}",
    }
