"""The staff roster (can-bo.csv): one row per position, no names."""
from __future__ import annotations

import random
from dataclasses import dataclass, replace

CB, CC, KCT = "Cán bộ", "Công chức", "Người hoạt động không chuyên trách"

CB_POSITIONS = (
    "Bí thư Đảng ủy", "Phó Bí thư Thường trực Đảng ủy", "Phó Chủ tịch HĐND", "Chủ tịch UBND",
    "Phó Chủ tịch UBND", "Chủ tịch Ủy ban MTTQ Việt Nam", "Bí thư Đoàn TNCS Hồ Chí Minh",
    "Chủ tịch Hội Liên hiệp Phụ nữ", "Chủ tịch Hội Nông dân", "Chủ tịch Hội Cựu chiến binh",
)
CC_WARD = (
    "Chỉ huy trưởng Ban Chỉ huy Quân sự", "Văn phòng - Thống kê", "Văn phòng - Thống kê",
    "Địa chính - Xây dựng - Đô thị và Môi trường", "Địa chính - Xây dựng - Đô thị và Môi trường",
    "Tài chính - Kế toán", "Tư pháp - Hộ tịch", "Tư pháp - Hộ tịch", "Văn hóa - Xã hội",
)
CC_COMMUNE = (
    "Chỉ huy trưởng Ban Chỉ huy Quân sự", "Văn phòng - Thống kê", "Văn phòng - Thống kê",
    "Địa chính - Nông nghiệp - Xây dựng và Môi trường", "Địa chính - Nông nghiệp - Xây dựng và Môi trường",
    "Tài chính - Kế toán", "Tư pháp - Hộ tịch", "Văn hóa - Xã hội", "Văn hóa - Xã hội",
)
KCT_POSITIONS = (
    "Phó Chỉ huy trưởng Ban Chỉ huy Quân sự", "Văn phòng Đảng ủy", "Phó Chủ tịch Ủy ban MTTQ Việt Nam",
    "Phó Bí thư Đoàn TNCS Hồ Chí Minh", "Phó Chủ tịch Hội Liên hiệp Phụ nữ", "Phó Chủ tịch Hội Nông dân",
    "Phó Chủ tịch Hội Cựu chiến binh", "Chủ tịch Hội Người cao tuổi", "Chủ tịch Hội Chữ thập đỏ",
    "Văn thư - Lưu trữ - Thủ quỹ", "Nhân viên Đài truyền thanh", "Phụ trách Nhà văn hóa - Thể thao",
)


@dataclass
class Post:
    code: str
    group: str
    position: str
    vacant: bool = False
    education: str | None = "12/12"
    qualification: str | None = None
    theory: str | None = None
    standard: bool = True
    raise_regular: bool = False
    raise_early: bool = False
    discipline: bool = False
    updated: bool = False

    def cells(self) -> list:
        return [self.code, self.group, self.position, self.vacant, self.education, self.qualification,
                self.theory, self.standard, self.raise_regular, self.raise_early, self.discipline, self.updated]


def _posts(kind: str) -> list[Post]:
    cc = CC_WARD if kind == "phường" else CC_COMMUNE
    return ([Post(f"CB{i:02d}", CB, p) for i, p in enumerate(CB_POSITIONS, 1)]
            + [Post(f"CC{i:02d}", CC, p) for i, p in enumerate(cc, 1)]
            + [Post(f"KCT{i:02d}", KCT, p) for i, p in enumerate(KCT_POSITIONS, 1)])


def _vacate(p: Post) -> None:
    p.vacant, p.education, p.qualification, p.theory = True, None, None, None
    p.standard = p.raise_regular = p.raise_early = p.discipline = p.updated = False


def seed_roster() -> list[Post]:
    """Phường Nguyễn Nghiêm 2023, as the report lists it (with the non-specialised person it forgot)."""
    posts = _posts("phường")
    cb_q = ("Thạc sĩ", "Đại học", "Đại học", "Thạc sĩ", "Đại học", "Đại học", "Đại học", "Đại học",
            "Cao đẳng", "Trung cấp")
    cb_t = ("Cao cấp", "Trung cấp", "Trung cấp", "Cao cấp", "Trung cấp", "Trung cấp", "Sơ cấp", "Trung cấp",
            "Trung cấp", "Trung cấp")
    cc_t = ("Trung cấp", "Trung cấp", "Chưa qua đào tạo", "Trung cấp", "Sơ cấp", "Trung cấp", "Trung cấp",
            "Chưa qua đào tạo", "Trung cấp")
    kct_q = ("Trung cấp", "Đại học", "Cao đẳng", "Đại học", "Cao đẳng", "Chưa qua đào tạo", "Chưa qua đào tạo",
             "Chưa qua đào tạo", "Thạc sĩ", "Đại học", "Cao đẳng")
    kct_t = ("Sơ cấp", "Trung cấp", "Sơ cấp", "Sơ cấp", "Sơ cấp", "Chưa qua đào tạo", "Sơ cấp",
             "Chưa qua đào tạo", "Sơ cấp", "Chưa qua đào tạo", "Chưa qua đào tạo")
    cb, cc, kct = posts[:10], posts[10:19], posts[19:]
    for p, q, t in zip(cb, cb_q, cb_t):
        p.qualification, p.theory, p.updated = q, t, True
    for p, t in zip(cc, cc_t):
        p.qualification, p.theory, p.updated = "Đại học", t, True
    for p, q, t in zip(kct, kct_q, kct_t):
        p.qualification, p.theory = q, t
    _vacate(kct[11])
    for i in (1, 4, 7, 10, 13, 15, 17):  # seven regular raises
        posts[i].raise_regular = True
    posts[16].raise_early = True  # one early raise (a civil servant)
    return posts


