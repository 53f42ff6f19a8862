"""Benchmark: time and peak memory of one report over a very large dossier register (issue 10, item 5).

For each case a scratch project is made in a temporary folder (a copy of the checkout's params/ and
data/, as bench/run.py does), and the dossier register `data/<year>/<unit>/ho-so.csv` of one unit
is replaced by a generated one:

  1m        1 000 000 rows (185 MiB); the scratch project sets max_register_mb: 256 (new code);
  at-limit  as many rows as make the default size limit (readers.DEFAULT_MAX_REGISTER_MB: 128 MiB,
            about 690 000 rows), default limit: what a project that sets nothing may have to build;
  1gb       as many rows as make 1 GiB (about 5.5 million), default limit.

The rows are the sample generator's own rows of that unit-year (lib/cchc/sample: realistic names,
channels, dates, statuses and flags, every row valid), repeated with a unique `Mã hồ sơ` each, so
the report builds and its figures are those of a large ward. Then, under `/usr/bin/time -v` and a
sampler of the whole process tree (bench/scale.py's TreeSampler: every --interval s, the sum of
VmRSS and of PSS over the processes under the command, and each process's VmHWM):

  validate  `cchc validate --unit U --period P`
  build     `cchc build --no-progress --unit U --period P` (default engine and jobs)

Reported per step: wall time, the exit status, `time -v`'s maximum RSS (the largest single process
the command waited for), the peak of the tree's RSS sum and of its PSS sum (forked notebook
processes share the template's pages: PSS counts them once, RSS once per process), and the
largest VmHWM per role. "Peak memory of the build" below means the peak tree PSS sum; the RSS sum
is printed beside it. A step whose tree passes --stop-mb (RSS sum) is stopped (its process group
killed) and reported as such, so the old code's 10 GB case cannot take the machine down.

The register size limit: with code that has the `max_register_mb` project setting, the scratch
project's cchc-project.yaml gets `max_register_mb: N` when --limit-mb N is given (for every case),
else 256 for the 1m case and nothing for the others (the default applies, and a register above it
is refused before reading: the step says so). With older
code (the hard-coded readers.MAX_TABLE_BYTES = 64 MB, which refuses a 190 MB register), the
snapshot's constant is raised to --limit-mb (default 4096) so the old reader can be measured at all.

The code is a snapshot (bench/run.py's Bench), the temporary folder is deleted unless --keep.
Nothing is written into the checkout. The three cases take about 5 minutes with the current code
on the 2-core machine (1m about 3, at-limit 1.5, 1gb refused in seconds); the old reader takes
longer (1m about 4 minutes, 1gb stopped at --stop-mb after about 2 minutes per step).

Usage: .venv/bin/python bench/memory.py [--cases 1m,at-limit,1gb] [--unit SLUG] [--period ID]
                                        [--limit-mb N] [--steps validate,build] [--stop-mb 9000]
                                        [--interval 0.2] [--live] [--json FILE] [--keep]
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as benchrun  # noqa: E402  (bench/run.py: Bench, Meter, machine(), emit(), log)
import scale  # noqa: E402  (bench/scale.py: TreeSampler, parse_time_v)

from run import BIN, REPO, Meter, loadavg, log  # noqa: E402

GIB = 1 << 30
CASES = {"1m": ("rows", 1_000_000), "1gb": ("size", GIB), "at-limit": ("size", None)}
LIMIT_1M = 256  # max_register_mb the 1m case sets (new code): its 185 MB are above the default
OLD_LIMIT = "MAX_TABLE_BYTES = 64 * 1024 * 1024"


def make_register(source: Path, target: Path, rows: int | None = None, size: int | None = None) -> dict:
    """Write `target`: the header of `source`, then its rows over and over, each copy's codes made
    unique by a suffix, until `rows` rows or `size` bytes. Returns rows, bytes, seconds."""
    t = time.perf_counter()
    lines = source.read_bytes().splitlines(keepends=True)
    header, body = lines[0], [line for line in lines[1:] if line.strip()]
    split = [line.split(b",", 1) for line in body]  # the code is the first, unquoted cell
    written = n = 0
    with open(target, "wb") as f:
        f.write(header)
        written = len(header)
        copy = 0
        while True:
            suffix = b"-%05d" % copy
            block = b"".join(code + suffix + b"," + rest for code, rest in split)
            if rows is not None and n + len(split) > rows:
                block = b"".join(code + suffix + b"," + rest for code, rest in split[:rows - n])
            elif size is not None and written + len(block) > size:
                per_row = len(block) / len(split)
                block = b"".join(code + suffix + b"," + rest
                                 for code, rest in split[:max(1, int((size - written) / per_row))])
            f.write(block)
            written += len(block)
            n += block.count(b"\n")
            copy += 1
            if (rows is not None and n >= rows) or (size is not None and written >= size - 400):
                break
    return {"rows": n, "bytes": written, "seconds": round(time.perf_counter() - t, 1)}


class StoppingSampler(scale.TreeSampler):
    """The tree sampler, which also kills the step's process group once the RSS sum passes `stop_kb`."""

    def __init__(self, root: int, interval: float, stop_kb: int, pgid: int):
        super().__init__(root, interval)
        self.stop_kb, self.pgid, self.stopped = stop_kb, pgid, False

    def sample(self) -> None:
        super().sample()
        if self.peak_rss > self.stop_kb and not self.stopped:
            self.stopped = True
            os.killpg(self.pgid, signal.SIGKILL)


