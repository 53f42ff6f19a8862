"""Consolidated reports of a parent unit (issue 12, item 1; `cchc.consolidated`): the totals are the
sums of the unit reports' own figures for every column, every child is listed (no params, invalid
data, a unit report that failed), the header is the parent's, the plan's key covers every child's
inputs, the notebooks are thin and shipped; and one real build in a scratch project (HTML + PDF,
status.json, the cache)."""
from __future__ import annotations

import ast
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

import cchc
from cchc import consolidated as cons
from cchc import fmt
from cchc.figures import tthc as tthc_f

from conftest import read_rows, write_rows

CHECKOUT = Path(__file__).resolve().parents[1]
TOWN, PROVINCE = "thi-xa-duc-pho", "tinh-quang-ngai"
OLD_UNITS = ("phuong-nguyen-nghiem", "phuong-pho-hoa", "phuong-pho-minh", "phuong-pho-ninh", "phuong-pho-quang",
             "phuong-pho-thanh", "phuong-pho-van", "phuong-pho-vinh", "xa-pho-an", "xa-pho-chau", "xa-pho-cuong",
             "xa-pho-khanh", "xa-pho-nhon", "xa-pho-phong", "xa-pho-thuan")
NEW_UNITS = ("dac-khu-ly-son", "phuong-duc-pho", "phuong-sa-huynh", "phuong-tra-cau", "xa-khanh-cuong",
             "xa-nguyen-nghiem")
NOTEBOOKS = sorted((CHECKOUT / "notebooks" / "tong-hop").glob("*.ipynb"))


@pytest.fixture(scope="module")
def town_2024():
    rep, problems = cons.build(TOWN, "2024")
    assert rep is not None, [str(p) for p in problems]
    return rep


# ---- the figures ----------------------------------------------------------------------------------

@pytest.mark.fast
def test_totals_equal_the_sums_of_the_unit_reports_for_every_column(town_2024):
    rep = town_2024
    assert [c.slug for c in rep.included] == sorted(OLD_UNITS, key=lambda s: (not s.startswith("phuong"), s))
    formula = rep.formula
    assert formula.key == "tren-da-giai-quyet"  # the thị xã's params choose it for the whole table
    table = rep.table_ii06a_table()
    columns = [k for k, _ in cons.COUNTS]
    sums = {k: 0 for k in columns}
    num = den = 0
    staff_sum = 0
    for child, row in zip(rep.included, table.rows):
        unit = cchc.report(child.slug, "2024")  # each unit's figures computed on their own, through its report
        assert row[0] == unit.unit.title_name
        for key, cell in zip(columns, row[1:]):
            assert cell == int(getattr(unit.tthc, key)), (child.slug, key)
            sums[key] += int(getattr(unit.tthc, key))
        n, d = tthc_f.on_time_rate(unit.tthc, "tren-da-giai-quyet").pair
        assert row[-1] == n / d
        num, den = num + n, den + d
        staff_sum += int(unit.staff.total_people)
    total = table.rows[-1]
    assert total[0] == "Tổng cộng" and table.total_rows == 1
    assert dict(zip(columns, total[1:-1])) == sums  # every column
    assert total[-1] == num / den  # the units' numerators over their denominators, not a mean of rates
    staff = rep.staff_table_data()
    assert staff.rows[-1][staff.columns.index("Tổng số người")] == staff_sum
    # the identities of one unit's figures hold for the sum
    assert sums["received_total"] == (sums["received_online"] + sums["received_in_person"] + sums["received_postal"]
                                      + sums["carried_over"])
    assert sums["resolved_total"] == sums["resolved_early"] + sums["resolved_on_time"] + sums["resolved_late"]
    assert sums["received_total"] == (sums["resolved_total"] + sums["pending_total"] + sums["awaiting_supplement"]
                                      + sums["withdrawn_or_returned"])


@pytest.mark.fast
def test_the_seed_row_of_2023_is_the_seeds_published_figures():
    rep, _ = cons.build(TOWN, "2023")
    seed = next(c for c in rep.included if c.slug == "phuong-nguyen-nghiem")
    # report 227/BC-UBND: 3.956 dossiers, 3.925 resolved before or on the deadline; the 2023 consolidated
    # report states its rate over received (no formula in its params: the default)
    assert seed.figures.counts["received_total"] == 3956
    assert seed.figures.on_time == (3925, 3956)
    assert rep.formula.key == "tren-tiep-nhan"
    frame = rep.table_ii06a()
    seed_row = frame[("Đơn vị", "")] == "Phường Nguyễn Nghiêm"
    assert frame.loc[seed_row, ("Tỷ lệ đúng hạn", "")].item() == "99,22%"
    assert frame.loc[seed_row, ("Tiếp nhận", "Tổng số")].item() == "3.956"
    # each unit's 2023 report ran to its own date in December: the table says its rows are the units' reports
    assert "Số liệu của mỗi đơn vị theo kỳ báo cáo của đơn vị; 15 đơn vị" in frame.attrs["note"]


