"""The dossier register (ho-so.csv): one row per dossier, as the one-stop software exports it."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from .calendar import add_working_days, working_days
from .catalog import CORE_FIELDS, PROCEDURES, Procedure
from .units import Profile

# Intake is not flat over the year: Tết slows February, the school and job season fills August.
MONTH_WEIGHT = (1.05, 0.75, 1.0, 0.95, 0.95, 1.0, 1.1, 1.2, 1.05, 0.95, 1.0, 1.0)

DONE, PENDING, WITHDRAWN, RETURNED, AWAITING = (
    "Đã giải quyết", "Đang giải quyết", "Rút hồ sơ", "Trả lại", "Chờ bổ sung")
ONLINE, IN_PERSON, POSTAL = "Trực tuyến", "Trực tiếp", "Bưu chính"
OPEN = (PENDING, AWAITING)


@dataclass
class Dossier:
    code: str
    proc: Procedure
    channel: str
    received: dt.date
    due: dt.date
    result: dt.date | None = None
    status: str = DONE
    detail: bool = False
    in_base: bool = False
    in_done: bool = False
    out_base: bool = False
    out_done: bool = False
    paid: bool = False
    amount: int = 0

    def values(self) -> dict:
        """Cell values by column key (cchc.schema.DOSSIERS); `result` is the closing date: the
        result, or the day the dossier was withdrawn or returned."""
        return {"ma_ho_so": self.code, "thu_tuc": self.proc.name, "linh_vuc": self.proc.field,
                "kenh": self.channel, "ngay_tiep_nhan": self.received, "han_giai_quyet": self.due,
                "ngay_co_ket_qua": self.result, "trang_thai": self.status, "tiep_nhan_chi_tiet": self.detail,
                "dien_so_hoa_tphs": self.in_base, "da_so_hoa_tphs": self.in_done,
                "dien_so_hoa_ket_qua": self.out_base, "da_so_hoa_ket_qua": self.out_done,
                "thanh_toan_truc_tuyen": self.paid, "so_tien_thanh_toan": self.amount,
                "co_phi": self.proc.paid}

    def cells(self, keys) -> list:
        """Cells in the order of `keys` (the schema's columns)."""
        v = self.values()
        return [v[k] for k in keys]


def dossier_code(unit_code: str, day: dt.date, seq: int) -> str:
    """Shaped like the one-stop software's codes: unit, intake date, sequence number."""
    return f"{unit_code}-{day:%y%m%d}-{seq:04d}"


def procedure_weights(kind: str, few_fields: bool = False) -> tuple[list[Procedure], list[float]]:
    procs, weights = [], []
    for p in PROCEDURES:
        w = p.ward if kind == "phường" else p.commune
        if few_fields and p.field not in CORE_FIELDS:
            continue
        procs.append(p)
        weights.append(w)
    return procs, weights


def intake_days(rng: random.Random, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    days = working_days(start, end)
    weights = [MONTH_WEIGHT[d.month - 1] for d in days]
    return sorted(rng.choices(days, weights, k=n))


def online_probability(share: float, proc: Procedure) -> float:
    # A procedure's propensity bends the unit's overall online share up or down.
    return 1 - (1 - share) ** proc.online


def calibrated_share(share: float, procs: list[Procedure], weights: list[float]) -> float:
    """The base share that makes the expected online share over the procedure mix equal `share`."""
    total = sum(weights)
    lo, hi = 0.0, 0.999
    for _ in range(40):
        mid = (lo + hi) / 2
        mean = sum(w * online_probability(mid, p) for p, w in zip(procs, weights)) / total
        lo, hi = (mid, hi) if mean < share else (lo, mid)
    return round((lo + hi) / 2, 6)


def early_result(rng: random.Random, received: dt.date, due: dt.date, end: dt.date | None = None) -> dt.date:
    """A result date before the deadline (most are quick); with `end`, never after it."""
    span = len(working_days(received, due)) - 1  # working days available before the deadline
    k = min(int(rng.expovariate(1.0 / max(span / 3, 0.3))), max(span - 1, 0))
    day = add_working_days(received, k)
    return min(day, end) if end else day


def late_result(rng: random.Random, due: dt.date) -> dt.date:
    return add_working_days(due, rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 9)))


def fee(rng: random.Random, proc: Procedure) -> int:
    amounts, weights = zip(*proc.fees)
    return rng.choices(amounts, weights)[0]


def period_rows(rng: random.Random, unit_code: str, kind: str, prof: Profile, start: dt.date, end: dt.date,
                n: int, online: float, first_seq: int = 1) -> list[Dossier]:
    """n dossiers received within the period, each with its status at the period end."""
    procs, weights = procedure_weights(kind, prof.few_fields)
    online = calibrated_share(online, procs, weights)
    rows = []
    for i, day in enumerate(intake_days(rng, start, end, n)):
        proc = rng.choices(procs, weights)[0]
        if rng.random() < online_probability(online, proc):
            channel = ONLINE
        else:
            channel = POSTAL if rng.random() < prof.postal / max(1 - online, 0.05) else IN_PERSON
        due = add_working_days(day, max(proc.deadline, 1))
        d = Dossier(dossier_code(unit_code, day, first_seq + i), proc, channel, day, due)
        u = rng.random()
        if u < prof.withdrawn:
            d.status = WITHDRAWN
        elif u < prof.withdrawn + prof.returned:
            d.status = RETURNED
        else:
            v = rng.random()
            if v < prof.late:
                d.result = late_result(rng, due)
            elif v < prof.late + prof.on_deadline:
                d.result = due
            else:
                d.result = early_result(rng, day, due)
            if d.result > end:  # not done by the period end: still pending then
                d.result, d.status = None, PENDING
        rows.append(d)
    _force_open(rng, rows, end, prof)
    set_flags(rng, rows, prof, online)
    return rows


