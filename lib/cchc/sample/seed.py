"""Phường Nguyễn Nghiêm 2023 built to reproduce every figure of the real report 227/BC-UBND.

Every count is met exactly by choosing which rows carry which status or flag; no total is typed
into any file. The figures (and how each is counted) are listed in SEED below.
"""
from __future__ import annotations

import datetime as dt
import random

from .calendar import add_working_days
from .catalog import PROCEDURES, Procedure
from .dossiers import (DONE, IN_PERSON, ONLINE, PENDING, WITHDRAWN, Dossier, dossier_code, early_result,
                       fee, intake_days, late_result, procedure_weights)

START, END = dt.date(2023, 1, 1), dt.date(2023, 12, 6)
SEED = dict(
    online=2315, in_person=1635, carried=6, resolved=3938, late=13, pending=4, withdrawn=14,
    detail=1632, paid=1680, paid_total=10_282_000, intake_base=3897, intake_done=2291,
    result_base=3877, result_done=1866,
)
N_PERIOD = SEED["online"] + SEED["in_person"]


def _proc(prefix: str) -> Procedure:
    return next(p for p in PROCEDURES if p.name.startswith(prefix))


def _pick(rng: random.Random, preferred: list, others: list, k: int) -> list:
    """Exactly k distinct items: the preferred ones first (a random k of them if too many), then others."""
    seen: set[int] = set()
    preferred = [x for x in preferred if not (id(x) in seen or seen.add(id(x)))]
    if len(preferred) >= k:
        return rng.sample(preferred, k)
    pool = [x for x in others if id(x) not in seen]
    return preferred + rng.sample(pool, k - len(preferred))


