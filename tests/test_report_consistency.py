"""Scan every report of the sample as printed: rates and their complements add up on one base,
and every printed change equals the difference of the printed figures (issue 8)."""
import re
from decimal import Decimal

import pytest

import cchc
from cchc import paths
from cchc import fmt
from cchc.discovery import discover
from cchc.figures import Rate, figures_of

pytestmark = pytest.mark.fast

RATE_LINE = re.compile(r"(Tỷ lệ [^:()]+): ([\d.,]+)%")
FROM_TO = re.compile(r"(tăng|giảm) ([\d.,]+) điểm phần trăm so với [^(]+\(từ ([\d.,]+)% (?:lên|xuống) ([\d.,]+)%\)")


def _num(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


@pytest.fixture(scope="module")
def reports():
    return {(y, s): cchc.report(s, y) for y, s in discover()}


def _printed(rep) -> list[str]:
    return [str(s) for name in rep.PRINTED for s in getattr(rep, name)()]


def test_the_sample_has_reports_to_scan(reports):
    # every params file of the sample is a report (issue 9: several periods a year, and 2025's units)
    params = [p for p in paths.params_dir().glob("*/*.yaml") if p.parent.name != "profiles"]
    assert len(reports) == len(params) > 30
    kinds = {rep.period.kind for rep in reports.values()}
    assert {"nam", "q1", "6t", "q3", "thang", "tuy-chon"} <= kinds


def test_every_complement_adds_up_with_its_printed_rate_on_one_base(reports):
    pairs = 0
    for key, rep in reports.items():
        sentences = [s for name in rep.PRINTED for s in getattr(rep, name)()]
        rates = [f for f in figures_of(sentences) if isinstance(f, Rate)]
        for comp in (r for r in rates if r.key.endswith(".complement")):
            primary = next(r for r in rates if r.key == comp.key.removesuffix(".complement"))
            assert primary.denominator == comp.denominator, key  # one base
            shown = next(s for s in sentences if comp in s.figures)
            printed_primary = _num(fmt.percent(*primary.pair)[:-1])
            printed_comp = _num(re.search(r"là ([\d,]+)%|chiếm ([\d,]+)%", shown).group(1) or
                                re.search(r"chiếm ([\d,]+)%", shown).group(1))
            assert printed_primary + printed_comp == 100, (key, shown)
            assert primary.label in " ".join(map(str, sentences))  # the rate itself is printed too
            pairs += 1
    assert pairs >= 20  # most sample units resolved some dossier late


def test_every_printed_change_is_the_difference_of_printed_figures(reports):
    """Against each comparator the report names (the period before, then the same period a year
    earlier): a change of a rate is the printed rate minus the comparator's as its own report
    printed it, or as the sentence restates it when that report used another formula."""
    checked = 0
    for (pid, slug), rep in reports.items():
        for comparator in (rep.period_comparator, rep.comparator):
            if comparator is None:
                continue
            earlier = _printed(reports[(comparator.id, slug)])  # the comparator's own report, as printed
            before = {m.group(1): _num(m.group(2)) for line in earlier for m in RATE_LINE.finditer(line)}
            before_counts = {m.group(1): _num(m.group(2)) for line in earlier
                             for m in [re.match(r"^(Số lượng hồ sơ tiếp nhận): ([\d.]+) hồ sơ", line)] if m}
            name = re.escape(comparator.name)
            rate_change = re.compile(rf"(Tỷ lệ [^:()]+): ([\d.,]+)%[^;]*?(?:, | và )(tăng|giảm) ([\d.,]+) điểm phần "
                                     rf"trăm so với {name}(?!\d)(?: \(theo cùng cách tính, {name} đạt ([\d.,]+)%\))?")
            count_change = re.compile(rf"^(Số lượng hồ sơ tiếp nhận): ([\d.]+) hồ sơ, (?:[^(]*? và )?(tăng|giảm) "
                                      rf"([\d.,]+)% so với {name}(?!\d)")
            for line in _printed(rep):
                for label, now, verb, diff, restated in rate_change.findall(line):
                    sign = 1 if verb == "tăng" else -1
                    was = _num(restated) if restated else before[label]
                    assert _num(now) - was == sign * _num(diff), (pid, slug, line)
                    checked += 1
                m = count_change.match(line)
                if m:
                    now, prev = _num(m.group(2)), before_counts[m.group(1)]
                    rel = fmt.round_half_up(fmt.exact(now - prev) * 100 / fmt.exact(prev), 2)
                    assert abs(rel) == _num(m.group(4)) and (rel > 0) == (m.group(3) == "tăng"), (pid, slug, line)
                    checked += 1
        for line in _printed(rep):
            for verb, diff, a, b in FROM_TO.findall(line):
                assert _num(b) - _num(a) == (1 if verb == "tăng" else -1) * _num(diff), (slug, line)
                checked += 1
    assert checked >= 15 * 3  # 15 units compared with last year, several changes each
