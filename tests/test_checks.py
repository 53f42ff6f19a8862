"""Consistency checks for reviewers and the data-derived findings of section III."""
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from cchc import checks
from cchc.checks import Check
from cchc.figures import staff
from cchc.prose.findings import findings, strengths
from cchc.model import Period, Target
from conftest import SEED_TTHC

YEAR_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))

pytestmark = pytest.mark.fast

PERIOD = Period(date(2023, 1, 1), date(2023, 12, 6))
SEED = SEED_TTHC  # the seed report's published dossier figures (tests/conftest.py)
T, F, NA = True, False, None
STAFF_COLUMNS = ["ma", "nhom", "chuc_danh", "vi_tri_trong", "trinh_do_van_hoa", "trinh_do_chuyen_mon",
                 "ly_luan_chinh_tri", "dat_chuan", "nang_luong_thuong_xuyen", "nang_luong_truoc_han", "ky_luat",
                 "cap_nhat_phan_mem"]
STAFF_ROWS = [
    ("C1", "can_bo", "Chủ tịch", F, "12/12", "dai_hoc", "cao_cap", T, F, F, F, T),
    ("C2", "can_bo", "Phó Chủ tịch", F, "12/12", "dai_hoc", "trung_cap", T, F, F, F, T),
    ("P1", "cong_chuc", "Văn phòng - Thống kê", F, "12/12", "dai_hoc", "trung_cap", T, F, F, F, T),
    ("P2", "cong_chuc", "Địa chính", F, "12/12", "dai_hoc", "chua_dao_tao", F, F, F, F, T),
    ("P3", "cong_chuc", "Tư pháp - Hộ tịch", F, "12/12", "dai_hoc", "trung_cap", T, F, F, F, T),
    ("K1", "khong_chuyen_trach", "Văn thư", F, "12/12", "dai_hoc", NA, T, F, F, F, F),  # no LLCT reported
    ("K2", "khong_chuyen_trach", "Thủ quỹ", T, NA, NA, NA, F, F, F, F, F),
]
DOC_COLUMNS = ["so_ky_hieu", "ngay_ban_hanh", "loai", "trich_yeu", "co_quan_ban_hanh", "linh_vuc_cchc", "la_qppl"]


def structure(rows=STAFF_ROWS):
    df = pd.DataFrame(rows, columns=STAFF_COLUMNS)
    for c in ("vi_tri_trong", "dat_chuan", "nang_luong_thuong_xuyen", "nang_luong_truoc_han", "ky_luat",
              "cap_nhat_phan_mem"):
        df[c] = df[c].astype(bool)
    return staff.structure(df)


def documents(with_qppl: bool = True) -> pd.DataFrame:
    rows = [("19/KH-UBND", "2023-03-02", "Kế hoạch", "tuyên truyền CCHC", None, "tuyen_truyen", False)]
    if with_qppl:
        rows.append(("01/2023/QĐ-UBND", "2023-06-23", "Quyết định", "quy chế dân chủ", None, "the_che", True))
    df = pd.DataFrame(rows, columns=DOC_COLUMNS)
    df["ngay_ban_hanh"] = pd.to_datetime(df["ngay_ban_hanh"]).astype("datetime64[ns]")
    df["la_qppl"] = df["la_qppl"].astype(bool)
    return df


def by_name(result: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in result}


