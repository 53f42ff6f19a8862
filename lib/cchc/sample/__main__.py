"""python -m cchc.sample [--out DIR] [--units N] [--years 2023 2024]"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .. import paths
from . import YEARS, generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cchc.sample",
                                 description="Write the deterministic sample data (params/ and data/).")
    ap.add_argument("--out", type=Path, default=None,
                    help="project folder to write into (default: the project root)")
    ap.add_argument("--units", type=int, default=None, metavar="N",
                    help="a synthetic province of N communes instead of thị xã Đức Phổ")
    ap.add_argument("--years", type=int, nargs="+", default=list(YEARS), help="report years")
    args = ap.parse_args(argv)
    out = args.out or paths.project_root()
    t0 = time.perf_counter()
    try:
        files = generate(out, years=args.years, synthetic_units=args.units)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{len(files)} files written under {out} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
