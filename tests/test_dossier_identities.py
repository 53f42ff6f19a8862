"""The identities of the per-period dossier figures (issue 9), as properties over random registers
(hypothesis): total = carried over + new = resolved + pending + withdrawn + returned + awaiting;
what an adjacent next period carries over is exactly what was still open; the months' new
dossiers add up to the year's with the same cut-offs; the fell-due figures stay within their
bounds; every count is the number of rows its sources list. And the same on the shipped sample."""
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.figures import tthc
from cchc.period import Period
from cchc.schema import ROW_INDEX_NAME, SOURCE_FILE
from conftest import E2E_UNITS, E2E_YEARS

pytestmark = pytest.mark.fast

# Quick and deterministic: no example database written, no deadline flakiness on a slow machine.
QUICK = settings(max_examples=120, deadline=None, database=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])

BASE = date(2023, 10, 1)  # registers span 10/2023 – early 2025: BNV 2024 starts on 15/12/2023
STATUSES = ("da_giai_quyet", "dang_giai_quyet", "rut", "tra_lai", "cho_bo_sung")
CHANNELS = ("truc_tuyen", "truc_tiep", "buu_chinh")


@st.composite
def dossier(draw):
    received = BASE + timedelta(days=draw(st.integers(0, 460)))
    due = received + timedelta(days=draw(st.integers(0, 45)))
    status = draw(st.sampled_from(STATUSES))
    closed = None
    if status == "da_giai_quyet" or (status in ("rut", "tra_lai") and draw(st.booleans())):
        closed = received + timedelta(days=draw(st.integers(0, 70)))  # a withdrawn one may lack its date
    return (received, due, closed, status, draw(st.sampled_from(CHANNELS)), draw(st.booleans()))


registers = st.lists(dossier(), min_size=0, max_size=40)


def frame(rows, file: str | None = None) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["ngay_tiep_nhan", "han_giai_quyet", "ngay_co_ket_qua", "trang_thai", "kenh",
                                     "thanh_toan_truc_tuyen"])
    for c in ("ngay_tiep_nhan", "han_giai_quyet", "ngay_co_ket_qua"):
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
    df["thanh_toan_truc_tuyen"] = df["thanh_toan_truc_tuyen"].astype(bool)
    df["ma_ho_so"] = [f"H{i}" for i in range(len(df))]
    df["linh_vuc"], df["thu_tuc"] = "Hộ tịch", "Thủ tục"
    for c in ("tiep_nhan_chi_tiet", "dien_so_hoa_tphs", "da_so_hoa_tphs", "dien_so_hoa_ket_qua", "da_so_hoa_ket_qua"):
        df[c] = False
    df["so_tien_thanh_toan"] = 0
    df.index = pd.Index(range(2, len(df) + 2), name=ROW_INDEX_NAME)  # spreadsheet rows, header = 1
    if file:
        df[SOURCE_FILE] = file
    return df


def span(start: date, end: date) -> Period:
    return Period(start, end, "tuy-chon", 1)


days = st.integers(0, 430)


def _rows(figure) -> set[tuple[str, int]]:
    return {(s.file, r) for s in figure.sources for r in s.rows}


@QUICK
@given(registers, days, st.integers(0, 200))
def test_total_is_carried_plus_new_and_every_status(rows, first, length):
    p = span(BASE + timedelta(days=first), BASE + timedelta(days=first + length))
    s = tthc.summary(frame(rows), p)
    assert tthc.identity_problems(s) == []
    total = int(s.received_total)
    assert total == int(s.carried_over) + int(s.received_new)
    assert total == sum(int(x) for x in (s.resolved_total, s.pending_total, s.withdrawn, s.returned,
                                          s.awaiting_supplement))
    # each count is the number of rows it names, and the parts are disjoint rows of the whole
    parts = (s.resolved_total, s.pending_total, s.withdrawn, s.returned, s.awaiting_supplement)
    assert all(len(_rows(f)) == int(f) for f in parts + (s.received_total, s.carried_over, s.received_new))
    assert set().union(*map(_rows, parts)) == _rows(s.received_total)


@QUICK
@given(registers, days, st.integers(0, 120), st.integers(0, 120))
def test_the_next_adjacent_period_carries_over_what_was_still_open(rows, first, len1, len2):
    s1, e1 = BASE + timedelta(days=first), BASE + timedelta(days=first + len1)
    e2 = e1 + timedelta(days=1 + len2)
    df = frame(rows)
    a, b = tthc.summary(df, span(s1, e1)), tthc.summary(df, span(e1 + timedelta(days=1), e2))
    assert int(b.carried_over) == int(a.pending_total) + int(a.awaiting_supplement)
    assert _rows(b.carried_over) == _rows(a.pending_total) | _rows(a.awaiting_supplement)  # the same dossiers


