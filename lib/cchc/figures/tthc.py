"""Administrative-procedure (TTHC) figures from the dossier register: section II.2 of the report.

The register holds each dossier's CURRENT state (status as of the export); its dates place it in
time. The closing date is «Ngày có kết quả»: the day the result was issued (Đã giải quyết), or the
dossier was withdrawn (Rút hồ sơ) or returned (Trả lại); empty while open (Đang giải quyết, Chờ
bổ sung). A withdrawn or returned dossier without one is taken as closed on its received date
(validation warns). For a period [S, E] (every figure is a count of rows, never a typed total):
- in scope: received on or before E and not closed before S (those are the previous period's);
- carried over (từ kỳ trước): in scope, received before S; new (mới tiếp nhận): received in
  [S, E]; received online / in person / postal: new, by channel; total to handle (the field
  `received_total`) = carried over + new;
- resolved: Đã giải quyết and closed by E; before the deadline when the closing date is earlier
  than the deadline, on time when equal, late when after;
- withdrawn / returned: those statuses, closed by E; awaiting supplement: status Chờ bổ sung;
- pending: every other in-scope dossier, i.e. not closed by E (Đang giải quyết, or closed after
  E); within the deadline when the deadline is on or after E, else overdue. So total = resolved +
  pending + withdrawn + returned + awaiting, and the next adjacent period carries over exactly
  pending + awaiting;
- fell due in the period: in scope with the deadline in [S, E]; of those, due and resolved by the
  deadline: resolved with the closing date on or before the deadline;
- intake digitisation: base = subject to it (dien_so_hoa_tphs), digitised = base and da_so_hoa_tphs;
  result digitisation: base = resolved and subject to it, digitised = base and da_so_hoa_ket_qua;
- fee-bearing (co_phi) and, of those, paid online: in scope; unknown (None) when the register has
  no «Thu phí, lệ phí» column (or a row without it).
`_flags` is the one place these rules are written; `RULES` says each in words for the lineage
table, and the summary, the Biểu II.06a table and the charts all count the same flags. A frame
made of several files carries `schema.SOURCE_FILE`; each figure then has one `Source` per file.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from .. import fmt
from ..schema import CHANNELS, DOSSIERS, SOURCE_FILE
from . import MONEY, Figure, Rate, Source, sheet_rows
from . import formulas as formulas_m

# Vietnamese labels of the channel codes (schema maps label -> code).
CHANNEL_LABELS = {code: label for label, code in CHANNELS.items()}
_H = {c.key: c.header for c in DOSSIERS.columns}
CLOSED_STATUSES = ("da_giai_quyet", "rut", "tra_lai")
OPEN_STATUSES = ("dang_giai_quyet", "cho_bo_sung")

# flag -> (label, columns read, rule in words). The words follow `_flags` exactly.
_IN_SCOPE = (f"{_H['ngay_tiep_nhan']} đến hết kỳ, trừ hồ sơ đã kết thúc (có kết quả, rút, trả lại) trước kỳ")
_CLOSED = f"{_H['ngay_co_ket_qua']} (ngày kết thúc)"
_SCOPE_COLS = ("ngay_tiep_nhan", "ngay_co_ket_qua", "trang_thai")
RULES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "received": ("Hồ sơ tiếp nhận (kể cả từ kỳ trước)", _SCOPE_COLS, f"Hồ sơ có {_IN_SCOPE}"),
    "carried": ("Hồ sơ từ kỳ trước chuyển sang", _SCOPE_COLS,
                f"Hồ sơ có {_H['ngay_tiep_nhan']} trước ngày đầu kỳ và chưa kết thúc trước kỳ"),
    "new": ("Hồ sơ tiếp nhận mới trong kỳ", ("ngay_tiep_nhan",), f"Hồ sơ có {_H['ngay_tiep_nhan']} trong kỳ"),
    "online": ("Hồ sơ tiếp nhận trực tuyến", ("kenh", "ngay_tiep_nhan"),
               f"Hồ sơ có {_H['kenh']} = Trực tuyến và {_H['ngay_tiep_nhan']} trong kỳ"),
    "in_person": ("Hồ sơ tiếp nhận trực tiếp", ("kenh", "ngay_tiep_nhan"),
                  f"Hồ sơ có {_H['kenh']} = Trực tiếp và {_H['ngay_tiep_nhan']} trong kỳ"),
    "postal": ("Hồ sơ tiếp nhận qua dịch vụ bưu chính", ("kenh", "ngay_tiep_nhan"),
               f"Hồ sơ có {_H['kenh']} = Bưu chính và {_H['ngay_tiep_nhan']} trong kỳ"),
    "resolved": ("Hồ sơ đã giải quyết", ("trang_thai", "ngay_co_ket_qua"),
                 f"Hồ sơ trong kỳ có {_H['trang_thai']} = Đã giải quyết và {_H['ngay_co_ket_qua']} đến hết kỳ"),
    "early": ("Hồ sơ giải quyết trước hạn", ("trang_thai", "ngay_co_ket_qua", "han_giai_quyet"),
              f"Hồ sơ đã giải quyết có {_H['ngay_co_ket_qua']} trước {_H['han_giai_quyet']}"),
    "on_time": ("Hồ sơ giải quyết đúng hạn", ("trang_thai", "ngay_co_ket_qua", "han_giai_quyet"),
                f"Hồ sơ đã giải quyết có {_H['ngay_co_ket_qua']} bằng {_H['han_giai_quyet']}"),
    "late": ("Hồ sơ giải quyết quá hạn", ("trang_thai", "ngay_co_ket_qua", "han_giai_quyet"),
             f"Hồ sơ đã giải quyết có {_H['ngay_co_ket_qua']} sau {_H['han_giai_quyet']}"),
    "pending": ("Hồ sơ đang giải quyết", ("trang_thai", "ngay_co_ket_qua"),
                f"Hồ sơ trong kỳ chưa kết thúc đến hết kỳ ({_H['trang_thai']} = Đang giải quyết, hoặc {_CLOSED} "
                "sau ngày cuối kỳ), trừ hồ sơ chờ bổ sung"),
    "pending_within": ("Hồ sơ đang giải quyết trong hạn", ("trang_thai", "ngay_co_ket_qua", "han_giai_quyet"),
                       f"Hồ sơ đang giải quyết có {_H['han_giai_quyet']} từ ngày cuối kỳ trở đi"),
    "pending_overdue": ("Hồ sơ đang giải quyết quá hạn", ("trang_thai", "ngay_co_ket_qua", "han_giai_quyet"),
                        f"Hồ sơ đang giải quyết có {_H['han_giai_quyet']} trước ngày cuối kỳ"),
    "withdrawn": ("Hồ sơ rút", ("trang_thai", "ngay_co_ket_qua"),
                  f"Hồ sơ trong kỳ có {_H['trang_thai']} = Rút hồ sơ và {_CLOSED} đến hết kỳ (để trống: tính "
                  f"theo {_H['ngay_tiep_nhan']})"),
    "returned": ("Hồ sơ trả lại", ("trang_thai", "ngay_co_ket_qua"),
                 f"Hồ sơ trong kỳ có {_H['trang_thai']} = Trả lại và {_CLOSED} đến hết kỳ (để trống: tính theo "
                 f"{_H['ngay_tiep_nhan']})"),
    "awaiting": ("Hồ sơ chờ bổ sung", ("trang_thai",), f"Hồ sơ trong kỳ có {_H['trang_thai']} = Chờ bổ sung"),
    "due": ("Hồ sơ đến hạn giải quyết trong kỳ", ("han_giai_quyet",),
            f"Hồ sơ trong kỳ có {_H['han_giai_quyet']} trong kỳ"),
    "due_in_time": ("Hồ sơ đến hạn trong kỳ đã giải quyết trước hạn, đúng hạn",
                    ("han_giai_quyet", "trang_thai", "ngay_co_ket_qua"),
                    f"Hồ sơ có {_H['han_giai_quyet']} trong kỳ, đã giải quyết có {_H['ngay_co_ket_qua']} không sau "
                    f"{_H['han_giai_quyet']}"),
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
    "fee": ("Hồ sơ có thu phí, lệ phí", ("co_phi",), f"Hồ sơ trong kỳ có {_H['co_phi']} = Có"),
    "fee_paid": ("Hồ sơ có thu phí, lệ phí đã thanh toán trực tuyến", ("co_phi", "thanh_toan_truc_tuyen"),
                 f"Hồ sơ trong kỳ có {_H['co_phi']} = Có và {_H['thanh_toan_truc_tuyen']} = Có"),
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
    """Every TTHC figure of one period; each field is a `Figure` (an int with its lineage).

    `received_total` is the total to handle in the period (carried over + new). The fields after
    `result_digitised` came with issue 9 and have defaults, so a summary typed from a published
    report (tests) may leave them out: `new_received` None means "total − carried over";
    `fee_bearing` / `fee_paid_online` None mean the register does not say which dossiers carry a
    fee."""
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
    new_received: Figure | None = None
    due_in_period: Figure = 0
    due_resolved_in_time: Figure = 0
    fee_bearing: Figure | None = None
    fee_paid_online: Figure | None = None

    @property
    def total_to_handle(self) -> Figure:
        """Carried over + new: the spec's "tổng phải giải quyết" (the field `received_total`)."""
        return self.received_total

    @property
    def received_new(self) -> Figure:
        """Received within the period (not carried over): the base of the online share."""
        if self.new_received is not None:
            return self.new_received
        return _derived("received_new", RULES["new"][0], RULES["new"][2],
                        plus=(self.received_total,), minus=(self.carried_over,))

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
    def withdrawn_or_returned(self) -> Figure:
        return _derived("withdrawn_or_returned", "Hồ sơ rút, trả lại",
                        f"Hồ sơ trong kỳ có {_H['trang_thai']} = Rút hồ sơ hoặc Trả lại, kết thúc đến hết kỳ",
                        plus=(self.withdrawn, self.returned))

    @property
    def open_at_end(self) -> Figure:
        """Pending + awaiting supplement: what the next adjacent period carries over."""
        return _derived("open_at_end", "Hồ sơ chưa kết thúc đến hết kỳ (đang giải quyết, chờ bổ sung)",
                        "Hồ sơ trong kỳ chưa kết thúc đến hết kỳ",
                        plus=(self.pending_total, self.awaiting_supplement))

    def term(self, name: str) -> Figure:
        """The figure of a formula term (`formulas.TERMS`)."""
        return getattr(self, formulas_m.TERMS[name][0])


