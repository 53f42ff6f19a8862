"""Sections II.3 (organisation) and II.4 (the CBCC body) in words, from `figures.staff`."""
from __future__ import annotations

import pandas as pd

from .. import fmt
from ..figures.staff import DIMENSIONS, GROUP_LABELS, GROUP_NOUNS, GroupStructure, StaffStructure, level_label
from .phrases import Sentence, changes


def _who(groups: list[str]) -> str:
    """"cán bộ, công chức" for the groups concerned, in schema order."""
    return ", ".join(GROUP_NOUNS[c] for c in GROUP_LABELS if c in groups)


def _events(s: StaffStructure, attr: str) -> tuple[int, str, tuple]:
    concerned = [c for c, g in s.groups.items() if getattr(g, attr)]
    figs = tuple(getattr(s.groups[c], attr) for c in concerned)
    return sum(int(f) for f in figs), _who(concerned), figs


def discipline_sentence(s: StaffStructure, period=None) -> Sentence:
    """"Trong năm 2023, không có cán bộ, công chức vi phạm và bị xem xét kỷ luật." or the count."""
    lead = f"{period.opening}, " if period is not None else ""
    n, who, figs = _events(s, "discipline")
    if n == 0:
        text = f"{lead}không có cán bộ, công chức vi phạm và bị xem xét kỷ luật."
    else:
        text = f"{lead}có {fmt.count(n)} {who} vi phạm và bị xem xét kỷ luật."
    return Sentence(fmt.capitalize_first(text), figs)


def raises_sentence(s: StaffStructure, period=None) -> Sentence:
    """The salary-raise sentence of the seed, naming who was raised; natural when nobody was."""
    lead = ("Công tác giải quyết các chế độ, chính sách cho cán bộ, công chức được quan tâm và thực "
            "hiện đúng theo quy định")
    regular, who_regular, f_regular = _events(s, "raise_regular")
    early, who_early, f_early = _events(s, "raise_early")
    parts = []
    if regular:
        parts.append(f"lập hồ sơ đề nghị nâng lương thường xuyên cho {fmt.count(regular)} {who_regular}")
    if early:
        parts.append(f"lập hồ sơ nâng lương trước thời hạn cho {fmt.count(early)} {who_early}")
    if not parts:
        during = "trong kỳ báo cáo" if period is None else period.opening[:1].lower() + period.opening[1:]
        return Sentence(f"{lead}; {during} không có trường hợp đến kỳ nâng lương.")
    return Sentence(f"{lead}, {' và '.join(parts)}.", f_regular + f_early)


def records_sentence(s: StaffStructure) -> Sentence:
    """The staff-software sentence: records of cán bộ and công chức, with the real update rate."""
    cbcc = [s.groups[c] for c in ("can_bo", "cong_chuc")]
    base = sum(int(g.filled) for g in cbcc)
    updated = sum(int(g.records_updated) for g in cbcc)
    figs = tuple(g.filled for g in cbcc) + tuple(g.records_updated for g in cbcc)
    if base == 0:
        return Sentence("Chưa có cán bộ, công chức để cập nhật thông tin vào phần mềm quản lý cán bộ, công chức.")
    text = (f"Thường xuyên cập nhật các thông tin của {fmt.count(base)} cán bộ, công chức khi có sự thay đổi "
            "về chức vụ, trình độ chuyên môn, hệ số lương, khen thưởng, kỷ luật... vào phần mềm quản lý "
            "cán bộ, công chức phục vụ công tác quản lý, khai thác. ")
    if updated == base:
        text += "Đến nay đã cập nhật đủ thông tin 100%."
    else:
        text += (f"Đến nay đã cập nhật đủ thông tin của {fmt.fraction(updated, base)} cán bộ, công chức, "
                 f"đạt tỷ lệ {fmt.percent(updated, base)}.")
    return Sentence(text, figs)


def organisation_prose(s: StaffStructure, period=None) -> list[Sentence]:
    """Section II.3 sentences: discipline, salary raises, staff records."""
    return [discipline_sentence(s, period), raises_sentence(s, period), records_sentence(s)]


def _dimension_lines(g: GroupStructure, dimension: str, share_word: str) -> list[tuple[int, Sentence]]:
    """One line (level 2) when the group has one level of the dimension, as the seed writes "Trình độ
    văn hóa: …"; else the dimension's title (level 2) and one item per level (level 3), the seed's
    "- Trình độ chuyên môn:" then "+ Thạc sỹ: 02/10 người, tỷ lệ 20%;"."""
    levels = g.levels[dimension]
    if not levels:
        return []
    title = DIMENSIONS[dimension][0]
    items = [(f"{level_label(dimension, c)}: {fmt.fraction(n, g.filled)} người, {share_word} {fmt.percent(n, g.filled)}",
              (g.filled, n)) for c, n in levels.items()]
    missing = g.unspecified(dimension)
    if missing:
        items.append((f"chưa có thông tin: {fmt.fraction(missing, g.filled)} người", (g.filled,)))
    if len(items) == 1:
        text, figs = items[0]
        return [(2, Sentence(f"{title}: {text}.", figs))]
    last = len(items) - 1
    return [(2, Sentence(f"{title}:"))] + [
        (3, Sentence(fmt.capitalize_first(text) + ("." if i == last else ";"), figs))
        for i, (text, figs) in enumerate(items)]


