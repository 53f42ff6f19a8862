"""Benchmark: a synthetic province of N communes, five reports a year each (issue 12, item 6).

A scratch project (never the checkout's params/ or data/) is generated with the sample generator
(`cchc.sample.generate(..., synthetic_units=N)`), its communes put under "tỉnh Mẫu" and each given
the five reports of a year: quý I, 6 tháng, quý III (BNV cut-offs), one month (tháng 8) and the
year — 5 N reports. When the consolidated reports are on this code (`cchc.consolidated`
importable), the province is added as a parent unit (`tinh-mau`) with a params file per period,
so the build also makes its consolidations.

Steps, each `cchc build --no-progress` with the default engine and jobs (= cores):
  a. cold build (empty output/);
  b. the same again, nothing changed (no-op);
  c. one register changed (a newline appended to one commune's chi-so.csv): only that commune's
     reports (and the consolidations) should re-run;
  d. with --dask: a cold build of the same inputs with `--executor dask` into a second output
     folder, compared with a: the same file set, the same cache keys, the same PDF text
     (pdftotext) and the same HTML once the build time it prints is taken out.

Measured per step: wall time; CPU time of the whole build, in core-seconds: every process of the
build's tree, its last-seen utime+stime read from /proc every 0.03 s (no rusage counts them all:
the fork engine's notebook processes are reaped by the kernel, the render workers are children of
multiprocessing's fork server, which nobody waits for); each process's last few milliseconds are
missed, so it is a slight lower bound; the waited-for descendants' rusage is printed beside it. Cost per report = cold CPU /
reports. Peak memory = the largest sum of RSS (and of PSS, which splits pages shared by the forked
processes fairly) over the build's process tree, sampled. The size of every HTML report (min,
median, max) and of the PDFs.

Usage: .venv/bin/python bench/province.py [--units 100] [--year 2024] [--dask] [--interval 0.1]
                                          [--live] [--json FILE] [--keep]
`--units 10` is a quick run (50 reports, a few minutes on 2 cores).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as benchrun  # noqa: E402  (bench/run.py: machine(), loadavg(), Bench, Meter, log)
from run import BIN, loadavg, log  # noqa: E402
from scale import TreeSampler, _cmdline  # noqa: E402

PROVINCE = "tỉnh Mẫu"
PROVINCE_SLUG = "tinh-mau"
MONTH = 8  # the one monthly report


class CpuTreeSampler(TreeSampler):
    """The scale bench's /proc sampler (memory, every `interval` s), plus a fast thread (every
    `fast` s) that keeps the last-seen CPU time (utime + stime) of every process of the build's
    tree. No rusage can count them all: the fork engine's notebook processes are reaped by the
    kernel, and the render workers are children of multiprocessing's fork server, which nobody
    waits for. It walks only the tree's own /proc/<pid>/task/*/children files, not all of /proc."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, root: int, interval: float, fast: float = 0.03):
        super().__init__(root, interval)
        self.fast = fast
        self.cpu: dict[int, float] = {}  # pid -> last-seen own CPU seconds
        self.kinds: dict[int, str] = {}  # pid -> "notebook" (a fork-engine child) or "other"
        self.fast_thread = threading.Thread(target=self._run_fast, daemon=True)

    @staticmethod
    def _children(pid: int) -> list[int]:
        out = []
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():  # a child belongs to the thread that forked it
                try:
                    out += [int(x) for x in (task / "children").read_text().split()]
                except (OSError, ValueError):
                    pass
        except OSError:
            pass
        return out

    def _own_cpu(self, pid: int) -> float | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / self.TICK  # utime, stime
        except (OSError, IndexError, ValueError):
            return None

    def _run_fast(self) -> None:
        while not self.stop.is_set():
            frontier = [(self.root, False)]
            while frontier:
                pid, zygote_child = frontier.pop()
                if pid not in self.kinds:
                    self.kinds[pid] = "notebook" if zygote_child else "other"
                cpu = self._own_cpu(pid)
                if cpu is not None and pid != self.root:  # the root is /usr/bin/time
                    self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu)
                is_zygote = "--zygote" in _cmdline(pid) if pid not in self._zygotes else True
                if is_zygote:
                    self._zygotes.add(pid)
                frontier.extend((c, is_zygote) for c in self._children(pid))
            self.stop.wait(self.fast)

    _zygotes: set[int] = set()

    def totals(self) -> dict:
        notebook = sum(v for pid, v in self.cpu.items() if self.kinds.get(pid) == "notebook")
        return {"cpu_sampled": round(sum(self.cpu.values()), 1), "cpu_notebooks": round(notebook, 1),
                "processes_seen": len(self.cpu),
                "notebook_processes_seen": sum(k == "notebook" for p, k in self.kinds.items() if p in self.cpu)}

    def __enter__(self):
        self._zygotes = set()
        self.fast_thread.start()
        return super().__enter__()

    def __exit__(self, *exc):
        super().__exit__(*exc)
        self.fast_thread.join()


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


