"""The deterministic sample: units, report parameters and registers of thị xã Đức Phổ.

`generate(out_dir)` writes params/units.yaml, params/aliases.yaml, params/<year>/<slug>.yaml,
data/<year>/<slug>/{ho-so,can-bo,van-ban,chi-so}.csv and data/README.md under `out_dir`. Every
random choice comes from a generator seeded from a constant plus the unit and year, so the output
is byte-identical on every run and one unit's data does not change when another's code does.
"""
from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from .. import schema
from . import aliases, docs, documents, indicators, narrative, seed, staff
from .calendar import add_working_days, working_days
from .dossiers import (PENDING, Dossier, carried_from_previous, period_rows, resolve_in_new_year,
                       still_open_at_new_year)
from .units import NEW_UNITS, OLD_UNITS, PROFILES, SEED_SLUG, Profile, UnitDef
from .writer import write_csv, write_text, write_yaml

__all__ = ["generate", "SEED", "YEARS"]

SEED = 20231206  # the date of the seed report
YEARS = (2023, 2024)

# Targets Quảng Ngãi set for its communes (fractions); the same for every unit of a year.
TARGETS = {
    2023: {"intake_digitisation": 0.5, "result_digitisation": 0.5, "on_time": 0.98, "online_share": 0.5},
    2024: {"intake_digitisation": 0.7, "result_digitisation": 0.7, "on_time": 0.98, "online_share": 0.6},
}


def rng_for(*parts) -> random.Random:
    key = ":".join(map(str, (SEED,) + parts))
    return random.Random(zlib.crc32(key.encode("utf-8")))


@dataclass
class State:
    """What a unit's next year starts from."""
    dossiers: list[Dossier]
    period_end: dt.date
    staff: list[staff.Post]
    indicators: dict


def _issue_day(rng: random.Random, year: int) -> dt.date:
    return rng.choice(working_days(dt.date(year, 12, 1), dt.date(year, 12, 8)))


def _report_params(unit: UnitDef, prof: Profile, year: int, issued: dt.date, number: str, docs: list,
                   rng: random.Random, seeded: bool) -> dict:
    vb = {d.role: documents.placeholder(d, docs) for d in docs if d.role}
    authority = prof.signs[year - 2023] if year in (2023, 2024) else "TM"
    if seeded:
        basis = f"Thực hiện nhiệm vụ báo cáo định kỳ công tác cải cách hành chính năm {year}."
        recipients = ["UBND thị xã Đức Phổ", "Phòng Nội vụ thị xã", f"Ban Thường vụ Đảng ủy {unit.kind}",
                      f"CT; PCT UBND {unit.kind}", "Lưu: VT."]
        text = narrative.seed_2023(vb)
    else:
        if rng.random() < 0.5:
            basis = f"Thực hiện nhiệm vụ báo cáo định kỳ công tác cải cách hành chính năm {year}."
        else:
            day = add_working_days(dt.date(year, 11, 10), rng.randint(0, 8))
            basis = (f"Thực hiện Công văn số {rng.randint(1800, 2900)}/UBND ngày {day:%d}/{day.month}/{year} "
                     f"của UBND thị xã Đức Phổ về việc báo cáo kết quả thực hiện công tác cải cách hành chính "
                     f"năm {year}.")
        recipients = ["UBND thị xã Đức Phổ", "Phòng Nội vụ thị xã",
                      rng.choice((f"Thường trực Đảng ủy {unit.kind}", f"TT Đảng ủy, TT HĐND {unit.kind}")),
                      rng.choice((f"CT, các PCT UBND {unit.kind}", f"CT, PCT UBND {unit.kind}")), "Lưu: VT."]
        postal = prof.postal > 0
        text = narrative.generic(rng, unit.full_name, unit.kind, year, vb, postal)
    return {
        "unit": unit.slug,
        "year": year,
        "number": number,
        "issued_on": issued,
        "period": {"start": dt.date(year, 1, 1), "end": issued},
        "basis": basis,
        "signatory": {
            "authority": authority,
            "title": "CHỦ TỊCH" if authority == "TM" else "PHÓ CHỦ TỊCH",
            "name": prof.chair if authority == "TM" else prof.vice,
        },
        "recipients": recipients,
        "addressee": "Phòng Nội vụ thị xã",
        "on_time_basis": "received",
        "targets": dict(TARGETS[year]),
        "narrative": text,
    }


