"""Section II.2 in words: the TTHC results list of the seed, built from `figures.tthc` Figures."""
from __future__ import annotations

from .. import fmt
from ..figures import Figure, Rate
from ..figures import formulas as formulas_m
from ..figures.tthc import (TthcSummary, intake_digitisation_rate, on_time_rate, online_payment_share, online_share,
                            pending_share, result_digitisation_rate, withdrawn_returned_share)
from .phrases import Sentence, change, changes


def _parts(pairs) -> str:
    """"Trực tuyến: 2.315; Trực tiếp: 1.635" with zero parts left out."""
    return "; ".join(f"{label}: {fmt.count(n)}" for label, n in pairs if n)


def _with_parts(head: str, pairs) -> str:
    parts = _parts(pairs)
    return f"{head} (Trong đó: {parts})" if parts else head


def _compared(previous, comparator, comparisons) -> list[tuple[TthcSummary, object]]:
    """The (summary, Period) pairs to compare with, in the order said: `(previous, comparator)`
    then `comparisons`; a pair missing either is left out."""
    return [(p, c) for p, c in [(previous, comparator), *comparisons] if p is not None and c is not None]


def _rate_changes(now: Rate, befores, period, restate=()) -> str:
    """", tăng 3,2 điểm phần trăm so với quý I năm 2024 và …" against every (Rate, Period) whose rate has a
    base; "" when none has. A comparator in `restate` (its own report printed the rate by another
    formula) has its rate by this one said: "giảm 0,03 điểm phần trăm so với năm 2023 (theo cùng
    cách tính, năm 2023 đạt 99,67%)", so the change is the difference of figures the sentence prints."""
    said = []
    for before, comparator in befores:
        if not before.pair[1]:
            continue
        phrase = change(now, before, comparator, kind="rate", period=period)
        if comparator in restate:
            phrase += f" (theo cùng cách tính, {comparator.name} đạt {fmt.percent(*before.pair)})"
        said.append(phrase)
    return ", " + " và ".join(said) if said else ""


def _digitisation_line(head: str, labels: tuple[str, str, str], now: Rate, befores, period=None,
                       tail: str = "") -> str:
    """"<head> (<base label>: N hồ sơ; <done label>: M hồ sơ; <rate label>: R%[, changes]<tail>)";
    `befores`: (Rate, Period) pairs of the comparators."""
    done, base = now.pair
    text = (f"{head} ({labels[0]}: {fmt.count(base)} hồ sơ; {labels[1]}: {fmt.count(done)} hồ sơ; "
            f"{labels[2]}: {fmt.percent(done, base)}")
    return text + _rate_changes(now, befores, period) + tail + ")"


def heading(period) -> str:
    """"Kết quả giải quyết TTHC từ đầu năm đến nay (01/01/2023 – 06/12/2023)"."""
    return period.results_heading


def on_time_sentence(s: TthcSummary, basis="received", previous: TthcSummary | None = None,
                     comparator=None, *, comparisons=(), period=None, restate=()) -> Sentence:
    """"Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn: 99,22% (3.925/3.956 hồ sơ, tính trên tổng số
    hồ sơ tiếp nhận)" — the base always stated; with `previous` and its period `comparator`, and
    the (summary, Period) pairs of `comparisons`, the change in points against each, by the same
    formula. `basis`: the report's formula (a `figures.formulas.Formula`, a preset or legacy basis
    name). With `period` (the report's), a comparator of another kind raises
    `phrases.IncomparablePeriods`. `restate`: the comparator periods whose own reports used another
    formula; their rate by this one is said beside the change."""
    rate = on_time_rate(s, basis)
    num, den = rate.pair
    if den == 0:
        return Sentence(f"Chưa có hồ sơ để tính {rate.label[:1].lower()}{rate.label[1:]}.", (rate,))
    text = (f"{rate.label}: {fmt.percent(num, den)} ({fmt.fraction(num, den)} hồ sơ, tính {rate.base})")
    befores = [(on_time_rate(p, basis), c) for p, c in _compared(previous, comparator, comparisons)]
    return Sentence(text + _rate_changes(rate, befores, period, restate) + ".", (rate,))


def formula_sentence(basis) -> Sentence:
    """The on-time formula in words, stated once in the section: "Cách tính: tỷ lệ giải quyết
    đúng hạn = số hồ sơ giải quyết trước hạn và đúng hạn / tổng số hồ sơ tiếp nhận (…)"."""
    words = formulas_m.resolve(basis).words
    return Sentence(f"Cách tính: {words[:1].lower()}{words[1:]}.")


def share_sentence(rate: Rate | None) -> Sentence | None:
    """"Tỷ lệ hồ sơ đang giải quyết: 0,1% (04/3.956 hồ sơ, tính trên tổng số hồ sơ tiếp nhận)";
    None without a rate or a base, or when nothing is counted."""
    if rate is None:
        return None
    num, den = rate.pair
    if not den or not num:
        return None
    return Sentence(f"{rate.label}: {fmt.percent(num, den)} ({fmt.fraction(num, den)} hồ sơ, tính {rate.base}).",
                    (rate,))


