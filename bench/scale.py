"""Benchmark: cold `cchc build` of synthetic provinces of growing size (issue 5, item 4).

For each N in --sizes (default 25, 50, 100): `cchc.sample.generate(root, years=(2023,),
synthetic_units=N)` writes a synthetic province of N xã x 1 year into a temporary root, then
`cchc build --no-progress` builds it cold (env CCHC_ROOT, CCHC_OUTPUT into that root; default
engine, i.e. cchc-fork, default jobs = cores). Reported per N:

- wall time of the build, time per unit-year; a least-squares line t = a + b*N over the sizes
  (a: fixed cost of a build, b: cost per unit-year) and the ratios t(2N)/t(N);
- memory, measured two ways:
  * `/usr/bin/time -v` on the build command: "Maximum resident set size" is the ru_maxrss
    wait4() returns for the `cchc` process, i.e. the peak RSS of the largest single process among
    the orchestrator and the descendants it reaped (the fork template/zygote is one; the
    notebook processes are not: the zygote lets the kernel reap them, so their peaks never reach
    the parent's rusage);
  * sampling /proc every --interval seconds over the whole process tree of the build: per process
    VmRSS, VmHWM (its peak RSS so far) and Pss (smaps_rollup: shared pages split between the
    processes sharing them, which is the honest sum for forked children sharing the zygote's
    pages); per sample the sum of RSS and of PSS over the tree; the peaks of those sums; and per
    role (orchestrator = the `cchc` process, zygote, notebook children = the zygote's children,
    other) the largest VmHWM seen. Notebook children live 0.1-0.5 s, so a 0.5 s sampler sees only
    some of them (the count seen is printed); their VmHWM is each one's peak up to that sample;
- the outputs: N HTML + N PDF reports, 10 N executed notebooks, output/index.html.

The code is a snapshot (as in bench/run.py); the temporary roots are deleted at the end unless
--keep. Nothing is written into the checkout.

Usage: .venv/bin/python bench/scale.py [--sizes 25,50,100] [--jobs N] [--interval 0.5]
                                       [--live] [--json FILE] [--keep]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as benchrun  # noqa: E402  (bench/run.py: machine(), loadavg(), Bench, Meter, log)

from run import BIN, Meter, loadavg, log  # noqa: E402

MB = 1024.0  # /proc reports kB


def _status(pid: int) -> dict[str, int]:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            k, _, v = line.partition(":")
            if k in ("PPid", "VmRSS", "VmHWM"):
                out[k] = int(v.split()[0])
    except (OSError, ValueError, IndexError):
        return {}
    return out


def _pss(pid: int) -> int:
    try:
        m = re.search(r"^Pss:\s+(\d+)", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.M)
        return int(m.group(1)) if m else 0
    except OSError:
        return 0


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class TreeSampler:
    """Samples the process tree under `root` every `interval` s: RSS/PSS sums, peaks per role."""

    def __init__(self, root: int, interval: float):
        self.root, self.interval = root, interval
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.samples = 0
        self.peak_rss = self.peak_pss = 0
        self.peak_procs = 0
        self.hwm = {"orchestrator": 0, "zygote": 0, "notebook": 0, "other": 0}
        self.children_seen: set[int] = set()
        self.roles: dict[int, str] = {}
        self.series: list[tuple[float, int, int]] = []  # (seconds, orchestrator RSS kB, tree PSS kB)
        self.t0 = time.perf_counter()

    def _tree(self) -> dict[int, dict]:
        procs = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                st = _status(int(d))
                if st:
                    procs[int(d)] = st
        keep, frontier = {}, [self.root]
        kids: dict[int, list[int]] = {}
        for pid, st in procs.items():
            kids.setdefault(st.get("PPid", 0), []).append(pid)
        while frontier:
            pid = frontier.pop()
            if pid in procs:
                keep[pid] = procs[pid]
            frontier.extend(kids.get(pid, []))
        return keep

    def _role(self, pid: int, tree: dict[int, dict]) -> str:
        if pid not in self.roles:
            parent = tree[pid].get("PPid")
            cmd = _cmdline(pid)
            if self.roles.get(parent) == "zygote":  # a forked child keeps the zygote's cmdline
                role = "notebook"
            elif "fork_engine" in cmd and "--zygote" in cmd:
                role = "zygote"
            elif parent == self.root:  # the process /usr/bin/time started: `cchc build`
                role = "orchestrator"
            else:
                role = "other"
            self.roles[pid] = role
        return self.roles[pid]

    def sample(self) -> None:
        tree = self._tree()
        rss = pss = orch = 0
        for pid in sorted(tree):  # parents (lower pids, usually) first, for the roles
            st = tree[pid]
            if pid == self.root:  # /usr/bin/time itself
                continue
            role = self._role(pid, tree)
            rss += st.get("VmRSS", 0)
            pss += _pss(pid)
            self.hwm[role] = max(self.hwm[role], st.get("VmHWM", 0))
            if role == "orchestrator":
                orch = st.get("VmRSS", 0)
            if role == "notebook":
                self.children_seen.add(pid)
        self.samples += 1
        if orch:
            self.series.append((time.perf_counter() - self.t0, orch, pss))
        self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
        self.peak_procs = max(self.peak_procs, len(tree) - 1)

    def _run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def summary(self) -> dict:
        # The orchestrator's RSS at each tenth of the build: a plateau or a climb?
        series = self.series
        deciles = [series[min(len(series) - 1, round(i * (len(series) - 1) / 10))][1] / MB
                   for i in range(11)] if series else []
        return {"orchestrator_rss_deciles_mb": deciles, "series": series,
                "samples": self.samples, "peak_tree_rss_mb": self.peak_rss / MB,
                "peak_tree_pss_mb": self.peak_pss / MB, "peak_processes": self.peak_procs,
                "hwm_mb": {k: v / MB for k, v in self.hwm.items()},
                "notebook_children_seen": len(self.children_seen)}


def parse_time_v(text: str) -> dict:
    want = {"Maximum resident set size (kbytes)": "maxrss_mb", "User time (seconds)": "user_s",
            "System time (seconds)": "sys_s", "Exit status": "exit"}
    out = {}
    for line in text.splitlines():
        k, _, v = line.strip().rpartition(": ")
        if k in want:
            out[want[k]] = float(v) / (MB if want[k] == "maxrss_mb" else 1)
    return out


def build(bench: benchrun.Bench, root: Path, n: int, jobs: int | None, interval: float) -> dict:
    out = root / "output"
    env = bench.env_with(CCHC_ROOT=str(root), CCHC_OUTPUT=str(out))
    timefile = root.parent / f"time-{n}.txt"
    cmd = ["/usr/bin/time", "-v", "-o", str(timefile), str(BIN / "cchc"), "build", "--no-progress"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    log(f"N={n}: cchc build --no-progress (load {loadavg()})")
    loads = [loadavg()]
    with open(bench.logfile, "ab") as f, Meter() as m:
        f.write(f"\n===== N={n} =====\n".encode())
        f.flush()
        proc = subprocess.Popen(cmd, cwd=bench.code, env=env, stdout=f, stderr=subprocess.STDOUT)
        with TreeSampler(proc.pid, interval) as sampler:
            while proc.poll() is None:
                time.sleep(0.2)
                if time.perf_counter() - m.t > 30 * len(loads):
                    loads.append(loadavg())
                    log(f"  N={n}: {time.perf_counter() - m.t:.0f}s, load {loads[-1]}")
    loads.append(loadavg())
    if proc.returncode != 0:
        sys.exit(f"N={n}: cchc build exited {proc.returncode}; see {bench.logfile}")
    res = {"n": n, **m.summary(), "per_unit_year": m.wall / n, "time_v": parse_time_v(timefile.read_text()),
           "tree": sampler.summary(), "loads": loads}
    made = {"html": len(list(out.glob("2023/*/bao-cao-cchc-*.html"))),
            "pdf": len(list(out.glob("2023/*/bao-cao-cchc-*.pdf"))),
            "notebooks": len(list(out.glob("2023/*/notebooks/*.ipynb"))),
            "index": (out / "index.html").is_file()}
    res["outputs"] = made
    if (made["html"], made["pdf"], made["index"]) != (n, n, True):
        sys.exit(f"N={n}: outputs {made}, expected {n} HTML, {n} PDF and an index; see {bench.logfile}")
    log(f"N={n}: {m.line()}; {m.wall / n:.2f}s per unit-year; "
        f"max RSS (time -v) {res['time_v'].get('maxrss_mb', 0):.0f} MB; "
        f"peak tree PSS {res['tree']['peak_tree_pss_mb']:.0f} MB")
    return res


def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares t = a + b*N."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return my - b * mx, b


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="25,50,100", metavar="N,N,...",
                    help="synthetic province sizes (units x 1 year), default 25,50,100")
    ap.add_argument("--jobs", type=int, metavar="N", help="cchc build --jobs (default: the build's, = cores)")
    ap.add_argument("--interval", type=float, default=0.5, metavar="S", help="/proc sampling interval (0.5 s)")
    ap.add_argument("--live", action="store_true", help="use the checkout's code, not a snapshot")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes: comma-separated integers")
    if not sizes or min(sizes) < 1:
        ap.error("--sizes: at least one size >= 1")
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("needs /usr/bin/time (GNU time) for the build's maximum RSS")

    info = benchrun.machine()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-scale-"))
    res: dict = {"machine": info, "jobs": args.jobs or os.cpu_count(), "load_start": loadavg(),
                 "snapshot": not args.live, "interval": args.interval, "runs": []}
    try:
        bench = benchrun.Bench(tmp, args.live)
        sys.path.insert(0, str(bench.code / "lib"))
        from cchc import sample
        log(f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, commit {info['commit']}; "
            f"cchc from {Path(sample.__file__).parents[1]}; load {loadavg()}")
        for n in sizes:
            root = tmp / f"n{n}"
            t = time.perf_counter()
            sample.generate(root, years=(2023,), synthetic_units=n)
            log(f"N={n}: synthetic province generated in {time.perf_counter() - t:.1f}s")
            r = build(bench, root, n, args.jobs, args.interval)
            res["runs"].append(r)
            if not args.keep:  # the next size needs the room more than we need these
                shutil.rmtree(root, ignore_errors=True)
        res["load_end"] = loadavg()
    finally:
        benchrun.cleanup(tmp, args.keep)
    return benchrun.emit(res, report, args.json)


def report(res: dict) -> None:
    m, runs = res["machine"], res["runs"]
    print()
    print(f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['platform']}")
    print(f"Date: {m['date']}; commit {m['commit']}{' (snapshot)' if res['snapshot'] else ''}; "
          f"jobs {res['jobs']}; load average at start {res['load_start']}, at end {res.get('load_end', '?')}")
    print()
    hdr = (f"{'N':>4} {'wall s':>8} {'s/unit-yr':>9} {'other CPU':>10} {'maxRSS time-v':>13} "
           f"{'orch HWM':>9} {'zygote HWM':>10} {'child HWM':>9} {'tree RSS':>9} {'tree PSS':>9} "
           f"{'procs':>5} {'children seen':>13} {'outputs':>18}")
    print(hdr)
    for r in runs:
        t, h = r["tree"], r["tree"]["hwm_mb"]
        o = r["outputs"]
        print(f"{r['n']:>4} {r['wall']:8.1f} {r['per_unit_year']:9.3f} {r['cpu_others']:9.0f}s "
              f"{r['time_v'].get('maxrss_mb', 0):11.0f}MB {h['orchestrator']:7.0f}MB {h['zygote']:8.0f}MB "
              f"{h['notebook']:7.0f}MB {t['peak_tree_rss_mb']:7.0f}MB {t['peak_tree_pss_mb']:7.0f}MB "
              f"{t['peak_processes']:>5} {t['notebook_children_seen']:>6}/{10 * r['n']:<6} "
              f"{o['html']}H {o['pdf']}P {o['notebooks']}nb {'idx' if o['index'] else 'NO idx'}")
    print("(HWM: largest VmHWM seen per role; tree RSS/PSS: peak of the per-sample sums over the build's "
          "processes; other CPU: other processes' CPU time during the build, incl. our own notebook "
          "children, which the kernel reaps without crediting us)")
    print()
    print("orchestrator RSS (MB) at each tenth of the build, start to end:")
    for r in runs:
        print(f"  N={r['n']:>4}: " + " ".join(f"{v:.0f}" for v in r["tree"]["orchestrator_rss_deciles_mb"]))
    if len(runs) > 1:
        a, b = fit([r["n"] for r in runs], [r["wall"] for r in runs])
        print()
        print(f"least squares: t = {a:.1f} s + {b:.3f} s x N")
        for r0, r1 in zip(runs, runs[1:]):
            print(f"t({r1['n']})/t({r0['n']}) = {r1['wall'] / r0['wall']:.2f}  (N ratio {r1['n'] / r0['n']:.2f}); "
                  f"per unit-year {r1['per_unit_year']:.3f} / {r0['per_unit_year']:.3f} = "
                  f"{r1['per_unit_year'] / r0['per_unit_year']:.2f}")
        first, last = runs[0], runs[-1]
        for key, label in (("orchestrator", "orchestrator peak RSS"), ("notebook", "largest notebook child")):
            print(f"{label}: {first['tree']['hwm_mb'][key]:.0f} MB at N={first['n']} -> "
                  f"{last['tree']['hwm_mb'][key]:.0f} MB at N={last['n']}")
        print(f"peak tree PSS: {first['tree']['peak_tree_pss_mb']:.0f} MB -> {last['tree']['peak_tree_pss_mb']:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
