"""Benchmark: build the shipped sample the naive way and with `cchc build`, in one run.

Steps, each timed by wall clock:
  a. naive   - a bash loop a user would write: the papermill CLI per (unit-year, notebook), then the
               nbconvert CLI per executed notebook (HTML, no input). One script, run sequentially.
  b. cold    - `cchc build --no-progress` into an empty output folder (default jobs = cores).
  c. no-op   - the same build again with nothing changed (median of --repeat runs).
  d. touched - one unit-year's chi-so.csv gets a trailing newline; only its notebooks should re-run.

b, c and d work on a copy of params/ and data/ in a temporary root (CCHC_ROOT); a reads the
checkout's params/ and data/ and writes into its own temporary folder (CCHC_OUTPUT). Nothing is written into the checkout's data/ or output/.
The cchc steps run before the naive loop so that the cold build gets no help from file caches the
naive loop warmed up.

The code (lib/, notebooks/) is a snapshot taken at the start, so edits to the checkout during a
run neither invalidate the build cache between steps nor mix two versions in one measurement.

Usage: .venv/bin/python bench/run.py [--units N] [--naive-units K] [--skip-naive] [--repeat N]
                                     [--touch YEAR/SLUG] [--live] [--json FILE] [--keep]
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
        self.t = time.perf_counter()
        self.busy, self.steal = self._machine()
        self.ours = self._ours()
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


class Bench:
    """One run: a frozen copy of the code, a temporary project root, a log of every subprocess."""

    def __init__(self, tmp: Path, live: bool):
        self.tmp = tmp
        self.logfile = tmp / "bench.log"
        # The build cache is keyed on the cchc source and the notebooks, so a checkout someone is
        # editing would invalidate it between our steps. Unless --live, every step runs a snapshot
        # taken now: PYTHONPATH puts it before the editable install, for cchc, papermill's kernels
        # and nbconvert's exporter alike.
        self.code = REPO if live else tmp / "code"
        if not live:
            shutil.copytree(REPO / "lib", self.code / "lib")
            shutil.copytree(REPO / "notebooks", self.code / "notebooks")
            shutil.copy2(REPO / "requirements.lock", self.code / "requirements.lock")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_")}
        if not live:
            self.env["PYTHONPATH"] = os.pathsep.join(
                [str(self.code / "lib")] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []))

    def env_with(self, **extra: str) -> dict:
        return {**self.env, **extra}

    def check_import(self) -> str:
        return subprocess.run([str(BIN / "python"), "-c", "import cchc; print(cchc.__file__)"],
                              env=self.env, capture_output=True, text=True, check=True).stdout.strip()

    def selection(self, n_units: int | None) -> tuple[list[tuple[int, str]], list[Path]]:
        """The unit-years and section notebooks as `cchc build` plans them (first N unit-years)."""
        sys.path.insert(0, str(self.code / "lib"))
        os.environ["CCHC_ROOT"] = str(REPO)  # the checkout's params/; the snapshot holds code only
        os.environ.pop("CCHC_NOTEBOOKS", None)
        from cchc.batch import plan  # the package's own planner: the bench measures the same set

        uys = plan.unit_years()
        return (uys[:n_units] if n_units else uys), [s.path for s in plan.sections()]

    def make_root(self, uys: list[tuple[int, str]]) -> Path:
        """A project root with only the selected unit-years' params, and every register (small)."""
        root = self.tmp / "root"
        selected = {f"{y}/{s}.yaml" for y, s in uys}

        def ignore(directory: str, names: list[str]) -> list[str]:
            rel = Path(directory).relative_to(REPO / "params")
            if rel.parts and rel.parts[0].isdigit():
                return [n for n in names if f"{rel.parts[0]}/{n}" not in selected]
            return []

        shutil.copytree(REPO / "params", root / "params", ignore=ignore)
        shutil.copytree(REPO / "data", root / "data")
        return root

    def cchc_build(self, root: Path, label: str) -> Meter:
        out = root / "output"
        env = self.env_with(CCHC_ROOT=str(root), CCHC_OUTPUT=str(out))
        started = time.time()

        def status() -> str:
            staged = len(list(out.glob("*/*/.staging/*.ipynb")))
            done = sum(p.stat().st_mtime > started for p in out.glob("*/*/status.json"))
            return f"{staged} notebooks staged, {done} unit-years finished"

        log(f"{label}: cchc build --no-progress (load {loadavg()})")
        with open(self.logfile, "ab") as f, Heartbeat(label, status), Meter() as m:
            f.write(f"\n===== {label} =====\n".encode())
            f.flush()
            rc = subprocess.run([str(BIN / "cchc"), "build", "--no-progress"], cwd=self.code, env=env,
                                stdout=f, stderr=subprocess.STDOUT).returncode
        if rc != 0:
            sys.exit(f"{label}: cchc build exited {rc}; see {self.logfile}")
        log(f"{label}: {m.line()}")
        return m

    def naive(self, uys: list[tuple[int, str]], notebooks: list[Path]) -> dict:
        out = self.tmp / "naive-output"
        out.mkdir()
        script = self.tmp / "naive.sh"
        script.write_text(naive_script(uys, notebooks, out, self.code))
        log(f"a. naive: bash {script} ({len(uys)} unit-years x {len(notebooks)} notebooks, load {loadavg()})")
        phases = {"papermill": 0.0, "nbconvert": 0.0}
        last: tuple[str, float] | None = None
        done = 0
        with open(self.logfile, "ab") as errlog, Meter() as m:
            errlog.write(b"\n===== a. naive =====\n")
            errlog.flush()
            proc = subprocess.Popen(["bash", str(script)], cwd=self.code, env=self.env_with(CCHC_ROOT=str(REPO), CCHC_OUTPUT=str(out)),
                                    stdout=subprocess.PIPE, stderr=errlog, text=True)
            for line in proc.stdout:
                parts = line.split()
                if len(parts) != 4 or parts[0] != "MARK":
                    continue
                _, phase, key, stamp = parts
                if last:
                    phases[last[0]] += float(stamp) - last[1]
                last = (phase, float(stamp))
                if phase == "papermill":
                    done += 1
                    log(f"  naive: {key} ({done}/{len(uys)}) papermill x {len(notebooks)}, load {loadavg()}")
                elif phase == "nbconvert":
                    log(f"  naive: {key} nbconvert x {len(notebooks)}")
            rc = proc.wait()
        if rc != 0:
            sys.exit(f"naive loop exited {rc}; see {self.logfile}")
        expected = len(uys) * len(notebooks)
        html = len(list(out.glob("*/*/*.html")))
        if html != expected:
            sys.exit(f"naive loop made {html} HTML files, expected {expected}; see {self.logfile}")
        log(f"a. naive: {m.line()}; papermill {phases['papermill']:.1f}s, nbconvert {phases['nbconvert']:.1f}s")
        return {**m.summary(), "papermill": round(phases["papermill"], 2),
                "nbconvert": round(phases["nbconvert"], 2), "unit_years": len(uys), "notebooks": expected}


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


