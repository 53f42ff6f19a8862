"""Documents register (periods, areas, QPPL, citations, placeholders) and the indicator sentences."""
from datetime import date

import pandas as pd
import pytest

from cchc.figures import documents as docs
from cchc import citations as citing
from cchc.prose import documents as docs_p
from cchc.prose import indicators as ind
from cchc.model import Period

pytestmark = pytest.mark.fast

YEAR_2023 = Period(date(2023, 1, 1), date(2023, 12, 6))
YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 6))
COLUMNS = ["so_ky_hieu", "ngay_ban_hanh", "loai", "trich_yeu", "co_quan_ban_hanh", "linh_vuc_cchc", "la_qppl"]
ROWS = [
    ("10/QĐ-UBND", "2023-01-10", "Quyết định", "việc ban hành Kế hoạch cải cách hành chính năm 2023 của phường",
     None, "chi_dao", False),
    ("19/KH-UBND", "2023-03-02", "Kế hoạch", "tuyên truyền cải cách hành chính năm 2023", None, "tuyen_truyen", False),
    ("01/2023/QĐ-UBND", "2023-06-23", "Quyết định",
     "Ban hành quy chế thực hiện dân chủ ở cơ sở phường Nguyễn Nghiêm", None, "the_che", True),
    ("10/QĐ-UBND", "2022-01-06", "Quyết định", "việc ban hành quy chế chi tiêu nội bộ", None, "tai_chinh_cong", False),
    ("34/2016/NĐ-CP", "2016-05-14", "Nghị định",
     "quy định chi tiết một số điều và biện pháp thi hành Luật Ban hành văn bản quy phạm pháp luật",
     "Chính phủ", "the_che", True),
    ("947/QĐ-UBND", "2021-10-11", "Quyết định", "việc bố trí cán bộ, công chức", "UBND tỉnh Quảng Ngãi",
     "to_chuc_bo_may", False),
    ("01/KH-UBND", "2023-01-05", "Kế hoạch", "kiểm tra, rà soát văn bản QPPL của HĐND, UBND năm 2023", "",
     "the_che", False),
    # a province QPPL dated in the period: not the ward's own
    ("05/2023/QĐ-UBND", "2023-05-20", "Quyết định", "quy định về phân cấp", "UBND tỉnh Quảng Ngãi", "the_che", True),
]


def register(rows=ROWS) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["ngay_ban_hanh"] = pd.to_datetime(df["ngay_ban_hanh"]).astype("datetime64[ns]")
    df["la_qppl"] = df["la_qppl"].astype(bool)
    return df


def test_in_period_own_only_and_all():
    assert docs.in_period(register(), YEAR_2023)["so_ky_hieu"].tolist() == \
        ["01/KH-UBND", "10/QĐ-UBND", "19/KH-UBND", "01/2023/QĐ-UBND"]
    assert docs.in_period(register(), YEAR_2023, own_only=False)["so_ky_hieu"].tolist() == \
        ["01/KH-UBND", "10/QĐ-UBND", "19/KH-UBND", "05/2023/QĐ-UBND", "01/2023/QĐ-UBND"]


def test_in_period_includes_both_ends():
    p = Period(date(2023, 1, 10), date(2023, 3, 2))
    assert docs.in_period(register(), p)["so_ky_hieu"].tolist() == ["10/QĐ-UBND", "19/KH-UBND"]


def test_by_area_with_and_without_period():
    assert docs.by_area(register(), "the_che")["so_ky_hieu"].tolist() == \
        ["34/2016/NĐ-CP", "01/KH-UBND", "05/2023/QĐ-UBND", "01/2023/QĐ-UBND"]
    assert docs.by_area(register(), "Cải cách thể chế", YEAR_2023)["so_ky_hieu"].tolist() == \
        ["01/KH-UBND", "05/2023/QĐ-UBND", "01/2023/QĐ-UBND"]
    assert docs.by_area(register(), "iso").empty
    with pytest.raises(KeyError):
        docs.by_area(register(), "van_hoa")


def test_citations_in_frame_order():
    assert docs_p.citations(docs.by_area(register(), "to_chuc_bo_may")) == [
        "Quyết định số 947/QĐ-UBND ngày 11/10/2021 của UBND tỉnh Quảng Ngãi về việc bố trí cán bộ, công chức"]
    assert docs_p.citations(docs.by_area(register(), "tuyen_truyen")) == [
        "Kế hoạch số 19/KH-UBND ngày 02/3/2023 về tuyên truyền cải cách hành chính năm 2023"]


