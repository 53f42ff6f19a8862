"""Benchmark: build the shipped sample the naive way and with `cchc build`, in one run.

Steps, each timed by wall clock:
  a. naive   - a bash loop a user would write: the papermill CLI per (unit-year, notebook), then the
               nbconvert CLI per executed notebook (HTML, no input). One script, run sequentially.
  b. cold    - `cchc build --no-progress` into an empty output folder (default jobs = cores).
  c. no-op   - the same build again with nothing changed (median of --repeat runs).
  d. touched - one unit-year's chi-so.csv gets a trailing newline; only its notebooks should re-run.

b, c and d work on a copy of params/ and data/ in a temporary root (CCHC_ROOT); a writes into its
own temporary folder. Nothing is written into the checkout's data/ or output/.
The cchc steps run before the naive loop so that the cold build gets no help from file caches the
naive loop warmed up.

Usage: .venv/bin/python bench/run.py [--units N] [--naive-units K] [--skip-naive] [--repeat N]
                                     [--json FILE] [--keep]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
T0 = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - T0:7.1f}s] {msg}", flush=True)


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


class Meter:
    """CPU seconds over a step: the whole machine's (/proc/stat) and our waited-for children's.
    What the machine spent beyond ours is other people's work competing with the step."""

    TICK = os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _machine() -> tuple[float, float]:
        try:
            f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        except (OSError, ValueError):
            return 0.0, 0.0
        busy = sum(f[:8]) - f[3] - f[4]  # all but idle and iowait; steal counts as lost
        return busy / Meter.TICK, (f[7] if len(f) > 7 else 0) / Meter.TICK

    @staticmethod
    def _ours() -> float:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    def __enter__(self):
        self.t, (self.busy, self.steal), self.ours = time.perf_counter(), *self._machine(), self._ours()
        return self

    def __exit__(self, *exc):
        busy, steal = self._machine()
        self.wall = time.perf_counter() - self.t
        self.cpu_ours = self._ours() - self.ours
        self.cpu_machine = busy - self.busy
        self.cpu_steal = steal - self.steal
        self.cpu_others = max(0.0, self.cpu_machine - self.cpu_ours)

    def summary(self) -> dict:
        return {"wall": round(self.wall, 3), "cpu_ours": round(self.cpu_ours, 1),
                "cpu_others": round(self.cpu_others, 1), "cpu_steal": round(self.cpu_steal, 1)}

    def line(self) -> str:
        return (f"{self.wall:.2f}s wall; CPU ours {self.cpu_ours:.1f}s, others {self.cpu_others:.1f}s "
                f"({self.cpu_others / self.wall:.2f} cores), steal {self.cpu_steal:.1f}s")


def machine() -> dict:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain"],
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        commit, dirty = "?", ""
    versions = {}
    for pkg in ("papermill", "nbconvert", "nbclient", "jupyter_client", "ipykernel", "weasyprint"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit + ("+uncommitted" if dirty else ""),
        "versions": versions,
    }


def clean_env(**extra: str) -> dict:
    """The caller's environment without any CCHC_* override, plus ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_")}
    env.update(extra)
    return env


def selection(n_units: int | None) -> tuple[list[tuple[int, str]], list[Path]]:
    """The unit-years and section notebooks, as `cchc build` plans them (first N unit-years)."""
    os.environ.pop("CCHC_ROOT", None)
    os.environ.pop("CCHC_NOTEBOOKS", None)
    from cchc.build import plan  # the package's own planner: the bench measures the same set

    uys = plan.unit_years()
    if n_units:
        uys = uys[:n_units]
    return uys, [s.path for s in plan.sections()]


def make_root(root: Path, uys: list[tuple[int, str]]) -> None:
    """A project root holding only the selected unit-years' params, and every register (small)."""
    selected = {f"{y}/{s}.yaml" for y, s in uys}

    def ignore(directory: str, names: list[str]) -> list[str]:
        rel = Path(directory).relative_to(REPO / "params")
        if rel.parts and rel.parts[0].isdigit():
            return [n for n in names if f"{rel.parts[0]}/{n}" not in selected]
        return []

    shutil.copytree(REPO / "params", root / "params", ignore=ignore)
    shutil.copytree(REPO / "data", root / "data")


