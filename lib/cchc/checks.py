"""Quality checks shown to reviewers in the appendix: every identity the report's figures must
satisfy, each stating the figures on both sides so a reviewer sees at once where a mismatch is."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from . import fmt
from .figures import documents as docs
from .figures.staff import DIMENSIONS, GROUP_NOUNS, StaffStructure
from .figures import formulas as formulas_m
from .figures.tthc import (TthcSummary, bounds, identities, on_time_rate, online_payment_share, pending_share,
                           withdrawn_returned_share)


@dataclass(frozen=True)
class Check:
    name: str  # Vietnamese: what is verified
    passed: bool
    detail: str  # Vietnamese: the figures on both sides


def _n(x: int) -> str:
    return fmt.number(x)


def _sum_check(name: str, total: int, parts: list[tuple[str, int]], total_label: str) -> Check:
    got = sum(n for _, n in parts)
    detail = (f"{total_label} {_n(total)} {'=' if got == total else '≠'} "
              + " + ".join(f"{label} {_n(n)}" for label, n in parts)
              + ("" if got == total else f" (= {_n(got)})"))
    return Check(name, got == total, fmt.nfc(detail))


def _rate_check(name: str, num: int, den: int, num_label: str, den_label: str) -> Check:
    if den == 0:
        return Check(name, num == 0, fmt.nfc(f"{num_label} {_n(num)} / {den_label} 0: không có cơ sở để tính tỷ lệ"))
    ok = 0 <= num <= den
    rel = "≤" if ok else ">"
    return Check(name, ok, fmt.nfc(f"{name} = {_n(num)} / {_n(den)} = {fmt.percent(num, den)} "
                                   f"({num_label} {rel} {den_label})"))


# How a formula's side reads after "hồ sơ" in a check: the legacy presets keep their words.
_SIDE_LABELS = {("dung_han", "truoc_han"): "trước hạn và đúng hạn", ("tong_phai_giai_quyet",): "tiếp nhận",
                ("da_giai_quyet",): "đã giải quyết", ("den_han_trong_ky",): "đến hạn trong kỳ",
                ("den_han_dung_han",): "đến hạn trong kỳ đã giải quyết trước hạn, đúng hạn"}


def _side_label(terms: tuple[str, ...]) -> str:
    key = tuple(sorted(terms))
    if key in _SIDE_LABELS:
        return _SIDE_LABELS[key]
    return " + ".join(formulas_m.TERMS[t][1].removeprefix("số hồ sơ ").removeprefix("tổng số hồ sơ ")
                      for t in terms)


_NO_QPPL = re.compile(r"không\s+ban\s+hành\s+(?:bất kỳ\s+|một\s+)?văn\s+bản\s+(?:QPPL|quy\s+phạm\s+pháp\s+luật)",
                      re.IGNORECASE)


def consistency_checks(tthc: TthcSummary, staff: StaffStructure, documents: pd.DataFrame, period,
                       narrative: Iterable[str] = (), basis="received",
                       stated_total_staff: int | None = None) -> list[Check]:
    """Every identity the report's figures must satisfy, with each rate's base.

    `basis`: the report's on-time formula (a `figures.formulas.Formula`, a preset or legacy
    basis name); its check states the formula's base.
    `narrative`: the analysts' paragraphs (already placeholder-resolved); a statement there that
    no QPPL was issued is checked against the register (the seed's contradiction).
    `stated_total_staff`: a staff total typed somewhere (e.g. a previous report) to compare with."""
    t = tthc
    out = [_sum_check(name, total, parts, total_label) for name, total_label, total, parts in identities(t)]
    formula = formulas_m.resolve(basis)
    num, den = on_time_rate(t, formula).pair
    out.append(_rate_check("Tỷ lệ giải quyết trước hạn và đúng hạn", num, den,
                           "hồ sơ " + _side_label(formula.numerator), "hồ sơ " + _side_label(formula.denominator)))
    out.append(_rate_check("Tỷ lệ số hóa TPHS", t.intake_digitised, t.intake_digitisation_base,
                           "hồ sơ có số hóa TPHS", "hồ sơ thuộc diện số hóa"))
    out.append(_rate_check("Tỷ lệ số hóa kết quả", t.result_digitised, t.result_digitisation_base,
                           "hồ sơ có số hóa kết quả", "hồ sơ đã giải quyết thuộc diện số hóa"))
    out.append(Check("Hồ sơ thuộc diện số hóa kết quả ≤ hồ sơ đã giải quyết",
                     t.result_digitisation_base <= t.resolved_total,
                     f"{_n(t.result_digitisation_base)} / {_n(t.resolved_total)}"))
    for name, part, whole, part_label, whole_label in bounds(t):
        ok = 0 <= int(part) <= int(whole)
        out.append(Check(name, ok, fmt.nfc(f"{part_label} {_n(part)} {'≤' if ok else '>'} {whole_label} {_n(whole)}")))
    for rate, num_label, den_label in ((pending_share(t), "hồ sơ đang giải quyết", "hồ sơ tiếp nhận"),
                                       (withdrawn_returned_share(t), "hồ sơ rút, trả lại", "hồ sơ tiếp nhận"),
                                       (online_payment_share(t), "hồ sơ có phí thanh toán trực tuyến",
                                        "hồ sơ có thu phí, lệ phí")):
        if rate is not None and rate.pair[1]:
            out.append(_rate_check(rate.label, *rate.pair, num_label, den_label))

    # Staff: the groups make the total; each dimension covers every person of its group.
    groups = list(staff.groups.values())
    vacant = sum(g.vacant for g in groups)
    people_rows = staff.roster_rows - vacant
    out.append(_sum_check("Tổng số CBCC = cán bộ + công chức + người hoạt động không chuyên trách",
                          people_rows, [(GROUP_NOUNS[g.code], g.filled) for g in groups],
                          "số người trong danh sách"))
    if stated_total_staff is not None:
        out.append(Check("Tổng số CBCC khớp với số đã nêu", stated_total_staff == staff.total_people,
                         f"đã nêu {_n(stated_total_staff)}; theo danh sách {_n(staff.total_people)}"))
    for g in groups:
        if g.filled == 0:
            continue
        for dim, (title, _) in DIMENSIONS.items():
            counted = sum(g.levels[dim].values())
            if counted == 0:
                continue  # not reported for this group (the seed gives no LLCT for non-specialised staff)
            ok = counted == g.filled
            out.append(Check(
                f"{title} của {GROUP_NOUNS[g.code]}: tổng các mức = số người",
                ok,
                fmt.nfc(f"{_n(counted)} {'=' if ok else '≠'} {_n(g.filled)} người"
                        + ("" if ok else f" ({_n(g.filled - counted)} người chưa có thông tin)")),
            ))

    # QPPL: the register decides; the narrative must not contradict it.
    issued = docs.qppl_issued(documents, period)
    n = len(issued)
    contradicting = [p for p in narrative if _NO_QPPL.search(fmt.nfc(p))] if n else []
    out.append(Check(
        "Nội dung về văn bản QPPL khớp với sổ văn bản",
        not contradicting,
        fmt.nfc(f"Sổ văn bản: {fmt.count(n)} văn bản QPPL ban hành trong kỳ"
                + (f"; phần thuyết minh lại ghi «không ban hành văn bản QPPL»: «{contradicting[0][:120]}»"
                   if contradicting else "")),
    ))
    return out