@pytest.mark.fast
def test_one_formula_stated_once_and_other_formulas_named(town_2024):
    sentence = town_2024.formula_sentence()
    assert "«tren-da-giai-quyet»" in sentence and "đã giải quyết" in sentence
    rep, _ = cons.build(TOWN, "2023")
    assert "Báo cáo riêng của" not in rep.formula_sentence()  # the 2023 units count over received too
    # a unit report on another formula is named: its own report may print another rate
    tweaked = cons.ConsolidatedReport(town_2024.parent, town_2024.params, [
        cons.Child(c.slug, c.name, c.status, c.reason, c.figures.__class__(**{**c.figures.__dict__,
                                                                               "own_formula": "tren-tiep-nhan"}),
                   c.kind) if c.slug == "xa-pho-an" else c for c in town_2024.children])
    assert "Báo cáo riêng của Xã Phổ An tính tỷ lệ theo cách khác" in tweaked.formula_sentence()


@pytest.mark.fast
def test_tables_follow_the_table_contract(town_2024):
    tables = town_2024.tables()
    assert [t.key for t in tables][:4] == ["bieu-ii06a-tong-hop", "doi-ngu-tong-hop", "chi-tieu", "so-sanh-cung-ky"]
    assert tables[-1].key == "don-vi-chua-tong-hop"
    for t in tables:
        assert t.key.isascii() and len(t.columns) == len(t.formats)
        for row in t.rows:
            assert len(row) == len(t.columns)
            for cell, kind in zip(row, t.formats):
                if cell is None:
                    continue
                if kind == "int":
                    assert isinstance(cell, int) and not isinstance(cell, bool)
                elif kind == "percent":
                    assert isinstance(cell, float) and 0 <= cell <= 1
                elif kind == "text":
                    assert isinstance(cell, str)
    ii06a = tables[0]
    assert len(ii06a.rows) == 16 and ii06a.total_rows == 1  # 15 units and the total


@pytest.mark.fast
def test_changes_compare_with_the_same_kind_only(town_2024):
    seed = next(c for c in town_2024.included if c.slug == "phuong-nguyen-nghiem")
    assert seed.figures.comparator == "năm 2023"
    assert seed.figures.previous_received == 3956  # the seed's 2023 report
    assert seed.figures.change_received == "tăng 11,98%"  # 4.430 against 3.956; the column names the year
    frame = town_2024.changes_table()
    assert set(frame["Kỳ so sánh"]) == {"năm 2023"}
    half, _ = cons.build(TOWN, "2024-6t")
    for child in half.included:  # no 6-month report of 2023: nothing to compare with, never the year
        assert child.figures.comparator == "" and child.figures.change_received == ""
    assert half.changes_table() is None
    assert half.changes_prose() == ["Không đơn vị nào có báo cáo 6 tháng đầu năm 2023 (cùng kỳ năm trước) để so sánh."]


@pytest.mark.fast
def test_targets_per_unit():
    fields = cons.unit_status_fields(cchc.report("phuong-pho-thanh", "2024-6t"))
    assert all(set(t) == {"label", "value_text", "target_text", "met"} for t in fields["targets"])
    assert (fields["kind"], fields["parent"]) == ("unit", "thị xã Đức Phổ")
    assert {"label": "Tỷ lệ số hóa kết quả giải quyết TTHC", "value_text": "62,76%", "target_text": "70%",
            "met": False} in fields["targets"]
    for t in fields["targets"]:  # met means the printed result is at least the printed target
        value = float(t["value_text"].rstrip("%").replace(".", "").replace(",", "."))
        target = float(t["target_text"].rstrip("%").replace(",", "."))
        assert t["met"] == (value >= target)


# ---- every child listed ---------------------------------------------------------------------------

