"""Staff figures from the roster: sections II.3 (organisation) and II.4 (the CBCC body).

One roster row is one position; a vacant position (vi_tri_trong) has no person, so it counts in
`positions` but not in `filled`, and its person columns are ignored. Every share is over the
group's filled count (the seed's 1/11 for the 11 people of 12 positions).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..schema import GENERAL_EDUCATION, POLITICAL_THEORY, QUALIFICATIONS, STAFF, STAFF_GROUPS
from . import Figure, Source, sheet_rows

GROUP_LABELS = {code: label for label, code in STAFF_GROUPS.items()}  # in schema order
# The group as a common noun inside a sentence.
GROUP_NOUNS = {"can_bo": "cán bộ", "cong_chuc": "công chức",
               "khong_chuyen_trach": "người hoạt động không chuyên trách"}

DIMENSIONS = {
    "trinh_do_van_hoa": ("Trình độ văn hóa", GENERAL_EDUCATION),
    "trinh_do_chuyen_mon": ("Trình độ chuyên môn", QUALIFICATIONS),
    "ly_luan_chinh_tri": ("Lý luận chính trị", POLITICAL_THEORY),
}
# General education as the seed names it ("Trung học phổ thông ... 12/12").
EDUCATION_NAMES = {"12/12": "Trung học phổ thông (12/12)", "11/12": "Lớp 11/12", "10/12": "Lớp 10/12",
                   "9/12": "Trung học cơ sở (9/12)"}
# Per-person events of the year: attribute -> roster column.
EVENTS = {"dat_chuan": "dat_chuan", "raise_regular": "nang_luong_thuong_xuyen",
          "raise_early": "nang_luong_truoc_han", "discipline": "ky_luat", "records_updated": "cap_nhat_phan_mem"}
_H = {c.key: c.header for c in STAFF.columns}


def level_label(dimension: str, code: str) -> str:
    """The Vietnamese name of a level code in one dimension."""
    if dimension == "trinh_do_van_hoa":
        return EDUCATION_NAMES.get(code, code)
    for label, c in DIMENSIONS[dimension][1].items():
        if c == code:
            return label
    return code


@dataclass(frozen=True)
class GroupStructure:
    """One staff group; every count is a `Figure` (an int with its roster rows)."""
    code: str  # can_bo | cong_chuc | khong_chuyen_trach
    positions: Figure  # roster rows of the group, vacant ones included
    filled: Figure  # people
    levels: dict[str, dict[str, Figure]] = field(default_factory=dict)  # dimension -> level code -> count (>0), schema order
    dat_chuan: Figure = Figure(0)
    raise_regular: Figure = Figure(0)
    raise_early: Figure = Figure(0)
    discipline: Figure = Figure(0)
    records_updated: Figure = Figure(0)

    @property
    def label(self) -> str:
        return GROUP_LABELS[self.code]

    @property
    def vacant(self) -> int:
        return self.positions - self.filled

    def unspecified(self, dimension: str) -> int:
        """People whose level is missing in that dimension."""
        return self.filled - sum(self.levels.get(dimension, {}).values())


@dataclass(frozen=True)
class StaffStructure:
    groups: dict[str, GroupStructure]  # every group of the schema, in schema order
    roster_rows: int  # rows of the roster, for the consistency checks
    file: str = ""

    @property
    def total_people(self) -> Figure:
        rows = sorted(r for g in self.groups.values() for s in g.filled.sources for r in s.rows)
        return Figure(sum(int(g.filled) for g in self.groups.values()), key="staff.total_people",
                      label="Tổng số cán bộ, công chức, người hoạt động không chuyên trách", unit="người",
                      sources=(Source(STAFF.title, self.file, (_H["nhom"], _H["vi_tri_trong"]),
                                      f"Dòng có {_H['vi_tri_trong']} = Không", tuple(rows)),))

    @property
    def total_positions(self) -> int:
        return sum(g.positions for g in self.groups.values())

    def __getitem__(self, code: str) -> GroupStructure:
        return self.groups[code]


def _bool(s: pd.Series) -> pd.Series:
    return s.fillna(False).astype(bool)


def structure(staff: pd.DataFrame, file: str = "") -> StaffStructure:
    """Per group: positions, people, counts per level of each dimension, and the year's events;
    `file` names the roster file in each figure's source."""
    vacant = _bool(staff["vi_tri_trong"])

    def fig(value_rows: pd.Index, key: str, label: str, columns: tuple[str, ...], rule: str,
            unit: str = "người") -> Figure:
        rows = sheet_rows(value_rows)
        return Figure(len(value_rows), key=f"staff.{key}", label=label, unit=unit,
                      sources=(Source(STAFF.title, file, tuple(_H[c] for c in columns), rule, rows),))

    groups = {}
    for code, glabel in GROUP_LABELS.items():
        rows = staff[staff["nhom"] == code]
        people = rows[~vacant[rows.index]]
        in_group = f"{_H['nhom']} = {glabel}"
        levels = {}
        for dim, (title, allowed) in DIMENSIONS.items():
            values = people[dim].astype("object").where(people[dim].notna(), None)
            levels[dim] = {}
            for c in allowed.values():
                hit = people.index[(values == c).to_numpy(dtype=bool)]
                if len(hit):
                    levels[dim][c] = fig(hit, f"{code}.{dim}.{c}", f"{glabel}: {title} {level_label(dim, c)}",
                                         ("nhom", "vi_tri_trong", dim),
                                         f"Người có {in_group} và {_H[dim]} = {level_label(dim, c)}")
        events = {}
        for attr, col in EVENTS.items():
            hit = people.index[_bool(people[col]).to_numpy(dtype=bool)]
            events[attr] = fig(hit, f"{code}.{attr}", f"{glabel}: {_H[col]}", ("nhom", "vi_tri_trong", col),
                               f"Người có {in_group} và {_H[col]} = Có")
        groups[code] = GroupStructure(
            code=code,
            positions=fig(rows.index, f"{code}.positions", f"{glabel}: số vị trí", ("nhom",),
                          f"Dòng có {in_group}", unit="vị trí"),
            filled=fig(people.index, f"{code}.filled", f"{glabel}: số người", ("nhom", "vi_tri_trong"),
                       f"Dòng có {in_group} và {_H['vi_tri_trong']} = Không"),
            levels=levels, **events,
        )
    return StaffStructure(groups=groups, roster_rows=len(staff), file=file)
