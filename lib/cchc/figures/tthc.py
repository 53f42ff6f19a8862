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
`_flags` is the one place these rules are written; `RULES` says each in words for the lineage
table, and the summary, the Biểu II.06a table and the charts all count the same flags.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from .. import fmt
from ..model import ON_TIME_BASES
from ..schema import CHANNELS, DOSSIERS
from . import MONEY, Figure, Rate, Source, sheet_rows

# Vietnamese labels of the channel codes (schema maps label -> code).
CHANNEL_LABELS = {code: label for label, code in CHANNELS.items()}
_H = {c.key: c.header for c in DOSSIERS.columns}

# flag -> (label, columns read, rule in words). The words follow `_flags` exactly.
_IN_SCOPE = (f"{_H['ngay_tiep_nhan']} đến hết kỳ, trừ hồ sơ tiếp nhận trước kỳ đã có kết quả trước kỳ")
RULES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "received": ("Hồ sơ tiếp nhận (kể cả từ kỳ trước)", ("ngay_tiep_nhan", "ngay_co_ket_qua"),
                 f"Hồ sơ có {_IN_SCOPE}"),
    "carried": ("Hồ sơ từ kỳ trước chuyển sang", ("ngay_tiep_nhan", "ngay_co_ket_qua"),
                f"Hồ sơ có {_H['ngay_tiep_nhan']} trước ngày đầu kỳ và chưa có kết quả trước kỳ"),
    "online": ("Hồ sơ tiếp nhận trực tuyến", ("kenh", "ngay_tiep_nhan"),
               f"Hồ sơ có {_H['kenh']} = Trực tuyến và {_H['ngay_tiep_nhan']} trong kỳ"),
    "in_person": ("Hồ sơ tiếp nhận trực tiếp", ("kenh", "ngay_tiep_nhan"),
                  f"Hồ sơ có {_H['kenh']} = Trực tiếp và {_H['ngay_tiep_nhan']} trong kỳ"),
    "postal": ("Hồ sơ tiếp nhận qua dịch vụ bưu chính", ("kenh", "ngay_tiep_nhan"),
               f"Hồ sơ có {_H['kenh']} = Bưu chính và {_H['ngay_tiep_nhan']} trong kỳ"),
    "resolved": ("Hồ sơ đã giải quyết", ("trang_thai",),
                 f"Hồ sơ trong kỳ có {_H['trang_thai']} = Đã giải quyết"),
    "early": ("Hồ sơ giải quyết trước hạn", ("trang_thai", "ngay_co_ket_qua", "han_giai_quyet"),
              f"Hồ sơ đã giải quyết có {_H['ngay_co_ket_qua']} trước {_H['han_giai_quyet']}"),
    "on_time": ("Hồ sơ giải quyết đúng hạn", ("trang_thai", "ngay_co_ket_qua", "han_giai_quyet"),
                f"Hồ sơ đã giải quyết có {_H['ngay_co_ket_qua']} bằng {_H['han_giai_quyet']}"),
    "late": ("Hồ sơ giải quyết quá hạn", ("trang_thai", "ngay_co_ket_qua", "han_giai_quyet"),
             f"Hồ sơ đã giải quyết có {_H['ngay_co_ket_qua']} sau {_H['han_giai_quyet']}"),
    "pending": ("Hồ sơ đang giải quyết", ("trang_thai",),
                f"Hồ sơ trong kỳ có {_H['trang_thai']} = Đang giải quyết"),
    "pending_within": ("Hồ sơ đang giải quyết trong hạn", ("trang_thai", "han_giai_quyet"),
                       f"Hồ sơ đang giải quyết có {_H['han_giai_quyet']} từ ngày cuối kỳ trở đi"),
    "pending_overdue": ("Hồ sơ đang giải quyết quá hạn", ("trang_thai", "han_giai_quyet"),
                        f"Hồ sơ đang giải quyết có {_H['han_giai_quyet']} trước ngày cuối kỳ"),
    "withdrawn": ("Hồ sơ rút", ("trang_thai",), f"Hồ sơ trong kỳ có {_H['trang_thai']} = Rút hồ sơ"),
    "returned": ("Hồ sơ trả lại", ("trang_thai",), f"Hồ sơ trong kỳ có {_H['trang_thai']} = Trả lại"),
    "awaiting": ("Hồ sơ chờ bổ sung", ("trang_thai",), f"Hồ sơ trong kỳ có {_H['trang_thai']} = Chờ bổ sung"),
    "detailed": ("Hồ sơ tiếp nhận chi tiết", ("tiep_nhan_chi_tiet",),
                 f"Hồ sơ trong kỳ có {_H['tiep_nhan_chi_tiet']} = Có"),
    "paid": ("Lượt thanh toán trực tuyến", ("thanh_toan_truc_tuyen",),
             f"Hồ sơ trong kỳ có {_H['thanh_toan_truc_tuyen']} = Có"),
    "amount": ("Số tiền thanh toán trực tuyến", ("thanh_toan_truc_tuyen", "so_tien_thanh_toan"),
               f"Tổng {_H['so_tien_thanh_toan']} của hồ sơ trong kỳ có {_H['thanh_toan_truc_tuyen']} = Có"),
    "intake_base": ("Hồ sơ thuộc diện số hóa TPHS", ("dien_so_hoa_tphs",),
                    f"Hồ sơ trong kỳ có {_H['dien_so_hoa_tphs']} = Có"),
    "intake_dig": ("Hồ sơ có số hóa TPHS", ("dien_so_hoa_tphs", "da_so_hoa_tphs"),
                   f"Hồ sơ trong kỳ có {_H['dien_so_hoa_tphs']} = Có và {_H['da_so_hoa_tphs']} = Có"),
    "result_base": ("Hồ sơ đã giải quyết thuộc diện số hóa kết quả", ("trang_thai", "dien_so_hoa_ket_qua"),
                    f"Hồ sơ đã giải quyết có {_H['dien_so_hoa_ket_qua']} = Có"),
    "result_dig": ("Hồ sơ có số hóa kết quả", ("trang_thai", "dien_so_hoa_ket_qua", "da_so_hoa_ket_qua"),
                   f"Hồ sơ đã giải quyết có {_H['dien_so_hoa_ket_qua']} = Có và {_H['da_so_hoa_ket_qua']} = Có"),
}

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
    """Every TTHC figure of one period; each field is a `Figure` (an int with its lineage)."""
    received_total: Figure
    received_online: Figure
    received_in_person: Figure
    received_postal: Figure
    carried_over: Figure
    resolved_total: Figure
    resolved_early: Figure
    resolved_on_time: Figure
    resolved_late: Figure
    pending_total: Figure
    pending_within: Figure
    pending_overdue: Figure
    withdrawn: Figure
    returned: Figure
    awaiting_supplement: Figure
    detailed_intake: Figure
    online_payments: Figure
    online_payment_amount: Figure
    intake_digitisation_base: Figure
    intake_digitised: Figure
    result_digitisation_base: Figure
    result_digitised: Figure

    @property
    def result_not_digitised(self) -> Figure:
        return _derived("result_not_digitised", "Hồ sơ chưa số hóa kết quả",
                        f"Hồ sơ đã giải quyết có {_H['dien_so_hoa_ket_qua']} = Có và "
                        f"{_H['da_so_hoa_ket_qua']} = Không",
                        plus=(self.result_digitisation_base,), minus=(self.result_digitised,))

    @property
    def resolved_in_time(self) -> Figure:
        """Before or on the deadline."""
        return _derived("resolved_in_time", "Hồ sơ giải quyết trước hạn và đúng hạn",
                        f"Hồ sơ đã giải quyết có {_H['ngay_co_ket_qua']} không sau {_H['han_giai_quyet']}",
                        plus=(self.resolved_early, self.resolved_on_time))

    @property
    def received_new(self) -> Figure:
        """Received within the period (not carried over): the base of the online share."""
        return _derived("received_new", "Hồ sơ tiếp nhận mới trong kỳ",
                        f"Hồ sơ có {_H['ngay_tiep_nhan']} trong kỳ",
                        plus=(self.received_total,), minus=(self.carried_over,))

    @property
    def fell_due(self) -> Figure:
        """Resolved, or pending past the deadline: the dossiers whose deadline has come."""
        return _derived("fell_due", "Hồ sơ đã đến hạn giải quyết",
                        "Hồ sơ đã giải quyết và hồ sơ đang giải quyết quá hạn",
                        plus=(self.resolved_total, self.pending_overdue))


