"""`cchc build`: plan, validate once per report, execute sections in parallel, stitch, index.

A report is (unit, period), built into `output/<period-id>/<slug>/` with the sections its period
kind has (`cchc.sections`). A report is the unit of success: its sections run in parallel with
everyone else's, but its HTML, PDF and executed notebooks are replaced only when every section
succeeded and the report rendered. A failed report keeps its previous good one and gets its
failed notebooks kept under `failed/` for the reviewer; every other report goes on. (The code
still says "unit-year" for a report in places: one report was one unit-year before periods.)

Warnings printed by a section notebook (`notebook_warnings`) are read back from its output: a
glyph missing from the chart font fails the unit-year (the PDF would print a box), every other
warning is counted with the input validation's and shown with the same number in the summary
line, `status.json`, the index and the report's appendix (passed to the renderer in the header).
"""
from __future__ import annotations

import json
import shutil
import sys
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .. import paths
from ..atomic import write_atomic
from ..sections import OPENING
from ..kernel import KERNEL_NAME
from . import engines, executors, jobs
from . import notebook_warnings as nbw
from .plan import ReportPlan, code_digest, digest, inputs_digest, make_plan, section_key

OK, FAILED, CACHED = "ok", "failed", "cached"


@dataclass
class UnitYearState:
    plan: ReportPlan
    inputs: dict[str, str] = field(default_factory=dict)
    prep: jobs.PrepResult | None = None
    pending: set[str] = field(default_factory=set)  # section stems still running
    ran: list[str] = field(default_factory=list)  # stems executed this run (staged)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    status: str = ""
    keys: dict[str, str] = field(default_factory=dict)
    rendering: bool = False
    nb_warnings: dict[str, list[nbw.NotebookWarning]] = field(default_factory=dict)  # by section stem
    ticks: int = 0  # progress steps done: one per section, one for the report

    @property
    def steps(self) -> int:
        return len(self.plan.sections) + 1

    @property
    def cache_dir(self) -> Path:
        return self.plan.out_dir / ".cache"

    @property
    def staging(self) -> Path:
        return self.plan.out_dir / ".staging"

    @property
    def snapshot(self) -> Path:
        return self.cache_dir / "inputs.pickle"

    def executed(self, stem: str) -> Path:
        return self.plan.out_dir / "notebooks" / f"{stem}.ipynb"

    def warnings(self) -> dict:
        """Input validation's warnings plus the notebooks' (in section order): one count everywhere."""
        found = [w for s in self.plan.sections for w in self.nb_warnings.get(s.stem, [])]
        return nbw.summary(self.prep.warnings if self.prep else 0, found)


@dataclass
class BuildOptions:
    years: list[int] | None = None
    units: list[str] | None = None
    periods: list[str] | None = None  # period ids (2024-q1, ...); with `years`: either matches
    sections: list[str] | None = None
    jobs: int | None = None
    force: bool = False
    dry_run: bool = False
    executor: str = "local"
    executor_options: dict = field(default_factory=dict)
    timeout: int = 300  # seconds per cell
    kernel: str = KERNEL_NAME  # the project's kernel spec, installed into the venv by `make`
    # papermill engine: "cchc-fork" forks each notebook's process from a pre-imported template
    # (the default on Linux only, see engines.py); None is papermill's own (a fresh ipykernel per
    # notebook, the default elsewhere). Both give the same outputs.
    engine: str | None = field(default_factory=lambda: engines.ENGINES[engines.default_engine()])
    progress: bool = True


