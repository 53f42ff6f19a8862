"""A report period that knows its kind, its dates, its Vietnamese names and its comparators.

Kinds (design.md, "Reporting regime"): năm, 6 tháng, 9 tháng, quý I–IV, tháng, and a custom range.
Periods of a kind are cut from a calendar whose periods start on `start_day` of a month: 1 for
calendar months, 15 for the Bộ Nội vụ cut-offs (quý I = 15/12 of the previous year – 14/3), 21 for
provinces that close on the 20th. A period named for a month or year ends in that month or year:
BNV's "năm 2024" runs 15/12/2023 – 14/12/2024.

Every sentence that names a time span asks the Period (`opening`, `name`, `next_name`,
`range_text`); nothing else in the library writes "năm {year}".

A period has a readable **id** (`Period.id`), the name of its params folder, its output folder and
what `cchc build --period` takes: `2024` (năm), `2024-6t`, `2024-9t`, `2024-q1` … `2024-q4`,
`2024-08` (tháng), `2025-07-01_2025-10-31` (tùy chọn). `parse_id(text, calendar)` is the one
parser of that grammar; the `Calendar` (the project's `cutoff_calendar` and `monthly_cutoff_day`)
gives the dates of an id.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

# kind -> (first month, last month) of the span it names, within its year.
SPANS = {
    "nam": (1, 12), "6t": (1, 6), "9t": (1, 9),
    "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12),
}
KINDS = (*SPANS, "thang", "tuy-chon")
KIND_NAMES = {  # as the kind is called in messages and the index
    "nam": "năm", "6t": "6 tháng", "9t": "9 tháng", "q1": "quý I", "q2": "quý II", "q3": "quý III",
    "q4": "quý IV", "thang": "tháng", "tuy-chon": "khoảng thời gian tùy chọn",
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
START_DAYS = (1, 15, 21)  # calendars a period is recognised in, when its kind is not given
# Kinds that follow one another and may be compared with the period before: the four quarters are
# one family (quý), the months another; every other kind is a family of its own.
FAMILIES = {"q1": "quy", "q2": "quy", "q3": "quy", "q4": "quy"}
FAMILY_NAMES = {"quy": "quý"}

# Named cut-off calendars (cchc-project.yaml `cutoff_calendar`) -> the start day of their periods.
CALENDARS = {"bnv": 15, "lich": 1}
MAX_START_DAY = 28  # a start day every month has

ID_FORMS = ("2024 (năm), 2024-6t (6 tháng), 2024-9t (9 tháng), 2024-q1 … 2024-q4 (quý), 2024-08 (tháng), "
            "2025-07-01_2025-10-31 (khoảng thời gian tùy chọn, từ ngày đến ngày)")
_ID_RE = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<span>6t|9t|q[1-4])|-(?P<month>0[1-9]|1[0-2]))?", re.ASCII)
_CUSTOM_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})_([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
YEARS = (1900, 2100)  # a year outside this range is a typo


def _fmt_date(d: date) -> str:
    from .fmt import date_citation
    return date_citation(d)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _bounds(year: int, first: int, last: int, start_day: int) -> tuple[date, date]:
    """Months first..last of `year` in a calendar whose periods start on `start_day`."""
    if start_day == 1:
        return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    y0, m0 = _add_months(year, first, -1)
    return date(y0, m0, start_day), date(year, last, start_day - 1)


def _shift_year(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@dataclass(frozen=True)
class Period:
    """`Period(start, end)` recognises its kind from the dates (a calendar period of any of
    START_DAYS; from 1 January to November or December is the year, as annual reports close
    their figures early in December); `Period.of(kind, year, ...)` builds one from its kind."""
    start: date
    end: date
    kind: str = ""  # one of KINDS; "" = recognise from the dates
    start_day: int = field(default=0, compare=False)  # calendar; 0 = recognise

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"kỳ báo cáo kết thúc ({self.end}) trước khi bắt đầu ({self.start})")
        if not self.kind:
            kind, start_day = _recognise(self.start, self.end)
            object.__setattr__(self, "kind", kind)
            object.__setattr__(self, "start_day", start_day)
        elif self.kind not in KINDS:
            raise ValueError(f"loại kỳ báo cáo «{self.kind}» không hợp lệ; cần một trong: {', '.join(KINDS)}")
        elif not self.start_day:
            object.__setattr__(self, "start_day", self.start.day if self.start.day in START_DAYS else 1)

    @classmethod
    def of(cls, kind: str, year: int, month: int | None = None, start_day: int = 15) -> "Period":
        """The period of `kind` in `year` (and `month` for "thang") in the calendar of `start_day`."""
        if kind == "thang":
            if not month or not 1 <= month <= 12:
                raise ValueError("kỳ báo cáo tháng cần số tháng 1–12")
            start, end = _bounds(year, month, month, start_day)
        elif kind in SPANS:
            start, end = _bounds(year, *SPANS[kind], start_day)
        else:
            raise ValueError(f"loại kỳ báo cáo «{kind}» không dựng được từ năm; cần một trong: "
                             f"{', '.join(k for k in KINDS if k != 'tuy-chon')}")
        return cls(start, end, kind, start_day)

    # ---- facts -----------------------------------------------------------------------------------
    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def year(self) -> int:
        """The year the period is named for (its end's: BNV's 2024 starts on 15/12/2023)."""
        return self.end.year

    @property
    def month(self) -> int | None:
        return self.end.month if self.kind == "thang" else None

    @property
    def id(self) -> str:
        """A readable id for paths and the command line: 2024, 2024-6t, 2024-q1, 2024-08,
        2025-07-01_2025-10-31."""
        if self.kind == "nam":
            return str(self.year)
        if self.kind == "thang":
            return f"{self.year}-{self.month:02d}"
        if self.kind == "tuy-chon":
            return f"{self.start.isoformat()}_{self.end.isoformat()}"
        return f"{self.year}-{self.kind}"

    @property
    def family(self) -> str:
        """The kind as comparisons see it: "quy" for the four quarters, else the kind itself."""
        return FAMILIES.get(self.kind, self.kind)

    @property
    def sort_key(self) -> tuple:
        """Chronological: by end, a shorter period first when two end on one day (tháng 12 before
        the year), then by id."""
        return (self.end, self.days, self.id)

    # ---- names -----------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """"năm 2023", "6 tháng đầu năm 2024", "quý I năm 2024", "tháng 8 năm 2023",
        "từ ngày 01/7/2025 đến ngày 31/10/2025"."""
        return _name(self.kind, self.year, self.month, self.start, self.end)

    @property
    def opening(self) -> str:
        """How a sentence opens on the period: "Trong năm 2023", "Trong quý I năm 2024",
        "Từ đầu năm 2023 đến ngày 15/8/2023", "Từ ngày 01/7/2023 đến ngày 31/12/2023"."""
        if self.kind != "tuy-chon":
            return f"Trong {self.name}"
        if (self.start.month, self.start.day) == (1, 1):
            return f"Từ đầu năm {self.start.year} đến ngày {_fmt_date(self.end)}"
        return f"Từ ngày {_fmt_date(self.start)} đến ngày {_fmt_date(self.end)}"

    @property
    def range_text(self) -> str:
        """"01/01/2023 – 06/12/2023"."""
        from .fmt import date_short
        return f"{date_short(self.start)} – {date_short(self.end)}"

    @property
    def results_heading(self) -> str:
        """The heading over the TTHC results, the period named once with its dates:
        "Kết quả giải quyết TTHC từ đầu năm đến nay (01/01/2023 – 06/12/2023)" for a year that starts
        on 1 January (the seed's wording); "… năm 2024 (15/12/2023 – 14/12/2024)" for a year cut off
        mid-December, which does not start at the beginning of its year; "… quý I năm 2024
        (15/12/2023 – 14/03/2024)"; a custom range is its dates already: "… từ ngày 01/7/2025 đến
        ngày 31/10/2025"."""
        if self.kind == "tuy-chon":
            return f"Kết quả giải quyết TTHC {self.name}"
        if self.kind == "nam" and (self.start.month, self.start.day) == (1, 1):
            return f"Kết quả giải quyết TTHC từ đầu năm đến nay ({self.range_text})"
        return f"Kết quả giải quyết TTHC {self.name} ({self.range_text})"

    @property
    def next_name(self) -> str:
        """The period the directions are for: năm → năm sau, 6 tháng đầu → 6 tháng cuối năm,
        9 tháng → quý IV, quý → quý sau, tháng → tháng sau; a custom range → "thời gian tới"."""
        k, y = self.kind, self.year
        if k == "6t":
            return f"6 tháng cuối năm {y}"
        if k == "tuy-chon":
            return "thời gian tới"
        if k == "thang":
            ny, nm = _add_months(y, self.month, 1)
            return _name("thang", ny, nm, self.start, self.end)
        following = {"nam": ("nam", y + 1), "9t": ("q4", y), "q1": ("q2", y), "q2": ("q3", y), "q3": ("q4", y),
                     "q4": ("q1", y + 1)}
        return _name(*following[k], None, self.start, self.end)

    # ---- comparators -----------------------------------------------------------------------------
    def same_last_year(self) -> "Period":
        """The same period a year earlier (cùng kỳ), of the same kind."""
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1), self.kind, self.start_day)

    def previous(self) -> "Period | None":
        """The period just before, for months and quarters (never a month against a year)."""
        if self.kind == "thang":
            y, m = _add_months(self.year, self.month, -1)
            return Period.of("thang", y, m, self.start_day)
        if self.kind in ("q2", "q3", "q4"):
            return Period.of(f"q{int(self.kind[1]) - 1}", self.year, start_day=self.start_day)
        if self.kind == "q1":
            return Period.of("q4", self.year - 1, start_day=self.start_day)
        return None

    def comparable_with(self, other: "Period") -> bool:
        """Figures of two periods may be compared only when the periods are of one kind (the four
        quarters count as one: quý II is compared with quý I); never a month with a year."""
        return other is not None and self.family == other.family

    def following(self) -> "Period | None":
        """The next period of the same kind, for the next report (`cchc new`): tháng → the next
        month, quý → the next quarter, năm, 6 tháng, 9 tháng → the same span a year later; a custom
        range has none."""
        if self.kind == "thang":
            y, m = _add_months(self.year, self.month, 1)
            return Period.of("thang", y, m, self.start_day)
        if self.kind in ("q1", "q2", "q3"):
            return Period.of(f"q{int(self.kind[1]) + 1}", self.year, start_day=self.start_day)
        if self.kind == "q4":
            return Period.of("q1", self.year + 1, start_day=self.start_day)
        if self.kind in ("nam", "6t", "9t"):
            return Period.of(self.kind, self.year + 1, start_day=self.start_day)
        return None


