"""One unit-year's report as the section notebooks see it: `cchc.report(unit, year)`.

A thin view over the loaded registers: each method answers one thing a section shows (sentences,
a table, a chart) by calling the pure functions in `cchc.metrics` and formatting in `cchc.fmt`.
Computed values are cached per instance, so a notebook asking twice pays once.
"""
from __future__ import annotations

import hashlib
import pickle
import platform
import subprocess
from datetime import datetime
from functools import cached_property
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import charts, fmt, paths
from .metrics import checks as checks_m
from .metrics import documents as docs_m
from .metrics import indicators as ind_m
from .metrics import staff as staff_m
from .metrics import tthc as tthc_m
from .model import AUTHORITIES, UnitYear

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"


def report(unit: str, year: int, snapshot: str = "") -> "Report":
    """The report of `unit` (slug) for `year`. `snapshot`: the validated inputs `cchc build`
    prepared once for every section; empty means read and validate the registers now."""
    if snapshot:
        with open(snapshot, "rb") as f:
            uy, previous = pickle.load(f)
        if (uy.unit.slug, uy.params.year) != (unit, year):
            raise ValueError(f"snapshot {snapshot} là của {uy.unit.slug} {uy.params.year}, "
                             f"không phải {unit} {year}")
        return Report(uy, previous)
    from .load import load, load_previous

    uy = load(unit, year)
    return Report(uy, load_previous(uy))