def _file_rows(f) -> dict[str, set[int]]:
    """file -> rows of a figure (a summary may be built from plain ints: tests, typed totals)."""
    out: dict[str, set[int]] = {}
    for s in getattr(f, "sources", ()):
        out.setdefault(s.file, set()).update(s.rows)
    return out


def _derived(key: str, label: str, rule: str, plus: tuple[Figure, ...], minus: tuple[Figure, ...] = (),
             unit: str = "hồ sơ") -> Figure:
    """A figure made of others (the rows of `minus` are among those of `plus`), one Source per file."""
    value = sum(int(f) for f in plus) - sum(int(f) for f in minus)
    sources = [s for f in plus + minus for s in getattr(f, "sources", ())]
    if not sources:
        return Figure(value, key=f"tthc.{key}", label=label, unit=unit, sources=(Source(DOSSIERS.title, "", (), rule),))
    columns = tuple(dict.fromkeys(c for s in sources for c in s.columns))
    added = [_file_rows(f) for f in plus]
    taken = [_file_rows(f) for f in minus]
    out = []
    for file in dict.fromkeys(s.file for s in sources):
        rows = set().union(*(a.get(file, set()) for a in added)) - set().union(*(t.get(file, set()) for t in taken))
        out.append(Source(sources[0].register, file, columns, rule, tuple(sorted(rows))))
    return Figure(value, key=f"tthc.{key}", label=label, unit=unit, sources=tuple(out))