@settings(QUICK, max_examples=50)  # thirteen summaries an example
@given(registers, st.sampled_from((15, 1)))
def test_the_months_new_dossiers_add_up_to_the_years(rows, start_day):
    df = frame(rows)
    year = tthc.summary(df, Period.of("nam", 2024, start_day=start_day))
    months = [tthc.summary(df, Period.of("thang", 2024, m, start_day)) for m in range(1, 13)]
    assert sum(int(m.received_new) for m in months) == int(year.received_new)
    assert sum(int(m.received_online) for m in months) == int(year.received_online)
    # the first month carries over what the year carries over
    assert int(months[0].carried_over) == int(year.carried_over)


@QUICK
@given(registers, days, st.integers(0, 200))
def test_fell_due_figures_stay_within_their_bounds(rows, first, length):
    p = span(BASE + timedelta(days=first), BASE + timedelta(days=first + length))
    s = tthc.summary(frame(rows), p)
    assert 0 <= int(s.due_resolved_in_time) <= int(s.due_in_period) <= int(s.received_total)
    assert int(s.due_resolved_in_time) <= int(s.resolved_early) + int(s.resolved_on_time)
    assert _rows(s.due_resolved_in_time) <= _rows(s.due_in_period) & _rows(s.resolved_total)
    for preset in ("tren-tiep-nhan", "tren-da-giai-quyet", "tren-den-han", "qd766", "trung-tam-tp"):
        num, den = tthc.on_time_rate(s, preset).pair
        assert 0 <= num <= den


@QUICK
@given(registers, registers, days, st.integers(0, 200))
def test_two_files_count_as_their_union_and_keep_their_own_rows(rows1, rows2, first, length):
    p = span(BASE + timedelta(days=first), BASE + timedelta(days=first + length))
    one, two = frame(rows1, "data/2023/x/ho-so.csv"), frame(rows2, "data/2024/x/ho-so.csv")
    s1, s2, both = tthc.summary(one, p), tthc.summary(two, p), tthc.summary(pd.concat([one, two]), p)
    for name in ("received_total", "carried_over", "resolved_total", "pending_total", "withdrawn", "due_in_period"):
        whole = getattr(both, name)
        assert int(whole) == int(getattr(s1, name)) + int(getattr(s2, name))
        assert _rows(whole) == _rows(getattr(s1, name)) | _rows(getattr(s2, name))
    files = ["data/2023/x/ho-so.csv"] * bool(rows1) + ["data/2024/x/ho-so.csv"] * bool(rows2)  # files with rows
    assert [s.file for s in both.received_total.sources] == (files or [""])


@pytest.fixture(scope="module")
def sample_reports():
    import cchc
    from cchc.discovery import discover

    return {(year, slug): cchc.report(slug, year) for year, slug in discover()}


def test_the_identities_hold_on_every_sample_report(sample_reports):
    assert len(sample_reports) >= 30
    for key, report in sample_reports.items():
        assert tthc.identity_problems(report.tthc) == [], key
        assert all(c.passed for c in report.checks), (key, [c for c in report.checks if not c.passed])


def _months_of(period) -> list[Period]:
    """The period cut at the first of each month: adjacent pieces covering it exactly."""
    pieces, start = [], period.start
    while start <= period.end:
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        pieces.append(span(start, min(nxt - timedelta(days=1), period.end)))
        start = nxt
    return pieces


@pytest.mark.parametrize("slug", E2E_UNITS)
@pytest.mark.parametrize("year", E2E_YEARS)
def test_a_sample_period_cut_into_months_adds_up_and_carries_over(sample_reports, year, slug):
    report = sample_reports[(str(year), slug)]  # discover() lists (period id, slug)
    pieces = [tthc.summary(report.uy.dossiers, p) for p in _months_of(report.period)]
    assert len(pieces) >= 2
    assert sum(int(p.received_new) for p in pieces) == int(report.tthc.received_new)
    assert int(pieces[0].carried_over) == int(report.tthc.carried_over)
    assert int(pieces[-1].open_at_end) == int(report.tthc.open_at_end)
    for before, after in zip(pieces, pieces[1:]):
        assert int(after.carried_over) == int(before.open_at_end)
        assert _rows(after.carried_over) == _rows(before.pending_total) | _rows(before.awaiting_supplement)
