"""cchc: reproducible reports of administrative reform (cải cách hành chính) for wards and communes.

What a section notebook needs: `cchc.report(unit, year)` and `cchc.show(...)`. Imports are lazy
so that the command line (`cchc build` with nothing to do) starts in a fraction of a second.
"""
from __future__ import annotations

__all__ = ["report", "show", "load"]


def __getattr__(name: str):
    if name == "report":
        from .unit_report import report
        return report
    if name == "show":
        from .display import show
        return show
    if name == "load":
        from .load import load
        return load
    raise AttributeError(f"module 'cchc' has no attribute {name!r}")
