"""Which sections a report of each period kind has: `params/sections.yaml`, optional.

A monthly TTHC report is a shorter document than the annual CCHC report: by default a report of
kind `thang` has the TTHC section (03) and the reviewers' appendix (10) only, every other kind
every section. The document's header, title, closing paragraph and signature come with the
stitched document whatever the sections (`cchc.render`); when the opening section (01) is left
out, the build puts the report's introduction at the top itself.

```yaml
# params/sections.yaml: loại kỳ -> các phần (số thứ tự notebook) của báo cáo loại kỳ đó
thang: ["03", "10"]     # báo cáo tháng: phần II.2 (TTHC) và phụ lục
quy: tất cả             # quý I–IV (q1..q4 đặt riêng từng quý nếu cần)
```

Keys: the period kinds (`nam`, `6t`, `9t`, `q1`..`q4`, `thang`, `tuy-chon`) and `quy` for the four
quarters (a key of one quarter wins over `quy`). Values: a list of two-digit section numbers, or
`tất cả` (every section). An unknown kind, a number that is no section, a repeated number or an
empty list is an error naming the file and line.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import paths
from .period import FAMILIES, KIND_NAMES, KINDS
from .problems import ERROR, InputError, Problem

DEFAULTS: dict[str, tuple[str, ...]] = {"thang": ("03", "10")}  # kinds not listed: every section
OPENING = "01"  # the section that opens the report (its introduction)
ALL = ("tất cả", "tat-ca", "all")
KEYS = (*KINDS, "quy")
_NUMBER = re.compile(r"[0-9]{1,2}", re.ASCII)


class SectionsError(ValueError):
    """params/sections.yaml cannot be used; the message is Vietnamese and names the file and line."""


def read_sections(path: Path | None = None, available: list[str] | None = None
                  ) -> tuple[dict[str, tuple[str, ...] | None], list[Problem]]:
    """The configuration (kind -> section numbers, None = every section) and its problems; absent
    file: {} and no problem. With `available` (the section numbers there are), a number that is not
    one of them is a problem too."""
    from .readers import read_yaml

    path = Path(path or paths.sections_file())
    if not path.is_file():
        return {}, []
    try:
        doc = read_yaml(path)
    except InputError as exc:
        return {}, exc.problems
    rel, problems, out = paths.relative(path), [], {}

    def err(message, key=None, value=None):
        problems.append(Problem(ERROR, rel, message, doc.line(key) if key is not None else None, None,
                                None if value is None else str(value)))

    data = doc.data
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        err("Tệp phải là các dòng «loại kỳ: [số phần, ...]», ví dụ thang: [\"03\", \"10\"].")
        return {}, problems
    for key, value in data.items():
        if key not in KEYS:
            err(f"Khóa «{key}»: loại kỳ không có; các loại kỳ: "
                + ", ".join(f"{k} ({KIND_NAMES.get(k, 'quý I–IV')})" for k in KEYS) + ".", key, key)
            continue
        if isinstance(value, str) and value.strip().lower() in ALL:
            out[key] = None
            continue
        if not isinstance(value, list) or not value:
            err(f"Khóa «{key}»: cần một danh sách số thứ tự phần (ví dụ [\"03\", \"10\"]) hoặc «tất cả».", key, value)
            continue
        numbers = []
        for item in value:
            text = str(item) if isinstance(item, int) and not isinstance(item, bool) else item
            if not isinstance(text, str) or not _NUMBER.fullmatch(text.strip()):
                err(f"Khóa «{key}»: «{item}» không phải số thứ tự của một phần (hai chữ số, ví dụ 03).", key, item)
                continue
            number = text.strip().zfill(2)
            if number in numbers:
                err(f"Khóa «{key}»: phần {number} ghi hai lần.", key, item)
            elif available is not None and number not in available:
                err(f"Khóa «{key}»: không có phần (notebook) số {number}; có: {', '.join(available)}.", key, item)
            else:
                numbers.append(number)
        out[key] = tuple(sorted(numbers))
    return out, problems


def sections_for(kind: str, available: list[str] | None = None, config: dict | None = None) -> list[str]:
    """The section numbers a report of period kind `kind` has, in order: params/sections.yaml's,
    else the defaults (`thang`: 03 and 10; every other kind: every section). `available`: the
    section numbers there are (default: `paths.section_notebooks()`'s). A broken
    params/sections.yaml raises SectionsError."""
    if kind not in KINDS:
        raise ValueError(f"loại kỳ báo cáo «{kind}» không hợp lệ; cần một trong: {', '.join(KINDS)}")
    if available is None:
        available = list(paths.section_notebooks())
    available = sorted(available)
    if config is None:
        config, problems = read_sections(available=available)
        if any(p.is_error for p in problems):
            raise SectionsError("; ".join(str(p) for p in problems))
    family = FAMILIES.get(kind)
    if kind in config:
        chosen = config[kind]
    elif family in config:
        chosen = config[family]
    else:
        chosen = DEFAULTS.get(kind)
    if chosen is None:
        return available
    return [n for n in available if n in chosen]
