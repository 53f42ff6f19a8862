"""TTHC figures, the II.06a table, monthly intake, timeliness and the prose, on a hand-built register."""
from datetime import date

from dataclasses import replace

import pandas as pd
import pytest

from cchc.figures import tthc
from cchc.figures.tthc import TthcSummary
from cchc.prose import tthc as tthc_p
from cchc.model import Period
from conftest import SEED_TTHC

pytestmark = pytest.mark.fast

PERIOD = Period(date(2023, 1, 1), date(2023, 6, 30))
COLUMNS = ["ma_ho_so", "linh_vuc", "kenh", "ngay_tiep_nhan", "han_giai_quyet", "ngay_co_ket_qua",
           "trang_thai", "tiep_nhan_chi_tiet", "dien_so_hoa_tphs", "da_so_hoa_tphs",
           "dien_so_hoa_ket_qua", "da_so_hoa_ket_qua", "thanh_toan_truc_tuyen", "so_tien_thanh_toan"]
T, F, NA = True, False, None
ROWS = [
    # code  field         channel       received      due           result        status            det tb td kb kd paid amount
    ("H01", "Hộ tịch", "truc_tuyen", "2023-01-05", "2023-01-10", "2023-01-08", "da_giai_quyet", T, T, T, T, T, T, 8000),
    ("H02", "Hộ tịch", "truc_tiep", "2023-01-20", "2023-01-25", "2023-01-25", "da_giai_quyet", F, T, F, T, F, F, 0),
    ("H03", "Chứng thực", "truc_tiep", "2023-02-03", "2023-02-04", "2023-02-06", "da_giai_quyet", F, T, T, T, T, T, 2000),
    ("H04", "Chứng thực", "truc_tuyen", "2023-03-01", "2023-03-03", "2023-03-02", "da_giai_quyet", F, F, F, F, F, F, 0),
    ("H05", "Đất đai", "buu_chinh", "2023-03-15", "2023-04-15", "2023-04-10", "da_giai_quyet", F, T, T, F, F, T, 50000),
    ("H06", "Đất đai", "truc_tuyen", "2023-06-20", "2023-07-05", NA, "dang_giai_quyet", T, F, F, F, F, F, 0),
    ("H07", "Đất đai", "truc_tiep", "2023-05-02", "2023-06-01", NA, "dang_giai_quyet", F, F, F, F, F, F, 0),
    ("H08", "Hộ tịch", "truc_tuyen", "2023-04-04", "2023-04-10", NA, "rut", F, F, F, F, F, F, 0),
    ("H09", "Hộ tịch", "truc_tiep", "2023-04-05", "2023-04-10", NA, "tra_lai", F, F, F, F, F, F, 0),
    ("H10", "Chứng thực", "truc_tuyen", "2023-06-28", "2023-07-02", NA, "cho_bo_sung", F, F, F, F, F, F, 0),
    # carried over: received in 2022, still open on 01/01/2023
    ("H11", "Đất đai", "truc_tiep", "2022-12-20", "2023-01-10", "2023-01-09", "da_giai_quyet", F, F, F, F, F, F, 0),
    ("H12", "Hộ tịch", "truc_tuyen", "2022-12-28", "2023-01-03", NA, "dang_giai_quyet", F, F, F, F, F, F, 0),
    # out of scope: closed before the period, received after it
    ("H13", "Hộ tịch", "truc_tiep", "2022-12-01", "2022-12-06", "2022-12-05", "da_giai_quyet", T, T, T, T, T, T, 9000),
    ("H14", "Đất đai", "truc_tuyen", "2023-07-02", "2023-07-12", NA, "dang_giai_quyet", T, T, T, F, F, T, 9000),
]


def register(rows=ROWS) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("ngay_tiep_nhan", "han_giai_quyet", "ngay_co_ket_qua"):
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
    for c in COLUMNS[7:13]:
        df[c] = df[c].astype(bool)
    df["so_tien_thanh_toan"] = df["so_tien_thanh_toan"].astype("int64")
    df["thu_tuc"] = "Thủ tục"
    return df


SEED = SEED_TTHC  # the seed report's published dossier figures (tests/conftest.py)


