"""papermill engine `cchc-fork`: each notebook runs in a process forked from a pre-imported zygote.

Why: a fresh ipykernel per notebook spends 1.5-2.5 s starting Python, importing IPython, pandas,
matplotlib and `cchc`, and talking ZeroMQ, while our own cells need 0.1-0.5 s. Here one zygote
process per orchestrator imports all of that once and then does nothing but `fork()`; every
notebook gets its own child, which executes the cells in a fresh IPython shell and exits. A child
is a separate process, so nothing a notebook does (globals, module attributes, rcParams, random
state, environment, working directory, monkey-patching) can reach the zygote or a later notebook:
the zygote never runs notebook code, and every child starts from the same untouched image.

What "fresh" means here, precisely:
- the same as a new kernel: empty user namespace, execution counts 1..n, matplotlib rcParams and
  backend as after a plain import (the kernel's inline backend by default; `chart_style.apply()`
  is only imported, never applied, in the zygote), the orchestrator's environment at the time of
  the call plus the variables ipykernel adds, cwd = papermill's `cwd`;
- random state: `random` reseeds itself from the OS in every forked child (CPython registers that
  at-fork hook) and the child reseeds numpy's global generator from the OS, so, as in a fresh
  kernel, unseeded draws differ between notebooks and no seed set by one notebook carries over;
- known differences from a new kernel: the pre-imported modules are already in `sys.modules`;
  every child shares the zygote's `PYTHONHASHSEED`-style string hash salt (set iteration order of
  strings is the same in every notebook of a build; no notebook may rely on either); the shell is
  an `InteractiveShell` subclass, not ipykernel's `ZMQInteractiveShell` (no comms/widgets, no
  `input()`: stdin is /dev/null).

Outputs are produced as ipykernel produces them: stream text is buffered per stream and flushed
(stdout first) before each rich output, traceback and at the end of a cell; `display()` gives
display_data, a trailing expression execute_result, an exception one error output with
IPython's coloured traceback. As with papermill's kernels, output written straight to file
descriptors 1 and 2 (subprocesses, C code) is not in the notebook but on the orchestrator's
terminal, and a figure left open under the default inline backend is displayed at the end of
its cell (our notebooks switch to Agg and close every figure they show). papermill then writes
the same notebook structure (error cell, PapermillExecutionError) as with its default engine; a
cell past `execution_timeout` kills the child and raises nbclient's `CellTimeoutError`; a child
that dies raises `DeadKernelError`. One difference: ipykernel also flushes streams on a 0.2 s
timer, so a cell that prints slowly may get several stream outputs there and one here.

The children run with this process's `sys.executable`, whatever `kernel_name` says (only
Python notebooks are accepted). One zygote serves every thread; a change of the environment
variables read at import time (PYTHON*, MPL*, thread counts, HOME, locale, CCHC_*) starts another.

Why fork() is safe here, and where: only on Linux (`engines.FORK_SAFE`; elsewhere `cchc build`
defaults to papermill's engine and this engine refuses to run). fork() copies only the calling
thread: a lock held by any other thread at that moment stays locked forever in the child, which is
why Python 3.12+ warns ("This process ... is multi-threaded, use of fork() may lead to
deadlocks"). So the zygote forks only while it is the process's one and only OS thread:
- the only threads its imports start are the BLAS/OpenMP pools: numpy's OpenBLAS starts
  cores - 1 threads when it is loaded. (OpenBLAS parks them in a pthread_atfork handler before
  each fork(), which is why Python's warning, counted after the fork, does not fire for them; we
  do not rely on that: MKL and GNU OpenMP pools have no such handler.) The zygote is started with
  ZYGOTE_THREAD_ENV (OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=MKL_NUM_THREADS=... =1), so no pool
  thread is ever started;
- IPython's history is kept in memory (no HistorySavingThread), and the zygote itself starts
  no thread: it waits in `select()` on one thread;
- before every fork() it counts its threads (/proc/self/task, and `threading.active_count()`);
  if there is more than one, it refuses to fork and exits (the build reports a dead kernel with
  the reason), rather than risk a deadlock. The count it measured is passed to the child and
  reported as `ForkEngine.stats.zygote_threads` (a test checks it is 1).
Consequence: BLAS runs single-threaded in the notebooks (OpenBLAS reads its thread count once,
when numpy is imported in the zygote), while a notebook's `os.environ` is the orchestrator's, as
in a kernel. This costs nothing here: our notebooks do no large linear algebra, and `cchc build`
already runs one notebook per core, where multi-threaded BLAS would only oversubscribe the CPUs.

Use: `papermill.execute_notebook(..., engine_name="cchc-fork")` (entry point in pyproject.toml).
Measure: `python -m cchc.batch.fork_engine --bench [N]`.
"""
from __future__ import annotations

