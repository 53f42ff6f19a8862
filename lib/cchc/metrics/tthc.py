"""Administrative-procedure (TTHC) figures from the dossier register: section II.2 of the report.

Definitions (every figure is a count of rows, never a typed total):
- in scope: rows received on or before the period end, except rows received before the period
  start whose result was issued before it (those belong to the previous period's report);
- carried over (từ kỳ trước): in scope and received before the period start;
- received online / in person / postal: in-scope rows received within the period, by channel, so
  online + in person + postal + carried over = received;
- resolved (da_giai_quyet): before the deadline when the result date is earlier than the deadline,
  on time when equal, late when after;
- pending (dang_giai_quyet): within the deadline when the deadline is on or after the period end,
  else overdue;
- withdrawn (rut), returned (tra_lai), awaiting supplement (cho_bo_sung) by status;
- intake digitisation: base = subject to it (dien_so_hoa_tphs), digitised = base and da_so_hoa_tphs;
- result digitisation: base = resolved and subject to it, digitised = base and da_so_hoa_ket_qua.
`period` is anything with `.start` and `.end` dates (`cchc.model.Period`).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import fmt
from ..model import ON_TIME_BASES
from ..schema import CHANNELS

# Vietnamese labels of the channel codes (schema maps label -> code).
CHANNEL_LABELS = {code: label for label, code in CHANNELS.items()}

# How the on-time rate is computed, stated in the report next to the rate (design.md: provinces
# differ). The numerator is always dossiers resolved before or on the deadline.
RATE_BASIS_TEXT = {
    "received": "Tỷ lệ giải quyết đúng hạn = số hồ sơ giải quyết trước hạn và đúng hạn / tổng số "
                "hồ sơ tiếp nhận (kể cả hồ sơ từ kỳ trước chuyển sang)",
    "resolved": "Tỷ lệ giải quyết đúng hạn = số hồ sơ giải quyết trước hạn và đúng hạn / tổng số "
                "hồ sơ đã giải quyết",
    "due": "Tỷ lệ giải quyết đúng hạn = số hồ sơ giải quyết trước hạn và đúng hạn / tổng số hồ sơ "
           "đã đến hạn giải quyết (hồ sơ đã giải quyết và hồ sơ đang giải quyết đã quá hạn)",
}
# The short base, as it follows a rate in a sentence (one source: the params contract).
RATE_BASIS_SHORT = ON_TIME_BASES

TOTAL_LABEL = "Tổng cộng"
RECEIVED, RESOLVED, PENDING = "Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết"
II06A_COLUMNS = pd.MultiIndex.from_tuples(
    [
        (RECEIVED, "Tổng số"), (RECEIVED, "Trực tuyến"), (RECEIVED, "Trực tiếp và dịch vụ bưu chính"),
        (RECEIVED, "Từ kỳ trước"),
        (RESOLVED, "Tổng số"), (RESOLVED, "Trước hạn"), (RESOLVED, "Đúng hạn"), (RESOLVED, "Quá hạn"),
        (PENDING, "Tổng số"), (PENDING, "Trong hạn"), (PENDING, "Quá hạn"),
    ]
)
# The flag each II.06a column sums (postal goes with in person, as in the official form).
_II06A_FLAGS = (
    ("received",), ("online",), ("in_person", "postal"), ("carried",),
    ("resolved",), ("early",), ("on_time",), ("late",),
    ("pending",), ("pending_within",), ("pending_overdue",),
)


@dataclass(frozen=True)
class TthcSummary:
    received_total: int
    received_online: int
    received_in_person: int
    received_postal: int
    carried_over: int
    resolved_total: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    pending_total: int
    pending_within: int
    pending_overdue: int
    withdrawn: int
    returned: int
    awaiting_supplement: int
    detailed_intake: int
    online_payments: int
    online_payment_amount: int
    intake_digitisation_base: int
    intake_digitised: int
    result_digitisation_base: int
    result_digitised: int

    @property
    def result_not_digitised(self) -> int:
        return self.result_digitisation_base - self.result_digitised

    @property
    def resolved_in_time(self) -> int:
        """Before or on the deadline."""
        return self.resolved_early + self.resolved_on_time


def _day(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.normalize()


def _bool(s: pd.Series) -> pd.Series:
    return s.fillna(False).astype(bool)


def _flags(dossiers: pd.DataFrame, period) -> pd.DataFrame:
    """One boolean column per figure, one row per in-scope dossier. Index labels are those of
    `dossiers`, which callers pass with a unique index (see `_unique`)."""
    start = pd.Timestamp(fmt.to_date(period.start))
    end = pd.Timestamp(fmt.to_date(period.end))
    received = _day(dossiers["ngay_tiep_nhan"])
    result = _day(dossiers["ngay_co_ket_qua"])
    due = _day(dossiers["han_giai_quyet"])
    closed_before = result < start  # NaT compares False
    scope = (received <= end) & ~(closed_before & (received < start))
    d = dossiers.loc[scope]
    received, result, due = received[scope], result[scope], due[scope]
    status, channel = d["trang_thai"], d["kenh"]

    f = pd.DataFrame(index=d.index)
    f["received"] = True
    f["carried"] = received < start
    new = ~f["carried"]
    f["online"] = new & (channel == "truc_tuyen")
    f["in_person"] = new & (channel == "truc_tiep")
    f["postal"] = new & (channel == "buu_chinh")
    f["resolved"] = status == "da_giai_quyet"
    f["early"] = f["resolved"] & (result < due)
    f["on_time"] = f["resolved"] & (result == due)
    f["late"] = f["resolved"] & (result > due)
    f["pending"] = status == "dang_giai_quyet"
    f["pending_within"] = f["pending"] & (due >= end)
    f["pending_overdue"] = f["pending"] & (due < end)
    f["withdrawn"] = status == "rut"
    f["returned"] = status == "tra_lai"
    f["awaiting"] = status == "cho_bo_sung"
    f["detailed"] = _bool(d["tiep_nhan_chi_tiet"])
    f["paid"] = _bool(d["thanh_toan_truc_tuyen"])
    f["intake_base"] = _bool(d["dien_so_hoa_tphs"])
    f["intake_dig"] = f["intake_base"] & _bool(d["da_so_hoa_tphs"])
    f["result_base"] = f["resolved"] & _bool(d["dien_so_hoa_ket_qua"])
    f["result_dig"] = f["result_base"] & _bool(d["da_so_hoa_ket_qua"])
    f = f.astype(bool)
    f["amount"] = d["so_tien_thanh_toan"].fillna(0).astype("int64").where(f["paid"], 0)
    return f


def _unique(dossiers: pd.DataFrame) -> pd.DataFrame:
    # Rows are looked up by label after filtering; a concatenated frame may repeat labels.
    return dossiers if dossiers.index.is_unique else dossiers.reset_index(drop=True)


def _summary_from_flags(f: pd.DataFrame) -> TthcSummary:
    n = {k: int(v) for k, v in f.sum().items()}
    return TthcSummary(
        received_total=n["received"], received_online=n["online"], received_in_person=n["in_person"],
        received_postal=n["postal"], carried_over=n["carried"],
        resolved_total=n["resolved"], resolved_early=n["early"], resolved_on_time=n["on_time"],
        resolved_late=n["late"],
        pending_total=n["pending"], pending_within=n["pending_within"], pending_overdue=n["pending_overdue"],
        withdrawn=n["withdrawn"], returned=n["returned"], awaiting_supplement=n["awaiting"],
        detailed_intake=n["detailed"], online_payments=n["paid"], online_payment_amount=n["amount"],
        intake_digitisation_base=n["intake_base"], intake_digitised=n["intake_dig"],
        result_digitisation_base=n["result_base"], result_digitised=n["result_dig"],
    )


def summary(dossiers: pd.DataFrame, period) -> TthcSummary:
    """Every TTHC figure of the period (see the module docstring for the definitions)."""
    return _summary_from_flags(_flags(_unique(dossiers), period))


# --- rates --------------------------------------------------------------------------------------

def on_time_rate(s: TthcSummary, basis: str = "received") -> tuple[int, int]:
    """(numerator, denominator) of the on-time rate: resolved before or on the deadline over
    all received ("received"), over resolved ("resolved"), or over those that fell due — resolved
    plus pending past the deadline ("due")."""
    num = s.resolved_in_time
    if basis == "received":
        return num, s.received_total
    if basis == "resolved":
        return num, s.resolved_total
    if basis == "due":
        return num, s.resolved_total + s.pending_overdue
    raise ValueError(f"basis must be one of {sorted(RATE_BASIS_TEXT)}, not {basis!r}")


def on_time_sentence(s: TthcSummary, basis: str = "received", previous: TthcSummary | None = None,
                     prev_year: int | None = None) -> str:
    """"Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn: 99,22% (3.925/3.956 hồ sơ, tính trên tổng số
    hồ sơ tiếp nhận)" — the base always stated; with `previous`, the change in points."""
    num, den = on_time_rate(s, basis)
    if den == 0:
        return "Chưa có hồ sơ để tính tỷ lệ giải quyết trước hạn và đúng hạn."
    text = (f"Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn: {fmt.percent(num, den)} "
            f"({fmt.fraction(num, den)} hồ sơ, tính {RATE_BASIS_SHORT[basis]})")
    if previous is not None and prev_year is not None:
        pnum, pden = on_time_rate(previous, basis)
        if pden:
            text += ", " + fmt.change_phrase((num, den), (pnum, pden), prev_year, kind="rate")
    return fmt.nfc(text + ".")