def test_summary_counts_every_definition():
    s = tthc.summary(register(), PERIOD)
    assert s == TthcSummary(
        received_total=12, received_online=5, received_in_person=4, received_postal=1, carried_over=2,
        resolved_total=6, resolved_early=4, resolved_on_time=1, resolved_late=1,
        pending_total=3, pending_within=1, pending_overdue=2, withdrawn=1, returned=1, awaiting_supplement=1,
        detailed_intake=2, online_payments=3, online_payment_amount=60000,
        intake_digitisation_base=4, intake_digitised=3, result_digitisation_base=3, result_digitised=2,
        # new (received 01/01–30/06): 10; deadline within the period: H01–H05, H07–H09, H11, H12; of
        # those resolved by the deadline: H01, H02, H04, H05, H11 (H03 was late)
        new_received=10, due_in_period=10, due_resolved_in_time=5,
        fee_bearing=None, fee_paid_online=None,  # the register has no «Thu phí, lệ phí» column
    )
    assert s.result_not_digitised == 1
    assert (s.received_new, s.withdrawn_or_returned, s.open_at_end) == (10, 2, 4)
    assert all(isinstance(v, int) for v in s.__dict__.values() if v is not None)
    assert tthc.identity_problems(s) == []


def test_summary_of_an_empty_register_is_all_zero():
    s = tthc.summary(register([]), PERIOD)
    assert s.received_total == 0 and s.resolved_total == 0 and s.online_payment_amount == 0


def test_pending_due_on_the_last_day_is_within_deadline():
    row = ("X1", "Hộ tịch", "truc_tuyen", "2023-06-25", "2023-06-30", NA, "dang_giai_quyet", F, F, F, F, F, F, 0)
    s = tthc.summary(register([row]), PERIOD)
    assert (s.pending_within, s.pending_overdue) == (1, 0)


def test_on_time_rate_by_legacy_basis():
    s = tthc.summary(register(), PERIOD)
    assert tthc.on_time_rate(s, "received").pair == (5, 12)  # = tren-tiep-nhan
    assert tthc.on_time_rate(s, "resolved").pair == (5, 6)  # = tren-da-giai-quyet
    # = tren-den-han: resolved by the deadline among the 10 whose deadline fell in the period
    # (before issue 9, "due" meant resolved + pending overdue: 5/8)
    assert tthc.on_time_rate(s, "due").pair == (5, 10)
    with pytest.raises(ValueError, match="tren-tiep-nhan"):
        tthc.on_time_rate(s, "calendar")


def test_table_ii06a_by_field():
    t = tthc.table_ii06a(register(), PERIOD)
    assert list(t.index) == ["Chứng thực", "Đất đai", "Hộ tịch", "Tổng cộng"]
    assert t.columns[2] == ("Số hồ sơ nhận giải quyết", "Trực tiếp và dịch vụ bưu chính")
    assert t.columns[-1] == ("Số hồ sơ đang giải quyết", "Quá hạn")
    assert t.loc["Chứng thực"].tolist() == [3, 2, 1, 0, 2, 1, 0, 1, 0, 0, 0]
    assert t.loc["Đất đai"].tolist() == [4, 1, 2, 1, 2, 2, 0, 0, 2, 1, 1]
    assert t.loc["Hộ tịch"].tolist() == [5, 2, 2, 1, 2, 1, 1, 0, 1, 0, 1]
    assert t.loc["Tổng cộng"].tolist() == [12, 5, 5, 2, 6, 4, 1, 1, 3, 1, 2]


def test_table_ii06a_total_only():
    t = tthc.table_ii06a(register(), PERIOD, by=None)
    assert list(t.index) == ["Tổng cộng"]
    assert t.iloc[0].tolist() == [12, 5, 5, 2, 6, 4, 1, 1, 3, 1, 2]


def test_intake_by_month_new_rows_only():
    m = tthc.intake_by_month(register(), PERIOD)
    assert list(m.index) == ["01/2023", "02/2023", "3/2023", "4/2023", "5/2023", "6/2023"]
    assert m["Trực tuyến"].tolist() == [1, 0, 1, 1, 0, 2]
    assert m["Trực tiếp"].tolist() == [1, 1, 0, 1, 1, 0]
    assert m["Bưu chính"].tolist() == [0, 0, 1, 0, 0, 0]


def test_intake_by_month_without_postal_has_no_postal_column():
    rows = [r for r in ROWS if r[2] != "buu_chinh"]
    assert list(tthc.intake_by_month(register(rows), PERIOD).columns) == ["Trực tuyến", "Trực tiếp"]


