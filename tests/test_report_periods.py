"""A report is (unit, period), end to end without executing a notebook: the project's cut-off calendar,
params per period, a period's registers read from every year it spans, the comparators, the sections
per period kind, path safety, the snapshot, the stitched subset, the index, `cchc new` and the plan."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cchc import cli, discovery, paths, project
from cchc import load as loading
from cchc.batch import index, plan
from cchc.figures import tthc
from cchc.period import Calendar, parse_id
from cchc.problems import ERROR, WARNING
from cchc.render.stitching import stitch
from cchc.sections import SectionsError, read_sections, sections_for
from cchc.unit_report import Report
from conftest import TINY_PARAMS, TINY_SLUG, TINY_TABLES, TINY_YEAR, write_rows, run_main

pytestmark = pytest.mark.fast

SOURCE = loading.SOURCE_FILE
ALL = [f"{n:02d}" for n in range(1, 11)]


def write_params(root, pid, text, slug=TINY_SLUG):
    path = root / "params" / pid / f"{slug}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def period_params(*, issued_on: str, period: tuple[str, str] | None = None, year: int | None = None,
                  narrative: bool = True) -> str:
    """TINY_PARAMS without `year` and `period` (the calendar's dates), or with the ones given; without
    the narrative (its citations name documents whose numbers recur in the next year's register)."""
    text = TINY_PARAMS.replace("year: 2023\n", "" if year is None else f"year: {year}\n")
    if not narrative:
        text = text[:text.index("narrative:")]
    text = text.replace("period:\n  start: 2023-01-01\n  end: 2023-12-06\n",
                        "" if period is None else f"period:\n  start: {period[0]}\n  end: {period[1]}\n")
    return text.replace("issued_on: 2023-12-06", f"issued_on: {issued_on}")


def line_of(path, needle) -> int:
    return next(i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()) if needle in line)


def copy_year(root, year: int, slug=TINY_SLUG):
    """The tiny registers moved to `year` (every year written in them shifted alike), without HS-004,
    received in December of the year before (its dates would not be in order in one year's file)."""
    delta = year - TINY_YEAR
    for stem, (header, rows) in TINY_TABLES.items():
        shifted = [[re.sub(r"20[0-9]{2}", lambda m: str(int(m.group(0)) + delta), c) for c in r] for r in rows]
        if stem == "ho-so":
            shifted = [r for r in shifted if r[0] != "HS-004"]
        write_rows(root / "data" / str(year) / slug / f"{stem}.csv", header, shifted)


# ---- the project's calendar ------------------------------------------------------------------------

def test_the_calendar_is_project_configuration(tmp_path):
    marker = tmp_path / paths.MARKER
    marker.write_text("province: Huế\ncutoff_calendar: lich\nmonthly_cutoff_day: 21\n", encoding="utf-8")
    s = project.read_settings(tmp_path)
    assert (s.cutoff_calendar, s.monthly_cutoff_day) == ("lich", 21)
    assert Calendar.from_settings(s) == Calendar(1, 21)
    marker.write_text("province: Huế\ncutoff_calendar: quy-nhon\n", encoding="utf-8")
    with pytest.raises(project.ProjectError, match=r"dòng 2: lịch chốt số liệu «quy-nhon» không có; chọn một "
                                                   r"trong: bnv, lich"):
        project.read_settings(tmp_path)
    for bad in ("0", "29", "ngày 21", "[21]", "true"):
        marker.write_text(f"# lịch\n\nmonthly_cutoff_day: {bad}\n", encoding="utf-8")
        with pytest.raises(project.ProjectError, match=r"dòng 3: (khóa «monthly_cutoff_day» phải là một số nguyên "
                                                       r"từ 1 đến 28|.*phải là một giá trị đơn)"):
            project.read_settings(tmp_path)


# ---- params per period -------------------------------------------------------------------------------

def test_params_without_dates_take_the_calendars(tiny_root):
    write_params(tiny_root, "2023-q1", period_params(issued_on="2023-03-20"))
    up = loading.load(TINY_SLUG, "2023-q1")
    assert (up.period_id, up.period.kind, up.period.start, up.period.end) == (
        "2023-q1", "q1", dt.date(2022, 12, 15), dt.date(2023, 3, 14))  # no marker: the BNV cut-offs
    assert up.params.year == 2023 and up.year == 2023
    (tiny_root / paths.MARKER).write_text("cutoff_calendar: lich\n", encoding="utf-8")
    _, problems = loading.validate_unit_period(TINY_SLUG, "2023-q1")  # quý I now ends on 31/03
    p, = [p for p in problems if p.is_error]
    assert p.file == f"params/2023-q1/{TINY_SLUG}.yaml" and "trước ngày kết thúc kỳ báo cáo (31/03/2023)" in p.message
    assert p.row == line_of(tiny_root / "params/2023-q1" / f"{TINY_SLUG}.yaml", "issued_on:")


def test_the_seed_form_with_its_own_dates_still_loads(tiny_root):
    """params/2023/ with `year` and `period` as before periods: the report's own dates, kind năm."""
    up = loading.load(TINY_SLUG, TINY_YEAR)
    assert (up.period_id, up.period.kind, up.period.start, up.period.end) == (
        "2023", "nam", dt.date(2023, 1, 1), dt.date(2023, 12, 6))


@pytest.mark.parametrize("pid, period, year, needle, says", [
    ("2023-q1", ("2023-01-01", "2023-06-30"), None, "period:", "không thuộc quý I năm 2023 (thư mục params/2023-q1/)"),
    ("2023-08", ("2023-07-01", "2023-07-31"), None, "period:", "kỳ phải kết thúc trong tháng 8 năm 2023"),
    ("2023-08", ("2023-06-01", "2023-08-31"), None, "period:", "dài không quá 31 ngày"),
    ("2023-01-01_2023-03-31", ("2023-01-01", "2023-03-30"), None, "period:",
     "khác khoảng thời gian mà tên thư mục «2023-01-01_2023-03-31» ghi"),
    ("2023-q1", None, 2022, "year:", "năm 2022 khác thư mục chứa tệp (params/2023-q1/: quý I năm 2023, năm 2023)"),
    ("2023", ("2023-01-01", "2024-01-05"), None, "period:", "không thuộc năm 2023"),
])
def test_a_period_that_is_not_the_folders_is_an_error_naming_file_and_line(tiny_root, pid, period, year, needle,
                                                                            says):
    path = write_params(tiny_root, pid, period_params(issued_on="2024-02-01", period=period, year=year))
    _, problems = loading.validate_unit_period(TINY_SLUG, pid)
    errs = [p for p in problems if p.is_error]
    assert len(errs) == 1, errs
    assert errs[0].file == f"params/{pid}/{TINY_SLUG}.yaml" and says in errs[0].message
    assert errs[0].row == line_of(path, needle)


@pytest.mark.parametrize("pid, period", [
    ("2023-q1", ("2023-01-01", "2023-03-31")), ("2023-08", ("2023-08-01", "2023-08-31")),
    ("2023-08", ("2023-07-21", "2023-08-20")), ("2023-01-01_2023-03-31", ("2023-01-01", "2023-03-31")),
    ("2023-01-01_2023-03-31", None), ("2023-6t", ("2023-01-01", "2023-06-15")),
])
def test_own_dates_of_the_ids_kind_are_the_reports(tiny_root, pid, period):
    write_params(tiny_root, pid, period_params(issued_on="2023-12-20", period=period))
    up = loading.load(TINY_SLUG, pid)
    expected = parse_id(pid)
    assert up.period_id == pid and up.period.kind == expected.kind
    if period:
        assert (up.period.start.isoformat(), up.period.end.isoformat()) == period


# ---- a period's registers: every year it spans ---------------------------------------------------------

@pytest.fixture
def two_years(tiny_root):
    """params/2023/ without dates (BNV: 15/12/2022 – 14/12/2023); data/2022/ has a dossier carried into
    2023's file with its final state, one received in the period, one out of it, and a document that
    is in 2023's file too; no staff roster or indicators (only the end year's are read)."""
    write_params(tiny_root, "2023", period_params(issued_on="2023-12-20", year=2023))
    header, rows = TINY_TABLES["ho-so"]
    hs004 = next(r for r in rows if r[0] == "HS-004")
    carried = hs004[:6] + ["", "Đang giải quyết"] + hs004[8:]
    new = ["HS-900", "Đăng ký khai sinh", "Hộ tịch", "Trực tuyến", "16/12/2022", "20/12/2022", "19/12/2022",
           "Đã giải quyết", "Có", "Có", "Có", "Có", "Có", "Không", "0"]
    old = ["HS-901", "Chứng thực bản sao", "Chứng thực", "Trực tiếp", "01/06/2022", "02/06/2022", "02/06/2022",
           "Đã giải quyết", "Không", "Có", "Không", "Có", "Không", "Không", "0"]
    write_rows(tiny_root / "data/2022" / TINY_SLUG / "ho-so.csv", header, [old, carried, new])
    dheader, drows = TINY_TABLES["van-ban"]
    write_rows(tiny_root / "data/2022" / TINY_SLUG / "van-ban.csv", dheader, [r for r in drows if "2022" in r[1]])
    return tiny_root


def test_a_period_reads_the_rows_of_every_year_it_spans_latest_row_winning(two_years):
    up = loading.load(TINY_SLUG, "2023")
    d = up.dossiers
    f22, f23 = f"data/2022/{TINY_SLUG}/ho-so.csv", f"data/2023/{TINY_SLUG}/ho-so.csv"
    assert sorted(d["ma_ho_so"]) == ["HS-001", "HS-002", "HS-003", "HS-004", "HS-005", "HS-006", "HS-900", "HS-901"]
    hs004 = d[d["ma_ho_so"] == "HS-004"]
    assert hs004[SOURCE].tolist() == [f23] and hs004["trang_thai"].tolist() == ["da_giai_quyet"]  # the final state
    assert d.loc[d["ma_ho_so"] == "HS-900", SOURCE].tolist() == [f22]
    assert d[d["ma_ho_so"] == "HS-900"].index.tolist() == [4]  # its spreadsheet row in 2022's file
    assert not d.index.is_unique  # row 2 and 3 are in both files
    assert up.register_files["dossiers"] == [two_years / f22, two_years / f23]
    assert up.files["dossiers"] == two_years / f23
    s = tthc.summary(d, up.period)
    assert s.received_total == 7  # 6 of 2023's + HS-900 (16/12/2022); HS-901 closed before the period
    assert s.resolved_total == 5 and s.carried_over == 0  # HS-004 counted once, resolved
    docs = up.documents
    qd = docs[docs["so_ky_hieu"] == "10/QĐ-UBND"]
    assert len(qd) == 2 and set(qd[SOURCE]) == {f"data/2023/{TINY_SLUG}/van-ban.csv"}  # number + date: 2023's row
    assert len(up.staff) == 3 and up.indicators["so_may_tinh"] == 24  # the end year's


def test_a_broken_row_of_an_earlier_year_names_its_file_and_row(two_years):
    path = two_years / "data/2022" / TINY_SLUG / "ho-so.csv"
    text = path.read_text(encoding="utf-8").replace("HS-900,Đăng ký khai sinh,Hộ tịch,Trực tuyến",
                                                    "HS-900,Đăng ký khai sinh,Hộ tịch,Zalo")
    path.write_text(text, encoding="utf-8")
    _, problems = loading.validate_unit_period(TINY_SLUG, "2023")
    p, = [p for p in problems if p.is_error]
    assert (p.file, p.row, p.column, p.value) == (f"data/2022/{TINY_SLUG}/ho-so.csv", 4, "Kênh nộp", "Zalo")


def test_the_end_years_folder_must_exist(two_years):
    write_params(two_years, "2024-q1", period_params(issued_on="2024-03-20"))
    _, problems = loading.validate_unit_period(TINY_SLUG, "2024-q1")
    p, = [p for p in problems if p.is_error]
    assert p.file == f"data/2024/{TINY_SLUG}" and "Thiếu thư mục dữ liệu" in p.message and "quý I năm 2024" in p.message


# ---- a parent the unit no longer reports to --------------------------------------------------------------

def test_recipients_naming_a_former_parent_are_warnings_naming_the_line(tiny_root):
    from cchc import params as params_m
    from cchc.units import read_units

    units_file = tiny_root / "params" / "units.yaml"
    units_file.write_text(units_file.read_text(encoding="utf-8").replace(
        "    parent: thị xã Mẫu\n", "    parent:\n      - name: thị xã Mẫu\n        to: 2025-06-30\n"
        "      - name: tỉnh Quảng Ngãi\n        from: 2025-07-01\n").replace(
        "    valid_to: 2025-06-30\n    successors: [\"99101\"]\n", ""), encoding="utf-8")
    units, problems = read_units()
    assert problems == []
    path = write_params(tiny_root, "2025-07-01_2025-10-31", period_params(issued_on="2025-11-05", narrative=False))
    got, problems = params_m.read_report_params("2025-07-01_2025-10-31", TINY_SLUG, units, calendar=Calendar())
    assert got is not None and all(p.severity == WARNING for p in problems)
    rel = f"params/2025-07-01_2025-10-31/{TINY_SLUG}.yaml"
    said = [(p.file, p.row, p.value, p.message) for p in problems]
    assert said == [
        (rel, line_of(path, "- UBND thị xã Mẫu"), "UBND thị xã Mẫu",
         "Khóa «recipients.0»: «UBND thị xã Mẫu» nêu thị xã Mẫu, nhưng thị xã Mẫu chỉ là đơn vị cấp trên của phường "
         "Thử Nghiệm đến ngày 30/06/2025; ngày 31/10/2025 đơn vị cấp trên là tỉnh Quảng Ngãi (params/units.yaml)."),
        (rel, line_of(path, "addressee:"), "Phòng Nội vụ thị xã",
         "Khóa «addressee»: «Phòng Nội vụ thị xã» nêu thị xã Mẫu, nhưng thị xã Mẫu chỉ là đơn vị cấp trên của phường "
         "Thử Nghiệm đến ngày 30/06/2025; ngày 31/10/2025 đơn vị cấp trên là tỉnh Quảng Ngãi (params/units.yaml)."),
    ]
    # the same recipients were right while the thị xã was the parent: the 2023 report has no such warning
    _, problems = params_m.read_report_params("2023", TINY_SLUG, units, calendar=Calendar())
    assert problems == []
    # addressed to the province, nothing to say
    path.write_text(path.read_text(encoding="utf-8").replace("  - UBND thị xã Mẫu\n", "  - UBND tỉnh Quảng Ngãi\n")
                    .replace("addressee: Phòng Nội vụ thị xã", "addressee: Sở Nội vụ tỉnh Quảng Ngãi"), encoding="utf-8")
    assert params_m.read_report_params("2025-07-01_2025-10-31", TINY_SLUG, units, calendar=Calendar())[1] == []


# ---- comparators --------------------------------------------------------------------------------------------

@pytest.fixture
def quarters(tiny_root):
    """2023 and 2024 registers; params for 2024-q1, 2023-q1 and 2024-01 (no 2023-q4, no month of 2023)."""
    copy_year(tiny_root, 2024)
    write_params(tiny_root, "2024-q1", period_params(issued_on="2024-03-20", narrative=False))
    write_params(tiny_root, "2023-q1", period_params(issued_on="2023-03-20", narrative=False))
    write_params(tiny_root, "2024-01", period_params(issued_on="2024-01-20", narrative=False))
    return tiny_root


def test_a_quarter_compares_with_last_years_quarter_and_says_the_previous_one_is_missing(quarters):
    up, same, previous = loading.load_report_inputs(TINY_SLUG, "2024-q1")
    assert same.period_id == "2023-q1" and previous is None
    w, = [p for p in up.problems if p.severity == WARNING]
    assert w.file == f"params/2023-q4/{TINY_SLUG}.yaml"
    assert w.message.startswith("Không có báo cáo quý IV năm 2023 để so sánh với kỳ trước")
    rep = Report(up, same, previous)
    assert rep.comparator == same.period and rep.period_comparator is None and rep.previous_period_tthc is None
    assert f"CẢNH BÁO params/2023-q4/{TINY_SLUG}.yaml: Không có báo cáo quý IV năm 2023" in rep.validation_messages()[0]
    write_params(quarters, "2023-q4", period_params(issued_on="2023-12-20", narrative=False))
    up, same, previous = loading.load_report_inputs(TINY_SLUG, "2024-q1")
    rep = Report(up, same, previous)
    assert previous.period_id == "2023-q4" and rep.period_comparator == parse_id("2023-q4") and up.problems == []
    # the previous quarter's figures on its own dates (15/09/2023 – 14/12/2023), not the report's
    assert rep.previous_period_tthc == tthc.summary(previous.dossiers, parse_id("2023-q4"))
    assert rep.previous_period_tthc != tthc.summary(previous.dossiers, rep.period)


def test_a_month_is_never_compared_with_a_year(quarters):
    up, same, previous = loading.load_report_inputs(TINY_SLUG, "2024-01")  # params/2023/ exists: a year
    assert same is None and previous is None
    said = [p.message for p in up.problems]
    assert said == [
        f"Không có báo cáo tháng 1 năm 2023 để so sánh cùng kỳ (cần params/2023-01/{TINY_SLUG}.yaml và sổ sách "
        "trong data/).",
        f"Không có báo cáo tháng 12 năm 2023 để so sánh với kỳ trước (cần params/2023-12/{TINY_SLUG}.yaml và sổ "
        "sách trong data/)."]
    assert Report(up, same, previous).comparator is None


def test_a_broken_comparator_is_a_warning_not_a_failure(quarters):
    write_params(quarters, "2023-q1", "unit: [\n")
    up, same, _ = loading.load_report_inputs(TINY_SLUG, "2024-q1")
    assert same is None
    w = next(p for p in up.problems if "cùng kỳ" in p.message)
    assert w.severity == WARNING and "lỗi nên báo cáo không so sánh cùng kỳ" in w.message
    assert "cchc validate --period 2023-q1 --unit phuong-thu-nghiem" in w.message


# ---- sections per period kind -----------------------------------------------------------------------------

def test_sections_by_default_every_one_but_a_month(tiny_root):
    assert sections_for("nam", ALL) == ALL and sections_for("q1", ALL) == ALL
    assert sections_for("thang", ALL) == ["03", "10"]
    assert sections_for("thang") == ["03", "10"]  # the tool's notebooks
    with pytest.raises(ValueError, match="loại kỳ báo cáo «quy»"):
        sections_for("quy", ALL)


def test_sections_yaml_sets_them_per_kind(tiny_root):
    paths.sections_file().write_text('thang: ["03", 10]\nquy: [1, "03", "10"]\nq4: tất cả\n', encoding="utf-8")
    assert sections_for("thang", ALL) == ["03", "10"]
    assert sections_for("q1", ALL) == ["01", "03", "10"] and sections_for("q4", ALL) == ALL
    assert sections_for("6t", ALL) == ALL


def test_the_sections_decide_what_the_report_is_about(quarters):
    month = Report(*loading.load_report_inputs(TINY_SLUG, "2024-01"))
    quarter = Report(*loading.load_report_inputs(TINY_SLUG, "2024-q1"))
    assert (month.sections, month.subject, quarter.subject) == (["03", "10"], "tthc", "cchc")
    tthc_title = "Tình hình, kết quả giải quyết thủ tục hành chính tháng 1 năm 2024"
    assert month.document_header()["subject"] == [tthc_title]
    assert month.document_header()["title"] == f"Báo cáo {tthc_title[:1].lower()}{tthc_title[1:]} — UBND phường Thử Nghiệm"
    assert month.intro()[-1] == ("UBND phường Thử Nghiệm báo cáo tình hình, kết quả giải quyết thủ tục hành chính "
                                 "tháng 1 năm 2024 như sau:")
    assert month.document_header()["closing"].startswith(
        "Trên đây là báo cáo tình hình, kết quả giải quyết thủ tục hành chính tháng 1 năm 2024 của UBND phường")
    # a project whose months have every section files CCHC reports for them; a quarter of the TTHC
    # section only is a TTHC report
    paths.sections_file().write_text('thang: tất cả\nquy: ["03", "10"]\n', encoding="utf-8")
    month = Report(*loading.load_report_inputs(TINY_SLUG, "2024-01"))
    quarter = Report(*loading.load_report_inputs(TINY_SLUG, "2024-q1"))
    assert (month.subject, quarter.subject) == ("cchc", "tthc")
    assert month.document_header()["subject"] == ["Kết quả thực hiện công tác cải cách hành chính tháng 1 năm 2024",
                                                  "và phương hướng, nhiệm vụ tháng 2 năm 2024"]
    assert quarter.document_header()["subject"] == ["Tình hình, kết quả giải quyết thủ tục hành chính quý I năm 2024"]
    assert quarter.intro()[-1] == ("UBND phường Thử Nghiệm báo cáo tình hình, kết quả giải quyết thủ tục hành chính "
                                   "quý I năm 2024 như sau:")
    # the sections given (a build's plan) win over the configuration
    assert Report(quarter.uy, sections=ALL).subject == "cchc"
    assert Report(quarter.uy, sections=["01", "03", "10"]).subject == "cchc"  # the opening section is CCHC work


@pytest.mark.parametrize("text, line, says", [
    ("nam: tất cả\nquý: [\"03\"]\n", 2, "loại kỳ không có"),
    ("thang: [\"03\", \"11\"]\n", 1, "không có phần (notebook) số 11"),
    ("thang: [\"03\", \"3\"]\n", 1, "phần 03 ghi hai lần"),
    ("thang: []\n", 1, "cần một danh sách số thứ tự phần"),
    ("\nthang: [\"3a\"]\n", 2, "«3a» không phải số thứ tự của một phần"),
])
def test_a_wrong_sections_yaml_is_an_error_naming_the_line(tiny_root, text, line, says):
    paths.sections_file().write_text(text, encoding="utf-8")
    _, problems = read_sections(available=ALL)
    p, = problems
    assert (p.severity, p.file, p.row) == (ERROR, "params/sections.yaml", line) and says in p.message
    with pytest.raises(SectionsError, match=re.escape(says)):
        sections_for("thang", ALL)
    shared, _ = loading.validate_grouped()
    assert [s for s in shared if s.file == "params/sections.yaml"] == [p]


def test_the_plan_runs_a_months_sections_only(quarters):
    plans = {p.period: p for p in plan.make_plan(periods=["2024-01", "2024-q1"])}
    assert plans["2024-01"].numbers == ["03", "10"] and plans["2024-q1"].numbers == ALL
    assert not plans["2024-01"].complete and plans["2024-q1"].complete
    assert plans["2024-01"].period_name == "tháng 1 năm 2024" and plans["2024-01"].start == "2023-12-15"
    assert plans["2024-q1"].out_dir == paths.output_dir() / "2024-q1" / TINY_SLUG
    assert plans["2024-q1"].report_stem == f"bao-cao-cchc-{TINY_SLUG}-2024-q1"
    only = plan.make_plan(periods=["2024-01", "2024-q1"], only_sections=["01"])
    assert [(p.period, p.numbers) for p in only] == [("2024-q1", ["01"])]  # the month has no section 01
    with pytest.raises(plan.PlanError, match="báo cáo tháng 1 năm 2024 chỉ có các phần 03, 10"):
        plan.make_plan(periods=["2024-01"], only_sections=["01"])


def test_a_build_says_which_folders_it_does_not_read(quarters, capsys):
    (quarters / "params" / "2024-Q2").mkdir()
    assert cli.main(["build", "--dry-run", "--period", "2024-q1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("LỖI params/2024-Q2, giá trị «2024-Q2»: Thư mục «2024-Q2» trong params/ không phải mã kỳ")
    assert out[0].endswith("(bỏ qua)")
    assert out[1] == f"2024-q1/{TINY_SLUG}: 10 phần -> {paths.relative(paths.unit_output_dir('2024-q1', TINY_SLUG))}"


# ---- path components are checked ----------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda: paths.report_params_file("../2024", TINY_SLUG), lambda: paths.report_params_file("2024", "../x"),
    lambda: paths.report_params_file("2024-Q1", TINY_SLUG), lambda: paths.unit_output_dir("2024", "a/b"),
    lambda: paths.unit_output_dir("2024/..", TINY_SLUG), lambda: paths.unit_data_dir("../2024", TINY_SLUG),
    lambda: paths.unit_data_dir(2024, "Phường"), lambda: paths.report_params_file(True, TINY_SLUG),
])
def test_no_name_becomes_a_path_unchecked(tiny_root, call):
    with pytest.raises(paths.UnsafeName):
        call()


def test_checked_names_make_the_paths(tiny_root):
    assert paths.report_params_file(2024, TINY_SLUG) == tiny_root / "params/2024" / f"{TINY_SLUG}.yaml"
    assert paths.unit_output_dir("2024-q1", TINY_SLUG) == paths.output_dir() / "2024-q1" / TINY_SLUG
    assert paths.unit_data_dir(2023, TINY_SLUG) == tiny_root / "data/2023" / TINY_SLUG


@pytest.mark.parametrize("slug, period", [("../phuong-thu-nghiem", "2023"), (TINY_SLUG, "../2023"),
                                          (TINY_SLUG, "2023-q5")])
def test_a_bad_name_is_a_problem_when_validating_not_a_crash(tiny_root, slug, period):
    up, problems = loading.validate_unit_period(slug, period)
    assert up is None and any(p.is_error for p in problems)


# ---- the snapshot -------------------------------------------------------------------------------------

def test_the_snapshot_is_per_period_and_unit(quarters, tmp_path):
    up, same, previous = loading.load_report_inputs(TINY_SLUG, "2024-q1")
    snap = tmp_path / "inputs.pickle"
    loading.save_report_inputs(snap, up, same, previous)
    again = loading.load_report_inputs(TINY_SLUG, "2024-q1", str(snap))
    assert [x.period_id if x else None for x in again] == ["2024-q1", "2023-q1", None]
    with pytest.raises(ValueError, match=f"là của {TINY_SLUG} 2024-q1, không phải {TINY_SLUG} 2024"):
        loading.load_report_inputs(TINY_SLUG, 2024, str(snap))


# ---- the stitched document of some sections ---------------------------------------------------------------

def _executed(tmp_path, name, cells):
    nb = new_notebook(cells=cells)
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_subset_stitches_with_the_intro_on_top_and_its_headings_numbered_again(tmp_path):
    tthc_nb = _executed(tmp_path, "03_cai-cach-tthc", [
        new_markdown_cell("### 2. Cải cách thủ tục hành chính (TTHC)"),
        new_markdown_cell("#### 2.1. Cải cách thủ tục hành chính"),
        new_code_cell("", outputs=[new_output("display_data", data={"text/html": "<p>Số liệu</p>"})]),
        new_markdown_cell("#### 2.2. Tình hình thực hiện cơ chế một cửa"),
    ])
    appendix = _executed(tmp_path, "10_phu-luc", [new_markdown_cell("## Phụ lục cho người thẩm định")])
    nb = stitch([tthc_nb, appendix], {"number": "Số: 1/BC-UBND", "intro_html": '<p class="cchc-p">Mở đầu</p>',
                                      "partial": True})
    assert nb.cells[0].outputs[0]["data"]["text/html"] == '<p class="cchc-p">Mở đầu</p>'
    assert nb.metadata["cchc"] == {"number": "Số: 1/BC-UBND"}  # intro_html and partial are stitching's
    sources = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert sources == ["## 1. Cải cách thủ tục hành chính (TTHC)", "### 1.1. Cải cách thủ tục hành chính",
                       "### 1.2. Tình hình thực hiện cơ chế một cửa", "## Phụ lục cho người thẩm định"]


def test_a_whole_report_keeps_its_headings(tmp_path):
    cells = [new_markdown_cell("## I. CÔNG TÁC TRIỂN KHAI"), new_markdown_cell("### 1. Chỉ đạo"),
             new_markdown_cell("## II. KẾT QUẢ"), new_markdown_cell("### 2. Cải cách TTHC"),
             new_code_cell("", outputs=[new_output("display_data", data={"text/html": "<h2>III. ĐÁNH GIÁ</h2>"})])]
    nb = stitch([_executed(tmp_path, "01_a", cells)], {})
    assert [c.source for c in nb.cells if c.cell_type == "markdown"] == [c.source for c in cells[:4]]
    assert nb.cells[4].outputs[0]["data"]["text/html"] == "<h2>III. ĐÁNH GIÁ</h2>"
    # some sections left out: the parts are I, II, the roman numbers follow, an html heading too
    part = [cells[0], cells[1], cells[4]]
    assert stitch([_executed(tmp_path, "01_b", part)], {}).cells[2].outputs[0]["data"]["text/html"] == \
        "<h2>III. ĐÁNH GIÁ</h2>"  # not told: as written
    nb = stitch([_executed(tmp_path, "01_b", part)], {"partial": True})
    assert nb.cells[2].outputs[0]["data"]["text/html"] == "<h2>II. ĐÁNH GIÁ</h2>"


# ---- the index -----------------------------------------------------------------------------------------

def _status(out, pid, slug, **kw):
    period = parse_id(pid)
    row = {"period": pid, "period_name": period.name, "period_start": period.start.isoformat(),
           "period_end": period.end.isoformat(), "year": period.year, "slug": slug, "status": "ok",
           "unit_name": "Phường Thử Nghiệm", "errors": [], "warnings": 0, "headline": {}, "html": None,
           "pdf": None, "notebooks": [], "failed_notebooks": [], **kw}
    folder = out / pid / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "status.json").write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    return row