def _weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k distinct items, each drawn with probability proportional to its weight (Efraimidis-Spirakis)."""
    keyed = sorted(zip(items, weights), key=lambda iw: rng.random() ** (1.0 / iw[1]), reverse=True)
    return [it for it, _ in keyed[:k]]


def build(rng: random.Random, unit_code: str) -> list[Dossier]:
    procs, weights = procedure_weights("phường")
    # The four pending at the period end, all within their deadline (due on or after 06/12/2023).
    pending_spec = (
        (_proc("Hòa giải tranh chấp đất đai"), dt.date(2023, 11, 21)),
        (_proc("Xác định, xác định lại mức độ khuyết tật"), dt.date(2023, 11, 28)),
        (_proc("Xác nhận hồ sơ đăng ký biến động"), dt.date(2023, 12, 1)),
        (_proc("Đăng ký kết hôn"), dt.date(2023, 12, 5)),
    )
    days = intake_days(rng, START, END, N_PERIOD - len(pending_spec))
    rows: list[Dossier] = []
    for day in days:
        proc = rng.choices(procs, weights)[0]
        # Long procedures received in the last weeks would still be open; the seed has only four.
        while (END - day).days < 40 and proc.deadline > 3:
            proc = rng.choices(procs, weights)[0]
        rows.append(Dossier("", proc, IN_PERSON, day, add_working_days(day, proc.deadline)))
    pending = [Dossier("", p, IN_PERSON, day, add_working_days(day, p.deadline), status=PENDING)
               for p, day in pending_spec]
    rows += pending
    rows.sort(key=lambda d: d.received)
    for i, d in enumerate(rows, 1):
        d.code = dossier_code(unit_code, d.received, i)

    for d in _weighted_sample(rng, rows, [d.proc.online for d in rows], SEED["online"]):
        d.channel = ONLINE

    free = [d for d in rows if d.status != PENDING]
    withdrawn = rng.sample(free, SEED["withdrawn"])
    for d in withdrawn:
        d.status = WITHDRAWN
    done = [d for d in free if d.status == DONE]
    late_candidates = [d for d in done if d.due < dt.date(2023, 11, 20) and d.proc.deadline >= 3]
    late = set(map(id, rng.sample(late_candidates, SEED["late"] - 1)))
    for d in done:
        d.result = late_result(rng, d.due) if id(d) in late else early_result(rng, d.received, d.due, END)

    carried = _carried(rng, unit_code)
    all_rows = carried + rows

    # Flags, each to its exact count.
    for d in _pick(rng, [], rows, SEED["detail"]):
        d.detail = True
    not_intake = ([d for d in carried] + [d for d in rows if not d.proc.intake_digitised] + withdrawn)
    excluded = _pick(rng, not_intake, all_rows, len(all_rows) - SEED["intake_base"])
    ex = set(map(id, excluded))
    base = [d for d in all_rows if id(d) not in ex]
    for d in base:
        d.in_base = True
    for d in _weighted_sample(rng, base, [2.0 if d.channel == ONLINE else 1.0 for d in base],
                              SEED["intake_done"]):
        d.in_done = True

    resolved = [d for d in all_rows if d.status == DONE]
    assert len(resolved) == SEED["resolved"], len(resolved)
    not_result = carried + [d for d in resolved if not d.proc.result_digitised]
    ex = set(map(id, _pick(rng, [d for d in not_result if d.status == DONE], resolved,
                           len(resolved) - SEED["result_base"])))
    out_base = [d for d in resolved if id(d) not in ex]
    for d in out_base:
        d.out_base = True
    for d in rng.sample(out_base, SEED["result_done"]):
        d.out_done = True

    payable = [d for d in rows if d.channel == ONLINE and d.proc.paid and d.status in (DONE, PENDING)
               and d.proc.fees[0][0] < 50000]
    paid = rng.sample(payable, SEED["paid"])
    for d in paid:
        d.paid, d.amount = True, fee(rng, d.proc)
    _adjust_total(rng, paid, SEED["paid_total"])
    return sorted(all_rows, key=lambda d: (d.received, d.code))


def _carried(rng: random.Random, unit_code: str) -> list[Dossier]:
    """Six dossiers received in late 2022, resolved in January 2023, one of them past its deadline."""
    spec = (
        ("Xác nhận hồ sơ đăng ký biến động", dt.date(2022, 12, 22), IN_PERSON, 2),
        ("Thực hiện, điều chỉnh, thôi hưởng trợ cấp", dt.date(2022, 12, 19), IN_PERSON, 1),
        ("Xác định, xác định lại mức độ khuyết tật", dt.date(2022, 12, 8), IN_PERSON, 7),
        ("Đăng ký kết hôn", dt.date(2022, 12, 30), ONLINE, 1),
        ("Liên thông đăng ký khai sinh", dt.date(2022, 12, 29), ONLINE, 2),
        ("Hòa giải tranh chấp đất đai", dt.date(2022, 11, 23), IN_PERSON, None),  # the late one
    )
    rows = []
    for i, (prefix, day, channel, k) in enumerate(spec):
        p = _proc(prefix)
        due = add_working_days(day, p.deadline)
        result = add_working_days(due, 3) if k is None else add_working_days(dt.date(2023, 1, 3), k)
        assert result > due if k is None else result < due, (prefix, due, result)
        rows.append(Dossier(dossier_code(unit_code, day, 3860 + 7 * i), p, channel, day, due, result, DONE))
    return rows


def _adjust_total(rng: random.Random, paid: list[Dossier], total: int) -> None:
    """Move certified-copy fees by a page (1.000 đ) at a time until the payments add up to `total`."""
    copies = [d for d in paid if d.proc.name.startswith("Chứng thực bản sao")]
    diff = total - sum(d.amount for d in paid)
    assert diff % 1000 == 0
    while diff:
        d = rng.choice(copies)
        if diff > 0 and 4000 <= d.amount < 20000:
            d.amount += 1000
            diff -= 1000
        elif diff < 0 and d.amount >= 5000:
            d.amount -= 1000
            diff += 1000