Q_CB = (("Thạc sĩ", 2), ("Đại học", 12), ("Cao đẳng", 1), ("Trung cấp", 1))
T_CB = (("Cao cấp", 3), ("Trung cấp", 10), ("Sơ cấp", 1))
Q_CC = (("Thạc sĩ", 0.4), ("Đại học", 12), ("Cao đẳng", 0.5))
T_CC = (("Trung cấp", 6), ("Sơ cấp", 2), ("Chưa qua đào tạo", 2))
Q_KCT = (("Thạc sĩ", 0.2), ("Đại học", 4), ("Cao đẳng", 3), ("Trung cấp", 3), ("Chưa qua đào tạo", 3))
T_KCT = (("Trung cấp", 1), ("Sơ cấp", 5), ("Chưa qua đào tạo", 5))


def _draw(rng: random.Random, table) -> str:
    values, weights = zip(*table)
    return rng.choices(values, weights)[0]


def roster(rng: random.Random, kind: str, vacancies: int) -> list[Post]:
    posts = _posts(kind)
    # Position counts differ a little with the unit's class and population.
    cc = [p for p in posts if p.group == CC]
    kct = [p for p in posts if p.group == KCT]
    drop = ([rng.choice(cc[1:])] if rng.random() < 0.4 else []) + rng.sample(kct[2:], rng.randint(0, 2))
    posts = [p for p in posts if all(p is not d for d in drop)]
    for group, prefix in ((CC, "CC"), (KCT, "KCT")):
        for i, p in enumerate((p for p in posts if p.group == group), 1):
            p.code = f"{prefix}{i:02d}"
    for p in posts:
        q, t = {CB: (Q_CB, T_CB), CC: (Q_CC, T_CC), KCT: (Q_KCT, T_KCT)}[p.group]
        p.qualification, p.theory = _draw(rng, q), _draw(rng, t)
        p.education = "12/12" if p.group != KCT or rng.random() < 0.93 else "9/12"
        p.standard = p.group == KCT or p.qualification in ("Thạc sĩ", "Đại học") or rng.random() < 0.7
        p.updated = p.group != KCT
    _events(rng, posts)
    for p in posts[-vacancies:] if vacancies else []:
        _vacate(p)
    return posts


def _events(rng: random.Random, posts: list[Post]) -> None:
    for p in posts:
        if p.vacant or p.group == KCT:
            continue
        p.raise_regular = rng.random() < 0.33
        p.raise_early = not p.raise_regular and rng.random() < 0.05
        p.discipline = rng.random() < 0.01


UPGRADE_Q = {"Cao đẳng": "Đại học", "Đại học": "Thạc sĩ", "Trung cấp": "Cao đẳng"}
UPGRADE_T = {"Chưa qua đào tạo": "Sơ cấp", "Sơ cấp": "Trung cấp", "Trung cấp": "Cao cấp"}


def next_year(rng: random.Random, posts: list[Post], fill_vacancy: bool) -> list[Post]:
    """The same positions a year on: a few people finish a degree or a course, events change."""
    out = [replace(p) for p in posts]
    people = [p for p in out if not p.vacant]
    for p in rng.sample(people, 2):
        p.qualification = UPGRADE_Q.get(p.qualification, p.qualification)
    for p in rng.sample(people, 2):
        p.theory = UPGRADE_T.get(p.theory, p.theory)
    vacant = [p for p in out if p.vacant]
    if fill_vacancy and vacant:
        p = vacant[0]
        p.vacant, p.education, p.qualification, p.theory, p.standard = False, "12/12", "Đại học", \
            "Chưa qua đào tạo", True
    _events(rng, out)
    for p in out:
        if p.group != KCT and not p.vacant:
            p.updated = True
        if p.standard is False and p.qualification in ("Thạc sĩ", "Đại học"):
            p.standard = True
    return out
