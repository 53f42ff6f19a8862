"""Staff structure, qualification tables and the II.3 / II.4 prose, on hand-built rosters."""
import pandas as pd
import pytest

from datetime import date

from cchc.figures import staff
from cchc.model import Period, Unit
from cchc.prose import staff as staff_p
from cchc.prose.phrases import change

YEAR_2023 = Period(date(2023, 1, 1), date(2023, 12, 31))
YEAR_2022 = YEAR_2023.same_last_year()
COMMUNE = Unit(code="99002", slug="xa-thu-nghiem", kind="xã", name="Thử Nghiệm", parent=None,
               province="Quảng Ngãi", valid_from=date(2020, 1, 1))
WARD = Unit(code="99001", slug="phuong-thu-nghiem", kind="phường", name="Thử Nghiệm", parent=None,
            province="Quảng Ngãi", valid_from=date(2020, 1, 1))

pytestmark = pytest.mark.fast

COLUMNS = ["ma", "nhom", "chuc_danh", "vi_tri_trong", "trinh_do_van_hoa", "trinh_do_chuyen_mon",
           "ly_luan_chinh_tri", "dat_chuan", "nang_luong_thuong_xuyen", "nang_luong_truoc_han", "ky_luat",
           "cap_nhat_phan_mem"]
T, F, NA = True, False, None
ROWS = [
    # code  group                 position  vacant edu     qualification   LLCT           std reg early disc rec
    ("C1", "can_bo", "Chủ tịch", F, "12/12", "thac_si", "cao_cap", T, T, F, F, T),
    ("C2", "can_bo", "Phó Chủ tịch", F, "12/12", "dai_hoc", "trung_cap", T, T, F, F, T),
    ("C3", "can_bo", "Chủ tịch MTTQ", F, "12/12", "dai_hoc", "trung_cap", T, F, F, F, T),
    ("P1", "cong_chuc", "Văn phòng - Thống kê", F, "12/12", "dai_hoc", "trung_cap", T, T, T, F, T),
    ("P2", "cong_chuc", "Tư pháp - Hộ tịch", F, "12/12", "dai_hoc", "so_cap", T, F, F, F, F),
    ("P3", "cong_chuc", "Địa chính", F, "12/12", "dai_hoc", "chua_dao_tao", F, F, F, F, T),
    ("K1", "khong_chuyen_trach", "Văn thư", F, "12/12", "thac_si", NA, T, F, F, F, F),
    ("K2", "khong_chuyen_trach", "Thủ quỹ", F, "12/12", "trung_cap", NA, T, F, F, F, F),
    ("K3", "khong_chuyen_trach", "Phó Chỉ huy trưởng Quân sự", F, "12/12", "chua_dao_tao", NA, T, F, F, F, F),
    ("K4", "khong_chuyen_trach", "Nhân viên thú y", T, NA, NA, NA, F, F, F, F, F),
]


def roster(rows=ROWS) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("vi_tri_trong", "dat_chuan", "nang_luong_thuong_xuyen", "nang_luong_truoc_han", "ky_luat",
              "cap_nhat_phan_mem"):
        df[c] = df[c].astype(bool)
    return df


def eleven_of_twelve() -> pd.DataFrame:
    """The seed's non-specialised staff with the person it forgot (Trung cấp): 11 people, 12 posts."""
    levels = ["thac_si"] + ["dai_hoc"] * 3 + ["cao_dang"] * 3 + ["trung_cap"] + ["chua_dao_tao"] * 3
    rows = [(f"K{i}", "khong_chuyen_trach", "Vị trí", F, "12/12", lv, NA, T, F, F, F, F)
            for i, lv in enumerate(levels)]
    rows.append(("K99", "khong_chuyen_trach", "Vị trí", T, NA, NA, NA, F, F, F, F, F))
    return roster(rows)