def naive_script(uys: list[tuple[int, str]], notebooks: list[Path], out: Path, code: Path) -> str:
    """What a user would write: papermill, then nbconvert, one CLI call per notebook."""
    papermill, jupyter = shlex.quote(str(BIN / "papermill")), shlex.quote(str(BIN / "jupyter"))
    nbs = " ".join(shlex.quote(p.name) for p in notebooks)
    pairs = " ".join(f"{y}:{s}" for y, s in uys)
    # EPOCHREALTIME is a bash builtin: the phase marks cost no extra process.
    return f"""#!/usr/bin/env bash
set -euo pipefail
cd {shlex.quote(str(code))}
for uy in {pairs}; do
  year=${{uy%%:*}}; slug=${{uy#*:}}
  dir={shlex.quote(str(out))}/$year/$slug
  mkdir -p "$dir"
  echo "MARK papermill $year/$slug $EPOCHREALTIME"
  for nb in {nbs}; do
    {papermill} -k cchc --no-progress-bar -p unit "$slug" -p period "$year" "notebooks/$nb" "$dir/$nb"
  done
  echo "MARK nbconvert $year/$slug $EPOCHREALTIME"
  for nb in {nbs}; do
    {jupyter} nbconvert --to html --no-input "$dir/$nb"
  done
done
echo "MARK end - $EPOCHREALTIME"
"""


def executed_mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.glob("*/*/notebooks/*.ipynb")}