def test_timeliness_by_field():
    t = tthc.timeliness_by_field(register(), PERIOD)
    assert list(t.index) == ["Chứng thực", "Đất đai", "Hộ tịch"]
    assert t.loc["Chứng thực"].tolist() == [1, 0, 1, 2, 50.0]
    assert t.loc["Đất đai"].tolist() == [2, 0, 0, 2, 100.0]
    assert t.loc["Hộ tịch"].tolist() == [1, 1, 0, 2, 100.0]


def test_summary_prose_on_the_tiny_register():
    s = tthc.summary(register(), PERIOD)
    assert tthc_p.summary_prose(s, PERIOD) == [
        "Số lượng hồ sơ tiếp nhận: 12 hồ sơ (Trong đó: Trực tuyến: 05; Trực tiếp: 04; Bưu chính: 01; Từ kỳ trước: 02);",
        "Số lượng hồ sơ đã giải quyết: 06 hồ sơ (Trong đó: Trước hạn: 04; Đúng hạn: 01; Quá hạn: 01);",
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến: 50% (05/10 hồ sơ, tính trên số hồ sơ tiếp nhận mới);",
        "Số lượng hồ sơ đang giải quyết: 03 hồ sơ (Trong đó: Trong hạn: 01; Quá hạn: 02);",
        "Tỷ lệ hồ sơ đang giải quyết: 25% (03/12 hồ sơ, tính trên tổng số hồ sơ tiếp nhận);",
        "Số lượng hồ sơ tiếp nhận chi tiết: 02 hồ sơ;",
        "Số lượng hồ sơ rút: 01 hồ sơ;",
        "Số lượng hồ sơ trả lại: 01 hồ sơ;",
        "Số lượng hồ sơ chờ bổ sung: 01 hồ sơ;",
        "Tỷ lệ hồ sơ rút, trả lại: 16,67% (02/12 hồ sơ, tính trên tổng số hồ sơ tiếp nhận);",
        "Thanh toán trực tuyến: 03 lượt; Tổng: 60.000đ;",
        "Số hóa hồ sơ TTHC khi tiếp nhận (Số hồ sơ tiếp nhận: 04 hồ sơ; Số hồ sơ có số hóa TPHS: 03 hồ sơ; "
        "Tỷ lệ số hồ sơ có số hóa đầy đủ TPHS khi tiếp nhận: 75%);",
        "Số hóa kết quả giải quyết TTHC (Số hồ sơ đã giải quyết: 03 hồ sơ; Số hồ sơ có số hóa kết quả: 02 hồ sơ; "
        "Tỷ lệ số hóa kết quả hồ sơ: 66,67%; Số hồ sơ chưa số hóa kết quả TTHC: 01).",
    ]


def test_summary_prose_with_the_seed_figures_drops_the_zero_noise():
    assert tthc_p.summary_prose(SEED, Period(date(2023, 1, 1), date(2023, 12, 6))) == [
        "Số lượng hồ sơ tiếp nhận: 3.956 hồ sơ (Trong đó: Trực tuyến: 2.315; Trực tiếp: 1.635; Từ kỳ trước: 06);",
        "Số lượng hồ sơ đã giải quyết: 3.938 hồ sơ (Trong đó: Trước hạn: 3.925; Quá hạn: 13);",
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến: 58,61% (2.315/3.950 hồ sơ, tính trên số hồ sơ tiếp nhận mới);",
        "Số lượng hồ sơ đang giải quyết: 04 hồ sơ (Trong đó: Trong hạn: 04);",
        "Tỷ lệ hồ sơ đang giải quyết: 0,1% (04/3.956 hồ sơ, tính trên tổng số hồ sơ tiếp nhận);",
        "Số lượng hồ sơ tiếp nhận chi tiết: 1.632 hồ sơ;",
        "Số lượng hồ sơ rút: 14 hồ sơ;",
        "Tỷ lệ hồ sơ rút, trả lại: 0,35% (14/3.956 hồ sơ, tính trên tổng số hồ sơ tiếp nhận);",
        "Thanh toán trực tuyến: 1.680 lượt; Tổng: 10.282.000đ;",
        "Số hóa hồ sơ TTHC khi tiếp nhận (Số hồ sơ tiếp nhận: 3.897 hồ sơ; Số hồ sơ có số hóa TPHS: 2.291 hồ sơ; "
        "Tỷ lệ số hồ sơ có số hóa đầy đủ TPHS khi tiếp nhận: 58,79%);",
        "Số hóa kết quả giải quyết TTHC (Số hồ sơ đã giải quyết: 3.877 hồ sơ; Số hồ sơ có số hóa kết quả: 1.866 hồ sơ; "
        "Tỷ lệ số hóa kết quả hồ sơ: 48,13%; Số hồ sơ chưa số hóa kết quả TTHC: 2.011).",
    ]