@dataclass(frozen=True)
class Calendar:
    """The project's cut-off calendar: periods start on `start_day` of a month (15: the Bộ Nội vụ
    cut-offs, năm 2024 = 15/12/2023 – 14/12/2024; 1: calendar periods) and monthly periods on
    `monthly_start_day` (0: the same day; 21 = from the 21st to the 20th)."""
    start_day: int = CALENDARS["bnv"]
    monthly_start_day: int = 0

    def __post_init__(self):
        for name, day in (("start_day", self.start_day), ("monthly_start_day", self.monthly_start_day)):
            if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= MAX_START_DAY \
                    or (day == 0 and name == "start_day"):
                raise ValueError(f"ngày bắt đầu kỳ ({name}) phải là số nguyên từ 1 đến {MAX_START_DAY}; "
                                 f"nhận được «{day}»")

    @property
    def month_start_day(self) -> int:
        return self.monthly_start_day or self.start_day

    @classmethod
    def from_settings(cls, settings) -> "Calendar":
        """From the project's settings (`cchc.project.Settings`): `cutoff_calendar` (bnv, the
        default, or lich) and `monthly_cutoff_day` (default: the calendar's start day)."""
        name = getattr(settings, "cutoff_calendar", None) or "bnv"
        if name not in CALENDARS:
            raise ValueError(f"lịch chốt số liệu «{name}» không có; chọn một trong: {', '.join(CALENDARS)}")
        monthly = getattr(settings, "monthly_cutoff_day", None)
        return cls(CALENDARS[name], int(monthly) if monthly else 0)

    def period(self, kind: str, year: int, month: int | None = None) -> "Period":
        """The period of `kind` in `year` (and `month` for tháng) in this calendar."""
        day = self.month_start_day if kind == "thang" else self.start_day
        return Period.of(kind, year, month, day)