def build(opts: BuildOptions, out=None) -> int:
    out = out or sys.stdout  # at call time: the caller's (a test's) stdout, not the one at import
    engines.check_engine(opts.engine)  # ValueError, in Vietnamese, for fork where it is unsafe
    plans = make_plan(opts.years, opts.units, opts.sections, opts.periods)
    from ..discovery import folder_problems
    for problem in folder_problems():  # names on disk that are no period or unit: said, never read
        print(f"{problem} (bỏ qua)", file=out)
    if opts.dry_run:
        for p in plans:
            print(f"{p.key}: {len(p.sections)} phần -> {paths.relative(p.out_dir)}", file=out)
        print(f"Kế hoạch: {len(plans)} báo cáo, {sum(len(p.sections) for p in plans)} notebook.", file=out)
        return 0
    t_start = time.perf_counter()
    code = code_digest()
    states = [UnitYearState(p) for p in plans]
    for st in states:
        st.inputs = inputs_digest(st.plan)
    pool = executors.get(opts.executor, jobs=opts.jobs, **opts.executor_options)
    progress = _Progress(sum(st.steps for st in states), enabled=opts.progress)
    running: dict[Future, tuple[str, UnitYearState, str]] = {}
    # Work waits here rather than in the executor's queue, so reports are rendered as soon as
    # their sections are done (a render goes first) and unit-years finish one after another.
    queue: deque = deque()

    def submit(kind, st, name, fn, *args):
        (queue.appendleft if kind == "render" else queue.append)((kind, st, name, fn, args))

    def pump():
        while queue and len(running) < pool.capacity + 1:  # +1 keeps every worker busy
            kind, st, name, fn, args = queue.popleft()
            running[pool.submit(fn, *args)] = (kind, st, name)

    try:
        for st in states:
            cached = _cached_validation(st, code)
            if cached and not opts.force:
                st.prep = cached
                _schedule_sections(st, code, opts, submit)
            else:
                submit("prep", st, "", jobs.prepare, st.plan.period, st.plan.slug, st.snapshot)
        _finish_idle(states, code, opts, submit, progress)
        pump()
        while running:
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in done:
                kind, st, name = running.pop(fut)
                try:
                    result = fut.result()
                except Exception as e:  # the executor itself failed (e.g. a lost worker)
                    result = jobs.SectionResult(False, 0.0, f"{type(e).__name__}: {e}")
                st.seconds += getattr(result, "seconds", 0.0)
                if kind == "prep":
                    st.prep = result
                    jobs.write_json(st.cache_dir / "validation.json",
                                    {"digest": _validation_digest(st, code), **result.__dict__})
                    if result.ok:
                        _schedule_sections(st, code, opts, submit)
                    else:
                        st.errors += [m for m in result.messages if m.startswith("LỖI")]
                elif kind == "section":
                    st.pending.discard(name)
                    progress.tick(st, 1, len(running))
                    if not result.ok:
                        st.errors.append(f"{name}: {result.error}")
                    else:
                        _read_warnings(st, name, st.staging / f"{name}.ipynb")
                elif kind == "render":
                    if result.ok:
                        _promote(st)
                        write_atomic(st.cache_dir / "render.key", _render_key(st, code))
                        st.status = OK
                    else:
                        st.errors.append(f"dựng báo cáo: {result.error}")
                        _keep_failed(st)
                        st.status = FAILED
                    _finalise(st, progress)
            _finish_idle(states, code, opts, submit, progress)
            pump()
    finally:
        pool.shutdown()
        jobs.shutdown_renderer()
        progress.close()
    from .index import write_index
    write_index()
    _print_summary(states, time.perf_counter() - t_start, out)
    return 1 if any(st.status == FAILED for st in states) else 0


def _validation_digest(st: UnitYearState, code: str) -> str:
    return digest(code, json.dumps(st.inputs, sort_keys=True), json.dumps(_stable(st), sort_keys=True))


def _cached_validation(st: UnitYearState, code: str) -> jobs.PrepResult | None:
    f = st.cache_dir / "validation.json"
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.pop("digest", None) != _validation_digest(st, code) or not st.snapshot.is_file():
        return None
    return jobs.PrepResult(**data)


def _parameters(st: UnitYearState) -> dict:
    """The notebooks' papermill parameters: `unit`, `period` (the id), `snapshot`."""
    return {"unit": st.plan.slug, "period": st.plan.period, "snapshot": str(st.snapshot)}


