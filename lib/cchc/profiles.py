"""Import profiles: how one source system's export becomes our registers, declared in YAML.

One file per source system, `params/profiles/<name>.yaml`; `chuan.yaml` is the project's own layout
(our headers, plus the other spellings offices use: the former `params/aliases.yaml`). A profile
declares, per register (file stem: ho-so, can-bo, van-ban, chi-so), everything keyed by OUR header,
so a target is defined once (YAML refuses a repeated key, `readers.read_yaml`):

```yaml
title: Phần mềm một cửa điện tử (tệp xuất danh sách hồ sơ)
registers:
  ho-so:
    columns:
      Mã hồ sơ: code                            # rename (their header)
      Thủ tục: [procedureName, tenThuTuc]       # alternatives: whichever the file has
      Lĩnh vực: sectorName
      Ngày có kết quả: {first: [completedDate, returnedDate]}   # first non-empty
      Số tiền thanh toán (đồng): {sum: [feeAmount, chargeAmount]}
      Thanh toán trực tuyến: {all: [{column: paymentMethod, in: [Trực tuyến]},
                                    {column: feeStatus, in: [Đã thanh toán]}]}   # or any:
      Tiếp nhận chi tiết: {constant: Có, meaning: "…why this holds for every row…"}
    values:                                     # per OUR column, this profile only (never global)
      Kênh nộp: {"1": Trực tiếp, "2": Trực tuyến, BCCI: Bưu chính}
    dates: {formats: ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "dd/MM/yyyy HH:mm:ss"], timezone: Asia/Ho_Chi_Minh}
    ignore: [id, applicantName]                 # their columns the report does not need
```

A source column may feed several of ours (name it under each). Our own header in a file is always
accepted for its column. A condition is `{column: X, in: [..]}`, `{column: X, not_in: [..]}` or
`{column: X, filled: true|false}` (values compared ignoring case). A date with an offset
("2022-11-22T16:15:00.000+07:00") is converted to Vietnam time (Asia/Ho_Chi_Minh) and then to its
date, whatever the profile; `dates.formats` (Java-style: yyyy MM dd HH mm ss SSS XXX, or `iso`)
declares others; `timezone` is the zone of a time written without an offset. A value map is strict
for a yes/no column: a value it does not list must already be «Có»/«Không» (so "1" can never mean
"yes" in one export because it means "no" in another).

`Mapping` is what `load` uses for one file: `header_problems` (missing required columns, columns
neither used nor ignored, two alternatives present at once), `columns` (our headers after mapping),
`apply(chunk)` (raw strings in, our headers and labels out, dates ISO yyyy-mm-dd; chunk by chunk,
vectorised), `notes` (each constant's stated meaning, for the reviewers' appendix), `profile_name`.
`choose` picks the profile of a file: the unit's (`profile:` in units.yaml) for the registers it
declares, else the one whose mapping of the header row has no error (the project's layout first);
an unknown or ambiguous header names the closest profiles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from . import paths, schema
from .problems import ERROR, WARNING, InputError, Problem
from .readers import header_key, read_yaml
from .text import clean

NATIVE = "chuan"  # the project's own layout: params/profiles/chuan.yaml
VIETNAM = "Asia/Ho_Chi_Minh"
FOLDER = "profiles"
MAX_VALUE_PROBLEMS = 20  # distinct unknown values reported per column and file
COMBINATIONS = ("first", "sum", "any", "all")
CONDITION_KEYS = ("column", "in", "not_in", "filled")
REGISTER_KEYS = ("columns", "values", "dates", "ignore")

LEFTOVER_ALIASES = (
    "Tệp params/aliases.yaml không còn được đọc: tên cột và giá trị thay thế nay nằm trong hồ sơ nhập "
    "params/profiles/chuan.yaml (mỗi hệ thống xuất dữ liệu một tệp trong params/profiles/, xem params/README.md). "
    "Chuyển từng dòng rồi xóa params/aliases.yaml: «columns: <sổ>: <tên cột của đơn vị>: <tên cột chuẩn>» thành "
    "«registers: <sổ>: columns: <tên cột chuẩn>: [<tên cột của đơn vị>, …]»; «values: <tên cột chuẩn>: <giá trị của "
    "đơn vị>: <giá trị chuẩn>» thành «registers: <sổ chứa cột đó>: values: <tên cột chuẩn>: <giá trị của đơn vị>: "
    "<giá trị chuẩn>» (bảng giá trị nay chỉ áp dụng cho một sổ của một hồ sơ nhập).")


def profiles_dir() -> Path:
    return paths.params_dir() / FOLDER


def profile_files() -> list[Path]:
    """Every profile file of the project (each is an input of every report: a header is recognised
    against all of them)."""
    folder = profiles_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith("."))


# --- the profile files ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Condition:
    column: str  # their header, as written in the profile
    values: frozenset = frozenset()  # casefolded
    negate: bool = False
    filled: bool | None = None
    shown: tuple = ()  # the values as the profile writes them, for messages

    def mask(self, s: pd.Series) -> pd.Series:
        if self.filled is not None:
            return s.ne("") if self.filled else s.eq("")
        hit = per_unique(s, lambda u: u.str.casefold().isin(self.values)).astype(bool)
        return ~hit if self.negate else hit


@dataclass(frozen=True)
class Source:
    """How one of our columns is fed: `kind` rename (`sources` are alternatives), first, sum, any,
    all, or constant."""
    kind: str
    sources: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    value: str = ""
    meaning: str = ""
    line: int | None = None

    def needs(self) -> tuple[str, ...]:
        return self.sources + tuple(c.column for c in self.conditions)


@dataclass
class RegisterProfile:
    """One register's part of a profile."""
    profile: str
    rel: str  # the profile file, relative to the project
    register: schema.Register
    targets: dict[str, Source] = field(default_factory=dict)  # our header -> its source
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # our header -> {casefolded: label}
    value_lines: dict[str, int | None] = field(default_factory=dict)  # our header -> line of its map
    formats: tuple[str, ...] = ()
    timezone: str = VIETNAM
    dates_line: int | None = None
    ignore: frozenset = frozenset()  # header keys
    ignore_line: int | None = None
    line: int | None = None  # the register's key

    def where(self, line: int | None) -> str:
        return f"{self.rel}" + (f", dòng {line}" if line else "")

    def known_keys(self) -> set[str]:
        keys = {header_key(c.header) for c in self.register.columns}
        for source in self.targets.values():
            keys |= {header_key(s) for s in source.needs()}
        return keys | set(self.ignore)