def test_consistent_inputs_pass_every_check_and_state_the_bases():
    result = checks.consistency_checks(SEED, structure(), documents(), PERIOD)
    assert [c.name for c in result] == [
        "Hồ sơ tiếp nhận = từ kỳ trước + mới tiếp nhận",
        "Hồ sơ tiếp nhận = đã giải quyết + đang giải quyết + rút + trả lại + chờ bổ sung",
        "Hồ sơ tiếp nhận = trực tuyến + trực tiếp + bưu chính + từ kỳ trước",
        "Hồ sơ đã giải quyết = trước hạn + đúng hạn + quá hạn",
        "Hồ sơ đang giải quyết = trong hạn + quá hạn",
        "Tỷ lệ giải quyết trước hạn và đúng hạn",
        "Tỷ lệ số hóa TPHS",
        "Tỷ lệ số hóa kết quả",
        "Hồ sơ thuộc diện số hóa kết quả ≤ hồ sơ đã giải quyết",
        "Hồ sơ đến hạn trong kỳ đã giải quyết đúng hạn ≤ hồ sơ đến hạn trong kỳ",
        "Hồ sơ đến hạn trong kỳ ≤ hồ sơ tiếp nhận",
        "Hồ sơ đến hạn trong kỳ đã giải quyết đúng hạn ≤ hồ sơ giải quyết trước hạn và đúng hạn",
        "Tỷ lệ hồ sơ đang giải quyết",
        "Tỷ lệ hồ sơ rút, trả lại",
        "Tổng số CBCC = cán bộ + công chức + người hoạt động không chuyên trách",
        "Trình độ văn hóa của cán bộ: tổng các mức = số người",
        "Trình độ chuyên môn của cán bộ: tổng các mức = số người",
        "Lý luận chính trị của cán bộ: tổng các mức = số người",
        "Trình độ văn hóa của công chức: tổng các mức = số người",
        "Trình độ chuyên môn của công chức: tổng các mức = số người",
        "Lý luận chính trị của công chức: tổng các mức = số người",
        "Trình độ văn hóa của người hoạt động không chuyên trách: tổng các mức = số người",
        "Trình độ chuyên môn của người hoạt động không chuyên trách: tổng các mức = số người",
        "Nội dung về văn bản QPPL khớp với sổ văn bản",
    ]
    assert all(c.passed for c in result), [c for c in result if not c.passed]
    named = by_name(result)
    assert named["Hồ sơ tiếp nhận = đã giải quyết + đang giải quyết + rút + trả lại + chờ bổ sung"].detail == \
        "tiếp nhận 3.956 = đã giải quyết 3.938 + đang giải quyết 4 + rút 14 + trả lại 0 + chờ bổ sung 0"
    assert named["Tỷ lệ số hóa TPHS"].detail == \
        "Tỷ lệ số hóa TPHS = 2.291 / 3.897 = 58,79% (hồ sơ có số hóa TPHS ≤ hồ sơ thuộc diện số hóa)"
    assert named["Tỷ lệ giải quyết trước hạn và đúng hạn"].detail == (
        "Tỷ lệ giải quyết trước hạn và đúng hạn = 3.925 / 3.956 = 99,22% "
        "(hồ sơ trước hạn và đúng hạn ≤ hồ sơ tiếp nhận)")
    assert named["Tổng số CBCC = cán bộ + công chức + người hoạt động không chuyên trách"].detail == \
        "số người trong danh sách 6 = cán bộ 2 + công chức 3 + người hoạt động không chuyên trách 1"
    assert named["Nội dung về văn bản QPPL khớp với sổ văn bản"].detail == \
        "Sổ văn bản: 01 văn bản QPPL ban hành trong kỳ"


def test_inconsistent_tthc_figures_fail_with_both_sides():
    bad = replace(SEED, resolved_early=3900, intake_digitised=3900)
    named = by_name(checks.consistency_checks(bad, structure(), documents(), PERIOD))
    c = named["Hồ sơ đã giải quyết = trước hạn + đúng hạn + quá hạn"]
    assert not c.passed
    assert c.detail == "đã giải quyết 3.938 ≠ trước hạn 3.900 + đúng hạn 0 + quá hạn 13 (= 3.913)"
    assert not named["Tỷ lệ số hóa TPHS"].passed
    assert named["Hồ sơ tiếp nhận = trực tuyến + trực tiếp + bưu chính + từ kỳ trước"].passed


def test_zero_base_rate_is_stated_not_failed():
    empty = replace(SEED, intake_digitisation_base=0, intake_digitised=0)
    c = by_name(checks.consistency_checks(empty, structure(), documents(), PERIOD))["Tỷ lệ số hóa TPHS"]
    assert c.passed
    assert c.detail == "hồ sơ có số hóa TPHS 0 / hồ sơ thuộc diện số hóa 0: không có cơ sở để tính tỷ lệ"


def test_on_time_check_uses_the_configured_basis():
    c = by_name(checks.consistency_checks(SEED, structure(), documents(), PERIOD, basis="resolved"))[
        "Tỷ lệ giải quyết trước hạn và đúng hạn"]
    assert c.detail == ("Tỷ lệ giải quyết trước hạn và đúng hạn = 3.925 / 3.938 = 99,67% "
                        "(hồ sơ trước hạn và đúng hạn ≤ hồ sơ đã giải quyết)")


