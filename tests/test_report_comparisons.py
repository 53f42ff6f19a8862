"""A quarter's report as the section notebooks print it, with both of its comparators: the quarter
before and the same quarter a year earlier (issue 9), and one on-time formula for every on-time rate
it prints. A tiny project (BNV cut-offs) whose dossiers are typed below so that each figure can be
counted by hand:

- quý I năm 2023 (15/12/2022 – 14/03/2023): 10 dossiers received, 8 resolved in time, 2 late;
- quý IV năm 2023 (15/09/2023 – 14/12/2023): 20 received, 19 in time, 1 late;
- quý I năm 2024 (15/12/2023 – 14/03/2024): 24 received, 12 in time, 10 late, 2 still being handled
  within their deadline on 14/03/2024.

On-time rates: over the dossiers received (the default) 8/10 = 80%, 19/20 = 95%, 12/24 = 50%; by
QĐ 766 (in time + pending within the deadline, over all to handle) 80%, 95%, 14/24 = 58,33%.
"""
from __future__ import annotations

import re

import pytest

from cchc import load as loading
from cchc.unit_report import Report
from conftest import TINY_SLUG, TINY_TABLES, write_rows
from test_report_periods import copy_year, period_params, write_params

pytestmark = pytest.mark.fast

HEADER = TINY_TABLES["ho-so"][0]


def dossier(code: str, received: str, due: str, result: str, status: str = "Đã giải quyết") -> list[str]:
    return [code, "Chứng thực bản sao", "Chứng thực", "Trực tiếp", received, due, result, status,
            "Không", "Không", "Không", "Không", "Không", "Không", "0", "Không"]


def in_time(prefix: str, n: int, month: str, year: int) -> list[list[str]]:
    return [dossier(f"{prefix}-{i:02d}", f"{i + 1:02d}/{month}/{year}", f"{i + 4:02d}/{month}/{year}",
                    f"{i + 2:02d}/{month}/{year}") for i in range(n)]


def late(prefix: str, n: int, month: str, year: int) -> list[list[str]]:
    return [dossier(f"{prefix}-{i:02d}", f"{i + 1:02d}/{month}/{year}", f"{i + 2:02d}/{month}/{year}",
                    f"{i + 5:02d}/{month}/{year}") for i in range(n)]


@pytest.fixture
def project(tiny_root):
    copy_year(tiny_root, 2024)  # the other registers of 2024
    rows_2023 = (in_time("A", 8, "01", 2023) + late("B", 2, "02", 2023)  # quý I năm 2023
                 + in_time("C", 19, "10", 2023) + late("D", 1, "11", 2023))  # quý IV năm 2023
    rows_2024 = (in_time("E", 12, "01", 2024) + late("F", 10, "02", 2024)
                 + [dossier(f"G-{i}", "10/03/2024", "20/03/2024", "", "Đang giải quyết") for i in (1, 2)])
    write_rows(tiny_root / "data/2023" / TINY_SLUG / "ho-so.csv", HEADER, rows_2023)
    write_rows(tiny_root / "data/2024" / TINY_SLUG / "ho-so.csv", HEADER, rows_2024)
    staff_header, staff = TINY_TABLES["can-bo"]  # 2024: one more công chức than 2023's two people
    write_rows(tiny_root / "data/2024" / TINY_SLUG / "can-bo.csv", staff_header,
               staff + [["CC02", "Công chức", "Tư pháp - Hộ tịch", "Không", "12/12", "Đại học", "Trung cấp", "Có",
                         "Không", "Không", "Không", "Có"]])
    for pid, issued in (("2023-q1", "2023-03-20"), ("2023-q4", "2023-12-20"), ("2024-q1", "2024-03-20"),
                        ("2024-q2", "2024-06-20")):
        write_params(tiny_root, pid, period_params(issued_on=issued, narrative=False))
    return tiny_root


def report(pid: str) -> Report:
    up, same, previous = loading.load_report_inputs(TINY_SLUG, pid)
    assert not any(p.is_error for p in up.problems), [str(p) for p in up.problems]
    return Report(up, same, previous)


def use_formula(root, pid: str, key: str) -> None:
    path = root / "params" / pid / f"{TINY_SLUG}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("on_time_basis: received", f"on_time_formula: {key}"),
                    encoding="utf-8")


def test_a_quarter_says_its_change_against_the_quarter_before_and_last_years(project):
    rep = report("2024-q1")
    assert (rep.period_comparator.name, rep.comparator.name) == ("quý IV năm 2023", "quý I năm 2023")
    lines = rep.tthc_prose()
    assert lines[0] == ("Số lượng hồ sơ tiếp nhận: 24 hồ sơ, tăng 20% so với quý IV năm 2023 và tăng 140% so với quý I "
                        "năm 2023 (Trong đó: Trực tiếp: 24);")
    assert lines[2] == ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn: 50% (12/24 hồ sơ, tính trên tổng số hồ sơ tiếp "
                        "nhận), giảm 45 điểm phần trăm so với quý IV năm 2023 và giảm 30 điểm phần trăm so với quý I "
                        "năm 2023;")
    assert ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn giảm 45 điểm phần trăm so với quý IV năm 2023 (từ 95% "
            "xuống 50%) và giảm 30 điểm phần trăm so với quý I năm 2023 (từ 80% xuống 50%).") in rep.findings()
    # the roster is the end year's: 2024's against 2023's (both comparators read data/2023)
    assert rep.staff_prose()[0] == ("Tổng số cán bộ, công chức, người hoạt động không chuyên trách phường đến thời "
                                    "điểm hiện tại là: 03 người (tăng 01 người so với quý IV năm 2023 và tăng 01 người "
                                    "so với quý I năm 2023). Trong đó:")


