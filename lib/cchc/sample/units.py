"""The units of thị xã Đức Phổ (Quảng Ngãi) and what makes each one's sample data different.

Codes are the official mã ĐVHC (General Statistics Office list). The eight phường were formed on
01/02/2020 (Nghị quyết 867/NQ-UBTVQH14); phường Nguyễn Nghiêm from thị trấn Đức Phổ, whose code it
kept. On 01/07/2025 the district level was abolished and the 15 units merged into five; each new
unit took the code of one of its predecessors, so a code alone does not identify a unit: the code
plus the validity period does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PROVINCE = "Quảng Ngãi"
TOWN = "thị xã Đức Phổ"
FORMED = dt.date(2020, 2, 1)  # NQ 867/NQ-UBTVQH14: thị xã Đức Phổ and its phường
MERGED = dt.date(2025, 7, 1)  # the 2025 reorganisation
LAST_DAY = MERGED - dt.timedelta(1)


@dataclass(frozen=True)
class UnitDef:
    code: str
    kind: str  # phường | xã | đặc khu
    name: str
    slug: str
    parent: str | None = TOWN
    province: str = PROVINCE
    valid_from: dt.date = FORMED
    valid_to: dt.date | None = LAST_DAY
    successors: tuple[str, ...] = ()
    residential_group: str | None = None  # when the kind's default (model.RESIDENTIAL_GROUPS) does not fit

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Profile:
    """How a unit's registers look: size and character of its one-stop desk and its staff."""
    size: int  # dossiers received in 2023 (the period's own, not carried over)
    online: float  # share filed online in 2023
    postal: float = 0.0  # share sent by post
    late: float = 0.002  # share of resolved dossiers past the deadline
    on_deadline: float = 0.0  # share resolved exactly on the deadline
    withdrawn: float = 0.003
    returned: float = 0.0
    awaiting: int = 0  # awaiting supplement at the period end
    overdue: int = 0  # pending past the deadline at the period end
    dig_in: float = 0.55  # intake digitisation
    dig_out: float = 0.45  # result digitisation
    pay: float = 0.7  # online fee payment among online dossiers with a fee
    detail: float = 0.4  # intake entered item by item
    growth: float = 1.04  # 2024 size / 2023 size
    few_fields: bool = False
    vacancies: int = 0  # unfilled non-specialised positions
    qppl: tuple[int, ...] = (2023,)  # years in which the unit issued a QPPL
    chair: str = ""
    vice: str = ""
    signs: tuple[str, str] = ("TM", "TM")  # who signs the 2023 and 2024 reports
    notes: dict = field(default_factory=dict)


# The official codes of the five 2025 units (Quyết định 19/2025/QĐ-TTg list): each reuses a
# predecessor's code (21439 was phường Nguyễn Nghiêm's); cchc.units allows a code to be reused
# once the earlier unit's validity has ended.
OFFICIAL_2025 = dict(zip(("PDP", "TC", "SH", "XNN", "KC"), ("21439", "21451", "21478", "21457", "21472")))
S = OFFICIAL_2025

# (code, kind, name, slug, successor) in the order of the official list.
OLD_UNITS = (
    UnitDef("21439", "phường", "Nguyễn Nghiêm", "phuong-nguyen-nghiem", successors=(S["PDP"],)),
    UnitDef("21442", "xã", "Phổ An", "xa-pho-an", successors=(S["TC"],)),
    UnitDef("21445", "xã", "Phổ Phong", "xa-pho-phong", successors=(S["XNN"],)),
    UnitDef("21448", "xã", "Phổ Thuận", "xa-pho-thuan", successors=(S["TC"],)),
    UnitDef("21451", "phường", "Phổ Văn", "phuong-pho-van", successors=(S["TC"],)),
    UnitDef("21454", "phường", "Phổ Quang", "phuong-pho-quang", successors=(S["TC"],)),
    UnitDef("21457", "xã", "Phổ Nhơn", "xa-pho-nhon", successors=(S["XNN"],)),
    UnitDef("21460", "phường", "Phổ Ninh", "phuong-pho-ninh", successors=(S["PDP"],)),
    UnitDef("21463", "phường", "Phổ Minh", "phuong-pho-minh", successors=(S["PDP"],)),
    UnitDef("21466", "phường", "Phổ Vinh", "phuong-pho-vinh", successors=(S["PDP"],)),
    UnitDef("21469", "phường", "Phổ Hòa", "phuong-pho-hoa", successors=(S["PDP"],)),
    UnitDef("21472", "xã", "Phổ Cường", "xa-pho-cuong", successors=(S["KC"],)),
    UnitDef("21475", "xã", "Phổ Khánh", "xa-pho-khanh", successors=(S["KC"],)),
    UnitDef("21478", "phường", "Phổ Thạnh", "phuong-pho-thanh", successors=(S["SH"],)),
    UnitDef("21481", "xã", "Phổ Châu", "xa-pho-chau", successors=(S["SH"],)),
)