import atexit
import base64
import json
import logging
import os
import signal
import socket
import struct
import sys
import threading
import time
from datetime import datetime, timezone

# Imported in the zygote so that a notebook pays nothing for them. `cchc.chart_style` is only
# imported: applying it would change rcParams for every notebook.
PREIMPORT = (
    "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "IPython", "IPython.display",
    "cchc", "cchc.fmt", "cchc.model", "cchc.load", "cchc.display", "cchc.chart_style",
    "cchc.charts", "cchc.unit_report", "cchc.checks", "cchc.figures.tthc", "cchc.figures.staff",
    "cchc.figures.documents", "cchc.figures.indicators", "cchc.prose.tthc", "cchc.prose.staff",
    "cchc.prose.documents", "cchc.prose.indicators", "cchc.prose.findings", "cchc.prose.header",
)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
# Set in the zygote's environment before it imports numpy: native thread pools stay at one thread
# (none started), so the zygote is single-threaded whenever it forks.
ZYGOTE_THREAD_ENV = {name: "1" for name in (
    "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")}
# What ipykernel adds to a kernel's environment (kernelapp.init_gui_pylab, zmqshell.init_environment).
KERNEL_ENV = {"TERM": "xterm-color", "CLICOLOR": "1", "FORCE_COLOR": "1", "CLICOLOR_FORCE": "1",
              "PAGER": "cat", "GIT_PAGER": "cat"}
LANGUAGE_INFO = {
    "name": "python", "version": "{}.{}.{}".format(*sys.version_info[:3]), "mimetype": "text/x-python",
    "codemirror_mode": {"name": "ipython", "version": 3}, "pygments_lexer": "ipython3",
    "nbconvert_exporter": "python", "file_extension": ".py",
}


# --- framing: 4-byte length + UTF-8 JSON, both directions ------------------------------------

def _send(sock: socket.socket, obj) -> None:
    data = json.dumps(obj, ensure_ascii=False, default=_json_default).encode()
    sock.sendall(struct.pack(">I", len(data)) + data)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return bytes(buf)


def _recv(sock: socket.socket):
    (n,) = struct.unpack(">I", _recv_exact(sock, 4))
    return json.loads(_recv_exact(sock, n))


def _json_default(obj):
    # What jupyter_client's JSON packer does to a kernel message: bytes (PNG) as base64 text.
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(obj)).decode("ascii")
    if isinstance(obj, datetime):
        return obj.isoformat()
    try:
        import numpy as np
        if isinstance(obj, np.generic):
            return obj.item()
    except ImportError:  # pragma: no cover
        pass
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def _now() -> str:
    # nbclient's timestamp format in cell.metadata.execution
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- the child: a kernel-like IPython shell recording outputs -------------------------------

class _Recorder:
    """Outputs of the running cell, built the way ipykernel's messages become nbformat outputs."""

    def __init__(self):
        self.outputs: list[dict] = []
        self.clear_pending = False
        self.pending = {"stdout": [], "stderr": []}
        self.updates: list[dict] = []  # update_display_data for outputs of earlier cells
        self.display_ids: dict[str, list[tuple[int, int]]] = {}  # display_id -> [(cell, output)]
        self.cell = -1

    def flush(self) -> None:
        for name in ("stdout", "stderr"):  # ipykernel flushes stdout first
            if self.pending[name]:
                text = "".join(self.pending[name])
                self.pending[name] = []
                if text:
                    self.add({"output_type": "stream", "name": name, "text": text})

    def add(self, out: dict, display_id: str | None = None) -> None:
        if self.clear_pending:
            self.outputs.clear()
            self.clear_pending = False
        if display_id:
            self.display_ids.setdefault(display_id, []).append((self.cell, len(self.outputs)))
        self.outputs.append(out)

    def update(self, display_id: str, data: dict, metadata: dict) -> None:
        for cell, idx in self.display_ids.get(display_id, []):
            if cell == self.cell:
                if idx < len(self.outputs):
                    self.outputs[idx].update(data=data, metadata=metadata)
            else:
                self.updates.append({"cell": cell, "output": idx, "data": data, "metadata": metadata})

    def clear(self, wait: bool) -> None:
        self.flush()
        if wait:
            self.clear_pending = True
        else:
            self.outputs.clear()


