"""The document's frame for every period kind and every kind of unit (issue 9): the subject under
"BÁO CÁO", the intro, the closing, heading IV and the period-naming sentences, typed from the
official forms; the ND 30 header, place line and addressee of an đặc khu, a tỉnh and a thị xã; the
seed twin's frame unchanged."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest

import cchc
from cchc.figures import staff as staff_f
from cchc.model import ParentLink, Period, Unit
from cchc.prose import documents as docs_p
from cchc.prose import header
from cchc.prose import indicators as ind_p
from cchc.prose import staff as staff_p

pytestmark = pytest.mark.fast

WARD = Unit("21439", "phuong-nguyen-nghiem", "phường", "Nguyễn Nghiêm",
            (ParentLink("thị xã Đức Phổ", None, date(2025, 6, 30)), ParentLink("tỉnh Quảng Ngãi", date(2025, 7, 1))),
            "Quảng Ngãi", date(2020, 2, 1))
LY_SON = Unit("99001", "dac-khu-ly-son", "đặc khu", "Lý Sơn", "tỉnh Quảng Ngãi", "Quảng Ngãi", date(2025, 7, 1))
PROVINCE = Unit("51", "tinh-quang-ngai", "tỉnh", "Quảng Ngãi", None, "Quảng Ngãi", date(1989, 7, 1))
TOWN = Unit("526", "thi-xa-duc-pho", "thị xã", "Đức Phổ", "tỉnh Quảng Ngãi", "Quảng Ngãi", date(2020, 2, 1),
            date(2025, 6, 30))

CUSTOM = Period(date(2025, 7, 1), date(2025, 10, 31))
SEED_YEAR = Period(date(2023, 1, 1), date(2023, 12, 6))


def params(addressee="Phòng Nội vụ thị xã", issued_on=date(2024, 3, 18), basis=""):
    return SimpleNamespace(basis=basis, number="15/BC-UBND", issued_on=issued_on, addressee=addressee,
                           recipients=("UBND thị xã Đức Phổ", "Lưu: VT."),
                           signatory=SimpleNamespace(authority="KT", title="PHÓ CHỦ TỊCH", name="Nguyễn Văn A"))


# --- the subject, intro, closing and heading IV of every period kind ------------------------------

CCHC = "Kết quả thực hiện công tác cải cách hành chính"
KINDS = [
    # period, subject under "BÁO CÁO", heading IV's period
    (SEED_YEAR, ["Kết quả thực hiện cải cách hành chính năm 2023", "và phương hướng nhiệm vụ năm 2024"], "NĂM 2024"),
    (Period.of("nam", 2024), ["Kết quả thực hiện cải cách hành chính năm 2024", "và phương hướng nhiệm vụ năm 2025"],
     "NĂM 2025"),
    (Period.of("q1", 2024), [f"{CCHC} quý I năm 2024", "và phương hướng, nhiệm vụ quý II năm 2024"], "QUÝ II NĂM 2024"),
    (Period.of("q2", 2024), [f"{CCHC} quý II năm 2024", "và phương hướng, nhiệm vụ quý III năm 2024"],
     "QUÝ III NĂM 2024"),
    (Period.of("q3", 2024), [f"{CCHC} quý III năm 2024", "và phương hướng, nhiệm vụ quý IV năm 2024"],
     "QUÝ IV NĂM 2024"),
    (Period.of("q4", 2024), [f"{CCHC} quý IV năm 2024", "và phương hướng, nhiệm vụ quý I năm 2025"],
     "QUÝ I NĂM 2025"),
    (Period.of("6t", 2024), [f"{CCHC} 6 tháng đầu năm 2024", "và phương hướng, nhiệm vụ 6 tháng cuối năm 2024"],
     "6 THÁNG CUỐI NĂM 2024"),
    (Period.of("9t", 2024), [f"{CCHC} 9 tháng đầu năm 2024", "và phương hướng, nhiệm vụ quý IV năm 2024"],
     "QUÝ IV NĂM 2024"),
    (CUSTOM, [f"{CCHC} từ ngày 01/7/2025 đến ngày 31/10/2025", "và phương hướng, nhiệm vụ thời gian tới"],
     "THỜI GIAN TỚI"),
]


@pytest.mark.parametrize("period, subject, next_upper", KINDS, ids=lambda v: getattr(v, "id", None))
def test_cchc_report_frame_of_every_period_kind(period, subject, next_upper):
    assert header.subject_lines(period) == subject
    about = f"{subject[0][:1].lower()}{subject[0][1:]} {subject[1]}"
    assert header.report_title(period) == f"Báo cáo {about}"
    # the annual intro says "công tác", as the seed's does; the other kinds say it everywhere
    said = about.replace("thực hiện cải cách", "thực hiện công tác cải cách")
    assert header.intro(WARD, params(), period)[-1] == f"UBND phường Nguyễn Nghiêm báo cáo {said} như sau:"
    assert header.closing(WARD, params(), period) == (
        f"Trên đây là báo cáo {about} của UBND phường Nguyễn Nghiêm. Kính báo cáo Phòng Nội vụ thị xã tổng hợp./.")
    assert header.directions_heading(period) == f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {next_upper}"


def test_the_brief_s_quarterly_title_word_for_word():
    p = Period.of("q1", 2024)
    assert "BÁO CÁO " + " ".join(header.subject_lines(p)) == (
        "BÁO CÁO Kết quả thực hiện công tác cải cách hành chính quý I năm 2024 và phương hướng, nhiệm vụ quý II "
        "năm 2024")


@pytest.mark.parametrize("period, name", [
    (Period.of("thang", 2024, 8, start_day=15), "tháng 8 năm 2024"),
    (Period.of("thang", 2023, 8, start_day=1), "tháng 8 năm 2023"),
    (Period.of("thang", 2024, 1, start_day=21), "tháng 1 năm 2024"),  # 21/12/2023 – 20/01/2024
])
def test_monthly_tthc_report_frame(period, name):
    assert header.subject_lines(period) == [f"Tình hình, kết quả giải quyết thủ tục hành chính {name}"]
    assert header.report_title(period) == f"Báo cáo tình hình, kết quả giải quyết thủ tục hành chính {name}"
    assert header.intro(WARD, params(), period) == [
        f"UBND phường Nguyễn Nghiêm báo cáo tình hình, kết quả giải quyết thủ tục hành chính {name} như sau:"]
    assert header.closing(WARD, params(), period) == (
        f"Trên đây là báo cáo tình hình, kết quả giải quyết thủ tục hành chính {name} của UBND phường Nguyễn "
        "Nghiêm. Kính báo cáo Phòng Nội vụ thị xã tổng hợp./.")
    assert header.document_header(WARD, params(), period)["title"] == (
        f"Báo cáo tình hình, kết quả giải quyết thủ tục hành chính {name} — UBND phường Nguyễn Nghiêm")


def test_subject_may_be_chosen_against_the_period_default():
    assert header.subject_lines(Period.of("q1", 2024), "tthc") == [
        "Tình hình, kết quả giải quyết thủ tục hành chính quý I năm 2024"]
    assert header.subject_lines(Period.of("thang", 2024, 8), "cchc") == [
        f"{CCHC} tháng 8 năm 2024", "và phương hướng, nhiệm vụ tháng 9 năm 2024"]
    with pytest.raises(ValueError, match="loại báo cáo «tong-hop» không hợp lệ"):
        header.subject_lines(Period.of("q1", 2024), "tong-hop")


# --- sentences that name the period --------------------------------------------------------------

OPENINGS = [
    (SEED_YEAR, "Trong năm 2023"), (Period.of("nam", 2024), "Trong năm 2024"),
    (Period.of("6t", 2024), "Trong 6 tháng đầu năm 2024"), (Period.of("9t", 2024), "Trong 9 tháng đầu năm 2024"),
    (Period.of("q1", 2024), "Trong quý I năm 2024"), (Period.of("q2", 2024), "Trong quý II năm 2024"),
    (Period.of("q3", 2024), "Trong quý III năm 2024"), (Period.of("q4", 2024), "Trong quý IV năm 2024"),
    (Period.of("thang", 2024, 8), "Trong tháng 8 năm 2024"), (CUSTOM, "Từ ngày 01/7/2025 đến ngày 31/10/2025"),
]
EMPTY_DOCUMENTS = pd.DataFrame({"so_ky_hieu": pd.Series([], dtype=str), "ngay_ban_hanh": pd.Series([], dtype="datetime64[ns]"),
                                "loai": pd.Series([], dtype=str), "trich_yeu": pd.Series([], dtype=str),
                                "la_qppl": pd.Series([], dtype=bool), "linh_vuc_cchc": pd.Series([], dtype=str),
                                "co_quan_ban_hanh": pd.Series([], dtype=str)})


@pytest.mark.parametrize("period, opening", OPENINGS, ids=lambda v: getattr(v, "id", None))
def test_sentences_open_on_the_period_of_every_kind(period, opening):
    indicators = {"so_phan_anh_kien_nghi": 0, "von_dau_tu_cong_giai_ngan": 0}
    assert ind_p.complaints_sentence(indicators, period, LY_SON) == (
        f"{opening}, không có đơn, thư, phản ánh, kiến nghị về quy định hành chính, thủ tục hành chính gửi đến "
        "UBND đặc khu.")
    assert ind_p.finance_sentence(indicators, period, LY_SON) == (
        f"{opening}, UBND đặc khu không đầu tư xây dựng công trình nên không giải ngân vốn đầu tư công.")
    assert docs_p.qppl_sentence(EMPTY_DOCUMENTS, period, LY_SON) == f"{opening}, UBND đặc khu không ban hành văn bản QPPL."
    nobody = staff_f.structure(pd.DataFrame({c: pd.Series([], dtype=bool if c in BOOLS else str) for c in STAFF}))
    assert staff_p.discipline_sentence(nobody, period) == (
        f"{opening}, không có cán bộ, công chức vi phạm và bị xem xét kỷ luật.")
    during = opening[:1].lower() + opening[1:]
    assert staff_p.raises_sentence(nobody, period).endswith(f"; {during} không có trường hợp đến kỳ nâng lương.")


STAFF = ["ma", "nhom", "chuc_danh", "vi_tri_trong", "trinh_do_van_hoa", "trinh_do_chuyen_mon", "ly_luan_chinh_tri",
         "dat_chuan", "nang_luong_thuong_xuyen", "nang_luong_truoc_han", "ky_luat", "cap_nhat_phan_mem"]
BOOLS = {"vi_tri_trong", "dat_chuan", "nang_luong_thuong_xuyen", "nang_luong_truoc_han", "ky_luat", "cap_nhat_phan_mem"}


# --- the header of each kind of unit -------------------------------------------------------------

def test_dac_khu_header_place_and_addressee_from_its_parent():
    p = params(addressee=None, issued_on=date(2025, 11, 5))
    h = header.document_header(LY_SON, p, CUSTOM)
    assert (h["authority_upper"], h["unit_upper"]) == ("ỦY BAN NHÂN DÂN", "ĐẶC KHU LÝ SƠN")
    assert h["place_date"] == "Lý Sơn, ngày 05 tháng 11 năm 2025"
    assert h["number"] == "Số: 15/BC-UBND"
    assert h["signatory"] == {"authority_line": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Văn A"}
    assert h["parent"] == "UBND tỉnh Quảng Ngãi"
    assert h["closing"] == (
        "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính từ ngày 01/7/2025 đến ngày 31/10/2025 "
        "và phương hướng, nhiệm vụ thời gian tới của UBND đặc khu Lý Sơn. Kính báo cáo UBND tỉnh Quảng Ngãi tổng hợp./.")
    assert header.intro(LY_SON, p, CUSTOM)[-1].startswith("UBND đặc khu Lý Sơn báo cáo kết quả thực hiện công tác")


def test_province_and_town_headers():
    h = header.document_header(PROVINCE, params(addressee="Bộ Nội vụ", issued_on=date(2024, 12, 16)),
                               Period.of("nam", 2024))
    assert (h["authority_upper"], h["unit_upper"], h["place_date"]) == (
        "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Quảng Ngãi, ngày 16 tháng 12 năm 2024")
    assert h["parent"] == ""
    h = header.document_header(TOWN, params(addressee="UBND tỉnh Quảng Ngãi", issued_on=date(2024, 6, 18)),
                               Period.of("6t", 2024))
    assert (h["unit_upper"], h["place_date"]) == ("THỊ XÃ ĐỨC PHỔ", "Đức Phổ, ngày 18 tháng 6 năm 2024")
    assert h["closing"].endswith("của UBND thị xã Đức Phổ. Kính báo cáo UBND tỉnh Quảng Ngãi tổng hợp./.")


def test_default_addressee_follows_the_parent_at_the_period_s_end():
    q1 = Period.of("q1", 2025)  # 15/12/2024 – 14/03/2025: the thị xã
    assert header.closing(WARD, params(addressee=None), q1).endswith("Kính báo cáo UBND thị xã Đức Phổ tổng hợp./.")
    assert header.closing(WARD, params(addressee=None), CUSTOM).endswith("Kính báo cáo UBND tỉnh Quảng Ngãi tổng hợp./.")
    assert header.document_header(WARD, params(), Period.of("q2", 2025))["parent"] == "UBND thị xã Đức Phổ"  # ends 14/6
    assert header.document_header(WARD, params(), Period.of("q3", 2025))["parent"] == "UBND tỉnh Quảng Ngãi"


def test_seed_twin_frame_is_the_seed_s():
    """Typed from report 227/BC-UBND (06/12/2023): the twin's frame must not move."""
    r = cchc.report("phuong-nguyen-nghiem", 2023)
    h = r.document_header()
    assert (h["authority_upper"], h["unit_upper"], h["number"]) == (
        "ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM", "Số: 227/BC-UBND")
    assert h["place_date"] == "Phường Nguyễn Nghiêm, ngày 06 tháng 12 năm 2023"
    assert h["subject"] == ["Kết quả thực hiện cải cách hành chính năm 2023", "và phương hướng nhiệm vụ năm 2024"]
    assert r.intro() == ["Thực hiện nhiệm vụ báo cáo định kỳ công tác cải cách hành chính năm 2023.",
                         "UBND phường Nguyễn Nghiêm báo cáo kết quả thực hiện công tác cải cách hành chính năm 2023 "
                         "và phương hướng nhiệm vụ năm 2024 như sau:"]
    assert h["closing"] == ("Trên đây là báo cáo kết quả thực hiện cải cách hành chính năm 2023 và phương hướng nhiệm "
                            "vụ năm 2024 của UBND phường Nguyễn Nghiêm. Kính báo cáo Phòng Nội vụ thị xã tổng hợp./.")
    assert r.heading_directions() == "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2024"
    assert h["signatory"] == {"authority_line": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Đỗ Ngọc Thìn"}


def test_dac_khu_header_renders_in_the_nd30_template():
    """The template prints the đặc khu's lines where the seed's ward had its own: left the authority,
    the unit and the number, right the motto and the place line, then the subject; the signature."""
    import html as html_lib
    import re

    from nbformat.v4 import new_markdown_cell, new_notebook

    from cchc.render import render_html

    nb = new_notebook(cells=[new_markdown_cell("Nội dung báo cáo.")])
    nb.metadata["cchc"] = header.document_header(LY_SON, params(addressee=None, issued_on=date(2025, 11, 5)), CUSTOM)
    page = render_html(nb)
    paragraphs = re.findall(r'<p class="cchc-[^"]+">.*?</p>', page, flags=re.S)
    text = [html_lib.unescape(re.sub(r"<[^>]+>", "", p)).strip() for p in paragraphs]
    assert text[:7] == ["ỦY BAN NHÂN DÂN", "ĐẶC KHU LÝ SƠN", "Số: 15/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                        "Độc lập - Tự do - Hạnh phúc", "Lý Sơn, ngày 05 tháng 11 năm 2025", "BÁO CÁO"]
    assert text[7:9] == [f"{CCHC} từ ngày 01/7/2025 đến ngày 31/10/2025", "và phương hướng, nhiệm vụ thời gian tới"]
    assert text[-4:] == ["Nơi nhận:", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]
    assert ("<title>Báo cáo kết quả thực hiện công tác cải cách hành chính từ ngày 01/7/2025 đến ngày 31/10/2025 và "
            "phương hướng, nhiệm vụ thời gian tới — UBND đặc khu Lý Sơn</title>") in page