def step(bench: benchrun.Bench, root: Path, label: str, args: list[str], interval: float, stop_mb: int) -> dict:
    env = bench.env_with(CCHC_ROOT=str(root), CCHC_OUTPUT=str(root / "output"))
    timefile = root.parent / f"time-{label}.txt"
    cmd = ["/usr/bin/time", "-v", "-o", str(timefile), str(BIN / "cchc"), *args]
    log(f"{label}: {' '.join(cmd[4:])} (load {loadavg()})")
    with open(bench.logfile, "ab") as f, Meter() as m:
        f.write(f"\n===== {label} =====\n".encode())
        f.flush()
        proc = subprocess.Popen(cmd, cwd=bench.code, env=env, stdout=f, stderr=subprocess.STDOUT,
                                start_new_session=True)
        with StoppingSampler(proc.pid, interval, int(stop_mb * scale.MB), proc.pid) as sampler:
            while proc.poll() is None:
                time.sleep(0.1)
    tree = sampler.summary()
    tree.pop("series", None)
    res = {"step": label, **m.summary(), "exit": proc.returncode, "stopped_at_mb": stop_mb if sampler.stopped else None,
           "time_v": scale.parse_time_v(timefile.read_text()) if timefile.is_file() else {}, "tree": tree}
    tail = bench.logfile.read_text(encoding="utf-8", errors="replace").rsplit("=====", 1)[-1].strip().splitlines()
    res["last_lines"] = tail[-4:]
    log(f"{label}: {m.line()}; exit {proc.returncode}{' (STOPPED)' if sampler.stopped else ''}; "
        f"max RSS (time -v) {res['time_v'].get('maxrss_mb', 0):.0f} MB; peak tree RSS "
        f"{tree['peak_tree_rss_mb']:.0f} MB, PSS {tree['peak_tree_pss_mb']:.0f} MB")
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", default="1m,at-limit,1gb", help="which registers: 1m, at-limit, 1gb (default all)")
    ap.add_argument("--unit", default="phuong-nguyen-nghiem", help="the unit whose register is replaced")
    ap.add_argument("--period", default="2024", help="the report built (its end year's register is replaced)")
    ap.add_argument("--steps", default="validate,build", help="validate, build (default both)")
    ap.add_argument("--limit-mb", type=int, help="max_register_mb for the scratch project (new code); the "
                                                 "old code's constant is raised to this (default 4096)")
    ap.add_argument("--stop-mb", type=int, default=9000, help="stop a step whose tree RSS passes this (9000 MB)")
    ap.add_argument("--interval", type=float, default=0.2, help="/proc sampling interval (0.2 s)")
    ap.add_argument("--live", action="store_true", help="use the checkout's code, not a snapshot")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    if not set(cases) <= set(CASES) or not set(steps) <= {"validate", "build"}:
        ap.error("--cases from 1m,at-limit,1gb; --steps from validate,build")
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("needs /usr/bin/time (GNU time)")

    info = benchrun.machine()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-memory-"))
    res: dict = {"machine": info, "unit": args.unit, "period": args.period, "load_start": loadavg(),
                 "snapshot": not args.live, "cases": []}
    try:
        bench = benchrun.Bench(tmp, args.live)
        readers = bench.code / "lib" / "cchc" / "readers.py"
        has_setting = "max_register_mb" in (bench.code / "lib" / "cchc" / "project.py").read_text(encoding="utf-8")
        if not has_setting:
            if args.live:
                sys.exit("the old code needs its limit raised in a snapshot: run without --live")
            limit = (args.limit_mb or 4096) * 1024 * 1024
            text = readers.read_text(encoding="utf-8")
            if OLD_LIMIT not in text:
                sys.exit(f"neither the max_register_mb setting nor «{OLD_LIMIT}» found in {readers}")
            readers.write_text(text.replace(OLD_LIMIT, f"MAX_TABLE_BYTES = {limit}"), encoding="utf-8")
        res["limit"] = (f"max_register_mb: {args.limit_mb}" if has_setting and args.limit_mb else
                        f"project default; the 1m case sets max_register_mb: {LIMIT_1M}" if has_setting else
                        f"old code, readers.MAX_TABLE_BYTES raised to {args.limit_mb or 4096} MB")
        sys.path.insert(0, str(bench.code / "lib"))
        os.environ["CCHC_ROOT"] = str(REPO)
        from cchc.period import parse_id
        from cchc.project import calendar
        year = parse_id(args.period, calendar()).end.year
        log(f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, commit {info['commit']}; "
            f"{res['limit']}; load {loadavg()}")
        for case in cases:
            root = tmp / case
            shutil.copytree(REPO / "params", root / "params")
            shutil.copytree(REPO / "data", root / "data")
            marker = root / "cchc-project.yaml"
            shutil.copy2(REPO / "cchc-project.yaml", marker)
            setting = args.limit_mb or (LIMIT_1M if case == "1m" else None)
            if has_setting and setting:
                with open(marker, "a", encoding="utf-8") as f:
                    f.write(f"\nmax_register_mb: {setting}\n")
            register = root / "data" / str(year) / args.unit / "ho-so.csv"
            kind, amount = CASES[case]
            if case == "at-limit":
                if not has_setting:
                    sys.exit("--cases at-limit: the old code has no default limit to fill")
                from cchc.readers import DEFAULT_MAX_REGISTER_MB
                amount = DEFAULT_MAX_REGISTER_MB * 1024 * 1024 - 4096
            source = tmp / "ho-so.source.csv"
            shutil.copy2(register, source)
            made = make_register(source, register, **{kind: amount})
            log(f"{case}: {register.relative_to(root)}: {made['rows']:,} rows, {made['bytes'] / 2**20:.0f} MiB "
                f"in {made['seconds']} s")
            out = {"case": case, "register": made, "steps": []}
            for s in steps:
                argv = ["validate"] if s == "validate" else ["build", "--no-progress"]
                out["steps"].append(step(bench, root, f"{case} {s}", argv + ["--unit", args.unit, "--period",
                                                                              args.period],
                                         args.interval, args.stop_mb))
            if s == "build":
                html = list((root / "output").glob(f"{args.period}/{args.unit}/bao-cao-cchc-*.html"))
                out["report_html"] = bool(html)
            res["cases"].append(out)
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        res["load_end"] = loadavg()
    finally:
        benchrun.cleanup(tmp, args.keep)
    return benchrun.emit(res, report, args.json)


