"""The loaded-data contract: what `cchc.load(slug, year)` returns.

Plain dataclasses, no behaviour beyond naming. Register frames follow `cchc.schema`: exactly the
schema keys as columns, enum codes (ASCII), numpy bool, datetime64[ns] with NaT, int64, str; an
optional yes/no column the file lacks (or leaves blank on every row) is pandas "boolean" NA: unknown.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .figures.formulas import DEFAULT as DEFAULT_FORMULA, PRESETS as FORMULA_PRESETS, Formula
from .period import Period  # noqa: F401  (re-exported: the report period)
from .problems import Problem

# Kinds of administrative unit and the prefix their slugs must start with.
KINDS = {"phường": "phuong", "xã": "xa", "thị trấn": "thi-tran"}
# Kind -> what its residential groups are called (Unit.residential_group).
RESIDENTIAL_GROUPS = {"phường": "tổ dân phố", "xã": "thôn", "thị trấn": "tổ dân phố"}

# ReportParams.targets: targets for the period, as fractions 0..1 (see `Target`).
TARGET_KEYS = ("intake_digitisation", "result_digitisation", "on_time", "online_share")

# ReportParams.on_time_basis, the legacy way to choose the on-time formula: each is now a preset of
# `figures.formulas` (received -> tren-tiep-nhan, resolved -> tren-da-giai-quyet, due -> tren-den-han).
ON_TIME_BASES = {
    "received": "trên tổng số hồ sơ tiếp nhận",
    "resolved": "trên tổng số hồ sơ đã giải quyết",
    "due": "trên tổng số hồ sơ đến hạn giải quyết trong kỳ",
}

# ReportParams.narrative: section key -> the section of the report it belongs to.
NARRATIVE_KEYS = {
    "direction": "I.1 Chỉ đạo, điều hành",
    "communication": "I.2 Tuyên truyền",
    "institutions": "II.1 Cải cách thể chế",
    "procedures": "II.2.1 Cải cách TTHC",
    "one_stop": "II.2.2 Một cửa, một cửa liên thông",
    "organisation": "II.3 Tổ chức bộ máy",
    "staff": "II.4 Đội ngũ CBCC",
    "staff_conclusion": "II.4 Đội ngũ CBCC, nhận xét chung (sau số liệu)",
    "public_finance": "II.5 Tài chính công",
    "e_government": "II.6.1 Ứng dụng CNTT",
    "iso": "II.6.2 ISO 9001",
    "strengths": "III.1 Ưu điểm",
    "limitations": "III.2 Tồn tại, hạn chế",
    "directions": "IV Phương hướng, nhiệm vụ",
    "recommendations": "V Kiến nghị, đề xuất",
}

# Signatory.authority -> the two lines above the signer's name (Nghị định 30/2020).
AUTHORITIES = {"TM": "TM. ỦY BAN NHÂN DÂN", "KT": "KT. CHỦ TỊCH"}


@dataclass(frozen=True)
class Unit:
    code: str  # mã ĐVHC: the identity, with the validity period
    slug: str  # <kind>-<name>, used in paths
    kind: str  # phường | xã | thị trấn
    name: str  # without the kind: "Nguyễn Nghiêm"
    parent: str | None
    province: str
    valid_from: date
    valid_to: date | None = None
    successors: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def upper_name(self) -> str:
        return self.full_name.upper()

    @property
    def residential_group(self) -> str:
        """What the unit's residential groups are called: "tổ dân phố" in a phường or thị trấn,
        "thôn" in a xã (narrative placeholder `{to_dan_pho}`)."""
        return RESIDENTIAL_GROUPS[self.kind]

    @property
    def issuer(self) -> str:
        """How the unit's People's Committee names itself in a sentence: "UBND phường"."""
        return f"UBND {self.kind}"

    @property
    def issuer_full(self) -> str:
        """"UBND phường Nguyễn Nghiêm"."""
        return f"UBND {self.full_name}"

    @property
    def title_name(self) -> str:
        """As it opens a sentence or the place line: "Phường Nguyễn Nghiêm"."""
        return self.full_name[:1].upper() + self.full_name[1:]

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Target:
    """A target a rate is held to. With `document` (a `{vb:...}` citation of the documents
    register) it is the target that document set ("chỉ tiêu … giao tại Kế hoạch số …"); without,
    the unit's own aim ("mục tiêu của đơn vị"). `formula`: for the on-time rate, the formula the
    target is defined on (a `figures.formulas.Formula`, or a preset / legacy basis name); None
    means the report's own. It is compared only when that formula has the report's terms."""
    key: str  # one of TARGET_KEYS
    value: float  # 0..1
    document: str | None = None
    formula: Formula | str | None = None

    @property
    def basis(self):
        """The former name of `formula` (params' `basis:` key is still read)."""
        return self.formula


@dataclass(frozen=True)
class FindingRules:
    """Thresholds of section III's derived findings (params/findings.yaml; these are the defaults)."""
    rate_change_points: float = 5.0  # a rate that rose (fell) by at least this many points is a strength (weakness)


@dataclass(frozen=True)
class Signatory:
    authority: str  # "TM" or "KT"
    title: str  # CHỦ TỊCH, PHÓ CHỦ TỊCH
    name: str

    @property
    def lines(self) -> tuple[str, str]:
        """The signature block above the name, e.g. ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")."""
        return AUTHORITIES[self.authority], self.title


@dataclass(frozen=True)
class ReportParams:
    unit: Unit
    year: int
    number: str  # "227/BC-UBND"
    issued_on: date
    period: Period
    basis: str
    signatory: Signatory
    recipients: tuple[str, ...]
    addressee: str
    on_time_basis: str | None  # the legacy key of ON_TIME_BASES as written, or None
    targets: dict[str, Target] = field(default_factory=dict)  # keys of TARGET_KEYS
    narrative: dict[str, list[str]] = field(default_factory=dict)  # every key of NARRATIVE_KEYS
    # The on-time formula of every on-time rate the report prints: `on_time_formula:` of the
    # params, else the legacy `on_time_basis:`, else the province's (cchc-project.yaml), else
    # tren-tiep-nhan.
    on_time_formula: Formula = FORMULA_PRESETS[DEFAULT_FORMULA]

    @property
    def place(self) -> str:
        """The place of the place-and-date line: "Phường Nguyễn Nghiêm"."""
        return self.unit.title_name


@dataclass
class UnitYear:
    unit: Unit
    params: ReportParams
    dossiers: pd.DataFrame
    staff: pd.DataFrame
    documents: pd.DataFrame
    indicators: dict[str, object]
    files: dict[str, Path]  # role -> input file (registers, params yaml, units.yaml, aliases.yaml)
    problems: list[Problem] = field(default_factory=list)  # warnings only (errors raise)
    rules: FindingRules = field(default_factory=FindingRules)

    @property
    def year(self) -> int:
        return self.params.year

    @property
    def slug(self) -> str:
        return self.unit.slug

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]
