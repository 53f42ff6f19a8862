"""cchc: reproducible reports of administrative reform (cải cách hành chính) for wards and communes.

What a section notebook needs: `cchc.report(unit, period)` (a period id such as "2024-q1", or an
int year for the annual report) and `cchc.show(...)`; the loader is `cchc.load.load(slug, period)`.
Imports are lazy so that the command line (`cchc build` with nothing to do) starts in a fraction of a second.
"""
from __future__ import annotations

__all__ = ["report", "show"]


def __getattr__(name: str):
    if name == "report":
        from .unit_report import report
        return report
    if name == "show":
        from .display import show
        return show
    raise AttributeError(f"module 'cchc' has no attribute {name!r}")
