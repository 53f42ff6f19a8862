"""A parent unit's consolidated report: its communes' figures for one period, side by side.

A parent unit (thị xã Đức Phổ until 30/06/2025, tỉnh Quảng Ngãi after) files a report per period
built from the reports of the units that report to it at the period's end (`discovery.children`).
It reads the same validated inputs as the unit reports (`load.validate_unit_period` per child,
from the build's frozen inputs) and computes each unit's figures through the unit report's own
facade (`unit_report.Report`), never from their HTML. Every child is listed: a child with no
params for the period ("khong_co_bao_cao"), one whose inputs fail validation or whose unit report
failed to build ("loi") is left out of the totals and said so, with the reason.

One on-time formula for the whole report: the parent's params `on_time_formula` (else the
project's, else the default), stated once; each unit's rate is recomputed by it from the unit's
figures, whatever formula the unit's own report uses (the table's note names those).

`ConsolidatedReport` is what the notebooks of `notebooks/tong-hop/` call (`report(unit, period,
snapshot)`), and `tables()` gives its tables as `tables.Table` for the Excel and Word outputs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from . import fmt
from .figures import formulas as formulas_m
from .prose.phrases import Sentence

from .tables import Table

# A child's status in the consolidated report and in its status.json (spec C).
INCLUDED, NO_REPORT, FAILED = "tong_hop", "khong_co_bao_cao", "loi"
STATUS_TEXT = {INCLUDED: "Đã tổng hợp", NO_REPORT: "Không có báo cáo", FAILED: "Lỗi"}
TOTAL_LABEL = "Tổng cộng"

# The Biểu II.06a columns, consolidated (design.md "Consolidation upward"): TthcSummary attribute -> header.
COUNTS: tuple[tuple[str, str], ...] = (
    ("received_total", "Tiếp nhận: tổng số"),
    ("received_online", "Tiếp nhận: trực tuyến"),
    ("received_in_person", "Tiếp nhận: trực tiếp"),
    ("received_postal", "Tiếp nhận: bưu chính"),
    ("carried_over", "Tiếp nhận: từ kỳ trước"),
    ("resolved_total", "Đã giải quyết: tổng số"),
    ("resolved_early", "Đã giải quyết: trước hạn"),
    ("resolved_on_time", "Đã giải quyết: đúng hạn"),
    ("resolved_late", "Đã giải quyết: quá hạn"),
    ("pending_total", "Đang giải quyết: tổng số"),
    ("pending_within", "Đang giải quyết: trong hạn"),
    ("pending_overdue", "Đang giải quyết: quá hạn"),
    ("awaiting_supplement", "Chờ bổ sung"),
    ("withdrawn_or_returned", "Rút, trả lại"),
)
COUNT_KEYS = tuple(k for k, _ in COUNTS)
# Staff totals: group code (figures.staff) -> header; positions and vacancies after.
STAFF_GROUPS = (("can_bo", "Cán bộ"), ("cong_chuc", "Công chức"),
                ("khong_chuyen_trach", "Người hoạt động không chuyên trách"))
# The kinds of commune-level unit, as a plural names them ("UBND các xã, phường").
_KIND_ORDER = ("xã", "phường", "thị trấn", "đặc khu")


# ---- each unit's figures ----------------------------------------------------------------------

@dataclass(frozen=True)
class UnitFigures:
    """What the consolidated report prints of one unit, computed from its unit report (`Report`)."""
    counts: dict[str, int]  # COUNT_KEYS
    on_time: tuple[int, int]  # numerator, denominator by the consolidated report's formula
    own_formula: str  # the key of the formula the unit's own report uses
    staff: dict[str, int]  # STAFF_GROUPS codes (people), "positions", "vacant"
    targets: tuple[dict, ...]  # target_results
    comparator: str = ""  # the period compared with ("năm 2023"), "" when the unit has none
    previous_received: int | None = None
    previous_on_time: tuple[int, int] | None = None
    change_received: str = ""  # "tăng 3,2% so với năm 2023" (phrases.change)
    change_on_time: str = ""
    warnings: int = 0
    number: str = ""  # the unit report's number and date
    date: str = ""
    service_index: tuple[float, float] | None = None  # points, maximum (figures.service_index), when there
    dates: str = ""  # the unit report's own dates ("từ ngày 01/01/2023 đến ngày 06/12/2023")


@dataclass(frozen=True)
class Child:
    """A unit that reports to the parent at the period's end, and what became of its report."""
    slug: str
    name: str  # "Phường Phổ Hòa"
    status: str  # INCLUDED | NO_REPORT | FAILED
    reason: str = ""  # Vietnamese, for NO_REPORT and FAILED
    figures: UnitFigures | None = None
    kind: str = ""  # phường, xã, thị trấn, đặc khu

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


