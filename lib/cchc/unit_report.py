"""One unit-period's report as the section notebooks see it: `cchc.report(unit, period)`.

`Report` is wiring only: each method answers one thing a section shows by asking `cchc.figures`
for values and `cchc.prose` for sentences, tables come from `figures` and charts from `charts`.
It does no I/O and writes no text of its own. Computed values are cached per instance, so a
notebook asking twice pays once.
"""
from __future__ import annotations

from functools import cached_property

import pandas as pd

from . import charts, checks as checks_m, citations, fmt, lineage, narrative_facts, paths, provenance
from .figures import figures_of
from .figures import service_index as service_index_f
from .figures import staff as staff_f
from .figures import tthc as tthc_f
from .model import UnitPeriod
from .prose import documents as docs_p
from .prose import findings as findings_p
from .prose import header as header_p
from .prose import indicators as ind_p
from .prose import service_index as service_index_p
from .prose import staff as staff_p
from .prose import tthc as tthc_p
from .prose.phrases import Sentence
from .tables import Table


def report(unit: str, period, snapshot: str = "") -> "Report":
    """The report of `unit` (slug) for `period`: a period id ("2024", "2024-q1", "2024-6t",
    "2024-08", "2025-07-01_2025-10-31"), or an int year for the annual report. `snapshot`: the
    validated inputs `cchc build` prepared once for every section; empty means read and validate
    the registers now.

    The section notebooks call this first, right after their parameters cell, so a wrong value
    given to plain papermill (`-p period abc`) stops there with a Vietnamese `ValueError`."""
    from .load import load_report_inputs

    unit, period, snapshot = check_arguments(unit, period, snapshot)
    return Report(*load_report_inputs(unit, period, snapshot))


PERIOD_MSG = ("Tham số period phải là mã kỳ báo cáo: 2023 (năm), 2024-6t (6 tháng), 2024-9t (9 tháng), 2024-q1 … "
              "2024-q4 (quý), 2024-08 (tháng) hoặc 2025-07-01_2025-10-31 (từ ngày đến ngày); nhận được «{}»")


def check_arguments(unit, period, snapshot="") -> tuple[str, str, str]:
    """(unit, period id, snapshot) checked and normalised; ValueError in Vietnamese otherwise.
    An int year is the annual id ("2023")."""
    from .period import parse_id

    if isinstance(period, str):  # papermill -r gives strings; keep the id as typed, minus spaces
        period = period.strip()
    if isinstance(period, bool) or not isinstance(period, (str, int)):
        raise ValueError(PERIOD_MSG.format(period) + ".")
    try:
        period = parse_id(period).id  # the grammar only: the id names the same period in every calendar
    except ValueError as exc:
        raise ValueError(PERIOD_MSG.format(period) + f" ({exc}).") from None
    if not isinstance(unit, str) or not unit.strip():
        raise ValueError("Tham số unit phải là slug của một đơn vị trong params/units.yaml, ví dụ "
                         f"phuong-nguyen-nghiem; nhận được «{unit}».")
    unit = unit.strip()
    if snapshot is None:
        snapshot = ""
    if not isinstance(snapshot, str):
        snapshot = str(snapshot)
    if snapshot:
        from pathlib import Path

        if not Path(snapshot).is_file():
            raise ValueError(f"Tham số snapshot phải là tệp do cchc build tạo, hoặc để trống; không có tệp "
                             f"«{snapshot}».")
        return unit, period, snapshot  # cchc build checked the unit when it made the snapshot
    _check_unit(unit)
    return unit, period, snapshot


def _check_unit(slug: str) -> None:
    import difflib

    from .units import read_units

    units, problems = read_units()
    if any(p.is_error for p in problems):
        return  # the loader reports the broken registry itself, file and line named
    if slug not in units:
        close = difflib.get_close_matches(slug, list(units), n=3)
        hint = (f" Có phải: {', '.join(close)}?" if close else
                f" Các đơn vị có trong đó: {', '.join(sorted(units)[:5])}{', …' if len(units) > 5 else ''}.")
        raise ValueError(f"Tham số unit: không có đơn vị «{slug}» trong {paths.relative(paths.units_file())} "
                         f"(danh sách đơn vị).{hint}")


# The sections of a TTHC report: the TTHC section (II.2) and the reviewers' appendix. A report
# whose sections are these only (a month, by default: `sections.sections_for`) is the TTHC report
# ("Báo cáo tình hình, kết quả giải quyết thủ tục hành chính tháng 8 năm 2024"), any other the CCHC
# report.
TTHC_SECTION, APPENDIX_SECTION = "03", "10"


