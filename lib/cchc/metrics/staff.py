"""Staff figures from the roster: sections II.3 (organisation) and II.4 (the CBCC body).

One roster row is one position; a vacant position (vi_tri_trong) has no person, so it counts in
`positions` but not in `filled`, and its person columns are ignored. Every share is over the
group's filled count (the seed's 1/11 for the 11 people of 12 positions).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import fmt
from ..schema import GENERAL_EDUCATION, POLITICAL_THEORY, QUALIFICATIONS, STAFF_GROUPS

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
    code: str  # can_bo | cong_chuc | khong_chuyen_trach
    positions: int  # roster rows of the group, vacant ones included
    filled: int  # people
    levels: dict[str, dict[str, int]] = field(default_factory=dict)  # dimension -> level code -> count (>0), schema order
    dat_chuan: int = 0
    raise_regular: int = 0
    raise_early: int = 0
    discipline: int = 0
    records_updated: int = 0

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

    @property
    def total_people(self) -> int:
        return sum(g.filled for g in self.groups.values())

    @property
    def total_positions(self) -> int:
        return sum(g.positions for g in self.groups.values())

    def __getitem__(self, code: str) -> GroupStructure:
        return self.groups[code]


def _bool(s: pd.Series) -> pd.Series:
    return s.fillna(False).astype(bool)


def structure(staff: pd.DataFrame) -> StaffStructure:
    """Per group: positions, people, counts per level of each dimension, and the year's events."""
    vacant = _bool(staff["vi_tri_trong"])
    groups = {}
    for code in GROUP_LABELS:
        rows = staff[staff["nhom"] == code]
        people = rows[~vacant[rows.index]]
        levels = {}
        for dim, (_, allowed) in DIMENSIONS.items():
            vc = people[dim].dropna().astype(str).value_counts()
            levels[dim] = {c: int(vc[c]) for c in allowed.values() if c in vc.index and vc[c] > 0}
        groups[code] = GroupStructure(
            code=code, positions=len(rows), filled=len(people), levels=levels,
            dat_chuan=int(_bool(people["dat_chuan"]).sum()),
            raise_regular=int(_bool(people["nang_luong_thuong_xuyen"]).sum()),
            raise_early=int(_bool(people["nang_luong_truoc_han"]).sum()),
            discipline=int(_bool(people["ky_luat"]).sum()),
            records_updated=int(_bool(people["cap_nhat_phan_mem"]).sum()),
        )
    return StaffStructure(groups=groups, roster_rows=len(staff))


def qualification_table(s: StaffStructure, dimension: str) -> pd.DataFrame:
    """Levels of one dimension (rows, only those someone holds) by group (columns "Số người" and
    "Tỷ lệ", the share of the group's people as a Vietnamese percentage). Groups with nobody are
    left out; a cell where the group has nobody at that level shows 0 and "0%"."""
    title, allowed = DIMENSIONS[dimension]
    present = [c for c in allowed.values() if any(g.levels[dimension].get(c) for g in s.groups.values())]
    groups = [g for g in s.groups.values() if g.filled]
    data = {}
    for g in groups:
        data[(g.label, "Số người")] = [g.levels[dimension].get(c, 0) for c in present]
        data[(g.label, "Tỷ lệ")] = [fmt.percent(g.levels[dimension].get(c, 0), g.filled) for c in present]
    out = pd.DataFrame(data, index=pd.Index([level_label(dimension, c) for c in present], name=title))
    out.columns = pd.MultiIndex.from_tuples(list(data), names=["Nhóm", ""])
    return out


# --- prose --------------------------------------------------------------------------------------

def _who(groups: list[str]) -> str:
    """"cán bộ, công chức" for the groups concerned, in schema order."""
    return ", ".join(GROUP_NOUNS[c] for c in GROUP_LABELS if c in groups)


def _events(s: StaffStructure, attr: str) -> tuple[int, str]:
    concerned = [c for c, g in s.groups.items() if getattr(g, attr)]
    return sum(getattr(g, attr) for g in s.groups.values()), _who(concerned)


def discipline_sentence(s: StaffStructure, year: int | None = None) -> str:
    """"Trong năm 2023, không có cán bộ, công chức vi phạm và bị xem xét kỷ luật." or the count."""
    lead = f"Trong năm {year}, " if year else ""
    n, who = _events(s, "discipline")
    if n == 0:
        text = f"{lead}không có cán bộ, công chức vi phạm và bị xem xét kỷ luật."
    else:
        text = f"{lead}có {fmt.count(n)} {who} vi phạm và bị xem xét kỷ luật."
    return fmt.nfc(fmt.capitalize_first(text))


def raises_sentence(s: StaffStructure) -> str:
    """The salary-raise sentence of the seed, naming who was raised; natural when nobody was."""
    lead = ("Công tác giải quyết các chế độ, chính sách cho cán bộ, công chức được quan tâm và thực "
            "hiện đúng theo quy định")
    regular, who_regular = _events(s, "raise_regular")
    early, who_early = _events(s, "raise_early")
    parts = []
    if regular:
        parts.append(f"lập hồ sơ đề nghị nâng lương thường xuyên cho {fmt.count(regular)} {who_regular}")
    if early:
        parts.append(f"lập hồ sơ nâng lương trước thời hạn cho {fmt.count(early)} {who_early}")
    if not parts:
        return fmt.nfc(f"{lead}; trong năm không có trường hợp đến kỳ nâng lương.")
    return fmt.nfc(f"{lead}, {' và '.join(parts)}.")