@pytest.mark.fast
def test_a_child_without_params_and_one_with_invalid_data_are_listed(sample_root):
    (sample_root / "params" / "2024" / "xa-pho-an.yaml").unlink()
    path = sample_root / "data" / "2024" / "xa-pho-nhon" / "ho-so.csv"
    header, rows = read_rows(path)
    rows[10][header.index("Kênh nộp")] = "Qua Zalo"  # spreadsheet row 12
    write_rows(path, header, rows)
    rep, _ = cons.build(TOWN, "2024", {"xa-pho-cuong": "failed"})
    status = {c.slug: c for c in rep.children}
    assert len(rep.children) == 15 and set(status) == set(OLD_UNITS)  # every child, once
    assert status["xa-pho-an"].status == cons.NO_REPORT
    assert "params/2024/xa-pho-an.yaml" in status["xa-pho-an"].reason
    assert status["xa-pho-nhon"].status == cons.FAILED
    assert "data/2024/xa-pho-nhon/ho-so.csv, dòng 12, cột «Kênh nộp»" in status["xa-pho-nhon"].reason
    assert status["xa-pho-cuong"].status == cons.FAILED and "không dựng được" in status["xa-pho-cuong"].reason
    assert len(rep.included) == 12
    left = rep.left_out_table()
    assert list(left["Đơn vị"]) == ["Xã Phổ An", "Xã Phổ Cường", "Xã Phổ Nhơn"]
    assert list(left["Tình trạng"]) == ["Không có báo cáo", "Lỗi", "Lỗi"]
    coverage = " ".join(rep.coverage_prose())
    assert "15 đơn vị cấp xã" in coverage and "12 đơn vị có báo cáo được tổng hợp" in coverage
    assert "01 đơn vị không có báo cáo năm 2024" in coverage and "02 đơn vị có báo cáo lỗi" in coverage
    assert "Xã Phổ An" not in [row[0] for row in rep.table_ii06a_table().rows]  # left out of the totals
    children = rep.status_fields()["children"]
    assert [(c["slug"], c["status"]) for c in children if c["status"] != cons.INCLUDED] == [
        ("xa-pho-an", "khong_co_bao_cao"), ("xa-pho-cuong", "loi"), ("xa-pho-nhon", "loi")]


# ---- the parent, its children, its header ---------------------------------------------------------

@pytest.mark.fast
def test_children_are_the_units_reporting_to_the_parent_at_the_period_end():
    from cchc.discovery import children, is_parent_slug
    from cchc.period import Period
    from cchc.units import load_units

    units = load_units()
    end_2024 = Period(dt.date(2023, 12, 15), dt.date(2024, 12, 14), "nam")
    half_2025 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 14), "tuy-chon")
    assert {u.slug for u in children(units[TOWN], end_2024, units)} == set(OLD_UNITS)
    assert children(units[TOWN], half_2025, units) == []
    assert {u.slug for u in children(units[PROVINCE], half_2025, units)} == set(NEW_UNITS)
    assert children(units[PROVINCE], end_2024, units) == []  # the thị xã consolidates its own communes
    assert (units[TOWN].code, units[PROVINCE].code) == ("534", "51")
    assert is_parent_slug(TOWN) and is_parent_slug(PROVINCE) and not is_parent_slug("phuong-pho-hoa")


