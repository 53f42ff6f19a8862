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
    meta: dict = field(default_factory=dict)  # status.json's kind, parent, number, date, signatory, targets, children
    tables: list = field(default_factory=list)  # the printed tables as data (`tables.table_to_dict`), for Excel
    # of the warnings: no report to compare with (problems.NO_COMPARISON); keyword-only, so the
    # positional fields above keep their places
    no_comparison: int = field(default=0, kw_only=True)


@dataclass
class SectionResult:
    ok: bool
    seconds: float
    error: str = ""


@dataclass
class RenderResult:
    ok: bool
    seconds: float
    error: str = ""  # one Vietnamese line
    detail: str = ""  # the traceback, for the developer (kept beside the failed notebooks, never printed)


def write_json(path: Path, obj) -> None:
    write_atomic(path, json.dumps(obj, ensure_ascii=False, indent=1, default=str))


def prepare(period, slug: str, snapshot: Path, frozen: Path | None = None, inputs: dict | None = None,
            in_subprocess: bool = False) -> PrepResult:
    """Load and validate a report (`slug`, `period`: an id or an int year) and the reports it
    compares with once; leave a snapshot the section notebooks read.

    `frozen`: the build's frozen inputs (`inputs.py`), a mirror of the project holding the bytes the
    cache key's digests `inputs` were computed from; the report is read from there (with the mirror
    as the project root), its paths then pointed back at the project, so its figures come from
    exactly those bytes. `in_subprocess`: in a worker process (the local executor's threads share
    one process, whose project root must not change under them)."""
    from ..paths import project_root

    args = (str(project_root()), period, slug, str(snapshot), str(frozen) if frozen else None, inputs)
    return _in_worker(_prepare_in, *args) if in_subprocess else _prepare_in(*args)


def _prepare_in(root: str, period, slug: str, snapshot: str, frozen: str | None, inputs: dict | None) -> PrepResult:
    import os

    saved = os.environ.get("CCHC_ROOT")
    os.environ["CCHC_ROOT"] = frozen or root
    try:
        return _prepare(period, slug, Path(snapshot), Path(frozen) if frozen else None, Path(root), inputs)
    finally:
        if saved is None:
            os.environ.pop("CCHC_ROOT", None)
        else:
            os.environ["CCHC_ROOT"] = saved


def _prepare(period, slug: str, snapshot: Path, frozen: Path | None, root: Path, inputs: dict | None) -> PrepResult:
    from .. import load as loading
    from .. import unit_report as facade
    from ..display import to_html
    from ..problems import NO_COMPARISON, InputError
    from ..tables import table_to_dict
    from .errors import describe

    def said(problems):
        return [str(loading.rename_root(p, frozen, root) if frozen else p) for p in problems]

    t0 = time.perf_counter()
    try:
        uy = loading.load(slug, period)
    except InputError as e:
        probs = sorted(e.problems, key=lambda p: not p.is_error)
        return PrepResult(False, said(probs), sum(not p.is_error for p in probs),
                          seconds=time.perf_counter() - t0)
    except Exception as e:  # an input we did not foresee must still not stop other units
        return PrepResult(False, [f"LỖI không đọc được dữ liệu: {describe(e, 'đọc dữ liệu')}"],
                          seconds=time.perf_counter() - t0)
    try:
        previous, previous_period = loading.load_comparators(uy)
        rep = facade.Report(uy, previous, previous_period)
        headline, header, intro = rep.headline(), rep.document_header(), to_html(rep.intro())
        from ..consolidated import unit_status_fields
        meta = unit_status_fields(rep)
        tables = [table_to_dict(t) for t in rep.tables()]
        if frozen:
            for up in (uy, previous, previous_period):
                loading.relocate(up, frozen, root)
        loading.save_report_inputs(snapshot, uy, previous, previous_period, inputs)
    except Exception as e:
        return PrepResult(False, [f"LỖI không chuẩn bị được dữ liệu cho các phần báo cáo: "
                                  f"{describe(e, 'ghi bản chụp dữ liệu')}"], seconds=time.perf_counter() - t0)
    return PrepResult(True, [str(p) for p in uy.problems], len(uy.problems), headline, header,
                      time.perf_counter() - t0, intro, meta=meta, tables=tables,
                      no_comparison=sum(p.topic == NO_COMPARISON for p in uy.problems))


def prepare_consolidated(period, slug: str, snapshot: Path, frozen: Path | None = None, inputs: dict | None = None,
                         failed_children: list[str] | None = None, in_subprocess: bool = False,
                         child_snapshots: dict[str, str] | None = None) -> PrepResult:
    """Load and validate a consolidated report (`slug`: a parent unit) and every child's inputs from
    the build's frozen inputs, as `prepare` does a unit's; `failed_children`: the children whose
    unit report failed in this build (listed, left out of the totals); `child_snapshots`: the
    snapshots the children's reports were built from in this build (read, not validated again).
    Leaves the snapshot the notebooks of `notebooks/tong-hop/` read (`consolidated.report`)."""
    from ..paths import project_root

    args = (str(project_root()), period, slug, str(snapshot), str(frozen) if frozen else None, inputs,
            list(failed_children or []), dict(child_snapshots or {}))
    return _in_worker(_prepare_consolidated_in, *args) if in_subprocess else _prepare_consolidated_in(*args)