def test_summary_prose_for_a_small_unit_reads_naturally():
    rows = [
        ("S1", "Hộ tịch", "truc_tuyen", "2023-02-01", "2023-02-05", "2023-02-03", "da_giai_quyet", F, F, F, F, F, F, 0),
        ("S2", "Hộ tịch", "truc_tuyen", "2023-03-01", "2023-03-05", "2023-03-02", "da_giai_quyet", F, F, F, F, F, F, 0),
    ]
    s = tthc.summary(register(rows), PERIOD)
    assert tthc_p.summary_prose(s, PERIOD) == [
        "Số lượng hồ sơ tiếp nhận: 02 hồ sơ (Trong đó: Trực tuyến: 02);",
        "Số lượng hồ sơ đã giải quyết: 02 hồ sơ (Trong đó: Trước hạn: 02);",
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến: 100% (02/2 hồ sơ, tính trên số hồ sơ tiếp nhận mới);",
        "Không có hồ sơ đang giải quyết;",
        "Không có hồ sơ thanh toán trực tuyến;",
        "Không có hồ sơ thuộc diện số hóa thành phần hồ sơ khi tiếp nhận;",
        "Không có hồ sơ thuộc diện số hóa kết quả giải quyết.",
    ]


def test_summary_prose_with_nothing_received():
    s = tthc.summary(register([]), PERIOD)
    assert tthc_p.summary_prose(s, PERIOD) == ["Trong 6 tháng đầu năm 2023, không tiếp nhận hồ sơ TTHC nào."]
    assert tthc_p.summary_prose(s, Period(date(2023, 1, 1), date(2023, 12, 6))) == \
        ["Trong năm 2023, không tiếp nhận hồ sơ TTHC nào."]


def test_summary_prose_compares_with_last_year():
    s = tthc.summary(register(), PERIOD)
    prev = TthcSummary(
        received_total=10, received_online=4, received_in_person=6, received_postal=0, carried_over=0,
        resolved_total=8, resolved_early=5, resolved_on_time=0, resolved_late=3,
        pending_total=2, pending_within=2, pending_overdue=0, withdrawn=0, returned=0, awaiting_supplement=0,
        detailed_intake=0, online_payments=0, online_payment_amount=0,
        intake_digitisation_base=4, intake_digitised=2, result_digitisation_base=3, result_digitised=2,
    )
    lines = tthc_p.summary_prose(s, PERIOD, previous=prev, comparator=PERIOD.same_last_year(), basis="received")
    assert lines[0] == ("Số lượng hồ sơ tiếp nhận: 12 hồ sơ, tăng 20% so với 6 tháng đầu năm 2022 (Trong đó: Trực tuyến: 05; "
                        "Trực tiếp: 04; Bưu chính: 01; Từ kỳ trước: 02);")
    assert lines[2] == ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn: 41,67% (05/12 hồ sơ, tính trên tổng số "
                        "hồ sơ tiếp nhận), giảm 8,33 điểm phần trăm so với 6 tháng đầu năm 2022;")
    assert lines[3] == ("Cách tính: tỷ lệ giải quyết đúng hạn = số hồ sơ giải quyết trước hạn và đúng hạn / tổng số "
                        "hồ sơ tiếp nhận (kể cả hồ sơ từ kỳ trước chuyển sang);")
    assert sum(line.startswith("Cách tính") for line in lines) == 1  # the formula in words, once
    assert lines[-2].endswith("khi tiếp nhận: 75%, tăng 25 điểm phần trăm so với 6 tháng đầu năm 2022);")
    assert lines[-1].endswith("không đổi so với 6 tháng đầu năm 2022; Số hồ sơ chưa số hóa kết quả TTHC: 01).")