_REC = _Recorder()
_ZYGOTE_PATH0: str | None = None
_THREADS_AT_FORK = 0  # what the zygote counted just before forking the current child


def thread_count() -> int:
    """Threads of this process: OS threads where /proc tells (Linux), and never fewer than the
    Python threads `threading` knows of."""
    try:
        n = len(os.listdir("/proc/self/task"))
    except OSError:
        n = 0
    return max(n, threading.active_count())
_CLASSES = None


def _make_shell_classes():
    global _CLASSES
    if _CLASSES is None:
        _CLASSES = _define_shell_classes()
    return _CLASSES


def _define_shell_classes():
    import io

    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from ipykernel.compiler import XCachingCompiler

    class Stream(io.TextIOBase):
        def __init__(self, name: str, fd: int):
            self.name_, self.fd = name, fd

        @property
        def name(self):
            return f"<{self.name_}>"

        encoding = "utf-8"
        errors = "strict"

        def writable(self):
            return True

        def isatty(self):
            return False

        def fileno(self):
            return self.fd

        def write(self, s):
            if not isinstance(s, str):
                raise TypeError(f"write() argument must be str, not {type(s).__name__}")
            _REC.pending[self.name_].append(s)
            return len(s)

        def flush(self):
            pass

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kw):
            _REC.flush()
            data, metadata = _clean(data), _clean(metadata or {})
            display_id = (transient or {}).get("display_id")
            if update:
                if display_id:
                    _REC.update(display_id, data, metadata)
                return
            _REC.add({"output_type": "display_data", "data": data, "metadata": metadata}, display_id)

        def clear_output(self, wait=False):
            _REC.clear(wait)

    class Hook(DisplayHook):
        def start_displayhook(self):
            self.msg = {"output_type": "execute_result", "data": {}, "metadata": {}}

        def write_output_prompt(self):
            self.msg["execution_count"] = self.prompt_count

        def write_format_data(self, format_dict, md_dict=None):
            self.msg["data"] = _clean(format_dict)
            self.msg["metadata"] = _clean(md_dict or {})

        def finish_displayhook(self):
            _REC.flush()
            if self.msg and self.msg["data"]:
                _REC.add(self.msg)
            self.msg = None

    class Shell(InteractiveShell):
        displayhook_class = Hook
        display_pub_class = Publisher
        compiler_class = XCachingCompiler  # cell file names as in a kernel (warnings, tracebacks)

        def init_environment(self):
            os.environ.update(KERNEL_ENV)

        def enable_gui(self, gui=None):
            pass

        def _showtraceback(self, etype, evalue, stb):
            _REC.flush()
            _REC.add({"output_type": "error", "ename": str(etype.__name__), "evalue": str(evalue),
                      "traceback": list(stb)})

    return Shell, Stream


def _clean(obj):
    return json.loads(json.dumps(obj, default=_json_default))


def _new_shell():
    from traitlets.config import Config

    Shell, _ = _make_shell_classes()
    config = Config()
    config.HistoryManager.hist_file = ":memory:"  # as nbclient asks of kernels; no shared sqlite
    return Shell.instance(config=config)