@dataclass
class Profile:
    name: str
    title: str
    path: Path
    registers: dict[str, RegisterProfile] = field(default_factory=dict)


class Profiles(dict):
    """Profiles by name; `fingerprint` changes whenever any profile would map differently."""

    @property
    def fingerprint(self) -> str:
        return repr(sorted((n, repr(p.registers)) for n, p in self.items()))


def read_profiles(folder: Path | None = None) -> tuple[Profiles, list[Problem]]:
    """Every profile of `folder` (default params/profiles/), checked against the schema; problems
    name the file and line. A profile with errors is left out (a unit naming it then fails)."""
    folder = Path(folder) if folder else profiles_dir()
    problems: list[Problem] = []
    out = Profiles()
    leftover = paths.aliases_file()
    if folder == profiles_dir() and (leftover.exists() or leftover.is_symlink()):
        problems.append(Problem(ERROR, paths.relative(leftover), LEFTOVER_ALIASES, 1))
    files = sorted(p for p in folder.iterdir() if p.suffix == ".yaml") if folder.is_dir() else []
    for path in files:
        profile, p = read_profile(path)
        problems += p
        if profile is not None and not any(x.is_error for x in p):
            out[profile.name] = profile
    if NATIVE not in out:  # no chuan.yaml, or one with errors (they stop every report): our headers only
        out[NATIVE] = Profile(NATIVE, "Mẫu sổ chuẩn của dự án", folder / f"{NATIVE}.yaml")
    return out, problems


NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def read_profile(path: Path) -> tuple[Profile | None, list[Problem]]:
    rel = paths.relative(path)
    name = path.stem
    try:
        doc = read_yaml(path)
    except InputError as exc:
        return None, exc.problems
    problems: list[Problem] = []

    def err(message, *keys, value=None, line=None):
        problems.append(Problem(ERROR, rel, message, line or doc.line(*keys), None,
                                None if value is None else str(value)))

    if not NAME_RE.match(name):
        err(f"Tên tệp hồ sơ nhập «{path.name}» chỉ gồm chữ thường không dấu, chữ số và dấu «-» (ví dụ "
            "mot-cua-igate.yaml): tên này được ghi ở khóa «profile» của đơn vị.")
    data = doc.data or {}
    if not isinstance(data, dict) or not isinstance(data.get("registers"), dict):
        err("Tệp hồ sơ nhập phải có khóa «registers:» chứa từng sổ (ho-so, can-bo, van-ban, chi-so); xem "
            "params/README.md.")
        return None, problems
    for key in data:
        if key not in ("title", "registers"):
            err(f"Khóa «{key}» không hợp lệ; chỉ dùng «title» và «registers».", key)
    title = data.get("title")
    profile = Profile(name, str(title) if title else name, path)
    by_stem = {r.stem: r for r in schema.REGISTERS}
    for stem, body in data["registers"].items():
        if stem not in by_stem:
            err(f"Khóa «registers.{stem}»: không có sổ này; các sổ: {', '.join(by_stem)}.", "registers", stem)
            continue
        if not isinstance(body, dict):
            err(f"Khóa «registers.{stem}» phải là nhóm khóa: columns, values, dates, ignore.", "registers", stem)
            continue
        profile.registers[stem] = _register(name, rel, by_stem[stem], body,
                                            lambda *keys, _s=stem: doc.line("registers", _s, *keys), err)
    return profile, problems