def test_qppl_issued_counts_own_documents_in_the_period():
    assert docs.qppl_issued(register(), YEAR_2023)["so_ky_hieu"].tolist() == ["01/2023/QĐ-UBND"]


def test_qppl_sentence_follows_the_register():
    # The seed said "không ban hành văn bản QPPL" next to this very decision.
    assert docs_p.qppl_sentence(register(), YEAR_2023, "UBND phường") == (
        "Trong năm 2023, UBND phường ban hành 01 văn bản QPPL (Quyết định số 01/2023/QĐ-UBND ngày 23/6/2023 "
        "về Ban hành quy chế thực hiện dân chủ ở cơ sở phường Nguyễn Nghiêm).")
    assert docs_p.qppl_sentence(register(), Period(date(2023, 1, 1), date(2023, 3, 31)), "xã") == \
        "Trong quý I năm 2023, UBND xã không ban hành văn bản QPPL."


def test_qppl_sentence_lists_several():
    rows = ROWS + [("02/2023/QĐ-UBND", "2023-09-01", "Quyết định", "quy định về quản lý chợ", None, "the_che", True)]
    assert docs_p.qppl_sentence(register(rows), YEAR_2023) == (
        "Trong năm 2023, UBND phường ban hành 02 văn bản QPPL (Quyết định số 01/2023/QĐ-UBND ngày 23/6/2023 "
        "về Ban hành quy chế thực hiện dân chủ ở cơ sở phường Nguyễn Nghiêm; Quyết định số 02/2023/QĐ-UBND "
        "ngày 01/9/2023 về quy định về quản lý chợ).")


def test_resolve_placeholders():
    text = "UBND phường đã ban hành {vb:19/KH-UBND}; thực hiện {vb:947/QĐ-UBND}."
    assert citing.resolve_placeholders(text, register()) == (
        "UBND phường đã ban hành Kế hoạch số 19/KH-UBND ngày 02/3/2023 về tuyên truyền cải cách hành chính năm "
        "2023; thực hiện Quyết định số 947/QĐ-UBND ngày 11/10/2021 của UBND tỉnh Quảng Ngãi về việc bố trí cán "
        "bộ, công chức.")
    assert citing.resolve_placeholders("Không có mã.", register()) == "Không có mã."


def test_resolve_placeholder_with_date_picks_the_year():
    assert citing.resolve_placeholders("{vb:10/QĐ-UBND@2022-01-06}", register()) == \
        "Quyết định số 10/QĐ-UBND ngày 06/01/2022 về việc ban hành quy chế chi tiêu nội bộ"


def test_ambiguous_placeholder_raises_with_the_dates():
    with pytest.raises(KeyError) as err:
        citing.resolve_placeholders("Theo {vb:10/QĐ-UBND}.", register())
    assert str(err.value) == ("Có 2 văn bản số 10/QĐ-UBND trong sổ văn bản (ngày 06/01/2022, 10/01/2023); "
                              "ghi rõ ngày ban hành, ví dụ {vb:10/QĐ-UBND@2022-01-06}.")


def test_unknown_placeholder_raises():
    with pytest.raises(KeyError) as err:
        citing.resolve_placeholders("{vb:99/KH-UBND}", register())
    assert str(err.value) == "Không tìm thấy văn bản số 99/KH-UBND trong sổ văn bản."
    with pytest.raises(KeyError) as err:
        citing.resolve_placeholders("{vb:10/QĐ-UBND@2023-01-11}", register())
    assert str(err.value) == "Không tìm thấy văn bản số 10/QĐ-UBND ngày 11/01/2023 trong sổ văn bản."


# --- indicators (chi-so) ------------------------------------------------------------------------

SEED_INDICATORS = {
    "so_may_tinh": 24, "chu_ky_so_to_chuc": 1, "chu_ky_so_ca_nhan": 7, "ty_le_van_ban_dien_tu": 95.0,
    "ty_le_hop_thu_cong_vu": 100.0, "ty_le_ho_so_cong_viec_tren_mang": 100.0,
    "trang_thong_tin_tu": date(2021, 12, 1), "iso_9001": True, "von_dau_tu_cong_giai_ngan": 0,
    "so_phan_anh_kien_nghi": 0, "so_tthc_cong_khai": None,
}