def subject_of_sections(sections) -> str:
    """"tthc" when `sections` (section numbers) are the TTHC section and at most the appendix,
    "cchc" otherwise (`prose.header.SUBJECTS`)."""
    chosen = set(sections)
    return "tthc" if TTHC_SECTION in chosen and chosen <= {TTHC_SECTION, APPENDIX_SECTION} else "cchc"


class Report:
    """One report and the reports it compares with: `previous`, the same period a year earlier
    (same kind; what every "so với cùng kỳ" compares with), and `previous_period`, the period just
    before for months and quarters (None for other kinds). Either is None when missing; the
    appendix then carries the warning `load.load_comparators` added.

    `sections`: the section numbers the report has (default: `sections.sections_for` its period
    kind, from the project's configuration); they decide what the report is about (`subject`)."""

    def __init__(self, uy: UnitPeriod, previous: UnitPeriod | None = None,
                 previous_period: UnitPeriod | None = None, sections: list[str] | None = None):
        self.uy = uy
        self.previous = previous
        self.previous_period = previous_period
        self._sections = list(sections) if sections is not None else None

    @property
    def sections(self) -> list[str]:
        """The section numbers of the report (those of its period kind unless given)."""
        if self._sections is None:
            from .sections import sections_for

            self._sections = sections_for(self.period.kind)
        return self._sections

    @property
    def subject(self) -> str:
        """What the report is about, from its sections: "tthc" (the TTHC section only: the
        TTHC report's title, intro and closing) or "cchc" (the CCHC report)."""
        return subject_of_sections(self.sections)

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
    def period_id(self) -> str:
        return self.period.id

    def _comparable(self, other):
        """The period of a comparator report, when there is one of the same kind."""
        if other is None:
            return None
        return other.params.period if self.period.comparable_with(other.params.period) else None

    @property
    def comparator(self):
        """The period of the same-period-last-year comparator (`previous`), when of the same kind."""
        return self._comparable(self.previous)

    @property
    def period_comparator(self):
        """The period of the previous-period comparator (`previous_period`: the month or quarter
        before), when of the same kind; None for other kinds or when it is missing."""
        return self._comparable(self.previous_period)

    @property
    def on_time_formula(self):
        """The report's on-time formula (`figures.formulas.Formula`), used by every on-time rate it prints."""
        return self.params.on_time_formula

    on_time_basis = on_time_formula  # the former name

    def _file(self, role: str, uy: UnitPeriod | None = None) -> str:
        path = (uy or self.uy).files.get(role)
        return paths.relative(path) if path else ""

    @cached_property
    def tthc(self) -> tthc_f.TthcSummary:
        return tthc_f.summary(self.uy.dossiers, self.period, self._file("dossiers"))

    @cached_property
    def previous_tthc(self) -> tthc_f.TthcSummary | None:
        """The TTHC figures of the same period a year earlier, on its own dates (each figure names
        that period in the lineage table: `lineage.of_period`)."""
        if self.comparator is None:
            return None
        return lineage.of_period(tthc_f.summary(self.previous.dossiers, self.comparator,
                                                self._file("dossiers", self.previous)), self.comparator)

    @cached_property
    def previous_period_tthc(self) -> tthc_f.TthcSummary | None:
        """The TTHC figures of the period before (months and quarters), on its own dates."""
        if self.period_comparator is None:
            return None
        return lineage.of_period(tthc_f.summary(self.previous_period.dossiers, self.period_comparator,
                                                self._file("dossiers", self.previous_period)), self.period_comparator)

    def tthc_comparisons(self) -> list[tuple[tthc_f.TthcSummary | None, object]]:
        """(TTHC figures, Period) of the comparators in the order a sentence says them: the period
        before (months and quarters), then the same period a year earlier; a missing one is None."""
        return [(self.previous_period_tthc, self.period_comparator), (self.previous_tthc, self.comparator)]

    @cached_property
    def staff(self) -> staff_f.StaffStructure:
        return staff_f.structure(self.uy.staff, self._file("staff"))

    def _other_staff(self, other: UnitPeriod | None, comparator) -> staff_f.StaffStructure | None:
        """A comparator's staff structure; None when it is missing, or when it reads the report's own
        roster (the roster is the end year's: a quarter and the quarter before in one year read one
        file, and a file compared with itself measures no change)."""
        if comparator is None or other is None:
            return None
        file = self._file("staff", other)
        if file and file == self._file("staff"):
            return None
        return staff_f.structure(other.staff, file)

    @cached_property
    def previous_staff(self) -> staff_f.StaffStructure | None:
        return self._other_staff(self.previous, self.comparator)

    @cached_property
    def previous_period_staff(self) -> staff_f.StaffStructure | None:
        """The staff of the period before, when it has a roster of its own (another year's)."""
        return self._other_staff(self.previous_period, self.period_comparator)

    # ---- narrative and documents ---------------------------------------------------------------
    def narrative(self, key: str) -> list[str]:
        """The analysts' paragraphs for a section, with {vb:...} citations filled in."""
        return [citations.resolve_placeholders(p, self.uy.documents)
                for p in narrative_facts.render(self.params.narrative.get(key, []), self.unit, self.uy.indicators)]

    def intro(self) -> list[Sentence]:
        return header_p.intro(self.unit, self.params, self.period, subject=self.subject)

    def documents_prose(self, area: str, cited_in: str | None = None) -> list[Sentence]:
        """The unit's own documents of one CCHC area issued in the period, leaving out those the
        analysts already cite in the section's narrative."""
        cited = " ".join(self.narrative(cited_in)) if cited_in else ""
        return docs_p.issued_prose(self.uy.documents, self.period, area, self.unit, cited)

    def qppl_prose(self) -> list[Sentence]:
        return [docs_p.qppl_sentence(self.uy.documents, self.period, self.unit, self._file("documents"))]

    # ---- II.2 TTHC ---------------------------------------------------------------------------
    def complaints_prose(self) -> list[Sentence]:
        s = ind_p.complaints_sentence(self.uy.indicators, self.period, self.unit, self._file("indicators"))
        return [s] if s else []

    def tthc_heading(self) -> str:
        return "* " + tthc_p.heading(self.period)

    def tthc_prose(self) -> list[Sentence]:
        return tthc_p.summary_prose(self.tthc, self.period, basis=self.on_time_formula,
                                    blank=self.uy.dossiers.attrs.get("blank_columns", ()),
                                    comparisons=self.tthc_comparisons(), restate=self.other_formula_comparators())

    def other_formula_comparators(self) -> list:
        """The comparator periods whose own reports print the on-time rate by another formula (a
        province changed its formula): the report compares by its own and says their rate by it."""
        return [c for other, c in ((self.previous_period, self.period_comparator), (self.previous, self.comparator))
                if c is not None and other is not None
                and not other.params.on_time_formula.same_terms(self.on_time_formula)]

    II06A_CAPTION = "Tình hình giải quyết TTHC theo lĩnh vực (mẫu Biểu II.06a/VPCP/KSTT)"

    @cached_property
    def ii06a_counts(self) -> pd.DataFrame | None:
        """Biểu II.06a as integers (None when nothing was received): the one source of the printed
        table (`table_ii06a`, Vietnamese number text) and of its Excel sheet (`tables`)."""
        if self.tthc.received_total == 0:
            return None
        return tthc_f.table_ii06a(self.uy.dossiers, self.period)

    def table_ii06a(self) -> pd.DataFrame | None:
        if self.ii06a_counts is None:
            return None
        table = self.ii06a_counts.map(fmt.number)
        table.attrs["caption"] = self.II06A_CAPTION
        return table

    def chart_intake_by_month(self):
        return charts.intake_by_month(self.uy.dossiers, self.period)

    def chart_timeliness(self):
        return charts.timeliness(self.uy.dossiers, self.period)

    # ---- II.2 the service index (QĐ 766/QĐ-TTg) -----------------------------------------------
    @cached_property
    def _service_index(self) -> service_index_f.ServiceIndex:
        return service_index_f.compute(self)

    def service_index(self) -> service_index_f.ServiceIndex:
        """The service index of the period (`figures.service_index`): points, adjusted maximum,
        groups and rows, by the project's params/chi-so-phuc-vu.yaml or the shipped default."""
        return self._service_index

    def service_index_heading(self) -> str:
        return service_index_p.HEADING

    def service_index_prose(self) -> list[Sentence]:
        return service_index_p.sentences(self._service_index, self.unit.issuer)

    def service_index_table(self) -> pd.DataFrame:
        return service_index_p.table(self._service_index)

    def service_index_tables(self) -> list:
        """The index as a `tables.Table`, for the Excel workbook."""
        return [service_index_p.office_table(self._service_index)]

    # ---- II.3, II.4 staff ----------------------------------------------------------------------
    def organisation_prose(self) -> list[Sentence]:
        return staff_p.organisation_prose(self.staff, self.period)

    def staff_outline(self) -> list[tuple[int, Sentence]]:
        """Section II.4's figures as (level, sentence), for `cchc.show(..., outline=True)`."""
        return staff_p.structure_outline(
            self.staff, self.unit, excluded=self.uy.indicators.get("cong_chuc_khong_tinh"), period=self.period,
            comparisons=[(self.previous_period_staff, self.period_comparator), (self.previous_staff, self.comparator)])

    def staff_prose(self) -> list[Sentence]:
        return [t for _, t in self.staff_outline()]

    STAFF_TABLE_TITLES = {"trinh_do_chuyen_mon": "Cơ cấu trình độ chuyên môn",
                          "ly_luan_chinh_tri": "Cơ cấu trình độ lý luận chính trị",
                          "trinh_do_van_hoa": "Cơ cấu trình độ văn hóa"}
    STAFF_TABLES = ("trinh_do_chuyen_mon", "ly_luan_chinh_tri")  # those section II.4 prints

    def staff_table(self, dimension: str) -> pd.DataFrame | None:
        table = staff_p.qualification_table(self.staff, dimension)
        if table is None or table.empty:
            return None
        table.attrs["caption"] = self.STAFF_TABLE_TITLES.get(dimension, dimension)
        return table

    def chart_staff_qualification(self):
        return charts.staff_qualification(self.staff)

    # ---- II.5, II.6 ----------------------------------------------------------------------------
    def finance_prose(self) -> list[Sentence]:
        s = ind_p.finance_sentence(self.uy.indicators, self.period, self.unit, self._file("indicators"))
        return [s] if s else []

    def e_gov_prose(self) -> list[Sentence]:
        return ind_p.e_gov_prose(self.uy.indicators, self.unit, self._file("indicators"))

    def iso_prose(self) -> list[Sentence]:
        s = ind_p.iso_sentence(self.uy.indicators, self.unit, self._file("indicators"))
        return [s] if s else []

    def chart_digitisation(self):
        return charts.digitisation(self.tthc, self.params.targets)

    # ---- III, IV -----------------------------------------------------------------------------
    def _findings_inputs(self) -> dict:
        return dict(targets=self.params.targets, basis=self.on_time_formula, rules=self.uy.rules,
                    documents=self.uy.documents, comparisons=self.tthc_comparisons(), period=self.period)

    def strengths(self) -> list[Sentence]:
        return findings_p.strengths(self.tthc, self.staff, **self._findings_inputs())

    def findings(self) -> list[Sentence]:
        return findings_p.findings(self.tthc, self.staff, **self._findings_inputs())

    def heading_directions(self) -> str:
        return header_p.directions_heading(self.period)

    # ---- appendix for reviewers ----------------------------------------------------------------
    @cached_property
    def checks(self) -> list[checks_m.Check]:
        narrative = [p for key in self.params.narrative for p in self.narrative(key)]
        return checks_m.consistency_checks(self.tthc, self.staff, self.uy.documents, self.period,
                                           narrative=narrative, basis=self.on_time_formula)

    def checks_table(self) -> pd.DataFrame:
        table = pd.DataFrame(
            [(c.name, "Đạt" if c.passed else "KHÔNG ĐẠT", c.detail) for c in self.checks],
            columns=["Kiểm tra", "Kết quả", "Chi tiết"])
        table.index = range(1, len(table) + 1)
        n_fail = sum(not c.passed for c in self.checks)
        table.attrs["caption"] = f"{len(self.checks)} phép kiểm tra, {n_fail} không đạt"
        return table

    # What the report prints with figures in it, and the section that prints it: the lineage table
    # reads those of the report's sections.
    PRINTED_BY_SECTION = (("02", "qppl_prose"), ("03", "complaints_prose"), ("03", "tthc_prose"),
                          ("03", "service_index_prose"), ("04", "organisation_prose"), ("05", "staff_prose"), ("06", "finance_prose"),
                          ("07", "e_gov_prose"), ("07", "iso_prose"), ("08", "strengths"), ("08", "findings"))
    PRINTED = tuple(name for _, name in PRINTED_BY_SECTION)

    def printed(self) -> list[str]:
        """The methods of `PRINTED` whose section the report has (a month: the TTHC section's)."""
        return [name for number, name in self.PRINTED_BY_SECTION if number in self.sections]

    def lineage_table(self) -> pd.DataFrame:
        """Every figure the report prints: value, register file, columns, rule in words, rows."""
        sentences = [s for name in self.printed() for s in getattr(self, name)()]
        table = lineage.table(figures_of(sentences))
        table.attrs["caption"] = f"Nguồn gốc của {len(table)} số liệu in trong báo cáo"
        return table

    def validation_messages(self) -> list[str]:
        """Every warning on the inputs, then each import-profile constant the registers were read with
        and its stated meaning (a value that no export column gave: the reviewer must see it)."""
        return [str(p) for p in self.uy.problems] + self.mapping_notes()

    def mapping_notes(self) -> list[str]:
        return [f"GHI CHÚ {note}" for note in getattr(self.uy, "notes", [])]

    def provenance_table(self) -> pd.DataFrame:
        files = provenance.input_files(self.period_id, self.unit.slug)  # exactly what the cache key covers
        return provenance.table(files, provenance.code_digest()[:12])

    # ---- the printed tables as data, for the Excel workbook ------------------------------------
    def tables(self) -> list[Table]:
        """Every table the report's sections print, numbers as numbers (a rate a fraction 0..1 with
        the percent format), in the order they are printed: Biểu II.06a and the service index
        (section 03), the staff tables (05), the consistency checks and the lineage table of the appendix (10). The
        provenance table is left out: its digests and build time describe the build, not the unit."""
        out = []
        if "03" in self.sections:
            if self.ii06a_counts is not None:
                out.append(self._ii06a_as_table())
            out += self.service_index_tables()
        if "05" in self.sections:
            out += [t for t in map(self._staff_as_table, self.STAFF_TABLES) if t is not None]
        if "10" in self.sections:
            out.append(self._text_table("kiem-tra", "Kiểm tra tính nhất quán của số liệu", self.checks_table()))
            out.append(self._text_table("nguon-goc", "Nguồn gốc từng số liệu in trong báo cáo", self.lineage_table()))
        return out

    def _ii06a_as_table(self) -> Table:
        counts = self.ii06a_counts
        columns = [counts.index.name or "Lĩnh vực"] + [f"{group} - {name}" for group, name in counts.columns]
        rows = [[str(label)] + [int(v) for v in values] for label, values in zip(counts.index, counts.to_numpy())]
        return Table(key="bieu-ii06a", title=self.II06A_CAPTION, columns=columns, rows=rows,
                     formats=["text"] + ["int"] * len(counts.columns),
                     total_rows=int(counts.index[-1] == tthc_f.TOTAL_LABEL),
                     note=f"Số hồ sơ {self.period.name}, tính từ sổ theo dõi hồ sơ {self._file('dossiers')}.")

    def _staff_as_table(self, dimension: str) -> Table | None:
        title, levels, groups = staff_p.qualification_counts(self.staff, dimension)
        if not levels or not groups:
            return None
        columns, formats = [title], ["text"]
        for label, _, _ in groups:
            columns += [f"{label} - Số người", f"{label} - Tỷ lệ"]
            formats += ["int", "percent"]
        rows = [[level] + [cell for _, counts, filled in groups for cell in (counts[i], counts[i] / filled)]
                for i, level in enumerate(levels)]
        key = {"trinh_do_chuyen_mon": "chuyen-mon", "ly_luan_chinh_tri": "ly-luan-chinh-tri",
               "trinh_do_van_hoa": "van-hoa"}[dimension]
        return Table(key=key, title=self.STAFF_TABLE_TITLES[dimension], columns=columns, rows=rows, formats=formats,
                     note=f"Tỷ lệ trên số người có mặt của từng nhóm, từ danh sách cán bộ {self._file('staff')}.")

    @staticmethod
    def _text_table(key: str, title: str, frame: pd.DataFrame) -> Table:
        """An appendix table as printed (its cells are text: verdicts, values with their units)."""
        columns = ["STT"] + [str(c) for c in frame.columns]
        rows = [[int(i)] + ["" if v is None else str(v) for v in values]
                for i, values in zip(frame.index, frame.itertuples(index=False))]
        return Table(key=key, title=title, columns=columns, rows=rows, formats=["int"] + ["text"] * len(frame.columns),
                     note=frame.attrs.get("caption", ""))

    # ---- for the build: the index and the document header ------------------------------------
    def headline(self) -> dict:
        t = self.tthc
        out = {"received": int(t.received_total)}
        for key, rate in (("on_time_rate", tthc_f.on_time_rate(t, self.on_time_formula)),
                          ("intake_digitisation_rate", tthc_f.intake_digitisation_rate(t)),
                          ("result_digitisation_rate", tthc_f.result_digitisation_rate(t))):
            n, d = rate.pair
            out[key] = (n / d) if d else None
            out[f"{key}_text"] = fmt.percent(n, d) if d else "—"
        out["service_index"] = self._service_index.headline()
        return out

    def document_header(self) -> dict:
        return header_p.document_header(self.unit, self.params, self.period, subject=self.subject)