# --- tables -------------------------------------------------------------------------------------

def table_ii06a(dossiers: pd.DataFrame, period, by: str | None = "linh_vuc") -> pd.DataFrame:
    """The standard TTHC statistics table (Biểu II.06a/VPCP/KSTT layout): one row per value of
    `by` (fields in Vietnamese alphabetical order) and a "Tổng cộng" row equal to the column sums;
    `by=None` gives the total row alone. Integer cells, Vietnamese MultiIndex columns."""
    dossiers = _unique(dossiers)
    f = _flags(dossiers, period)
    cols = {}
    for key, names in zip(II06A_COLUMNS, _II06A_FLAGS):
        cols[key] = f[list(names)].sum(axis=1).astype("int64")
    cells = pd.DataFrame(cols, index=f.index)
    cells.columns = II06A_COLUMNS
    total = cells.sum().astype("int64")
    if by is None:
        out = pd.DataFrame([total.to_numpy()], columns=II06A_COLUMNS, index=[TOTAL_LABEL])
    else:
        keys = dossiers.loc[f.index, by].astype(str)
        rows = cells.groupby(keys.to_numpy()).sum()
        rows = rows.loc[sorted(rows.index, key=fmt.sort_key_vi)]
        out = pd.concat([rows, pd.DataFrame([total.to_numpy()], columns=II06A_COLUMNS, index=[TOTAL_LABEL])])
    out.index.name = "Lĩnh vực" if by == "linh_vuc" else (by or "")
    return out.astype("int64")


