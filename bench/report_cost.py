"""The library's own cost per report: load and validate the inputs, then every figure, sentence,
table and check a report prints (charts and notebook kernels left out). Run it against two
checkouts in one sitting to compare (bench/README.md, "Library cost per report"):

    CCHC_ROOT=<checkout> PYTHONPATH=<checkout>/lib .venv/bin/python bench/report_cost.py
"""
from __future__ import annotations

import time

import matplotlib

matplotlib.use("Agg")

import cchc  # noqa: E402

UNITS = [("phuong-nguyen-nghiem", 2023), ("phuong-nguyen-nghiem", 2024), ("xa-pho-an", 2024),
         ("phuong-pho-hoa", 2023), ("xa-pho-thuan", 2024)]
METHODS = ["intro", "complaints_prose", "tthc_heading", "tthc_prose", "table_ii06a", "organisation_prose",
           "staff_prose", "finance_prose", "e_gov_prose", "iso_prose", "qppl_prose", "findings",
           "heading_directions", "checks_table", "document_header", "headline"]


# Each report starts with no register read (the process cache of typed registers, when the checkout
# has one, is emptied): only what one report reads twice is shared, as in a build of one report.
try:
    from cchc.load import clear_register_cache as _clear
except ImportError:  # a checkout from before the cache
    def _clear() -> None:
        pass


def once() -> float:
    t0 = time.perf_counter()
    for unit, year in UNITS:
        _clear()
        report = cchc.report(unit, year)
        for name in METHODS:
            getattr(report, name)()
        report.documents_prose("tthc", cited_in="procedures")
    return time.perf_counter() - t0


if __name__ == "__main__":
    once()  # imports and caches warm
    best = min(once() for _ in range(5))
    print(f"{best / len(UNITS) * 1000:.0f} ms per report (best of 5, {len(UNITS)} reports)")