def _stable(st: UnitYearState) -> dict:
    """What, besides the files, decides a report's figures: its parameters (the snapshot path is
    derived, not an input) and the dates of the report and of those it compares with (the
    project's cut-off calendar gives them when the params do not)."""
    p = st.plan
    return {"unit": p.slug, "period": p.period, "dates": p.dates}


def _schedule_sections(st: UnitYearState, code: str, opts: BuildOptions, submit) -> None:
    stable = _stable(st)
    for sec in st.plan.sections:
        key = section_key(code, st.inputs, sec, stable)
        st.keys[sec.stem] = key
        key_file = st.cache_dir / f"{sec.stem}.key"
        if (not opts.force and st.executed(sec.stem).is_file() and key_file.is_file()
                and key_file.read_text() == key):
            _read_warnings(st, sec.stem, st.executed(sec.stem))
            continue
        st.pending.add(sec.stem)
        st.ran.append(sec.stem)
        submit("section", st, sec.stem, jobs.run_section, sec.path, st.staging / f"{sec.stem}.ipynb",
               _parameters(st), opts.timeout, opts.kernel, opts.engine)


def _read_warnings(st: UnitYearState, stem: str, notebook: Path) -> None:
    """Keep the section's warnings; a missing glyph is an error of the unit-year, so its report
    is not rendered and the previous good one stays (the same path as a failed cell)."""
    found = nbw.of_notebook(notebook)
    st.nb_warnings[stem] = found
    for w in found:
        if w.is_error:
            st.errors.append(w.reason() + "; báo cáo không được dựng để bản PDF không in ô vuông")


def _render_key(st: UnitYearState, code: str) -> str:
    return digest(code, *[st.keys[s.stem] for s in st.plan.sections])


def _finish_idle(states, code, opts, submit, progress) -> None:
    """Move every unit-year whose running work is over to its next step."""
    for st in states:
        if st.status or st.prep is None or st.pending:
            continue
        if not st.prep.ok or st.errors:
            _keep_failed(st)
            st.status = FAILED
            _finalise(st, progress)
            continue
        if not st.rendering:
            html, pdf = _report_paths(st)
            key_file = st.cache_dir / "render.key"
            if (not opts.force and not st.ran and html.is_file() and pdf.is_file() and key_file.is_file()
                    and key_file.read_text() == _render_key(st, code)):
                st.status = CACHED
                _finalise(st, progress)
                continue
            st.rendering = True
            # Render from the staged notebooks; they are promoted only once the report exists.
            executed = [st.staging / f"{s.stem}.ipynb" if s.stem in st.ran else st.executed(s.stem)
                        for s in st.plan.sections]
            header = {**st.prep.header, "warnings": st.warnings()}  # the appendix shows the same count
            if OPENING not in st.plan.numbers and st.prep.intro_html:
                header["intro_html"] = st.prep.intro_html  # no opening section: the intro goes on top
            if not st.plan.complete:
                header["partial"] = True  # some sections left out: the parts are numbered again
            submit("render", st, "", jobs.render, executed, header, html, pdf,
                   opts.executor == "local")


def _report_paths(st: UnitYearState) -> tuple[Path, Path]:
    base = st.plan.out_dir / st.plan.report_stem
    return base.with_suffix(".html"), base.with_suffix(".pdf")


def _promote(st: UnitYearState) -> None:
    """All sections succeeded: move the staged notebooks into place, then record their keys."""
    for stem in st.ran:
        target = st.executed(stem)
        target.parent.mkdir(parents=True, exist_ok=True)
        (st.staging / f"{stem}.ipynb").replace(target)
        write_atomic(st.cache_dir / f"{stem}.key", st.keys[stem])
    shutil.rmtree(st.plan.out_dir / "failed", ignore_errors=True)
    shutil.rmtree(st.staging, ignore_errors=True)


def _keep_failed(st: UnitYearState) -> None:
    failed = st.plan.out_dir / "failed"
    shutil.rmtree(failed, ignore_errors=True)
    if st.staging.is_dir():
        staged = [p for p in st.staging.glob("*.ipynb")]
        if staged:
            failed.mkdir(parents=True, exist_ok=True)
            for p in staged:
                p.replace(failed / p.name)
        shutil.rmtree(st.staging, ignore_errors=True)