def test_missing_level_fails_its_dimension_check():
    rows = STAFF_ROWS[:2] + [("P1", "cong_chuc", "x", F, "12/12", "dai_hoc", NA, T, F, F, F, T),
                             ("P2", "cong_chuc", "x", F, "12/12", "dai_hoc", "so_cap", T, F, F, F, T)]
    c = by_name(checks.consistency_checks(SEED, structure(rows), documents(), PERIOD))[
        "Lý luận chính trị của công chức: tổng các mức = số người"]
    assert not c.passed
    assert c.detail == "1 ≠ 2 người (1 người chưa có thông tin)"


def test_stated_staff_total_is_compared():
    c = by_name(checks.consistency_checks(SEED, structure(), documents(), PERIOD, stated_total_staff=5))[
        "Tổng số CBCC khớp với số đã nêu"]
    assert not c.passed and c.detail == "đã nêu 5; theo danh sách 6"


def test_narrative_denying_a_registered_qppl_fails():
    text = ["Trong 6 tháng đầu năm 2023, UBND phường không ban hành văn bản QPPL; qua kiểm tra, rà soát..."]
    c = by_name(checks.consistency_checks(SEED, structure(), documents(), PERIOD, narrative=text))[
        "Nội dung về văn bản QPPL khớp với sổ văn bản"]
    assert not c.passed
    assert c.detail.startswith("Sổ văn bản: 01 văn bản QPPL ban hành trong kỳ; phần thuyết minh lại ghi "
                               "«không ban hành văn bản QPPL»: «Trong 6 tháng đầu năm 2023")
    ok = by_name(checks.consistency_checks(SEED, structure(), documents(with_qppl=False), PERIOD, narrative=text))
    assert ok["Nội dung về văn bản QPPL khớp với sổ văn bản"].passed


def test_findings_from_the_data():
    targets = {k: Target(k, v) for k, v in
               {"intake_digitisation": 0.8, "result_digitisation": 0.4, "on_time": 0.95, "online_share": 0.5}.items()}
    assert findings(SEED, structure(), targets) == [
        # the complement of the on-time rate on its own base (received): 99,22% + 0,78% = 100%
        "Còn 13 hồ sơ giải quyết quá hạn; tỷ lệ hồ sơ chưa giải quyết trước hạn và đúng hạn là 0,78% "
        "(31/3.956 hồ sơ, tính trên tổng số hồ sơ tiếp nhận).",
        # no document set the target: the unit's own aim, not "chỉ tiêu tỉnh giao"
        "Tỷ lệ số hóa thành phần hồ sơ khi tiếp nhận đạt 58,79% (2.291/3.897 hồ sơ), thấp hơn mục tiêu 80% "
        "của đơn vị.",
        "Còn 01 công chức chưa đảm bảo tiêu chuẩn chức danh theo quy định.",
        "Còn 01/3 công chức chưa qua đào tạo lý luận chính trị.",
        "Còn 01 vị trí người hoạt động không chuyên trách chưa được bố trí (01/2 vị trí có người).",
    ]
    # On resolved dossiers the complement is exactly the late ones: 99,67% + 0,33% = 100%.
    assert findings(SEED, structure(), {}, basis="resolved")[0] == \
        "Còn 13 hồ sơ giải quyết quá hạn, chiếm 0,33% tổng số hồ sơ đã giải quyết."


def test_findings_for_overdue_pending_and_online_share_without_targets_for_the_rest():
    s = replace(SEED, pending_total=4, pending_within=1, pending_overdue=3, resolved_early=3938, resolved_late=0)
    clean = [r for r in STAFF_ROWS if r[0] not in ("P2", "K2")]
    assert findings(s, structure(clean), {"online_share": Target("online_share", 0.6)}) == [
        "Có 03 hồ sơ đang giải quyết đã quá hạn.",
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 58,61% (2.315/3.950 hồ sơ, tính trên số hồ sơ tiếp nhận mới), "
        "thấp hơn mục tiêu 60% của đơn vị.",
    ]