_FIELD_FLAGS = {
    "received_total": "received", "received_online": "online", "received_in_person": "in_person",
    "received_postal": "postal", "carried_over": "carried", "resolved_total": "resolved",
    "resolved_early": "early", "resolved_on_time": "on_time", "resolved_late": "late",
    "pending_total": "pending", "pending_within": "pending_within", "pending_overdue": "pending_overdue",
    "withdrawn": "withdrawn", "returned": "returned", "awaiting_supplement": "awaiting",
    "detailed_intake": "detailed", "online_payments": "paid", "online_payment_amount": "amount",
    "intake_digitisation_base": "intake_base", "intake_digitised": "intake_dig",
    "result_digitisation_base": "result_base", "result_digitised": "result_dig",
    "new_received": "new", "due_in_period": "due", "due_resolved_in_time": "due_in_time",
    "fee_bearing": "fee", "fee_paid_online": "fee_paid",
}
assert set(_FIELD_FLAGS) == {f.name for f in fields(TthcSummary)}


def _day(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.normalize()


def _days(s: pd.Series) -> np.ndarray:
    """Days (datetime64[ns] at midnight, NaT kept) of a date column, as an array."""
    if not pd.api.types.is_datetime64_any_dtype(s):
        s = pd.to_datetime(s)
    return s.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype("datetime64[ns]")


def _bool(s: pd.Series) -> np.ndarray:
    return s.fillna(False).astype(bool).to_numpy()


def _closing(status: np.ndarray, result: np.ndarray, received: np.ndarray) -> np.ndarray:
    closed_status = np.isin(status, CLOSED_STATUSES)
    fallback = np.isin(status, ("rut", "tra_lai")) & np.isnat(result)
    return np.where(fallback, received, np.where(closed_status, result, np.datetime64("NaT", "ns")))


def closing_date(dossiers: pd.DataFrame) -> pd.Series:
    """The day each dossier was closed (`Ngày có kết quả` of a resolved, withdrawn or returned
    dossier; a withdrawn or returned one without it: its received day); NaT while open, whatever
    an open dossier's cell says. Same index as `dossiers`."""
    closed = _closing(dossiers["trang_thai"].to_numpy(dtype=object), _days(dossiers["ngay_co_ket_qua"]),
                      _days(dossiers["ngay_tiep_nhan"]))
    return pd.Series(closed, index=dossiers.index)


def _bounds(period) -> tuple[np.datetime64, np.datetime64]:
    return (np.datetime64(fmt.to_date(period.start), "ns"), np.datetime64(fmt.to_date(period.end), "ns"))


def _scope(received: np.ndarray, closed: np.ndarray, period) -> tuple[np.ndarray, np.ndarray]:
    start, end = _bounds(period)
    return received > end, ~np.isnat(closed) & (closed < start)  # NaT compares False


def out_of_scope(dossiers: pd.DataFrame, period) -> tuple[pd.Series, pd.Series]:
    """The two reasons a dossier belongs to no figure of the period: received after its end, or
    closed before its start (the previous period's). The one home of the in-scope rule:
    validation warns with the same masks. Same index as `dossiers`."""
    after, before = _scope(_days(dossiers["ngay_tiep_nhan"]), closing_date(dossiers).to_numpy(), period)
    return pd.Series(after, index=dossiers.index), pd.Series(before, index=dossiers.index)


def _flags(dossiers: pd.DataFrame, period) -> pd.DataFrame:
    """One column per figure (booleans; `amount` in đồng), one row per in-scope dossier, indexed
    by the dossier's POSITION in `dossiers` (its labels may repeat across files)."""
    start, end = _bounds(period)
    received = _days(dossiers["ngay_tiep_nhan"])
    status = dossiers["trang_thai"].to_numpy(dtype=object)
    closed = _closing(status, _days(dossiers["ngay_co_ket_qua"]), received)
    after_end, before_start = _scope(received, closed, period)
    pos = np.flatnonzero(~(after_end | before_start))
    received, closed, status = received[pos], closed[pos], status[pos]
    due = _days(dossiers["han_giai_quyet"])[pos]
    channel = dossiers["kenh"].to_numpy(dtype=object)[pos]

    def col(name):
        return _bool(dossiers[name])[pos]

    closed_by_end = ~np.isnat(closed) & (closed <= end)  # NaT compares False; spelled out for the reader
    carried = received < start
    new = ~carried
    resolved = (status == "da_giai_quyet") & closed_by_end
    withdrawn = (status == "rut") & closed_by_end
    returned = (status == "tra_lai") & closed_by_end
    awaiting = status == "cho_bo_sung"
    pending = ~(resolved | withdrawn | returned | awaiting)
    fell_due = (due >= start) & (due <= end)
    paid = col("thanh_toan_truc_tuyen")
    intake_base = col("dien_so_hoa_tphs")
    result_base = resolved & col("dien_so_hoa_ket_qua")
    fee = col("co_phi") if "co_phi" in dossiers else np.zeros(len(pos), dtype=bool)
    f = pd.DataFrame({
        "received": np.ones(len(pos), dtype=bool), "carried": carried, "new": new,
        "online": new & (channel == "truc_tuyen"), "in_person": new & (channel == "truc_tiep"),
        "postal": new & (channel == "buu_chinh"),
        "resolved": resolved, "early": resolved & (closed < due), "on_time": resolved & (closed == due),
        "late": resolved & (closed > due),
        "pending": pending, "pending_within": pending & (due >= end), "pending_overdue": pending & (due < end),
        "withdrawn": withdrawn, "returned": returned, "awaiting": awaiting,
        "due": fell_due, "due_in_time": fell_due & resolved & (closed <= due),
        "detailed": col("tiep_nhan_chi_tiet"), "paid": paid,
        "intake_base": intake_base, "intake_dig": intake_base & col("da_so_hoa_tphs"),
        "result_base": result_base, "result_dig": result_base & col("da_so_hoa_ket_qua"),
        "fee": fee, "fee_paid": fee & paid,
    }, index=pd.Index(pos, name="_pos"))
    amount = dossiers["so_tien_thanh_toan"].fillna(0).astype("int64").to_numpy()[pos]
    f["amount"] = np.where(paid, amount, 0)
    return f


def fee_known(dossiers: pd.DataFrame, flags: pd.DataFrame | None = None) -> bool:
    """The register says, for every in-scope dossier, whether it carries a fee (the optional
    column «Thu phí, lệ phí» is there and filled)."""
    if "co_phi" not in dossiers:
        return False
    values = dossiers["co_phi"] if flags is None else dossiers["co_phi"].iloc[flags.index.to_numpy()]
    return not values.isna().any()


def _file_masks(dossiers: pd.DataFrame, file: str) -> list[tuple[str, np.ndarray | None]]:
    """(file, mask over positions) per register file: one file unless the frame has SOURCE_FILE."""
    if SOURCE_FILE not in dossiers or not len(dossiers):
        return [(file, None)]
    files = dossiers[SOURCE_FILE].astype(str).to_numpy()
    return [(name, files == name) for name in dict.fromkeys(files)]


def _summary_from_flags(f: pd.DataFrame, dossiers: pd.DataFrame, file: str = "") -> TthcSummary:
    n = {k: int(v) for k, v in f.sum().items()}
    known_fee = fee_known(dossiers, f)
    pos = f.index.to_numpy()
    labels = dossiers.index
    parts = [(name, None if mask is None else mask[pos]) for name, mask in _file_masks(dossiers, file)]
    values = {}
    for name, flag in _FIELD_FLAGS.items():
        if flag in ("fee", "fee_paid") and not known_fee:
            values[name] = None
            continue
        label, cols, rule = RULES[flag]
        mask = (f["paid"] if flag == "amount" else f[flag]).to_numpy(dtype=bool)
        sources = []
        for fname, in_file in parts:
            chosen = pos[mask if in_file is None else mask & in_file]
            rows = sheet_rows(labels[chosen]) if len(chosen) else ()
            sources.append(Source(DOSSIERS.title, fname, tuple(_H[c] for c in cols), rule, rows))
        values[name] = Figure(n[flag], key=f"tthc.{name}", label=label,
                              unit={"amount": "đồng", "paid": "lượt"}.get(flag, "hồ sơ"),
                              kind=MONEY if flag == "amount" else "count", sources=tuple(sources))
    return TthcSummary(**values)


def summary(dossiers: pd.DataFrame, period, file: str = "") -> TthcSummary:
    """Every TTHC figure of the period (see the module docstring for the definitions). Each figure
    names its register file: one Source per file of `schema.SOURCE_FILE` when the frame has it,
    else `file`."""
    return _summary_from_flags(_flags(dossiers, period), dossiers, file)


# --- identities -----------------------------------------------------------------------------------

def identities(s: TthcSummary) -> list[tuple[str, str, int, list[tuple[str, int]]]]:
    """The sums the figures of one period must satisfy, each as (name, total label, total,
    [(part label, part)]): the reviewers' appendix checks them (`checks.py`), the tests too."""
    new = s.received_new
    return [
        ("Hồ sơ tiếp nhận = từ kỳ trước + mới tiếp nhận", "tiếp nhận", s.received_total,
         [("từ kỳ trước", s.carried_over), ("mới tiếp nhận", new)]),
        ("Hồ sơ tiếp nhận = đã giải quyết + đang giải quyết + rút + trả lại + chờ bổ sung", "tiếp nhận",
         s.received_total,
         [("đã giải quyết", s.resolved_total), ("đang giải quyết", s.pending_total), ("rút", s.withdrawn),
          ("trả lại", s.returned), ("chờ bổ sung", s.awaiting_supplement)]),
        ("Hồ sơ tiếp nhận = trực tuyến + trực tiếp + bưu chính + từ kỳ trước", "tiếp nhận", s.received_total,
         [("trực tuyến", s.received_online), ("trực tiếp", s.received_in_person),
          ("bưu chính", s.received_postal), ("từ kỳ trước", s.carried_over)]),
        ("Hồ sơ đã giải quyết = trước hạn + đúng hạn + quá hạn", "đã giải quyết", s.resolved_total,
         [("trước hạn", s.resolved_early), ("đúng hạn", s.resolved_on_time), ("quá hạn", s.resolved_late)]),
        ("Hồ sơ đang giải quyết = trong hạn + quá hạn", "đang giải quyết", s.pending_total,
         [("trong hạn", s.pending_within), ("quá hạn", s.pending_overdue)]),
    ]


def bounds(s: TthcSummary) -> list[tuple[str, int, int, str, str]]:
    """Parts that cannot exceed their whole, as (name, part, whole, part label, whole label)."""
    out = [
        ("Hồ sơ đến hạn trong kỳ đã giải quyết đúng hạn ≤ hồ sơ đến hạn trong kỳ", s.due_resolved_in_time,
         s.due_in_period, "đến hạn, giải quyết trước hạn và đúng hạn", "đến hạn trong kỳ"),
        ("Hồ sơ đến hạn trong kỳ ≤ hồ sơ tiếp nhận", s.due_in_period, s.received_total,
         "đến hạn trong kỳ", "tiếp nhận"),
        ("Hồ sơ đến hạn trong kỳ đã giải quyết đúng hạn ≤ hồ sơ giải quyết trước hạn và đúng hạn",
         s.due_resolved_in_time, int(s.resolved_early) + int(s.resolved_on_time),
         "đến hạn, giải quyết trước hạn và đúng hạn", "giải quyết trước hạn và đúng hạn"),
    ]
    if s.fee_bearing is not None:
        out.append(("Hồ sơ có thu phí thanh toán trực tuyến ≤ hồ sơ có thu phí, lệ phí", s.fee_paid_online,
                    s.fee_bearing, "có phí, thanh toán trực tuyến", "có thu phí, lệ phí"))
    return out


def identity_problems(s: TthcSummary) -> list[str]:
    """Every identity or bound the summary breaks, in Vietnamese; [] when all hold."""
    out = []
    for name, _, total, parts in identities(s):
        got = sum(int(n) for _, n in parts)
        if got != int(total):
            out.append(f"{name}: {fmt.number(total)} ≠ {fmt.number(got)}")
    for name, part, whole, _, _ in bounds(s):
        if not 0 <= int(part) <= int(whole):
            out.append(f"{name}: {fmt.number(part)} > {fmt.number(whole)}")
    return out


# --- rates --------------------------------------------------------------------------------------

def _side(s: TthcSummary, terms: tuple[str, ...], key: str) -> Figure:
    if len(terms) == 1:
        return s.term(terms[0])
    if sorted(terms) == ["dung_han", "truoc_han"]:
        return s.resolved_in_time
    words = " + ".join(formulas_m.TERMS[t][1] for t in terms)
    return _derived(key, words[:1].upper() + words[1:], f"Tổng: {words}", plus=tuple(s.term(t) for t in terms))


def on_time_rate(s: TthcSummary, formula="tren-tiep-nhan") -> Rate:
    """The on-time rate by a named formula (`figures.formulas`): a `Formula`, a preset or legacy
    basis name ("received", "resolved", "due"). Its formula text is the formula in words, its
    base the words that follow the rate ("trên tổng số hồ sơ tiếp nhận")."""
    try:
        f = formulas_m.resolve(formula)
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None
    num = _side(s, f.numerator, f"on_time_rate.{f.key}.numerator")
    den = _side(s, f.denominator, f"on_time_rate.{f.key}.denominator")
    return Rate("tthc.on_time_rate", f.label, num, den, f.words, f.base)


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


def pending_share(s: TthcSummary) -> Rate:
    return Rate("tthc.pending_share", "Tỷ lệ hồ sơ đang giải quyết", s.pending_total, s.received_total,
                "số hồ sơ đang giải quyết / tổng số hồ sơ tiếp nhận (kể cả hồ sơ từ kỳ trước chuyển sang)",
                "trên tổng số hồ sơ tiếp nhận")


def withdrawn_returned_share(s: TthcSummary) -> Rate:
    return Rate("tthc.withdrawn_returned_share", "Tỷ lệ hồ sơ rút, trả lại", s.withdrawn_or_returned,
                s.received_total,
                "(số hồ sơ rút + số hồ sơ trả lại) / tổng số hồ sơ tiếp nhận (kể cả hồ sơ từ kỳ trước chuyển sang)",
                "trên tổng số hồ sơ tiếp nhận")


def online_payment_share(s: TthcSummary) -> Rate | None:
    """Fee-bearing dossiers paid online over fee-bearing dossiers; None when the register does
    not say which dossiers carry a fee (no «Thu phí, lệ phí» column)."""
    if s.fee_bearing is None or s.fee_paid_online is None:
        return None
    return Rate("tthc.online_payment_share", "Tỷ lệ hồ sơ thanh toán trực tuyến", s.fee_paid_online, s.fee_bearing,
                "số hồ sơ có thu phí, lệ phí đã thanh toán trực tuyến / số hồ sơ có thu phí, lệ phí",
                "trên số hồ sơ có thu phí, lệ phí")


# --- tables -------------------------------------------------------------------------------------

def table_ii06a(dossiers: pd.DataFrame, period, by: str | None = "linh_vuc") -> pd.DataFrame:
    """The standard TTHC statistics table (Biểu II.06a/VPCP/KSTT layout): one row per value of
    `by` (fields in Vietnamese alphabetical order) and a "Tổng cộng" row equal to the column sums;
    `by=None` gives the total row alone. Integer cells, Vietnamese MultiIndex columns."""
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
        keys = dossiers[by].astype(str).to_numpy()[f.index.to_numpy()]
        rows = cells.groupby(keys).sum()
        rows = rows.loc[sorted(rows.index, key=fmt.sort_key_vi)]
        out = pd.concat([rows, pd.DataFrame([total.to_numpy()], columns=II06A_COLUMNS, index=[TOTAL_LABEL])])
    out.index.name = "Lĩnh vực" if by == "linh_vuc" else (by or "")
    return out.astype("int64")


def _month_of(day, start_day: int) -> tuple[int, int]:
    """The (year, month) a day's month is named for in a calendar whose months start on
    `start_day`: with BNV cut-offs (15), 15/12/2023 belongs to tháng 1 năm 2024."""
    if start_day <= 1 or day.day < start_day:
        return day.year, day.month
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def _months(period) -> list[tuple[int, int]]:
    """Every month of the period, as its calendar names them (a BNV year: tháng 1 – tháng 12)."""
    start_day = getattr(period, "start_day", 1) or 1
    first = _month_of(fmt.to_date(period.start), start_day)
    last = _month_of(fmt.to_date(period.end), start_day)
    months, (y, m) = [], first
    while (y, m) <= last:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def intake_by_month(dossiers: pd.DataFrame, period) -> pd.DataFrame:
    """Dossiers received within the period, months (every month of the period, "01/2023") by
    channel. Months are those of the period's calendar: with BNV cut-offs a year's tháng 1 runs
    from 15/12 to 14/1, so the months add up to the monthly reports. Online and in person always
    appear; postal only when some dossier came by post."""
    f = _flags(dossiers, period)
    new = f.index.to_numpy()[f["new"].to_numpy()]
    received = _day(dossiers["ngay_tiep_nhan"].iloc[new]).reset_index(drop=True)
    channel = dossiers["kenh"].iloc[new].reset_index(drop=True)
    months = _months(period)
    labels = [fmt.month_year(y, m) for y, m in months]
    codes = ["truc_tuyen", "truc_tiep"] + (["buu_chinh"] if (channel == "buu_chinh").any() else [])
    start_day = getattr(period, "start_day", 1) or 1
    data = {}
    for code in codes:
        sel = received[channel == code]
        counts = pd.Series([_month_of(d, start_day) for d in sel.dt.date], dtype=object).value_counts()
        data[CHANNEL_LABELS[code]] = [int(counts.get(ym, 0)) for ym in months]
    out = pd.DataFrame(data, index=pd.Index(labels, name="Tháng"))
    out.columns.name = "Kênh nộp"
    return out.astype("int64")


def timeliness_by_field(dossiers: pd.DataFrame, period, by: str = "linh_vuc") -> pd.DataFrame:
    """Resolved dossiers per field: before, on and past the deadline, the total, and the share
    resolved before or on the deadline in percent (rounded half up to 2 places). Fields that
    resolved nothing are left out."""
    f = _flags(dossiers, period)
    f = f[f["resolved"]]
    keys = dossiers[by].astype(str).to_numpy()[f.index.to_numpy()]
    g = f[["early", "on_time", "late"]].astype("int64").groupby(keys).sum()
    g.columns = ["Trước hạn", "Đúng hạn", "Quá hạn"]
    g["Tổng số"] = g.sum(axis=1)
    g = g.loc[sorted(g.index, key=fmt.sort_key_vi)]
    rate = [float(fmt.round_half_up(fmt.exact(int(a + b)) * 100 / int(t), 2))
            for a, b, t in zip(g["Trước hạn"], g["Đúng hạn"], g["Tổng số"])]
    g["Tỷ lệ trước hạn và đúng hạn (%)"] = rate
    g.index.name = "Lĩnh vực" if by == "linh_vuc" else by
    return g
