"""`cchc new [--period ID | --year N] [--unit SLUG]`: the next report's parameters from the last ones.

For each unit, `params/<ID>/<slug>.yaml` is made from the unit's latest earlier params of the same
kind (a year from a year, 6 tháng from 6 tháng, a quarter from a quarter, a month from a month);
without `--period` (or `--year`), the period is the one after the unit's latest report, of the
same kind (`Period.following`: the next month, the next quarter, the same span a year later).
The file is edited as text so that its comments, order and wording stay as the analysts wrote them:
- `year` (when written) becomes the new period's year; `issued_on` and `period` move by as many
  months as the period does (a month end stays a month end; 29 February becomes 28 February); a
  year written in `number` (01/2024/QĐ-UBND) moves too, and the line is marked for review (the new
  report's number is not known yet);
- `basis`, `signatory`, `recipients`, `targets` and the narrative are carried over as a draft:
  a comment at the top says so, and `draft: true` makes `cchc validate` and the reviewers'
  appendix warn until an analyst removes it.
An existing file is never overwritten.
"""
from __future__ import annotations

import calendar as calendar_m
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import paths
from .period import KIND_NAMES, Calendar, Period, is_id, parse_id
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


def _calendar() -> Calendar:
    from .project import calendar
    return calendar()


def _reports(calendar: Calendar) -> dict[str, list[Period]]:
    """slug -> the periods of its params files (what `params/<id>/<slug>.yaml` there is), in order,
    each with its own dates when it gives them."""
    from .params import report_period

    out: dict[str, list[Period]] = {}
    root = paths.params_dir()
    folders = sorted(d for d in root.iterdir() if d.is_dir() and is_id(d.name)) if root.is_dir() else []
    for d in folders:
        for f in d.glob("*.yaml"):
            if paths.SLUG_RE.fullmatch(f.stem):
                out.setdefault(f.stem, []).append(report_period(d.name, f.stem, calendar))
    return {slug: sorted(ps, key=lambda p: p.sort_key) for slug, ps in out.items()}


def _earlier(periods: list[Period], target: Period) -> list[Period]:
    """The periods of `target`'s kind (a quarter: any quarter) that end before it does."""
    return [p for p in periods if p.family == target.family and p.end < target.end and p.id != target.id]


def new_params(period=None, units: list[str] | None = None) -> list[Outcome]:
    """Params for `period` (an id, an int year, or None: each unit's next period) of `units` (None:
    every unit with an earlier report of that kind)."""
    registry, problems = read_units()
    if any(p.is_error for p in problems):
        raise NewPeriodError("danh sách đơn vị params/units.yaml có lỗi; chạy `cchc validate` để xem:\n"
                             + "\n".join(str(p) for p in problems if p.is_error))
    calendar = _calendar()
    reports = _reports(calendar)
    if period is None:
        slugs = list(dict.fromkeys(units)) if units else sorted(reports)
        if not slugs:
            raise NewPeriodError(f"chưa có tham số báo cáo nào trong {paths.relative(paths.params_dir())}/.")
        out = []
        for slug in slugs:
            if not reports.get(slug):
                out.append(Outcome(slug, False, f"Chưa có tham số báo cáo nào của {slug}: viết "
                                                f"params/<kỳ>/{slug}.yaml theo params/README.md."))
                continue
            latest = reports[slug][-1]
            following = latest.following()
            if following is None:
                out.append(Outcome(slug, False, f"Báo cáo gần nhất của {slug} ({latest.name}) là một khoảng thời "
                                                "gian tùy chọn, không có kỳ tiếp theo: dùng --period."))
                continue
            out.append(_new_one(parse_id(following.id, calendar), slug, registry, reports, calendar))
        return out
    try:
        target = parse_id(period, calendar)
    except ValueError as exc:
        raise NewPeriodError(str(exc)) from None
    slugs = list(dict.fromkeys(units)) if units else sorted(s for s, ps in reports.items() if _earlier(ps, target))
    if not slugs:
        raise NewPeriodError(f"chưa có tham số báo cáo {_kind_word(target)} nào trước {target.name} trong "
                             f"{paths.relative(paths.params_dir())}/.")
    return [_new_one(target, slug, registry, reports, calendar) for slug in slugs]


def _kind_word(p: Period) -> str:
    return {"q1": "quý", "q2": "quý", "q3": "quý", "q4": "quý"}.get(p.kind, KIND_NAMES[p.kind])