def test_a_comparator_s_figures_keep_their_own_lineage_rows(project):
    rep = report("2024-q1")
    table = rep.lineage_table()
    on_time = dict(table[table["Số liệu"].str.startswith("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn")]
                   [["Số liệu", "Giá trị"]].itertuples(index=False))
    assert on_time == {"Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn": "50%",  # the report's, then each comparator's
                       "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn — quý IV năm 2023": "95%",
                       "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn — quý I năm 2023": "80%"}
    assert len(set(table.attrs["row_ids"])) == len(table)


def test_a_comparator_reading_the_report_s_own_file_keeps_its_rows_apart(project):
    rep = report("2024-q2")  # quý II and quý I năm 2024: both read data/2024's register
    quarter_before = rep.previous_period_tthc
    both = f"data/2024/{TINY_SLUG}/ho-so.csv"
    assert both in {s.file for s in quarter_before.received_total.sources} & {s.file for s in rep.tthc.received_total.sources}
    assert (quarter_before.received_total, rep.tthc.received_total) == (24, 2)  # quý II: the two still open, carried
    assert quarter_before.received_total.label == "Hồ sơ tiếp nhận (kể cả từ kỳ trước) — quý I năm 2024"
    from cchc.lineage import anchor

    assert anchor(quarter_before.received_total) != anchor(rep.tthc.received_total)


def test_quarters_of_one_year_read_one_roster_and_compare_no_staff(project):
    rep = report("2024-q2")
    assert rep.period_comparator.name == "quý I năm 2024" and rep.previous_period_tthc is not None
    assert rep.previous_period_staff is None  # data/2024's roster in both: no change can be measured
    assert rep.staff_prose()[0].endswith("là: 03 người. Trong đó:")
    assert report("2024-q1").previous_period_staff is not None


def test_every_on_time_rate_the_report_prints_is_by_its_formula(project):
    use_formula(project, "2024-q1", "qd766")
    rep = report("2024-q1")
    label = "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn và đang giải quyết trong hạn"
    words = ("Cách tính: tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn và đang giải quyết trong hạn = (số hồ sơ giải "
             "quyết trước hạn + số hồ sơ giải quyết đúng hạn + số hồ sơ đang giải quyết trong hạn) / tổng số hồ sơ "
             "phải giải quyết trong kỳ (từ kỳ trước và mới tiếp nhận) (chỉ số tiến độ giải quyết theo Quyết định số "
             "766/QĐ-TTg);")
    lines = rep.tthc_prose()
    # the comparators' own reports print the rate over the dossiers received: their rate by QĐ 766 is said
    assert lines[2:4] == [
        f"{label}: 58,33% (14/24 hồ sơ, tính trên tổng số hồ sơ phải giải quyết trong kỳ), giảm 36,67 điểm phần trăm "
        "so với quý IV năm 2023 (theo cùng cách tính, quý IV năm 2023 đạt 95%) và giảm 21,67 điểm phần trăm so với "
        "quý I năm 2023 (theo cùng cách tính, quý I năm 2023 đạt 80%);", words]
    said = rep.strengths() + rep.findings()
    assert f"{label} đạt 58,33% (14/24 hồ sơ), thấp hơn mục tiêu 95% của đơn vị." in said
    assert (f"{label} giảm 36,67 điểm phần trăm so với quý IV năm 2023 (từ 95% xuống 58,33%) và giảm 21,67 điểm "
            "phần trăm so với quý I năm 2023 (từ 80% xuống 58,33%).") in said
    assert (f"Còn 10 hồ sơ giải quyết quá hạn; tỷ lệ hồ sơ ngoài nhóm «hồ sơ giải quyết trước hạn, đúng hạn và đang "
            "giải quyết trong hạn» là 41,67% (10/24 hồ sơ, tính trên tổng số hồ sơ phải giải quyết trong kỳ).") in said
    # the formula in words once in the body; the appendix's lineage and checks, and the index, by it too
    body = [str(s) for name in rep.printed() for s in getattr(rep, name)()]
    assert sum("Cách tính" in s for s in body) == 1
    table = rep.lineage_table()
    rows = table[table["Số liệu"].str.startswith(label)]
    assert sorted(rows["Giá trị"]) == ["58,33%", "80%", "95%"]  # the report's and its comparators'
    assert all(rule.startswith(f"{label} = (số hồ sơ giải quyết trước hạn") for rule in rows["Cách tính"])
    assert "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn" not in set(table["Số liệu"])
    check = rep.checks_table().set_index("Kiểm tra").loc["Tỷ lệ giải quyết trước hạn và đúng hạn", "Chi tiết"]
    assert "= 14 / 24 = 58,33%" in check
    assert rep.headline()["on_time_rate_text"] == "58,33%"
    # no other formula's value is printed as the on-time rate: 12/24 (received), 12/22 (resolved)
    printed = " ".join(body) + " " + " ".join(table["Giá trị"])
    for other in ("50%", "54,55%"):
        assert not re.search(rf"(?<![\d,]){other}", printed), other


def test_comparators_on_the_same_formula_need_no_restating(project):
    for pid in ("2023-q1", "2023-q4", "2024-q1"):
        use_formula(project, pid, "qd766")
    line = report("2024-q1").tthc_prose()[2]
    assert line.endswith("giảm 36,67 điểm phần trăm so với quý IV năm 2023 và giảm 21,67 điểm phần trăm so với quý I "
                         "năm 2023;")
    use_formula(project, "2023-q4", "trung-tam-tp")  # another name, the same terms as QĐ 766
    assert report("2024-q1").tthc_prose()[2] == line
