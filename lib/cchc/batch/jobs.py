"""The units of work a build hands to an executor.

Module-level functions with plain, picklable arguments and results, so any executor (threads
here, processes or a cluster elsewhere) can run them. Each writes only to temporary names and
renames into place, so a failure never leaves half a file where a good one stood.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import threading
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_atomic


@dataclass
class PrepResult:
    ok: bool
    messages: list[str] = field(default_factory=list)  # Vietnamese, errors first
    warnings: int = 0
    headline: dict = field(default_factory=dict)
    header: dict = field(default_factory=dict)
    seconds: float = 0.0
    intro_html: str = ""  # the report's introduction, for a report without its opening section


@dataclass
class SectionResult:
    ok: bool
    seconds: float
    error: str = ""


@dataclass
class RenderResult:
    ok: bool
    seconds: float
    error: str = ""


def write_json(path: Path, obj) -> None:
    write_atomic(path, json.dumps(obj, ensure_ascii=False, indent=1, default=str))


def prepare(period, slug: str, snapshot: Path) -> PrepResult:
    """Load and validate a report (`slug`, `period`: an id or an int year) and the reports it
    compares with once; leave a snapshot the section notebooks read."""
    from .. import load as loading
    from .. import unit_report as facade
    from ..display import to_html
    from ..problems import InputError

    t0 = time.perf_counter()
    try:
        uy = loading.load(slug, period)
    except InputError as e:
        probs = sorted(e.problems, key=lambda p: not p.is_error)
        return PrepResult(False, [str(p) for p in probs], sum(not p.is_error for p in probs),
                          seconds=time.perf_counter() - t0)
    except Exception as e:  # an input we did not foresee must still not stop other units
        return PrepResult(False, [f"LỖI không đọc được dữ liệu: {type(e).__name__}: {e}"],
                          seconds=time.perf_counter() - t0)
    previous, previous_period = loading.load_comparators(uy)
    loading.save_report_inputs(snapshot, uy, previous, previous_period)
    rep = facade.Report(uy, previous, previous_period)
    return PrepResult(True, [str(p) for p in uy.problems], len(uy.problems), rep.headline(),
                      rep.document_header(), time.perf_counter() - t0, to_html(rep.intro()))


def run_section(notebook: Path, staged: Path, parameters: dict, timeout: int, kernel: str,
                engine: str | None = None) -> SectionResult:
    """Execute one section notebook in a fresh kernel through papermill."""
    import papermill as pm
    from traitlets.config import Config

    t0 = time.perf_counter()
    staged.parent.mkdir(parents=True, exist_ok=True)
    declared = pm.inspect_notebook(str(notebook))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:  # papermill only warns; a misspelt parameter would silently use the default
        return SectionResult(False, 0.0, f"notebook {notebook.name} không có tham số {', '.join(unknown)}")
    # Local sockets instead of TCP ports: no port races between parallel kernels, and no
    # "running over TCP without encryption" warning on every kernel start.
    sockets = tempfile.mkdtemp(prefix="cchc-kernel-")
    config = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "k")}})
    try:
        # One save at the end (papermill still saves the notebook, error cell included, on failure).
        pm.execute_notebook(str(notebook), str(staged), parameters=parameters, kernel_name=kernel,
                            progress_bar=False, log_output=False, cwd=str(notebook.parent),
                            request_save_on_cell_execute=False,
                            execution_timeout=timeout, config=config, engine_name=engine)
    except Exception as e:
        return SectionResult(False, time.perf_counter() - t0, _short_error(e))
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    return SectionResult(True, time.perf_counter() - t0)


_render_pool = None
_render_lock = threading.Lock()


def _renderer():
    """Worker processes for the PDF renderer, replaced every few reports: WeasyPrint keeps
    about 1 MB per document it renders, which in one long-lived process grows with the province."""
    global _render_pool
    with _render_lock:
        if _render_pool is None:
            from concurrent.futures import ProcessPoolExecutor
            _render_pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1, max_tasks_per_child=20,
                                               mp_context=multiprocessing.get_context("forkserver"))
        return _render_pool


def shutdown_renderer() -> None:
    global _render_pool
    with _render_lock:
        if _render_pool is not None:
            _render_pool.shutdown(wait=True)
            _render_pool = None


def render(executed: list[Path], header: dict, html_out: Path, pdf_out: Path,
           in_subprocess: bool = False) -> RenderResult:
    """Stitch and write one unit-year's HTML and PDF. `in_subprocess`: render in a recycled
    worker process (for the local executor; a Dask worker is itself a process that may not fork)."""
    t0 = time.perf_counter()
    try:
        from ..render import write_report
        if in_subprocess:
            _renderer().submit(write_report, executed, header, html_out, pdf_out).result()
        else:
            write_report(executed, header, html_out, pdf_out)
    except Exception as e:
        return RenderResult(False, time.perf_counter() - t0,
                            f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}")
    return RenderResult(True, time.perf_counter() - t0)


def _short_error(e: Exception) -> str:
    name = type(e).__name__
    if name == "PapermillExecutionError":
        return f"ô {getattr(e, 'exec_count', '?')}: {getattr(e, 'ename', '')}: {getattr(e, 'evalue', '')}"
    if "Timeout" in name:
        return f"quá thời gian chạy một ô: {e}"
    if name == "DeadKernelError":
        return "kernel dừng đột ngột (hết bộ nhớ hoặc bị tắt)"
    return f"{name}: {e}"
