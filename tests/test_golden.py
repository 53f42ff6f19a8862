"""Golden: the seed report's published figures, computed from data/ through cchc.

The seed is report 227/BC-UBND of phường Nguyễn Nghiêm (06/12/2023). The expected values below
are typed from the seed's text; the code computes its own from the registers. Where the seed
contradicts itself (design.md), the expected value is the correct one: 30 staff, not 29;
1/11 = 9,09%, not 10%; 6/9 = 66,67%, not 66,66%.
"""
import pytest

import cchc
from cchc import fmt
from cchc.figures import tthc

pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def seed_report():
    return cchc.report("phuong-nguyen-nghiem", 2023)


def test_dossier_figures(seed_report):
    s = seed_report.tthc
    got = {
        "received": fmt.number(s.received_total), "online": fmt.number(s.received_online),
        "in_person": fmt.number(s.received_in_person), "carried": fmt.count(s.carried_over),
        "resolved": fmt.number(s.resolved_total), "early": fmt.number(s.resolved_early),
        "late": fmt.number(s.resolved_late), "pending": fmt.count(s.pending_total),
        "pending_within": fmt.count(s.pending_within), "pending_overdue": fmt.count(s.pending_overdue),
        "detailed": fmt.number(s.detailed_intake), "withdrawn": fmt.number(s.withdrawn),
        "payments": fmt.number(s.online_payments), "amount": fmt.money_short(s.online_payment_amount),
        "intake_base": fmt.number(s.intake_digitisation_base), "intake_done": fmt.number(s.intake_digitised),
        "intake_rate": fmt.percent(s.intake_digitised, s.intake_digitisation_base),
        "result_base": fmt.number(s.result_digitisation_base), "result_done": fmt.number(s.result_digitised),
        "result_rate": fmt.percent(s.result_digitised, s.result_digitisation_base),
        "not_digitised": fmt.number(s.result_not_digitised),
    }
    assert got == {
        "received": "3.956", "online": "2.315", "in_person": "1.635", "carried": "06",
        "resolved": "3.938", "early": "3.925", "late": "13", "pending": "04",
        "pending_within": "04", "pending_overdue": "0",
        "detailed": "1.632", "withdrawn": "14", "payments": "1.680", "amount": "10.282.000đ",
        "intake_base": "3.897", "intake_done": "2.291", "intake_rate": "58,79%",
        "result_base": "3.877", "result_done": "1.866", "result_rate": "48,13%",
        "not_digitised": "2.011",
    }


def test_dossier_prose_reads_like_the_seed(seed_report):
    text = "\n".join(seed_report.tthc_prose())
    for phrase in (
        "Số lượng hồ sơ tiếp nhận: 3.956 hồ sơ (Trong đó: Trực tuyến: 2.315; Trực tiếp: 1.635; Từ kỳ trước: 06)",
        "Số lượng hồ sơ đã giải quyết: 3.938 hồ sơ (Trong đó: Trước hạn: 3.925; Quá hạn: 13)",
        "Số lượng hồ sơ đang giải quyết: 04 hồ sơ (Trong đó: Trong hạn: 04)",
        "Số lượng hồ sơ tiếp nhận chi tiết: 1.632 hồ sơ",
        "Số lượng hồ sơ rút: 14 hồ sơ",
        "Thanh toán trực tuyến: 1.680 lượt; Tổng: 10.282.000đ",
        "Tỷ lệ số hồ sơ có số hóa đầy đủ TPHS khi tiếp nhận: 58,79%",
        "Số hồ sơ chưa số hóa kết quả TTHC: 2.011",
    ):
        assert phrase in text
    assert seed_report.tthc_heading().endswith("(01/01/2023 – 06/12/2023)")


def test_staff_figures_with_the_seed_corrected(seed_report):
    st = seed_report.staff
    assert st.total_people == 30  # the seed says 29 but lists 10 + 9 + 11
    assert (st["can_bo"].filled, st["cong_chuc"].filled, st["khong_chuyen_trach"].filled) == (10, 9, 11)
    assert st["khong_chuyen_trach"].positions == 12
    assert st["can_bo"].levels["trinh_do_chuyen_mon"] == {"thac_si": 2, "dai_hoc": 6, "cao_dang": 1, "trung_cap": 1}
    assert st["can_bo"].levels["ly_luan_chinh_tri"] == {"cao_cap": 2, "trung_cap": 7, "so_cap": 1}
    assert st["cong_chuc"].levels["trinh_do_chuyen_mon"] == {"dai_hoc": 9}
    assert st["cong_chuc"].levels["ly_luan_chinh_tri"] == {"trung_cap": 6, "so_cap": 1, "chua_dao_tao": 2}
    kct = st["khong_chuyen_trach"].levels["trinh_do_chuyen_mon"]
    assert (kct["thac_si"], kct["dai_hoc"], kct["cao_dang"], kct["chua_dao_tao"]) == (1, 3, 3, 3)
    raises = sum(g.raise_regular for g in st.groups.values()), sum(g.raise_early for g in st.groups.values())
    assert raises == (7, 1)
    assert sum(g.records_updated for g in st.groups.values() if g.code != "khong_chuyen_trach") == 19
    text = "\n".join(seed_report.staff_prose())
    assert "là: 30 người" in text
    assert "Trung cấp: 06/9 người, chiếm tỷ lệ 66,67%" in text
    assert "Thạc sĩ: 01/11 người, tỷ lệ 9,09%" in text
    assert "Người hoạt động không chuyên trách: 11/12 người" in text


def test_indicator_and_document_figures(seed_report):
    ind = seed_report.uy.indicators
    assert (ind["so_may_tinh"], ind["chu_ky_so_to_chuc"], ind["chu_ky_so_ca_nhan"]) == (24, 1, 7)
    assert ind["ty_le_van_ban_dien_tu"] == 95
    egov = "\n".join(seed_report.e_gov_prose())
    assert "24 máy vi tính" in egov
    assert "08 chữ ký số (gồm: 01 chữ ký số cơ quan và 07 chữ ký số cá nhân)" in egov
    assert "95%" in egov
    # The seed says no QPPL was issued "in the first 6 months" beside one dated 23/6/2023.
    qppl = seed_report.qppl_prose()[0]
    assert "01 văn bản QPPL" in qppl and "01/2023/QĐ-UBND ngày 23/6/2023" in qppl
    assert "không ban hành" not in qppl
    cited = "\n".join(p for key in ("direction", "communication") for p in seed_report.narrative(key))
    assert "Quyết định số 10/QĐ-UBND ngày 10/01/2023" in cited
    assert "Kế hoạch số 19/KH-UBND ngày 02/3/2023" in cited


def test_every_consistency_check_passes_on_the_sample(seed_report):
    failed = [c.name for c in seed_report.checks if not c.passed]
    assert failed == []
    assert len(seed_report.checks) >= 10


def test_on_time_rate_states_its_base(seed_report):
    num, den = tthc.on_time_rate(seed_report.tthc, "received").pair
    assert (num, den) == (3925, 3956)
    line = next(s for s in seed_report.tthc_prose() if s.startswith("Tỷ lệ hồ sơ giải quyết trước hạn"))
    assert "99,22% (3.925/3.956 hồ sơ, tính trên tổng số hồ sơ tiếp nhận)" in line