class Heartbeat:
    """Prints a progress line every `every` seconds while a long step runs."""

    def __init__(self, label: str, status, every: float = 30.0):
        self.label, self.status, self.every = label, status, every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        t = time.perf_counter()
        while not self.stop.wait(self.every):
            log(f"  {self.label}: {time.perf_counter() - t:.0f}s, {self.status()}, load {loadavg()}")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def cchc_build(root: Path, label: str, logfile: Path) -> float:
    env = clean_env(CCHC_ROOT=str(root), CCHC_OUTPUT=str(root / "output"))
    out = root / "output"

    def status() -> str:
        done = len(list(out.glob("*/*/status.json")))
        return f"{done} unit-years finished"

    log(f"{label}: cchc build --no-progress (load {loadavg()})")
    with open(logfile, "ab") as f, Heartbeat(label, status):
        f.write(f"\n===== {label} =====\n".encode())
        f.flush()
        t = time.perf_counter()
        rc = subprocess.run([str(BIN / "cchc"), "build", "--no-progress"], cwd=REPO, env=env,
                            stdout=f, stderr=subprocess.STDOUT).returncode
        wall = time.perf_counter() - t
    if rc != 0:
        sys.exit(f"{label}: cchc build exited {rc}; see {logfile}")
    log(f"{label}: {wall:.2f}s")
    return wall


def executed_mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.glob("*/*/notebooks/*.ipynb")}


def naive_script(uys: list[tuple[int, str]], notebooks: list[Path], out: Path) -> str:
    """What a user would write: papermill then nbconvert, one CLI call per notebook."""
    papermill, jupyter = shlex.quote(str(BIN / "papermill")), shlex.quote(str(BIN / "jupyter"))
    nbs = " ".join(shlex.quote(p.name) for p in notebooks)
    pairs = " ".join(f"{y}:{s}" for y, s in uys)
    # EPOCHREALTIME is a bash builtin: the phase marks cost no extra process.
    return f"""#!/usr/bin/env bash
set -euo pipefail
cd {shlex.quote(str(REPO))}
for uy in {pairs}; do
  year=${{uy%%:*}}; slug=${{uy#*:}}
  dir={shlex.quote(str(out))}/$year/$slug
  mkdir -p "$dir"
  echo "MARK papermill $year/$slug $EPOCHREALTIME"
  for nb in {nbs}; do
    {papermill} -k python3 --no-progress-bar -p unit "$slug" -p year "$year" "notebooks/$nb" "$dir/$nb"
  done
  echo "MARK nbconvert $year/$slug $EPOCHREALTIME"
  for nb in {nbs}; do
    {jupyter} nbconvert --to html --no-input --log-level WARN "$dir/$nb"
  done
done
echo "MARK end - $EPOCHREALTIME"
"""