def test_structure_per_group():
    s = staff.structure(roster())
    cb, cc, kct = s["can_bo"], s["cong_chuc"], s["khong_chuyen_trach"]
    assert list(s.groups) == ["can_bo", "cong_chuc", "khong_chuyen_trach"]
    assert (cb.positions, cb.filled, cc.positions, cc.filled, kct.positions, kct.filled) == (3, 3, 3, 3, 4, 3)
    assert cb.levels["trinh_do_chuyen_mon"] == {"thac_si": 1, "dai_hoc": 2}
    assert list(cc.levels["ly_luan_chinh_tri"]) == ["trung_cap", "so_cap", "chua_dao_tao"]  # schema order
    assert kct.levels["ly_luan_chinh_tri"] == {}
    assert kct.levels["trinh_do_van_hoa"] == {"12/12": 3}  # the vacant post is not a person
    assert (cb.dat_chuan, cc.dat_chuan) == (3, 2)
    assert (cb.raise_regular, cc.raise_regular, cc.raise_early) == (2, 1, 1)
    assert (cb.records_updated, cc.records_updated) == (3, 2)
    assert kct.vacant == 1 and kct.unspecified("ly_luan_chinh_tri") == 3
    assert s.total_people == 9 and s.total_positions == 10 and s.roster_rows == 10


def test_total_people_counts_every_group():
    # 10 + 9 + 11 of 12: the seed printed 29; the groups it lists make 30.
    rows = ([(f"C{i}", "can_bo", "x", F, "12/12", "dai_hoc", "trung_cap", T, F, F, F, T) for i in range(10)]
            + [(f"P{i}", "cong_chuc", "x", F, "12/12", "dai_hoc", "trung_cap", T, F, F, F, T) for i in range(9)])
    df = pd.concat([roster(rows), eleven_of_twelve()], ignore_index=True)
    assert staff.structure(df).total_people == 30


def test_qualification_table_percentages_and_no_empty_rows():
    t = staff_p.qualification_table(staff.structure(roster()), "trinh_do_chuyen_mon")
    assert list(t.index) == ["Thạc sĩ", "Đại học", "Trung cấp", "Chưa qua đào tạo"]
    assert t.index.name == "Trình độ chuyên môn"
    assert t[("Cán bộ", "Số người")].tolist() == [1, 2, 0, 0]
    assert t[("Cán bộ", "Tỷ lệ")].tolist() == ["33,33%", "66,67%", "0%", "0%"]
    assert t[("Công chức", "Tỷ lệ")].tolist() == ["0%", "100%", "0%", "0%"]
    assert t[("Người hoạt động không chuyên trách", "Số người")].tolist() == [1, 0, 1, 1]


def test_qualification_table_one_in_eleven_is_9_09_percent():
    t = staff_p.qualification_table(staff.structure(eleven_of_twelve()), "trinh_do_chuyen_mon")
    group = "Người hoạt động không chuyên trách"
    assert [c[0] for c in t.columns] == [group, group]  # groups with nobody are left out
    assert t.loc["Thạc sĩ", (group, "Tỷ lệ")] == "9,09%"
    assert t.loc["Đại học", (group, "Tỷ lệ")] == "27,27%"
    assert t[(group, "Số người")].sum() == 11


def test_qualification_table_political_theory_skips_groups_without_levels():
    t = staff_p.qualification_table(staff.structure(roster()), "ly_luan_chinh_tri")
    assert list(t.index) == ["Cao cấp", "Trung cấp", "Sơ cấp", "Chưa qua đào tạo"]
    assert t.loc["Trung cấp", ("Công chức", "Tỷ lệ")] == "33,33%"