def _register(name, rel, register, body, line, err) -> RegisterProfile:
    rp = RegisterProfile(name, rel, register, line=line())
    stem = register.stem
    for key in body:
        if key not in REGISTER_KEYS:
            err(f"Khóa «{key}» không hợp lệ trong «registers.{stem}»; chỉ dùng: {', '.join(REGISTER_KEYS)}.",
                line=line(key))
    ours = {header_key(c.header): c for c in register.columns}
    headers = ", ".join(c.header for c in register.columns)

    def our_column(header, *keys):
        column = ours.get(header_key(str(header)))
        if column is None:
            err(f"«{header}» không phải tên cột chuẩn của {register.title}; các cột chuẩn: {headers}.",
                value=header, line=line(*keys))
        return column

    seen: dict[str, int | None] = {}

    def once(column, where: str, at):
        """A target named twice under spellings YAML sees as different keys ("Mã hồ sơ", "mã  hồ sơ")."""
        k = (where, column.key)
        if k in seen:
            err(f"Cột «{column.header}» được khai báo hai lần trong «{where}» (dòng {seen[k]} và dòng {at}); "
                "giữ một dòng.", value=column.header, line=at)
            return False
        seen[k] = at
        return True

    def section(key: str, shape: str) -> dict:
        value = body.get(key) or {}
        if not isinstance(value, dict):
            err(f"Khóa «registers.{stem}.{key}» phải là {shape}.", line=line(key))
            return {}
        return value

    for header, spec in section("columns", "các dòng «tên cột chuẩn: tên cột trong tệp xuất»").items():
        at = line("columns", header)
        column = our_column(header, "columns", header)
        if column is None or not once(column, "columns", at):
            continue
        source = _source(spec, column, at, lambda *k, _h=header: line("columns", _h, *k), err)
        if source is not None:
            rp.targets[column.header] = source
    for header, table in section("values", "các nhóm «tên cột chuẩn: {giá trị trong tệp: giá trị chuẩn}»").items():
        at = line("values", header)
        column = our_column(header, "values", header)
        if column is None or not once(column, "values", at):
            continue
        if not isinstance(table, dict):
            err(f"Khóa «values.{header}» phải là các dòng «giá trị trong tệp: giá trị chuẩn».", line=at)
            continue
        allowed = _labels(column)
        mapped: dict[str, str] = {}
        mapped_at: dict[str, int | None] = {}
        for theirs, our in table.items():
            vat = line("values", header, theirs)
            our = "" if our is None else clean(str(our))
            if isinstance(our, str) and column.kind == schema.BOOL and our.casefold() in ("có", "không"):
                our = "Có" if our.casefold() == "có" else "Không"
            if allowed is not None and our.casefold() not in {a.casefold() for a in allowed} and our != "":
                err(f"Khóa «values.{header}»: «{our}» không phải giá trị chuẩn; chỉ nhận: {', '.join(allowed)}.",
                    value=our, line=vat)
                continue
            key = clean(_scalar(theirs)).casefold()
            if key in mapped and mapped[key] != our:
                err(f"Khóa «values.{header}»: giá trị «{theirs}» được ánh xạ hai lần, khác nhau (dòng "
                    f"{mapped_at[key]} và dòng {vat}; chữ hoa, chữ thường coi là một).", value=theirs, line=vat)
                continue
            mapped[key], mapped_at[key] = our, vat
        rp.values[column.header] = mapped
        rp.value_lines[column.header] = at
    dates = body.get("dates")
    if dates is not None:
        rp.dates_line = line("dates")
        if not isinstance(dates, dict):
            err("Khóa «dates» phải có «formats: [...]» và tùy chọn «timezone: Asia/Ho_Chi_Minh».", line=rp.dates_line)
        else:
            for key in dates:
                if key not in ("formats", "timezone"):
                    err(f"Khóa «dates.{key}» không hợp lệ; chỉ dùng «formats» và «timezone».", line=line("dates", key))
            formats = dates.get("formats") or []
            formats = [formats] if isinstance(formats, str) else formats
            good = []
            for i, f in enumerate(formats if isinstance(formats, list) else []):
                try:
                    strptime_format(str(f))
                    good.append(str(f))
                except ValueError as exc:
                    err(f"Định dạng ngày «{f}» không dùng được: {exc}", value=f, line=line("dates", "formats", i))
            rp.formats = tuple(good)
            tz = dates.get("timezone") or VIETNAM
            try:
                ZoneInfo(str(tz))
                rp.timezone = str(tz)
            except (ZoneInfoNotFoundError, ValueError):
                err(f"Múi giờ «{tz}» không có; viết tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh hoặc UTC.", value=tz,
                    line=line("dates", "timezone"))
    ignore = body.get("ignore") or []
    if ignore:
        rp.ignore_line = line("ignore")
        if not isinstance(ignore, list):
            err("Khóa «ignore» phải là danh sách tên cột của tệp xuất.", line=rp.ignore_line)
            ignore = []
        rp.ignore = frozenset(header_key(_scalar(x)) for x in ignore)
        used = {header_key(s): (h, src.line) for h, src in rp.targets.items() for s in src.needs()}
        for i, x in enumerate(ignore):
            k = header_key(_scalar(x))
            if k in used:
                err(f"Cột «{x}» vừa nằm trong «ignore» vừa được dùng cho cột «{used[k][0]}» (dòng {used[k][1]}); "
                    "bỏ một trong hai.", value=x, line=line("ignore", i))
            if k in {header_key(c.header) for c in register.columns}:
                err(f"«{x}» là tên cột chuẩn của {register.title}, không bỏ qua được.", value=x, line=line("ignore", i))
    return rp


def _scalar(x) -> str:
    if isinstance(x, bool):
        return "true" if x else "false"
    return str(x)


def _labels(column: schema.Column) -> list[str] | None:
    if column.kind == schema.ENUM:
        return list(column.values)
    if column.kind == schema.BOOL:
        return ["Có", "Không"]
    return None


