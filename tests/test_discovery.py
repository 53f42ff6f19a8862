"""cchc.discovery: the one listing of reports (unit, period) for cchc validate and cchc build, names on
disk that are no period or unit, and the reports a report compares with."""
from __future__ import annotations

import pytest

from cchc import discovery
from cchc.batch import plan
from cchc.period import Calendar, parse_id
from conftest import TINY_PARAMS, TINY_SLUG, TINY_YEAR

pytestmark = pytest.mark.fast


@pytest.fixture
def tree(tiny_root):
    """2023 tiny (params + data), 2023 xa-thu-nghiem (data only), 2024 and 2024-q1 tiny (params only),
    and noise: a non-yaml file, a hidden folder, folders that are no year or period."""
    (tiny_root / "data" / "2023" / "xa-thu-nghiem").mkdir()
    for pid in ("2024", "2024-q1"):
        (tiny_root / "params" / pid).mkdir()
        (tiny_root / "params" / pid / f"{TINY_SLUG}.yaml").write_text(TINY_PARAMS.replace("2023", "2024"),
                                                                      encoding="utf-8")
    (tiny_root / "params" / "2024" / "ghi-chu.txt").write_text("", encoding="utf-8")  # not a .yaml
    (tiny_root / "data" / "2023" / ".cache").mkdir()  # hidden
    (tiny_root / "data" / "cu").mkdir()  # not a year: data/ may hold the office's own folders
    return tiny_root


def test_discover_params_and_data(tree):
    assert discovery.discover() == [("2023", TINY_SLUG), ("2023", "xa-thu-nghiem"), ("2024-q1", TINY_SLUG),
                                    ("2024", TINY_SLUG)]  # chronologically: quý I ends before the year
    assert discovery.discover(sources=("params",)) == [("2023", TINY_SLUG), ("2024-q1", TINY_SLUG),
                                                       ("2024", TINY_SLUG)]
    # data/2023/phuong-thu-nghiem is read by its 2023 report (and by 2024-q1: BNV's quý I starts on
    # 15/12/2023): only the folder no report reads is listed, under its year
    assert discovery.discover(sources=("data",)) == [("2023", "xa-thu-nghiem")]


def test_discover_filters_take_a_value_or_a_list(tree):
    assert discovery.discover(years=2024) == [("2024-q1", TINY_SLUG), ("2024", TINY_SLUG)]  # every period of 2024
    assert discovery.discover(periods="2024-q1") == [("2024-q1", TINY_SLUG)]
    assert discovery.discover(periods=["2024-q1,2023"], units=TINY_SLUG) == [("2023", TINY_SLUG),
                                                                             ("2024-q1", TINY_SLUG)]
    assert discovery.discover(years=[2023], periods=[2024]) == [("2023", TINY_SLUG), ("2023", "xa-thu-nghiem"),
                                                               ("2024", TINY_SLUG)]  # either matches
    assert discovery.discover(years=["2023"], units="xa-thu-nghiem") == [("2023", "xa-thu-nghiem")]
    assert discovery.discover(years=[2031]) == []  # not strict: nothing, no error
    with pytest.raises(ValueError, match="mã kỳ báo cáo «2024-Q1» không hợp lệ"):
        discovery.discover(periods=["2024-Q1"])


def test_strict_discover_names_what_is_missing(tree):
    with pytest.raises(discovery.SelectionError) as err:
        discovery.discover(years=[2031, 2023], sources=("params",), strict=True)
    assert str(err.value) == "không có báo cáo nào cho năm 2031 trong params/"
    with pytest.raises(discovery.SelectionError) as err:
        discovery.discover(periods=["2024-q2", "2024-q1"], sources=("params",), strict=True)
    assert str(err.value) == "không có báo cáo nào cho kỳ quý II năm 2024 (2024-q2) trong params/"
    with pytest.raises(discovery.SelectionError) as err:
        discovery.discover(units=["xa-thu-nghiem"], sources=("params",), strict=True)
    assert str(err.value) == "không có tham số báo cáo cho đơn vị xa-thu-nghiem trong params/"
    with pytest.raises(discovery.SelectionError) as err:
        discovery.discover(units=["xa-khac"], strict=True)
    assert str(err.value) == "không có báo cáo cho đơn vị xa-khac trong params/ và data/"
    with pytest.raises(ValueError):
        discovery.discover(sources=("output",))