# ---- the scratch project ----------------------------------------------------------------------------

def generate(root: Path, n: int, year: int) -> dict:
    """N communes of "tỉnh Mẫu" with five reports in `year`; the province as a parent unit when the
    consolidated reports exist. Returns what was made."""
    from cchc import sample
    from cchc.period import Period

    start_day = sample.BNV_START_DAY

    def periods(unit, y, issued_2023):
        if y != year:
            return original_periods(unit, y, issued_2023)
        out = [Period.of(k, y, start_day=start_day) for k in ("q1", "6t", "q3")]
        out += [Period.of("thang", y, MONTH, start_day), Period.of("nam", y, start_day=start_day)]
        return sorted(out, key=lambda p: (p.end, p.start))

    def synthetic(count):
        units, profiles = original_synthetic(count)
        return [dataclasses.replace(u, parent=PROVINCE, province="Mẫu") for u in units], profiles

    original_periods, original_synthetic = sample._periods, sample._synthetic
    sample._periods, sample._synthetic = periods, synthetic
    try:
        written = sample.generate(root, years=(year,), synthetic_units=n)
    finally:
        sample._periods, sample._synthetic = original_periods, original_synthetic
    from cchc.period import is_id

    params = [p for p in written if p.suffix == ".yaml" and is_id(p.parent.name)]  # params/<period-id>/<slug>.yaml
    made = {"units": n, "unit_reports": len(params), "consolidated_reports": 0}
    try:
        import cchc.consolidated  # noqa: F401  (issue 12.1; absent on older code)
    except ImportError:
        return made
    made["consolidated_reports"] = _write_parent(root, sorted({p.parent.name for p in params}))
    return made


def _write_parent(root: Path, period_ids: list[str]) -> int:
    """The province as a parent unit in units.yaml (as the sample writes tỉnh Quảng Ngãi) and its
    params for each period: a commune's number, date, basis, signatory and formula, the province's
    recipients."""
    import yaml

    units_file = root / "params" / "units.yaml"
    text = units_file.read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    doc["units"].append({"code": "99", "slug": PROVINCE_SLUG, "kind": "tỉnh", "name": "Mẫu",
                         "parent": None, "province": "Mẫu", "valid_from": dt.date(2000, 1, 1),
                         "valid_to": None, "successors": []})
    units_file.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for pid in period_ids:
        child = yaml.safe_load(next((root / "params" / pid).glob("*.yaml")).read_text(encoding="utf-8"))
        params = {k: child[k] for k in ("year", "number", "issued_on", "basis", "signatory", "on_time_formula")
                  if k in child}
        params["unit"] = PROVINCE_SLUG
        params["recipients"] = ["Bộ Nội vụ", "Thường trực Tỉnh ủy", "Lưu: VT."]
        params["addressee"] = "Bộ Nội vụ"
        (root / "params" / pid / f"{PROVINCE_SLUG}.yaml").write_text(
            yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(period_ids)


# ---- one build --------------------------------------------------------------------------------------

def build(bench: benchrun.Bench, root: Path, out: Path, label: str, interval: float, extra=()) -> dict:
    env = bench.env_with(CCHC_ROOT=str(root), CCHC_OUTPUT=str(out))
    timefile = bench.tmp / "time.txt"
    cmd = ["/usr/bin/time", "-v", "-o", str(timefile), str(BIN / "cchc"), "build", "--no-progress", *extra]
    log(f"{label}: {' '.join(cmd[4:])} (load {loadavg()})")
    with open(bench.logfile, "ab") as f, benchrun.Meter() as m:
        f.write(f"\n===== {label} =====\n".encode())
        f.flush()
        before = _children_cpu()
        proc = subprocess.Popen(cmd, cwd=bench.code, env=env, stdout=f, stderr=subprocess.STDOUT)
        with CpuTreeSampler(proc.pid, interval) as sampler:
            while proc.poll() is None:
                time.sleep(0.2)
        waited = _children_cpu() - before
    if proc.returncode != 0:
        log(f"{label}: cchc build exited {proc.returncode}; see {bench.logfile}")
    tree = sampler.summary()
    tree.pop("series", None)
    sampled = sampler.totals()
    res = {**m.summary(), "rc": proc.returncode, "cpu_waited": round(waited, 1), **sampled,
           # the larger of the two readings: the sampler misses each process's last few ms, the
           # rusage misses every process nobody waits for
           "cpu_total": round(max(waited, sampled["cpu_sampled"]), 1),
           "peak_tree_rss_mb": round(tree["peak_tree_rss_mb"]), "peak_tree_pss_mb": round(tree["peak_tree_pss_mb"]),
           "hwm_mb": {k: round(v) for k, v in tree["hwm_mb"].items()},
           "orchestrator_rss_deciles_mb": [round(v) for v in tree["orchestrator_rss_deciles_mb"]]}
    log(f"{label}: {m.line()}; build CPU {res['cpu_total']:.1f}s (sampled {sampled['cpu_sampled']:.1f}s over "
        f"{sampled['processes_seen']} processes, {sampled['notebook_processes_seen']} notebook processes "
        f"{sampled['cpu_notebooks']:.1f}s; rusage of the waited-for {waited:.1f}s); peak tree RSS "
        f"{res['peak_tree_rss_mb']} MB, PSS {res['peak_tree_pss_mb']} MB")
    return res


def outputs(out: Path) -> dict:
    statuses = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/*/status.json")]
    html = sorted(p.stat().st_size for p in out.glob("*/*/bao-cao-cchc-*.html"))
    pdf = sorted(p.stat().st_size for p in out.glob("*/*/bao-cao-cchc-*.pdf"))

    def sizes(xs):
        return {"n": len(xs), "min_kb": round(xs[0] / 1024), "median_kb": round(statistics.median(xs) / 1024),
                "max_kb": round(xs[-1] / 1024)} if xs else {"n": 0}

    return {"reports": len(statuses), "ok": sum(s.get("status") == "ok" for s in statuses),
            "consolidated": sum(s.get("kind") == "consolidated" for s in statuses),
            "html": sizes(html), "pdf": sizes(pdf),
            "index_kb": round((out / "index.html").stat().st_size / 1024) if (out / "index.html").is_file() else None}


def executed_mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.glob("*/*/notebooks/*.ipynb")}