def records_sentence(s: StaffStructure) -> str:
    """The staff-software sentence: records of cán bộ and công chức, with the real update rate."""
    cbcc = [s.groups[c] for c in ("can_bo", "cong_chuc")]
    base = sum(g.filled for g in cbcc)
    updated = sum(g.records_updated for g in cbcc)
    if base == 0:
        return "Chưa có cán bộ, công chức để cập nhật thông tin vào phần mềm quản lý cán bộ, công chức."
    text = (f"Thường xuyên cập nhật các thông tin của {fmt.count(base)} cán bộ, công chức khi có sự thay đổi "
            "về chức vụ, trình độ chuyên môn, hệ số lương, khen thưởng, kỷ luật... vào phần mềm quản lý "
            "cán bộ, công chức phục vụ công tác quản lý, khai thác. ")
    if updated == base:
        text += "Đến nay đã cập nhật đủ thông tin 100%."
    else:
        text += (f"Đến nay đã cập nhật đủ thông tin của {fmt.fraction(updated, base)} cán bộ, công chức, "
                 f"đạt tỷ lệ {fmt.percent(updated, base)}.")
    return fmt.nfc(text)


def organisation_prose(s: StaffStructure, year: int | None = None) -> list[str]:
    """Section II.3 sentences: discipline, salary raises, staff records."""
    return [discipline_sentence(s, year), raises_sentence(s), records_sentence(s)]


def _dimension_line(g: GroupStructure, dimension: str, share_word: str) -> str | None:
    levels = g.levels[dimension]
    if not levels:
        return None
    title = DIMENSIONS[dimension][0]
    items = [f"{level_label(dimension, c)}: {fmt.fraction(n, g.filled)} người, {share_word} {fmt.percent(n, g.filled)}"
             for c, n in levels.items()]
    missing = g.unspecified(dimension)
    if missing:
        items.append(f"chưa có thông tin: {fmt.fraction(missing, g.filled)} người")
    return f"{title}: {'; '.join(items)}."


def headcount_change(curr: int, prev: int, prev_year: int) -> str:
    """"tăng 02 người so với năm 2023": staff move by a few people, so the change is absolute."""
    if curr == prev:
        return f"không đổi so với năm {prev_year}"
    return f"{'tăng' if curr > prev else 'giảm'} {fmt.count(abs(curr - prev))} người so với năm {prev_year}"


def structure_outline(s: StaffStructure, unit_short: str = "phường", previous: StaffStructure | None = None,
                      prev_year: int | None = None) -> list[tuple[int, str]]:
    """Section II.4 as (level, text): level 0 the total, 1 a group heading, 2 its details, so a
    renderer can bold the headings as the seed does. With `previous`, the total says how it moved."""
    kind = unit_short.replace("UBND", "").strip() or "phường"
    change = (f" ({headcount_change(s.total_people, previous.total_people, prev_year)})"
              if previous is not None and prev_year is not None else "")
    out = [(0, f"Tổng số cán bộ, công chức, người hoạt động không chuyên trách {kind} đến thời điểm hiện "
               f"tại là: {fmt.count(s.total_people)} người{change}. Trong đó:")]
    for code, g in s.groups.items():
        if g.positions == 0:
            continue
        if g.filled == 0:
            out.append((1, f"{g.label}: chưa bố trí ({fmt.count(g.vacant)} vị trí còn trống)."))
            continue
        people = fmt.fraction(g.filled, g.positions) if g.vacant else fmt.count(g.filled)
        head = f"{g.label}: {people} người"
        if code in ("can_bo", "cong_chuc"):
            noun = GROUP_NOUNS[code]
            if g.dat_chuan == g.filled:
                head += f" (100% {noun} đảm bảo tiêu chuẩn chức danh theo quy định)"
            else:
                head += (f" ({fmt.fraction(g.dat_chuan, g.filled)} {noun} đảm bảo tiêu chuẩn chức danh "
                         f"theo quy định, tỷ lệ {fmt.percent(g.dat_chuan, g.filled)})")
        out.append((1, head + ". Trong đó:"))
        for dim, word in (("trinh_do_van_hoa", "tỷ lệ"), ("trinh_do_chuyen_mon", "tỷ lệ"),
                          ("ly_luan_chinh_tri", "chiếm tỷ lệ")):
            line = _dimension_line(g, dim, word)
            if line:
                out.append((2, line))
    return [(lvl, fmt.nfc(t)) for lvl, t in out]


def structure_prose(s: StaffStructure, unit_short: str = "phường", previous: StaffStructure | None = None,
                    prev_year: int | None = None) -> list[str]:
    return [t for _, t in structure_outline(s, unit_short, previous, prev_year)]


def staff_prose(s: StaffStructure, year: int | None = None, unit_short: str = "phường") -> list[str]:
    """Everything the roster says, in the seed's order: II.3 (discipline, raises, records), then
    II.4 (the total and each group's structure). Sections use the two parts separately."""
    return organisation_prose(s, year) + structure_prose(s, unit_short)
