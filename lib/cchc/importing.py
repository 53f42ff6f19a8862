"""`cchc import FILE --unit SLUG [--profile P] [--register ho-so] [--year Y | --period ID] [--write]`.

What an import profile makes of one export, before any build: the profile chosen (given, the
unit's, or recognised from the header row), where each of our columns comes from (coverage), the
values of every coded column and what they become, values the profile does not know with the exact
line to add, and the rows the typing and checks reject with their reasons. Nothing is written
unless `--write` is given and there is no error: then the normalised register (our headers, our
labels, dates dd/mm/yyyy) replaces `data/<year>/<slug>/<register>.csv` atomically.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from . import paths, schema
from .atomic import write_atomic
from .parsing import parse_dates
from .problems import Collector, InputError, Problem
from .readers import read_table, suffixes


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def run(file: Path, unit: str, profile: str | None = None, register: str | None = None,
        year: int | None = None, write: bool = False, out=print) -> int:
    """Print the report of importing `file` for `unit`; 0 when it maps without error (and, with
    `write`, was written), 1 when it has errors, 2 when the command cannot run."""
    from .load import Context
    from .profiles import NATIVE, mapping_for
    from .registers import check_documents, check_dossiers, check_staff, type_indicators, type_register

    file = Path(file)
    context = Context.read()
    shared = [p for p in context.problems if p.is_error and "profiles" in p.file or p.file.endswith("aliases.yaml")]
    for p in shared:
        out(str(p))
    if unit not in context.units:
        out(f"Không có đơn vị «{unit}» trong {paths.relative(paths.units_file())}.")
        return 2
    stems = {r.stem: r for r in schema.REGISTERS}
    stem = register or (file.stem if file.stem in stems else schema.DOSSIERS.stem)
    if stem not in stems:
        out(f"Không có sổ «{stem}»; các sổ: {', '.join(stems)}.")
        return 2
    reg = stems[stem]
    if profile is not None and profile not in context.profiles:
        out(f"Không có hồ sơ nhập «{profile}» (params/profiles/{profile}.yaml, không lỗi); các hồ sơ nhập: "
            f"{', '.join(sorted(context.profiles))}.")
        return 2
    try:
        table = read_table(file)
    except InputError as exc:
        for p in exc.problems:
            out(str(p))
        return 1
    header = list(table.columns)
    if profile is not None:
        mapping = mapping_for(context.profiles, profile, reg, header, file)
        how = "theo tham số --profile"
        if mapping.profile_name != profile:
            how = f"hồ sơ nhập «{profile}» không khai báo {reg.title} nên dùng «{NATIVE}»"
    else:
        mapping = context.mapping(unit, reg, header, file)
        declared = context.profile_of(unit)
        how = (f"khai báo «profile: {declared}» của đơn vị" if declared == mapping.profile_name
               else "nhận ra từ dòng tiêu đề")
    rel = paths.relative(file)
    out(f"Tệp {rel}: {_n(len(table))} dòng dữ liệu, {len(header)} cột; sổ: {reg.title} ({reg.stem}).")
    out(f"Hồ sơ nhập: «{mapping.profile_name}» — {mapping.profile_title} ({how}; {mapping.rp.rel}).")
    out("")
    out("Cột của sổ và nguồn trong tệp:")
    for ours, source in mapping.describe():
        out(f"  «{ours}» ← {source}")
    if mapping.ignored:
        out(f"Cột của tệp bỏ qua theo hồ sơ nhập ({len(mapping.ignored)}): " + ", ".join(mapping.ignored) + ".")
    if mapping.unused:
        out(f"Cột của tệp không dùng và chưa khai báo bỏ qua ({len(mapping.unused)}): "
            + ", ".join(mapping.unused) + f" — thêm vào mục «ignore» của {mapping.rp.rel} nếu không cần.")
    for p in mapping.header_problems:
        out(str(p))

    mapped, problems = mapping.apply(table)
    if mapping.ok:
        out("")
        out("Giá trị sau khi ánh xạ:")
        for line in _value_counts(table, mapped, mapping):
            out("  " + line)
    unknown = [p for p in problems if "không có trong bảng giá trị" in p.message]
    if unknown:
        out("")
        out(f"Giá trị chưa có trong hồ sơ nhập ({len(unknown)}):")
        for p in unknown:
            out("  " + str(p))
    errors = [p for p in mapping.header_problems + problems if p.is_error]
    checked: list[Problem] = []
    if mapping.ok:
        file_rel = rel
        if reg is schema.INDICATORS_REGISTER:
            _, checked = type_indicators(mapped, file_rel)
        else:
            frame, typed_problems = type_register(mapped, reg, file_rel)
            collector = Collector(file_rel, typed_problems)
            if frame is not None:
                if reg is schema.DOSSIERS:
                    check_dossiers(frame, collector, None)
                elif reg is schema.STAFF:
                    check_staff(frame, collector)
                elif reg is schema.DOCUMENTS:
                    check_documents(frame, collector)
            checked = collector.problems
        checked = mapping.annotate(checked)
    rejected = [p for p in problems if p not in unknown] + checked
    errors += [p for p in checked if p.is_error]
    bad_rows = {p.row for p in errors if p.row is not None and p.row > 1}
    if rejected:
        out("")
        out(f"Dòng bị từ chối và cảnh báo ({len(rejected)} thông báo):")
        for p in sorted(rejected, key=lambda p: (not p.is_error, p.row or 0)):
            out("  " + str(p))
    out("")
    out(f"Kết quả: {_n(len(table))} dòng, {_n(len(bad_rows))} dòng có lỗi, {len(errors)} lỗi.")
    if not write:
        out("Chưa ghi gì vào data/ (thêm --write để ghi sổ đã chuẩn hóa khi không còn lỗi).")
        return 1 if errors else 0
    if errors:
        out("Không ghi vào data/ vì còn lỗi; sửa tệp xuất hoặc hồ sơ nhập rồi chạy lại.")
        return 1
    if year is None:
        out("Cần --year NĂM (hoặc --period MÃ_KỲ) để biết ghi vào thư mục data/<năm>/<đơn vị>/.")
        return 2
    folder = paths.unit_data_dir(year, unit)
    target = folder / f"{reg.stem}.csv"
    others = [folder / f"{reg.stem}{sfx}" for sfx in suffixes() if sfx != ".csv" and (folder / f"{reg.stem}{sfx}").exists()]
    if others:
        out(f"Không ghi: đã có {paths.relative(others[0])}; một sổ chỉ có một tệp. Xóa hoặc đổi tên tệp đó trước.")
        return 1
    replaced = target.exists()
    write_atomic(target, normalised_csv(mapped, reg))
    out(f"Đã ghi {paths.relative(target)} ({_n(len(mapped))} dòng, tên cột và giá trị chuẩn)"
        + ("; tệp cũ đã được thay." if replaced else "."))
    return 0


def normalised_csv(mapped: pd.DataFrame, register: schema.Register) -> bytes:
    """The mapped frame as the project's own register: our headers in the schema's order, dates
    dd/mm/yyyy, UTF-8 without BOM (data/README.md)."""
    columns = [c for c in register.columns if c.header in mapped.columns]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.header for c in columns])
    frame = mapped[[c.header for c in columns]].copy()
    for c in columns:
        if c.kind == schema.DATE:
            iso = frame[c.header].str.match(r"^\d{4}-\d{2}-\d{2}$")
            frame.loc[iso, c.header] = (frame.loc[iso, c.header].str[8:10] + "/" + frame.loc[iso, c.header].str[5:7]
                                        + "/" + frame.loc[iso, c.header].str[0:4])
    writer.writerows(frame.itertuples(index=False, name=None))
    return buf.getvalue().encode("utf-8")


def _value_counts(raw: pd.DataFrame, mapped: pd.DataFrame, mapping) -> list[str]:
    lines = []
    plans = {p.header: p for p in mapping.plans}
    for column in mapping.register.columns:
        if column.header not in mapped.columns:
            continue
        s = mapped[column.header]
        plan = plans[column.header]
        filled = int(s.ne("").sum())
        if column.kind in (schema.ENUM, schema.BOOL):
            if plan.kind in ("identity", "rename") and plan.columns:
                pairs = pd.DataFrame({"raw": raw[plan.columns[0]], "ours": s}).value_counts(sort=True)
                parts = [(f"«{r}» → «{o}»" if r != o else f"«{o}»") + f": {_n(int(k))}" for (r, o), k in pairs.items()]
            else:
                parts = [f"«{v}»: {_n(int(k))}" for v, k in s.value_counts().items()]
            lines.append(f"«{column.header}»: " + "; ".join(parts[:15]) + ("; …" if len(parts) > 15 else ""))
        elif column.kind == schema.DATE:
            days, bad = parse_dates(s)
            span = f", từ {days.min():%d/%m/%Y} đến {days.max():%d/%m/%Y}" if days.notna().any() else ""
            lines.append(f"«{column.header}»: {_n(filled)} ô có ngày{span}"
                         + (f" ({_n(int(bad.sum()))} ô không đọc được, xem dưới)" if bad.any() else ""))
        else:
            lines.append(f"«{column.header}»: {_n(filled)} ô có giá trị, {_n(int(s[s.ne('')].nunique()))} giá trị khác nhau")
    return lines

