"""Section III's findings derived from the data: strengths (targets met, rates that rose, full
digitisation, no late dossiers, staff meeting their standard) and weaknesses (late dossiers, rates
below their targets or falling, vacant positions …). Thresholds come from params/findings.yaml
(`model.FindingRules`).

Every rate is stated on one base: the on-time rate by the report's formula, and a target is
compared only when its formula (`Target.formula`) has the report's terms (params warns otherwise);
a complement printed beside its rate is 100% minus the printed rate,
and a target names the document that set it — without one it is the unit's own aim.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import citations, fmt
from ..figures import Figure, Rate
from ..figures import formulas as formulas_m
from ..figures.staff import GROUP_NOUNS, StaffStructure
from ..figures.tthc import (TthcSummary, intake_digitisation_rate, on_time_rate, online_share,
                            result_digitisation_rate)
from ..model import FindingRules, Target
from .phrases import Sentence, against, check_comparable

RATE_LABELS = {
    "on_time": "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn",
    "intake_digitisation": "Tỷ lệ số hóa thành phần hồ sơ khi tiếp nhận",
    "result_digitisation": "Tỷ lệ số hóa kết quả giải quyết TTHC",
    "online_share": "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
}


def _rates(t: TthcSummary, basis: str) -> dict[str, Rate]:
    return {"on_time": on_time_rate(t, basis), "intake_digitisation": intake_digitisation_rate(t),
            "result_digitisation": result_digitisation_rate(t), "online_share": online_share(t)}


def complement(rate: Rate) -> Rate:
    """What the rate leaves out, on the same base (its terms may be plain ints in tests)."""
    num, den = rate.pair
    key, label = f"{rate.key}.complement", f"Phần còn lại của {rate.label.lower()}"
    left = Figure(den - num, key=key, label=label, unit=getattr(rate.numerator, "unit", ""),
                  sources=getattr(rate.denominator, "sources", ()))
    return Rate(key, label, left, rate.denominator, f"({rate.formula}) còn lại", rate.base)


def complement_text(rate: Rate) -> str:
    """100% minus the rate as printed, so the two printed figures add up to 100%."""
    return fmt.percent_complement(*rate.pair)


def _label(key: str, rate: Rate) -> str:
    return rate.label if key == "on_time" else RATE_LABELS[key]  # the formula names the on-time rate


def _measured(key: str, rate: Rate, basis_stated: bool) -> str:
    n, d = rate.pair
    base = f", tính {rate.base}" if basis_stated and rate.base else ""
    return f"{_label(key, rate)} đạt {fmt.percent(n, d)} ({fmt.number(n)}/{fmt.number(d)} hồ sơ{base})"


def target_phrase(target: Target, documents: pd.DataFrame | None) -> str:
    """"chỉ tiêu 98% tại Kế hoạch số 12/KH-UBND ngày 05/01/2023 của UBND tỉnh Quảng Ngãi" when a
    document set it; "mục tiêu 98% của đơn vị" otherwise."""
    value = fmt.pct(fmt.exact(target.value) * 100)
    if target.document and documents is not None:
        c = citations.parse(target.document)[0]
        row = citations.find(documents, c.number, c.date_text)
        text = f"{row['loai']} số {str(row['so_ky_hieu']).strip()} ngày {fmt.date_citation(row['ngay_ban_hanh'])}"
        body = row.get("co_quan_ban_hanh")
        if isinstance(body, str) and body.strip():
            text += f" của {body.strip()}"
        return f"chỉ tiêu {value} tại {text}"
    return f"mục tiêu {value} của đơn vị"


def _target_lines(t: TthcSummary, targets: Mapping[str, Target], basis: str,
                  documents: pd.DataFrame | None) -> tuple[list[Sentence], list[Sentence]]:
    met, missed = [], []
    for key, target in targets.items():
        if (key == "on_time" and target.formula is not None
                and not formulas_m.resolve(target.formula).same_terms(formulas_m.resolve(basis))):
            continue  # compared only on the report's own formula
        rate = _rates(t, basis)[key]
        n, d = rate.pair
        if d == 0:
            continue
        head = _measured(key, rate, key == "online_share")  # the on-time base is stated once already
        goal = target_phrase(target, documents)
        if fmt.exact(n) / d >= fmt.exact(target.value):
            met.append(Sentence(f"{head}, đạt {goal}.", (rate,)))
        else:
            missed.append(Sentence(f"{head}, thấp hơn {goal}.", (rate,)))
    return met, missed


def _movement_lines(t: TthcSummary, pairs, basis: str, rules: FindingRules,
                    period=None) -> tuple[list[Sentence], list[Sentence]]:
    """Rates that rose, and rates that fell, by at least the threshold against each comparator of
    `pairs` ((summary, Period), in the order said): one sentence per rate and direction, "Tỷ lệ …
    tăng 6 điểm phần trăm so với quý I năm 2024 (từ 50% lên 56%) và tăng 7 điểm phần trăm so với
    quý II năm 2023 (từ 49% lên 56%)." With `period` (the report's), a comparator of another kind
    raises `phrases.IncomparablePeriods`."""
    rose, fell = [], []
    if not pairs:
        return rose, fell
    for _, comparator in pairs:
        if period is not None:
            check_comparable(period, comparator)
    now = _rates(t, basis)
    befores = [(_rates(previous, basis), comparator) for previous, comparator in pairs]
    for key, rate in now.items():
        if not rate.pair[1]:
            continue
        b = fmt.round_half_up(fmt.exact(rate.numerator) * 100 / rate.pair[1], 2)
        said: dict[bool, list[tuple[str, Rate]]] = {True: [], False: []}
        for before, comparator in befores:
            if not before[key].pair[1]:
                continue
            a = fmt.round_half_up(fmt.exact(before[key].numerator) * 100 / before[key].pair[1], 2)
            if abs(b - a) < fmt.exact(rules.rate_change_points) or a == b:
                continue
            verb, word = ("tăng", "lên") if b > a else ("giảm", "xuống")
            said[b > a].append((f"{verb} {fmt.points(b - a)} {against(comparator, period)} "
                                f"(từ {fmt.pct(a)} {word} {fmt.pct(b)})", before[key]))
        for up, phrases in said.items():
            if phrases:
                text = f"{_label(key, rate)} {' và '.join(p for p, _ in phrases)}."
                (rose if up else fell).append(Sentence(text, (rate, *(r for _, r in phrases))))
    return rose, fell


def _pairs(previous, comparator, comparisons) -> list:
    return [(p, c) for p, c in [(previous, comparator), *comparisons] if p is not None and c is not None]


def strengths(tthc: TthcSummary, staff: StaffStructure, targets: Mapping[str, Target] | None = None,
              basis: str = "received", previous: TthcSummary | None = None, comparator=None,
              rules: FindingRules = FindingRules(), documents: pd.DataFrame | None = None, *,
              comparisons=(), period=None) -> list[Sentence]:
    """What the registers show went well: targets met, rates that rose by the threshold (against
    `previous` of period `comparator` and each (summary, Period) of `comparisons`: the report's
    period before, then the same period a year earlier), full digitisation, no late or overdue
    dossiers, staff meeting their standard. With `period` (the report's), a comparator of another
    kind raises `phrases.IncomparablePeriods`."""
    t = tthc
    met, _ = _target_lines(t, targets or {}, basis, documents)
    rose, _ = _movement_lines(t, _pairs(previous, comparator, comparisons), basis, rules, period)
    out = met + rose
    if t.resolved_total and not t.resolved_late:
        tail = " và không có hồ sơ đang giải quyết quá hạn" if t.pending_total and not t.pending_overdue else ""
        out.append(Sentence(f"Không có hồ sơ giải quyết quá hạn ({fmt.count(t.resolved_total)} hồ sơ đã giải "
                            f"quyết đều trước hạn hoặc đúng hạn){tail}.", (t.resolved_total, t.resolved_late)))
    for rate, what in ((intake_digitisation_rate(t), "được số hóa đầy đủ thành phần hồ sơ khi tiếp nhận"),
                       (result_digitisation_rate(t), "được số hóa kết quả giải quyết")):
        n, d = rate.pair
        if d and n == d:
            out.append(Sentence(f"100% hồ sơ thuộc diện số hóa {what} ({fmt.fraction(n, d)} hồ sơ).", (rate,)))
    cbcc = [staff.groups[c] for c in ("can_bo", "cong_chuc") if staff.groups[c].filled]
    if cbcc and all(g.dat_chuan == g.filled for g in cbcc):
        out.append(Sentence("100% cán bộ, công chức đảm bảo tiêu chuẩn chức danh theo quy định.",
                            tuple(g.dat_chuan for g in cbcc)))
    return out


def findings(tthc: TthcSummary, staff: StaffStructure, targets: Mapping[str, Target] | None = None,
             basis: str = "received", previous: TthcSummary | None = None, comparator=None,
             rules: FindingRules = FindingRules(), documents: pd.DataFrame | None = None, *,
             comparisons=(), period=None) -> list[Sentence]:
    """Weak spots the registers show, as section III sentences: late and overdue dossiers, rates
    below their targets or falling by the threshold (against the comparators, as `strengths`),
    vacant positions, staff not meeting the position standard, staff without political theory
    training, discipline."""
    t = tthc
    out: list[Sentence] = []
    if t.resolved_late:
        rate = on_time_rate(t, basis)
        if rate.pair[1]:
            rest = complement(rate)
            formula = formulas_m.resolve(basis)
            if formula.same_terms(formulas_m.PRESETS["tren-da-giai-quyet"]):  # the complement is exactly the late ones
                out.append(Sentence(f"Còn {fmt.count(t.resolved_late)} hồ sơ giải quyết quá hạn, chiếm "
                                    f"{complement_text(rate)} {rate.base.removeprefix('trên ')}.", (t.resolved_late, rest)))
            else:
                rest_label = ("tỷ lệ hồ sơ chưa giải quyết trước hạn và đúng hạn"
                              if sorted(formula.numerator) == ["dung_han", "truoc_han"] else
                              f"tỷ lệ hồ sơ ngoài nhóm «{rate.label.removeprefix('Tỷ lệ ')}»")
                out.append(Sentence(f"Còn {fmt.count(t.resolved_late)} hồ sơ giải quyết quá hạn; {rest_label} là "
                                    f"{complement_text(rate)} "
                                    f"({fmt.fraction(rest.numerator, rate.pair[1])} hồ sơ, tính {rate.base}).",
                                    (t.resolved_late, rest)))
    if t.pending_overdue:
        out.append(Sentence(f"Có {fmt.count(t.pending_overdue)} hồ sơ đang giải quyết đã quá hạn.", (t.pending_overdue,)))
    _, missed = _target_lines(t, targets or {}, basis, documents)
    _, fell = _movement_lines(t, _pairs(previous, comparator, comparisons), basis, rules, period)
    out += missed + fell

    for g in staff.groups.values():
        noun = GROUP_NOUNS[g.code]
        if g.vacant:
            out.append(Sentence(f"Còn {fmt.count(g.vacant)} vị trí {noun} chưa được bố trí "
                                f"({fmt.fraction(g.filled, g.positions)} vị trí có người).", (g.filled, g.positions)))
        if g.code in ("can_bo", "cong_chuc") and g.filled and g.dat_chuan < g.filled:
            out.append(Sentence(f"Còn {fmt.count(g.filled - g.dat_chuan)} {noun} chưa đảm bảo tiêu chuẩn chức danh "
                                "theo quy định.", (g.filled, g.dat_chuan)))
        untrained = g.levels["ly_luan_chinh_tri"].get("chua_dao_tao", 0)
        if untrained and g.code in ("can_bo", "cong_chuc"):
            out.append(Sentence(f"Còn {fmt.fraction(untrained, g.filled)} {noun} chưa qua đào tạo lý luận chính trị.",
                                (untrained, g.filled)))
    disciplined = [g.discipline for g in staff.groups.values() if g.discipline]
    if disciplined:
        out.append(Sentence(f"Có {fmt.count(sum(int(d) for d in disciplined))} cán bộ, công chức vi phạm và bị "
                            "xem xét kỷ luật.", tuple(disciplined)))
    return out