def _excluded(text: str | None) -> str:
    """"; không tính Trưởng Công an phường" from the indicator cong_chuc_khong_tinh ("A; B")."""
    names = [n.strip() for n in (text or "").split(";") if n.strip()]
    return f"; không tính {', '.join(names)}" if names else ""


def structure_outline(s: StaffStructure, unit, previous: StaffStructure | None = None,
                      comparator=None, excluded: str | None = None, *, comparisons=(),
                      period=None) -> list[tuple[int, Sentence]]:
    """Section II.4 as (level, sentence): level 0 the total, 1 a group heading, 2 a dimension of it,
    3 the levels of a dimension, so a renderer can nest them as the seed does (`*`, `-`, `+`). With
    `previous` and its period `comparator`, the total says how it moved (absolute, in people);
    `comparisons` adds more (StaffStructure, Period) pairs (the quarter before, then the same
    quarter a year earlier). With `period` (the report's), a comparator of another kind raises
    `phrases.IncomparablePeriods`.
    `excluded`: positions of công chức not on the roster nor in the count (the indicator
    cong_chuc_khong_tinh), said after the công chức count as the seed does."""
    total = s.total_people
    pairs = [(previous, comparator), *comparisons]
    moved = changes(total, [(p.total_people if p is not None else None, c) for p, c in pairs], kind="people",
                    period=period)
    moved = f" ({moved})" if moved else ""
    out = [(0, Sentence(f"Tổng số cán bộ, công chức, người hoạt động không chuyên trách {unit.kind} đến thời "
                        f"điểm hiện tại là: {fmt.count(total)} người{moved}. Trong đó:", (total,)))]
    for code, g in s.groups.items():
        if g.positions == 0:
            continue
        if g.filled == 0:
            out.append((1, Sentence(f"{g.label}: chưa bố trí ({fmt.count(g.vacant)} vị trí còn trống).",
                                    (g.positions,))))
            continue
        people = fmt.fraction(g.filled, g.positions) if g.vacant else fmt.count(g.filled)
        head, figs = f"{g.label}: {people} người", [g.filled] + ([g.positions] if g.vacant else [])
        if code in ("can_bo", "cong_chuc"):
            noun = GROUP_NOUNS[code]
            figs.append(g.dat_chuan)
            note = _excluded(excluded) if code == "cong_chuc" else ""
            if g.dat_chuan == g.filled:
                head += f" (100% {noun} đảm bảo tiêu chuẩn chức danh theo quy định{note})"
            else:
                head += (f" ({fmt.fraction(g.dat_chuan, g.filled)} {noun} đảm bảo tiêu chuẩn chức danh "
                         f"theo quy định, tỷ lệ {fmt.percent(g.dat_chuan, g.filled)}{note})")
        out.append((1, Sentence(head + ". Trong đó:", figs)))
        for dim, word in (("trinh_do_van_hoa", "tỷ lệ"), ("trinh_do_chuyen_mon", "tỷ lệ"),
                          ("ly_luan_chinh_tri", "chiếm tỷ lệ")):
            out += _dimension_lines(g, dim, word)
    return out


def structure_prose(s: StaffStructure, unit, previous: StaffStructure | None = None,
                    comparator=None, excluded: str | None = None, *, comparisons=(), period=None) -> list[Sentence]:
    return [t for _, t in structure_outline(s, unit, previous, comparator, excluded, comparisons=comparisons,
                                            period=period)]


def qualification_counts(s: StaffStructure, dimension: str) -> tuple[str, list[str], list[tuple[str, list[int], int]]]:
    """The numbers of `qualification_table`: (the dimension's title, the level labels someone
    holds, and per group with people (label, people at each level, the group's people)). The
    printed table and the Excel sheet (`Report.tables`) are both made from these."""
    title, allowed = DIMENSIONS[dimension]
    present = [c for c in allowed.values() if any(g.levels[dimension].get(c) for g in s.groups.values())]
    groups = [(g.label, [int(g.levels[dimension].get(c, 0)) for c in present], int(g.filled))
              for g in s.groups.values() if g.filled]
    return title, [level_label(dimension, c) for c in present], groups


def qualification_table(s: StaffStructure, dimension: str) -> pd.DataFrame:
    """Levels of one dimension (rows, only those someone holds) by group (columns "Số người" and
    "Tỷ lệ", the share of the group's people as a Vietnamese percentage). Groups with nobody are
    left out; a cell where the group has nobody at that level shows 0 and "0%"."""
    title, levels, groups = qualification_counts(s, dimension)
    data = {}
    for label, counts, filled in groups:
        data[(label, "Số người")] = counts
        data[(label, "Tỷ lệ")] = [fmt.percent(n, filled) for n in counts]
    out = pd.DataFrame(data, index=pd.Index(levels, name=title))
    out.columns = pd.MultiIndex.from_tuples(list(data), names=["Nhóm", ""])
    return out