@pytest.mark.fast
def test_the_header_lines_are_the_parents(town_2024):
    head = town_2024.document_header()
    assert (head["authority_upper"], head["unit_upper"]) == ("ỦY BAN NHÂN DÂN", "THỊ XÃ ĐỨC PHỔ")
    assert head["number"] == "Số: 341/BC-UBND"
    assert head["place_date"] == "Đức Phổ, ngày 19 tháng 12 năm 2024"
    assert head["subject"] == ["Tổng hợp kết quả thực hiện công tác cải cách hành chính",
                               "năm 2024 của UBND các xã, phường"]
    assert head["closing"].endswith("Kính báo cáo UBND tỉnh Quảng Ngãi./.")
    assert head["signatory"] == {"authority_line": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Tấn Đức"}
    province, _ = cons.build(PROVINCE, "2025-07-01_2025-12-14")
    head = province.document_header()
    assert head["unit_upper"] == "TỈNH QUẢNG NGÃI" and head["place_date"].startswith("Quảng Ngãi, ngày 19 tháng 12")
    assert head["subject"][1].endswith("của UBND các xã, phường, đặc khu")
    assert {c.slug for c in province.included} == set(NEW_UNITS)
    fields = province.status_fields()
    assert (fields["kind"], fields["parent"], fields["reports_to"]) == ("consolidated", "tỉnh Quảng Ngãi", "")


# ---- the plan -------------------------------------------------------------------------------------

@pytest.mark.fast
def test_the_plan_key_covers_every_childs_inputs(sample_root):
    from cchc.batch.plan import inputs_digest, make_plan

    plans = make_plan(units=[TOWN], periods=["2024-6t"])
    (plan,) = [p for p in plans if p.kind == "consolidated"]
    assert {(p.slug, p.kind) for p in plans if p.kind == "unit"} == {
        ("phuong-nguyen-nghiem", "unit"), ("phuong-pho-thanh", "unit"), ("xa-pho-chau", "unit")}  # built with it
    assert plan.children == sorted(OLD_UNITS, key=lambda s: (not s.startswith("phuong"), s))
    assert [s.path.parent.name for s in plan.sections] == ["tong-hop"] * len(NOTEBOOKS)
    before = inputs_digest(plan)
    for rel in ("params/2024-6t/thi-xa-duc-pho.yaml", "params/2024-6t/xa-pho-chau.yaml",
                "data/2024/xa-pho-chau/ho-so.csv", "data/2023/xa-pho-chau/ho-so.csv",  # a comparator's year
                "params/2024-6t/phuong-pho-hoa.yaml",  # absent: its arrival changes the key
                "params/units.yaml"):
        assert rel in before, rel
    path = sample_root / "data" / "2024" / "xa-pho-chau" / "can-bo.csv"
    path.write_bytes(path.read_bytes() + b"\r\n")
    after = inputs_digest(plan)
    assert [k for k in before if before[k] != after[k]] == ["data/2024/xa-pho-chau/can-bo.csv"]
    # a unit named alone brings no consolidated report; every report of a period brings them all
    assert all(p.kind == "unit" for p in make_plan(units=["xa-pho-chau"], periods=["2024-6t"]))
    assert [p.slug for p in make_plan(periods=["2024"]) if p.kind == "consolidated"] == [TOWN]


# ---- the notebooks --------------------------------------------------------------------------------

@pytest.mark.fast
def test_the_consolidated_notebooks_are_thin_clean_and_shipped():
    assert [p.name for p in NOTEBOOKS] == ["01_pham-vi-tong-hop.ipynb", "02_giai-quyet-tthc.ipynb",
                                           "03_danh-gia-don-vi.ipynb", "04_doi-ngu.ipynb",
                                           "05_don-vi-chua-tong-hop.ipynb", "06_phu-luc.ipynb"]
    patterns = tomllib.loads((CHECKOUT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"][
        "cchc.notebooks"]
    for path in NOTEBOOKS:
        assert any(fnmatch(f"tong-hop/{path.name}", p) for p in patterns), path.name  # in the wheel
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "cchc"
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert not any(c.get("outputs") or c.get("execution_count") for c in code), path.name
        params = [i for i, c in enumerate(code) if "parameters" in c["metadata"].get("tags", [])]
        assert len(params) == 1
        assert "cchc.consolidated.report(unit, period, snapshot=snapshot)" in "".join(code[params[0] + 1]["source"])
        for cell in code:
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Lambda, ast.For, ast.While, ast.If))


# ---- one real build -------------------------------------------------------------------------------

def _scratch_project(root: Path) -> Path:
    """The sample's thị xã for 2024-6t only: its three units' reports and the consolidated one."""
    root.mkdir(parents=True)
    shutil.copy(CHECKOUT / "cchc-project.yaml", root / "cchc-project.yaml")
    (root / "params").mkdir()
    for path in (CHECKOUT / "params").iterdir():  # the shared files (units, findings, profiles, …), no reports
        if path.is_file():
            shutil.copy(path, root / "params" / path.name)
        elif path.name == "profiles":
            shutil.copytree(path, root / "params" / path.name)
    shutil.copytree(CHECKOUT / "params" / "2024-6t", root / "params" / "2024-6t")
    for unit in ("phuong-nguyen-nghiem", "phuong-pho-thanh", "xa-pho-chau"):
        for year in (2023, 2024):
            shutil.copytree(CHECKOUT / "data" / str(year) / unit, root / "data" / str(year) / unit)
    return root