def _months(period) -> list[tuple[int, int]]:
    start, end = fmt.to_date(period.start), fmt.to_date(period.end)
    months, (y, m) = [], (start.year, start.month)
    while (y, m) <= (end.year, end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def intake_by_month(dossiers: pd.DataFrame, period) -> pd.DataFrame:
    """Dossiers received within the period, months (every month of the period, "01/2023") by
    channel. Online and in person always appear; postal only when some dossier came by post."""
    dossiers = _unique(dossiers)
    f = _flags(dossiers, period)
    new = f.index[~f["carried"]]
    received = _day(dossiers.loc[new, "ngay_tiep_nhan"])
    channel = dossiers.loc[new, "kenh"]
    months = _months(period)
    labels = [fmt.month_year(y, m) for y, m in months]
    codes = ["truc_tuyen", "truc_tiep"] + (["buu_chinh"] if (channel == "buu_chinh").any() else [])
    data = {}
    for code in codes:
        sel = received[channel == code]
        counts = pd.Series(list(zip(sel.dt.year, sel.dt.month)), dtype=object).value_counts()
        data[CHANNEL_LABELS[code]] = [int(counts.get(ym, 0)) for ym in months]
    out = pd.DataFrame(data, index=pd.Index(labels, name="Tháng"))
    out.columns.name = "Kênh nộp"
    return out.astype("int64")


def timeliness_by_field(dossiers: pd.DataFrame, period, by: str = "linh_vuc") -> pd.DataFrame:
    """Resolved dossiers per field: before, on and past the deadline, the total, and the share
    resolved before or on the deadline in percent (rounded half up to 2 places). Fields that
    resolved nothing are left out."""
    dossiers = _unique(dossiers)
    f = _flags(dossiers, period)
    f = f[f["resolved"]]
    keys = dossiers.loc[f.index, by].astype(str).to_numpy()
    g = f[["early", "on_time", "late"]].astype("int64").groupby(keys).sum()
    g.columns = ["Trước hạn", "Đúng hạn", "Quá hạn"]
    g["Tổng số"] = g.sum(axis=1)
    g = g.loc[sorted(g.index, key=fmt.sort_key_vi)]
    rate = [float(fmt.round_half_up(fmt.exact(int(a + b)) * 100 / int(t), 2))
            for a, b, t in zip(g["Trước hạn"], g["Đúng hạn"], g["Tổng số"])]
    g["Tỷ lệ trước hạn và đúng hạn (%)"] = rate
    g.index.name = "Lĩnh vực" if by == "linh_vuc" else by
    return g


# --- prose --------------------------------------------------------------------------------------

def _parts(pairs) -> str:
    """"Trực tuyến: 2.315; Trực tiếp: 1.635" with zero parts left out."""
    return "; ".join(f"{label}: {fmt.count(n)}" for label, n in pairs if n)


def _with_parts(head: str, pairs) -> str:
    parts = _parts(pairs)
    return f"{head} (Trong đó: {parts})" if parts else head


def _digitisation_line(head: str, labels: tuple[str, str, str], now: tuple[int, int],
                       before: tuple[int, int] | None, prev_year: int | None, tail: str = "") -> str:
    """"<head> (<base label>: N hồ sơ; <done label>: M hồ sơ; <rate label>: R%[, change]<tail>)"."""
    done, base = now
    text = (f"{head} ({labels[0]}: {fmt.count(base)} hồ sơ; {labels[1]}: {fmt.count(done)} hồ sơ; "
            f"{labels[2]}: {fmt.percent(done, base)}")
    if before is not None and before[1]:
        text += ", " + fmt.change_phrase(now, before, prev_year, kind="rate")
    return text + tail + ")"


def summary_heading(period) -> str:
    """"Kết quả giải quyết TTHC từ đầu năm đến nay (01/01/2023 – 06/12/2023)"."""
    return f"Kết quả giải quyết TTHC từ đầu năm đến nay ({fmt.period(period)})"


def summary_prose(s: TthcSummary, period, previous: TthcSummary | None = None,
                  prev_year: int | None = None, basis: str | None = None) -> list[str]:
    """The bullet list of TTHC results in the seed's wording, each item with its punctuation
    (";" between items, "." after the last). Parts that are zero are left out; a line whose total
    is zero becomes a plain sentence or disappears; postal, returned and awaiting-supplement lines
    appear only when present. With `previous` (and `prev_year`), the received, on-time and
    digitisation lines add the change from last year. The on-time rate line, with its base,
    appears when `basis` is given."""
    compare = previous is not None and prev_year is not None
    if s.received_total == 0:
        return [f"{fmt.period_phrase(period)}, không tiếp nhận hồ sơ TTHC nào."]
    lines: list[str] = []

    head = f"Số lượng hồ sơ tiếp nhận: {fmt.count(s.received_total)} hồ sơ"
    if compare:
        head += ", " + fmt.change_phrase(s.received_total, previous.received_total, prev_year, unit="hồ sơ")
    lines.append(_with_parts(head, [
        ("Trực tuyến", s.received_online), ("Trực tiếp", s.received_in_person),
        ("Bưu chính", s.received_postal), ("Từ kỳ trước", s.carried_over),
    ]))

    if s.resolved_total:
        lines.append(_with_parts(f"Số lượng hồ sơ đã giải quyết: {fmt.count(s.resolved_total)} hồ sơ", [
            ("Trước hạn", s.resolved_early), ("Đúng hạn", s.resolved_on_time), ("Quá hạn", s.resolved_late),
        ]))
    else:
        lines.append("Chưa có hồ sơ nào được giải quyết")
    if basis is not None:
        lines.append(on_time_sentence(s, basis, previous if compare else None, prev_year).rstrip("."))

    if s.pending_total:
        lines.append(_with_parts(f"Số lượng hồ sơ đang giải quyết: {fmt.count(s.pending_total)} hồ sơ", [
            ("Trong hạn", s.pending_within), ("Quá hạn", s.pending_overdue),
        ]))
    else:
        lines.append("Không có hồ sơ đang giải quyết")

    if s.detailed_intake:
        lines.append(f"Số lượng hồ sơ tiếp nhận chi tiết: {fmt.count(s.detailed_intake)} hồ sơ")
    for label, n in (("rút", s.withdrawn), ("trả lại", s.returned), ("chờ bổ sung", s.awaiting_supplement)):
        if n:
            lines.append(f"Số lượng hồ sơ {label}: {fmt.count(n)} hồ sơ")

    if s.online_payments:
        lines.append(f"Thanh toán trực tuyến: {fmt.count(s.online_payments)} lượt; "
                     f"Tổng: {fmt.money_short(s.online_payment_amount)}")
    else:
        lines.append("Không có hồ sơ thanh toán trực tuyến")

    prev = previous if compare else None
    if s.intake_digitisation_base:
        lines.append(_digitisation_line(
            "Số hóa hồ sơ TTHC khi tiếp nhận", ("Số hồ sơ tiếp nhận", "Số hồ sơ có số hóa TPHS",
                                                "Tỷ lệ số hồ sơ có số hóa đầy đủ TPHS khi tiếp nhận"),
            (s.intake_digitised, s.intake_digitisation_base),
            (prev.intake_digitised, prev.intake_digitisation_base) if prev else None, prev_year))
    else:
        lines.append("Không có hồ sơ thuộc diện số hóa thành phần hồ sơ khi tiếp nhận")

    if s.result_digitisation_base:
        tail = (f"; Số hồ sơ chưa số hóa kết quả TTHC: {fmt.count(s.result_not_digitised)}"
                if s.result_not_digitised else "")
        lines.append(_digitisation_line(
            "Số hóa kết quả giải quyết TTHC", ("Số hồ sơ đã giải quyết", "Số hồ sơ có số hóa kết quả",
                                               "Tỷ lệ số hóa kết quả hồ sơ"),
            (s.result_digitised, s.result_digitisation_base),
            (prev.result_digitised, prev.result_digitisation_base) if prev else None, prev_year, tail))
    elif s.resolved_total:
        lines.append("Không có hồ sơ thuộc diện số hóa kết quả giải quyết")

    return [fmt.nfc(line + (";" if i < len(lines) - 1 else ".")) for i, line in enumerate(lines)]