def _ended(unit, slug: str, target: Period, registry: dict) -> Outcome:
    successors = ", ".join(u.slug for u in registry.values()
                           if u.code in unit.successors and u.valid_from > unit.valid_to)
    return Outcome(slug, False, f"{unit.full_name} ({slug}) chỉ tồn tại đến {unit.valid_to:%d/%m/%Y} "
                                f"(params/units.yaml): không có báo cáo {target.name}"
                                + (f"; đơn vị kế tiếp: {successors}." if successors else "."))


def _period_end(text: str, target: Period):
    """The end of the drafted report: its own dates when the params carry them, else the calendar's."""
    data = yaml.safe_load(text) or {}
    own = data.get("period") if isinstance(data, dict) else None
    end = own.get("end") if isinstance(own, dict) else None
    return end if isinstance(end, dt.date) else target.end


def _new_one(target: Period, slug: str, registry: dict, reports: dict, calendar: Calendar) -> Outcome:
    try:
        target_file = paths.report_params_file(target.id, slug)
    except ValueError as exc:
        return Outcome(slug, False, f"{exc}.")
    rel = paths.relative(target_file)
    unit = registry.get(slug)
    if unit is None:
        return Outcome(slug, False, f"Không có đơn vị «{slug}» trong params/units.yaml; kiểm tra slug.")
    if unit.valid_to is not None and unit.valid_to < target.start:
        return _ended(unit, slug, target, registry)
    if target_file.exists():
        return Outcome(slug, False, f"Đã có {rel}: không ghi đè. Xóa hoặc đổi tên tệp đó nếu muốn tạo lại.",
                       target_file)
    earlier = _earlier(reports.get(slug, []), target)
    if not earlier:
        return Outcome(slug, False, f"Chưa có tham số báo cáo {_kind_word(target)} của {unit.full_name} ({slug}) "
                                    f"cho kỳ nào trước {target.name}: viết {rel} theo params/README.md.")
    old = earlier[-1]
    source = paths.report_params_file(old.id, slug)
    try:
        text = carry_over(source, old, target)
    except InputError as exc:
        return Outcome(slug, False, "\n".join(str(p) for p in exc.problems))
    except ValueError as exc:
        return Outcome(slug, False, f"Không tự chuyển được {paths.relative(source)} ({exc}); hãy sao chép "
                                    f"thành {rel} và sửa bằng tay.")
    end = _period_end(text, target)
    if unit.valid_to is not None and unit.valid_to < end:  # ends before the period closes: it files no report
        return _ended(unit, slug, target, registry)
    target_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target_file, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
            f.write(text)
    except FileExistsError:
        return Outcome(slug, False, f"Đã có {rel}: không ghi đè.", target_file)
    return Outcome(slug, True, f"Đã tạo {rel} từ {paths.relative(source)} (bản nháp: rà soát rồi xóa dòng "
                               f"«draft: true»).", target_file)