def _child(conn: socket.socket, shell) -> None:
    """Runs in the forked child: execute the requested cells, stream results, exit."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the zygote ignores it; notebooks need waitpid
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _die_with_parent()
    req = _recv(conn)
    os.environ.clear()
    os.environ.update(req["env"])
    if not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = INLINE_BACKEND
    os.environ.update(KERNEL_ENV)
    os.environ["JPY_PARENT_PID"] = str(req["parent_pid"])  # as jupyter_client's launcher sets
    os.environ["PYDEVD_USE_FRAME_EVAL"] = "NO"  # as ipykernel sets
    os.chdir(req["cwd"])
    # sys.path as in an ipykernel: the launch directory replaced by "" ahead of site-packages
    if sys.path and sys.path[0] == _ZYGOTE_PATH0:
        del sys.path[0]
    site = next((i for i, p in enumerate(sys.path) if "site-packages" in p), len(sys.path))
    sys.path.insert(site, "")
    import numpy as np
    np.random.seed()  # numpy does not reseed at fork; `random` does by itself

    # File descriptors 0-2 stay the zygote's, i.e. the orchestrator's: output of subprocesses and
    # C code goes where a papermill kernel's goes (the terminal), not into the notebook.
    _, Stream = _make_shell_classes()
    sys.stdout, sys.stderr = Stream("stdout", 1), Stream("stderr", 2)
    sys.stdin = open(os.devnull)  # noqa: SIM115 - lives as long as the process

    _send(conn, {"event": "hello", "pid": os.getpid(), "zygote_threads": _THREADS_AT_FORK})
    for index, source in req["cells"]:
        _REC.cell = index
        _REC.outputs = []
        _REC.clear_pending = False
        timing = {"iopub.status.busy": _now()}
        t0 = time.perf_counter()
        timing["iopub.execute_input"] = _now()
        count = shell.execution_count
        result = shell.run_cell(source, store_history=True, silent=False)
        timing["shell.execute_reply"] = _now()
        seconds = time.perf_counter() - t0
        _REC.flush()
        timing["iopub.status.idle"] = _now()
        failed = not result.success
        error = next((o for o in _REC.outputs if o["output_type"] == "error"), None)
        if failed and error is None:  # e.g. an error raised before execution that printed nothing
            err = result.error_before_exec or result.error_in_exec
            error = {"output_type": "error", "ename": type(err).__name__, "evalue": str(err),
                     "traceback": []}
        updates, _REC.updates = _REC.updates, []
        _send(conn, {"event": "done", "index": index, "execution_count": count,
                     "outputs": _REC.outputs, "timing": timing, "seconds": seconds,
                     "error": error if failed else None, "updates": updates})
        if failed:
            break
    _send(conn, {"event": "end", "language_info": LANGUAGE_INFO})
    conn.close()
    # A kernel is shut down cleanly: let atexit handlers run and open files flush.
    try:
        atexit._run_exitfuncs()  # IPython's own clean-up is registered there too
    except BaseException:
        pass


def _die_with_parent() -> None:
    """SIGKILL this process when its parent (the zygote) goes away (Linux prctl)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


# --- the zygote --------------------------------------------------------------------------------

def _zygote_main(sock_path: str, ready_fd: int) -> int:
    import gc
    import importlib
    import selectors

    # Ctrl-C is the orchestrator's: it stops the zygote by closing its stdin (its own session
    # already keeps the terminal's SIGINT away; this covers a SIGINT sent to it by name). SIGTERM
    # ends it quietly; its children follow it (PR_SET_PDEATHSIG).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    if not os.environ.get("MPLBACKEND"):  # what ipykernel does before any notebook code runs
        os.environ["MPLBACKEND"] = INLINE_BACKEND
    global _ZYGOTE_PATH0
    _ZYGOTE_PATH0 = sys.path[0] if sys.path else None
    for name in PREIMPORT:
        try:
            importlib.import_module(name)
        except Exception as e:  # the notebook will import it itself and report the error there
            print(f"cchc-fork zygote: could not pre-import {name}: {e}", file=sys.stderr)
    shell = _new_shell()
    gc.collect()
    gc.freeze()  # children's collections skip the zygote's objects: fewer copied pages
    global _THREADS_AT_FORK
    if (n := thread_count()) != 1:  # see "Why fork() is safe here" at the top
        os.write(ready_fd, f"error: {_threads_message(n)}\n".encode())
        os.close(ready_fd)
        return 3

    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    srv.listen(128)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    sel = selectors.DefaultSelector()
    sel.register(srv, selectors.EVENT_READ, "accept")
    sel.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
    os.write(ready_fd, b"ready\n")
    os.close(ready_fd)
    while True:
        for key, _ in sel.select():
            if key.data == "parent":
                if not os.read(sys.stdin.fileno(), 4096):  # the orchestrator is gone
                    return 0
                continue
            conn, _ = srv.accept()
            _THREADS_AT_FORK = n = thread_count()
            if n != 1:  # something started a thread since: never fork; the engine reports it
                print(f"cchc-fork zygote: {_threads_message(n)}", file=sys.stderr)
                conn.close()
                return 3
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    sel.close()
                    srv.close()
                    _child(conn, shell)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            conn.close()


def _threads_message(n: int) -> str:
    return (f"{n} threads running in the zygote; fork() would risk deadlocks, so it refuses to "
            f"(a library started a thread pool: see ZYGOTE_THREAD_ENV in {__file__})")