def test_structure_outline_shape():
    """The seed's three list levels: group headings (1), dimensions (2), their levels (3); a dimension
    with one level stays on one line."""
    out = staff_p.structure_outline(staff.structure(roster()), WARD)
    assert out == [
        (0, "Tổng số cán bộ, công chức, người hoạt động không chuyên trách phường đến thời điểm hiện tại là: "
            "09 người. Trong đó:"),
        (1, "Cán bộ: 03 người (100% cán bộ đảm bảo tiêu chuẩn chức danh theo quy định). Trong đó:"),
        (2, "Trình độ văn hóa: Trung học phổ thông (12/12): 03/3 người, tỷ lệ 100%."),
        (2, "Trình độ chuyên môn:"),
        (3, "Thạc sĩ: 01/3 người, tỷ lệ 33,33%;"),
        (3, "Đại học: 02/3 người, tỷ lệ 66,67%."),
        (2, "Lý luận chính trị:"),
        (3, "Cao cấp: 01/3 người, chiếm tỷ lệ 33,33%;"),
        (3, "Trung cấp: 02/3 người, chiếm tỷ lệ 66,67%."),
        (1, "Công chức: 03 người (02/3 công chức đảm bảo tiêu chuẩn chức danh theo quy định, tỷ lệ 66,67%). "
            "Trong đó:"),
        (2, "Trình độ văn hóa: Trung học phổ thông (12/12): 03/3 người, tỷ lệ 100%."),
        (2, "Trình độ chuyên môn: Đại học: 03/3 người, tỷ lệ 100%."),
        (2, "Lý luận chính trị:"),
        (3, "Trung cấp: 01/3 người, chiếm tỷ lệ 33,33%;"),
        (3, "Sơ cấp: 01/3 người, chiếm tỷ lệ 33,33%;"),
        (3, "Chưa qua đào tạo: 01/3 người, chiếm tỷ lệ 33,33%."),
        (1, "Người hoạt động không chuyên trách: 03/4 người. Trong đó:"),
        (2, "Trình độ văn hóa: Trung học phổ thông (12/12): 03/3 người, tỷ lệ 100%."),
        (2, "Trình độ chuyên môn:"),
        (3, "Thạc sĩ: 01/3 người, tỷ lệ 33,33%;"),
        (3, "Trung cấp: 01/3 người, tỷ lệ 33,33%;"),
        (3, "Chưa qua đào tạo: 01/3 người, tỷ lệ 33,33%."),
    ]


def test_positions_left_out_of_the_count_are_said_after_the_cong_chuc_count():
    """The seed's "(… không tính Trưởng Công an phường)", from the indicator cong_chuc_khong_tinh."""
    s = staff.structure(roster())
    heads = dict((t.split(":")[0], t) for level, t in
                 staff_p.structure_outline(s, WARD, excluded="Trưởng Công an phường") if level == 1)
    assert heads["Công chức"] == ("Công chức: 03 người (02/3 công chức đảm bảo tiêu chuẩn chức danh theo quy "
                                  "định, tỷ lệ 66,67%; không tính Trưởng Công an phường). Trong đó:")
    assert "không tính" not in heads["Cán bộ"]
    assert not any("không tính" in t for _, t in staff_p.structure_outline(s, WARD, excluded=" ; "))


def test_structure_prose_skips_absent_groups_and_names_unfilled_ones():
    rows = [("C1", "can_bo", "Chủ tịch", F, "12/12", "dai_hoc", "cao_cap", T, F, F, F, T),
            ("K1", "khong_chuyen_trach", "Văn thư", T, NA, NA, NA, F, F, F, F, F),
            ("K2", "khong_chuyen_trach", "Thủ quỹ", T, NA, NA, NA, F, F, F, F, F)]
    lines = staff_p.structure_prose(staff.structure(roster(rows)), COMMUNE)
    assert lines[0].startswith("Tổng số cán bộ, công chức, người hoạt động không chuyên trách xã đến thời "
                               "điểm hiện tại là: 01 người.")
    assert not any(line.startswith("Công chức") for line in lines)
    assert lines[-1] == "Người hoạt động không chuyên trách: chưa bố trí (02 vị trí còn trống)."


def test_missing_level_is_reported_not_hidden():
    rows = [("P1", "cong_chuc", "x", F, "12/12", "dai_hoc", "trung_cap", T, F, F, F, T),
            ("P2", "cong_chuc", "x", F, "12/12", "dai_hoc", NA, T, F, F, F, T)]
    lines = staff_p.structure_prose(staff.structure(roster(rows)), WARD)
    i = lines.index("Lý luận chính trị:")
    assert lines[i + 1:i + 3] == ["Trung cấp: 01/2 người, chiếm tỷ lệ 50%;", "Chưa có thông tin: 01/2 người."]