def summary_prose(s: TthcSummary, period, previous: TthcSummary | None = None, comparator=None,
                  basis: str | None = None, blank: tuple[str, ...] = (), *, comparisons=(),
                  restate=()) -> list[Sentence]:
    """The bullet list of TTHC results in the seed's wording, each item with its punctuation
    (";" between items, "." after the last). Parts that are zero are left out; a line whose total
    is zero becomes a plain sentence or disappears; postal, returned and awaiting-supplement lines
    appear only when present. With `previous` and its period `comparator`, and the (summary,
    Period) pairs of `comparisons` (the report's: the period before, then the same period a year
    earlier), the received, on-time and digitisation lines say the change against each, in that
    order ("tăng 10% so với quý I năm 2024 và giảm 3,2% so với quý II năm 2023"); a comparator of
    another kind than `period` raises `phrases.IncomparablePeriods` (a month is never compared
    with a year). `restate`: comparator periods whose own reports printed the on-time rate by
    another formula (`on_time_sentence`). The on-time rate line, with its base, and the formula
    in words appear when `basis` (the report's formula) is given. The shares real reports print
    follow their counts, two decimals: online over new, pending and withdrawn/returned over the
    total to handle, online payment over fee-bearing dossiers (only when the register says which
    carry a fee). A line computed from a column in `blank` (left empty on every row of the
    register: no data) is left out rather than printed as "không có"."""
    pairs = _compared(previous, comparator, comparisons)
    if s.received_total == 0:
        return [Sentence(f"{period.opening}, không tiếp nhận hồ sơ TTHC nào.", (s.received_total,))]
    lines: list[tuple[str, tuple]] = []

    head = f"Số lượng hồ sơ tiếp nhận: {fmt.count(s.received_total)} hồ sơ"
    moved = changes(s.received_total, [(p.received_total, c) for p, c in pairs], unit="hồ sơ", period=period)
    if moved:
        head += ", " + moved
    parts = [("Trực tuyến", s.received_online), ("Trực tiếp", s.received_in_person),
             ("Bưu chính", s.received_postal), ("Từ kỳ trước", s.carried_over)]
    lines.append((_with_parts(head, parts), (s.received_total, *[f for _, f in parts if f])))

    if s.resolved_total:
        parts = [("Trước hạn", s.resolved_early), ("Đúng hạn", s.resolved_on_time), ("Quá hạn", s.resolved_late)]
        lines.append((_with_parts(f"Số lượng hồ sơ đã giải quyết: {fmt.count(s.resolved_total)} hồ sơ", parts),
                      (s.resolved_total, *[f for _, f in parts if f])))
    else:
        lines.append(("Chưa có hồ sơ nào được giải quyết", (s.resolved_total,)))

    def share(rate):
        sent = share_sentence(rate)
        if sent is not None:
            lines.append((sent.rstrip("."), sent.figures))

    if basis is not None:
        sent = on_time_sentence(s, basis, comparisons=pairs, period=period, restate=restate)
        lines.append((sent.rstrip("."), sent.figures))
        if on_time_rate(s, basis).pair[1]:
            lines.append((formula_sentence(basis).rstrip("."), ()))
    share(online_share(s))

    if s.pending_total:
        parts = [("Trong hạn", s.pending_within), ("Quá hạn", s.pending_overdue)]
        lines.append((_with_parts(f"Số lượng hồ sơ đang giải quyết: {fmt.count(s.pending_total)} hồ sơ", parts),
                      (s.pending_total, *[f for _, f in parts if f])))
        share(pending_share(s))
    else:
        lines.append(("Không có hồ sơ đang giải quyết", (s.pending_total,)))

    if s.detailed_intake and "tiep_nhan_chi_tiet" not in blank:
        lines.append((f"Số lượng hồ sơ tiếp nhận chi tiết: {fmt.count(s.detailed_intake)} hồ sơ",
                      (s.detailed_intake,)))
    for label, n in (("rút", s.withdrawn), ("trả lại", s.returned), ("chờ bổ sung", s.awaiting_supplement)):
        if n:
            lines.append((f"Số lượng hồ sơ {label}: {fmt.count(n)} hồ sơ", (n,)))
    share(withdrawn_returned_share(s))

    if "thanh_toan_truc_tuyen" in blank:
        pass
    elif s.online_payments:
        lines.append((f"Thanh toán trực tuyến: {fmt.count(s.online_payments)} lượt; "
                      f"Tổng: {fmt.money_short(s.online_payment_amount)}",
                      (s.online_payments, s.online_payment_amount)))
        if "co_phi" not in blank:
            share(online_payment_share(s))
    else:
        lines.append(("Không có hồ sơ thanh toán trực tuyến", (s.online_payments,)))

    if "dien_so_hoa_tphs" in blank:
        pass
    elif s.intake_digitisation_base:
        now = intake_digitisation_rate(s)
        lines.append((_digitisation_line(
            "Số hóa hồ sơ TTHC khi tiếp nhận", ("Số hồ sơ tiếp nhận", "Số hồ sơ có số hóa TPHS",
                                                "Tỷ lệ số hồ sơ có số hóa đầy đủ TPHS khi tiếp nhận"),
            now, [(intake_digitisation_rate(p), c) for p, c in pairs], period), (now,)))
    else:
        lines.append(("Không có hồ sơ thuộc diện số hóa thành phần hồ sơ khi tiếp nhận",
                      (s.intake_digitisation_base,)))

    if "dien_so_hoa_ket_qua" in blank:
        pass
    elif s.result_digitisation_base:
        now = result_digitisation_rate(s)
        missing: Figure = s.result_not_digitised
        tail = f"; Số hồ sơ chưa số hóa kết quả TTHC: {fmt.count(missing)}" if missing else ""
        lines.append((_digitisation_line(
            "Số hóa kết quả giải quyết TTHC", ("Số hồ sơ đã giải quyết", "Số hồ sơ có số hóa kết quả",
                                               "Tỷ lệ số hóa kết quả hồ sơ"),
            now, [(result_digitisation_rate(p), c) for p, c in pairs], period, tail),
            (now, missing) if missing else (now,)))
    elif s.resolved_total:
        lines.append(("Không có hồ sơ thuộc diện số hóa kết quả giải quyết", (s.result_digitisation_base,)))

    return [Sentence(text + (";" if i < len(lines) - 1 else "."), figs) for i, (text, figs) in enumerate(lines)]