def _rows(f) -> set[int]:
    sources = getattr(f, "sources", ())  # a summary may be built from plain ints (tests, typed totals)
    return set(sources[0].rows) if sources else set()


def _derived(key: str, label: str, rule: str, plus: tuple[Figure, ...], minus: tuple[Figure, ...] = ()) -> Figure:
    """A figure made of others (the rows of `minus` are among those of `plus`)."""
    value = sum(int(f) for f in plus) - sum(int(f) for f in minus)
    rows = set().union(*map(_rows, plus)) - set().union(*map(_rows, minus))
    sources = [s for f in plus + minus for s in getattr(f, "sources", ())]
    first = sources[0] if sources else Source(DOSSIERS.title)
    columns = tuple(dict.fromkeys(c for s in sources for c in s.columns))
    src = Source(first.register, first.file, columns, rule, tuple(sorted(rows)))
    return Figure(value, key=f"tthc.{key}", label=label, unit="hồ sơ", sources=(src,))


_FIELD_FLAGS = {
    "received_total": "received", "received_online": "online", "received_in_person": "in_person",
    "received_postal": "postal", "carried_over": "carried", "resolved_total": "resolved",
    "resolved_early": "early", "resolved_on_time": "on_time", "resolved_late": "late",
    "pending_total": "pending", "pending_within": "pending_within", "pending_overdue": "pending_overdue",
    "withdrawn": "withdrawn", "returned": "returned", "awaiting_supplement": "awaiting",
    "detailed_intake": "detailed", "online_payments": "paid", "online_payment_amount": "amount",
    "intake_digitisation_base": "intake_base", "intake_digitised": "intake_dig",
    "result_digitisation_base": "result_base", "result_digitised": "result_dig",
}
assert set(_FIELD_FLAGS) == {f.name for f in fields(TthcSummary)}