class Report:
    def __init__(self, uy: UnitYear, previous: UnitYear | None = None):
        self.uy = uy
        self.previous = previous

    # ---- basics ------------------------------------------------------------------------------
    @property
    def unit(self):
        return self.uy.unit

    @property
    def params(self):
        return self.uy.params

    @property
    def year(self) -> int:
        return self.params.year

    @property
    def period(self):
        return self.params.period

    @property
    def basis(self) -> str:
        return self.params.on_time_basis

    @property
    def unit_short(self) -> str:
        """"UBND phường": how the report names its own issuer."""
        return f"UBND {self.unit.kind}"

    @cached_property
    def tthc(self) -> tthc_m.TthcSummary:
        return tthc_m.summary(self.uy.dossiers, self.period)

    @cached_property
    def previous_tthc(self) -> tthc_m.TthcSummary | None:
        return tthc_m.summary(self.previous.dossiers, self.previous.params.period) if self.previous else None

    @cached_property
    def staff(self) -> staff_m.StaffStructure:
        return staff_m.structure(self.uy.staff)

    # ---- narrative and documents ---------------------------------------------------------------
    def narrative(self, key: str) -> list[str]:
        """The analysts' paragraphs for a section, with {vb:...} citations filled in."""
        return [docs_m.resolve_placeholders(p, self.uy.documents) for p in self.params.narrative.get(key, [])]

    def intro(self) -> list[str]:
        u = self.unit
        out = [self.params.basis] if self.params.basis else []
        out.append(f"UBND {u.full_name} báo cáo kết quả thực hiện công tác cải cách hành chính năm "
                   f"{self.year} và phương hướng nhiệm vụ năm {self.year + 1} như sau:")
        return [fmt.nfc(s) for s in out]

    def documents_prose(self, area: str, cited_in: str | None = None) -> list[str]:
        """The unit's own documents of one CCHC area issued in the period, as one sentence, leaving
        out those the analysts already cite in the section's narrative."""
        frame = docs_m.by_area(docs_m.in_period(self.uy.documents, self.period), area)
        frame = frame[~frame["la_qppl"]]  # QPPL documents have their own sentence (qppl_prose)
        if cited_in:
            cited = " ".join(self.narrative(cited_in))
            frame = frame[[f"{n} ngày {fmt.date_citation(d)}" not in cited
                           for n, d in zip(frame["so_ky_hieu"], frame["ngay_ban_hanh"])]]
        cites = docs_m.citations(frame)
        if not cites:
            return []
        verb = f"{fmt.period_phrase(self.period)}, {self.unit_short} đã ban hành "
        if len(cites) == 1:
            return [fmt.nfc(verb + cites[0] + ".")]
        return [fmt.nfc(verb + "các văn bản: " + "; ".join(cites) + ".")]

    def qppl_prose(self) -> list[str]:
        return [docs_m.qppl_sentence(self.uy.documents, self.period, self.unit_short)]

    # ---- II.2 TTHC ---------------------------------------------------------------------------
    def complaints_prose(self) -> list[str]:
        s = ind_m.complaints_sentence(self.uy.indicators, self.year, self.unit_short)
        return [s] if s else []

    def tthc_heading(self) -> str:
        return "* " + tthc_m.summary_heading(self.period)

    def tthc_prose(self) -> list[str]:
        prev_year = self.previous.params.year if self.previous else None
        return tthc_m.summary_prose(self.tthc, self.period, self.previous_tthc, prev_year, basis=self.basis)

    def table_ii06a(self) -> pd.DataFrame | None:
        if self.tthc.received_total == 0:
            return None
        table = tthc_m.table_ii06a(self.uy.dossiers, self.period)
        table = table.map(fmt.number)
        table.attrs["caption"] = "Tình hình giải quyết TTHC theo lĩnh vực (mẫu Biểu II.06a/VPCP/KSTT)"
        return table

    def chart_intake_by_month(self):
        return charts.intake_by_month(self.uy.dossiers, self.period)

    def chart_timeliness(self):
        return charts.timeliness(self.uy.dossiers, self.period)

    # ---- II.3, II.4 staff ----------------------------------------------------------------------
    def organisation_prose(self) -> list[str]:
        return staff_m.organisation_prose(self.staff, self.year)

    @cached_property
    def previous_staff(self) -> staff_m.StaffStructure | None:
        return staff_m.structure(self.previous.staff) if self.previous else None

    def staff_prose(self) -> list[str]:
        prev_year = self.previous.params.year if self.previous else None
        return staff_m.structure_prose(self.staff, self.unit.kind, self.previous_staff, prev_year)

    def staff_table(self, dimension: str) -> pd.DataFrame | None:
        table = staff_m.qualification_table(self.staff, dimension)
        if table is None or table.empty:
            return None
        titles = {"trinh_do_chuyen_mon": "Cơ cấu trình độ chuyên môn",
                  "ly_luan_chinh_tri": "Cơ cấu trình độ lý luận chính trị",
                  "trinh_do_van_hoa": "Cơ cấu trình độ văn hóa"}
        table.attrs["caption"] = titles.get(dimension, dimension)
        return table

    def chart_staff_qualification(self):
        return charts.staff_qualification(self.staff)

    # ---- II.5, II.6 ----------------------------------------------------------------------------
    def finance_prose(self) -> list[str]:
        s = ind_m.finance_sentence(self.uy.indicators, self.year, self.unit_short)
        return [s] if s else []

    def e_gov_prose(self) -> list[str]:
        return ind_m.e_gov_prose(self.uy.indicators, self.unit_short)

    def iso_prose(self) -> list[str]:
        s = ind_m.iso_sentence(self.uy.indicators, self.unit_short)
        return [s] if s else []

    def chart_digitisation(self):
        return charts.digitisation(self.tthc, self.params.targets)

    # ---- III, IV -----------------------------------------------------------------------------
    def findings(self) -> list[str]:
        return checks_m.findings(self.tthc, self.staff, self.params.targets, self.basis)

    def heading_directions(self) -> str:
        return f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM {self.year + 1}"

    # ---- appendix for reviewers ----------------------------------------------------------------
    @cached_property
    def checks(self) -> list[checks_m.Check]:
        narrative = [p for key in self.params.narrative for p in self.narrative(key)]
        return checks_m.consistency_checks(self.tthc, self.staff, self.uy.documents, self.period,
                                           narrative=narrative, basis=self.basis)

    def checks_table(self) -> pd.DataFrame:
        table = pd.DataFrame(
            [(c.name, "Đạt" if c.passed else "KHÔNG ĐẠT", c.detail) for c in self.checks],
            columns=["Kiểm tra", "Kết quả", "Chi tiết"])
        table.index = range(1, len(table) + 1)
        n_fail = sum(not c.passed for c in self.checks)
        table.attrs["caption"] = f"{len(self.checks)} phép kiểm tra, {n_fail} không đạt"
        return table

    def validation_messages(self) -> list[str]:
        return [str(p) for p in self.uy.problems]

    def provenance_table(self) -> pd.DataFrame:
        rows = [(paths.relative(p), hashlib.sha256(Path(p).read_bytes()).hexdigest())
                for _, p in sorted(self.uy.files.items(), key=lambda kv: str(kv[1]))]
        rows += [("Phiên bản mã nguồn cchc", code_version()),
                 ("Thời điểm dựng", datetime.now().astimezone().strftime("%d/%m/%Y %H:%M:%S %z")),
                 ("Python", platform.python_version())]
        rows += [(f"Gói {name}", _version(name)) for name in
                 ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "weasyprint")]
        table = pd.DataFrame(rows, columns=["Nguồn", "SHA-256 / phiên bản"])
        table.attrs["show_index"] = False
        table.attrs["caption"] = "Tệp đầu vào (SHA-256), phiên bản mã nguồn và thư viện"
        return table

    # ---- for the build: the index and the document header ------------------------------------
    def headline(self) -> dict:
        t = self.tthc
        num, den = tthc_m.on_time_rate(t, self.basis)
        out = {"received": t.received_total}
        for key, n, d in (("on_time_rate", num, den),
                          ("intake_digitisation_rate", t.intake_digitised, t.intake_digitisation_base),
                          ("result_digitisation_rate", t.result_digitised, t.result_digitisation_base)):
            out[key] = (n / d) if d else None
            out[f"{key}_text"] = fmt.percent(n, d) if d else "—"
        return out

    def document_header(self) -> dict:
        u, p = self.unit, self.params
        place = fmt.capitalize_first(u.full_name)
        y = self.year
        return {
            "authority_upper": "ỦY BAN NHÂN DÂN",
            "unit_upper": u.upper_name,
            "unit_name": fmt.capitalize_first(u.full_name),
            "number": f"Số: {p.number}",
            "motto": MOTTO,
            "motto_sub": MOTTO_SUB,
            "place_date": fmt.place_date(place, p.issued_on),
            "doc_type": "BÁO CÁO",
            "subject": [f"Kết quả thực hiện cải cách hành chính năm {y}", f"và phương hướng nhiệm vụ năm {y + 1}"],
            "closing": fmt.nfc(f"Trên đây là báo cáo kết quả thực hiện cải cách hành chính năm {y} và phương "
                               f"hướng nhiệm vụ năm {y + 1} của UBND {u.full_name}. Kính báo cáo "
                               f"{p.addressee} tổng hợp./."),
            "recipients": list(p.recipients),
            "signatory": {"authority_line": AUTHORITIES.get(p.signatory.authority, ""),
                          "title": p.signatory.title, "name": p.signatory.name},
            "title": f"Báo cáo CCHC năm {y} — UBND {u.full_name}",
        }


def code_version() -> str:
    """The git commit of the code (with '+thay đổi' when the work tree differs), else the package version."""
    try:
        rev = subprocess.run(["git", "-C", str(paths.CODE_ROOT), "rev-parse", "--short=12", "HEAD"],
                             capture_output=True, text=True, timeout=5)
        if rev.returncode == 0:
            dirty = subprocess.run(["git", "-C", str(paths.CODE_ROOT), "status", "--porcelain", "--", "lib"],
                                   capture_output=True, text=True, timeout=5).stdout.strip()
            return rev.stdout.strip() + (" (+thay đổi chưa commit)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return f"cchc {_version('cchc')}"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"