def parse_id(text, calendar: Calendar | None = None) -> Period:
    """The period a period id names, with the dates of `calendar` (default: the BNV cut-offs).

    `2024` (an int too), `2024-6t`, `2024-9t`, `2024-q1` … `2024-q4`, `2024-08`,
    `2025-07-01_2025-10-31`. Anything else: ValueError in Vietnamese naming the accepted forms.
    `parse_id(x, c).id` is x for every accepted x (the id is written one way only)."""
    calendar = calendar or Calendar()
    raw = text
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise ValueError(f"mã kỳ báo cáo «{raw}» không hợp lệ; các dạng được nhận: {ID_FORMS}")
    text = str(text).strip()
    m = _ID_RE.fullmatch(text)
    if m:
        year = int(m["year"])
        if not YEARS[0] <= year <= YEARS[1]:
            raise ValueError(f"mã kỳ báo cáo «{raw}»: năm {year} không hợp lệ (cần từ {YEARS[0]} đến {YEARS[1]})")
        if m["month"]:
            return calendar.period("thang", year, int(m["month"]))
        return calendar.period(m["span"] or "nam", year)
    m = _CUSTOM_RE.fullmatch(text)
    if m:
        n = [int(x) for x in m.groups()]
        try:
            start, end = date(n[0], n[1], n[2]), date(n[3], n[4], n[5])
        except ValueError:
            raise ValueError(f"mã kỳ báo cáo «{raw}»: ngày không có thật; viết dạng "
                             "2025-07-01_2025-10-31 (từ ngày_đến ngày)") from None
        if not (YEARS[0] <= start.year and end.year <= YEARS[1]):
            raise ValueError(f"mã kỳ báo cáo «{raw}»: năm không hợp lệ (cần từ {YEARS[0]} đến {YEARS[1]})")
        if end < start:
            raise ValueError(f"mã kỳ báo cáo «{raw}»: ngày kết thúc trước ngày bắt đầu")
        return Period(start, end, "tuy-chon", 1)
    raise ValueError(f"mã kỳ báo cáo «{raw}» không hợp lệ; các dạng được nhận: {ID_FORMS}")


