"""Figures no register holds (chi-so.csv), one row per indicator of cchc.schema.INDICATORS."""
from __future__ import annotations

import datetime as dt
import random

from ..schema import BOOL, DATE, FLOAT, INDICATORS, INT

SEED_2023 = dict(
    so_may_tinh=24, chu_ky_so_to_chuc=1, chu_ky_so_ca_nhan=7, ty_le_van_ban_dien_tu=95.0,
    ty_le_hop_thu_cong_vu=100.0, ty_le_ho_so_cong_viec_tren_mang=100.0, trang_thong_tin_tu=dt.date(2021, 12, 1),
    iso_9001=True, von_dau_tu_cong_giai_ngan=0, so_phan_anh_kien_nghi=0, so_tthc_cong_khai=156,
    cong_chuc_khong_tinh="Trưởng Công an phường",  # the seed: "không tính Trưởng Công an phường"
)


def values(rng: random.Random, kind: str, year: int, previous: dict | None) -> dict:
    """Plausible indicator values; a year on, the same unit has a little more of everything."""
    if previous:
        v = dict(previous)
        v["so_may_tinh"] += rng.randint(0, 3)
        v["chu_ky_so_ca_nhan"] += rng.randint(0, 3)
        v["ty_le_van_ban_dien_tu"] = min(100.0, v["ty_le_van_ban_dien_tu"] + rng.choice((0, 1, 2, 3)))
        v["ty_le_ho_so_cong_viec_tren_mang"] = min(100.0, v["ty_le_ho_so_cong_viec_tren_mang"] + rng.choice((0, 5)))
        v["von_dau_tu_cong_giai_ngan"] = rng.choice((0, 0, 1, 2)) * rng.randrange(450, 2400, 50) * 1_000_000
        v["so_phan_anh_kien_nghi"] = rng.choice((0, 0, 0, 1))
        if v.get("so_tthc_cong_khai") is not None:
            v["so_tthc_cong_khai"] += rng.randint(-6, 8)
        return v
    big = kind == "phường"
    site = dt.date(rng.choice((2020, 2021, 2021, 2022)), rng.randint(1, 12), 1)
    return dict(
        so_may_tinh=rng.randint(18, 28) if big else rng.randint(12, 22),
        chu_ky_so_to_chuc=1,
        chu_ky_so_ca_nhan=rng.randint(4, 9),
        ty_le_van_ban_dien_tu=float(rng.choice((85, 88, 90, 92, 95, 97))),
        ty_le_hop_thu_cong_vu=100.0,
        ty_le_ho_so_cong_viec_tren_mang=float(rng.choice((80, 90, 95, 100))),
        trang_thong_tin_tu=site if rng.random() < 0.85 else False,  # False: «Không», the unit has none
        iso_9001=True,
        von_dau_tu_cong_giai_ngan=rng.choice((0, 0, 1, 2, 3)) * rng.randrange(450, 2400, 50) * 1_000_000,
        so_phan_anh_kien_nghi=rng.choice((0, 0, 0, 0, 1, 2)),
        so_tthc_cong_khai=rng.randint(140, 165) if rng.random() < 0.8 else None,
        cong_chuc_khong_tinh=f"Trưởng Công an {kind}",  # the police chief is not on the roster
    )


def text(kind: str, value) -> str:
    """The value as the analyst writes it in the file; False for an indicator with a none_value
    (the website) is «Không»."""
    if value is False and kind != BOOL:
        return "Không"
    if kind == BOOL:
        return "Có" if value else "Không"
    if kind == DATE:
        return f"{value:%m/%Y}"
    if kind == FLOAT:
        return f"{value:g}".replace(".", ",")
    if kind == INT:
        return str(int(value))
    return str(value)


def rows(v: dict) -> list[list[str]]:
    """Rows of chi-so.csv; an optional indicator without a value is left out."""
    return [[ind.code, ind.label, text(ind.kind, v[ind.code]), ind.unit]
            for ind in INDICATORS if v.get(ind.code) is not None]