def test_on_time_sentence_states_its_base():
    s = tthc.summary(register(), PERIOD)
    assert tthc_p.on_time_sentence(s, "due") == ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn: 50% (05/10 hồ sơ, "
                                              "tính trên tổng số hồ sơ đến hạn giải quyết trong kỳ).")
    assert tthc_p.on_time_sentence(s, "qd766") == (
        "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn và đang giải quyết trong hạn: 50% (06/12 hồ sơ, tính trên tổng "
        "số hồ sơ phải giải quyết trong kỳ).")


@pytest.mark.parametrize("period, said", [
    # the seed twin's heading, unchanged: a year from 1 January
    (Period(date(2023, 1, 1), date(2023, 12, 6)), "Kết quả giải quyết TTHC từ đầu năm đến nay (01/01/2023 – 06/12/2023)"),
    (Period.of("nam", 2024, start_day=1), "Kết quả giải quyết TTHC từ đầu năm đến nay (01/01/2024 – 31/12/2024)"),
    # BNV's year starts on 15/12 of the year before: not "từ đầu năm"
    (Period.of("nam", 2024), "Kết quả giải quyết TTHC năm 2024 (15/12/2023 – 14/12/2024)"),
    (Period.of("q1", 2024), "Kết quả giải quyết TTHC quý I năm 2024 (15/12/2023 – 14/03/2024)"),
    (Period.of("6t", 2024), "Kết quả giải quyết TTHC 6 tháng đầu năm 2024 (15/12/2023 – 14/06/2024)"),
    (Period.of("thang", 2024, 8), "Kết quả giải quyết TTHC tháng 8 năm 2024 (15/07/2024 – 14/08/2024)"),
    # a custom range is named by its dates: once, not again in parentheses
    (Period(date(2025, 7, 1), date(2025, 10, 31)), "Kết quả giải quyết TTHC từ ngày 01/7/2025 đến ngày 31/10/2025"),
])
def test_summary_heading_names_the_period_once(period, said):
    assert tthc_p.heading(period) == said


def test_repeated_index_labels_do_not_double_count():
    doubled = pd.concat([register(ROWS[:3]), register(ROWS[3:6])])  # index 0,1,2,0,1,2
    assert tthc.summary(doubled, PERIOD).received_total == 6
    assert tthc.table_ii06a(doubled, PERIOD).loc["Tổng cộng"].iloc[0] == 6


def test_a_blank_column_gives_no_sentence_never_a_negative_fact():
    s = tthc.summary(register(), PERIOD)
    zero = replace(s, online_payments=0, online_payment_amount=0)
    assert "Không có hồ sơ thanh toán trực tuyến;" in tthc_p.summary_prose(zero, PERIOD)  # the register says "Không"
    lines = tthc_p.summary_prose(zero, PERIOD, blank=("thanh_toan_truc_tuyen", "dien_so_hoa_tphs"))
    assert not any("thanh toán" in line or "khi tiếp nhận" in line for line in lines)
    assert lines[-1].endswith(".")  # the list still closes on its last line


# --- issue 9: closing dates, several files, the fee column ----------------------------------------

Q1 = Period(date(2023, 12, 15), date(2024, 3, 14), "q1", 15)  # BNV quý I năm 2024


def row(code, received, due, closed, status, channel="truc_tiep", paid=F, amount=0):
    return (code, "Hộ tịch", channel, received, due, closed, status, F, F, F, F, F, paid, amount)


