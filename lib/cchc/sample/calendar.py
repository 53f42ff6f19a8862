"""Working days in Việt Nam, so dates in the sample fall where an office would write them."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

D = dt.date

# Public holidays (days off, including compensatory days) by year; weekends are added by rule.
HOLIDAYS = {
    2022: [D(2022, 1, 3), *[D(2022, 1, 31) + dt.timedelta(i) for i in range(5)], D(2022, 4, 11),
           D(2022, 5, 2), D(2022, 5, 3), D(2022, 9, 1), D(2022, 9, 2)],
    2023: [D(2023, 1, 2), *[D(2023, 1, 20) + dt.timedelta(i) for i in range(7)], D(2023, 5, 1),
           D(2023, 5, 2), D(2023, 5, 3), D(2023, 9, 1), D(2023, 9, 4)],
    2024: [D(2024, 1, 1), *[D(2024, 2, 8) + dt.timedelta(i) for i in range(7)], D(2024, 4, 18),
           D(2024, 4, 29), D(2024, 4, 30), D(2024, 5, 1), D(2024, 9, 2), D(2024, 9, 3)],
    2025: [D(2025, 1, 1), *[D(2025, 1, 27) + dt.timedelta(i) for i in range(7)], D(2025, 4, 7),
           D(2025, 4, 30), D(2025, 5, 1), D(2025, 9, 1), D(2025, 9, 2)],
}
_OFF = {d for days in HOLIDAYS.values() for d in days}


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _OFF


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (n >= 0; n == 0 gives `day` itself)."""
    while n > 0:
        day += dt.timedelta(1)
        if is_working_day(day):
            n -= 1
    return day


@lru_cache(maxsize=None)
def working_days(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """Every working day from start to end, both included."""
    out, day = [], start
    while day <= end:
        if is_working_day(day):
            out.append(day)
        day += dt.timedelta(1)
    return tuple(out)