def _source(spec, column, at, line, err) -> Source | None:
    if isinstance(spec, (str, int)) and not isinstance(spec, bool):
        return Source("rename", (str(spec),), line=at)
    if isinstance(spec, list):
        if not spec or not all(isinstance(s, (str, int)) and not isinstance(s, bool) for s in spec):
            err(f"Cột «{column.header}»: danh sách phải gồm tên cột trong tệp xuất (một trong các cột đó có trong "
                "tệp).", line=at)
            return None
        return Source("rename", tuple(str(s) for s in spec), line=at)
    if not isinstance(spec, dict):
        err(f"Cột «{column.header}»: cần tên cột trong tệp xuất, danh sách tên, hoặc một trong {{first: […]}}, "
            "{sum: […]}, {any: […]}, {all: […]}, {constant: …, meaning: …}.", line=at)
        return None
    kinds = [k for k in spec if k in COMBINATIONS + ("constant",)]
    extra = [k for k in spec if k not in COMBINATIONS + ("constant", "meaning")]
    if len(kinds) != 1 or extra:
        err(f"Cột «{column.header}»: dùng đúng một trong first, sum, any, all, constant"
            + (f" (khóa không hợp lệ: {', '.join(map(str, extra))})" if extra else "") + ".", line=at)
        return None
    kind = kinds[0]
    if kind == "constant":
        value = "" if spec["constant"] is None else clean(_scalar(spec["constant"]))
        meaning = clean(str(spec.get("meaning") or ""))
        if column.kind == schema.BOOL and value.casefold() in ("có", "không"):
            value = "Có" if value.casefold() == "có" else "Không"
        allowed = _labels(column)
        if allowed is not None and value not in allowed:
            err(f"Cột «{column.header}»: hằng số «{value}» không phải giá trị chuẩn; chỉ nhận: {', '.join(allowed)}.",
                value=value, line=line("constant"))
            return None
        if not meaning:
            err(f"Cột «{column.header}»: hằng số cần «meaning:», một câu nói vì sao giá trị «{value}» đúng cho mọi "
                "dòng của tệp xuất (in trong phụ lục cho người thẩm định).", line=at)
            return None
        return Source("constant", value=value, meaning=meaning, line=at)
    if "meaning" in spec:
        err(f"Cột «{column.header}»: «meaning» chỉ dùng cùng «constant».", line=line("meaning"))
    items = spec[kind]
    if not isinstance(items, list) or not items:
        err(f"Cột «{column.header}»: «{kind}» cần một danh sách.", line=line(kind))
        return None
    if kind in ("first", "sum"):
        if not all(isinstance(s, (str, int)) and not isinstance(s, bool) for s in items):
            err(f"Cột «{column.header}»: «{kind}» là danh sách tên cột trong tệp xuất.", line=line(kind))
            return None
        if kind == "sum" and column.kind not in (schema.INT, schema.FLOAT):
            err(f"Cột «{column.header}» không phải cột số nên không dùng «sum» được.", line=line(kind))
            return None
        return Source(kind, tuple(str(s) for s in items), line=at)
    if column.kind != schema.BOOL:
        err(f"Cột «{column.header}» không phải cột Có/Không nên không dùng «{kind}» được.", line=line(kind))
        return None
    conditions = []
    for i, c in enumerate(items):
        cat = line(kind, i)
        if not isinstance(c, dict) or "column" not in c or len([k for k in ("in", "not_in", "filled") if k in c]) != 1 \
                or any(k not in CONDITION_KEYS for k in c):
            err(f"Cột «{column.header}»: mỗi điều kiện là {{column: <cột trong tệp>, in: [...]}}, "
                "{column: …, not_in: [...]} hoặc {column: …, filled: true/false}.", line=cat)
            return None
        if "filled" in c:
            if not isinstance(c["filled"], bool):
                err("«filled» là true hoặc false.", line=cat)
                return None
            conditions.append(Condition(str(c["column"]), filled=c["filled"]))
            continue
        listed = c.get("in", c.get("not_in"))
        listed = listed if isinstance(listed, list) else [listed]
        conditions.append(Condition(str(c["column"]), frozenset(clean(_scalar(v)).casefold() for v in listed),
                                    negate="not_in" in c, shown=tuple(clean(_scalar(v)) for v in listed)))
    return Source(kind, conditions=tuple(conditions), line=at)


def per_unique(s: pd.Series, func) -> pd.Series:
    """`func` of each distinct value of `s`, spread back over its rows: Python-level string work
    (casefold, dictionary lookups) then costs the distinct values, not the million rows."""
    codes, uniques = pd.factorize(s.to_numpy(), use_na_sentinel=False)
    values = func(pd.Series(uniques, dtype=s.dtype)).to_numpy()
    return pd.Series(values[codes], index=s.index)


# --- dates ---------------------------------------------------------------------------------------