def target_results(rep) -> list[dict]:
    """The targets of a unit report (`unit_report.Report`) and whether each is met, as the index and
    the consolidated report show them: {key, label, value_text, target_text, met}. A target whose
    rate has no base, or an on-time target on another formula than the report's, is not compared
    (the report does not compare it either: `prose.findings`)."""
    from .figures.tthc import intake_digitisation_rate, on_time_rate, online_share, result_digitisation_rate
    from .prose.findings import RATE_LABELS

    t, formula = rep.tthc, rep.on_time_formula
    rates = {"on_time": on_time_rate(t, formula), "intake_digitisation": intake_digitisation_rate(t),
             "result_digitisation": result_digitisation_rate(t), "online_share": online_share(t)}
    out = []
    for key, target in rep.params.targets.items():
        if key == "on_time" and target.formula is not None and \
                not formulas_m.resolve(target.formula).same_terms(formulas_m.resolve(formula)):
            continue
        n, d = rates[key].pair
        if not d:
            continue
        out.append({"key": key, "label": RATE_LABELS[key], "value_text": fmt.percent(n, d),
                    "target_text": fmt.pct(fmt.exact(target.value) * 100),
                    "met": bool(fmt.exact(n) / d >= fmt.exact(target.value)), "value": n / d,
                    "target": float(target.value)})
    return out


def unit_status_fields(rep) -> dict:
    """What a unit report's status.json says besides its figures (spec C): kind, parent, number,
    date, signatory and targets."""
    p = rep.params
    return {"kind": "unit", "parent": rep.unit.parent_on(rep.period.end) or "",
            "number": p.number, "date": p.issued_on.isoformat(),
            "signatory": f"{p.signatory.title.capitalize()} {p.signatory.name}".strip(),
            "targets": [{k: t[k] for k in ("label", "value_text", "target_text", "met")} for t in target_results(rep)]}


def _service_index():
    """`figures.service_index` when it is there (another part of issue 12 builds it), else None."""
    try:
        from .figures import service_index
    except ImportError:
        return None
    return service_index if hasattr(service_index, "compute") else None


def unit_figures(rep, formula) -> UnitFigures:
    """One unit's figures from its report (`unit_report.Report`), its on-time rate by `formula`."""
    from .figures.tthc import on_time_rate
    from .prose.phrases import against, change

    t = rep.tthc
    counts = {k: int(getattr(t, k)) for k in COUNT_KEYS}
    staff = {code: int(rep.staff[code].filled) for code, _ in STAFF_GROUPS}
    staff["positions"] = int(rep.staff.total_positions)
    staff["vacant"] = staff["positions"] - sum(staff[c] for c, _ in STAFF_GROUPS)
    on_time = on_time_rate(t, formula).pair
    extra = {}
    previous, comparator = rep.previous_tthc, rep.comparator
    if previous is not None and comparator is not None:
        before = on_time_rate(previous, formula).pair
        tail = " " + against(comparator, rep.period)  # the table names the period compared with once
        extra = {"comparator": comparator.name, "previous_received": int(previous.received_total),
                 "previous_on_time": before,
                 "change_received": change(t.received_total, previous.received_total, comparator, "count",
                                           "hồ sơ", period=rep.period).removesuffix(tail)}
        if on_time[1] and before[1]:
            extra["change_on_time"] = change(on_time, before, comparator, "rate", period=rep.period).removesuffix(tail)
    si = _service_index()
    if si is not None:
        try:
            index = si.compute(rep)
            extra["service_index"] = (float(index.total), float(index.max_points))
        except Exception:  # the index of a unit it cannot compute is left out of the ranking, never a failure
            pass
    return UnitFigures(counts, on_time, rep.on_time_formula.key, staff, tuple(target_results(rep)),
                       warnings=len(rep.uy.warnings), number=rep.params.number,
                       date=fmt.date_short(rep.params.issued_on), dates=rep.period.range_text, **extra)


# ---- the report ------------------------------------------------------------------------------

def _sum_pairs(pairs) -> tuple[int, int]:
    pairs = list(pairs)
    return sum(n for n, _ in pairs), sum(d for _, d in pairs)