def pick_touch(uys: list[tuple[int, str]], n_sections: int, wanted: str | None) -> tuple[int, str, int]:
    """The unit-year whose register to change, and how many notebooks should re-run: its own, and
    the next year's of the same unit when selected (that report compares with the previous year)."""
    if wanted:
        y, slug = wanted.split("/", 1)
        year = int(y)
        if (year, slug) not in uys:
            sys.exit(f"--touch {wanted}: not among the selected unit-years")
    else:  # the latest year's first unit: nothing depends on it, so exactly one unit-year re-runs
        year = max(y for y, _ in uys)
        slug = next(s for y, s in uys if y == year)
    dependents = sum(1 for y, s in uys if s == slug and y in (year, year + 1))
    return year, slug, dependents * n_sections


def spread(uys: list[tuple[int, str]], k: int | None) -> list[tuple[int, str]]:
    """k unit-years evenly spaced over the selection (first and last included): both years and a
    mix of unit sizes, so the per-notebook time extrapolates fairly."""
    if not k or k >= len(uys):
        return uys
    if k == 1:
        return uys[:1]
    return [uys[round(i * (len(uys) - 1) / (k - 1))] for i in range(k)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--units", type=int, metavar="N", help="only the first N unit-years (quick check)")
    ap.add_argument("--naive-units", type=int, metavar="K",
                    help="run the naive loop on K of them (evenly spaced) and extrapolate per notebook")
    ap.add_argument("--skip-naive", action="store_true", help="skip the naive loop")
    ap.add_argument("--repeat", type=int, default=3, metavar="N", help="no-op builds to run (median; default 3)")
    ap.add_argument("--touch", metavar="YEAR/SLUG",
                    help="unit-year whose chi-so.csv to change (default: first unit of the latest year)")
    ap.add_argument("--live", action="store_true",
                    help="run the checkout's code instead of a snapshot (edits during the run then show)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    info = machine()
    jobs = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    res: dict = {"machine": info, "jobs": jobs, "load_start": loadavg(), "snapshot": not args.live}
    try:
        bench = Bench(tmp, args.live)
        uys, notebooks = bench.selection(args.units)
        n_nb = len(uys) * len(notebooks)
        res.update(unit_years=len(uys), sections=len(notebooks), notebooks=n_nb)
        log(f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, commit {info['commit']}")
        log(f"sample: {len(uys)} unit-years x {len(notebooks)} notebooks = {n_nb}; load {loadavg()}")
        log(f"working in {tmp}; cchc imported from {bench.check_import()}; "
            f"subprocess output in {bench.logfile}")

        root = bench.make_root(uys)
        out = root / "output"
        res["cold"] = bench.cchc_build(root, "b. cold").summary()
        made = (len(list(out.glob("*/*/bao-cao-cchc-*.html"))), len(list(out.glob("*/*/bao-cao-cchc-*.pdf"))),
                len(executed_mtimes(out)))
        if made != (len(uys), len(uys), n_nb):
            sys.exit(f"cold build made {made[0]} HTML, {made[1]} PDF, {made[2]} notebooks; "
                     f"expected {len(uys)}, {len(uys)}, {n_nb}")

        res["noop_runs"] = [bench.cchc_build(root, f"c. no-op {i + 1}/{args.repeat}").summary()
                            for i in range(args.repeat)]
        res["noop"] = statistics.median(r["wall"] for r in res["noop_runs"])

        year, slug, expected = pick_touch(uys, len(notebooks), args.touch)
        target = root / "data" / str(year) / slug / "chi-so.csv"
        before = executed_mtimes(out)
        with open(target, "a", encoding="utf-8") as f:
            f.write("\n")  # harmless: a blank line at the end of the register
        log(f"d. appended a newline to {target.relative_to(root)}")
        res["touched"] = bench.cchc_build(root, "d. one register changed").summary()
        after = executed_mtimes(out)
        rerun = sorted(k for k in after if after[k] != before.get(k))
        res.update(touched_unit=f"{year}/{slug}", touched_rerun=len(rerun), touched_expected=expected,
                   touched_rerun_unit_years=sorted({"/".join(k.split("/")[:2]) for k in rerun}))
        log(f"d. re-executed notebooks: {len(rerun)} (expected {expected}) in "
            f"{', '.join(res['touched_rerun_unit_years']) or 'none'}")

        if not args.skip_naive:
            subset = spread(uys, args.naive_units)
            naive = bench.naive(subset, notebooks)
            naive["per_notebook"] = naive["wall"] / naive["notebooks"]
            naive["extrapolated"] = len(subset) < len(uys)
            naive["subset"] = [f"{y}/{s}" for y, s in subset]
            naive["full_estimate"] = naive["per_notebook"] * n_nb
            res["naive"] = naive
        res["load_end"] = loadavg()
    finally:
        cleanup(tmp, args.keep)
    return emit(res, report, args.json)


def cleanup(tmp: Path, keep: bool) -> None:
    """Delete a benchmark's temporary folder unless asked to keep it."""
    if keep:
        log(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


def print_machine(res: dict, extra: str = "") -> None:
    """The machine, date, commit and load lines a benchmark's report starts with."""
    m = res["machine"]
    print()
    print(f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['platform']}")
    print(f"Date: {m['date']}; commit {m['commit']}{' (snapshot)' if res['snapshot'] else ''}; {extra}"
          f"load average at start {res['load_start']}, at end {res.get('load_end', '?')}")


def emit(res: dict, report, json_path: Path | None) -> int:
    """Print the results table, and write the raw results as JSON when asked."""
    report(res)
    if json_path:
        json_path.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        log(f"wrote {json_path}")
    return 0


def report(res: dict) -> None:
    m, n_nb, jobs = res["machine"], res["notebooks"], res["jobs"]
    cold, noop, touched, naive = res["cold"]["wall"], res["noop"], res["touched"]["wall"], res.get("naive")
    print()
    print(f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['platform']}")
    print(f"Date: {m['date']}; commit {m['commit']}{' (snapshot)' if res['snapshot'] else ''}; "
          f"load average at start {res['load_start']}, at end {res.get('load_end', '?')}")
    print(f"Sample: {res['unit_years']} unit-years x {res['sections']} notebooks = {n_nb} notebooks; "
          f"cchc build jobs = {jobs}")
    print()

    def others(r: dict) -> str:
        return f"{r['cpu_others']:.0f}s ({r['cpu_others'] / r['wall']:.2f} cores)" if r["wall"] else "-"

    rows = []
    if naive:
        note = (f"extrapolated from {naive['notebooks']} notebooks in {naive['wall']:.1f}s "
                f"(papermill {naive['papermill']:.1f}s + nbconvert {naive['nbconvert']:.1f}s)"
                if naive["extrapolated"] else
                f"papermill {naive['papermill']:.1f}s + nbconvert {naive['nbconvert']:.1f}s")
        rows.append(("a. naive loop (papermill + nbconvert CLI)", naive["full_estimate"], others(naive), note))
    rows.append(("b. cchc build, cold", cold, others(res["cold"]), f"HTML + PDF + index, {jobs} jobs"))
    runs = ", ".join(f"{r['wall']:.2f}" for r in res["noop_runs"])
    mid = sorted(res["noop_runs"], key=lambda r: r["wall"])[len(res["noop_runs"]) // 2]
    rows.append(("c. cchc build, nothing changed", noop, others(mid), f"median of {runs}"))
    rows.append(("d. cchc build, one register changed", touched, others(res["touched"]),
                 f"{res['touched_unit']}: {res['touched_rerun']} notebooks re-run "
                 f"(expected {res['touched_expected']})"))
    w = max(len(r[0]) for r in rows)
    print(f"{'step':<{w}}  {'wall':>9}  {'other CPU':>18}  notes")
    for name, sec, oth, note in rows:
        print(f"{name:<{w}}  {sec:>8.2f}s  {oth:>18}  {note}")
    print("(other CPU: CPU time other processes on the machine used during the step)")
    print()
    if naive:
        print(f"naive / cold      {naive['full_estimate'] / cold:8.1f}x   (issue 4: >= 2x; issue 5: >= 5x)")
    print(f"cold / no-op      {cold / noop:8.1f}x   (issue 4: >= 50x; issue 5: no-op < 1 s)")
    print(f"cold / touched    {cold / touched:8.1f}x")
    print()
    print(f"per notebook, cold:   {cold * jobs / n_nb:.2f}s  (cold wall x {jobs} jobs / {n_nb} notebooks; "
          f"includes validation, stitching, PDF)")
    if naive:
        print(f"per notebook, naive:  {naive['per_notebook']:.2f}s  (papermill "
              f"{naive['papermill'] / naive['notebooks']:.2f}s + nbconvert "
              f"{naive['nbconvert'] / naive['notebooks']:.2f}s; no PDF)")


if __name__ == "__main__":
    sys.exit(main())