_JAVA = [("yyyy", "%Y"), ("MM", "%m"), ("dd", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S"), ("SSS", "%f"),
         ("XXX", "%z"), ("XX", "%z"), ("X", "%z"), ("ZZ", "%z"), ("Z", "%z")]
_JAVA_RE = re.compile("|".join(re.escape(j) for j, _ in _JAVA) + r"|'[^']*'")
ISO = "iso"
# A datetime with an offset or Z, as one-stop systems export ("2022-11-22T16:15:00.000+07:00").
OFFSET_RE = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$"


def strptime_format(java: str) -> str:
    """A Java-style date pattern ("dd/MM/yyyy HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX") as strptime's;
    `iso` stays `iso`. Raises ValueError for a pattern that names no day, month and year."""
    if java.strip().lower() == ISO:
        return ISO
    table = dict(_JAVA)
    out = _JAVA_RE.sub(lambda m: m.group(0)[1:-1] if m.group(0).startswith("'") else table[m.group(0)], java)
    if not all(t in out for t in ("%Y", "%m", "%d")):
        raise ValueError("cần có yyyy, MM và dd (ví dụ dd/MM/yyyy HH:mm:ss).")
    if re.search(r"[A-Za-z]", _JAVA_RE.sub("", java)):
        raise ValueError("có chữ không phải mẫu ngày giờ; đặt chữ cố định trong dấu nháy đơn, ví dụ 'T'.")
    return out


def to_vietnam_dates(s: pd.Series, formats: tuple[str, ...], timezone: str) -> tuple[pd.Series, pd.Series]:
    """(ISO dates yyyy-mm-dd of the cells that parse with one of `formats` or carry an offset, in
    Vietnam time; a mask of the cells none of them read). Empty cells stay empty and are never bad;
    without `formats`, a cell that is no offset datetime is left as it is (the typing reads it).
    The parsing is pandas' (C) strptime; Python-level string work touches only the cells left over."""
    out = s.copy()
    pending = s.ne("")
    if not formats:  # only a datetime with an offset is converted; the rest is left to the typing
        pending &= iso_with_offset(s)
    for fmt in [strptime_format(f) for f in formats] + ["offset"]:
        if not pending.any():
            break
        part = s[pending]
        if fmt == "offset" or (fmt.startswith("%Y-%m-%d") and fmt.endswith("%z")):
            part = part[iso_with_offset(part)]  # pandas' C ISO 8601 parser, not strptime, for these
            if not len(part):
                continue
            parsed = pd.to_datetime(part, format="ISO8601", utc=True, errors="coerce")
        elif fmt == ISO:
            parsed = _iso(part, timezone)
        elif "%z" in fmt:
            parsed = pd.to_datetime(part, format=fmt, utc=True, errors="coerce")
        else:
            parsed = pd.to_datetime(part, format=fmt, errors="coerce")
            parsed = parsed.dt.tz_localize(ZoneInfo(timezone), ambiguous="NaT", nonexistent="NaT")
        local = parsed[parsed.notna()].dt.tz_convert(VIETNAM).dt.tz_localize(None)
        if not len(local):
            continue
        codes, days = pd.factorize(local.to_numpy().astype("datetime64[D]"))  # a year has 365 days
        text = np.datetime_as_string(np.asarray(days, dtype="datetime64[D]"), unit="D").astype(object)[codes]
        out.loc[local.index] = pd.Series(text, index=local.index, dtype="str")
        pending.loc[local.index] = False
    bad = pending if formats else pd.Series(False, index=s.index)
    return out, bad


def iso_with_offset(s: pd.Series) -> np.ndarray:
    """The cells written yyyy-mm-ddThh:mm… ending in Z or an offset (+07:00, +0700), found with
    numpy on the characters (no Python call per cell)."""
    arr = s.to_numpy().astype("U")
    width = arr.dtype.itemsize // 4
    if not len(arr) or width < 17:
        return np.zeros(len(arr), dtype=bool)
    chars = arr.view(np.uint32).reshape(len(arr), width)
    length = (chars != 0).sum(axis=1)
    rows = np.arange(len(arr))

    def at(offset_from_end):
        i = length - offset_from_end
        return np.where(i >= 0, chars[rows, np.clip(i, 0, width - 1)], 0)

    sign = np.isin(at(6), (ord("+"), ord("-"))) & (at(3) == ord(":"))
    sign |= np.isin(at(5), (ord("+"), ord("-"))) & (at(3) != ord(":"))
    ending = (at(1) == ord("Z")) | sign
    shape = (chars[:, 4] == ord("-")) & (chars[:, 7] == ord("-")) & np.isin(chars[:, 10], (ord("T"), ord(" ")))
    digits = ((chars[:, :4] >= ord("0")) & (chars[:, :4] <= ord("9"))).all(axis=1)
    return ending & shape & digits & (length >= 16)


def _iso(part: pd.Series, timezone: str) -> pd.Series:
    """ISO 8601 cells, with or without an offset; those without are in `timezone`."""
    aware = part.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True)
    out = pd.Series(pd.NaT, index=part.index, dtype=f"datetime64[ns, {VIETNAM}]")
    if aware.any():
        out[aware] = pd.to_datetime(part[aware], format="ISO8601", utc=True, errors="coerce").dt.tz_convert(VIETNAM)
    if (~aware).any():
        naive = pd.to_datetime(part[~aware], format="ISO8601", errors="coerce")
        out[~aware] = naive.dt.tz_localize(ZoneInfo(timezone), ambiguous="NaT",
                                           nonexistent="NaT").dt.tz_convert(VIETNAM)
    return out


# --- a file's mapping ----------------------------------------------------------------------------

@dataclass
class Plan:
    """How one of our columns is filled for one file: the Source and the file's own headers."""
    header: str  # ours
    kind: str  # identity, rename, first, sum, any, all, constant
    columns: tuple[str, ...] = ()  # the file's headers read
    source: Source | None = None