class ConsolidatedReport:
    """A parent unit's consolidated report of one period (`parent`: a Unit; `params`: its
    ReportParams; `children`: every Child, included or not, in order)."""

    def __init__(self, parent, params, children: list[Child], problems: list[str] | None = None):
        self.parent = parent
        self.params = params
        self.children = list(children)
        self.problems = list(problems or [])  # warnings of the parent's own params, Vietnamese

    # ---- basics ------------------------------------------------------------------------------
    @property
    def unit(self):
        return self.parent

    @property
    def period(self):
        return self.params.period

    @property
    def formula(self):
        """The one on-time formula of the whole report."""
        return self.params.on_time_formula

    @property
    def included(self) -> list[Child]:
        return [c for c in self.children if c.status == INCLUDED]

    @property
    def left_out(self) -> list[Child]:
        return [c for c in self.children if c.status != INCLUDED]

    @property
    def kinds_text(self) -> str:
        """"xã, phường" (the kinds of its children, as "UBND các xã, phường" names them)."""
        kinds = {c.kind for c in self.children}
        found = [k for k in _KIND_ORDER if k in kinds]
        return ", ".join(found) or "xã, phường"

    @cached_property
    def totals(self) -> dict[str, int]:
        return {k: sum(c.figures.counts[k] for c in self.included) for k in COUNT_KEYS}

    @cached_property
    def on_time_total(self) -> tuple[int, int]:
        """The parent's on-time rate: the units' numerators over their denominators (never an
        average of rates)."""
        return _sum_pairs(c.figures.on_time for c in self.included)

    # ---- the document frame -----------------------------------------------------------------
    def _about(self) -> str:
        return (f"kết quả thực hiện công tác cải cách hành chính {self.period.name} của UBND các "
                f"{self.kinds_text} trên địa bàn {self.parent.full_name}")

    def document_header(self) -> dict:
        from .prose import header as header_p

        head = header_p.document_header(self.parent, self.params, self.period, subject="cchc")
        addressee = self.params.addressee or head.get("parent", "")
        closing = f"Trên đây là báo cáo tổng hợp {self._about()}."
        closing += f" Kính báo cáo {addressee}./." if addressee else "/."
        head.update({
            "subject": ["Tổng hợp kết quả thực hiện công tác cải cách hành chính",
                        f"{self.period.name} của UBND các {self.kinds_text}"],
            "closing": fmt.nfc(closing),
            "title": fmt.nfc(f"Báo cáo tổng hợp {self._about()} — {self.parent.issuer_full}"),
            "consolidated": True,
        })
        return head

    def intro(self) -> list[Sentence]:
        n, k = len(self.children), len(self.included)
        out = [Sentence(self.params.basis)] if self.params.basis else []
        out.append(Sentence(f"{self.parent.issuer_full} tổng hợp {self._about()} ({fmt.count(k)}/{fmt.number(n)} "
                            "đơn vị có báo cáo được tổng hợp) như sau:"))
        return out

    def coverage_prose(self) -> list[Sentence]:
        n, k = len(self.children), len(self.included)
        if not n:
            return [Sentence(f"Không có đơn vị cấp xã nào báo cáo {self.parent.issuer_full} tại ngày "
                             f"{fmt.date_short(self.period.end)} (params/units.yaml).")]
        text = (f"Trên địa bàn {self.parent.full_name} có {fmt.count(n)} đơn vị cấp xã báo cáo "
                f"{self.parent.issuer_full} {self.period.name}; {fmt.count(k)} đơn vị có báo cáo được tổng hợp")
        missing = [c for c in self.children if c.status == NO_REPORT]
        failed = [c for c in self.children if c.status == FAILED]
        if missing:
            text += f", {fmt.count(len(missing))} đơn vị không có báo cáo {self.period.name}"
        if failed:
            text += f", {fmt.count(len(failed))} đơn vị có báo cáo lỗi chưa tổng hợp được"
        out = [Sentence(text + ".")]
        if self.left_out:
            out.append(Sentence("Các đơn vị chưa được tổng hợp được liệt kê tại mục cuối của báo cáo; số liệu tổng "
                                "hợp chỉ gồm các đơn vị có báo cáo."))
        return out

    def formula_sentence(self) -> Sentence:
        f = self.formula
        others = sorted({c.name for c in self.included if c.figures.own_formula != f.key})
        text = (f"Tỷ lệ giải quyết đúng hạn của mọi đơn vị và của toàn {self.parent.kind} trong báo cáo này tính theo "
                f"cùng một cách tính («{f.key}»): {f.words[:1].lower()}{f.words[1:]}.")
        if others:
            text += (f" Báo cáo riêng của {fmt.join_vi(others)} tính tỷ lệ theo cách khác nên tỷ lệ của các đơn vị "
                     "này ở đây có thể khác tỷ lệ in trong báo cáo của đơn vị.")
        return Sentence(text)

    def tthc_prose(self) -> list[Sentence]:
        if not self.included:
            return []
        t = self.totals
        n, d = self.on_time_total
        new = t["received_online"] + t["received_in_person"] + t["received_postal"]
        out = [Sentence(f"Tổng số hồ sơ tiếp nhận của {fmt.count(len(self.included))} đơn vị: "
                        f"{fmt.number(t['received_total'])} hồ sơ (từ kỳ trước chuyển sang "
                        f"{fmt.number(t['carried_over'])}; mới tiếp nhận {fmt.number(new)}, trong đó trực tuyến "
                        f"{fmt.number(t['received_online'])} hồ sơ, chiếm {fmt.percent(t['received_online'], new)})."),
               Sentence(f"Đã giải quyết {fmt.number(t['resolved_total'])} hồ sơ (trước hạn "
                        f"{fmt.number(t['resolved_early'])}, đúng hạn {fmt.number(t['resolved_on_time'])}, quá hạn "
                        f"{fmt.number(t['resolved_late'])}); đang giải quyết {fmt.number(t['pending_total'])} hồ sơ "
                        f"(trong hạn {fmt.number(t['pending_within'])}, quá hạn {fmt.number(t['pending_overdue'])}); "
                        f"chờ bổ sung {fmt.number(t['awaiting_supplement'])}; rút, trả lại "
                        f"{fmt.number(t['withdrawn_or_returned'])} hồ sơ.")]
        if d:
            out.append(Sentence(f"{self.formula.label} của toàn {self.parent.kind}: {fmt.percent(n, d)} "
                                f"({fmt.number(n)}/{fmt.number(d)} hồ sơ, {self.formula.base})."))
        late = sorted((c for c in self.included if c.figures.counts["resolved_late"]),
                      key=lambda c: -c.figures.counts["resolved_late"])
        if late:
            names = [f"{c.name} ({fmt.number(c.figures.counts['resolved_late'])})" for c in late[:5]]
            out.append(Sentence(f"Các đơn vị có nhiều hồ sơ giải quyết quá hạn nhất: {fmt.join_vi(names)}."))
        return out

    # ---- tables ------------------------------------------------------------------------------
    def table_ii06a_table(self) -> Table:
        rows = []
        for c in self.included:
            n, d = c.figures.on_time
            rows.append([c.name, *(c.figures.counts[k] for k in COUNT_KEYS), (n / d) if d else None])
        n, d = self.on_time_total
        rows.append([TOTAL_LABEL, *(self.totals[k] for k in COUNT_KEYS), (n / d) if d else None])
        return Table("bieu-ii06a-tong-hop",
                     f"Biểu tổng hợp tình hình giải quyết TTHC của các đơn vị cấp xã {self.period.name} "
                     "(theo mẫu Biểu II.06a/VPCP/KSTT)",
                     ["Đơn vị", *(h for _, h in COUNTS), "Tỷ lệ đúng hạn"],
                     rows, ["text", *["int"] * len(COUNTS), "percent"], total_rows=1,
                     note=f"{self.formula.words}. Dòng {TOTAL_LABEL}: tổng của các đơn vị có "
                          "báo cáo được tổng hợp; tỷ lệ của dòng này là tổng tử số trên tổng mẫu số."
                          + self._dates_note())

    def _dates_note(self) -> str:
        """When a unit's report covers other dates than the parent's period (the 2023 reports ran
        to their own issue dates), the table says so: each row is its unit's report."""
        own = self.period.range_text
        other = {c.name: c.figures.dates for c in self.included if c.figures.dates and c.figures.dates != own}
        if not other:
            return ""
        spans = sorted(set(other.values()))
        return (f" Số liệu của mỗi đơn vị theo kỳ báo cáo của đơn vị; {fmt.count(len(other))} đơn vị báo cáo "
                f"khác kỳ {own}: {'; '.join(spans[:3])}{' …' if len(spans) > 3 else ''}.")

    def staff_table_data(self) -> Table:
        rows = []
        keys = [c for c, _ in STAFF_GROUPS]
        for c in self.included:
            s = c.figures.staff
            rows.append([c.name, *(s[k] for k in keys), sum(s[k] for k in keys), s["positions"], s["vacant"]])
        total = [sum(r[i] for r in rows) for i in range(1, len(keys) + 4)]
        rows.append([TOTAL_LABEL, *total])
        return Table("doi-ngu-tong-hop", f"Đội ngũ cán bộ, công chức, người hoạt động không chuyên trách cấp xã "
                                         f"{self.period.name}",
                     ["Đơn vị", *(h for _, h in STAFF_GROUPS), "Tổng số người", "Số vị trí", "Vị trí còn trống"],
                     rows, ["text"] + ["int"] * (len(keys) + 3), total_rows=1,
                     note="Theo danh sách cán bộ, công chức (can-bo) của từng đơn vị tại cuối kỳ báo cáo.")

    TARGET_SHORT = {"intake_digitisation": "Số hóa TPHS", "result_digitisation": "Số hóa kết quả",
                    "on_time": "Đúng hạn", "online_share": "Trực tuyến"}

    def _target_keys(self) -> list[str]:
        from .model import TARGET_KEYS

        found = {t["key"] for c in self.included for t in c.figures.targets}
        return [k for k in TARGET_KEYS if k in found]

    def _target_header(self, key: str) -> str:
        levels = {t["target_text"] for c in self.included for t in c.figures.targets if t["key"] == key}
        short = self.TARGET_SHORT[key]
        return f"{short} (chỉ tiêu {levels.pop()})" if len(levels) == 1 else short

    def targets_table_data(self) -> Table:
        """One row per unit: each target's result and whether it is met, and how many it met."""
        keys = self._target_keys()
        rows = []
        for c in self.included:
            by_key = {t["key"]: t for t in c.figures.targets}
            row = [c.name]
            for k in keys:
                t = by_key.get(k)
                row += [t["value"], "Đạt" if t["met"] else "KHÔNG ĐẠT"] if t else [None, "—"]
            met = sum(t["met"] for t in c.figures.targets)
            row.append(f"{met}/{len(c.figures.targets)}")
            rows.append(row)
        columns = ["Đơn vị"] + [f"{self._target_header(k)}: {part}" for k in keys for part in ("kết quả", "đánh giá")]
        return Table("chi-tieu", f"Kết quả thực hiện chỉ tiêu của từng đơn vị {self.period.name}",
                     columns + ["Số chỉ tiêu đạt"], rows, ["text"] + ["percent", "text"] * len(keys) + ["text"],
                     note="Chỉ tiêu và kết quả theo báo cáo của từng đơn vị (tỷ lệ đúng hạn theo cách tính của "
                          "báo cáo đơn vị); «—»: báo cáo của đơn vị không so sánh chỉ tiêu này.")

    def changes_table_data(self) -> Table:
        rows = []
        for c in self.included:
            f = c.figures
            n, d = f.on_time
            if f.comparator:
                pn, pd_ = f.previous_on_time or (0, 0)
                rows.append([c.name, f.comparator, f.counts["received_total"], f.previous_received,
                             f.change_received, (n / d) if d else None, (pn / pd_) if pd_ else None,
                             f.change_on_time or "—"])
            else:
                rows.append([c.name, "không có báo cáo cùng kỳ", f.counts["received_total"], None, "—",
                             (n / d) if d else None, None, "—"])
        return Table("so-sanh-cung-ky", f"Thay đổi so với cùng kỳ năm trước của từng đơn vị ({self.period.name})",
                     ["Đơn vị", "Kỳ so sánh", "Hồ sơ tiếp nhận", "Hồ sơ tiếp nhận kỳ so sánh", "Thay đổi",
                      "Tỷ lệ đúng hạn", "Tỷ lệ đúng hạn kỳ so sánh", "Thay đổi tỷ lệ"],
                     rows, ["text", "text", "int", "int", "text", "percent", "percent", "text"],
                     note=f"So sánh với báo cáo cùng loại kỳ của cùng đơn vị năm trước; tỷ lệ đúng hạn của cả hai kỳ "
                          f"tính theo cách tính của báo cáo này ({self.formula.key}).")

    def left_out_table_data(self) -> Table:
        rows = [[c.name, c.status_text, c.reason] for c in self.left_out]
        return Table("don-vi-chua-tong-hop", "Các đơn vị chưa được tổng hợp",
                     ["Đơn vị", "Tình trạng", "Lý do"], rows, ["text"] * 3,
                     note="Số liệu của các đơn vị này không có trong các biểu tổng hợp.")

    def ranking_table_data(self) -> Table | None:
        """The units by their service index (points over the maximum they can be scored on), when
        `figures.service_index` is there; None otherwise."""
        if _service_index() is None:
            return None
        scored = [c for c in self.included if c.figures.service_index and c.figures.service_index[1]]
        if not scored:
            return None
        scored.sort(key=lambda c: (-c.figures.service_index[0] / c.figures.service_index[1], fmt.sort_key_vi(c.name)))
        rows = [[i, c.name, c.figures.service_index[0], c.figures.service_index[1],
                 c.figures.service_index[0] / c.figures.service_index[1]] for i, c in enumerate(scored, 1)]
        return Table("xep-hang-chi-so", f"Xếp hạng chỉ số phục vụ người dân, doanh nghiệp {self.period.name}",
                     ["Thứ hạng", "Đơn vị", "Điểm", "Điểm tối đa", "Tỷ lệ điểm"], rows,
                     ["int", "text", "decimal", "decimal", "percent"],
                     note="Xếp theo điểm trên điểm tối đa tính được của từng đơn vị (QĐ 766/QĐ-TTg).")

    def tables(self) -> list[Table]:
        out = [self.table_ii06a_table(), self.staff_table_data(), self.targets_table_data(),
               self.changes_table_data()]
        ranking = self.ranking_table_data()
        if ranking is not None:
            out.append(ranking)
        out.append(self.left_out_table_data())
        return out

    # ---- as the notebooks show them ------------------------------------------------------------
    @staticmethod
    def frame(table: Table | None) -> pd.DataFrame | None:
        """A Table as `cchc.show` prints it: Vietnamese numbers and percentages, the caption and note."""
        if table is None or not table.rows:
            return None
        cells = []
        for row in table.rows:
            out = []
            for value, kind in zip(row, table.formats):
                if value is None:
                    out.append("—" if kind != "text" else "")
                elif kind == "int":
                    out.append(fmt.number(int(value)))
                elif kind == "percent":
                    out.append(fmt.pct(fmt.round_half_up(fmt.exact(value) * 100, 2)))
                elif kind == "decimal":
                    out.append(fmt.number(value))
                else:
                    out.append(str(value))
            cells.append(out)
        frame = pd.DataFrame(cells, columns=table.columns)
        frame.attrs.update(caption=table.title, show_index=False, note=table.note)
        return frame

    def table_ii06a(self) -> pd.DataFrame | None:
        if not self.included:
            return None
        frame = self.frame(self.table_ii06a_table())
        # the on-time rates as exact fractions, not floats (the printed figure is that of the pairs)
        pairs = [c.figures.on_time for c in self.included] + [self.on_time_total]
        frame["Tỷ lệ đúng hạn"] = [fmt.percent(n, d) for n, d in pairs]
        # two header rows, as the official form: "Tiếp nhận" over "tổng số", "trực tuyến", …
        frame.columns = pd.MultiIndex.from_tuples(
            [tuple(c.split(": ", 1)) if ": " in c else (c, "") for c in frame.columns])
        frame.columns = pd.MultiIndex.from_tuples([(a, b[:1].upper() + b[1:]) for a, b in frame.columns])
        return frame

    def staff_table(self) -> pd.DataFrame | None:
        return self.frame(self.staff_table_data()) if self.included else None

    def targets_table(self) -> pd.DataFrame | None:
        frame = self.frame(self.targets_table_data())
        if frame is None:
            return None
        keys = self._target_keys()
        for i, c in enumerate(self.included):  # the results as the unit's report prints them
            by_key = {t["key"]: t for t in c.figures.targets}
            for k in keys:
                if k in by_key:
                    frame.iloc[i, frame.columns.get_loc(f"{self._target_header(k)}: kết quả")] = by_key[k]["value_text"]
        frame.columns = pd.MultiIndex.from_tuples(
            [tuple(c.split(": ", 1)) if ": " in c else (c, "") for c in frame.columns])
        frame.columns = pd.MultiIndex.from_tuples([(a, b[:1].upper() + b[1:]) for a, b in frame.columns])
        return frame

    def targets_prose(self) -> list[Sentence]:
        met = sum(t["met"] for c in self.included for t in c.figures.targets)
        n = sum(len(c.figures.targets) for c in self.included)
        if not n:
            return [Sentence("Báo cáo của các đơn vị không nêu chỉ tiêu nào so sánh được.")]
        all_met = [c.name for c in self.included if c.figures.targets and all(t["met"] for t in c.figures.targets)]
        text = f"Các đơn vị đạt {fmt.count(met)}/{fmt.number(n)} chỉ tiêu được so sánh"
        text += f"; đạt tất cả chỉ tiêu: {fmt.join_vi(all_met)}." if all_met else "; không đơn vị nào đạt tất cả chỉ tiêu."
        return [Sentence(text)]

    def changes_prose(self) -> list[Sentence]:
        """What the table of changes cannot say: no unit has a report of the same period a year earlier."""
        if self.included and not any(c.figures.comparator for c in self.included):
            return [Sentence(f"Không đơn vị nào có báo cáo {self.period.same_last_year().name} (cùng kỳ năm trước) "
                             "để so sánh.")]
        return []

    def changes_table(self) -> pd.DataFrame | None:
        if not self.included or not any(c.figures.comparator for c in self.included):
            return None
        table = self.changes_table_data()
        frame = self.frame(table)
        for i, c in enumerate(self.included):  # exact rates, as the II.06a table prints them
            f = c.figures
            frame.loc[i, "Tỷ lệ đúng hạn"] = fmt.percent(*f.on_time)
            frame.loc[i, "Tỷ lệ đúng hạn kỳ so sánh"] = fmt.percent(*f.previous_on_time) if f.previous_on_time else "—"
        return frame

    def left_out_table(self) -> pd.DataFrame | None:
        return self.frame(self.left_out_table_data())

    def left_out_prose(self) -> list[Sentence]:
        if not self.left_out:
            return [Sentence(f"Tất cả {fmt.count(len(self.children))} đơn vị đều có báo cáo được tổng hợp.")]
        return []

    def ranking_heading(self) -> str | None:
        """The heading of the ranking, when there is one to show."""
        return "3. Xếp hạng chỉ số phục vụ" if self.ranking_table_data() is not None else None

    def ranking_table(self) -> pd.DataFrame | None:
        return self.frame(self.ranking_table_data())

    def chart_on_time(self):
        from .charts import units_on_time

        return units_on_time([(c.name, *c.figures.on_time) for c in self.included], self.formula.label)

    def chart_received(self):
        from .charts import units_received

        return units_received([(c.name, c.figures.counts["received_online"], c.figures.counts["received_in_person"],
                                c.figures.counts["received_postal"], c.figures.counts["carried_over"])
                               for c in self.included])

    def sources_table(self) -> pd.DataFrame:
        """The reviewers' appendix: every child, its report, status, formula and warnings."""
        rows = []
        for c in self.children:
            f = c.figures
            rows.append([c.name, c.status_text, f"{f.number} ngày {f.date}" if f else "",
                         f.own_formula if f else "", fmt.number(f.warnings) if f else "", c.reason])
        frame = pd.DataFrame(rows, columns=["Đơn vị", "Tình trạng", "Báo cáo của đơn vị", "Cách tính tỷ lệ đúng hạn",
                                            "Cảnh báo dữ liệu", "Ghi chú"])
        frame.attrs.update(caption=f"Nguồn số liệu: báo cáo của {fmt.number(len(self.children))} đơn vị",
                           show_index=False)
        return frame

    def validation_messages(self) -> list[str]:
        return list(self.problems)

    # ---- for the build ------------------------------------------------------------------------
    def headline(self) -> dict:
        n, d = self.on_time_total
        return {"received": self.totals["received_total"], "on_time_rate": (n / d) if d else None,
                "on_time_rate_text": fmt.percent(n, d) if d else "—",
                "units": len(self.children), "units_included": len(self.included)}

    def status_fields(self) -> dict:
        """What its status.json says besides the figures (spec C)."""
        p = self.params
        # "parent": the unit whose units it consolidates (the index groups a parent's reports under it)
        return {"kind": "consolidated", "parent": self.parent.full_name,
                "reports_to": self.parent.parent_on(self.period.end) or "",
                "number": p.number, "date": p.issued_on.isoformat(),
                "signatory": f"{p.signatory.title.capitalize()} {p.signatory.name}".strip(),
                "children": [{"slug": c.slug, "name": c.name, "status": c.status, "reason": c.reason}
                             for c in self.children]}