def test_a_dossier_is_placed_in_time_by_its_closing_date_whatever_its_current_status():
    rows = [
        row("R1", "2023-12-01", "2023-12-20", "2024-01-05", "da_giai_quyet"),  # carried, resolved late
        row("R2", "2023-12-01", "2023-12-05", "2023-12-10", "da_giai_quyet"),  # closed before 15/12: out
        row("R3", "2024-02-01", "2024-03-20", "2024-03-20", "da_giai_quyet"),  # closed after 14/3: pending within
        row("R4", "2024-02-01", "2024-02-10", "2024-04-01", "da_giai_quyet"),  # closed after 14/3: pending overdue
        row("R5", "2023-12-10", "2023-12-20", "2024-01-02", "rut"),  # carried, withdrawn on 02/01
        row("R6", "2023-12-10", "2023-12-20", NA, "rut"),  # no closing date: closed on 10/12, before the period
        row("R7", "2024-03-01", "2024-03-10", "2024-03-30", "tra_lai"),  # returned after the end: pending overdue
        row("R8", "2024-03-14", "2024-03-20", NA, "cho_bo_sung"),  # awaiting, apart from pending
        row("R9", "2024-03-15", "2024-03-20", NA, "dang_giai_quyet"),  # received after the end: out
        row("R10", "2024-01-10", "2024-01-20", NA, "tra_lai"),  # returned, closed on its received day
    ]
    s = tthc.summary(register(rows), Q1)
    got = {k: int(getattr(s, k)) for k in ("received_total", "carried_over", "resolved_total", "resolved_late",
                                            "pending_total", "pending_within", "pending_overdue", "withdrawn",
                                            "returned", "awaiting_supplement", "due_in_period",
                                            "due_resolved_in_time")}
    assert got == {"received_total": 7, "carried_over": 2, "resolved_total": 1, "resolved_late": 1,
                   "pending_total": 3, "pending_within": 1, "pending_overdue": 2, "withdrawn": 1,
                   "returned": 1, "awaiting_supplement": 1,
                   # deadlines 15/12–14/3: R1 (20/12), R4 (10/2), R5 (20/12), R7 (10/3), R10 (20/1); none
                   # resolved by it (R1 late, R4 still open on 14/3)
                   "due_in_period": 5, "due_resolved_in_time": 0}
    assert tthc.identity_problems(s) == []
    # the dossiers still open on 14/3 are what quý II carries over
    q2 = Period(date(2024, 3, 15), date(2024, 6, 14), "q2", 15)
    assert tthc.summary(register(rows), q2).carried_over == s.pending_total + s.awaiting_supplement == 4


def test_rows_of_several_files_keep_their_own_row_numbers_and_file():
    from cchc.schema import ROW_INDEX_NAME, SOURCE_FILE

    a = register([row("A1", "2023-12-10", "2024-01-05", "2024-01-03", "da_giai_quyet", "truc_tuyen"),
                  row("A2", "2023-11-01", "2023-11-05", "2023-11-02", "da_giai_quyet", "truc_tuyen")])
    b = register([row("B1", "2024-01-08", "2024-01-10", "2024-01-09", "da_giai_quyet", "truc_tuyen"),
                  row("B2", "2024-02-01", "2024-02-03", NA, "dang_giai_quyet")])
    for frame, file in ((a, "data/2023/x/ho-so.csv"), (b, "data/2024/x/ho-so.csv")):
        frame.index = pd.Index([2, 3], name=ROW_INDEX_NAME)  # both files' rows 2 and 3
        frame[SOURCE_FILE] = file
    s = tthc.summary(pd.concat([a, b]), Q1, file="ignored.csv")
    assert int(s.received_online) == 1 and int(s.carried_over) == 1 and int(s.resolved_total) == 2
    assert [(src.file, src.rows) for src in s.resolved_total.sources] == [
        ("data/2023/x/ho-so.csv", (2,)), ("data/2024/x/ho-so.csv", (2,))]
    assert [(src.file, src.rows) for src in s.received_total.sources] == [
        ("data/2023/x/ho-so.csv", (2,)), ("data/2024/x/ho-so.csv", (2, 3))]
    # a figure made of others keeps the rows file by file
    assert [(src.file, src.rows) for src in s.received_new.sources] == [
        ("data/2023/x/ho-so.csv", ()), ("data/2024/x/ho-so.csv", (2, 3))]
    assert tthc.table_ii06a(pd.concat([a, b]), Q1).loc["Tổng cộng"].tolist() == [3, 1, 1, 1, 2, 2, 0, 0, 1, 0, 1]


def test_one_file_without_the_column_gives_one_source_named_by_the_argument():
    s = tthc.summary(register(), PERIOD, file="data/2023/x/ho-so.csv")
    assert [src.file for src in s.received_online.sources] == ["data/2023/x/ho-so.csv"]