def _day(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.normalize()


def _bool(s: pd.Series) -> pd.Series:
    return s.fillna(False).astype(bool)


def out_of_scope(received: pd.Series, result: pd.Series, period) -> tuple[pd.Series, pd.Series]:
    """The two reasons a dossier belongs to no figure of the period: received after its end, or
    received before its start and resolved before it too (the previous period's). The one home of
    the in-scope rule: validation warns with the same masks."""
    start = pd.Timestamp(fmt.to_date(period.start))
    end = pd.Timestamp(fmt.to_date(period.end))
    received, result = _day(received), _day(result)
    return received > end, (received < start) & (result < start)  # NaT compares False


def _flags(dossiers: pd.DataFrame, period) -> pd.DataFrame:
    """One boolean column per figure, one row per in-scope dossier. Index labels are those of
    `dossiers`, which callers pass with a unique index (see `_unique`)."""
    start = pd.Timestamp(fmt.to_date(period.start))
    end = pd.Timestamp(fmt.to_date(period.end))
    received = _day(dossiers["ngay_tiep_nhan"])
    result = _day(dossiers["ngay_co_ket_qua"])
    due = _day(dossiers["han_giai_quyet"])
    after_end, previous = out_of_scope(received, result, period)
    scope = ~(after_end | previous)
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


def _summary_from_flags(f: pd.DataFrame, file: str = "") -> TthcSummary:
    n = {k: int(v) for k, v in f.sum().items()}
    values = {}
    for name, flag in _FIELD_FLAGS.items():
        label, cols, rule = RULES[flag]
        mask = f["paid"] if flag == "amount" else f[flag]
        rows = sheet_rows(f.index[mask.to_numpy(dtype=bool)])
        src = Source(DOSSIERS.title, file, tuple(_H[c] for c in cols), rule, rows)
        values[name] = Figure(n[flag], key=f"tthc.{name}", label=label,
                              unit={"amount": "đồng", "paid": "lượt"}.get(flag, "hồ sơ"),
                              kind=MONEY if flag == "amount" else "count", sources=(src,))
    return TthcSummary(**values)


def summary(dossiers: pd.DataFrame, period, file: str = "") -> TthcSummary:
    """Every TTHC figure of the period (see the module docstring for the definitions); `file`
    names the register file in each figure's source."""
    return _summary_from_flags(_flags(_unique(dossiers), period), file)


# --- rates --------------------------------------------------------------------------------------

# How the on-time rate is computed (design.md: provinces differ). The numerator is always
# dossiers resolved before or on the deadline.
RATE_BASIS_TEXT = {
    "received": "Tỷ lệ giải quyết đúng hạn = số hồ sơ giải quyết trước hạn và đúng hạn / tổng số "
                "hồ sơ tiếp nhận (kể cả hồ sơ từ kỳ trước chuyển sang)",
    "resolved": "Tỷ lệ giải quyết đúng hạn = số hồ sơ giải quyết trước hạn và đúng hạn / tổng số "
                "hồ sơ đã giải quyết",
    "due": "Tỷ lệ giải quyết đúng hạn = số hồ sơ giải quyết trước hạn và đúng hạn / tổng số hồ sơ "
           "đã đến hạn giải quyết (hồ sơ đã giải quyết và hồ sơ đang giải quyết đã quá hạn)",
}


def on_time_rate(s: TthcSummary, basis: str = "received") -> Rate:
    """Resolved before or on the deadline over all received ("received"), over resolved
    ("resolved"), or over those that fell due — resolved plus pending past the deadline ("due")."""
    if basis == "received":
        den = s.received_total
    elif basis == "resolved":
        den = s.resolved_total
    elif basis == "due":
        den = s.fell_due
    else:
        raise ValueError(f"basis must be one of {sorted(RATE_BASIS_TEXT)}, not {basis!r}")
    return Rate("tthc.on_time_rate", "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn", s.resolved_in_time, den,
                RATE_BASIS_TEXT[basis], ON_TIME_BASES[basis])


def intake_digitisation_rate(s: TthcSummary) -> Rate:
    return Rate("tthc.intake_digitisation_rate", "Tỷ lệ số hồ sơ có số hóa đầy đủ TPHS khi tiếp nhận",
                s.intake_digitised, s.intake_digitisation_base,
                "số hồ sơ có số hóa TPHS / số hồ sơ thuộc diện số hóa TPHS", "trên số hồ sơ thuộc diện số hóa")


def result_digitisation_rate(s: TthcSummary) -> Rate:
    return Rate("tthc.result_digitisation_rate", "Tỷ lệ số hóa kết quả hồ sơ",
                s.result_digitised, s.result_digitisation_base,
                "số hồ sơ có số hóa kết quả / số hồ sơ đã giải quyết thuộc diện số hóa kết quả",
                "trên số hồ sơ đã giải quyết thuộc diện số hóa")


def online_share(s: TthcSummary) -> Rate:
    return Rate("tthc.online_share", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", s.received_online, s.received_new,
                "số hồ sơ tiếp nhận trực tuyến / số hồ sơ tiếp nhận mới trong kỳ", "trên số hồ sơ tiếp nhận mới")


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