def test_organisation_prose():
    assert staff_p.organisation_prose(staff.structure(roster()), YEAR_2023) == [
        "Trong năm 2023, không có cán bộ, công chức vi phạm và bị xem xét kỷ luật.",
        "Công tác giải quyết các chế độ, chính sách cho cán bộ, công chức được quan tâm và thực hiện đúng "
        "theo quy định, lập hồ sơ đề nghị nâng lương thường xuyên cho 03 cán bộ, công chức và lập hồ sơ nâng "
        "lương trước thời hạn cho 01 công chức.",
        "Thường xuyên cập nhật các thông tin của 06 cán bộ, công chức khi có sự thay đổi về chức vụ, trình độ "
        "chuyên môn, hệ số lương, khen thưởng, kỷ luật... vào phần mềm quản lý cán bộ, công chức phục vụ công "
        "tác quản lý, khai thác. Đến nay đã cập nhật đủ thông tin của 05/6 cán bộ, công chức, đạt tỷ lệ 83,33%.",
    ]


def test_organisation_prose_when_nothing_happened_and_all_records_updated():
    rows = [("C1", "can_bo", "x", F, "12/12", "dai_hoc", "cao_cap", T, F, F, F, T),
            ("K1", "khong_chuyen_trach", "x", F, "12/12", "dai_hoc", NA, T, F, F, T, F)]
    s = staff.structure(roster(rows))
    assert staff_p.discipline_sentence(s) == \
        "Có 01 người hoạt động không chuyên trách vi phạm và bị xem xét kỷ luật."
    assert staff_p.raises_sentence(s).endswith("theo quy định; trong kỳ báo cáo không có trường hợp đến kỳ nâng lương.")
    assert staff_p.raises_sentence(s, Period.of("q1", 2024)).endswith(
        "theo quy định; trong quý I năm 2024 không có trường hợp đến kỳ nâng lương.")
    assert staff_p.raises_sentence(s, Period(date(2025, 7, 1), date(2025, 10, 31))).endswith(
        "theo quy định; từ ngày 01/7/2025 đến ngày 31/10/2025 không có trường hợp đến kỳ nâng lương.")
    assert staff_p.records_sentence(s).endswith("Đến nay đã cập nhật đủ thông tin 100%.")
    assert "của 01 cán bộ, công chức" in staff_p.records_sentence(s)


def test_staff_prose_is_organisation_then_structure():
    s = staff.structure(roster())
    lines = staff_p.organisation_prose(s, YEAR_2023) + staff_p.structure_prose(s, WARD)
    assert lines[0] == "Trong năm 2023, không có cán bộ, công chức vi phạm và bị xem xét kỷ luật."
    assert lines[3].startswith("Tổng số cán bộ, công chức, người hoạt động không chuyên trách phường")
    assert len(lines) == 3 + 22


def test_headcount_change_is_absolute_and_padded():
    assert change(30, 28, YEAR_2022, kind="people") == "tăng 02 người so với năm 2022"
    assert change(29, 30, YEAR_2022, kind="people") == "giảm 01 người so với năm 2022"
    assert change(30, 30, YEAR_2022, kind="people") == "không đổi so với năm 2022"


def test_headcount_against_the_quarter_before_and_the_same_quarter_a_year_earlier():
    s = staff.structure(roster())  # 9 people in 10 positions
    fewer = staff.structure(roster(ROWS[:-3] + ROWS[-1:]))  # K2 and K3 not yet there
    q2 = Period.of("q2", 2024)
    total = staff_p.structure_prose(s, WARD, fewer, q2.previous(), comparisons=[(s, q2.same_last_year())],
                                    period=q2)[0]
    assert total == ("Tổng số cán bộ, công chức, người hoạt động không chuyên trách phường đến thời điểm hiện tại "
                     "là: 09 người (tăng 02 người so với quý I năm 2024 và không đổi so với quý II "
                     "năm 2023). Trong đó:")
    with pytest.raises(ValueError, match="khác loại"):
        staff_p.structure_prose(s, WARD, fewer, YEAR_2023, period=q2)  # a quarter is never compared with a year