# ---- reading it -------------------------------------------------------------------------------

def build(slug: str, period, statuses: dict[str, str] | None = None, context=None,
          snapshots: dict[str, str] | None = None) -> tuple[ConsolidatedReport | None, list]:
    """(the consolidated report of the parent `slug` for `period`, the problems of its own params);
    the report is None when its params have an error. `statuses`: slug -> "failed" for the children
    whose unit report failed to build (cchc build says; without it every child with valid inputs
    is included). `snapshots`: slug -> the snapshot of the child's validated inputs its own report
    was built from in this build (`load.save_report_inputs`), read instead of validating again."""
    from . import load as loading
    from . import paths
    from .discovery import children as children_of
    from .params import read_report_params
    from .problems import ERROR, Problem
    from .unit_report import Report

    context = context or loading.Context.read()
    statuses = statuses or {}
    units = context.units
    pid = loading.parse_id(period, context.calendar).id
    parent = units.get(slug)
    if parent is None:
        return None, [Problem(ERROR, paths.relative(paths.units_file()),
                              f"Không có đơn vị «{slug}» trong danh sách đơn vị.", value=slug)]
    params, problems = read_report_params(pid, slug, units, calendar=context.calendar)
    problems = list(context.problems) + problems
    if params is None or any(p.is_error for p in problems):
        return None, problems
    formula = params.on_time_formula
    kids = []
    for unit in children_of(parent, params.period, units):
        name = unit.title_name
        if not paths.report_params_file(pid, unit.slug).is_file():
            kids.append(Child(unit.slug, name, NO_REPORT, f"không có tệp tham số "
                                                          f"{paths.relative(paths.report_params_file(pid, unit.slug))}",
                              kind=unit.kind))
            continue
        snapshot = (snapshots or {}).get(unit.slug)
        if snapshot and statuses.get(unit.slug) != "failed" and Path(snapshot).is_file():
            up, previous, previous_period = loading.load_report_inputs(unit.slug, pid, snapshot)
            kids.append(Child(unit.slug, name, INCLUDED, figures=unit_figures(Report(up, previous, previous_period),
                                                                              formula), kind=unit.kind))
            continue
        up, found = loading.validate_unit_period(unit.slug, pid, context)
        if up is None:
            errors = [p for p in found if p.is_error]
            first = str(errors[0]) if errors else "dữ liệu đầu vào không hợp lệ"
            more = f" (và {len(errors) - 1} lỗi khác)" if len(errors) > 1 else ""
            kids.append(Child(unit.slug, name, FAILED, f"dữ liệu đầu vào có lỗi: {first}{more}", kind=unit.kind))
            continue
        if statuses.get(unit.slug) == "failed":
            kids.append(Child(unit.slug, name, FAILED, "báo cáo của đơn vị không dựng được trong lần dựng này "
                                                       "(xem mục lục báo cáo)", kind=unit.kind))
            continue
        previous, previous_period = loading.load_comparators(up, context)
        kids.append(Child(unit.slug, name, INCLUDED, figures=unit_figures(Report(up, previous, previous_period),
                                                                          formula), kind=unit.kind))
    return ConsolidatedReport(parent, params, kids, [str(p) for p in problems]), problems