def test_e_gov_prose_with_the_seed_indicators():
    assert ind.e_gov_prose(SEED_INDICATORS, "UBND phường") == [
        "Hiện tại UBND phường đã bố trí có 24 máy vi tính tại các phòng làm việc và được kết nối mạng Internet "
        "để phục vụ nhu cầu công việc và giải quyết thủ tục hành chính cho nhân dân.",
        "Số lượng chữ ký số đã được cấp đến nay là 08 chữ ký số (gồm: 01 chữ ký số cơ quan và 07 chữ ký số cá nhân).",
        "Tỷ lệ văn bản được trao đổi hoàn toàn dưới dạng điện tử đạt tỷ lệ 95%, văn bản giấy 5%.",
        "100% cán bộ, công chức được cấp tài khoản hộp thư điện tử công vụ.",
        "100% hồ sơ công việc được xử lý trên môi trường mạng.",
        "UBND phường đã có Trang thông tin điện tử, thường xuyên cập nhật các tin tức, sự kiện, văn bản, cải cách "
        "hành chính nổi bật (hoạt động từ tháng 12/2021 đến nay).",
    ]


def test_e_gov_prose_for_a_small_unit_with_absent_indicators():
    small = {"so_may_tinh": 0, "chu_ky_so_to_chuc": 0, "chu_ky_so_ca_nhan": 3, "ty_le_van_ban_dien_tu": 100.0,
             "ty_le_hop_thu_cong_vu": None, "ty_le_ho_so_cong_viec_tren_mang": None, "trang_thong_tin_tu": None}
    assert ind.e_gov_prose(small, "xã") == [
        "Hiện tại UBND xã chưa được trang bị máy vi tính tại các phòng làm việc.",
        "Số lượng chữ ký số đã được cấp đến nay là 03 chữ ký số cá nhân.",
        "Tỷ lệ văn bản được trao đổi hoàn toàn dưới dạng điện tử đạt tỷ lệ 100%.",
    ]  # an absent website indicator is unknown: no sentence (validation warns), never "chưa có"


def test_website_none_only_when_the_register_says_so():
    assert ind.website_sentence({"trang_thong_tin_tu": None}, "xã") is None
    assert ind.website_sentence({"trang_thong_tin_tu": False}, "xã") == "UBND xã chưa có Trang thông tin điện tử."


def test_electronic_documents_fractional_share_and_no_signatures():
    assert ind.electronic_documents_sentence({"ty_le_van_ban_dien_tu": 87.5}) == \
        "Tỷ lệ văn bản được trao đổi hoàn toàn dưới dạng điện tử đạt tỷ lệ 87,5%, văn bản giấy 12,5%."
    assert ind.signatures_sentence({"chu_ky_so_to_chuc": 0, "chu_ky_so_ca_nhan": 0}) == \
        "Đến nay chưa được cấp chữ ký số."


def test_finance_sentence():
    assert ind.finance_sentence(SEED_INDICATORS, YEAR_2023) == \
        "Trong năm 2023, UBND phường không đầu tư xây dựng công trình nên không giải ngân vốn đầu tư công."
    assert ind.finance_sentence({"von_dau_tu_cong_giai_ngan": 1_500_000_000}, YEAR_2024, "xã") == \
        "Trong năm 2024, UBND xã đã giải ngân 1.500.000.000 đồng vốn đầu tư công."
    assert ind.finance_sentence({}, YEAR_2024) is None


def test_complaints_sentence():
    assert ind.complaints_sentence(SEED_INDICATORS, YEAR_2023) == (
        "Trong năm 2023, không có đơn, thư, phản ánh, kiến nghị về quy định hành chính, thủ tục hành chính "
        "gửi đến UBND phường.")
    assert ind.complaints_sentence({"so_phan_anh_kien_nghi": 2}, YEAR_2023) == (
        "Trong năm 2023, UBND phường tiếp nhận 02 đơn, thư, phản ánh, kiến nghị về quy định hành chính, "
        "thủ tục hành chính.")


def test_iso_sentence():
    assert ind.iso_sentence(SEED_INDICATORS) == \
        "Hệ thống quản lý chất lượng của UBND phường đang được duy trì áp dụng theo TCVN ISO 9001:2015."
    assert ind.iso_sentence({"iso_9001": False}, "xã") == \
        "UBND xã chưa áp dụng hệ thống quản lý chất lượng theo TCVN ISO 9001:2015."
    assert ind.iso_sentence({}) is None
