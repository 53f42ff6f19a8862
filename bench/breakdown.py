"""Benchmark: where one section notebook's wall time goes, for both engines, against the floor.

For one unit-year (default phường Nguyễn Nghiêm 2023) this measures, in one run:

  1. process costs, in fresh subprocesses: starting Python, and importing pandas, matplotlib and
     the cchc modules the notebooks use (median of --import-runs);
  2. validation once per unit-year: `cchc.batch.jobs.prepare` (read + validate the registers,
     write the snapshot every section notebook of a build reads);
  3. the FLOOR: every section notebook's code cells exec'd in this one plain Python process, in
     one namespace, IPython's `display` stubbed, charts rendered to PNG as `cchc.show` renders
     them; timed per cell and per section (load snapshot / prose and tables / chart figure /
     chart PNG). First pass reported apart (first-use costs); the floor is the median of the rest;
  4. each section notebook through `papermill.execute_notebook`, with papermill's own engine (a
     fresh ipykernel) and with `cchc-fork`, interleaved, --runs times for the --focus notebooks
     and --sweep-runs times for the others. Per run: wall; kernel start (plain: launch + wait
     for ready; fork: connect + fork + child set-up); kernel shutdown; cell times from the
     notebook's `metadata.execution` timestamps, split into the parameters cell, the set-up cell
     (`import cchc` + `cchc.report(...)`: in a fresh kernel this is where pandas, matplotlib and
     cchc get imported), prose/table cells and chart cells; papermill's notebook writes (it saves
     after every cell); the rest is papermill and nbclient machinery (reading, parameterising,
     messages). The fork template (zygote) start is timed once and excluded, as a build pays it
     once;
  5. per unit-year: `cchc.render` stitch, HTML export, PDF (WeasyPrint) on the executed notebooks
     of the last fork run, median of --render-runs.

Overhead of a notebook = wall - (our computation + charts). Two readings are printed:
  - "vs cells":  wall - our cells' time, where for the plain kernel the set-up cell's imports are
                 counted as overhead (its time beyond the fork run's set-up cell, which imports
                 nothing);
  - "vs floor":  wall - the floor's time for the same section (stricter: also counts first-use
                 costs a fresh process pays inside our cells, e.g. the first figure).

The code is a snapshot (like bench/run.py) so edits to the checkout during a run do not mix
versions. Inputs are read from the checkout's params/ and data/ (never written); everything
written goes to a temporary folder.

Usage: .venv/bin/python bench/breakdown.py [--unit SLUG] [--year Y] [--runs N] [--sweep-runs N]
           [--floor-runs N] [--render-runs N] [--focus 02,03] [--live] [--json FILE] [--keep]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as benchrun  # noqa: E402  (bench/run.py: machine(), loadavg(), Bench, log)

from run import BIN, REPO, loadavg, log  # noqa: E402

median = statistics.median

IMPORT_PROBE = r"""
import json, sys, time
t = {}
def imp(label, *mods):
    t0 = time.perf_counter()
    for m in mods:
        __import__(m)
    t[label] = time.perf_counter() - t0
imp("numpy", "numpy")
imp("pandas", "pandas")
imp("matplotlib", "matplotlib", "matplotlib.pyplot")
imp("IPython", "IPython", "IPython.display")
imp("cchc", "cchc", "cchc.unit_report", "cchc.charts", "cchc.display", "cchc.chart_style",
    "cchc.fmt", "cchc.figures.tthc", "cchc.figures.staff", "cchc.figures.documents",
    "cchc.figures.indicators", "cchc.checks", "cchc.citations", "cchc.prose.tthc", "cchc.prose.staff",
    "cchc.prose.documents", "cchc.prose.indicators", "cchc.prose.findings", "cchc.prose.header")