if __name__ == "__main__" and sys.argv[1:2] == ["--zygote"]:
    # Before importing papermill: the zygote needs none of the engine side.
    raise SystemExit(_zygote_main(sys.argv[2], int(sys.argv[3])))


# --- the orchestrator side ---------------------------------------------------------------------

import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402

import nbformat  # noqa: E402
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402

# papermill's logger, without importing papermill here: papermill loads its engine entry points
# while it is imported, so importing it from this module would be circular. `ForkEngine` is
# therefore made on first access (module __getattr__), subclassing papermill's Engine then.
logger = logging.getLogger("papermill")
ENGINE_NAME = "cchc-fork"  # as registered in pyproject.toml
_stats = threading.local()

# Environment read at import time by the pre-imported libraries: a change starts a new zygote.
_IMPORT_ENV_PREFIXES = ("PYTHON", "MPL", "OMP_", "OPENBLAS", "MKL", "NUMEXPR", "CCHC", "JUPYTER",
                        "IPYTHON", "HOME", "LANG", "LC_", "TZ")


class Zygote:
    """One pre-imported template process; `run` forks a child per notebook (thread-safe)."""

    def __init__(self, ready_timeout: float = 120):
        self.dir = tempfile.mkdtemp(prefix="cchc-fork-")
        self.path = os.path.join(self.dir, "z.sock")
        ready_r, ready_w = os.pipe()
        try:
            # stdin: the zygote's life line; stdout/stderr inherited, as a kernel's are
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "cchc.batch.fork_engine", "--zygote", self.path,
                 str(ready_w)], stdin=subprocess.PIPE, pass_fds=(ready_w,), cwd=self.dir,
                env={**os.environ, **ZYGOTE_THREAD_ENV},
                # its own session: a Ctrl-C at the terminal goes to the orchestrator alone, which
                # stops the zygote and its children itself (no KeyboardInterrupt traceback from them)
                start_new_session=True)
        finally:
            os.close(ready_w)
        with os.fdopen(ready_r, "rb") as ready:
            line = _readline_timeout(ready, ready_timeout)
        if line.strip() != b"ready":
            reason = line.decode(errors="replace").strip().removeprefix("error: ")
            self.close()
            raise DeadKernelError(f"cchc-fork zygote did not start (exit code {self.proc.poll()})"
                                  + (f": {reason}" if reason else ""))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def connect(self) -> socket.socket:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.path)
        return s

    def close(self, kill: bool = False) -> None:
        """Stop the zygote (its children follow it): by closing its stdin, or at once (`kill`)."""
        if self.proc.poll() is None:
            try:
                if kill:
                    self.proc.kill()
                self.proc.stdin.close()  # the zygote exits on EOF; its children follow it
                self.proc.wait(5)
            except Exception:
                self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def _readline_timeout(stream, timeout: float) -> bytes:
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(stream, selectors.EVENT_READ)
    if not sel.select(timeout):
        return b""
    return stream.readline()


_lock = threading.Lock()
_zygotes: dict[tuple, Zygote] = {}


def zygote() -> Zygote:
    """The zygote for this process's current environment, started on first use."""
    key = (sys.executable,) + tuple(sorted(
        (k, v) for k, v in os.environ.items() if k.startswith(_IMPORT_ENV_PREFIXES)))
    with _lock:
        z = _zygotes.get(key)
        if z is None or not z.alive():
            if z is not None:
                z.close()
            z = _zygotes[key] = Zygote()
        return z


@atexit.register
def shutdown(kill: bool = False) -> None:
    """Stop every zygote of this process and the notebooks forked from it (also called at exit);
    `kill`: at once (an interrupted build)."""
    with _lock:
        for z in _zygotes.values():
            z.close(kill)
        _zygotes.clear()


