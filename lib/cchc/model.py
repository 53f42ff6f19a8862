"""The loaded-data contract: what `cchc.load.load(slug, period)` returns (a `UnitPeriod`).

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

# Kinds of administrative unit (design.md, "Units change over time"). Commune level (cấp xã): the
# units that file the reports. Parents (district and province level) are what a commune reports to,
# and the report units of the consolidated reports that will follow.
COMMUNE_KINDS = ("phường", "xã", "thị trấn", "đặc khu")
PARENT_KINDS = ("quận", "huyện", "thị xã", "thành phố", "tỉnh")
# Kind -> the prefix its slugs must start with ("dac-khu-ly-son", "tinh-quang-ngai").
KINDS = {"phường": "phuong", "xã": "xa", "thị trấn": "thi-tran", "đặc khu": "dac-khu",
         "quận": "quan", "huyện": "huyen", "thị xã": "thi-xa", "thành phố": "thanh-pho", "tỉnh": "tinh"}
# Kind -> what its residential groups are called (Unit.residential_group, the narrative's
# `{to_dan_pho}`): thôn in a xã, tổ dân phố in a phường or thị trấn; an đặc khu may have both (it
# takes the place of a whole district: Lý Sơn's former xã had thôn), as does a district or province
# of xã and phường (a quận has only phường). A unit may name its own in units.yaml.
RESIDENTIAL_GROUPS = {"phường": "tổ dân phố", "xã": "thôn", "thị trấn": "tổ dân phố", "đặc khu": "thôn, tổ dân phố",
                      "quận": "tổ dân phố", "huyện": "thôn, tổ dân phố", "thị xã": "thôn, tổ dân phố",
                      "thành phố": "thôn, tổ dân phố", "tỉnh": "thôn, tổ dân phố"}
# Kinds whose place-and-date line names the unit with its kind ("Phường Nguyễn Nghiêm, ngày …", the
# seed's); the others name the place alone ("Lý Sơn, ngày …", "Quảng Ngãi, ngày …"), as Nghị định
# 30/2020 (Phụ lục I, địa danh) writes it, except a name that is a number ("Quận 1", "Phường 12").
# A unit named after a person or an event keeps its kind by ND 30; a unit may give its own `place`.
PLACE_WITH_KIND = ("phường", "xã", "thị trấn")

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

# Signatory.authority -> the two lines above the signer's name (Nghị định 30/2020); the same for
# the People's Committee of every kind of unit (the unit is named in the header, not here).
AUTHORITIES = {"TM": "TM. ỦY BAN NHÂN DÂN", "KT": "KT. CHỦ TỊCH"}
# The first header line of a People's Committee's document, above the unit's name (every kind).
AUTHORITY = "ỦY BAN NHÂN DÂN"


@dataclass(frozen=True)
class ParentLink:
    """The unit a unit reports to, from `valid_from` to `valid_to` (both inclusive; None: from the
    unit's own start, or for as long as the unit exists)."""
    name: str  # with its kind: "thị xã Đức Phổ", "tỉnh Quảng Ngãi"
    valid_from: date | None = None
    valid_to: date | None = None

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Unit:
    code: str  # mã ĐVHC: the identity, with the validity period
    slug: str  # <kind prefix>-<name>, used in paths (KINDS)
    kind: str  # a key of KINDS: phường | xã | thị trấn | đặc khu, or a parent kind
    name: str  # without the kind: "Nguyễn Nghiêm"
    # The unit it reports to: a name with its kind, valid for the unit's whole life, or ParentLinks
    # over time (a ward reported to its thị xã until 30/06/2025, to the province after); see parent_on.
    parent: str | tuple[ParentLink, ...] | None
    province: str
    valid_from: date
    valid_to: date | None = None
    successors: tuple[str, ...] = ()
    place_name: str | None = None  # units.yaml `place`: the place-and-date line's place, when not the default
    group_name: str | None = None  # units.yaml `residential_group`, when not the kind's (RESIDENTIAL_GROUPS)
    profile: str | None = None  # units.yaml `profile`: the import profile of its registers (cchc.profiles)

    def __post_init__(self):
        if isinstance(self.parent, list):
            object.__setattr__(self, "parent", tuple(self.parent))

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def upper_name(self) -> str:
        return self.full_name.upper()

    @property
    def is_commune_level(self) -> bool:
        return self.kind in COMMUNE_KINDS

    @property
    def header_lines(self) -> tuple[str, str]:
        """The issuing body above the document number (Nghị định 30/2020): ("ỦY BAN NHÂN DÂN",
        "PHƯỜNG NGUYỄN NGHIÊM"), ("ỦY BAN NHÂN DÂN", "ĐẶC KHU LÝ SƠN"), ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI")."""
        return AUTHORITY, self.upper_name

    @property
    def place(self) -> str:
        """The place of the place-and-date line: "Phường Nguyễn Nghiêm" (commune kinds, with the kind),
        "Lý Sơn" (đặc khu), "Quảng Ngãi" (tỉnh), "Đức Phổ" (thị xã), "Quận 1" (a number keeps its
        kind); units.yaml `place` when given (PLACE_WITH_KIND)."""
        if self.place_name:
            return self.place_name
        if self.kind in PLACE_WITH_KIND or self.name.strip().isdigit():
            return self.title_name
        return self.name

    @property
    def residential_group(self) -> str:
        """What the unit's residential groups are called: "tổ dân phố" in a phường or thị trấn,
        "thôn" in a xã, "thôn, tổ dân phố" in an đặc khu (narrative placeholder `{to_dan_pho}`);
        units.yaml `residential_group` when given."""
        return self.group_name or RESIDENTIAL_GROUPS[self.kind]

    @property
    def issuer(self) -> str:
        """How the unit's People's Committee names itself in a sentence: "UBND phường", "UBND đặc khu"."""
        return f"UBND {self.kind}"

    @property
    def issuer_full(self) -> str:
        """"UBND phường Nguyễn Nghiêm", "UBND đặc khu Lý Sơn"."""
        return f"UBND {self.full_name}"

    @property
    def title_name(self) -> str:
        """As it opens a sentence: "Phường Nguyễn Nghiêm", "Đặc khu Lý Sơn"."""
        return self.full_name[:1].upper() + self.full_name[1:]

    @property
    def parents(self) -> tuple[ParentLink, ...]:
        """The parent links with their dates filled in from the unit's own validity; () without a parent."""
        if not self.parent:
            return ()
        if isinstance(self.parent, str):
            return (ParentLink(self.parent, self.valid_from, self.valid_to),)
        return tuple(ParentLink(link.name, link.valid_from or self.valid_from, link.valid_to or self.valid_to)
                     for link in self.parent)

    def parent_on(self, day: date) -> str | None:
        """The unit this one reports to on `day` ("thị xã Đức Phổ" until 30/06/2025, "tỉnh Quảng
        Ngãi" after), or None (no parent then, or a tỉnh)."""
        return next((link.name for link in self.parents if link.covers(day)), None)

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
    # The service index's configuration (`figures.service_index.Config`) from
    # params/chi-so-phuc-vu.yaml; None: the shipped default.
    service_index: object = None

    @property
    def place(self) -> str:
        """The place of the place-and-date line: "Phường Nguyễn Nghiêm"."""
        return self.unit.title_name

    @property
    def period_id(self) -> str:
        """The report's period id, the name of its params folder: "2023", "2024-q1", "2024-08"."""
        return self.period.id


@dataclass
class UnitPeriod:
    """One unit's inputs for one report period. The dossier and document registers are the rows of
    every year's file the period spans (`data/<year>/<slug>/`, from the period's start year to its
    end year), each row keeping its file in the column `schema.SOURCE_FILE` ("_tep") and its
    spreadsheet row number as index (not unique across files); the staff roster and the
    indicators are the end year's."""
    unit: Unit
    params: ReportParams
    dossiers: pd.DataFrame
    staff: pd.DataFrame
    documents: pd.DataFrame
    indicators: dict[str, object]
    files: dict[str, Path]  # role -> input file (registers: the end year's; params yaml, units.yaml)
    problems: list[Problem] = field(default_factory=list)  # warnings only (errors raise)
    rules: FindingRules = field(default_factory=FindingRules)
    register_files: dict[str, list[Path]] = field(default_factory=dict)  # register role -> every year's file
    # The stated meaning of each import-profile constant the registers were read with (cchc.profiles):
    # a value no export column gave, printed in the reviewers' appendix.
    notes: list[str] = field(default_factory=list)

    @property
    def period(self) -> Period:
        return self.params.period

    @property
    def period_id(self) -> str:
        return self.params.period.id

    @property
    def year(self) -> int:
        """The year the period is named for (its end's)."""
        return self.params.year

    @property
    def slug(self) -> str:
        return self.unit.slug

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


UnitYear = UnitPeriod  # the former name: one report was one unit-year
