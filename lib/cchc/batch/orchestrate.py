"""`cchc build`: plan, read the inputs once, validate once per report, execute sections in parallel,
stitch, promote each report's files as one set, index.

A report is (unit, period), built into `output/<period-id>/<slug>/` with the sections its period
kind has (`cchc.sections`). A report is the unit of success: its sections run in parallel with
everyone else's, but its files (HTML, PDF, XLSX, DOCX, executed notebooks, their cache keys and its
status.json) are replaced only when every section succeeded and the report rendered, and then all
together (`atomic.promote_set`): until then they are staged in the build's own folder,
`output/.staging/<build>/`. A failed report keeps its previous good set whole, gets its failed
notebooks kept under `failed/` for the reviewer and a status.json saying why; every other report
goes on. (The code still says "unit-year" for a report in places: one report was one unit-year
before periods.)

What a build can rely on, and what it does when it cannot:
- one build per output folder (`lock.BuildLock`): a second one is refused, naming the first;
  a lock left by a build that was killed is taken over, and its staging and half-promoted sets
  are tidied (`atomic.recover`) before anything starts;
- every input is read once, at the start (`inputs.Freezer`): the cache key, the figures and the
  provenance table are of the same bytes, whatever happens to the files during the build;
- SIGINT (Ctrl-C) and SIGTERM stop it cleanly: the workers, the fork engine's zygote and the
  notebooks' processes are stopped, the staging is removed, a set being promoted is finished first
  (`_Signals`), `BuildInterrupted` reaches the command line, which says one line (exit 130 / 143);
- a full disk or a folder that cannot be written fails the reports it touches with one Vietnamese
  line (`errors.os_error`), never a traceback; the index is still rewritten when it can be.

Warnings printed by a section notebook (`notebook_warnings`) are read back from its output: a
glyph missing from the chart font fails the unit-year (the PDF would print a box), every other
warning is counted with the input validation's and shown with the same number in the summary
line, `status.json`, the index and the report's appendix (passed to the renderer in the header).
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .. import paths
from ..atomic import promote_set, recover, write_atomic
from ..sections import OPENING
from ..kernel import KERNEL_NAME
from . import engines, executors, jobs
from . import notebook_warnings as nbw
from .errors import BuildInterrupted, describe
from .plan import ReportPlan, code_digest, digest, make_plan, section_key

OK, FAILED, CACHED = "ok", "failed", "cached"
STAGING = ".staging"  # output/.staging/<build>/: each build's own, removed when it ends


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
    stage: Path | None = None  # this build's staging folder for the report
    vdigest: str = ""  # the validation's key: code, inputs, parameters
    section_errors: dict[str, str] = field(default_factory=dict)  # stem -> why it failed
    detail: str = ""  # a render's traceback, for the developer (failed/chi-tiet-loi.txt)
    submitted: bool = False  # a consolidated report: its preparation was started
    failed_children: list[str] = field(default_factory=list)  # a consolidated report's children that failed

    @property
    def steps(self) -> int:
        return len(self.plan.sections) + 1

    @property
    def cache_dir(self) -> Path:
        return self.plan.out_dir / ".cache"

    @property
    def staging(self) -> Path:
        return self.stage or self.plan.out_dir / STAGING

    @property
    def snapshot(self) -> Path:
        """The validated inputs the sections read; named by the validation key, so a snapshot is
        only ever used with the inputs it was made from."""
        return self.cache_dir / (f"inputs-{self.vdigest[:16]}.pickle" if self.vdigest else "inputs.pickle")

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
    """Build the selected reports; 0 when every one is good, 1 when one failed. Raises
    `errors.BuildBusy` (another build holds the output folder), `BuildInterrupted` (SIGINT or
    SIGTERM, after stopping cleanly), `PlanError` / ValueError (a request that cannot be planned)."""
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
    from .lock import BuildLock

    with BuildLock(paths.output_dir()) as lock:
        stale = lock.stale_message()
        if stale:
            print(stale, file=out)
        return _Build(opts, plans, out).run()


class _Signals:
    """SIGINT and SIGTERM raise `BuildInterrupted` in the main thread, except inside a critical
    section (a set being promoted), whose end raises it instead; after the first, the next are
    only noted (the build is already stopping). Installed only in the main thread."""

    def __init__(self):
        self.critical = 0
        self.pending: int | None = None
        self.stopping = False
        self.saved: dict = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for s in (signal.SIGINT, signal.SIGTERM):
                self.saved[s] = signal.signal(s, self._handler)
        return self

    def __exit__(self, *exc):
        for s, h in self.saved.items():
            signal.signal(s, h)

    def _handler(self, signum, frame):
        if self.stopping:
            return
        if self.critical:
            self.pending = signum
            return
        self.stopping = True
        raise BuildInterrupted(signum)

    @contextlib.contextmanager
    def critical_section(self):
        self.critical += 1
        try:
            yield
        finally:
            self.critical -= 1
        if not self.critical and self.pending is not None and not self.stopping:
            signum, self.pending = self.pending, None
            self.stopping = True
            raise BuildInterrupted(signum)

    def quiet(self) -> None:
        self.stopping = True


class _Build:
    def __init__(self, opts: BuildOptions, plans: list[ReportPlan], out):
        self.opts, self.out = opts, out
        self.output = paths.output_dir()
        self.token = f"{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
        self.work = self.output / STAGING / self.token
        self.states = [UnitYearState(p, stage=self.work / "reports" / p.period / p.slug) for p in plans]
        self.signals = _Signals()
        self.index_error = ""

    # ---- the run ---------------------------------------------------------------------------
    def run(self) -> int:
        opts, states = self.opts, self.states
        t_start = time.perf_counter()
        self._tidy()
        code = code_digest()
        children_before = _descendants()
        interrupted: BuildInterrupted | None = None
        pool = None
        progress = None
        quiet = _QuietLibraries()
        with self.signals, quiet:
            try:
                self._freeze(code)
                pool = executors.get(opts.executor, jobs=opts.jobs, **opts.executor_options)
                progress = _Progress(sum(st.steps for st in states), enabled=opts.progress)
                self._loop(pool, code, progress)
            except BuildInterrupted as e:
                interrupted = e
            finally:
                self.signals.quiet()  # stopping now: a second Ctrl-C must not cut the clean-up short
                _stop_workers(pool, kill=interrupted is not None, before=children_before)
                if progress:
                    progress.close()
                shutil.rmtree(self.work, ignore_errors=True)
                with contextlib.suppress(OSError):
                    (self.output / STAGING).rmdir()  # only when no other build's is there
                self._write_index()
        if interrupted is not None:
            raise interrupted
        _print_summary(states, time.perf_counter() - t_start, self.out)
        if self.index_error:
            print(f"LỖI: {self.index_error}", file=self.out)
        return 1 if any(st.status == FAILED for st in states) or self.index_error else 0

    def _tidy(self) -> None:
        """Before anything starts (the lock is ours): finish set promotions a killed build left half
        done, then remove every build's leftover staging and temporary files."""
        for journal in self.output.glob("*/*/.promote.json"):
            with contextlib.suppress(OSError):
                recover(journal.parent)
        shutil.rmtree(self.output / STAGING, ignore_errors=True)
        for leftover in [*self.output.glob(f"*/*/{STAGING}"), *self.output.glob("*/*/failed/.*.tmp"),
                         *self.output.glob("*/*/.*.tmp"), *self.output.glob("*/*/*/.*.tmp"),
                         *self.output.glob(".*.tmp")]:
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def _freeze(self, code: str) -> None:
        """Every report's inputs read once into the build's frozen tree; their digests are its key."""
        from .inputs import Freezer

        freezer = Freezer(self.work / "inputs")
        self.frozen = freezer.target
        for st in self.states:
            try:
                st.inputs = freezer.freeze(st.plan.inputs)
            except OSError as e:
                st.errors.append(f"không chép được dữ liệu đầu vào vào thư mục tạm của lần dựng: "
                                 f"{describe(e, 'chép dữ liệu đầu vào')}")
                continue
            st.vdigest = _validation_digest(st, code)

    def _loop(self, pool, code: str, progress) -> None:
        opts = self.opts
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

        self.submit, self.progress = submit, progress
        for st in self.states:
            if st.errors:  # its inputs could not be read
                st.prep = None
                self._fail(st)
                continue
            if st.plan.kind == "consolidated":
                continue  # prepared once its children's reports are done (`_start_consolidated`)
            cached = _cached_validation(st, code)
            if cached and not opts.force:
                st.prep = cached
                _schedule_sections(st, code, opts, submit)
            else:
                st.snapshot.parent.mkdir(parents=True, exist_ok=True)
                submit("prep", st, "", jobs.prepare, st.plan.period, st.plan.slug, st.snapshot, self.frozen,
                       st.inputs, opts.executor == "local")
        self._finish_idle(code)
        pump()
        while running:
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in done:
                kind, st, name = running.pop(fut)
                try:
                    self._handle(kind, st, name, fut, code)
                except Exception as e:  # bookkeeping of one report failed (a full disk): that report only
                    st.errors.append(describe(e))
                    if not st.status:
                        st.pending.clear()
                        self._fail(st)
            self._finish_idle(code)
            pump()

    def _handle(self, kind: str, st: UnitYearState, name: str, fut: Future, code: str) -> None:
        try:
            result = fut.result()
        except BuildInterrupted:
            raise
        except Exception as e:  # the executor itself failed (e.g. a lost worker)
            if isinstance(e, jobs.WorkerDied):
                why = str(e)
            elif type(e).__name__ == "KilledWorker":  # distributed gave up after its retries
                why = "tiến trình (worker Dask) chạy việc này dừng đột ngột nhiều lần: hết bộ nhớ hoặc bị tắt"
            else:
                why = describe(e, "chạy việc")
            result = (jobs.PrepResult(False, [f"LỖI {why}"]) if kind == "prep"
                      else jobs.SectionResult(False, 0.0, why))
        st.seconds += getattr(result, "seconds", 0.0)
        if kind == "prep":
            st.prep = result
            if result.ok:
                jobs.write_json(st.cache_dir / "validation.json", {"digest": st.vdigest, **result.__dict__})
                for old in st.cache_dir.glob("inputs*.pickle"):  # snapshots of other inputs
                    if old != st.snapshot:
                        old.unlink(missing_ok=True)
                _schedule_sections(st, code, self.opts, self.submit)
            else:
                st.errors += [m for m in result.messages if m.startswith("LỖI")] or ["LỖI dữ liệu đầu vào"]
        elif kind == "section":
            st.pending.discard(name)
            self.progress.tick(st, 1)
            if not result.ok:
                st.section_errors[name] = result.error
            else:
                _read_warnings(st, name, st.staging / f"{name}.ipynb")
        elif kind == "render":
            if result.ok:
                try:
                    self._promote(st, code)
                except OSError as e:
                    st.errors.append(f"không thay được bộ tệp báo cáo ({describe(e)}); bộ báo cáo trước vẫn "
                                     "giữ nguyên")
                    self._fail(st, keep=False)
                    return
                st.status = OK
                self._finalise(st, status_written=True)
            else:
                st.errors.append(f"dựng báo cáo: {result.error}")
                st.detail = getattr(result, "detail", "")
                self._fail(st)

    def _start_consolidated(self, code: str) -> bool:
        """Prepare every consolidated report whose children's reports in this build are all done
        (built, unchanged or failed): which of them failed is part of its key and of its content.
        True when one was started."""
        units = {(st.plan.period, st.plan.slug): st for st in self.states if st.plan.kind == "unit"}
        done = {key: st.status for key, st in units.items()}
        started = False
        for st in self.states:
            if st.plan.kind != "consolidated" or st.status or st.prep is not None or st.submitted:
                continue
            statuses = [done.get((st.plan.period, c)) for c in st.plan.children]
            if any(s == "" for s in statuses):
                continue  # a child is still being built
            st.failed_children = [c for c, s in zip(st.plan.children, statuses) if s == FAILED]
            st.vdigest = _validation_digest(st, code)
            st.submitted = started = True
            cached = _cached_validation(st, code)
            if cached and not self.opts.force:
                st.prep = cached
                _schedule_sections(st, code, self.opts, self.submit)
            else:
                st.snapshot.parent.mkdir(parents=True, exist_ok=True)
                # the children's validated inputs as their own reports read them (same frozen bytes)
                snapshots = {c: str(units[(st.plan.period, c)].snapshot) for c in st.plan.children
                             if (st.plan.period, c) in units and units[(st.plan.period, c)].status != FAILED
                             and units[(st.plan.period, c)].snapshot.is_file()}
                self.submit("prep", st, "", jobs.prepare_consolidated, st.plan.period, st.plan.slug, st.snapshot,
                            self.frozen, st.inputs, st.failed_children, self.opts.executor == "local", snapshots)
        return started

    def _finish_idle(self, code: str) -> None:
        """Move every unit-year whose running work is over to its next step."""
        self._start_consolidated(code)
        self._finish_idle_units(code)
        if self._start_consolidated(code):  # every child was unchanged: its consolidation may be too
            self._finish_idle_units(code)

    def _finish_idle_units(self, code: str) -> None:
        opts = self.opts
        for st in self.states:
            if st.status or st.prep is None or st.pending:
                continue
            if not st.prep.ok or st.errors or st.section_errors:
                self._fail(st)
                continue
            if not st.rendering:
                html, pdf = _report_paths(st)
                key_file = st.cache_dir / "render.key"
                if (not opts.force and not st.ran and html.is_file() and pdf.is_file() and key_file.is_file()
                        and all(p.is_file() for p in _office_paths(st))
                        and key_file.read_text() == _render_key(st, code)):
                    st.status = CACHED
                    # the report in place is good: notebooks a later failed attempt left are no longer its
                    shutil.rmtree(st.plan.out_dir / "failed", ignore_errors=True)
                    self._finalise(st)
                    continue
                st.rendering = True
                # Render from the staged notebooks, into the staging folder: the set is promoted whole.
                executed = [st.staging / f"{s.stem}.ipynb" if s.stem in st.ran else st.executed(s.stem)
                            for s in st.plan.sections]
                header = {**st.prep.header, "warnings": st.warnings()}  # the appendix shows the same count
                if OPENING not in st.plan.numbers and st.prep.intro_html:
                    header["intro_html"] = st.prep.intro_html  # no opening section: the intro goes on top
                if not st.plan.complete:
                    header["partial"] = True  # some sections left out: the parts are numbered again
                st.staging.mkdir(parents=True, exist_ok=True)
                xlsx, docx = _office_paths(st)
                self.submit("render", st, "", jobs.render, executed, header, st.staging / html.name,
                            st.staging / pdf.name, opts.executor == "local", st.prep.tables,
                            st.staging / xlsx.name, st.staging / docx.name)

    # ---- the end of one report --------------------------------------------------------------
    def _promote(self, st: UnitYearState, code: str) -> None:
        """Every section succeeded and the report rendered: its HTML, PDF, the notebooks that ran,
        their keys and its status go into place together, or (an OSError) none of them does."""
        stage, out = st.staging, st.plan.out_dir
        html, pdf = _report_paths(st)
        staged: dict[str, Path] = {}
        keys = stage / "keys"
        keys.mkdir(parents=True, exist_ok=True)
        for stem in st.ran:
            staged[f"notebooks/{stem}.ipynb"] = stage / f"{stem}.ipynb"
            staged[f".cache/{stem}.key"] = write_atomic(keys / f"{stem}.key", st.keys[stem])
        xlsx, docx = _office_paths(st)
        for name in (html.name, pdf.name, xlsx.name, docx.name):
            staged[name] = stage / name
        staged[".cache/render.key"] = write_atomic(keys / "render.key", _render_key(st, code))
        notebooks = sorted({p.relative_to(out).as_posix() for p in (out / "notebooks").glob("*.ipynb")}
                           | {rel for rel in staged if rel.startswith("notebooks/")})
        files = {rel: _sha(staged.get(rel) or out / rel)
                 for rel in [html.name, pdf.name, xlsx.name, docx.name, *notebooks]}
        status = self._status(st, OK, html=html.name, pdf=pdf.name, xlsx=xlsx.name, docx=docx.name,
                              notebooks=notebooks, failed=[], files=files, build=self.token)
        staged["status.json"] = write_atomic(stage / "status.json", _json(status))  # last: it names the set
        with self.signals.critical_section():
            promote_set(out, staged, stage / "previous")
            shutil.rmtree(out / "failed", ignore_errors=True)

    def _fail(self, st: UnitYearState, keep: bool = True) -> None:
        """The report failed: its previous set stays; what ran is kept under failed/ (`keep`)."""
        if keep:
            _keep_failed(st)
        for name, err in st.section_errors.items():
            kept = st.plan.out_dir / "failed" / f"{name}.ipynb"
            where = f"; notebook đã chạy được giữ để xem: {paths.relative(kept)}" if kept.is_file() else ""
            st.errors.append(f"{name}: {err}{where}")
        st.section_errors.clear()
        if st.detail and keep:
            with contextlib.suppress(OSError):
                write_atomic(st.plan.out_dir / "failed" / "chi-tiet-loi.txt", st.detail)
        st.status = FAILED
        self._finalise(st)

    def _status(self, st: UnitYearState, status: str, **given) -> dict:
        out = st.plan.out_dir
        html, pdf = _report_paths(st)
        xlsx, docx = _office_paths(st)
        previous = _previous_status(st)
        warnings = st.warnings()
        row = {
            "period": st.plan.period, "period_name": st.plan.period_name,
            "period_start": st.plan.start, "period_end": st.plan.end,
            "year": st.plan.year, "slug": st.plan.slug,
            "status": status,
            "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "seconds": round(st.seconds, 2),
            "errors": st.errors, "warnings": warnings["total"],
            "warnings_inputs": warnings["inputs"], "warnings_notebooks": warnings["notebooks"],
            "warnings_no_comparison": st.prep.no_comparison if st.prep else 0,  # of warnings_inputs
            "headline": st.prep.headline if st.prep else {},
            "unit_name": (st.prep.header or {}).get("unit_name", st.plan.slug) if st.prep else st.plan.slug,
            "html": html.name if html.is_file() else None, "pdf": pdf.name if pdf.is_file() else None,
            "xlsx": xlsx.name if xlsx.is_file() else None, "docx": docx.name if docx.is_file() else None,
            "notebooks": sorted(p.relative_to(out).as_posix() for p in (out / "notebooks").glob("*.ipynb")),
            "failed_notebooks": sorted(p.relative_to(out).as_posix() for p in (out / "failed").glob("*.ipynb")),
            # the set in place (file -> SHA-256) and the build that promoted it: a failed or cached
            # report keeps the previous set's
            "files": previous.get("files", {}), "build": previous.get("build"),
            "kind": st.plan.kind,
        }
        if st.plan.kind == "consolidated" and not (st.prep and st.prep.meta):  # failed: its units still listed
            row["children"] = [{"slug": c, "name": c, "status": ""} for c in st.plan.children]
        if st.prep and st.prep.meta:
            row.update(st.prep.meta)  # kind, parent, number, date, signatory, targets / children (spec C)
        if not st.prep and previous.get("unit_name"):
            row["unit_name"] = previous["unit_name"]
        for key, value in given.items():
            row["failed_notebooks" if key == "failed" else key] = value
        return row

    def _finalise(self, st: UnitYearState, status_written: bool = False) -> None:
        out = st.plan.out_dir
        messages = st.prep.messages if st.prep else []
        if not messages:  # never an empty file behind the index's link
            messages = [f"{st.plan.key}: dữ liệu đầu vào không có lỗi và không có cảnh báo."
                        if st.prep else f"{st.plan.key}: chưa kiểm tra được dữ liệu đầu vào."]
        try:
            with self.signals.critical_section():
                write_atomic(out / "kiem-tra-du-lieu.txt", "\n".join(messages) + "\n")
                if not status_written:
                    status = FAILED if st.status == FAILED else OK
                    write_atomic(out / "status.json", _json(self._status(st, status)))
        except OSError as e:
            st.errors.append(f"không ghi được trạng thái của báo cáo: {describe(e)}")
            st.status = FAILED
        self.progress.failed += st.status == FAILED
        self.progress.tick(st, st.steps - st.ticks)

    def _write_index(self) -> None:
        from .index import write_index

        try:
            write_index()
        except OSError as e:
            self.index_error = f"không ghi được mục lục: {describe(e, 'ghi mục lục')}"
        except Exception as e:  # a status.json nobody foresaw must not end the build in a traceback
            self.index_error = f"không dựng được mục lục: {describe(e)}"


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, default=str)