SNAPSHOT_VERSION = 1


def save(snapshot, rep: ConsolidatedReport, inputs: dict | None = None) -> None:
    import pickle

    from .atomic import write_atomic

    payload = {"version": SNAPSHOT_VERSION, "kind": "consolidated", "parent": rep.parent, "params": rep.params,
               "children": rep.children, "problems": rep.problems, "inputs": inputs}
    write_atomic(snapshot, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))


def report(unit: str, period, snapshot: str = "") -> ConsolidatedReport:
    """The consolidated report of the parent `unit` (slug) for `period` (an id, or an int year):
    from the snapshot `cchc build` prepared, or read and validated now (every child with valid
    inputs included). The notebooks of `notebooks/tong-hop/` call this first."""
    from .problems import InputError
    from .unit_report import check_arguments

    unit, period, snapshot = check_arguments(unit, period, snapshot)
    if snapshot:
        import pickle

        with open(snapshot, "rb") as f:
            payload = pickle.load(f)
        if payload.get("kind") != "consolidated" or (payload["parent"].slug, payload["params"].period_id) != \
                (unit, period):
            raise ValueError(f"snapshot {snapshot} không phải của báo cáo tổng hợp {unit} {period}")
        return ConsolidatedReport(payload["parent"], payload["params"], payload["children"], payload["problems"])
    rep, problems = build(unit, period)
    if rep is None:
        raise InputError(problems)
    return rep
