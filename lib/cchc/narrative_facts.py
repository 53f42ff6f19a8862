"""The narrative never types a fact an indicator or register holds: the check, and the markers.

Facts the registers hold (the website, ISO 9001, computers, digital signatures, staff totals) are
printed by `cchc.prose`; the analysts' narrative (params/<year>/<slug>.yaml) may only talk about
them conditionally or without the figure. One table, `FACTS`, says how a paragraph mentions each
fact; `check_narrative` (run by `cchc validate`) compares every mention with the registers:

- ERROR: a flat contradiction: a website the indicators say the unit has none of (value «Không»),
  ISO 9001 the indicators say is not applied, a typed count that differs from the register;
- WARNING: a figure the registers hold typed into the narrative (even when it agrees), a website
  asserted while the indicator is left out (unknown).

Markers the analysts may write (params/README.md), applied by `render` where the narrative is
shown (`unit_report.Report.narrative`):

- a paragraph starting `{neu:trang_thong_tin}` is kept only when the indicators say the unit has
  the website; `{neu_khong:trang_thong_tin}` only when they say it has none (likewise `iso`);
- `{to_dan_pho}` is the unit's residential group: "tổ dân phố" (phường, thị trấn) or "thôn" (xã).

Markers are read in any case and with spaces inside the braces; a condition with an unknown key,
without its "}", or anywhere but at the start of a paragraph is refused by `check_narrative`,
so no marker is ever printed as typed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .problems import ERROR, WARNING, Problem
from .text import nfc

# {neu:KEY} / {neu_khong:KEY} at the start of a paragraph; KEY a key of CONDITIONS (any case, spaces
# allowed: "{NEU: iso }"). Whatever stands between ":" and "}" is the key, so a misspelt one is
# refused by `check_narrative` instead of the marker being printed as typed. (No adjacent `\s*`
# around an optional group: "{neu:" and 200 000 spaces would take the engine minutes.)
CONDITION_RE = re.compile(r"^\s*\{\s*(neu|neu_khong)\s*:([^{}]*)\}\s*", re.I)
# A condition marker anywhere: one not at the start of its paragraph is refused.
ANY_CONDITION_RE = re.compile(r"\{\s*neu(?:_khong)?\s*:", re.I)
PLACEHOLDERS = {"to_dan_pho": lambda unit: unit.residential_group}
PLACEHOLDER_RE = re.compile(r"\{\s*(" + "|".join(PLACEHOLDERS) + r")\s*\}", re.I)
# Condition key -> (indicator code, its Vietnamese name in messages).
CONDITIONS = {
    "trang_thong_tin": ("trang_thong_tin_tu", "Trang thông tin điện tử"),
    "iso": ("iso_9001", "hệ thống quản lý chất lượng ISO 9001:2015"),
}
NEGATION_RE = re.compile(r"(chưa|không)\s+(có|được|áp dụng|xây dựng|trang bị)\s+(\S+\s+){0,3}$", re.I)


@dataclass(frozen=True)
class NarrativeFact:
    key: str  # a key of CONDITIONS for a presence fact, else a name
    what: str  # Vietnamese, for messages
    pattern: re.Pattern  # a mention; group "n" is the typed number of a count fact
    kind: str  # "presence" or "count"


FACTS = (
    NarrativeFact("trang_thong_tin", "Trang thông tin điện tử",
                  re.compile(r"(cổng|trang) thông tin điện tử", re.I), "presence"),
    NarrativeFact("iso", "ISO 9001:2015", re.compile(r"ISO\s*9001|quy trình ISO|thư ký ISO", re.I), "presence"),
    NarrativeFact("so_may_tinh", "số máy vi tính",
                  re.compile(r"(?<![\d.,])(?P<n>\d{1,4})\s+máy (vi )?tính", re.I), "count"),
    NarrativeFact("chu_ky_so", "số chữ ký số",
                  re.compile(r"(?<![\d.,])(?P<n>\d{1,4})\s+chữ ký số(?P<which>\s+(cơ quan|của cơ quan|tổ chức|cá nhân))?",
                             re.I), "count"),
    NarrativeFact("tong_so_cbcc", "tổng số cán bộ, công chức, người hoạt động không chuyên trách",
                  re.compile(r"tổng số cán bộ, công chức, (những )?người hoạt động không chuyên trách"
                             r"[^\d.;]{0,60}?(?P<n>\d{1,4})\s*người", re.I), "count"),
    NarrativeFact("so_cbcc", "số cán bộ, công chức",
                  re.compile(r"(?<![\d.,/])(?P<n>\d{1,4})\s+cán bộ,\s*công chức(?!,\s*(những )?người)", re.I),
                  "count"),
)


# --- rendering -------------------------------------------------------------------------------------

def condition(text: str) -> tuple[re.Match, str, str] | None:
    """(match, "neu" or "neu_khong", key) of the condition marker opening `text`, or None."""
    m = CONDITION_RE.match(text)
    return (m, m.group(1).lower(), m.group(2).strip().casefold()) if m else None


def _state(indicators: Mapping, key: str):
    """True (the unit has it), False (the register says it has none), None (not stated)."""
    value = indicators.get(CONDITIONS[key][0])
    if value is None:
        return None
    return value is not False


def render(paragraphs: Iterable[str], unit, indicators: Mapping) -> list[str]:
    """The paragraphs whose condition holds, markers removed and placeholders filled in."""
    out = []
    for para in paragraphs:
        para = nfc(para)
        c = condition(para)
        if c:
            m, want, key = c
            if key not in CONDITIONS:
                raise KeyError(f"Điều kiện «{{{want}:{key}}}» không hợp lệ; dùng: {', '.join(CONDITIONS)}.")
            state = _state(indicators, key)
            if state is None or state != (want == "neu"):
                continue
            para = para[m.end():]
        out.append(PLACEHOLDER_RE.sub(lambda x: PLACEHOLDERS[x.group(1).lower()](unit), para))
    return out


# --- validation ------------------------------------------------------------------------------------

def _counts(indicators: Mapping, staff) -> dict:
    """Registered values of the count facts (None when unknown)."""
    out = {"so_may_tinh": indicators.get("so_may_tinh")}
    org, personal = indicators.get("chu_ky_so_to_chuc"), indicators.get("chu_ky_so_ca_nhan")
    out["chu_ky_so"] = None if org is None and personal is None else int(org or 0) + int(personal or 0)
    out["chu_ky_so_to_chuc"], out["chu_ky_so_ca_nhan"] = org, personal
    if staff is not None:
        out["tong_so_cbcc"] = int(staff.total_people)
        out["so_cbcc"] = sum(int(staff.groups[c].filled) for c in ("can_bo", "cong_chuc") if c in staff.groups)
    return out


def findings(text: str, indicators: Mapping, staff=None) -> list[tuple[str, str, str]]:
    """(severity, the words found, why) for every mention in one paragraph that types or
    contradicts a registered fact. A paragraph under a condition marker is not checked for the
    fact the condition names."""
    text = nfc(text)
    c = condition(text)
    conditioned = c[2] if c else None
    counts = _counts(indicators, staff)
    out = []
    for fact in FACTS:
        if fact.key == conditioned:
            continue
        for hit in fact.pattern.finditer(text):
            words = hit.group(0)
            if fact.kind == "presence":
                state = _state(indicators, fact.key)
                code = CONDITIONS[fact.key][0]
                denied = bool(NEGATION_RE.search(text[max(0, hit.start() - 40):hit.start()]))
                if not denied and state is False:
                    out.append((ERROR, words, f"sổ chỉ số ghi đơn vị không có {fact.what} (chỉ số «{code}» là "
                                              f"«Không»); bỏ câu này hoặc đặt đoạn văn sau "
                                              f"{{neu:{fact.key}}}"))
                elif not denied and state is None:
                    out.append((WARNING, words, f"sổ chỉ số không ghi chỉ số «{code}» nên không biết đơn vị có "
                                                f"{fact.what} hay không; ghi chỉ số, hoặc đặt đoạn văn sau "
                                                f"{{neu:{fact.key}}}"))
                elif denied and state is True:
                    out.append((ERROR, words, f"lời văn nói đơn vị chưa có {fact.what} nhưng sổ chỉ số ghi là có "
                                              f"(chỉ số «{code}»)"))
                continue
            typed = int(hit.group("n"))
            key = fact.key
            if key == "chu_ky_so" and hit.group("which"):
                key = "chu_ky_so_ca_nhan" if "cá nhân" in hit.group("which") else "chu_ky_so_to_chuc"
            held = counts.get(key)
            if held is None:
                continue
            if typed != int(held):
                out.append((ERROR, words, f"sổ sách ghi {fact.what} là {int(held)}, không phải {typed}; số liệu "
                                          "do báo cáo tự tính, không gõ vào lời văn"))
            else:
                out.append((WARNING, words, f"{fact.what} ({typed}) là số liệu báo cáo tự tính từ sổ sách; "
                                            "không gõ lại vào lời văn"))
    return out


def check_narrative(params, indicators: Mapping, staff_frame: pd.DataFrame | None = None,
                    path: Path | None = None) -> list[Problem]:
    """`cchc validate`: every narrative paragraph of the params file against the indicators and the
    staff roster (see the module doc), plus unknown condition markers. Problems name the params
    file, the narrative key and the line."""
    from .figures import staff as staff_f
    from .readers import read_yaml

    path = Path(path or paths.report_params_file(params.year, params.unit.slug))
    rel = paths.relative(path)
    staff = staff_f.structure(staff_frame) if staff_frame is not None else None
    found = []  # (key, paragraph, severity or None for a bad condition, words, why)
    for key, paragraphs in params.narrative.items():
        for para in paragraphs:
            c = condition(nfc(para))
            if c and c[2] not in CONDITIONS:
                found.append((key, para, None, c[0].group(0).strip(), ""))
                continue
            rest = nfc(para)[c[0].end():] if c else nfc(para)
            stray = ANY_CONDITION_RE.search(rest)
            if stray:  # a marker the report would print as typed
                words = rest[stray.start():stray.start() + 40]
                words = words[:words.index("}") + 1] if "}" in words else " ".join(words.split())
                why = ("điều kiện thiếu dấu «}»" if not c and not rest[:stray.start()].strip() else
                       "điều kiện {neu:...} / {neu_khong:...} chỉ đặt ở đầu đoạn văn; tách thành một đoạn riêng")
                found.append((key, para, ERROR, words, why + ", nếu không nó bị in nguyên văn"))
            found += [(key, para, *f) for f in findings(para, indicators, staff)]
    if not found:
        return []
    try:  # read again only to name lines (the YAML parser is slow: only when there is something to say)
        doc = read_yaml(path)
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except Exception:  # the params reader has already reported an unreadable file
        doc, lines = None, []
    raw = (doc.data.get("narrative") if doc is not None and isinstance(doc.data, dict) else None) or {}
    problems = []
    for key, para, severity, words, why in found:
        source = raw.get(key) if isinstance(raw.get(key), list) else [raw.get(key)]
        i = next((j for j, p in enumerate(source) if isinstance(p, str) and nfc(p) == nfc(para)), None)
        start = doc.line("narrative", key, i) if doc is not None and i is not None else None
        if severity is None:
            problems.append(Problem(ERROR, rel, f"Khóa «narrative.{key}»: điều kiện không hợp lệ; các điều kiện "
                                                f"được dùng: {', '.join(CONDITIONS)}.", start, None, words))
            continue
        problems.append(Problem(severity, rel, f"Khóa «narrative.{key}»: lời văn «{words}»: {why}.",
                                _line_of(words, lines, start), None, words))
    return problems


def _line_of(words: str, lines: list[str], start: int | None) -> int | None:
    """The line of the params file where `words` begin (a folded YAML string may split them):
    from the paragraph's first line on, the first line holding their first words."""
    head = " ".join(words.split()[:2])
    first = (start or 1) - 1
    for i in range(first, min(len(lines), first + 40)):
        if head.casefold() in nfc(lines[i]).casefold():
            return i + 1
    return start