_BUILD_TIME = re.compile(rb"\d{1,2}/\d{1,2}/\d{4},? \d{1,2}:\d{2}(?::\d{2})?|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}"
                         rb"(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|Z)?|\d{8}-\d{6}-\d+")


def compare(a: Path, b: Path) -> dict:
    """The dask build's files against the local build's (see the module's docstring)."""
    def files(root):
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and "/.staging/" not in p.as_posix()}

    fa, fb = files(a), files(b)
    keys = sorted(f for f in fa & fb if f.endswith(".key"))
    html = sorted(f for f in fa & fb if f.endswith(".html") and f != "index.html")
    pdfs = sorted(f for f in fa & fb if f.endswith(".pdf"))
    html_bytes_equal = sum((a / f).read_bytes() == (b / f).read_bytes() for f in html)
    html_equal = sum(_BUILD_TIME.sub(b"", (a / f).read_bytes()) == _BUILD_TIME.sub(b"", (b / f).read_bytes())
                     for f in html)
    pdf_text_equal = None
    if shutil.which("pdftotext"):
        def text(p):
            return subprocess.run(["pdftotext", "-enc", "UTF-8", str(p), "-"], capture_output=True,
                                  check=True).stdout
        pdf_text_equal = sum(text(a / f) == text(b / f) for f in pdfs)
    return {"same_file_set": fa == fb, "only_local": sorted(fa - fb)[:5], "only_dask": sorted(fb - fa)[:5],
            "keys": len(keys), "keys_equal": sum((a / f).read_bytes() == (b / f).read_bytes() for f in keys),
            "html": len(html), "html_bytes_equal": html_bytes_equal, "html_equal_but_build_time": html_equal,
            "pdf": len(pdfs), "pdf_text_equal": pdf_text_equal}