def _cchc(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CCHC_ROOT", "CCHC_OUTPUT", "CCHC_NOTEBOOKS")}
    return subprocess.run([sys.executable, "-m", "cchc.cli", *args, "--no-progress"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=1200)


@pytest.mark.build
def test_a_consolidated_report_is_built_with_its_units(tmp_path):
    root = _scratch_project(tmp_path / "du-an")
    path = root / "data" / "2024" / "xa-pho-chau" / "ho-so.csv"
    header, rows = read_rows(path)
    rows[3][header.index("Kênh nộp")] = "Qua Zalo"  # xã Phổ Châu's report fails on its data
    write_rows(path, header, rows)
    proc = _cchc(root, "build", "--unit", TOWN, "--period", "2024-6t")
    assert proc.returncode == 1, proc.stdout + proc.stderr  # one unit report failed, the rest is built
    assert "4 báo cáo: 3 thành công, 1 lỗi" in proc.stdout
    out = root / "output" / "2024-6t" / TOWN
    assert (out / f"bao-cao-cchc-{TOWN}-2024-6t.pdf").read_bytes()[:5] == b"%PDF-"
    status = json.loads((out / "status.json").read_text(encoding="utf-8"))
    assert (status["status"], status["kind"], status["parent"], status["number"]) == (
        "ok", "consolidated", "thị xã Đức Phổ", "152/BC-UBND")
    by_status = {}
    for child in status["children"]:
        by_status.setdefault(child["status"], []).append(child["slug"])
    assert by_status["tong_hop"] == ["phuong-nguyen-nghiem", "phuong-pho-thanh"]
    assert by_status["loi"] == ["xa-pho-chau"] and len(by_status["khong_co_bao_cao"]) == 12
    units = [json.loads((root / "output" / "2024-6t" / s / "status.json").read_text(encoding="utf-8"))
             for s in ("phuong-nguyen-nghiem", "phuong-pho-thanh")]
    assert [u["kind"] for u in units] == ["unit", "unit"] and units[0]["parent"] == "thị xã Đức Phổ"
    assert status["headline"]["received"] == sum(u["headline"]["received"] for u in units)
    from bs4 import BeautifulSoup

    html = (out / f"bao-cao-cchc-{TOWN}-2024-6t.html").read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    assert "ỦY BAN NHÂN DÂN" in text and "THỊ XÃ ĐỨC PHỔ" in text and "Số: 152/BC-UBND" in text
    assert "Xã Phổ Châu Lỗi dữ liệu đầu vào có lỗi" in text  # listed with its reason, never left out silently
    assert "Phường Phổ Hòa Không có báo cáo" in text
    total = f"Tổng cộng {fmt.number(status['headline']['received'])}"
    assert total in text
    # nothing changed: nothing is run again; one child's register changed: the consolidation is rebuilt
    proc = _cchc(root, "build", "--unit", TOWN, "--period", "2024-6t")
    assert re.search(r"^2024-6t/thi-xa-duc-pho +không đổi", proc.stdout, re.M), proc.stdout
    path = root / "data" / "2024" / "phuong-pho-thanh" / "can-bo.csv"
    path.write_bytes(path.read_bytes() + b"\r\n")
    proc = _cchc(root, "build", "--unit", TOWN, "--period", "2024-6t")
    assert re.search(r"^2024-6t/thi-xa-duc-pho +xong", proc.stdout, re.M), proc.stdout


@pytest.mark.fast
def test_a_childs_build_snapshot_gives_the_same_figures_as_validating_again(tmp_path):
    from cchc import load

    up = load.load("phuong-pho-thanh", "2024-6t")
    snapshot = tmp_path / "inputs.pickle"
    load.save_report_inputs(snapshot, up, *load.load_comparators(up))
    fresh, _ = cons.build(TOWN, "2024-6t")
    reused, _ = cons.build(TOWN, "2024-6t", snapshots={"phuong-pho-thanh": str(snapshot),
                                                      "xa-pho-chau": str(tmp_path / "absent.pickle")})
    assert reused.children == fresh.children
    failed, _ = cons.build(TOWN, "2024-6t", {"phuong-pho-thanh": "failed"},
                           snapshots={"phuong-pho-thanh": str(snapshot)})  # a failed report is never read
    assert next(c for c in failed.children if c.slug == "phuong-pho-thanh").status == cons.FAILED


@pytest.mark.fast
def test_units_are_ranked_by_their_service_index(town_2024):
    from cchc.figures import service_index

    ranking = town_2024.ranking_table_data()
    assert ranking is not None and ranking.key == "xep-hang-chi-so"
    assert sorted(row[1] for row in ranking.rows) == sorted(c.name for c in town_2024.included)  # each unit once
    assert [row[0] for row in ranking.rows] == list(range(1, 16))
    shares = [row[4] for row in ranking.rows]
    assert shares == sorted(shares, reverse=True)
    hoa = next(row for row in ranking.rows if row[1] == "Phường Phổ Hòa")
    index = service_index.compute(cchc.report("phuong-pho-hoa", "2024"))  # the unit's own index
    assert (hoa[2], hoa[3]) == (float(index.total), float(index.max_points))