def _sha(path: Path) -> str:
    from ..provenance import file_digest

    return file_digest(path)


def _previous_status(st: UnitYearState) -> dict:
    try:
        data = json.loads((st.plan.out_dir / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class _QuietLibraries:
    """While a build runs, the libraries' own log lines in English ("Timeout waiting for execute
    reply") stay off the console: each failure is said once, in Vietnamese, by the build."""

    NAMES = ("papermill", "traitlets", "nbclient")

    def __enter__(self):
        self.handler = logging.NullHandler()
        for name in self.NAMES:
            logging.getLogger(name).addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        for name in self.NAMES:
            logging.getLogger(name).removeHandler(self.handler)


def _descendants(pid: int | None = None) -> set[int]:
    """Every process descending from `pid` (this one), from /proc (Linux); empty elsewhere."""
    pid = pid or os.getpid()
    parents: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return set()
    for e in entries:
        if not e.isdigit():
            continue
        try:
            with open(f"/proc/{e}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(e))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _helpers() -> set[int]:
    """multiprocessing's own helper processes (the fork server, the resource tracker): they hold no
    work, end with this process, and one killed would only be restarted with a warning."""
    found = set()
    for module, attr, pid_attr in (("multiprocessing.forkserver", "_forkserver", "_forkserver_pid"),
                                   ("multiprocessing.resource_tracker", "_resource_tracker", "_pid")):
        helper = getattr(sys.modules.get(module), attr, None)
        pid = getattr(helper, pid_attr, None)
        if isinstance(pid, int):
            found.add(pid)
    return found


def _stop_workers(pool, kill: bool, before: set[int]) -> None:
    """End the build's workers: waiting for them, or (`kill`, an interrupted build) at once: the
    zygote and the notebooks forked from it, the worker processes, the kernels papermill started
    (every process this build started that is still there)."""
    if kill:
        fork = sys.modules.get(f"{__package__}.fork_engine")
        if fork is not None:
            fork.shutdown(kill=True)
        jobs.shutdown_renderer(kill=True)
        for pid in _descendants() - before - _helpers():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    if pool is not None:
        try:
            pool.shutdown(kill=kill)
        except TypeError:  # an executor from elsewhere without `kill`
            pool.shutdown()
    if not kill:
        jobs.shutdown_renderer()


def _validation_digest(st: UnitYearState, code: str) -> str:
    return digest(code, json.dumps(st.inputs, sort_keys=True), json.dumps(_stable(st), sort_keys=True))


def _cached_validation(st: UnitYearState, code: str) -> jobs.PrepResult | None:
    f = st.cache_dir / "validation.json"
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not st.vdigest or data.pop("digest", None) != st.vdigest or not st.snapshot.is_file():
        return None
    try:
        return jobs.PrepResult(**data)
    except TypeError:
        return None


def _parameters(st: UnitYearState) -> dict:
    """The notebooks' papermill parameters: `unit`, `period` (the id), `snapshot`."""
    return {"unit": st.plan.slug, "period": st.plan.period, "snapshot": str(st.snapshot)}


def _stable(st: UnitYearState) -> dict:
    """What, besides the files, decides a report's figures: its parameters (the snapshot path is
    derived, not an input) and the dates of the report and of those it compares with (the
    project's cut-off calendar gives them when the params do not)."""
    p = st.plan
    if p.kind == "consolidated":  # which children failed to build changes what it says
        return {"unit": p.slug, "period": p.period, "dates": p.dates, "kind": p.kind,
                "failed_children": sorted(st.failed_children)}
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


def _report_paths(st: UnitYearState) -> tuple[Path, Path]:
    base = st.plan.out_dir / st.plan.report_stem
    return base.with_suffix(".html"), base.with_suffix(".pdf")


def _office_paths(st: UnitYearState) -> tuple[Path, Path]:
    """The report's Excel workbook and Word document, beside its HTML and PDF."""
    base = st.plan.out_dir / st.plan.report_stem
    return base.with_suffix(".xlsx"), base.with_suffix(".docx")


def _keep_failed(st: UnitYearState) -> None:
    """The notebooks this build ran for a failed report go to its failed/ (the previous ones there
    are replaced); its previous good notebooks stay where they are."""
    failed = st.plan.out_dir / "failed"
    staged = sorted(st.staging.glob("*.ipynb")) if st.staging.is_dir() else []
    try:
        shutil.rmtree(failed, ignore_errors=True)
        if staged:
            failed.mkdir(parents=True, exist_ok=True)
            for p in staged:
                p.replace(failed / p.name)
    except OSError as e:
        st.errors.append(f"không giữ được các notebook lỗi trong failed/: {describe(e)}")
    shutil.rmtree(st.staging, ignore_errors=True)


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