def is_id(text) -> bool:
    """`text` is a period id written the one accepted way (a safe folder name)."""
    try:
        return isinstance(text, str) and parse_id(text).id == text
    except ValueError:
        return False


def _name(kind: str, year: int, month: int | None, start: date, end: date) -> str:
    if kind == "nam":
        return f"năm {year}"
    if kind == "6t":
        return f"6 tháng đầu năm {year}"
    if kind == "9t":
        return f"9 tháng đầu năm {year}"
    if kind in ("q1", "q2", "q3", "q4"):
        return f"quý {_ROMAN[int(kind[1])]} năm {year}"
    if kind == "thang":
        return f"tháng {month} năm {year}"
    return f"từ ngày {_fmt_date(start)} đến ngày {_fmt_date(end)}"


def _recognise(start: date, end: date) -> tuple[str, int]:
    """(kind, start_day) of a span given by its dates."""
    for start_day in START_DAYS:
        for kind in SPANS:
            if _bounds(end.year, *SPANS[kind], start_day) == (start, end):
                return kind, start_day
        if _bounds(end.year, end.month, end.month, start_day) == (start, end):
            return "thang", start_day
    # An annual report closes its figures before the year ends (the seed: 01/01 – 06/12).
    if (start.month, start.day) == (1, 1) and start.year == end.year and end.month >= 11:
        return "nam", 1
    return "tuy-chon", 1