def report(res: dict) -> None:
    benchrun.print_machine(res, f"{res['limit']}; ")
    print()
    print(f"{'step':<14} {'rows':>10} {'MiB':>6} {'wall s':>8} {'exit':>5} {'maxRSS time-v':>13} "
          f"{'tree RSS':>9} {'tree PSS':>9} {'orch HWM':>9} {'child HWM':>9}  note")
    for case in res["cases"]:
        reg = case["register"]
        for s in case["steps"]:
            t, h = s["tree"], s["tree"]["hwm_mb"]
            note = f"stopped above {s['stopped_at_mb']} MB" if s["stopped_at_mb"] else (
                "" if s["exit"] == 0 else (s["last_lines"][-1][:90] if s["last_lines"] else ""))
            print(f"{s['step']:<14} {reg['rows']:>10,} {reg['bytes'] / 2**20:6.0f} {s['wall']:8.1f} {s['exit']:>5} "
                  f"{s['time_v'].get('maxrss_mb', 0):11.0f}MB {t['peak_tree_rss_mb']:7.0f}MB "
                  f"{t['peak_tree_pss_mb']:7.0f}MB {h['orchestrator']:7.0f}MB {h['notebook']:7.0f}MB  {note}")
    print("(tree RSS / PSS: peak of the per-sample sums over every process of the step; orch HWM: the cchc "
          "process's own peak; child HWM: the largest notebook process seen)")


if __name__ == "__main__":
    sys.exit(main())