def _unit_year(unit: UnitDef, prof: Profile, year: int, prev: State | None) -> tuple[dict, dict, State]:
    """Everything of one unit-year: files (name -> (headers, rows)), report params, and the state."""
    seeded = unit.slug == SEED_SLUG and year == 2023
    r_params, r_doss, r_staff, r_docs, r_ind = (rng_for(unit.slug, year, part) for part in
                                                ("params", "dossiers", "staff", "documents", "indicators"))
    issued = dt.date(2023, 12, 6) if seeded else _issue_day(r_params, year)
    number = "227/BC-UBND" if seeded else f"{r_params.randint(150, 262)}/BC-UBND"

    # Dossiers
    if seeded:
        rows = seed.build(r_doss, unit.code)
    else:
        grow = prof.growth ** (year - 2023)
        size = max(50, round(prof.size * grow * r_doss.uniform(0.97, 1.03)))
        online = min(0.9, prof.online + 0.09 * (year - 2023))
        yprof = replace(prof, dig_in=min(0.95, prof.dig_in + 0.17 * (year - 2023)),
                        dig_out=min(0.95, prof.dig_out + 0.2 * (year - 2023)))
        start = dt.date(year, 1, 1)
        if prev is None:
            carried = carried_from_previous(r_doss, unit.code, unit.kind, yprof, year,
                                            max(1, round(size / r_doss.uniform(400, 700))))
        else:
            carried = list(still_open_at_new_year(prev.dossiers, prev.period_end))
            december = period_rows(r_doss, unit.code, unit.kind, replace(yprof, withdrawn=0, returned=0,
                                                                         awaiting=0, overdue=0),
                                   prev.period_end + dt.timedelta(1), dt.date(year - 1, 12, 29),
                                   max(1, size // 300), online, first_seq=int(size * 0.99))
            carried += [d for d in december if d.status == PENDING and d.due >= start]
        carried = resolve_in_new_year(r_doss, carried, year, yprof, _issue_day(r_doss, year))
        for d in carried:
            d.paid, d.amount = False, 0  # paid when received, in the previous year's register
        rows = carried + period_rows(r_doss, unit.code, unit.kind, yprof, start, issued, size, online)
        rows.sort(key=lambda d: (d.received, d.code))

    # Staff
    if seeded:
        posts = staff.seed_roster()
    elif prev is None:
        posts = staff.roster(r_staff, unit.kind, prof.vacancies)
    else:
        posts = staff.next_year(r_staff, prev.staff, fill_vacancy=unit.slug == SEED_SLUG)

    # Documents and indicators
    if seeded:
        docs = documents.seed_documents()
        ind = dict(indicators.SEED_2023)
    else:
        docs = documents.yearly_documents(r_docs, year, unit.name, unit.kind, year in prof.qppl)
        ind = indicators.values(r_ind, unit.kind, year, prev.indicators if prev else None)

    params = _report_params(unit, prof, year, issued, number, docs, r_params, seeded)
    files = {
        schema.DOSSIERS.stem: [d.cells() for d in rows],
        schema.STAFF.stem: [p.cells() for p in posts],
        schema.DOCUMENTS.stem: [d.cells() for d in docs],
        schema.INDICATORS_REGISTER.stem: indicators.rows(ind),
    }
    return files, params, State(rows, issued, posts, ind)


def _synthetic(n: int) -> tuple[list[UnitDef], dict[str, Profile]]:
    rng = rng_for("synthetic", n)
    units, profiles = [], {}
    for i in range(1, n + 1):
        u = UnitDef(f"9{i:04d}", "xã", f"Mẫu {i:03d}", f"xa-mau-{i:03d}", parent="huyện Mẫu",
                    province="Mẫu", valid_to=None)
        units.append(u)
        profiles[u.slug] = Profile(
            rng.randint(600, 2000), rng.uniform(0.25, 0.55), postal=rng.choice((0, 0, 0.01, 0.02)),
            late=rng.uniform(0, 0.015), awaiting=rng.randint(0, 4), overdue=rng.randint(0, 3),
            dig_in=rng.uniform(0.2, 0.65), dig_out=rng.uniform(0.15, 0.55), vacancies=rng.choice((0, 0, 1)),
            qppl=rng.choice(((), (2023,), (2024,))), chair="Nguyễn Văn An", vice="Trần Thị Bình",
            signs=(rng.choice(("TM", "KT")), rng.choice(("TM", "KT"))))
    return units, profiles


def _unit_entry(u: UnitDef) -> dict:
    return {"code": u.code, "slug": u.slug, "kind": u.kind, "name": u.name, "parent": u.parent,
            "province": u.province, "valid_from": u.valid_from, "valid_to": u.valid_to,
            "successors": list(u.successors)}


UNITS_HEADER = """\
# Administrative units (see params/README.md). Identity = official code (mã ĐVHC) + validity period.
# On 01/07/2025 the 15 units of thị xã Đức Phổ merged into five; each new unit took the official code
# of one of its predecessors (phường Đức Phổ 21439, phường Trà Câu 21451, phường Sa Huỳnh 21478,
# xã Nguyễn Nghiêm 21457, xã Khánh Cường 21472).
# Generated by `python -m cchc.sample`.
"""



def generate(out_dir: Path, years=YEARS, synthetic_units: int | None = None) -> list[Path]:
    """Write the sample under out_dir (params/ and data/); returns the files written."""
    out_dir = Path(out_dir)
    years = tuple(sorted(set(int(y) for y in years)))
    if not years or not set(years) <= set(YEARS):
        raise ValueError(f"years must be among {YEARS}, not {years}")
    if synthetic_units is not None:
        if synthetic_units < 1:
            raise ValueError("synthetic_units must be at least 1")
        reporting, profiles = _synthetic(synthetic_units)
        registry = reporting
    else:
        reporting, profiles = list(OLD_UNITS), PROFILES
        registry = list(OLD_UNITS) + list(NEW_UNITS)

    written: list[Path] = []
    params_dir, data_dir = out_dir / "params", out_dir / "data"
    p = params_dir / "units.yaml"
    write_yaml(p, {"units": [_unit_entry(u) for u in registry]},
               UNITS_HEADER
               if synthetic_units is None else "# Synthetic province for scale tests.\n")
    written.append(p)
    p = params_dir / "aliases.yaml"
    write_yaml(p, aliases.aliases(), aliases.HEADER)
    written.append(p)
    p = data_dir / "README.md"
    write_text(p, docs.readme())
    written.append(p)

    headers = {reg.stem: [c.header for c in reg.columns] for reg in schema.REGISTERS}
    for unit in reporting:
        prof, state = profiles[unit.slug], None
        for year in range(YEARS[0], years[-1] + 1):  # later years continue earlier ones
            files, params, state = _unit_year(unit, prof, year, state)
            if year not in years:
                continue
            p = params_dir / str(year) / f"{unit.slug}.yaml"
            write_yaml(p, params, f"# Report parameters of {unit.full_name}, {year} (see params/README.md).\n")
            written.append(p)
            for stem, rows in files.items():
                p = data_dir / str(year) / unit.slug / f"{stem}.csv"
                write_csv(p, headers[stem], rows)
                written.append(p)
    return written