def _prepare_consolidated_in(root: str, period, slug: str, snapshot: str, frozen: str | None, inputs: dict | None,
                             failed_children: list[str], child_snapshots: dict[str, str]) -> PrepResult:
    saved = os.environ.get("CCHC_ROOT")
    os.environ["CCHC_ROOT"] = frozen or root
    try:
        return _prepare_consolidated(period, slug, Path(snapshot), inputs, failed_children, child_snapshots)
    finally:
        if saved is None:
            os.environ.pop("CCHC_ROOT", None)
        else:
            os.environ["CCHC_ROOT"] = saved


def _prepare_consolidated(period, slug: str, snapshot: Path, inputs: dict | None,
                          failed_children: list[str], child_snapshots: dict[str, str]) -> PrepResult:
    from .. import consolidated
    from ..display import to_html
    from .errors import describe

    t0 = time.perf_counter()
    try:
        rep, problems = consolidated.build(slug, period, {s: "failed" for s in failed_children},
                                           snapshots=child_snapshots)
    except Exception as e:  # an input we did not foresee must still not stop other reports
        return PrepResult(False, [f"LỖI không đọc được dữ liệu: {describe(e, 'đọc dữ liệu')}"],
                          seconds=time.perf_counter() - t0)
    if rep is None:
        probs = sorted(problems, key=lambda p: not p.is_error)
        return PrepResult(False, [str(p) for p in probs], sum(not p.is_error for p in probs),
                          seconds=time.perf_counter() - t0)
    try:
        consolidated.save(snapshot, rep, inputs)
        header, meta, intro = rep.document_header(), rep.status_fields(), to_html(rep.intro())
    except Exception as e:
        return PrepResult(False, [f"LỖI không chuẩn bị được dữ liệu cho báo cáo tổng hợp: "
                                  f"{describe(e, 'ghi bản chụp dữ liệu')}"], seconds=time.perf_counter() - t0)
    messages = rep.problems + [f"{c.name}: {c.status_text.lower()}: {c.reason}" for c in rep.left_out]
    from ..tables import table_to_dict

    return PrepResult(True, messages, len(rep.problems), rep.headline(), header, time.perf_counter() - t0,
                      intro, meta=meta, tables=[table_to_dict(t) for t in rep.tables()])


def run_section(notebook: Path, staged: Path, parameters: dict, timeout: int, kernel: str,
                engine: str | None = None) -> SectionResult:
    """Execute one section notebook in a fresh kernel through papermill. A notebook stopped by the
    timeout or by its process dying is still written to `staged` as far as it ran (for `failed/`)."""
    import papermill as pm
    from traitlets.config import Config

    from .fork_engine import ENGINE_NAME

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
    # The fork engine writes the notebook itself when a cell times out or its process dies;
    # papermill's own engine only by saving after every cell.
    extra = {"partial_path": str(staged)} if engine == ENGINE_NAME else {}
    try:
        # One save at the end (papermill still saves the notebook, error cell included, on failure).
        pm.execute_notebook(str(notebook), str(staged), parameters=parameters, kernel_name=kernel,
                            progress_bar=False, log_output=False, cwd=str(notebook.parent),
                            request_save_on_cell_execute=engine != ENGINE_NAME,
                            execution_timeout=timeout, config=config, engine_name=engine, **extra)
    except Exception as e:
        return SectionResult(False, time.perf_counter() - t0, _short_error(e, timeout))
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    return SectionResult(True, time.perf_counter() - t0)


_pool = None
_pool_lock = threading.Lock()


def _ignore_sigint() -> None:
    """In a worker process: Ctrl-C is the orchestrator's to handle (it stops the workers itself);
    a worker that took it would print its own KeyboardInterrupt traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_pool():
    """Worker processes for validation and the PDF renderer, replaced every few jobs: WeasyPrint keeps
    about 1 MB per document it renders, which in one long-lived process grows with the province."""
    global _pool
    with _pool_lock:
        if _pool is None:
            from concurrent.futures import ProcessPoolExecutor
            _pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1, max_tasks_per_child=20,
                                        mp_context=multiprocessing.get_context("forkserver"),
                                        initializer=_ignore_sigint)
        return _pool


_renderer = _worker_pool  # the former name


def _in_worker(fn, *args):
    """`fn(*args)` in a worker process; a worker that dies (killed, out of memory) breaks the pool,
    which is replaced for the next job, and this job's error says so in Vietnamese."""
    from concurrent.futures.process import BrokenProcessPool

    global _pool
    pool = _worker_pool()
    try:
        return pool.submit(fn, *args).result()
    except BrokenProcessPool:
        with _pool_lock:
            if _pool is pool:
                _pool = None
        pool.shutdown(wait=False, cancel_futures=True)
        raise WorkerDied("tiến trình phụ (kiểm tra dữ liệu hoặc dựng PDF) dừng đột ngột: hết bộ nhớ hoặc bị "
                         "tắt từ bên ngoài") from None


