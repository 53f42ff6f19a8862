"""The documents register (van-ban.csv): what the unit issued, and the higher-level documents it cites."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ..model import RESIDENTIAL_GROUPS
from .calendar import add_working_days


@dataclass
class Doc:
    number: str
    date: dt.date
    type: str
    subject: str
    issuer: str | None  # None: the unit's own People's Committee
    area: str
    qppl: bool = False
    role: str = ""  # which narrative sentence cites it (not written to the file)

    def cells(self) -> list:
        return [self.number, self.date, self.type, self.subject, self.issuer, self.area, self.qppl]


D = dt.date
CD, TT, THC, TTHC, TC, DN, TCC, CQS, ISO = (
    "Chỉ đạo, điều hành", "Tuyên truyền", "Cải cách thể chế", "Cải cách TTHC", "Tổ chức bộ máy",
    "Đội ngũ CBCC", "Tài chính công", "Chính quyền số", "ISO 9001")
GOV, PROV, PROV_COUNCIL, TOWN = "Chính phủ", "UBND tỉnh Quảng Ngãi", "HĐND tỉnh Quảng Ngãi", "UBND thị xã Đức Phổ"

# Higher-level documents every unit cites (the seed's, plus Nghị định 30/2020 on document format).
EXTERNAL = (
    Doc("34/2016/NĐ-CP", D(2016, 5, 14), "Nghị định",
        "quy định chi tiết một số điều và biện pháp thi hành Luật Ban hành văn bản quy phạm pháp luật",
        GOV, THC, True, "nd34"),
    Doc("30/2020/NĐ-CP", D(2020, 3, 5), "Nghị định", "công tác văn thư", GOV, THC, True, "nd30"),
    Doc("20/2020/NQ-HĐND", D(2020, 7, 17), "Nghị quyết",
        "quy định chức danh, mức phụ cấp của người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân "
        "phố trên địa bàn tỉnh Quảng Ngãi", PROV_COUNCIL, TC, True, "nq20"),
    Doc("947/QĐ-UBND", D(2021, 10, 11), "Quyết định",
        "việc giao số lượng cán bộ, công chức cấp xã trên địa bàn tỉnh Quảng Ngãi", PROV, TC, False, "qd947"),
    Doc("48/2021/QĐ-UBND", D(2021, 9, 10), "Quyết định",
        "ban hành Quy định về trách nhiệm thực hiện kỷ luật, kỷ cương hành chính trong cơ quan hành chính "
        "nhà nước trên địa bàn tỉnh Quảng Ngãi", PROV, DN, True, "qd48"),
)


def seed_documents() -> list[Doc]:
    """Phường Nguyễn Nghiêm 2023: every document report 227/BC-UBND cites, plus a few more it issued."""
    own = (
        ("10/QĐ-UBND", D(2023, 1, 10), "Quyết định",
         "việc ban hành Kế hoạch cải cách hành chính năm 2023 của phường", CD, "plan"),
        ("19/KH-UBND", D(2023, 3, 2), "Kế hoạch", "tuyên truyền cải cách hành chính năm 2023", TT, "comm"),
        ("10/KH-UBND", D(2023, 2, 16), "Kế hoạch",
         "theo dõi tình hình thi hành pháp luật trên địa bàn phường năm 2023", THC, "inst1"),
        ("07/KH-UBND", D(2023, 2, 15), "Kế hoạch",
         "việc triển khai công tác thi hành pháp luật về xử lý vi phạm hành chính năm 2023", THC, "inst2"),
        ("01/KH-UBND", D(2023, 1, 5), "Kế hoạch", "kiểm tra, rà soát văn bản QPPL của HĐND, UBND năm 2023",
         THC, "inst3"),
        ("24/QĐ-UBND", D(2023, 3, 1), "Quyết định",
         "hoạt động kiểm soát thủ tục hành chính trên địa bàn phường năm 2023", TTHC, "tthc"),
        ("10/QĐ-UBND", D(2022, 1, 6), "Quyết định",
         "việc ban hành quy chế chi tiêu nội bộ, quản lý sử dụng tài sản công giai đoạn 2021-2025 phường "
         "Nguyễn Nghiêm", TCC, "finance"),
        ("17/KH-UBND", D(2023, 3, 1), "Kế hoạch", "ứng dụng phát triển công nghệ thông tin năm 2023", CQS, "it"),
        ("08/KH-UBND", D(2023, 2, 16), "Kế hoạch",
         "duy trì ứng dụng, cải tiến hệ thống quản lý chất lượng theo TCVN ISO 9001:2015", ISO, "iso"),
        ("12/QĐ-UBND", D(2023, 1, 12), "Quyết định", "việc giao dự toán thu, chi ngân sách năm 2023", TCC, ""),
        ("21/KH-UBND", D(2023, 3, 6), "Kế hoạch", "đào tạo, bồi dưỡng cán bộ, công chức năm 2023", DN, ""),
        ("25/KH-UBND", D(2023, 3, 20), "Kế hoạch", "kiểm tra công tác cải cách hành chính năm 2023", CD, ""),
        ("31/KH-UBND", D(2023, 4, 10), "Kế hoạch",
         "khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước "
         "năm 2023", TTHC, ""),
        ("45/QĐ-UBND", D(2023, 3, 15), "Quyết định",
         "kiện toàn Bộ phận Tiếp nhận và Trả kết quả theo cơ chế một cửa, một cửa liên thông của phường",
         TTHC, ""),
        ("38/KH-UBND", D(2023, 5, 5), "Kế hoạch",
         "triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử (Đề án 06) "
         "năm 2023", CQS, ""),
    )
    docs = [Doc(n, d, t, s, None, a, False, r) for n, d, t, s, a, r in own]
    docs.append(Doc("01/2023/QĐ-UBND", D(2023, 6, 23), "Quyết định",
                    "ban hành Quy chế thực hiện dân chủ ở cơ sở phường Nguyễn Nghiêm", None, THC, True, "qppl"))
    docs.append(Doc("112/KH-UBND", D(2023, 1, 6), "Kế hoạch", "cải cách hành chính năm 2023 của thị xã Đức Phổ",
                    TOWN, CD, False, "town"))
    docs.append(province_plan(2023))
    return sorted(EXTERNAL + tuple(docs), key=lambda d: (d.date, d.number))


# (type, symbol, subject, area, role, month range) of what a unit issues every year.
YEARLY = (
    ("Quyết định", "QĐ-UBND", "việc ban hành Kế hoạch cải cách hành chính năm {y} của {u}", CD, "plan", (1, 1)),
    ("Quyết định", "QĐ-UBND", "việc giao dự toán thu, chi ngân sách năm {y}", TCC, "", (1, 1)),
    ("Kế hoạch", "KH-UBND", "kiểm tra, rà soát văn bản quy phạm pháp luật năm {y}", THC, "inst3", (1, 2)),
    ("Kế hoạch", "KH-UBND", "theo dõi tình hình thi hành pháp luật trên địa bàn {u} năm {y}", THC, "inst1",
     (1, 2)),
    ("Kế hoạch", "KH-UBND", "tuyên truyền cải cách hành chính năm {y}", TT, "comm", (2, 3)),
    ("Kế hoạch", "KH-UBND", "kiểm soát thủ tục hành chính năm {y}", TTHC, "tthc", (2, 3)),
    ("Kế hoạch", "KH-UBND", "duy trì, cải tiến hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 năm {y}",
     ISO, "iso", (2, 3)),
    ("Kế hoạch", "KH-UBND", "ứng dụng công nghệ thông tin, chuyển đổi số năm {y}", CQS, "it", (2, 4)),
    ("Kế hoạch", "KH-UBND", "đào tạo, bồi dưỡng cán bộ, công chức năm {y}", DN, "", (3, 4)),
    ("Kế hoạch", "KH-UBND", "kiểm tra công tác cải cách hành chính năm {y}", CD, "", (3, 5)),
    ("Kế hoạch", "KH-UBND", "khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan "
     "hành chính nhà nước năm {y}", TTHC, "", (4, 6)),
    ("Báo cáo", "BC-UBND", "kết quả thực hiện cải cách hành chính 6 tháng đầu năm {y}", CD, "", (6, 6)),
)
QPPL_SUBJECTS = {
    2023: "ban hành Quy chế thực hiện dân chủ ở cơ sở {u}",
    2024: "ban hành Quy định quản lý, sử dụng nhà văn hóa {v} trên địa bàn {u}",
}
TOWN_PLAN = {2023: ("112/KH-UBND", D(2023, 1, 6)), 2024: ("08/KH-UBND", D(2024, 1, 9))}
# The province's yearly CCHC plan: it sets the targets the reports compare with (params `targets`).
PROVINCE_PLAN = {2023: ("05/KH-UBND", D(2023, 1, 4)), 2024: ("03/KH-UBND", D(2024, 1, 5)),
                 2025: ("02/KH-UBND", D(2025, 1, 3))}  # 2025: synthetic (data/README.md)


def province_plan(year: int) -> Doc:
    number, day = PROVINCE_PLAN[year]
    return Doc(number, day, "Kế hoạch", f"cải cách hành chính năm {year} trên địa bàn tỉnh Quảng Ngãi", PROV, CD,
               False, "province_plan")


def _day(rng: random.Random, year: int, months: tuple[int, int]) -> dt.date:
    m = rng.randint(*months)
    return add_working_days(D(year, m, 1), rng.randint(1, 18))


def yearly_documents(rng: random.Random, year: int, unit_name: str, kind: str, qppl: bool,
                     first_month: int = 1) -> list[Doc]:
    """A year's documents of an ordinary unit, numbered per symbol in date order. A unit formed
    during the year (`first_month` > 1) issues its plans from that month on, under the province."""
    u = f"{kind} {unit_name}" if rng.random() < 0.5 else kind
    shift = first_month - 1
    items = [(t, sym, subj.format(y=year, u=u), area, role,
              _day(rng, year, (min(months[0] + shift, 12), min(months[1] + shift, 12))))
             for t, sym, subj, area, role, months in YEARLY
             if (role or rng.random() < 0.7) and not (shift and sym == "BC-UBND")]
    items.sort(key=lambda it: it[5])
    counters: dict[str, int] = {}
    docs = []
    rate = {"QĐ-UBND": rng.uniform(0.25, 0.45), "KH-UBND": rng.uniform(0.12, 0.2), "BC-UBND": 0.5}
    for t, sym, subj, area, role, day in items:
        n = max(counters.get(sym, 0) + 1, int(day.timetuple().tm_yday * rate[sym]))
        counters[sym] = n
        docs.append(Doc(f"{n:02d}/{sym}", day, t, subj, None, area, False, role))
    if qppl:
        day = _day(rng, year, (5, 9))
        village = RESIDENTIAL_GROUPS[kind]
        docs.append(Doc(f"01/{year}/QĐ-UBND", day, "Quyết định",
                        QPPL_SUBJECTS[year].format(u=f"{kind} {unit_name}", v=village), None, THC, True, "qppl"))
    finance_year = 2022 if not shift else year
    finance_months = (1, 1) if not shift else (first_month, first_month)
    docs.append(Doc(f"{rng.randint(3, 15):02d}/QĐ-UBND", _day(rng, finance_year, finance_months), "Quyết định",
                    f"việc ban hành Quy chế chi tiêu nội bộ, quản lý và sử dụng tài sản công "
                    f"{'giai đoạn 2021-2025 ' if not shift else ''}của {kind} {unit_name}", None, TCC, False,
                    "finance"))
    if year in TOWN_PLAN:
        number, day = TOWN_PLAN[year]
        docs.append(Doc(number, day, "Kế hoạch", f"cải cách hành chính năm {year} của thị xã Đức Phổ", TOWN, CD,
                        False, "town"))
    docs.append(province_plan(year))
    return sorted(list(EXTERNAL) + docs, key=lambda d: (d.date, d.number))


def placeholder(doc: Doc, docs: list[Doc]) -> str:
    """How the narrative cites `doc`: by number, with the date when the number recurs in the register."""
    if sum(d.number == doc.number for d in docs) > 1:
        return f"{{vb:{doc.number}@{doc.date.isoformat()}}}"
    return f"{{vb:{doc.number}}}"