PROVINCE_PARENT = f"tỉnh {PROVINCE}"  # since 01/07/2025 communes report to the province

NEW_UNITS = tuple(
    UnitDef(code, kind, name, slug, parent=PROVINCE_PARENT, valid_from=MERGED, valid_to=None)
    for code, kind, name, slug in (
        (S["PDP"], "phường", "Đức Phổ", "phuong-duc-pho"),
        (S["TC"], "phường", "Trà Câu", "phuong-tra-cau"),
        (S["SH"], "phường", "Sa Huỳnh", "phuong-sa-huynh"),
        (S["XNN"], "xã", "Nguyễn Nghiêm", "xa-nguyen-nghiem"),
        (S["KC"], "xã", "Khánh Cường", "xa-khanh-cuong"),
    )
)
# The island special zone (đặc khu) formed from huyện Lý Sơn on 01/07/2025. Its official code was not
# checked against the GSO list, so the sample gives it a code no real unit has (data/README.md says so).
LY_SON = UnitDef("90001", "đặc khu", "Lý Sơn", "dac-khu-ly-son", parent=PROVINCE_PARENT, valid_from=MERGED,
                 valid_to=None, residential_group="thôn")  # the island's former communes had thôn only
SYNTHETIC_CODES = (LY_SON.code,)

SEED_SLUG = "phuong-nguyen-nghiem"

# The parent units the communes report to, for the consolidated reports (cchc.consolidated): the thị
# xã until 30/06/2025 (GSO district code 534; 525 is huyện Trà Bồng), the province after (code 51;
# Quảng Ngãi was re-established on 01/07/1989 and kept its name and code when Kon Tum merged into it
# on 01/07/2025).
TOWN_UNIT = UnitDef("534", "thị xã", "Đức Phổ", "thi-xa-duc-pho", parent=PROVINCE_PARENT)
PROVINCE_UNIT = UnitDef("51", "tỉnh", PROVINCE, "tinh-quang-ngai", parent=None, valid_from=dt.date(1989, 7, 1),
                        valid_to=None)
PARENT_UNITS = (TOWN_UNIT, PROVINCE_UNIT)

# Post-2025 units report for the second half of 2025 only; their figures are synthetic.
PROFILES_2025: dict[str, Profile] = {
    "phuong-duc-pho": Profile(11500, 0.62, postal=0.005, late=0.004, awaiting=6, overdue=3, dig_in=0.82,
                              dig_out=0.74, chair="Nguyễn Thanh Tùng", vice="Lê Thị Hồng Vân"),
    "phuong-tra-cau": Profile(7000, 0.55, late=0.006, awaiting=4, overdue=2, dig_in=0.78, dig_out=0.7,
                              chair="Phạm Quốc Việt", vice="Trần Thị Thu Sương"),
    "phuong-sa-huynh": Profile(4200, 0.48, postal=0.01, late=0.008, awaiting=3, dig_in=0.74, dig_out=0.66,
                               chair="Võ Minh Khoa", vice="Huỳnh Thị Ngọc Hân"),
    "xa-nguyen-nghiem": Profile(2400, 0.44, late=0.005, awaiting=2, dig_in=0.72, dig_out=0.63,
                                chair="Đinh Công Thành", vice="Nguyễn Thị Kim Yến"),
    "xa-khanh-cuong": Profile(3100, 0.41, late=0.007, returned=0.003, overdue=2, dig_in=0.7, dig_out=0.6,
                              chair="Lê Văn Hòa", vice="Phan Thị Mỹ Duyên"),
    "dac-khu-ly-son": Profile(2100, 0.38, postal=0.02, late=0.009, awaiting=3, overdue=1, dig_in=0.69,
                              dig_out=0.58, chair="Trương Văn Biển", vice="Đặng Thị Thanh Nga"),
}