def test_the_index_lists_reports_by_unit_and_period(tiny_root, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setenv("CCHC_OUTPUT", str(out))
    for pid in ("2024", "2024-q1", "2024-03", "2023"):
        _status(out, pid, TINY_SLUG)
    _status(out, "2024", "xa-thu-nghiem", unit_name="Xã Thử Nghiệm")
    stray = out / "2024-q1" / "phuong-khac"
    stray.mkdir(parents=True)  # a status that disagrees with its folder: left out
    shutil.copy(out / "2024-q1" / TINY_SLUG / "status.json", stray / "status.json")
    (out / "2024-Q2" / TINY_SLUG).mkdir(parents=True)  # no period id: never read
    shutil.copy(out / "2024" / TINY_SLUG / "status.json", out / "2024-Q2" / TINY_SLUG / "status.json")
    rows = index._rows()
    assert [(r["slug"], r["period"]) for r in rows] == [
        (TINY_SLUG, "2023"), (TINY_SLUG, "2024-03"), (TINY_SLUG, "2024-q1"), (TINY_SLUG, "2024"),
        ("xa-thu-nghiem", "2024")]
    page = index.render_index(rows)
    assert "<th data-sort>Đơn vị</th><th data-sort>Kỳ báo cáo</th>" in page
    assert 'title="15/12/2023 – 14/03/2024">quý I năm 2024</td>' in page
    assert f'href="2024-03/{TINY_SLUG}/kiem-tra-du-lieu.txt"' in page


def test_an_old_status_without_a_period_is_its_year(tiny_root, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setenv("CCHC_OUTPUT", str(out))
    row = _status(out, "2023", TINY_SLUG)
    for key in ("period", "period_name", "period_start", "period_end"):
        row.pop(key)
    (out / "2023" / TINY_SLUG / "status.json").write_text(json.dumps(row), encoding="utf-8")
    r, = index._rows()
    assert r["period"] == "2023" and ">năm 2023</td>" in index.render_index([r])


# ---- cchc new and cchc validate by period -------------------------------------------------------------

run = run_main  # (exit code, stdout, stderr) of `cchc ARGV` in-process (conftest)


def test_new_makes_the_next_quarter_from_the_last_one(quarters, capsys):
    code, out, err = run(capsys, "new", "--period", "2024-q2", "--unit", TINY_SLUG)
    assert code == 0, err
    assert f"Đã tạo params/2024-q2/{TINY_SLUG}.yaml từ params/2024-q1/{TINY_SLUG}.yaml" in out
    text = (quarters / "params/2024-q2" / f"{TINY_SLUG}.yaml").read_text(encoding="utf-8")
    new = yaml.safe_load(text)
    assert text.startswith("# BẢN NHÁP báo cáo quý II năm 2024")
    assert new["draft"] is True and new["issued_on"] == dt.date(2024, 6, 20) and "period" not in new
    assert "year" not in new  # not written before, not added


def test_new_without_a_period_proposes_each_units_next_one(quarters, capsys):
    write_params(quarters, "2024-08", period_params(issued_on="2024-08-31", period=("2024-08-01", "2024-08-31"),
                                                    narrative=False))
    code, out, err = run(capsys, "new", "--unit", TINY_SLUG)  # its latest report: tháng 8 năm 2024
    assert code == 0, err
    new = yaml.safe_load((quarters / "params/2024-09" / f"{TINY_SLUG}.yaml").read_text(encoding="utf-8"))
    assert new["period"] == {"start": dt.date(2024, 9, 1), "end": dt.date(2024, 9, 30)}  # a month end stays one
    assert new["issued_on"] == dt.date(2024, 9, 30)


def test_new_refuses_a_period_with_no_earlier_one_of_its_kind(quarters, capsys):
    code, _, err = run(capsys, "new", "--period", "2024-6t", "--unit", TINY_SLUG)
    assert code == 1
    assert "Chưa có tham số báo cáo 6 tháng của phường Thử Nghiệm (phuong-thu-nghiem) cho kỳ nào trước 6 tháng " \
           "đầu năm 2024" in err


def test_validate_by_period(quarters, capsys):
    code, out, _ = run(capsys, "validate", "--period", "2024-q1,2024-01", "--unit", TINY_SLUG)
    lines = out.strip().splitlines()
    assert code == 0 and lines[-1] == "2 báo cáo: 2 hợp lệ, 0 có lỗi, 0 cảnh báo", out
    code, out, _ = run(capsys, "validate", "--period", "2024-q2")
    assert code == 1 and "Không tìm thấy báo cáo nào cho kỳ 2024-q2 trong params/ và data/." in out
    (quarters / "params" / "2024-Q2").mkdir()
    code, out, _ = run(capsys, "validate", "--year", "2024")
    assert code == 1 and "LỖI params/2024-Q2, giá trị «2024-Q2»: Thư mục «2024-Q2» trong params/ không phải mã kỳ" \
        in out
    assert discovery.discover(years=[2024]) == [("2024-01", TINY_SLUG), ("2024-q1", TINY_SLUG)]


def test_a_unit_formed_after_the_comparison_period_says_it_did_not_exist(sample_root):
    # xã Nguyễn Nghiêm was formed on 01/07/2025: the same dates of 2024 had no such unit, which is not
    # a missing params file to write.
    up, same, previous = loading.load_report_inputs("xa-nguyen-nghiem", "2025-07-01_2025-12-14")
    assert same is None and previous is None
    said = [p.message for p in up.problems if "so sánh cùng kỳ" in p.message]
    assert said == ["Xã Nguyễn Nghiêm thành lập từ 01/07/2025 nên không có báo cáo từ ngày 01/7/2024 đến ngày "
                    "14/12/2024 để so sánh cùng kỳ."]
