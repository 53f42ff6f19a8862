"""Sentences from the indicators no register holds (chi-so): sections II.2, II.5 and II.6.

`indicators` is the loaded dict code -> value (None when an optional indicator is absent);
percentages are in percent (95 means 95%). A sentence whose indicator is absent is left out.
Each sentence keeps the Figure or Fact it prints (`figures.indicators.get`).
"""
from __future__ import annotations

from collections.abc import Mapping

from .. import fmt
from ..figures.indicators import get
from .phrases import Sentence, subject


def computers_sentence(indicators: Mapping, unit="UBND phường", file: str = "") -> Sentence | None:
    n = get(indicators, "so_may_tinh", file)
    if n is None:
        return None
    if n == 0:
        return Sentence(f"Hiện tại {subject(unit)} chưa được trang bị máy vi tính tại các phòng làm việc.", (n,))
    return Sentence(f"Hiện tại {subject(unit)} đã bố trí có {fmt.count(n)} máy vi tính tại các phòng "
                    "làm việc và được kết nối mạng Internet để phục vụ nhu cầu công việc và giải quyết "
                    "thủ tục hành chính cho nhân dân.", (n,))


def signatures_sentence(indicators: Mapping, file: str = "") -> Sentence | None:
    org, personal = get(indicators, "chu_ky_so_to_chuc", file), get(indicators, "chu_ky_so_ca_nhan", file)
    if org is None and personal is None:
        return None
    figs = (org, personal)
    org, personal = int(org or 0), int(personal or 0)
    total = org + personal
    if total == 0:
        return Sentence("Đến nay chưa được cấp chữ ký số.", figs)
    parts = [f"{fmt.count(n)} chữ ký số {what}" for n, what in ((org, "cơ quan"), (personal, "cá nhân")) if n]
    text = f"Số lượng chữ ký số đã được cấp đến nay là {fmt.count(total)} chữ ký số"
    if len(parts) == 2:
        text += f" (gồm: {parts[0]} và {parts[1]})"
    else:
        text = f"Số lượng chữ ký số đã được cấp đến nay là {parts[0]}"
    return Sentence(text + ".", figs)


def electronic_documents_sentence(indicators: Mapping, file: str = "") -> Sentence | None:
    share = get(indicators, "ty_le_van_ban_dien_tu", file)
    if share is None:
        return None
    text = f"Tỷ lệ văn bản được trao đổi hoàn toàn dưới dạng điện tử đạt tỷ lệ {fmt.pct(share.value)}"
    paper = fmt.exact(100) - fmt.exact(share.value)
    if paper > 0:
        text += f", văn bản giấy {fmt.pct(paper)}"
    return Sentence(text + ".", (share,))


def mailboxes_sentence(indicators: Mapping, file: str = "") -> Sentence | None:
    share = get(indicators, "ty_le_hop_thu_cong_vu", file)
    if share is None:
        return None
    return Sentence(f"{fmt.pct(share.value)} cán bộ, công chức được cấp tài khoản hộp thư điện tử công vụ.", (share,))


def work_files_sentence(indicators: Mapping, file: str = "") -> Sentence | None:
    share = get(indicators, "ty_le_ho_so_cong_viec_tren_mang", file)
    if share is None:
        return None
    return Sentence(f"{fmt.pct(share.value)} hồ sơ công việc được xử lý trên môi trường mạng.", (share,))


def website_sentence(indicators: Mapping, unit="UBND phường", file: str = "") -> Sentence | None:
    """Nothing when the indicator is absent (unknown: validation warns); "chưa có" only when the
    register says so (value «Không», loaded as False)."""
    since = get(indicators, "trang_thong_tin_tu", file)
    if since is None:
        return None
    if since.value is False:
        return Sentence(f"{subject(unit)} chưa có Trang thông tin điện tử.", (since,))
    d = fmt.to_date(since.value)
    return Sentence(f"{subject(unit)} đã có Trang thông tin điện tử, thường xuyên cập nhật các tin "
                    f"tức, sự kiện, văn bản, cải cách hành chính nổi bật (hoạt động từ tháng "
                    f"{fmt.month_year(d.year, d.month)} đến nay).", (since,))


def e_gov_prose(indicators: Mapping, unit="UBND phường", file: str = "") -> list[Sentence]:
    """Section II.6.1 sentences in the seed's order: computers, digital signatures, electronic
    documents, mailboxes, work files online, website."""
    lines = [
        computers_sentence(indicators, unit, file),
        signatures_sentence(indicators, file),
        electronic_documents_sentence(indicators, file),
        mailboxes_sentence(indicators, file),
        work_files_sentence(indicators, file),
        website_sentence(indicators, unit, file),
    ]
    return [line for line in lines if line]


def iso_sentence(indicators: Mapping, unit="UBND phường", file: str = "") -> Sentence | None:
    iso = get(indicators, "iso_9001", file)
    if iso is None:
        return None
    if iso.value:
        # Not the words of the ISO plan's title ("duy trì ứng dụng, cải tiến hệ thống quản lý chất
        # lượng theo TCVN ISO 9001:2015"), which the section's narrative cites just before.
        return Sentence(f"Hệ thống quản lý chất lượng của {subject(unit)} đang được duy trì áp dụng theo "
                        "TCVN ISO 9001:2015.", (iso,))
    return Sentence(f"{subject(unit)} chưa áp dụng hệ thống quản lý chất lượng theo TCVN ISO 9001:2015.", (iso,))


def finance_sentence(indicators: Mapping, period, unit="UBND phường", file: str = "") -> Sentence | None:
    """"Trong năm 2023, UBND phường không đầu tư xây dựng công trình nên không giải ngân vốn đầu tư
    công." or the amount disbursed."""
    amount = get(indicators, "von_dau_tu_cong_giai_ngan", file)
    if amount is None:
        return None
    if amount == 0:
        return Sentence(f"{period.opening}, {subject(unit)} không đầu tư xây dựng công trình nên không "
                        "giải ngân vốn đầu tư công.", (amount,))
    return Sentence(f"{period.opening}, {subject(unit)} đã giải ngân {fmt.money(amount)} vốn đầu tư công.", (amount,))


def complaints_sentence(indicators: Mapping, period, unit="UBND phường", file: str = "") -> Sentence | None:
    """"Trong năm 2023, không có đơn, thư, phản ánh, kiến nghị về quy định hành chính, thủ tục hành
    chính gửi đến UBND phường." or the number received."""
    n = get(indicators, "so_phan_anh_kien_nghi", file)
    if n is None:
        return None
    if n == 0:
        return Sentence(f"{period.opening}, không có đơn, thư, phản ánh, kiến nghị về quy định hành chính, "
                        f"thủ tục hành chính gửi đến {subject(unit)}.", (n,))
    return Sentence(f"{period.opening}, {subject(unit)} tiếp nhận {fmt.count(n)} đơn, thư, phản ánh, "
                    "kiến nghị về quy định hành chính, thủ tục hành chính.", (n,))
