"""`cchc new --year N [--unit SLUG]`: next year's report parameters from the last ones.

For each unit, `params/<N>/<slug>.yaml` is made from the unit's latest earlier file, edited as
text so that its comments, order and wording stay as the analysts wrote them:
- `year` becomes N; `issued_on` and `period` move by the same number of years (29 February
  becomes 28 February); a year written in `number` (01/2024/QĐ-UBND) moves too, and the line is
  marked for review (the new report's number is not known yet);
- `basis`, `signatory`, `recipients`, `targets` and the narrative are carried over as a draft:
  a comment at the top says so, and `draft: true` (after `year`) makes `cchc validate` and the
  reviewers' appendix warn until an analyst removes it.
An existing file is never overwritten.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import paths
from .problems import InputError
from .readers import read_yaml
from .units import read_units


class NewPeriodError(Exception):
    """Nothing can be created (the units registry cannot be read); the message is Vietnamese."""


@dataclass(frozen=True)
class Outcome:
    slug: str
    created: bool
    message: str  # Vietnamese
    path: Path | None = None


def new_params(year: int, units: list[str] | None = None) -> list[Outcome]:
    registry, problems = read_units()
    if any(p.is_error for p in problems):
        raise NewPeriodError("danh sách đơn vị params/units.yaml có lỗi; chạy `cchc validate` để xem:\n"
                             + "\n".join(str(p) for p in problems if p.is_error))
    slugs = list(dict.fromkeys(units)) if units else _units_with_earlier_params(year)
    if not slugs:
        raise NewPeriodError(f"chưa có tham số báo cáo của năm nào trước năm {year} trong "
                             f"{paths.relative(paths.params_dir())}/.")
    return [_new_one(year, slug, registry) for slug in slugs]


def _param_years() -> list[int]:
    root = paths.params_dir()
    return sorted(int(d.name) for d in root.iterdir() if d.is_dir() and d.name.isdigit()) if root.is_dir() else []


def _units_with_earlier_params(year: int) -> list[str]:
    return sorted({f.stem for y in _param_years() if y < year
                   for f in (paths.params_dir() / str(y)).glob("*.yaml")})


def _new_one(year: int, slug: str, registry: dict) -> Outcome:
    target = paths.report_params_file(year, slug)
    rel = paths.relative(target)
    unit = registry.get(slug)
    if unit is None:
        return Outcome(slug, False, f"Không có đơn vị «{slug}» trong params/units.yaml; kiểm tra slug.")
    if unit.valid_to is not None and unit.valid_to < dt.date(year, 1, 1):
        successors = ", ".join(u.slug for u in registry.values()
                               if u.code in unit.successors and u.valid_from > unit.valid_to)
        return Outcome(slug, False, f"{unit.full_name} ({slug}) chỉ tồn tại đến {unit.valid_to:%d/%m/%Y} "
                                    f"(params/units.yaml): không có báo cáo năm {year}"
                                    + (f"; đơn vị kế tiếp: {successors}." if successors else "."))
    if target.exists():
        return Outcome(slug, False, f"Đã có {rel}: không ghi đè. Xóa hoặc đổi tên tệp đó nếu muốn tạo lại.", target)
    earlier = [y for y in _param_years() if y < year and paths.report_params_file(y, slug).is_file()]
    if not earlier:
        return Outcome(slug, False, f"Chưa có tham số báo cáo của {unit.full_name} ({slug}) cho năm nào trước "
                                    f"năm {year}: viết {rel} theo params/README.md.")
    source = paths.report_params_file(earlier[-1], slug)
    try:
        text = carry_over(source, earlier[-1], year)
    except InputError as exc:
        return Outcome(slug, False, "\n".join(str(p) for p in exc.problems))
    except ValueError as exc:
        return Outcome(slug, False, f"Không tự chuyển được {paths.relative(source)} ({exc}); hãy sao chép "
                                    f"thành {rel} và sửa bằng tay.")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
            f.write(text)
    except FileExistsError:
        return Outcome(slug, False, f"Đã có {rel}: không ghi đè.", target)
    return Outcome(slug, True, f"Đã tạo {rel} từ {paths.relative(source)} (bản nháp: rà soát rồi xóa dòng "
                               f"«draft: true»).", target)


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _replace_value(lines: list[str], line_no: int | None, key: str, value: str, note: str = "") -> None:
    """Set the scalar of `key:` on 1-based `line_no` (block style), keeping indentation."""
    if line_no is None:
        raise ValueError(f"không thấy khóa {key}")
    line = lines[line_no - 1]
    m = re.match(rf"^(\s*{re.escape(key)}\s*:\s*)(\S.*?)?(\s+#.*)?$", line)
    if m is None or m.group(2) is None:
        raise ValueError(f"khóa {key} ở dòng {line_no} không viết trên một dòng")
    lines[line_no - 1] = m.group(1) + value + (f"  # {note}" if note else (m.group(3) or ""))


def carry_over(source: Path, old: int, new: int) -> str:
    """The text of `new`'s parameters made from `source` (the file of year `old`)."""
    doc = read_yaml(source)
    data = doc.data if isinstance(doc.data, dict) else {}
    text = source.read_text(encoding="utf-8-sig")
    raw = yaml.safe_load(text)
    lines = text.splitlines()
    delta = new - old

    def as_day(v):
        if isinstance(v, dt.date):
            return v
        from .parsing import as_date
        d = as_date(v)
        if d is None:
            raise ValueError(f"ngày «{v}» không đọc được")
        return d

    if "year" not in data:
        raise ValueError("thiếu khóa year")
    _replace_value(lines, doc.line("year"), "year", str(new))
    if data.get("issued_on") not in (None, ""):
        _replace_value(lines, doc.line("issued_on"), "issued_on", _shift(as_day(data["issued_on"]), delta).isoformat(),
                       f"rà soát: ngày ban hành (năm {old}: {as_day(data['issued_on']):%d/%m/%Y})")
    period = data.get("period")
    if isinstance(period, dict):
        for key in ("start", "end"):
            if period.get(key) not in (None, ""):
                _replace_value(lines, doc.line("period", key), key, _shift(as_day(period[key]), delta).isoformat())
    number = data.get("number")
    if isinstance(number, str) and number:
        moved = re.sub(rf"(?<!\d){old}(?!\d)", str(new), number)
        _replace_value(lines, doc.line("number"), "number", _yaml_scalar(moved),
                       f"rà soát: số ký hiệu của báo cáo năm {new} (năm {old}: {number})")
    year_line = doc.line("year")
    if "draft" not in data:
        indent = re.match(r"^\s*", lines[year_line - 1]).group(0)
        lines.insert(year_line, f"{indent}draft: true  # bản nháp: xóa dòng này khi đã rà soát xong")
    else:
        _replace_value(lines, doc.line("draft"), "draft", "true")
    header = [
        f"# BẢN NHÁP báo cáo năm {new}, tạo bằng `cchc new` từ {paths.relative(source)}.",
        f"# Đã chuyển sang năm {new}: year, issued_on, period (và năm trong number). Giữ nguyên của năm {old}:",
        "# number, basis, signatory, recipients, targets và phần tường thuật (narrative) — rà soát từng mục,",
        "# nhất là các trích dẫn {vb:...} (phải có trong sổ văn bản năm mới), rồi xóa dòng «draft: true».",
        "# `cchc validate` cảnh báo đến khi dòng đó được xóa.",
    ]
    # The file's own leading comment names its year: say the new one.
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        lines[i] = re.sub(rf"(?<!\d){old}(?!\d)", str(new), lines[i])
        i += 1
    result = "\n".join(header + lines) + "\n"
    _check(result, raw, new)
    return result


def _yaml_scalar(value: str) -> str:
    return value if re.fullmatch(r"[\w/.\-]+", value) else json.dumps(value, ensure_ascii=False)


def _check(text: str, old_raw: dict, new: int) -> None:
    """The edited text says what was meant, and nothing else changed."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("year") != new or data.get("draft") is not True:
        raise ValueError("kết quả không đúng năm mới")
    for key in old_raw:
        if key not in ("year", "issued_on", "period", "number", "draft") and data.get(key) != old_raw[key]:
            raise ValueError(f"khóa {key} bị thay đổi ngoài ý muốn")
