"""cchc.discovery: the one listing of unit-years (cchc validate and cchc build) and the previous year."""
from __future__ import annotations

import pytest

from cchc import discovery
from cchc.batch import plan
from conftest import TINY_PARAMS, TINY_SLUG, TINY_YEAR

pytestmark = pytest.mark.fast


@pytest.fixture
def tree(tiny_root):
    """2023 tiny (params + data), 2023 xa-thu-nghiem (data only), 2024 tiny (params only), and noise."""
    (tiny_root / "data" / "2023" / "xa-thu-nghiem").mkdir()
    (tiny_root / "params" / "2024").mkdir()
    (tiny_root / "params" / "2024" / f"{TINY_SLUG}.yaml").write_text(TINY_PARAMS.replace("2023", "2024"),
                                                                     encoding="utf-8")
    (tiny_root / "params" / "2024" / "ghi-chu.txt").write_text("", encoding="utf-8")  # not a .yaml
    (tiny_root / "data" / "2023" / ".cache").mkdir()  # hidden
    (tiny_root / "data" / "cu").mkdir()  # not a year
    (tiny_root / "params" / "20240").mkdir()  # not a year either
    return tiny_root


def test_discover_params_and_data(tree):
    assert discovery.discover() == [(2023, TINY_SLUG), (2023, "xa-thu-nghiem"), (2024, TINY_SLUG)]
    assert discovery.discover(sources=("params",)) == [(2023, TINY_SLUG), (2024, TINY_SLUG)]
    assert discovery.discover(sources=("data",)) == [(2023, TINY_SLUG), (2023, "xa-thu-nghiem")]


def test_discover_filters_take_a_value_or_a_list(tree):
    assert discovery.discover(years=2024) == [(2024, TINY_SLUG)]
    assert discovery.discover(years=["2023"], units="xa-thu-nghiem") == [(2023, "xa-thu-nghiem")]
    assert discovery.discover(units=[TINY_SLUG]) == [(2023, TINY_SLUG), (2024, TINY_SLUG)]
    assert discovery.discover(years=[2031]) == []  # not strict: nothing, no error


def test_strict_discover_names_what_is_missing(tree):
    with pytest.raises(discovery.SelectionError) as err:
        discovery.discover(years=[2031, 2023], sources=("params",), strict=True)
    assert str(err.value) == "không có báo cáo nào cho năm 2031 trong params/"
    with pytest.raises(discovery.SelectionError) as err:
        discovery.discover(units=["xa-thu-nghiem"], sources=("params",), strict=True)
    assert str(err.value) == "không có tham số báo cáo cho đơn vị xa-thu-nghiem trong params/"
    with pytest.raises(discovery.SelectionError) as err:
        discovery.discover(units=["xa-khac"], strict=True)
    assert str(err.value) == "không có báo cáo cho đơn vị xa-khac trong params/ và data/"
    with pytest.raises(ValueError):
        discovery.discover(sources=("output",))


def test_build_plan_lists_the_same_unit_years(tree):
    assert plan.unit_years() == discovery.discover(sources=("params",))
    assert plan.unit_years([2024], [TINY_SLUG]) == [(2024, TINY_SLUG)]
    with pytest.raises(plan.PlanError, match="không có báo cáo nào cho năm 2031 trong params/"):
        plan.unit_years([2031])


def test_previous_year_feeds_load_and_build(tree):
    assert discovery.previous_year(TINY_YEAR) == 2022
    assert discovery.previous_year("2024") == 2023
    # the build re-runs 2024 when 2023's inputs change: they are among 2024's inputs
    inputs = {p.relative_to(tree).as_posix() for p in plan.input_files(2024, TINY_SLUG)}
    assert f"data/2023/{TINY_SLUG}/ho-so.csv" in inputs and f"params/2023/{TINY_SLUG}.yaml" in inputs


def test_empty_root(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_ROOT", str(tmp_path))
    assert discovery.discover() == []