PROFILES: dict[str, Profile] = {
    # Its 2023 registers are built to the seed's figures (seed.py); this drives 2024.
    "phuong-nguyen-nghiem": Profile(3950, 0.586, late=0.003, dig_in=0.59, dig_out=0.48, detail=0.41,
                                    chair="Đỗ Ngọc Thìn", vice="Phạm Thị Thu Hà", growth=1.03),
    "phuong-pho-hoa": Profile(2200, 0.52, postal=0.012, late=0.004, dig_in=0.63, dig_out=0.52,
                              chair="Nguyễn Văn Hùng", vice="Trần Thị Mỹ Linh", signs=("KT", "TM")),
    "phuong-pho-minh": Profile(1950, 0.47, late=0.006, awaiting=5, dig_in=0.58, dig_out=0.47,
                               chair="Lê Quang Vinh", vice="Huỳnh Thị Kim Oanh"),
    "phuong-pho-ninh": Profile(2600, 0.44, late=0.018, returned=0.004, overdue=4, dig_in=0.51, dig_out=0.40,
                               chair="Phạm Văn Tâm", vice="Võ Thành Nam", signs=("TM", "KT")),
    "phuong-pho-quang": Profile(1600, 0.36, late=0.005, dig_in=0.24, dig_out=0.18, pay=0.4,
                                chair="Trương Minh Đức", vice="Nguyễn Thị Hồng Nhung", qppl=()),
    "phuong-pho-thanh": Profile(3000, 0.41, postal=0.025, late=0.012, on_deadline=0.004, awaiting=7, overdue=2,
                                dig_in=0.55, dig_out=0.44, chair="Đặng Văn Lợi", vice="Bùi Thị Thanh Tâm",
                                signs=("KT", "KT"), qppl=(2023, 2024)),
    "phuong-pho-van": Profile(1700, 0.49, late=0.004, dig_in=0.6, dig_out=0.5, vacancies=2,
                              chair="Huỳnh Tấn Phát", vice="Lê Thị Ngọc Ánh"),
    "phuong-pho-vinh": Profile(1520, 0.45, late=0.003, withdrawn=0.005, dig_in=0.57, dig_out=0.49,
                               chair="Nguyễn Hữu Phước", vice="Đoàn Thị Bích Thủy", signs=("TM", "KT")),
    "xa-pho-an": Profile(1250, 0.33, late=0.004, dig_in=0.5, dig_out=0.41, chair="Võ Văn Thanh",
                         vice="Nguyễn Thị Lệ Thu"),
    "xa-pho-chau": Profile(1000, 0.29, postal=0.03, late=0.01, awaiting=3, dig_in=0.46, dig_out=0.36,
                           chair="Trần Văn Sỹ", vice="Phan Thị Hoa", signs=("KT", "TM")),
    "xa-pho-cuong": Profile(1700, 0.35, late=0.008, returned=0.003, overdue=3, dig_in=0.49, dig_out=0.38,
                            chair="Lê Văn Bảy", vice="Nguyễn Tấn Lực", qppl=(2024,)),
    "xa-pho-khanh": Profile(1350, 0.27, late=0.006, dig_in=0.21, dig_out=0.16, pay=0.35, detail=0.2,
                            chair="Phạm Ngọc Sơn", vice="Võ Thị Kim Chi"),
    "xa-pho-nhon": Profile(800, 0.31, late=0.002, dig_in=0.53, dig_out=0.44, qppl=(),
                           chair="Đinh Văn Trung", vice="Hồ Thị Mai", signs=("TM", "TM")),
    "xa-pho-phong": Profile(1500, 0.34, postal=0.008, late=0.005, awaiting=2, dig_in=0.52, dig_out=0.42,
                            chair="Nguyễn Văn Chiến", vice="Trần Thị Thanh Hương", signs=("KT", "KT")),
    "xa-pho-thuan": Profile(620, 0.26, late=0.0, withdrawn=0.002, dig_in=0.44, dig_out=0.35, few_fields=True,
                            vacancies=1, qppl=(), chair="Bùi Văn Hải", vice="Lương Thị Diệu"),
}