def run_naive(uys, notebooks, tmp: Path, logfile: Path) -> dict:
    out = tmp / "naive-output"
    out.mkdir()
    script = tmp / "naive.sh"
    script.write_text(naive_script(uys, notebooks, out))
    env = clean_env(CCHC_OUTPUT=str(out))
    log(f"naive: bash {script} ({len(uys)} unit-years x {len(notebooks)} notebooks, load {loadavg()})")
    phases = {"papermill": 0.0, "nbconvert": 0.0}
    last: tuple[str, float] | None = None
    done = 0
    t = time.perf_counter()
    with open(logfile, "ab") as errlog:
        errlog.write(b"\n===== naive =====\n")
        errlog.flush()
        proc = subprocess.Popen(["bash", str(script)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                stderr=errlog, text=True)
        for line in proc.stdout:
            parts = line.split()
            if len(parts) != 4 or parts[0] != "MARK":
                continue
            _, phase, key, stamp = parts
            now = float(stamp)
            if last:
                phases[last[0]] += now - last[1]
            if phase == "papermill":
                done += 1
                log(f"  naive: {key} ({done}/{len(uys)}) papermill x {len(notebooks)}, load {loadavg()}")
            elif phase == "nbconvert":
                log(f"  naive: {key} nbconvert x {len(notebooks)}")
            last = (phase, now)
        rc = proc.wait()
    wall = time.perf_counter() - t
    if rc != 0:
        sys.exit(f"naive loop exited {rc}; see {logfile}")
    html = len(list(out.glob("*/*/*.html")))
    expected = len(uys) * len(notebooks)
    if html != expected:
        sys.exit(f"naive loop made {html} HTML files, expected {expected}; see {logfile}")
    log(f"naive: {wall:.1f}s (papermill {phases['papermill']:.1f}s, nbconvert {phases['nbconvert']:.1f}s)")
    return {"wall": wall, "papermill": phases["papermill"], "nbconvert": phases["nbconvert"],
            "unit_years": len(uys), "notebooks": expected}


def pick_touch(uys: list[tuple[int, str]], n_sections: int, wanted: str | None) -> tuple[int, str, int]:
    """The unit-year whose register to touch, and how many notebooks should re-run: its own and
    those of the next year of the same unit, whose report compares with the previous year."""
    if wanted:
        y, s = wanted.split("/", 1)
        year, slug = int(y), s
        if (year, slug) not in uys:
            sys.exit(f"--touch {wanted}: not among the selected unit-years")
    else:  # the latest year's first unit: nothing depends on it, so exactly one unit-year re-runs
        year = max(y for y, _ in uys)
        slug = next(s for y, s in uys if y == year)
    dependents = sum(1 for y, s in uys if s == slug and y in (year, year + 1))
    return year, slug, dependents * n_sections


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--units", type=int, metavar="N", help="only the first N unit-years (quick check)")
    ap.add_argument("--naive-units", type=int, metavar="K",
                    help="run the naive loop on the first K of them only and extrapolate per notebook")
    ap.add_argument("--skip-naive", action="store_true", help="skip the naive loop")
    ap.add_argument("--repeat", type=int, default=3, metavar="N", help="no-op builds to run (median)")
    ap.add_argument("--touch", metavar="YEAR/SLUG", help="unit-year whose chi-so.csv to change")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()

    info = machine()
    uys, notebooks = selection(args.units)
    n_nb = len(uys) * len(notebooks)
    jobs = os.cpu_count() or 1
    log(f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, commit {info['commit']}")
    log(f"sample: {len(uys)} unit-years x {len(notebooks)} notebooks = {n_nb}; load {loadavg()}")

    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    logfile = tmp / "bench.log"
    log(f"working in {tmp} (subprocess output: {logfile})")
    res: dict = {"machine": info, "unit_years": len(uys), "sections": len(notebooks),
                 "notebooks": n_nb, "jobs": jobs, "load_start": loadavg()}
    try:
        root = tmp / "root"
        make_root(root, uys)
        out = root / "output"

        res["cold"] = cchc_build(root, "b. cold", logfile)
        htmls = len(list(out.glob("*/*/bao-cao-cchc-*.html")))
        pdfs = len(list(out.glob("*/*/bao-cao-cchc-*.pdf")))
        executed = len(executed_mtimes(out))
        if (htmls, pdfs, executed) != (len(uys), len(uys), n_nb):
            sys.exit(f"cold build made {htmls} HTML, {pdfs} PDF, {executed} notebooks; "
                     f"expected {len(uys)}, {len(uys)}, {n_nb}")

        noops = [cchc_build(root, f"c. no-op {i + 1}/{args.repeat}", logfile) for i in range(args.repeat)]
        res["noop_runs"] = noops
        res["noop"] = statistics.median(noops)

        year, slug, expected = pick_touch(uys, len(notebooks), args.touch)
        target = root / "data" / str(year) / slug / "chi-so.csv"
        before = executed_mtimes(out)
        with open(target, "a", encoding="utf-8") as f:
            f.write("\n")  # harmless: a blank line at the end of the register
        log(f"d. touched {target.relative_to(root)}")
        res["touched"] = cchc_build(root, "d. touched one unit", logfile)
        after = executed_mtimes(out)
        rerun = sorted(k for k in after if after[k] != before.get(k))
        res["touched_unit"] = f"{year}/{slug}"
        res["touched_rerun"] = len(rerun)
        res["touched_expected"] = expected
        res["touched_rerun_unit_years"] = sorted({"/".join(k.split("/")[:2]) for k in rerun})
        log(f"d. re-executed notebooks: {len(rerun)} (expected {expected}) in "
            f"{', '.join(res['touched_rerun_unit_years']) or 'none'}")

        if not args.skip_naive:
            n_naive = min(args.naive_units or len(uys), len(uys))
            naive = run_naive(uys[:n_naive], notebooks, tmp, logfile)
            per_nb = naive["wall"] / naive["notebooks"]
            naive["per_notebook"] = per_nb
            naive["extrapolated"] = n_naive < len(uys)
            naive["full_estimate"] = per_nb * n_nb
            res["naive"] = naive
        res["load_end"] = loadavg()
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    report(res)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")
    return 0


def report(res: dict) -> None:
    m, n_nb, jobs = res["machine"], res["notebooks"], res["jobs"]
    print()
    print(f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['platform']}")
    print(f"Date: {m['date']}; commit {m['commit']}; load average start {res['load_start']}, "
          f"end {res.get('load_end', '?')}")
    print(f"Sample: {res['unit_years']} unit-years x {res['sections']} notebooks = {n_nb} notebooks; "
          f"cchc build jobs = {jobs}")
    print()
    rows = []
    naive = res.get("naive")
    if naive:
        note = (f"{naive['notebooks']} notebooks run, x {n_nb / naive['notebooks']:.1f} extrapolated"
                if naive["extrapolated"] else
                f"papermill {naive['papermill']:.1f}s + nbconvert {naive['nbconvert']:.1f}s")
        rows.append(("a. naive loop (papermill + nbconvert CLI)", naive["full_estimate"], note))
    rows.append(("b. cchc build, cold", res["cold"], f"HTML + PDF + index, {jobs} jobs"))
    runs = ", ".join(f"{x:.2f}" for x in res["noop_runs"])
    rows.append(("c. cchc build, nothing changed", res["noop"], f"median of {runs}"))
    rows.append(("d. cchc build, one register changed", res["touched"],
                 f"{res['touched_unit']}: {res['touched_rerun']} notebooks re-run "
                 f"(expected {res['touched_expected']})"))
    w = max(len(r[0]) for r in rows)
    print(f"{'step':<{w}}  {'wall':>9}  notes")
    for name, sec, note in rows:
        print(f"{name:<{w}}  {sec:>8.2f}s  {note}")
    print()
    if naive:
        print(f"naive / cold          {naive['full_estimate'] / res['cold']:8.1f}x   (issue 4: >= 2x; issue 5: >= 5x)")
    print(f"cold / no-op          {res['cold'] / res['noop']:8.1f}x   (issue 4: >= 50x; issue 5: no-op < 1 s)")
    print(f"cold / touched        {res['cold'] / res['touched']:8.1f}x")
    print()
    print(f"per notebook, cold:   {res['cold'] * jobs / n_nb:.2f}s  (cold wall x {jobs} jobs / {n_nb} notebooks;"
          f" includes validation, stitching, PDF)")
    if naive:
        print(f"per notebook, naive:  {naive['per_notebook']:.2f}s  (papermill "
              f"{naive['papermill'] / naive['notebooks']:.2f}s + nbconvert "
              f"{naive['nbconvert'] / naive['notebooks']:.2f}s; no PDF)")


if __name__ == "__main__":
    sys.exit(main())