def test_online_payment_share_over_fee_bearing_dossiers():
    df = register([row("P1", "2023-02-01", "2023-02-05", "2023-02-03", "da_giai_quyet", paid=T, amount=5000),
                   row("P2", "2023-02-01", "2023-02-05", "2023-02-03", "da_giai_quyet"),
                   row("P3", "2023-02-01", "2023-02-05", "2023-02-03", "da_giai_quyet"),
                   row("P4", "2023-02-01", "2023-02-05", "2023-02-03", "da_giai_quyet")])
    df["co_phi"] = [True, True, True, False]
    s = tthc.summary(df, PERIOD)
    assert (s.fee_bearing, s.fee_paid_online) == (3, 1)
    assert tthc.online_payment_share(s).pair == (1, 3)
    lines = tthc_p.summary_prose(s, PERIOD)
    assert ("Tỷ lệ hồ sơ thanh toán trực tuyến: 33,33% (01/3 hồ sơ, tính trên số hồ sơ có thu phí, lệ phí);"
            in lines)
    # without the column (or with it unknown) there is no base: no rate, no sentence
    df["co_phi"] = pd.array([pd.NA] * 4, dtype="boolean")
    s = tthc.summary(df, PERIOD)
    assert s.fee_bearing is None and tthc.online_payment_share(s) is None
    assert not any("có thu phí" in line for line in tthc_p.summary_prose(s, PERIOD))


def test_summary_prose_says_both_comparators_and_never_compares_across_kinds():
    from cchc.prose.phrases import IncomparablePeriods

    q2 = Period.of("q2", 2024)
    s = tthc.summary(register(), PERIOD)  # 12 received, 5/12 in time
    # the quarter before: 10 received, 6 in time; a year earlier: 15 received, 5 in time
    before = replace(s, received_total=10, resolved_early=4, resolved_on_time=2)
    year_before = replace(s, received_total=15, resolved_early=5, resolved_on_time=0)
    lines = tthc_p.summary_prose(s, q2, basis="received",
                                 comparisons=[(before, q2.previous()), (year_before, q2.same_last_year())])
    assert lines[0].startswith("Số lượng hồ sơ tiếp nhận: 12 hồ sơ, tăng 20% so với quý I năm 2024 và giảm 20% so "
                               "với quý II năm 2023 (Trong đó:")
    # 5/12 = 41,67%; 6/10 = 60%; 5/15 = 33,33%
    assert lines[2] == ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn: 41,67% (05/12 hồ sơ, tính trên tổng số hồ sơ "
                        "tiếp nhận), giảm 18,33 điểm phần trăm so với quý I năm 2024 và tăng 8,34 điểm phần trăm so "
                        "với quý II năm 2023;")
    # a missing comparator is left out; a month is never compared with a year
    assert tthc_p.summary_prose(s, q2, comparisons=[(None, q2.previous()), (year_before, q2.same_last_year())])[0] \
        .startswith("Số lượng hồ sơ tiếp nhận: 12 hồ sơ, giảm 20% so với quý II năm 2023 (")
    august = Period.of("thang", 2024, 8)
    with pytest.raises(IncomparablePeriods, match="tháng 8 năm 2024 với năm 2023"):
        tthc_p.summary_prose(s, august, comparisons=[(year_before, Period.of("nam", 2023))])


def test_intake_by_month_follows_the_periods_calendar():
    # BNV cut-offs: năm 2024 runs 15/12/2023 – 14/12/2024 and its tháng 1 from 15/12/2023 to
    # 14/01/2024, so 20/12/2023 counts in tháng 1 and 15/02/2024 in tháng 3 (twelve months, no
    # "12/2023" beside "12/2024").
    year = Period.of("nam", 2024, start_day=15)
    rows = pd.DataFrame({"ngay_tiep_nhan": pd.to_datetime(["2023-12-20", "2024-01-14", "2024-02-15", "2024-12-14"]),
                         "kenh": ["truc_tuyen", "truc_tiep", "truc_tuyen", "truc_tiep"],
                         "han_giai_quyet": pd.to_datetime(["2024-12-31"] * 4),
                         "ngay_co_ket_qua": pd.to_datetime([None] * 4),
                         "trang_thai": ["dang_giai_quyet"] * 4})
    full = register().iloc[:0].reindex(columns=register().columns)
    frame = pd.concat([full, rows], ignore_index=True)
    m = tthc.intake_by_month(frame, year)
    assert len(m) == 12 and m.index[0] == "01/2024" and m.index[-1] == "12/2024"
    assert m.loc["01/2024"].tolist() == [1, 1] and m.loc["3/2024"].tolist() == [1, 0]
    assert m.loc["12/2024"].tolist() == [0, 1] and int(m.to_numpy().sum()) == 4
