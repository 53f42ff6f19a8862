"""The units registry, `params/units.yaml`: every ward and commune (and the district and province
units above them) with its code, kind, parent over time and validity.

Identity is the official code plus a validity period, never the name: names are reused after the
2025 reorganisation. A parent is a name with its kind, or a list of `{name, from, to}` that covers
the unit's life without gaps or overlaps (a ward reported to its thị xã until 30/06/2025, to the
province after). `read_units` collects every problem and returns the units it could build;
`load_units` raises `InputError` when there is any error.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from . import paths
from .model import COMMUNE_KINDS, KINDS, PARENT_KINDS, ParentLink, Unit
from .parsing import as_date
from .problems import ERROR, InputError, Problem
from .readers import read_yaml

UNIT_KEYS = ("code", "slug", "kind", "name", "parent", "province", "valid_from", "valid_to", "successors", "place",
             "residential_group", "profile")
PARENT_KEYS = ("name", "from", "to")
KINDS_ACCEPTED = (f"{', '.join(COMMUNE_KINDS)} (cấp xã); {', '.join(PARENT_KINDS)} (cấp huyện, cấp tỉnh)")
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
            err(f"Loại đơn vị không hợp lệ; chỉ nhận: {KINDS_ACCEPTED}.", at("kind"), kind, "kind")
        slug = entry.get("slug")
        if slug not in (None, ""):
            if not (isinstance(slug, str) and SLUG_RE.match(slug)):
                err("Slug chỉ gồm chữ thường không dấu, chữ số và dấu «-», ví dụ phuong-nguyen-nghiem.",
                    at("slug"), slug, "slug")
            elif kind in KINDS and not slug.startswith(KINDS[kind] + "-"):
                err(f"Slug của đơn vị loại «{kind}» phải bắt đầu bằng «{KINDS[kind]}-».", at("slug"), slug, "slug")
        for key in ("name", "province", "place", "residential_group", "profile"):
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
        parent = _parent(entry.get("parent"), valid_from, valid_to, lambda *keys: doc.line("units", i, "parent", *keys),
                         err)
        if len(problems) > before:
            continue
        units.append((line, Unit(code=code, slug=slug, kind=kind, name=entry["name"], parent=parent,
                                 province=entry["province"], valid_from=valid_from, valid_to=valid_to,
                                 successors=tuple(successors), place_name=entry.get("place") or None,
                                 group_name=entry.get("residential_group") or None,
                                 profile=entry.get("profile") or None)))

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


def _parent_name(name, line, err) -> bool:
    """A parent is named with its kind ("thị xã Đức Phổ"), so a sentence can say "UBND thị xã Đức Phổ"."""
    if not isinstance(name, str) or not name.strip():
        err("Tên đơn vị cấp trên phải là chữ, ví dụ «thị xã Đức Phổ».", line, name, "parent")
        return False
    if not any(name.startswith(k + " ") for k in PARENT_KINDS):
        err(f"Tên đơn vị cấp trên phải bắt đầu bằng loại đơn vị ({', '.join(PARENT_KINDS)}), ví dụ "
            "«thị xã Đức Phổ» hoặc «tỉnh Quảng Ngãi».", line, name, "parent")
        return False
    return True


def _parent(value, valid_from, valid_to, at, err):
    """`parent:` as a name (valid for the unit's whole life), or a list of {name, from, to} that must
    cover the unit's validity with neither a gap nor an overlap; None when absent."""
    if value in (None, "", []):
        return None
    if isinstance(value, str):
        return value if _parent_name(value, at(), err) else None
    if not isinstance(value, list):
        err("«parent» phải là tên đơn vị cấp trên, hoặc danh sách các mục {name, from, to} khi đơn vị cấp trên "
            "thay đổi theo thời gian.", at(), value, "parent")
        return None
    links: list[tuple[int, ParentLink]] = []
    for j, item in enumerate(value):
        line = at(j)
        if not isinstance(item, dict):
            err("Mỗi mục của «parent» phải là một nhóm khóa name, from, to.", line, item, "parent")
            continue
        bad = False
        for key in item:
            if key not in PARENT_KEYS:
                err(f"Khóa «{key}» không hợp lệ trong «parent»; các khóa được dùng: {', '.join(PARENT_KEYS)}.",
                    at(j, key), key, "parent")
                bad = True
        if not _parent_name(item.get("name"), at(j, "name") if "name" in item else line, err):
            bad = True
        days = {}
        for key in ("from", "to"):
            raw = item.get(key)
            days[key] = as_date(raw) if raw not in (None, "") else None
            if raw not in (None, "") and days[key] is None:
                err(f"Ngày «{key}» của đơn vị cấp trên không hợp lệ; viết dạng yyyy-mm-dd, ví dụ 2025-07-01.",
                    at(j, key), raw, "parent")
                bad = True
        if days["from"] and days["to"] and days["to"] < days["from"]:
            err(f"Đơn vị cấp trên «{item.get('name')}»: ngày «to» ({vn_date(days['to'])}) trước ngày «from» "
                f"({vn_date(days['from'])}).", at(j, "to"), item.get("to"), "parent")
            bad = True
        if not bad:
            links.append((line, ParentLink(item["name"], days["from"], days["to"])))
    if len(links) < len(value):
        return None
    if valid_from is not None:
        _parent_coverage(links, valid_from, valid_to, err)
    return tuple(link for _, link in links)


def _parent_coverage(links, valid_from, valid_to, err) -> None:
    """The links, in date order, cover [valid_from, valid_to] exactly: no overlap, no gap, nothing outside."""
    far = dt.date.max
    day = dt.timedelta(days=1)
    spans = sorted(((link.valid_from or valid_from, link.valid_to or valid_to or far, line, link)
                    for line, link in links), key=lambda t: (t[0], t[1]))
    life_end = valid_to or far
    first_from, _, first_line, first = spans[0]
    if first_from < valid_from:
        err(f"Đơn vị cấp trên «{first.name}» bắt đầu từ {vn_date(first_from)}, trước ngày đơn vị có hiệu lực "
            f"({vn_date(valid_from)}).", first_line, first.name, "parent")
    elif first_from > valid_from:
        err(f"Từ {vn_date(valid_from)} đến {vn_date(first_from - day)} đơn vị chưa có đơn vị cấp trên: danh sách "
            "«parent» phải liền từ ngày đơn vị có hiệu lực (bỏ «from» ở mục đầu để lấy ngày đó).",
            first_line, first.name, "parent")
    for (a_from, a_to, a_line, a), (b_from, b_to, b_line, b) in zip(spans, spans[1:]):
        if b_from <= a_to:
            err(f"Thời gian của đơn vị cấp trên «{a.name}» (dòng {a_line}) và «{b.name}» (dòng {b_line}) chồng lên "
                "nhau; mỗi ngày đơn vị chỉ có một đơn vị cấp trên (mục sau bắt đầu từ ngày sau ngày «to» của mục "
                "trước).", b_line, b.name, "parent")
        elif b_from > a_to + day:
            err(f"Khoảng trống từ {vn_date(a_to + day)} đến {vn_date(b_from - day)} giữa đơn vị cấp trên "
                f"«{a.name}» (dòng {a_line}) và «{b.name}» (dòng {b_line}); mục sau phải bắt đầu ngay sau ngày "
                "«to» của mục trước.", b_line, b.name, "parent")
    last_to, last_line, last = spans[-1][1], spans[-1][2], spans[-1][3]
    if last_to > life_end:
        err(f"Đơn vị cấp trên «{last.name}» kéo dài đến {vn_date(last_to)}, sau ngày đơn vị hết hiệu lực "
            f"({vn_date(life_end)}).", last_line, last.name, "parent")
    elif last_to < life_end:
        until = f" đến {vn_date(life_end)}" if valid_to else ""
        err(f"Từ {vn_date(last_to + day)}{until} đơn vị không có đơn vị cấp trên: mục cuối của «parent» phải kéo "
            "dài đến ngày đơn vị hết hiệu lực (bỏ «to» ở mục cuối để lấy ngày đó).", last_line, last.name, "parent")


def stale_parent_mentions(unit: Unit, day: dt.date, texts) -> list[str]:
    """Vietnamese warnings for the texts (a report's recipients and addressee) that name a parent
    whose link ended before `day` (a report of the second half of 2025 sent to «Phòng Nội vụ thị
    xã» when the ward reports to the province): the parent's name, or its kind as a word when the
    current parent is of another kind."""
    current = unit.parent_on(day)
    current_kind = next((k for k in PARENT_KINDS if current and current.startswith(k + " ")), None)
    out = []
    for link in unit.parents:
        if link.valid_to is None or link.valid_to >= day:
            continue
        kind = next((k for k in PARENT_KINDS if link.name.startswith(k + " ")), None)
        word = re.compile(rf"(?<!\w){re.escape(kind)}(?!\w)", re.IGNORECASE) if kind and kind != current_kind else None
        for text in texts:
            if not isinstance(text, str):
                continue
            if link.name.casefold() in text.casefold() or (word and word.search(text)):
                now = f"đơn vị cấp trên là {current}" if current else "đơn vị không có đơn vị cấp trên"
                out.append(f"«{text}» nêu {link.name}, nhưng {link.name} chỉ là đơn vị cấp trên của {unit.full_name} "
                           f"đến ngày {vn_date(link.valid_to)}; ngày {vn_date(day)} {now} (params/units.yaml).")
    return out


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