def _finalise(st: UnitYearState, progress) -> None:
    html, pdf = _report_paths(st)
    out = st.plan.out_dir
    messages = st.prep.messages if st.prep else []
    if not messages:  # never an empty file behind the index's link
        messages = [f"{st.plan.key}: dữ liệu đầu vào không có lỗi và không có cảnh báo."
                    if st.prep else f"{st.plan.key}: chưa kiểm tra được dữ liệu đầu vào."]
    write_atomic(out / "kiem-tra-du-lieu.txt", "\n".join(messages) + "\n")
    warnings = st.warnings()
    jobs.write_json(out / "status.json", {
        "period": st.plan.period, "period_name": st.plan.period_name,
        "period_start": st.plan.start, "period_end": st.plan.end,
        "year": st.plan.year, "slug": st.plan.slug,
        "status": FAILED if st.status == FAILED else OK,
        "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds": round(st.seconds, 2),
        "errors": st.errors, "warnings": warnings["total"],
        "warnings_inputs": warnings["inputs"], "warnings_notebooks": warnings["notebooks"],
        "headline": st.prep.headline if st.prep else {},
        "unit_name": (st.prep.header or {}).get("unit_name", st.plan.slug) if st.prep else st.plan.slug,
        "html": html.name if html.is_file() else None, "pdf": pdf.name if pdf.is_file() else None,
        "notebooks": sorted(p.relative_to(out).as_posix() for p in (out / "notebooks").glob("*.ipynb")),
        "failed_notebooks": sorted(p.relative_to(out).as_posix() for p in (out / "failed").glob("*.ipynb")),
    })
    progress.failed += st.status == FAILED
    progress.tick(st, st.steps - st.ticks)


class _Progress:
    """One step per section notebook and one per report; cached work counts as done at once."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        self.failed = 0
        if enabled and total:
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="bước", desc="Dựng báo cáo", file=sys.stderr,
                            dynamic_ncols=True, smoothing=0.1)

    def tick(self, st: UnitYearState, n: int, running: int | None = None) -> None:
        st.ticks += n
        if self.bar and n:
            extra = f"đang chạy {running}, " if running is not None else ""
            self.bar.set_postfix_str(f"{extra}lỗi {self.failed}; {st.plan.key}", refresh=False)
            self.bar.update(n)

    def close(self) -> None:
        if self.bar:
            self.bar.close()


def _why(st: UnitYearState) -> Path:
    """Where a failed unit-year's reason is: its inputs' messages, or the notebooks that failed."""
    failed = st.plan.out_dir / "failed"
    if st.prep is not None and st.prep.ok and failed.is_dir():
        return failed
    return st.plan.out_dir / "kiem-tra-du-lieu.txt"


def _print_summary(states, seconds: float, out) -> None:
    labels = {OK: "xong", CACHED: "không đổi", FAILED: "LỖI"}
    counts = [st.warnings()["total"] for st in states]
    rows = [(st.plan.key, labels.get(st.status, st.status), f"{st.seconds:.1f}s", f"{n} cảnh báo",
             paths.relative(_report_paths(st)[0]) if st.status != FAILED else paths.relative(_why(st)))
            for st, n in zip(states, counts)]
    if rows:
        w = [max(len(r[i]) for r in rows) for i in range(4)]
        for r in rows:
            print(f"{r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:>{w[2]}}  {r[3]:>{w[3]}}  {r[4]}", file=out)
    n_failed = sum(st.status == FAILED for st in states)
    print(f"{len(states)} báo cáo: {len(states) - n_failed} thành công, {n_failed} lỗi; {sum(counts)} cảnh báo; "
          f"{seconds:.1f} giây. Mục lục: {paths.relative(paths.output_dir() / 'index.html')}", file=out)
    for st in states:
        if st.status == FAILED:
            print(f"\n{st.plan.key}:", file=out)
            for e in st.errors[:20]:
                print(f"  {e}", file=out)
