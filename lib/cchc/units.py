"""The units registry, `params/units.yaml`: every ward and commune with its code and validity.

Identity is the official code plus a validity period, never the name: names are reused after the
2025 reorganisation. `read_units` collects every problem and returns the units it could build;
`load_units` raises `InputError` when there is any error.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from . import paths
from .model import KINDS, Unit
from .parsing import as_date
from .problems import ERROR, InputError, Problem
from .readers import read_yaml

UNIT_KEYS = ("code", "slug", "kind", "name", "parent", "province", "valid_from", "valid_to", "successors")
REQUIRED_KEYS = ("code", "slug", "kind", "name", "province", "valid_from")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE_RE = re.compile(r"^\d+$")


def vn_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def read_units(path: Path | None = None) -> tuple[dict[str, Unit], list[Problem]]:
    """Units by slug, and every problem found; invalid entries are left out."""
    path = Path(path or paths.units_file())
    rel = paths.relative(path)
    try:
        doc = read_yaml(path)
    except InputError as exc:
        return {}, exc.problems
    problems: list[Problem] = []

    def err(message, line=None, value=None, column=None):
        # YAML has keys, not columns: the key goes into the message.
        if column and f"«{column}»" not in message:
            message = f"Khóa «{column}»: {message[:1].lower()}{message[1:]}"
        problems.append(Problem(ERROR, rel, message, line, None, None if value is None else str(value)))

    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        err("Tệp phải có khóa «units:» chứa danh sách các đơn vị hành chính (xem params/README.md).", 1)
        return {}, problems
    for key in data:
        if key != "units":
            err(f"Khóa «{key}» không được dùng; tệp chỉ có khóa «units».", doc.line(key))

    units: list[tuple[int, Unit]] = []
    for i, entry in enumerate(data["units"]):
        line = doc.line("units", i)
        if not isinstance(entry, dict):
            err("Mỗi đơn vị phải là một nhóm khóa (code, slug, kind, name, ...).", line)
            continue
        before = len(problems)

        def at(key):
            return doc.line("units", i, key)

        for key in entry:
            if key not in UNIT_KEYS:
                err(f"Khóa «{key}» không hợp lệ; các khóa được dùng: {', '.join(UNIT_KEYS)}.", at(key), column=key)
        for key in REQUIRED_KEYS:
            if entry.get(key) in (None, ""):
                err(f"Thiếu khóa «{key}» (bắt buộc).", line, column=key)
        code = entry.get("code")
        if isinstance(code, int) and not isinstance(code, bool):
            code = str(code)
        if code not in (None, "") and not (isinstance(code, str) and CODE_RE.match(code)):
            err("Mã ĐVHC phải là một dãy chữ số, viết trong ngoặc kép, ví dụ \"21???\".", at("code"), code, "code")
        kind = entry.get("kind")
        if kind not in (None, "") and kind not in KINDS:
            err(f"Loại đơn vị không hợp lệ; chỉ nhận: {', '.join(KINDS)}.", at("kind"), kind, "kind")
        slug = entry.get("slug")
        if slug not in (None, ""):
            if not (isinstance(slug, str) and SLUG_RE.match(slug)):
                err("Slug chỉ gồm chữ thường không dấu, chữ số và dấu «-», ví dụ phuong-nguyen-nghiem.",
                    at("slug"), slug, "slug")
            elif kind in KINDS and not slug.startswith(KINDS[kind] + "-"):
                err(f"Slug của đơn vị loại «{kind}» phải bắt đầu bằng «{KINDS[kind]}-».", at("slug"), slug, "slug")
        for key in ("name", "province", "parent"):
            v = entry.get(key)
            if v not in (None, "") and not isinstance(v, str):
                err("Giá trị phải là chữ.", at(key), v, key)
        start, end = entry.get("valid_from"), entry.get("valid_to")
        valid_from = as_date(start) if start not in (None, "") else None
        valid_to = as_date(end) if end not in (None, "") else None
        if start not in (None, "") and valid_from is None:
            err("Ngày không hợp lệ; viết dạng yyyy-mm-dd, ví dụ 2020-04-01.", at("valid_from"), start, "valid_from")
        if end not in (None, "") and valid_to is None:
            err("Ngày không hợp lệ; viết dạng yyyy-mm-dd, hoặc để trống nếu đơn vị còn tồn tại.",
                at("valid_to"), end, "valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            err(f"Ngày hết hiệu lực ({vn_date(valid_to)}) trước ngày có hiệu lực ({vn_date(valid_from)}).",
                at("valid_to"), end, "valid_to")
        successors = entry.get("successors") or []
        if isinstance(successors, (str, int)):
            successors = [successors]
        if not isinstance(successors, list):
            err("«successors» phải là danh sách mã ĐVHC.", at("successors"), successors, "successors")
            successors = []
        successors = [str(s) for s in successors]
        if len(problems) > before:
            continue
        units.append((line, Unit(code=code, slug=slug, kind=kind, name=entry["name"],
                                 parent=entry.get("parent") or None, province=entry["province"],
                                 valid_from=valid_from, valid_to=valid_to, successors=tuple(successors))))

    by_slug: dict[str, Unit] = {}
    seen_code: dict[str, list[tuple[int, Unit]]] = {}
    seen_slug: dict[str, int] = {}
    for line, unit in units:
        # A code is reused after a merger (the new unit keeps a predecessor's code), so a code is
        # unique only among units valid at the same time: identity is code plus validity period.
        clash = next((ln for ln, other in seen_code.get(unit.code, []) if _overlap(unit, other)), None)
        if clash is not None:
            err(f"Mã ĐVHC trùng với đơn vị ở dòng {clash} trong cùng thời gian hiệu lực; một mã chỉ được "
                "dùng lại sau khi đơn vị cũ hết hiệu lực (valid_to).", line, unit.code, "code")
        seen_code.setdefault(unit.code, []).append((line, unit))
        if unit.slug in seen_slug:
            err(f"Slug trùng với đơn vị ở dòng {seen_slug[unit.slug]}; slug phải duy nhất.", line, unit.slug, "slug")
            continue
        seen_slug[unit.slug] = line
        by_slug[unit.slug] = unit
    for line, unit in units:
        for s in unit.successors:
            # The successor is the unit holding that code from the day after this one ends.
            later = [u for _, u in seen_code.get(s, []) if u is not unit and
                     (unit.valid_to is None or (u.valid_to or dt.date.max) > unit.valid_to)]
            if not later:
                err(f"Mã đơn vị kế thừa «{s}» không có trong danh sách đơn vị (là đơn vị có hiệu lực sau "
                    "ngày đơn vị này hết hiệu lực).", line, s, "successors")
    # The same name may be reused, but not by two units of the same kind in the same province at once.
    for a in range(len(units)):
        la, ua = units[a]
        for lb, ub in units[a + 1:]:
            if (ua.kind, ua.name, ua.province) != (ub.kind, ub.name, ub.province):
                continue
            if _overlap(ua, ub):
                err(f"Hai đơn vị cùng tên «{ua.full_name}» (dòng {la} và dòng {lb}) có thời gian hiệu lực "
                    "chồng lên nhau; đơn vị cũ cần có ngày hết hiệu lực (valid_to) trước ngày đơn vị mới "
                    "có hiệu lực.", lb, ub.slug, "slug")
    return by_slug, problems


def _overlap(a: Unit, b: Unit) -> bool:
    far = dt.date.max
    return a.valid_from <= (b.valid_to or far) and b.valid_from <= (a.valid_to or far)


def load_units(path: Path | None = None) -> dict[str, Unit]:
    units, problems = read_units(path)
    if any(p.is_error for p in problems):
        raise InputError(problems)
    return units


def get_unit(slug: str) -> Unit:
    units = load_units()
    if slug not in units:
        raise InputError([Problem(ERROR, paths.relative(paths.units_file()),
                                  f"Không có đơn vị «{slug}» trong danh sách đơn vị.", value=slug)])
    return units[slug]