# ---- main -------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--units", type=int, default=100, metavar="N", help="communes (default 100; 10 for a quick run)")
    ap.add_argument("--year", type=int, default=2024, help="the year of the five reports (default 2024)")
    ap.add_argument("--dask", action="store_true", help="also build with --executor dask and compare the files")
    ap.add_argument("--interval", type=float, default=0.1, metavar="S", help="/proc sampling interval (0.1 s)")
    ap.add_argument("--live", action="store_true", help="use the checkout's code, not a snapshot")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    if args.units < 1:
        ap.error("--units: at least 1")

    info = benchrun.machine()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-province-"))
    res: dict = {"machine": info, "jobs": os.cpu_count(), "load_start": loadavg(), "snapshot": not args.live,
                 "units": args.units, "year": args.year}
    try:
        bench = benchrun.Bench(tmp, args.live)
        sys.path.insert(0, str(bench.code / "lib"))
        import cchc
        log(f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, commit {info['commit']}; "
            f"cchc from {Path(cchc.__file__).parent}; load {loadavg()}")
        root = tmp / "root"
        t = time.perf_counter()
        res["made"] = made = generate(root, args.units, args.year)
        log(f"generated {made} in {time.perf_counter() - t:.1f}s")
        reports = made["unit_reports"] + made["consolidated_reports"]
        out = root / "output"

        res["cold"] = build(bench, root, out, "a. cold", args.interval)
        res["outputs"] = outputs(out)
        res["cold"]["cpu_per_report"] = round(res["cold"]["cpu_total"] / reports, 3)
        res["cold"]["wall_per_report"] = round(res["cold"]["wall"] / reports, 3)
        log(f"outputs: {res['outputs']}")
        res["noop"] = build(bench, root, out, "b. no-op", args.interval)

        slug = "xa-mau-001"
        target = root / "data" / str(args.year) / slug / "chi-so.csv"
        before = executed_mtimes(out)
        with open(target, "a", encoding="utf-8") as f:
            f.write("\n")
        res["touched"] = build(bench, root, out, f"c. {args.year}/{slug}/chi-so.csv changed", args.interval)
        after = executed_mtimes(out)
        rerun = sorted({k.split("/notebooks/")[0] for k, v in after.items() if before.get(k) != v})
        res["touched"]["reports_rerun"] = rerun
        log(f"c: reports whose notebooks re-ran: {rerun}")

        if args.dask:
            dask_out = tmp / "output-dask"
            target.write_text(target.read_text(encoding="utf-8"), encoding="utf-8")  # same bytes as the local build's
            res["dask"] = build(bench, root, dask_out, "d. cold, --executor dask", args.interval,
                                extra=("--executor", "dask"))
            res["dask"]["cpu_per_report"] = round(res["dask"]["cpu_total"] / reports, 3)
            res["dask_vs_local"] = compare(out, dask_out)
            log(f"d: {res['dask_vs_local']}")
        res["load_end"] = loadavg()
    finally:
        benchrun.cleanup(tmp, args.keep)
    return benchrun.emit(res, report, args.json)


def report(res: dict) -> None:
    m, made, o = res["machine"], res["made"], res.get("outputs", {})
    print()
    print(f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['platform']}")
    print(f"Date: {m['date']}; commit {m['commit']}{' (snapshot)' if res['snapshot'] else ''}; jobs {res['jobs']}; "
          f"load average at start {res['load_start']}, at end {res.get('load_end', '?')}")
    print(f"Province: {made['units']} communes x 5 reports of {res['year']} = {made['unit_reports']} unit reports"
          f" + {made['consolidated_reports']} consolidated; built {o.get('reports')} ({o.get('ok')} ok)")
    print()
    print(f"{'step':<34} {'wall s':>8} {'CPU s':>8} {'CPU/report':>10} {'peak RSS':>9} {'peak PSS':>9} "
          f"{'other CPU':>9}")
    for key, name in (("cold", "a. cold"), ("noop", "b. no-op"), ("touched", "c. one register changed"),
                      ("dask", "d. cold, --executor dask")):
        r = res.get(key)
        if not r:
            continue
        per = f"{r['cpu_per_report']:.3f}" if "cpu_per_report" in r else ""
        print(f"{name:<34} {r['wall']:8.1f} {r['cpu_total']:8.1f} {per:>10} {r['peak_tree_rss_mb']:7}MB "
              f"{r['peak_tree_pss_mb']:7}MB {r['cpu_others']:8.0f}s")
    print("(CPU: every process of the build's tree in core-seconds, sampled from /proc, a slight lower bound; "
          "other CPU: the rest of the machine meanwhile)")
    if o.get("html", {}).get("n"):
        h, p = o["html"], o["pdf"]
        print(f"HTML: {h['n']} files, {h['min_kb']} / {h['median_kb']} / {h['max_kb']} KB (min / median / max); "
              f"PDF: {p['n']} files, {p['min_kb']} / {p['median_kb']} / {p['max_kb']} KB; index {o['index_kb']} KB")
    if res.get("touched"):
        print(f"one register changed: {len(res['touched']['reports_rerun'])} reports re-ran: "
              f"{', '.join(res['touched']['reports_rerun'])}")
    if res.get("cold") and res.get("noop"):
        print(f"cold / no-op: {res['cold']['wall'] / res['noop']['wall']:.0f}x")
    if res.get("dask_vs_local"):
        print(f"dask vs local: {res['dask_vs_local']}")


if __name__ == "__main__":
    sys.exit(main())