print(json.dumps(t))
"""


# --- notebook cells ------------------------------------------------------------------------------

def cell_kind(cell) -> str:
    tags = cell.get("metadata", {}).get("tags", [])
    src = "".join(cell.get("source", ""))
    if "parameters" in tags or "injected-parameters" in tags:
        return "params"
    if "cchc.report(" in src:
        return "setup"
    if "report.chart_" in src:
        return "chart"
    return "content"


def cell_seconds(cell) -> float | None:
    ex = cell.get("metadata", {}).get("execution", {})
    if "iopub.execute_input" in ex and "shell.execute_reply" in ex:
        a = datetime.fromisoformat(ex["iopub.execute_input"].replace("Z", "+00:00"))
        b = datetime.fromisoformat(ex["shell.execute_reply"].replace("Z", "+00:00"))
        return (b - a).total_seconds()
    return None


def count_images(nb) -> int:
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
               if "image/png" in o.get("data", {}))


# --- timing hooks on papermill / nbclient --------------------------------------------------------

class Hooks:
    """Accumulates seconds spent in a few papermill/nbclient functions during one notebook run."""

    def __init__(self):
        self.t: dict[str, float] = defaultdict(float)
        self.n: dict[str, int] = defaultdict(int)

    def reset(self) -> None:
        self.t.clear()
        self.n.clear()

    def add(self, key: str, dt: float) -> None:
        self.t[key] += dt
        self.n[key] += 1

    def install(self) -> None:
        import papermill.engines as pen
        import papermill.execute as pex
        import papermill.iorw as pio
        from nbclient import NotebookClient

        orig_write = pio.write_ipynb

        def write_ipynb(*a, **k):
            t = time.perf_counter()
            try:
                return orig_write(*a, **k)
            finally:
                self.add("write", time.perf_counter() - t)

        pex.write_ipynb = pen.write_ipynb = write_ipynb  # both modules imported it by name

        orig_engine = pen.PapermillEngines.execute_notebook_with_engine

        def execute_notebook_with_engine(registry, *a, **k):
            t = time.perf_counter()
            try:
                return orig_engine(registry, *a, **k)
            finally:
                self.add("engine", time.perf_counter() - t)

        pen.PapermillEngines.execute_notebook_with_engine = execute_notebook_with_engine

        # papermill's client runs nbclient's synchronous wrappers (setup_kernel), which hold the
        # original coroutines: patch the wrappers themselves.
        for name, key in (("start_new_kernel", "launch"), ("start_new_kernel_client", "ready"),
                          ("_cleanup_kernel", "shutdown")):
            orig = getattr(NotebookClient, name)

            def timed(client, *a, _orig=orig, _key=key, **k):
                t = time.perf_counter()
                try:
                    return _orig(client, *a, **k)
                finally:
                    self.add(_key, time.perf_counter() - t)

            setattr(NotebookClient, name, timed)


# --- the steps -------------------------------------------------------------------------------------

def process_costs(env: dict, runs: int) -> dict:
    """Fresh-process costs: `python -c pass`, and each import group in a new interpreter."""
    py = str(BIN / "python")
    starts, probes = [], []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([py, "-c", "pass"], env=env, check=True)
        starts.append(time.perf_counter() - t)
        out = subprocess.run([py, "-c", IMPORT_PROBE], env=env, check=True, capture_output=True, text=True)
        probes.append(json.loads(out.stdout))
    res = {"python_start": median(starts)}
    for k in probes[0]:
        res["import_" + k] = median(p[k] for p in probes)
    res["imports_total"] = sum(v for k, v in res.items() if k.startswith("import_"))
    return res


def floor(notebooks: list[Path], unit: str, year: int, snapshot: Path, passes: int) -> dict:
    """Every notebook's code cells in this process, one namespace, display stubbed; per section:
    load (set-up cell), content cells, chart figure, chart PNG. Pass 1 apart; median of the rest."""
    import IPython.display
    import matplotlib.pyplot as plt
    import nbformat

    from cchc import chart_style

    shown: list = []
    IPython.display.display = lambda *objs, **kw: shown.extend(objs)  # cchc.show imports it per call
    png_time = [0.0]
    orig_png = chart_style.figure_png

    def figure_png(fig, *a, **k):
        t = time.perf_counter()
        try:
            return orig_png(fig, *a, **k)
        finally:
            png_time[0] += time.perf_counter() - t

    chart_style.figure_png = figure_png  # show_figure looks it up in the module at call time

    sections = {p.name: [c for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code"]
                for p in notebooks}
    runs: list[dict] = []
    outputs: dict[str, int] = {}
    for _ in range(passes):
        per: dict[str, dict] = {}
        ns: dict = {"unit": unit, "period": str(year), "snapshot": str(snapshot)}
        for name, cells in sections.items():
            row = defaultdict(float)
            shown.clear()
            n_img = 0
            for cell in cells:
                kind = cell_kind(cell)
                if kind == "params":
                    continue  # the namespace already holds unit, period, snapshot
                code = compile(cell.source, f"<{name}>", "exec")
                png_time[0] = 0.0
                t = time.perf_counter()
                exec(code, ns)
                dt = time.perf_counter() - t
                if kind == "chart":
                    row["chart_png"] += png_time[0]
                    row["chart_figure"] += dt - png_time[0]
                    n_img += 1
                else:
                    row[kind] += dt
            row["total"] = sum(row.values())
            per[name] = dict(row)
            outputs[name] = len(shown)
        runs.append(per)
    plt.close("all")
    chart_style.figure_png = orig_png
    steady = runs[1:] or runs
    keys = ("setup", "content", "chart_figure", "chart_png", "total")
    res = {"first_pass": {n: runs[0][n] for n in sections},
           "sections": {n: {k: median(r[n].get(k, 0.0) for r in steady) for k in keys} for n in sections},
           "displayed": outputs, "passes": passes}
    res["unit_year_total"] = sum(s["total"] for s in res["sections"].values())
    res["unit_year_first_pass"] = sum(s["total"] for s in res["first_pass"].values())
    return res


def run_notebook(pm, hooks: Hooks, engine: str | None, nb_path: Path, out: Path, params: dict,
                 config) -> dict:
    from cchc.batch import fork_engine

    hooks.reset()
    t = time.perf_counter()
    nb = pm.execute_notebook(str(nb_path), str(out), parameters=params, kernel_name="cchc",
                             progress_bar=False, log_output=False, cwd=str(nb_path.parent),
                             engine_name=engine, config=config)  # as cchc.batch.jobs.run_section
    wall = time.perf_counter() - t
    row = {"wall": wall, "engine": hooks.t["engine"], "write": hooks.t["write"],
           "writes": hooks.n["write"], "images": count_images(nb)}
    cells = defaultdict(float)
    for c in nb.cells:
        if c.cell_type == "code":
            s = cell_seconds(c)
            if s is not None:
                cells[cell_kind(c)] += s
    for k in ("params", "setup", "content", "chart"):
        row["cell_" + k] = cells.get(k, 0.0)
    row["cells"] = sum(cells.values())
    if engine is None:
        row["start"] = hooks.t["launch"] + hooks.t["ready"]
        row["launch"], row["ready"] = hooks.t["launch"], hooks.t["ready"]
        row["shutdown"] = hooks.t["shutdown"]
    else:
        st = fork_engine.ForkEngine.stats
        row["start"], row["shutdown"] = st.start, 0.0
    row["other"] = wall - row["start"] - row["shutdown"] - row["cells"] - row["write"]
    row["outside"] = wall - row["engine"]  # read, parameterise, final write
    return row


def render_unit_year(executed: list[Path], header: dict, out: Path, runs: int) -> dict:
    from cchc.atomic import write_atomic
    from cchc.render import html_to_pdf_bytes, render_html, stitch, write_report

    rows = []
    for i in range(runs + 1):  # run 0: first call in this process (imports WeasyPrint, templates)
        t0 = time.perf_counter()
        nb = stitch(executed, header)
        t1 = time.perf_counter()
        html = render_html(nb)
        t2 = time.perf_counter()
        pdf = html_to_pdf_bytes(html)
        t3 = time.perf_counter()
        write_atomic(out / f"r{i}.pdf", pdf)
        write_atomic(out / f"r{i}.html", html.encode("utf-8"))
        t4 = time.perf_counter()
        rows.append({"stitch": t1 - t0, "html": t2 - t1, "pdf": t3 - t2, "write": t4 - t3,
                     "html_mb": len(html.encode()) / 1e6, "pdf_mb": len(pdf) / 1e6})
    t = time.perf_counter()
    write_report(executed, header, out / "report.html", out / "report.pdf")
    res = {k: median(r[k] for r in rows[1:]) for k in rows[0]}
    res["first"] = rows[0]
    res["write_report"] = time.perf_counter() - t
    return res


# --- main ---------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--unit", default="phuong-nguyen-nghiem", help="unit slug (default phuong-nguyen-nghiem)")
    ap.add_argument("--year", type=int, default=2023, help="report year (default 2023)")
    ap.add_argument("--focus", default="02,03", metavar="NN,NN",
                    help="notebooks run --runs times (default 02,03: the lightest and the heaviest)")
    ap.add_argument("--runs", type=int, default=10, metavar="N", help="runs of each focus notebook per engine (10)")
    ap.add_argument("--sweep-runs", type=int, default=3, metavar="N",
                    help="runs of every other notebook per engine (3)")
    ap.add_argument("--floor-runs", type=int, default=10, metavar="N", help="passes of the floor (10)")
    ap.add_argument("--render-runs", type=int, default=3, metavar="N", help="stitch/HTML/PDF repeats (3)")
    ap.add_argument("--import-runs", type=int, default=5, metavar="N", help="fresh-process import probes (5)")
    ap.add_argument("--live", action="store_true", help="use the checkout's code, not a snapshot")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    if min(args.runs, args.sweep_runs, args.render_runs, args.import_runs) < 1 or args.floor_runs < 2:
        ap.error("runs must be >= 1 (--floor-runs >= 2: the first pass is reported apart)")

    info = benchrun.machine()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-breakdown-"))
    res: dict = {"machine": info, "unit": args.unit, "year": args.year, "load_start": loadavg(),
                 "snapshot": not args.live}
    try:
        bench = benchrun.Bench(tmp, args.live)
        # Every process we start (kernels, the fork zygote, probes) sees the snapshot and reads the
        # checkout's params/ and data/; anything written goes under tmp.
        os.environ.update({k: v for k, v in bench.env.items() if k == "PYTHONPATH"})
        for k in [k for k in os.environ if k.startswith("CCHC_")]:
            del os.environ[k]
        os.environ.update(CCHC_ROOT=str(REPO), CCHC_OUTPUT=str(tmp / "output"))
        sys.path.insert(0, str(bench.code / "lib"))
        env = dict(os.environ)
        import cchc
        log(f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, commit {info['commit']}; "
            f"cchc from {Path(cchc.__file__).parent}; load {loadavg()}")

        from cchc.batch import plan
        notebooks = [s.path for s in plan.sections()]
        notebooks = [bench.code / "notebooks" / p.name for p in notebooks] if not args.live else notebooks
        focus = {p.name for p in notebooks if p.name.split("_")[0] in args.focus.split(",")}
        res["notebooks"] = [p.name for p in notebooks]
        res["focus"] = sorted(focus)

        log(f"1. process costs ({args.import_runs} fresh interpreters)")
        res["process"] = process_costs(env, args.import_runs)

        log("2. validation once per unit-year (cchc.batch.jobs.prepare)")
        from cchc.batch import jobs
        snap = tmp / "snapshot.pkl"
        preps = []
        for _ in range(3):
            prep = jobs.prepare(args.year, args.unit, snap)
            if not prep.ok:
                sys.exit("prepare failed: " + "; ".join(prep.messages[:5]))
            preps.append(prep.seconds)
        res["prepare"] = median(preps)
        header = prep.header

        log(f"3. floor: {len(notebooks)} notebooks' code cells in this process, {args.floor_runs} passes")
        res["floor"] = floor(notebooks, args.unit, args.year, snap, args.floor_runs)
        log(f"   floor per unit-year {res['floor']['unit_year_total']:.3f}s "
            f"(first pass {res['floor']['unit_year_first_pass']:.3f}s)")

        log("4. notebooks through papermill, both engines interleaved")
        import papermill as pm
        from traitlets.config import Config

        from cchc.batch import fork_engine
        hooks = Hooks()
        hooks.install()
        t = time.perf_counter()
        fork_engine.zygote()
        res["zygote_start"] = time.perf_counter() - t
        log(f"   fork template (zygote) started in {res['zygote_start']:.2f}s (once per build)")
        sockets = tempfile.mkdtemp(prefix="k-", dir=tmp)  # as jobs.run_section: IPC, no TCP ports
        config = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "k")}})
        params = {"unit": args.unit, "period": str(args.year), "snapshot": str(snap)}
        engines = {"plain": None, "fork": "cchc-fork"}
        runs_dir = tmp / "runs"
        runs_dir.mkdir()
        for label, eng in engines.items():  # warm-up, discarded: disk caches, first kernel spec lookup
            run_notebook(pm, hooks, eng, notebooks[0], runs_dir / f"warm-{label}.ipynb", params, config)
        rows: dict[str, dict[str, list[dict]]] = {e: defaultdict(list) for e in engines}
        loads = []
        for r in range(max(args.runs, args.sweep_runs)):
            for p in notebooks:
                if r >= (args.runs if p.name in focus else args.sweep_runs):
                    continue
                for label, eng in (engines.items() if r % 2 == 0 else reversed(engines.items())):
                    out = runs_dir / label / p.name if label == "fork" else runs_dir / f"{label}-{p.name}"
                    out.parent.mkdir(exist_ok=True)
                    rows[label][p.name].append(run_notebook(pm, hooks, eng, p, out, params, config))
            loads.append(loadavg())
            log(f"   round {r + 1}: load {loads[-1]}")
        res["load_during_runs"] = loads
        fork_engine.shutdown()
        shutil.rmtree(sockets, ignore_errors=True)

        per: dict[str, dict[str, dict]] = {}
        for label in engines:
            per[label] = {}
            for name, rs in rows[label].items():
                per[label][name] = {k: median(x[k] for x in rs) for k in rs[0]}
                per[label][name]["n"] = len(rs)
        # Imports (and first-use costs) a fresh kernel pays inside our cells: its cells' time beyond
        # the fork child's for the same cells, where everything is already imported. pandas and
        # cchc come in with the set-up cell, matplotlib with the first chart.
        for name in res["notebooks"]:
            pl, fk, fl = per["plain"][name], per["fork"][name], res["floor"]["sections"][name]
            pl["imports_in_cells"] = max(0.0, (pl["cells"] - pl["cell_params"]) - (fk["cells"] - fk["cell_params"]))
            fk["imports_in_cells"] = 0.0
            for row in (pl, fk):
                ours = row["cells"] - row["cell_params"] - row["imports_in_cells"]
                row["ours"] = ours
                row["overhead_cells"] = row["wall"] - ours
                row["overhead_floor"] = row["wall"] - fl["total"]
        res["per_notebook"] = per
        for label in engines:
            res[f"median_overhead_cells_{label}"] = median(per[label][n]["overhead_cells"] for n in res["notebooks"])
            res[f"median_overhead_floor_{label}"] = median(per[label][n]["overhead_floor"] for n in res["notebooks"])
            res[f"unit_year_notebooks_{label}"] = sum(per[label][n]["wall"] for n in res["notebooks"])
        imgs = {label: sum(per[label][n]["images"] for n in res["notebooks"]) for label in engines}
        if len(set(imgs.values())) != 1:
            sys.exit(f"engines made different numbers of charts: {imgs}")
        res["images"] = imgs["fork"]

        log(f"5. stitch + HTML + PDF of the unit-year ({args.render_runs} runs)")
        executed = [runs_dir / "fork" / p.name for p in notebooks]
        render_dir = tmp / "render"
        render_dir.mkdir()
        res["render"] = render_unit_year(executed, header, render_dir, args.render_runs)
        html = (render_dir / "report.html").read_text(encoding="utf-8")
        res["report_checks"] = {"3.956": "3.956" in html, "58,79": "58,79" in html}
        res["load_end"] = loadavg()
    finally:
        benchrun.cleanup(tmp, args.keep)
    return benchrun.emit(res, report, args.json)


def report(res: dict) -> None:
    m = res["machine"]
    print()
    print(f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['platform']}")
    print(f"Date: {m['date']}; commit {m['commit']}{' (snapshot)' if res['snapshot'] else ''}; "
          f"load average at start {res['load_start']}, at end {res.get('load_end', '?')}")
    print(f"Unit-year: {res['year']}/{res['unit']}; {len(res['notebooks'])} section notebooks, "
          f"{res['images']} charts")
    pc = res["process"]
    print()
    print("Fresh process (median): python start {:.3f}s; imports numpy {:.3f}s, pandas {:.3f}s, "
          "matplotlib+pyplot {:.3f}s, IPython {:.3f}s, cchc modules {:.3f}s (total {:.3f}s)".format(
              pc["python_start"], pc["import_numpy"], pc["import_pandas"], pc["import_matplotlib"],
              pc["import_IPython"], pc["import_cchc"], pc["imports_total"]))
    print(f"Fork template (zygote) start, once per build: {res['zygote_start']:.2f}s")
    print(f"Validation once per unit-year (read + validate registers, write snapshot): {res['prepare']:.3f}s")

    per, fl = res["per_notebook"], res["floor"]
    for name in res["focus"]:
        f = fl["sections"][name]
        print()
        print(f"{name}: median seconds per notebook ({per['plain'][name]['n']} runs per engine)")
        lines = [
            ("kernel / process start", "start", None),
            ("  plain: launch process", "launch", None),
            ("  plain: wait for kernel ready", "ready", None),
            ("parameters cell", "cell_params", None),
            ("set-up cell: import cchc + report(snapshot)", "cell_setup", f["setup"]),
            ("prose / table cells", "cell_content", f["content"]),
            ("chart cells (figure + PNG)", "cell_chart", f["chart_figure"] + f["chart_png"]),
            ("writing the notebook (papermill saves) [a]", "write", None),
            ("kernel shutdown", "shutdown", None),
            ("other: papermill, nbclient, messages [b]", "other", None),
            ("WALL", "wall", f["total"]),
            ("  papermill outside the engine call", "outside", None),
            ("imports inside cells (plain cells - fork cells)", "imports_in_cells", None),
            ("our computation + charts", "ours", f["total"]),
            ("overhead: wall - our cells", "overhead_cells", None),
            ("overhead: wall - floor", "overhead_floor", None),
        ]
        print(f"  {'part':<46} {'plain':>8} {'fork':>8} {'floor':>8}")
        for label, key, floor_v in lines:
            pl, fk = per["plain"][name].get(key), per["fork"][name].get(key)
            fmt = lambda v: f"{v:8.3f}" if isinstance(v, (int, float)) else f"{'':>8}"  # noqa: E731
            print(f"  {label:<46} {fmt(pl)} {fmt(fk if key not in ('launch', 'ready') else None)} {fmt(floor_v)}")
        print(f"  floor split: chart figure {f['chart_figure']:.3f}s, chart PNG {f['chart_png']:.3f}s; "
              f"papermill writes the notebook {per['plain'][name]['writes']:.0f} times")
    print("  [a] with cchc-fork the child runs ahead while papermill saves, so saves overlap the cells")
    print("  [b] wall minus the rows above (negative when [a] overlaps)")

    print()
    print("All notebooks: median seconds per notebook")
    print(f"  {'notebook':<30} {'plain wall':>10} {'fork wall':>10} {'floor':>7} {'ovh plain':>10} "
          f"{'ovh fork':>9} {'(vs floor)':>11}")
    for name in res["notebooks"]:
        pl, fk = per["plain"][name], per["fork"][name]
        print(f"  {name:<30} {pl['wall']:10.3f} {fk['wall']:10.3f} {fl['sections'][name]['total']:7.3f} "
              f"{pl['overhead_cells']:10.3f} {fk['overhead_cells']:9.3f} {fk['overhead_floor']:11.3f}")
    print(f"  median per-notebook overhead: plain {res['median_overhead_cells_plain']:.3f}s "
          f"(vs floor {res['median_overhead_floor_plain']:.3f}s); fork {res['median_overhead_cells_fork']:.3f}s "
          f"(vs floor {res['median_overhead_floor_fork']:.3f}s)   [issue 5: <= 0.3 s with the fast engine]")

    r = res["render"]
    print()
    print("Per unit-year (seconds, one process, sequential)")
    rows = [
        ("validation + snapshot (once)", res["prepare"]),
        ("10 notebooks, plain kernel (sum of medians)", res["unit_year_notebooks_plain"]),
        ("10 notebooks, cchc-fork (sum of medians)", res["unit_year_notebooks_fork"]),
        ("floor: 10 sections in one process (steady)", fl["unit_year_total"]),
        ("floor: first pass (cold first-use costs)", fl["unit_year_first_pass"]),
        ("stitch", r["stitch"]),
        (f"HTML export ({r['html_mb']:.1f} MB)", r["html"]),
        (f"PDF, WeasyPrint ({r['pdf_mb']:.2f} MB)", r["pdf"]),
        ("writing HTML + PDF", r["write"]),
        ("write_report (stitch + HTML + PDF + write), once", r["write_report"]),
        ("first render in a process (imports WeasyPrint etc.)",
         sum(r["first"][k] for k in ("stitch", "html", "pdf", "write"))),
    ]
    for label, v in rows:
        print(f"  {label:<50} {v:8.3f}")
    checks = ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in res["report_checks"].items())
    print(f"  report holds {checks}")


if __name__ == "__main__":
    sys.exit(main())