def _shift(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months`. By whole years the day stays (29 February becomes 28 February);
    otherwise a month's last day stays the last day (a calendar month ends on the 28th, 30th or
    31st) and a missing day (31 April) becomes the month's last."""
    k = day.year * 12 + day.month - 1 + months
    year, month = k // 12, k % 12 + 1
    last = calendar_m.monthrange(year, month)[1]
    if months % 12 and day.day == calendar_m.monthrange(day.year, day.month)[1]:
        return dt.date(year, month, last)
    return dt.date(year, month, min(day.day, last))


def _months_between(old: Period, new: Period) -> int:
    """How many months the period moves: between the ends of the periods their ids name (the
    same in every calendar), whatever dates either report gives itself."""
    a, b = parse_id(old.id).end, parse_id(new.id).end
    return (b.year * 12 + b.month) - (a.year * 12 + a.month)


def _replace_value(lines: list[str], line_no: int | None, key: str, value: str, note: str = "") -> None:
    """Set the scalar of `key:` on 1-based `line_no` (block style), keeping indentation."""
    if line_no is None:
        raise ValueError(f"không thấy khóa {key}")
    line = lines[line_no - 1]
    m = re.match(rf"^(\s*{re.escape(key)}\s*:\s*)(\S.*?)?(\s+#.*)?$", line)
    if m is None or m.group(2) is None:
        raise ValueError(f"khóa {key} ở dòng {line_no} không viết trên một dòng")
    lines[line_no - 1] = m.group(1) + value + (f"  # {note}" if note else (m.group(3) or ""))


def carry_over(source: Path, old, new) -> str:
    """The text of the params of period `new` made from `source`, the params of period `old`
    (Periods, or ids / int years)."""
    if not isinstance(old, Period) or not isinstance(new, Period):
        calendar = _calendar()
        old = old if isinstance(old, Period) else parse_id(old, calendar)
        new = new if isinstance(new, Period) else parse_id(new, calendar)
    doc = read_yaml(source)
    data = doc.data if isinstance(doc.data, dict) else {}
    text = source.read_text(encoding="utf-8-sig")
    raw = yaml.safe_load(text)
    lines = text.splitlines()
    months = _months_between(old, new)

    def as_day(v):
        if isinstance(v, dt.date):
            return v
        from .parsing import as_date
        d = as_date(v)
        if d is None:
            raise ValueError(f"ngày «{v}» không đọc được")
        return d

    if data.get("year") not in (None, ""):
        _replace_value(lines, doc.line("year"), "year", str(new.year))
    if data.get("issued_on") not in (None, ""):
        _replace_value(lines, doc.line("issued_on"), "issued_on", _shift(as_day(data["issued_on"]), months).isoformat(),
                       f"rà soát: ngày ban hành ({old.name}: {as_day(data['issued_on']):%d/%m/%Y})")
    period = data.get("period")
    if isinstance(period, dict):
        if new.kind == "tuy-chon":  # a custom range is its id's dates
            days = {"start": new.start, "end": new.end}
        else:
            days = {key: _shift(as_day(period[key]), months) for key in ("start", "end")
                    if period.get(key) not in (None, "")}
        for key, day in days.items():
            _replace_value(lines, doc.line("period", key), key, day.isoformat())
        if len(days) == 2 and new.kind != "tuy-chon":
            from .params import _period_problem
            wrong = _period_problem(days["start"], days["end"], new)
            if wrong:
                raise ValueError(wrong)
    number = data.get("number")
    if isinstance(number, str) and number:
        moved = re.sub(rf"(?<!\d){old.year}(?!\d)", str(new.year), number) if new.year != old.year else number
        _replace_value(lines, doc.line("number"), "number", _yaml_scalar(moved),
                       f"rà soát: số ký hiệu của báo cáo {new.name} ({old.name}: {number})")
    anchor = doc.line("year") or doc.line("unit")
    if "draft" not in data:
        if anchor:
            indent = re.match(r"^\s*", lines[anchor - 1]).group(0)
            lines.insert(anchor, f"{indent}draft: true  # bản nháp: xóa dòng này khi đã rà soát xong")
        else:
            lines.insert(0, "draft: true  # bản nháp: xóa dòng này khi đã rà soát xong")
    else:
        _replace_value(lines, doc.line("draft"), "draft", "true")
    header = [
        f"# BẢN NHÁP báo cáo {new.name}, tạo bằng `cchc new` từ {paths.relative(source)}.",
        f"# Đã chuyển sang {new.name}: year, issued_on, period (và năm trong number). Giữ nguyên của {old.name}:",
        "# number, basis, signatory, recipients, targets và phần tường thuật (narrative) — rà soát từng mục,",
        "# nhất là các trích dẫn {vb:...} (phải có trong sổ văn bản của kỳ mới), rồi xóa dòng «draft: true».",
        "# `cchc validate` cảnh báo đến khi dòng đó được xóa.",
    ]
    # The file's own leading comment names its period: say the new one.
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        lines[i] = lines[i].replace(old.name, new.name)
        if new.year != old.year:
            lines[i] = re.sub(rf"(?<!\d){old.year}(?!\d)", str(new.year), lines[i])
        i += 1
    result = "\n".join(header + lines) + "\n"
    _check(result, raw, new.year)
    return result


def _yaml_scalar(value: str) -> str:
    return value if re.fullmatch(r"[\w/.\-]+", value) else json.dumps(value, ensure_ascii=False)


def _check(text: str, old_raw: dict, new: int) -> None:
    """The edited text says what was meant, and nothing else changed."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("draft") is not True or data.get("year", new) != new:
        raise ValueError("kết quả không đúng kỳ mới")
    for key in old_raw:
        if key not in ("year", "issued_on", "period", "number", "draft") and data.get(key) != old_raw[key]:
            raise ValueError(f"khóa {key} bị thay đổi ngoài ý muốn")