class WorkerDied(RuntimeError):
    """A worker process died under a job; the message is Vietnamese."""


def shutdown_renderer(kill: bool = False) -> None:
    """Stop the worker processes: when the build ends, or at once (`kill`) when it is interrupted."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    if kill:
        for proc in list(getattr(pool, "_processes", {}).values()):
            try:
                proc.kill()
            except (OSError, ValueError, AttributeError):
                pass
        pool.shutdown(wait=False, cancel_futures=True)
    else:
        pool.shutdown(wait=True)


def render(executed: list[Path], header: dict, html_out: Path, pdf_out: Path,
           in_subprocess: bool = False, tables: list | None = None, xlsx_out: Path | None = None,
           docx_out: Path | None = None) -> RenderResult:
    """Stitch and write one report's HTML and PDF, and with `xlsx_out` and `docx_out` its Excel
    workbook (of `tables`, `PrepResult.tables`) and its Word document (the build gives staged names:
    the set is promoted afterwards, `atomic.promote_set`). `in_subprocess`: render in a recycled
    worker process (for the local executor; a Dask worker is itself a process that may not fork)."""
    from .errors import describe

    t0 = time.perf_counter()
    args = (executed, header, html_out, pdf_out, tables or [], xlsx_out, docx_out)
    try:
        if in_subprocess:
            _in_worker(write_outputs, *args)
        else:
            write_outputs(*args)
    except WorkerDied as e:
        return RenderResult(False, time.perf_counter() - t0, str(e))
    except OfficeOutputError as e:
        return RenderResult(False, time.perf_counter() - t0, str(e), traceback.format_exc(limit=8))
    except Exception as e:
        return RenderResult(False, time.perf_counter() - t0, describe(e, "ghi báo cáo"),
                            traceback.format_exc(limit=8))
    return RenderResult(True, time.perf_counter() - t0)


class OfficeOutputError(RuntimeError):
    """The Excel or Word output of a report could not be written; the message is Vietnamese."""


def write_outputs(executed: list[Path], header: dict, html_out: Path, pdf_out: Path, tables: list,
                  xlsx_out: Path | None, docx_out: Path | None) -> None:
    """The report's HTML and PDF, then its XLSX (from the tables) and DOCX (from the HTML just
    written), each written atomically; a failure of either says which, in Vietnamese."""
    from ..render import write_report
    from .errors import describe

    write_report(executed, header, html_out, pdf_out)
    if xlsx_out is not None:
        from ..render.xlsx import write_xlsx
        from ..tables import table_from_dict

        try:
            write_xlsx([table_from_dict(t) for t in tables], header, xlsx_out)
        except Exception as e:
            raise OfficeOutputError(f"không ghi được bảng tính Excel {Path(xlsx_out).name}: "
                                    f"{describe(e, 'ghi bảng tính Excel')}") from e
    if docx_out is not None:
        from ..render.docx import write_docx

        try:
            write_docx(Path(html_out).read_text(encoding="utf-8"), header, docx_out)
        except Exception as e:
            raise OfficeOutputError(f"không ghi được văn bản Word {Path(docx_out).name}: "
                                    f"{describe(e, 'ghi văn bản Word')}") from e


TIMEOUT = "một ô chạy quá {timeout} giây nên bị dừng (giới hạn --timeout {timeout})"
DEAD = ("tiến trình chạy notebook dừng đột ngột (hết bộ nhớ, bị tắt từ bên ngoài, hoặc tiến trình mẫu của "
        "engine fork bị dừng)")


def _short_error(e: Exception, timeout: int | None = None) -> str:
    """One Vietnamese line for a section that failed (never nbclient's English text)."""
    from .errors import describe

    name = type(e).__name__
    if name == "PapermillExecutionError":
        return f"ô {getattr(e, 'exec_count', '?')}: {getattr(e, 'ename', '')}: {getattr(e, 'evalue', '')}"
    if "Timeout" in name:  # nbclient's CellTimeoutError, and a kernel that never started in time
        return TIMEOUT.format(timeout=timeout or "?") if name == "CellTimeoutError" else \
            "kernel không khởi động kịp (quá thời gian chờ)"
    if name == "DeadKernelError":
        return DEAD
    if isinstance(e, OSError):
        return describe(e, "ghi notebook")
    return f"{name}: {e}"