def __getattr__(name: str):
    if name == "ForkEngine":
        engine = globals().get("ForkEngine") or _define_engine()
        globals()["ForkEngine"] = engine
        return engine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _define_engine():
    from papermill.engines import Engine

    if "ForkEngine" in globals():  # defined meanwhile by papermill's own entry-point loading
        return globals()["ForkEngine"]

    class ForkEngine(Engine):
        """papermill engine: the notebook runs in a child forked from the pre-imported zygote."""

        # Per-thread figures of the last run: `zygote_threads`, the zygote's thread count when it
        # forked this run's child (always 1, or it would not have forked); in seconds: `start`
        # (connect, fork, child set-up until it is ready), `cells` (inside run_cell, summed),
        # `wall` (the whole engine call).
        stats = _stats

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     **kwargs):
            from cchc.batch import engines
            engines.check_engine(ENGINE_NAME)  # Linux only: ValueError, in Vietnamese, elsewhere
            t_start = time.perf_counter()
            timeout = execution_timeout or kwargs.get("timeout")
            timeout = timeout if timeout and timeout > 0 else None
            nb = nb_man.nb
            language = nb.metadata.get("kernelspec", {}).get("language", "python")
            if language != "python":
                raise ValueError(f"cchc-fork runs Python notebooks only, not {language!r}")
            skip = kwargs.get("skip_cells_with_tag", "skip-execution")
            runnable = {i for i, c in enumerate(nb.cells)
                        if c.cell_type == "code" and c.source.strip()
                        and skip not in c.metadata.get("tags", [])}
            request = {"cells": [[i, nb.cells[i].source] for i in sorted(runnable)],
                       "cwd": os.getcwd(), "env": dict(os.environ), "parent_pid": os.getpid()}
            conn, pid = cls._start(request, start_timeout)
            t_started = time.perf_counter()
            cell_seconds = 0.0
            finished = False
            partial = kwargs.get("partial_path")
            try:
                for index, cell in enumerate(nb.cells):
                    try:
                        nb_man.cell_start(cell, index)
                        if index not in runnable:
                            continue
                        cell.outputs = []
                        cell.metadata["execution"] = {}
                        try:
                            msg = cls._wait_cell(conn, pid, nb, cell, index, timeout)
                        except (CellTimeoutError, DeadKernelError) as stop:
                            cell.outputs = [nbformat.v4.new_output(
                                "error", ename=type(stop).__name__, evalue=_STOPPED[type(stop)].format(timeout),
                                traceback=[])]
                            raise
                        cell_seconds += msg["seconds"]
                        cell.execution_count = msg["execution_count"]
                        cell.metadata["execution"] = msg["timing"]
                        cell.outputs = [nbformat.from_dict(o) for o in msg["outputs"]]
                        _log_outputs(cell.outputs, log_output, stdout_file, stderr_file)
                        if msg["error"]:
                            raise CellExecutionError.from_cell_and_msg(cell, msg["error"])
                    except CellExecutionError as ex:
                        nb_man.cell_exception(nb.cells[index], cell_index=index, exception=ex)
                        break
                    finally:
                        nb_man.cell_complete(nb.cells[index], cell_index=index)
                end = cls._recv_timed(conn, pid, start_timeout, None)
                if end is None or end.get("event") != "end":
                    raise DeadKernelError("Kernel died")
                nb.metadata["language_info"] = end["language_info"]
                finished = True
            except (CellTimeoutError, DeadKernelError):
                # papermill saves a notebook only when the run ends normally or a cell raised:
                # keep this one as far as it ran, for the reviewer (cchc build's failed/)
                if partial:
                    try:
                        nbformat.write(nb, partial)
                    except OSError:
                        pass
                raise
            finally:
                conn.close()
                if not finished:
                    _kill(pid)
                cls.stats.start = t_started - t_start  # request, fork, child set-up
                cls.stats.wall = time.perf_counter() - t_start
                cls.stats.cells = cell_seconds
            return nb

        @classmethod
        def _start(cls, request, start_timeout):
            for attempt in (0, 1):  # a zygote killed from outside is replaced once
                z = zygote()
                try:
                    conn = z.connect()
                    _send(conn, request)
                    conn.settimeout(start_timeout)
                    hello = _recv(conn)
                    cls.stats.zygote_threads = hello["zygote_threads"]
                    return conn, hello["pid"]
                except (OSError, EOFError):
                    if attempt:
                        raise DeadKernelError("Kernel died before starting") from None
                    with _lock:
                        if not z.alive():
                            z.close()

        @classmethod
        def _wait_cell(cls, conn, pid, nb, cell, index, timeout):
            while True:
                msg = cls._recv_timed(conn, pid, timeout, cell)
                if msg is None:
                    raise DeadKernelError("Kernel died")
                for up in msg.get("updates", []):  # update_display_data aimed at earlier cells
                    outs = nb.cells[up["cell"]].get("outputs", [])
                    if up["output"] < len(outs):
                        outs[up["output"]]["data"] = nbformat.from_dict(up["data"])
                        outs[up["output"]]["metadata"] = nbformat.from_dict(up["metadata"])
                if msg.get("event") == "done" and msg["index"] == index:
                    return msg

        @staticmethod
        def _recv_timed(conn, pid, timeout, cell):
            conn.settimeout(timeout)
            try:
                return _recv(conn)
            except socket.timeout:
                _kill(pid)
                logger.error("Timeout waiting for execute reply (%is)." % timeout)
                raise CellTimeoutError.error_from_timeout_and_cell(
                    "Cell execution timed out", timeout, cell) from None
            except (EOFError, ConnectionError):
                return None

    return ForkEngine