@pytest.mark.parametrize("name", ["20240", "2024-Q1", "2024-13", "quy-1", "2024 q1", "2024-01-01_2023-01-01"])
def test_a_folder_that_is_no_period_is_a_problem_never_a_path(tree, name):
    folder = tree / "params" / name
    folder.mkdir()
    (folder / f"{TINY_SLUG}.yaml").write_text(TINY_PARAMS, encoding="utf-8")
    listed = discovery.discover()
    assert all(pid != name for pid, _ in listed)
    problem, = discovery.folder_problems()
    assert problem.is_error and problem.file == f"params/{name}" and problem.value == name
    assert "không phải mã kỳ báo cáo" in problem.message and "2024-q1" in problem.message


def test_a_file_or_data_folder_that_is_no_slug_is_a_problem(tree):
    (tree / "params" / "2024" / "Phuong A.yaml").write_text(TINY_PARAMS, encoding="utf-8")
    (tree / "data" / "2023" / "phuong_b").mkdir()
    assert {p.value for p in discovery.folder_problems()} == {"Phuong A.yaml", "phuong_b"}
    assert all("phuong_b" not in s and "Phuong" not in s for _, s in discovery.discover())


def test_build_plan_lists_the_same_reports(tree):
    assert plan.reports() == discovery.discover(sources=("params",))
    assert plan.reports([2024], [TINY_SLUG]) == [("2024-q1", TINY_SLUG), ("2024", TINY_SLUG)]
    with pytest.raises(plan.PlanError, match="không có báo cáo nào cho năm 2031 trong params/"):
        plan.reports([2031])
    with pytest.raises(plan.PlanError, match="mã kỳ báo cáo «abc» không hợp lệ"):
        plan.reports(periods=["abc"])


@pytest.mark.parametrize("pid, same, previous", [
    ("2024", "2023", None), ("2024-6t", "2023-6t", None), ("2024-9t", "2023-9t", None),
    ("2024-q1", "2023-q1", "2023-q4"), ("2024-q3", "2023-q3", "2024-q2"),
    ("2024-01", "2023-01", "2023-12"), ("2024-08", "2023-08", "2024-07"),
    ("2025-07-01_2025-10-31", "2024-07-01_2024-10-31", None),
])
def test_comparators_are_of_the_same_kind(pid, same, previous):
    for calendar in (Calendar(), Calendar(1), Calendar(15, 21)):
        p = parse_id(pid, calendar)
        assert discovery.comparators(p) == (same, previous)
        for other in filter(None, (same, previous)):
            assert p.comparable_with(parse_id(other, calendar))


def test_a_period_reads_every_year_it_spans():
    assert discovery.data_years(parse_id("2024")) == [2023, 2024]  # BNV: 15/12/2023 – 14/12/2024
    assert discovery.data_years(parse_id("2024", Calendar(1))) == [2024]
    assert discovery.data_years(parse_id("2024-q3")) == [2024]
    assert discovery.data_years(parse_id("2024-01", Calendar(1, 21))) == [2023, 2024]  # 21/12/2023 – 20/01/2024


def test_the_build_reruns_a_report_when_a_comparator_changes(tree):
    # 2024-q1 compares with 2023-q1 and 2023-q4; the 2024 report with 2023, whose inputs are its inputs
    inputs = {p.relative_to(tree).as_posix() for p in plan.input_files(2024, TINY_SLUG)}
    assert f"data/{TINY_YEAR}/{TINY_SLUG}/ho-so.csv" in inputs and f"params/{TINY_YEAR}/{TINY_SLUG}.yaml" in inputs
    assert f"params/2024-q1/{TINY_SLUG}.yaml" not in inputs


def test_empty_root(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_ROOT", str(tmp_path))
    assert discovery.discover() == []
    assert discovery.folder_problems() == []