class Mapping:
    """One file through one profile: see the module docstring."""

    def __init__(self, rp: RegisterProfile, header: list[str], path: Path, profile_title: str = ""):
        self.rp = rp
        self.register = rp.register
        self.profile_name = rp.profile
        self.profile_title = profile_title or rp.profile
        self.path = Path(path)
        self.file = paths.relative(self.path)
        self.header = list(header)
        self.header_problems: list[Problem] = []
        self.plans: list[Plan] = []
        self.notes: list[str] = []
        self.unused: list[str] = []  # the file's columns neither used nor ignored
        self.ignored: list[str] = []
        self._reported: dict[str, set] = {}
        self._shown: dict[str, int] = {}
        self._columns = {c.header: c for c in self.register.columns}
        self._plan()

    # the header row
    def _err(self, message, column=None, value=None, severity=ERROR):
        self.header_problems.append(Problem(severity, self.file, message, 1, column, value))

    def _plan(self) -> None:
        rp, reg = self.rp, self.register
        present = {header_key(h): h for h in self.header}
        used: set[str] = set()
        for column in reg.columns:
            own = present.get(header_key(column.header))
            source = rp.targets.get(column.header)
            found = []
            if source is not None and source.kind == "rename":
                found = [present[header_key(s)] for s in source.sources if header_key(s) in present]
                if own is not None and own not in found:
                    found = [own] + found
                if len(found) > 1:
                    self._err(f"Tệp có cả {' và '.join(f'«{f}»' for f in found)}, đều là cột «{column.header}» theo "
                              f"hồ sơ nhập «{self.profile_name}» ({rp.where(source.line)}); chỉ để lại một cột.",
                              found[1])
                    used |= {header_key(f) for f in found}
                    continue
                if found:
                    self.plans.append(Plan(column.header, "identity" if found[0] == own else "rename",
                                           (found[0],), source))
                    used.add(header_key(found[0]))
                    continue
            elif own is not None:
                if source is not None and source.kind == "constant":
                    self._err(f"Tệp có cột «{column.header}» nên hằng số «{source.value}» của hồ sơ nhập "
                              f"«{self.profile_name}» ({rp.where(source.line)}) không được dùng; đọc giá trị từ tệp.",
                              column.header, severity=WARNING)
                elif source is not None:
                    self._err(f"Tệp có cột «{column.header}» mà hồ sơ nhập «{self.profile_name}» lại tính cột này "
                              f"từ cột khác ({rp.where(source.line)}); bỏ một trong hai.", column.header)
                    continue
                self.plans.append(Plan(column.header, "identity", (own,), None))
                used.add(header_key(own))
                continue
            if source is not None and source.kind == "constant":
                self.plans.append(Plan(column.header, "constant", (), source))
                self.notes.append(f"{self.file}: tệp không có cột «{column.header}»; mọi dòng được coi là "
                                  f"«{source.value}» theo hồ sơ nhập «{self.profile_name}» ({rp.where(source.line)}): "
                                  f"{source.meaning}")
                continue
            if source is not None and source.kind != "rename":
                missing = [n for n in source.needs() if header_key(n) not in present]
                if not missing:
                    self.plans.append(Plan(column.header, source.kind,
                                           tuple(present[header_key(n)] for n in source.needs()), source))
                    used |= {header_key(n) for n in source.needs()}
                    continue
                if column.required:
                    self._missing(column, f"tệp thiếu {', '.join(f'«{m}»' for m in missing)}, cột mà hồ sơ nhập "
                                          f"«{self.profile_name}» dùng để tính cột này ({rp.where(source.line)})")
                continue
            if column.required:
                if source is not None:
                    names = ", ".join(f"«{s}»" for s in source.sources)
                    self._missing(column, f"tệp không có cột nào trong {names} (hồ sơ nhập «{self.profile_name}», "
                                          f"{rp.where(source.line)})")
                else:
                    self._missing(column, None)
        for h in self.header:
            k = header_key(h)
            if k in used:
                continue
            if k in rp.ignore:
                self.ignored.append(h)
                continue
            if any(k in {header_key(n) for n in p.source.needs()} for p in self.plans if p.source is not None):
                continue
            self.unused.append(h)
            self._err(f"Cột «{h}» không thuộc {reg.title} và hồ sơ nhập «{self.profile_name}» không dùng; cột này "
                      f"được bỏ qua. Nếu cần cột này, khai báo tên tương ứng trong mục «columns» của {rp.rel}; nếu "
                      "không, thêm vào mục «ignore» để hết cảnh báo.", h, severity=WARNING)

    def _missing(self, column: schema.Column, why: str | None) -> None:
        expected = ", ".join(f"«{c.header}»" for c in self.register.columns if c.required)
        why = why or "không có cột nào của tệp được khai báo cho cột này"
        hint = (f" Với hồ sơ nhập «{self.profile_name}» ({self.rp.rel}): " + why + "; khai báo cột tương ứng trong "
                "mục «columns», hoặc một hằng số {constant: …, meaning: …} nếu tệp xuất không có thông tin này."
                ) if self.profile_name != NATIVE or self.rp.targets else ""
        self._err(f"Thiếu cột bắt buộc «{column.header}» ở dòng tiêu đề. Các cột bắt buộc của {self.register.title}: "
                  f"{expected}.{hint}", column.header)

    @property
    def columns(self) -> list[str]:
        return [p.header for p in self.plans]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.header_problems)

    def describe(self) -> list[tuple[str, str]]:
        """(our header, where it comes from) for `cchc import`'s coverage table."""
        out = []
        planned = {p.header: p for p in self.plans}
        for column in self.register.columns:
            p = planned.get(column.header)
            if p is None:
                out.append((column.header, "THIẾU" + (" (bắt buộc)" if column.required else " (không bắt buộc)")))
            elif p.kind == "identity":
                out.append((column.header, f"cột «{p.columns[0]}» (tên chuẩn)"))
            elif p.kind == "rename":
                out.append((column.header, f"cột «{p.columns[0]}»"))
            elif p.kind == "constant":
                out.append((column.header, f"hằng số «{p.source.value}»: {p.source.meaning}"))
            elif p.kind in ("first", "sum"):
                what = "giá trị đầu tiên không trống của" if p.kind == "first" else "tổng của"
                out.append((column.header, f"{what} " + ", ".join(f"«{c}»" for c in p.columns)))
            else:
                join = " và " if p.kind == "all" else " hoặc "
                out.append((column.header, "Có khi " + join.join(_condition_text(c) for c in p.source.conditions)))
        return out

    def origin(self, header: str) -> str:
        """Where our column `header` comes from in this file, for a message: "" when the file has it
        under our own header."""
        plan = next((p for p in self.plans if p.header == header), None)
        if plan is None or plan.kind == "identity" or plan.source is None:
            return ""
        what = {"rename": f"cột «{plan.columns[0]}» của tệp" if plan.columns else "",
                "constant": f"hằng số «{plan.source.value}»"}.get(
            plan.kind, f"{plan.kind} của " + ", ".join(f"«{c}»" for c in plan.columns))
        return f"{what} theo hồ sơ nhập «{self.profile_name}», {self.rp.where(plan.source.line)}"

    def annotate(self, problems: list[Problem]) -> list[Problem]:
        """`problems` of the typing, each about a column this profile fills from other columns naming
        that origin (the file's column and the profile line), so the analyst knows what to open."""
        out = []
        for p in problems:
            where = self.origin(p.column) if p.column else ""
            out.append(Problem(p.severity, p.file, f"{p.message} (Cột này lấy từ {where}.)", p.row, p.column, p.value)
                       if where else p)
        return out

    # the rows
    def apply(self, chunk: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
        """A chunk of raw strings (the file's headers; index = spreadsheet row numbers) -> (our
        headers and labels, dates ISO; problems naming file, row, column, value, profile line)."""
        problems: list[Problem] = []
        data = {}
        index = chunk.index
        for plan in self.plans:
            column = self._columns[plan.header]
            if plan.kind in ("identity", "rename"):
                s = chunk[plan.columns[0]].astype("str")
            elif plan.kind == "constant":
                s = pd.Series(np.full(len(index), plan.source.value, dtype=object), index=index, dtype="str")
            elif plan.kind == "first":
                s = chunk[plan.columns[-1]].astype("str")
                for c in reversed(plan.columns[:-1]):
                    own = chunk[c].astype("str")
                    s = own.where(own.ne(""), s)
            elif plan.kind == "sum":
                s = self._sum(chunk, plan, column, problems)
            else:
                masks = [cond.mask(chunk[self._file_header(cond.column)].astype("str"))
                         for cond in plan.source.conditions]
                hit = masks[0]
                for m in masks[1:]:
                    hit = (hit & m) if plan.kind == "all" else (hit | m)
                s = pd.Series(np.where(hit.to_numpy(dtype=bool), "Có", "Không"), index=index, dtype="str")
            if plan.kind != "constant":
                s = self._values(s, plan, column, problems)
                if column.kind == schema.DATE:
                    s = self._dates(s, plan, column, problems)
            data[plan.header] = s
        frame = pd.DataFrame(data, index=index, columns=self.columns)
        if not len(self.plans):
            frame = pd.DataFrame(index=index)
        return frame, problems

    def _file_header(self, name: str) -> str:
        k = header_key(name)
        return next(h for h in self.header if header_key(h) == k)

    def _sum(self, chunk, plan, column, problems) -> pd.Series:
        total = pd.Series(0.0, index=chunk.index)
        for c in plan.columns:
            raw = chunk[c].astype("str")
            number = pd.to_numeric(raw.to_numpy(dtype=object), errors="coerce")
            number = pd.Series(number, index=raw.index)
            bad = raw.ne("") & number.isna()
            for row in raw.index[bad.to_numpy()][:10]:
                problems.append(Problem(ERROR, self.file, f"Không phải số, nên không cộng vào «{column.header}» được "
                                        f"(hồ sơ nhập «{self.profile_name}», {self.rp.where(plan.source.line)}).",
                                        int(row), c, raw[row]))
            total = total + number.fillna(0)
        whole = total.round().eq(total) & total.abs().lt(1e15)
        text = total.astype("str")
        if whole.any():
            text[whole] = total[whole].astype("int64").astype("str")
        return text.astype("str")

    def _values(self, s: pd.Series, plan: Plan, column: schema.Column, problems) -> pd.Series:
        table = self.rp.values.get(column.header)
        if not table:
            return s
        labels = _labels(column)
        if labels is not None:  # our own labels in any case become the label itself
            table = {**{label.casefold(): label for label in labels}, **table}
        # The string work on the distinct values only (a coded column has a handful), spread back by code.
        codes, uniques = pd.factorize(s.to_numpy(), use_na_sentinel=False)
        distinct = pd.Series(uniques, dtype="str")
        folded = distinct.str.casefold()
        mapped = folded.map(table)
        out = pd.Series(mapped.where(mapped.notna(), distinct).to_numpy(dtype=object)[codes], index=s.index,
                        dtype="str")
        if plan.kind == "identity" and column.kind != schema.BOOL:
            return out  # our own header: the typing names a value it does not know
        if labels is None:
            return out
        accepted = {a.casefold() for a in labels} | {""}
        if column.kind == schema.ENUM:
            accepted |= {code.casefold() for code in column.values.values()}
        unknown = (mapped.isna() & ~folded.isin(accepted)).to_numpy()[codes]
        if unknown.any():
            self._unknown(s[unknown], plan, column, problems)
        return out

    def _unknown(self, bad: pd.Series, plan: Plan, column: schema.Column, problems) -> None:
        reported = self._reported.setdefault(column.header, set())
        where = plan.columns[0] if plan.kind in ("identity", "rename", "first") and plan.columns else column.header
        line = self.rp.value_lines.get(column.header)
        allowed = ", ".join(f"«{a}»" for a in _labels(column))
        for value, rows in bad.groupby(bad, sort=False).groups.items():
            if value in reported or len(reported) >= MAX_VALUE_PROBLEMS:
                continue
            reported.add(value)
            rows = list(rows)
            more = f" (và {len(rows) - 1} dòng khác trong phần này của tệp: {', '.join(map(str, rows[1:6]))}" \
                   f"{', …' if len(rows) > 6 else ''})" if len(rows) > 1 else ""
            problems.append(Problem(
                ERROR, self.file,
                f"Giá trị «{value}» của cột «{where}» (→ «{column.header}») không có trong bảng giá trị của hồ sơ nhập "
                f"«{self.profile_name}» ({self.rp.where(line)}, mục values → «{column.header}»){more}. Thêm một dòng "
                f"«    \"{value}\": <giá trị chuẩn>» vào mục đó, với giá trị chuẩn là một trong {allowed}.",
                int(rows[0]), where, str(value)))

    def _dates(self, s: pd.Series, plan: Plan, column: schema.Column, problems) -> pd.Series:
        out, bad = to_vietnam_dates(s, self.rp.formats, self.rp.timezone)
        if bad.any():
            where = plan.columns[0] if plan.columns else column.header
            formats = ", ".join(f"«{f}»" for f in self.rp.formats)
            shown = self._shown.get(column.header, 0)  # at most 10 per column and file, over every chunk
            self._shown[column.header] = shown + int(bad.sum())
            for row in s.index[bad.to_numpy()][:max(0, 10 - shown)]:
                problems.append(Problem(ERROR, self.file, f"Ngày giờ không khớp định dạng nào của hồ sơ nhập "
                                        f"«{self.profile_name}» ({self.rp.where(self.rp.dates_line)}: {formats}); "
                                        "sửa ô hoặc thêm định dạng vào mục dates.formats.", int(row), where, s[row]))
            rest = int(bad.sum()) - max(0, 10 - shown)
            if rest > 0 and shown < 10:
                problems.append(Problem(ERROR, self.file, f"Còn {rest} ô ngày khác không khớp định dạng của hồ sơ "
                                        f"nhập «{self.profile_name}».", None, where))
        return out


def _condition_text(c: Condition) -> str:
    if c.filled is not None:
        return f"«{c.column}» " + ("có giá trị" if c.filled else "trống")
    values = ", ".join(f"«{v}»" for v in c.shown or sorted(c.values))
    return f"«{c.column}» {'không ' if c.negate else ''}là {values}"


# --- choosing a file's profile -------------------------------------------------------------------

def native_part(profiles: Profiles, register: schema.Register) -> RegisterProfile:
    native = profiles.get(NATIVE)
    if native is not None and register.stem in native.registers:
        return native.registers[register.stem]
    rel = paths.relative(native.path) if native else f"params/{FOLDER}/{NATIVE}.yaml"
    return RegisterProfile(NATIVE, rel, register)


def mapping_for(profiles: Profiles, name: str, register: schema.Register, header: list[str], path: Path) -> Mapping:
    profile = profiles[name]
    rp = profile.registers.get(register.stem) if name != NATIVE else native_part(profiles, register)
    if rp is None:
        rp = native_part(profiles, register)
        profile = profiles.get(NATIVE, profile)
    return Mapping(rp, header, path, profile.title)


def overlap(rp: RegisterProfile, header: list[str]) -> int:
    """How many of the file's columns the profile knows."""
    known = rp.known_keys()
    return sum(header_key(h) in known for h in header)


def choose(profiles: Profiles, register: schema.Register, header: list[str], path: Path,
           declared: str | None = None, declared_where: str = "") -> Mapping:
    """The mapping of a file: through the `declared` profile when it covers this register, else
    the profile whose mapping of the header has no error (the native layout first; several others:
    ambiguous), else the closest one with a message naming the closest profiles."""
    if declared:
        if declared not in profiles:
            m = Mapping(native_part(profiles, register), header, path)
            names = ", ".join(sorted(profiles))
            m.header_problems.insert(0, Problem(
                ERROR, declared_where or paths.relative(paths.units_file()),
                f"Hồ sơ nhập «{declared}» không có (cần tệp params/{FOLDER}/{declared}.yaml không lỗi); các hồ sơ nhập "
                f"hiện có: {names}.", None, None, declared))
            return m
        if register.stem in profiles[declared].registers or declared == NATIVE:
            return mapping_for(profiles, declared, register, header, path)
    candidates = [NATIVE] + sorted(n for n, p in profiles.items() if n != NATIVE and register.stem in p.registers)
    mappings = {n: mapping_for(profiles, n, register, header, path) for n in candidates if n in profiles or n == NATIVE}
    if NATIVE not in profiles:
        mappings[NATIVE] = Mapping(native_part(profiles, register), header, path)
    if mappings[NATIVE].ok:
        return mappings[NATIVE]
    fitting = [n for n, m in mappings.items() if m.ok]
    if len(fitting) == 1:
        return mappings[fitting[0]]
    scores = sorted(((overlap(m.rp, header), n) for n, m in mappings.items()), key=lambda t: (-t[0], t[1] != NATIVE))
    listing = "; ".join(f"«{n}» (nhận ra {k}/{len(header)} cột)" for k, n in scores[:3])
    hint = (f" Khai báo «profile: <tên hồ sơ nhập>» cho đơn vị trong {paths.relative(paths.units_file())}, hoặc chạy "
            f"«cchc import {paths.relative(Path(path))} --profile <tên> --unit <đơn vị>» để xem từng cột.")
    if len(fitting) > 1:
        chosen = mappings[fitting[0]]
        chosen.header_problems.insert(0, Problem(
            ERROR, chosen.file, f"Dòng tiêu đề khớp nhiều hồ sơ nhập: {', '.join(f'«{n}»' for n in fitting)}; không "
            f"chọn thay người dùng được. Các hồ sơ gần nhất: {listing}.{hint}", 1))
        return chosen
    best = scores[0][1]
    chosen = mappings[best]
    if best != NATIVE and scores[0][0] > 0:
        chosen.header_problems.insert(0, Problem(
            ERROR, chosen.file, f"Dòng tiêu đề không khớp hồ sơ nhập nào (mỗi hồ sơ đều thiếu cột bắt buộc). Các hồ sơ "
            f"gần nhất: {listing}; dưới đây là các lỗi theo hồ sơ «{best}».{hint}", 1))
    return chosen