def _force_open(rng: random.Random, rows: list[Dossier], end: dt.date, prof: Profile) -> None:
    """Awaiting-supplement and overdue dossiers, where the unit's profile has them."""
    recent = [d for d in rows if d.status == DONE and (end - d.received).days < 45 and d.proc.deadline >= 3]
    for d in rng.sample(recent, min(prof.awaiting, len(recent))):
        d.status, d.result = AWAITING, None
    slow = [d for d in rows if d.status == DONE and d.proc.deadline >= 5 and d.due < end
            and (end - d.received).days < 120]
    for d in rng.sample(slow, min(prof.overdue, len(slow))):
        d.status, d.result = PENDING, None


def set_flags(rng: random.Random, rows: list[Dossier], prof: Profile, online: float) -> None:
    for d in rows:
        d.detail = rng.random() < prof.detail
        d.in_base = d.proc.intake_digitised
        boost = 0.12 if d.channel == ONLINE else -0.12 * online / max(1 - online, 0.05)
        d.in_done = d.in_base and rng.random() < min(max(prof.dig_in + boost, 0.0), 0.98)
        d.out_base = d.status == DONE and d.proc.result_digitised
        d.out_done = d.out_base and rng.random() < prof.dig_out
        d.paid = (d.channel == ONLINE and d.proc.paid and d.status not in (WITHDRAWN, RETURNED)
                  and rng.random() < prof.pay)
        d.amount = fee(rng, d.proc) if d.paid else 0


def carried_from_previous(rng: random.Random, unit_code: str, kind: str, prof: Profile, year: int,
                          n: int) -> list[Dossier]:
    """Dossiers received late in year-1 and still open on 1 January (used when no earlier register exists)."""
    start = dt.date(year - 1, 11, 20)
    rows = period_rows(rng, unit_code, kind, replace(prof, withdrawn=0, returned=0, awaiting=0, overdue=0,
                                                     late=0), start, dt.date(year - 1, 12, 29), n,
                       prof.online * 0.6, first_seq=int(prof.size * 0.97))
    for d in rows:
        if d.proc.deadline < 3:  # quick procedures are never still open at New Year
            d.proc = next(p for p in PROCEDURES if p.name.startswith("Xác nhận hồ sơ đăng ký biến động"))
            d.due = add_working_days(d.received, d.proc.deadline)
        d.status, d.result = PENDING, None
        d.paid, d.amount, d.out_base, d.out_done = False, 0, False, False
    return rows


def still_open_at_new_year(rows: list[Dossier], period_end: dt.date) -> list[Dossier]:
    """Of a register's rows open at its period end, those still open on 1 January.

    Pending dossiers due before New Year are taken to have been resolved in December; overdue ones
    and those awaiting a supplement or due in the new year stay open.
    """
    new_year = dt.date(period_end.year + 1, 1, 1)
    return [d for d in rows if d.status in OPEN and (d.status == AWAITING or d.due < period_end
                                                     or d.due >= new_year)]


def resolve_in_new_year(rng: random.Random, rows: list[Dossier], year: int, prof: Profile,
                        end: dt.date) -> list[Dossier]:
    """Carried-over dossiers as the next register shows them: most resolved early in the year."""
    out = []
    first = add_working_days(dt.date(year, 1, 1), 1)
    for d in rows:
        d = replace(d)
        if d.status == AWAITING or rng.random() < 0.9:
            d.result = add_working_days(first, rng.randint(0, 12))
            d.status = DONE
            d.out_base = d.proc.result_digitised
            d.out_done = d.out_base and rng.random() < prof.dig_out
        else:
            d.status = WITHDRAWN
        out.append(d)
    return out


CLOSED_WITHOUT_RESULT = (WITHDRAWN, RETURNED)


def close_withdrawn(rng: random.Random, rows: list[Dossier], end: dt.date, not_before: dt.date | None = None) -> None:
    """Give withdrawn and returned dossiers the day they were closed (a few working days after
    intake, never after `end`, never before `not_before`). A separate generator, so the other
    draws of a register, and the seed's figures, stay as they were."""
    for d in rows:
        if d.status in CLOSED_WITHOUT_RESULT and d.result is None:
            day = add_working_days(d.received, rng.randint(1, 6))
            if not_before and day < not_before:
                day = add_working_days(not_before, rng.randint(0, 4))
            d.result = min(day, end)


def final_states(rng: random.Random, rows: list[Dossier], after: dt.date, prof: Profile) -> list[Dossier]:
    """The dossiers open at a register's export (`after`), as the next register shows them: most
    resolved within a few weeks (before the deadline when it has not passed), a few withdrawn."""
    out = []
    for d in rows:
        if d.status not in OPEN:
            continue
        d = replace(d)
        first = add_working_days(after, 1)
        if d.status == AWAITING or rng.random() < 0.92:
            if d.due > first and rng.random() < 0.9:
                d.result = early_result(rng, first, d.due)
            else:
                d.result = add_working_days(max(first, d.due), rng.randint(1, 8))
            d.status = DONE
            d.out_base = d.proc.result_digitised
            d.out_done = d.out_base and rng.random() < prof.dig_out
        else:
            d.status, d.result = WITHDRAWN, add_working_days(first, rng.randint(0, 10))
        d.paid, d.amount = False, 0  # paid when received, in the earlier register
        out.append(d)
    return out