_STOPPED = {  # what a kept notebook says in the cell that was running (cchc build's failed/)
    CellTimeoutError: "Ô này chạy quá {} giây nên bị dừng (giới hạn --timeout).",
    DeadKernelError: "Tiến trình chạy notebook dừng đột ngột khi đang chạy ô này (hết bộ nhớ hoặc bị tắt).",
}


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _log_outputs(outputs, log_output, stdout_file, stderr_file) -> None:
    """What papermill's client does with each output when asked to log it."""
    if not (log_output or stdout_file or stderr_file):
        return
    for out in outputs:
        if out.output_type == "stream":
            target = stdout_file if out.name == "stdout" else stderr_file
            if log_output:
                (logger.info if out.name == "stdout" else logger.warning)(out.text)
            if target:
                target.write(out.text)
                target.flush()
        elif log_output and "text/plain" in out.get("data", {}):
            logger.info("".join(out.data["text/plain"]))


# --- measurement ---------------------------------------------------------------------------------

def _bench(runs: int = 10, notebook: str = "02_cai-cach-the-che.ipynb") -> None:
    """Per-notebook wall time with papermill's default engine and with cchc-fork, in one run."""
    import statistics

    import papermill as pm

    from cchc import paths
    from cchc.kernel import KERNEL_NAME
    from cchc.batch import fork_engine  # the module papermill's entry point loads, not __main__

    nb_path = paths.notebooks_dir() / notebook
    params = {"unit": "phuong-nguyen-nghiem", "period": "2023"}
    out = tempfile.mkdtemp(prefix="cchc-fork-bench-")

    def cells_time(nb) -> float:
        total = 0.0
        for c in nb.cells:
            ex = c.get("metadata", {}).get("execution", {})
            if "iopub.execute_input" in ex and "shell.execute_reply" in ex:
                a = datetime.fromisoformat(ex["iopub.execute_input"].replace("Z", "+00:00"))
                b = datetime.fromisoformat(ex["shell.execute_reply"].replace("Z", "+00:00"))
                total += (b - a).total_seconds()
        return total

    t0 = time.perf_counter()
    fork_engine.zygote()
    print(f"zygote start (once per build): {time.perf_counter() - t0:.2f} s")
    rows = {}
    starts, engine_walls = [], []
    for engine in (None, "cchc-fork"):  # interleaving would be fairer under load; kept simple
        walls, cells = [], []
        for i in range(runs):
            t = time.perf_counter()
            nb = pm.execute_notebook(str(nb_path), os.path.join(out, f"{engine}-{i}.ipynb"),
                                     parameters=params, progress_bar=False, kernel_name=KERNEL_NAME,
                                     cwd=str(nb_path.parent), engine_name=engine)
            walls.append(time.perf_counter() - t)
            cells.append(cells_time(nb))
            if engine:
                st = fork_engine.ForkEngine.stats
                starts.append(st.start)
                engine_walls.append(st.wall)
        rows[engine or "default"] = (walls, cells)
    print(f"{runs} runs of {nb_path.name}; median seconds per notebook")
    print(f"{'engine':<10} {'wall':>7} {'in cells':>9} {'overhead':>9}")
    for name, (walls, cells) in rows.items():
        w, c = statistics.median(walls), statistics.median(cells)
        over = statistics.median(a - b for a, b in zip(walls, cells))
        print(f"{name:<10} {w:7.3f} {c:9.3f} {over:9.3f}")
    print(f"cchc-fork split: connect+fork+child set-up {statistics.median(starts):.3f} s; "
          f"engine call {statistics.median(engine_walls):.3f} s of the papermill call "
          f"(the rest is papermill reading, parameterising and writing the notebook)")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__" and sys.argv[1:2] == ["--bench"]:
    _bench(int(sys.argv[2]) if len(sys.argv) > 2 else 10)
