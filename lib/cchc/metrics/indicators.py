"""Sentences from the indicators no register holds (chi-so): sections II.2, II.5 and II.6.

`indicators` is the loaded dict code -> value (None when an optional indicator is absent);
percentages are in percent (95 means 95%). A sentence whose indicator is absent is left out.
"""
from __future__ import annotations

from collections.abc import Mapping

from .. import fmt


def _subject(unit_short: str) -> str:
    unit_short = unit_short.strip()
    return unit_short if unit_short.lower().startswith(("ubnd", "ủy ban")) else f"UBND {unit_short}"


def _get(indicators: Mapping, code: str):
    return indicators.get(code)


def computers_sentence(indicators: Mapping, unit_short: str = "UBND phường") -> str | None:
    n = _get(indicators, "so_may_tinh")
    if n is None:
        return None
    if n == 0:
        return fmt.nfc(f"Hiện tại {_subject(unit_short)} chưa được trang bị máy vi tính tại các phòng làm việc.")
    return fmt.nfc(f"Hiện tại {_subject(unit_short)} đã bố trí có {fmt.count(n)} máy vi tính tại các phòng "
                   "làm việc và được kết nối mạng Internet để phục vụ nhu cầu công việc và giải quyết "
                   "thủ tục hành chính cho nhân dân.")


def signatures_sentence(indicators: Mapping) -> str | None:
    org, personal = _get(indicators, "chu_ky_so_to_chuc"), _get(indicators, "chu_ky_so_ca_nhan")
    if org is None and personal is None:
        return None
    org, personal = int(org or 0), int(personal or 0)
    total = org + personal
    if total == 0:
        return "Đến nay chưa được cấp chữ ký số."
    parts = [f"{fmt.count(n)} chữ ký số {what}" for n, what in ((org, "cơ quan"), (personal, "cá nhân")) if n]
    text = f"Số lượng chữ ký số đã được cấp đến nay là {fmt.count(total)} chữ ký số"
    if len(parts) == 2:
        text += f" (gồm: {parts[0]} và {parts[1]})"
    else:
        text = f"Số lượng chữ ký số đã được cấp đến nay là {parts[0]}"
    return fmt.nfc(text + ".")


def electronic_documents_sentence(indicators: Mapping) -> str | None:
    share = _get(indicators, "ty_le_van_ban_dien_tu")
    if share is None:
        return None
    text = f"Tỷ lệ văn bản được trao đổi hoàn toàn dưới dạng điện tử đạt tỷ lệ {fmt.pct(share)}"
    paper = fmt.exact(100) - fmt.exact(share)
    if paper > 0:
        text += f", văn bản giấy {fmt.pct(paper)}"
    return fmt.nfc(text + ".")


def mailboxes_sentence(indicators: Mapping) -> str | None:
    share = _get(indicators, "ty_le_hop_thu_cong_vu")
    if share is None:
        return None
    return fmt.nfc(f"{fmt.pct(share)} cán bộ, công chức được cấp tài khoản hộp thư điện tử công vụ.")


def work_files_sentence(indicators: Mapping) -> str | None:
    share = _get(indicators, "ty_le_ho_so_cong_viec_tren_mang")
    if share is None:
        return None
    return fmt.nfc(f"{fmt.pct(share)} hồ sơ công việc được xử lý trên môi trường mạng.")


def website_sentence(indicators: Mapping, unit_short: str = "UBND phường") -> str:
    since = _get(indicators, "trang_thong_tin_tu")
    if since is None:
        return fmt.nfc(f"{_subject(unit_short)} chưa có Trang thông tin điện tử.")
    d = fmt.to_date(since)
    return fmt.nfc(f"{_subject(unit_short)} đã có Trang thông tin điện tử, thường xuyên cập nhật các tin "
                   f"tức, sự kiện, văn bản, cải cách hành chính nổi bật (hoạt động từ tháng "
                   f"{fmt.month_year(d.year, d.month)} đến nay).")


def e_gov_prose(indicators: Mapping, unit_short: str = "UBND phường") -> list[str]:
    """Section II.6.1 sentences in the seed's order: computers, digital signatures, electronic
    documents, mailboxes, work files online, website."""
    lines = [
        computers_sentence(indicators, unit_short),
        signatures_sentence(indicators),
        electronic_documents_sentence(indicators),
        mailboxes_sentence(indicators),
        work_files_sentence(indicators),
        website_sentence(indicators, unit_short),
    ]
    return [line for line in lines if line]


def iso_sentence(indicators: Mapping, unit_short: str = "UBND phường") -> str | None:
    iso = _get(indicators, "iso_9001")
    if iso is None:
        return None
    if iso:
        return fmt.nfc(f"{_subject(unit_short)} duy trì áp dụng, cải tiến hệ thống quản lý chất lượng theo "
                       "TCVN ISO 9001:2015.")
    return fmt.nfc(f"{_subject(unit_short)} chưa áp dụng hệ thống quản lý chất lượng theo TCVN ISO 9001:2015.")


def finance_sentence(indicators: Mapping, year: int, unit_short: str = "UBND phường") -> str | None:
    """"Trong năm 2023, UBND phường không đầu tư xây dựng công trình nên không giải ngân vốn đầu tư
    công." or the amount disbursed."""
    amount = _get(indicators, "von_dau_tu_cong_giai_ngan")
    if amount is None:
        return None
    if amount == 0:
        return fmt.nfc(f"Trong năm {year}, {_subject(unit_short)} không đầu tư xây dựng công trình nên không "
                       "giải ngân vốn đầu tư công.")
    return fmt.nfc(f"Trong năm {year}, {_subject(unit_short)} đã giải ngân {fmt.money(amount)} vốn đầu tư công.")


def complaints_sentence(indicators: Mapping, year: int, unit_short: str = "UBND phường") -> str | None:
    """"Trong năm 2023, không có đơn, thư, phản ánh, kiến nghị về quy định hành chính, thủ tục hành
    chính gửi đến UBND phường." or the number received."""
    n = _get(indicators, "so_phan_anh_kien_nghi")
    if n is None:
        return None
    if n == 0:
        return fmt.nfc(f"Trong năm {year}, không có đơn, thư, phản ánh, kiến nghị về quy định hành chính, "
                       f"thủ tục hành chính gửi đến {_subject(unit_short)}.")
    return fmt.nfc(f"Trong năm {year}, {_subject(unit_short)} tiếp nhận {fmt.count(n)} đơn, thư, phản ánh, "
                   "kiến nghị về quy định hành chính, thủ tục hành chính.")