def test_a_target_is_compared_only_on_the_reports_formula_and_names_its_document():
    docs = pd.DataFrame([{"so_ky_hieu": "12/KH-UBND", "ngay_ban_hanh": pd.Timestamp("2023-01-05"),
                          "loai": "Kế hoạch", "trich_yeu": "cải cách hành chính năm 2023",
                          "co_quan_ban_hanh": "UBND tỉnh Quảng Ngãi", "linh_vuc_cchc": "chi_dao", "la_qppl": False}])
    target = {"on_time": Target("on_time", 0.98, "{vb:12/KH-UBND}", "tren-da-giai-quyet")}
    # the report's rate is on resolved dossiers (legacy name of the same preset): 3.925/3.938 = 99,67% >= 98%
    good = strengths(SEED, structure(), target, basis="resolved", documents=docs)
    assert good[0] == ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt 99,67% (3.925/3.938 hồ sơ), đạt chỉ tiêu "
                       "98% tại Kế hoạch số 12/KH-UBND ngày 05/01/2023 của UBND tỉnh Quảng Ngãi.")
    strict = {"on_time": Target("on_time", 0.997, "{vb:12/KH-UBND}", "resolved")}
    assert "thấp hơn chỉ tiêu 99,7% tại Kế hoạch số 12/KH-UBND" in \
        findings(SEED, structure(), strict, basis="resolved", documents=docs)[1]
    # a report on received dossiers never holds its rate to a target defined on resolved ones
    assert not any("chỉ tiêu" in s for s in strengths(SEED, structure(), target, basis="received", documents=docs))
    assert not any("chỉ tiêu" in s for s in findings(SEED, structure(), strict, basis="received", documents=docs))
    # qd766 and the city centre's formula have the same terms: the target is compared
    same = {"on_time": Target("on_time", 0.9, None, "trung-tam-tp")}
    assert any("mục tiêu 90%" in s for s in strengths(SEED, structure(), same, basis="qd766"))


def test_the_on_time_check_states_each_formulas_sides():
    c = by_name(checks.consistency_checks(SEED, structure(), documents(), PERIOD, basis="qd766"))[
        "Tỷ lệ giải quyết trước hạn và đúng hạn"]
    # (3.925 + 0 + 4) / 3.956
    assert c.detail == ("Tỷ lệ giải quyết trước hạn và đúng hạn = 3.929 / 3.956 = 99,32% (hồ sơ giải quyết "
                        "trước hạn + giải quyết đúng hạn + đang giải quyết trong hạn ≤ hồ sơ tiếp nhận)")


def test_a_broken_identity_fails_its_check_with_both_sides():
    bad = replace(SEED, new_received=3949)  # one new dossier lost
    named = by_name(checks.consistency_checks(bad, structure(), documents(), PERIOD))
    c = named["Hồ sơ tiếp nhận = từ kỳ trước + mới tiếp nhận"]
    assert not c.passed and c.detail == "tiếp nhận 3.956 ≠ từ kỳ trước 6 + mới tiếp nhận 3.949 (= 3.955)"
    over = replace(SEED, due_in_period=10, due_resolved_in_time=11)
    assert not by_name(checks.consistency_checks(over, structure(), documents(), PERIOD))[
        "Hồ sơ đến hạn trong kỳ đã giải quyết đúng hạn ≤ hồ sơ đến hạn trong kỳ"].passed


def test_strengths_and_weaknesses_from_movement_and_full_digitisation():
    before = replace(SEED, intake_digitised=1500, result_digitised=1866)  # 38,49% then 58,79%: +20,3 points
    now = replace(SEED, result_digitised=3877)  # 100% of results digitised
    clean = [r for r in STAFF_ROWS if r[0] not in ("P2", "K2")]
    good = strengths(now, structure(clean), {}, previous=before, comparator=YEAR_2022)
    assert ("Tỷ lệ số hóa thành phần hồ sơ khi tiếp nhận tăng 20,3 điểm phần trăm so với năm 2022 "
            "(từ 38,49% lên 58,79%).") in good
    assert "100% hồ sơ thuộc diện số hóa được số hóa kết quả giải quyết (3.877/3.877 hồ sơ)." in good
    assert "100% cán bộ, công chức đảm bảo tiêu chuẩn chức danh theo quy định." in good
    bad = findings(before, structure(clean), {}, previous=now, comparator=YEAR_2022)
    assert any(s.startswith("Tỷ lệ số hóa kết quả giải quyết TTHC giảm 51,87 điểm phần trăm") for s in bad)
    small = replace(SEED, intake_digitised=2200)  # 56,45% -> 58,79%: below the 5-point threshold
    assert not any("tăng" in s for s in strengths(SEED, structure(clean), {}, previous=small, comparator=YEAR_2022))


def test_no_findings_when_all_is_well():
    s = replace(SEED, resolved_early=3938, resolved_late=0)
    clean = [r for r in STAFF_ROWS if r[0] not in ("P2", "K2")]
    assert findings(s, structure(clean), {}) == []
