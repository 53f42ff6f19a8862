"""The papermill engine `cchc-fork`: isolation between notebooks, equivalence with papermill's
default engine (a fresh ipykernel), errors, timeouts, dead children, concurrency."""
from __future__ import annotations

import base64
import io
import json
import os
import random
import re
import threading
import time
from pathlib import Path

import nbformat
import numpy as np
import papermill as pm
import pytest
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from PIL import Image

from cchc.batch import engines, fork_engine

pytestmark = [
    pytest.mark.build,
    # Genuinely platform-dependent: the engine refuses to run where fork() is unsafe (macOS, Windows;
    # tests/test_engines.py checks that refusal everywhere). The only skip in the suite.
    pytest.mark.skipif(not engines.FORK_SAFE, reason="the fork engine runs on Linux only"),
]

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ENGINE = "cchc-fork"


@pytest.fixture(scope="module", autouse=True)
def _stop_zygotes():
    yield
    fork_engine.shutdown()


def make_nb(*sources: str) -> nbformat.NotebookNode:
    cells = [new_markdown_cell(s[3:]) if s.startswith("md:") else new_code_cell(s) for s in sources]
    nb = new_notebook(cells=cells)
    nb.metadata.kernelspec = {"name": "cchc", "display_name": "Python 3 (cchc)", "language": "python"}
    return nb


def run(nb, out: Path, cwd: Path, engine=ENGINE, **kw):
    return pm.execute_notebook(nb, str(out), progress_bar=False, cwd=str(cwd), kernel_name="cchc",
                               engine_name=engine, **kw)


def stdout_json(cell) -> dict:
    text = "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")
    return json.loads(text)


# --- isolation ------------------------------------------------------------------------------------

LEAKER = """
import json, os, random
import numpy as np
import matplotlib
import cchc.fmt
from cchc import chart_style
LEAKED_GLOBAL = 42
chart_style.apply()
matplotlib.rcParams["lines.linewidth"] = 9.0
random.seed(1234); np.random.seed(1234)
random.random(); np.random.random()
os.environ["CCHC_LEAK_TEST"] = "1"
os.chdir("/")
cchc.fmt.LEAKED_ATTRIBUTE = 1
print(json.dumps({"pid": os.getpid(), "ppid": os.getppid()}))
"""

PROBE = """
import json, os, random
import numpy as np
import matplotlib
import cchc.fmt
print(json.dumps({
    "global": "LEAKED_GLOBAL" in globals(),
    "linewidth": matplotlib.rcParams["lines.linewidth"],
    "grid": matplotlib.rcParams["axes.grid"],
    "backend": matplotlib.rcParams["backend"],
    "random": random.random(),
    "np_random": float(np.random.random()),
    "env": os.environ.get("CCHC_LEAK_TEST"),
    "cwd": os.getcwd(),
    "attr": hasattr(cchc.fmt, "LEAKED_ATTRIBUTE"),
    "pid": os.getpid(), "ppid": os.getppid(),
}))
"""


def test_state_set_by_one_notebook_is_never_seen_by_the_next(tmp_path):
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir()
    b_dir.mkdir()
    cwd_before = os.getcwd()
    a = stdout_json(run(make_nb(LEAKER), tmp_path / "a.ipynb", a_dir).cells[0])
    b1 = stdout_json(run(make_nb(PROBE), tmp_path / "b1.ipynb", b_dir).cells[0])
    b2 = stdout_json(run(make_nb(PROBE), tmp_path / "b2.ipynb", b_dir).cells[0])

    # the same zygote forked all three, each in a process of its own
    assert a["ppid"] == b1["ppid"] == b2["ppid"] != os.getpid()
    assert len({a["pid"], b1["pid"], b2["pid"]}) == 3
    for b in (b1, b2):
        assert b["global"] is False
        assert b["linewidth"] == 1.5  # matplotlib's default, not 9.0 nor the report style
        assert b["grid"] is False  # chart_style.apply() turns the grid on
        assert b["backend"] == "module://matplotlib_inline.backend_inline"  # as in a new ipykernel
        assert b["env"] is None
        assert b["cwd"] == str(b_dir)
        assert b["attr"] is False
    # random state: what notebook A's seed would give next never shows up ...
    leaked = random.Random(1234)
    leaked.random()
    leaked_np = np.random.RandomState(1234)
    leaked_np.random_sample()
    next_random, next_np = leaked.random(), leaked_np.random_sample()
    for b in (b1, b2):
        assert b["random"] != next_random
        assert b["np_random"] != next_np
    # ... and, as in fresh kernels, each notebook draws from its own OS-seeded state
    assert b1["random"] != b2["random"]
    assert b1["np_random"] != b2["np_random"]
    # the orchestrator is untouched too
    assert "CCHC_LEAK_TEST" not in os.environ
    assert os.getcwd() == cwd_before


def test_environment_is_read_at_call_time(tmp_path, monkeypatch):
    code = "import os\nprint(os.environ.get('CCHC_FORK_TEST_VAR'), os.environ['MPLBACKEND'])"
    monkeypatch.setenv("CCHC_FORK_TEST_VAR", "một")
    nb = run(make_nb(code), tmp_path / "e.ipynb", tmp_path)
    assert nb.cells[0].outputs[0].text == "một module://matplotlib_inline.backend_inline\n"


# --- equivalence with papermill's default engine -------------------------------------------------

KITCHEN_SINK = [
    # rcParams and environment as a new kernel sees them, before anything changes them
    "import hashlib, json, os, sys, matplotlib\n"
    "rc = json.dumps({k: repr(v) for k, v in matplotlib.rcParams.items()}, sort_keys=True)\n"
    "print(hashlib.sha256(rc.encode()).hexdigest())\n"
    "print(sorted(set(os.environ) - set(json.loads(os.environ['PROBE_KEYS']))))\n"
    "print(sys.path.index(''), __name__, sorted(k for k in globals() if not k.startswith('_')))",
    "md:a markdown cell",
    "print('a'); import sys; print('e', file=sys.stderr); print('b')\n1 + 1",
    "x = 3\nx;",
    "",
    "from IPython.display import HTML, Image, Markdown, display, clear_output\n"
    "display(HTML('<b>đậm</b>'), metadata={'cchc_alt': 'chữ'})\nprint('after')\n"
    "display(Markdown('*nghiêng*'))",
    "import pandas as pd\npd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})",
    "print('gone'); clear_output(wait=True); print('kept')",
    "h = display(HTML('v1'), display_id=True)\nh.update(HTML('v2'))",
    "import warnings\nwarnings.warn('cảnh báo')",
    "from cchc import chart_style\nchart_style.apply()\nfig, ax = chart_style.new_figure()\n"
    "ax.bar(['a', 'b'], [1, 2])\nchart_style.show_figure(fig, alt='hình')",
    "print('before the error')\nraise ValueError('lỗi ' + str(x))",
    "print('never')",
]


def normalise(nb) -> list:
    """What a reader sees of each cell, without run-dependent detail (times, addresses, PNG bytes)."""
    cells = []
    for c in nb.cells:
        outs = []
        for o in c.get("outputs", []):
            o = json.loads(json.dumps(o))
            data = o.get("data", {})
            if "image/png" in data:
                png = Image.open(io.BytesIO(base64.b64decode(data["image/png"])))
                data["image/png"] = png.size
            if "text/plain" in data:
                data["text/plain"] = re.sub(r"0x[0-9a-f]+", "0x…", "".join(data["text/plain"]))
            if "text" in o:
                o["text"] = re.sub(r"\S+\.py:\d+", "FILE:LINE", o["text"])  # warnings name a file
            outs.append(o)
        meta = {k: v for k, v in c.metadata.items() if k not in ("papermill", "execution")}
        status = c.metadata.get("papermill", {}).get("status")
        cells.append((c.cell_type, c.source, c.get("execution_count"), meta, status, outs))
    return cells


def test_kitchen_sink_is_identical_to_papermill_default_engine(tmp_path, monkeypatch):
    monkeypatch.setenv("PROBE_KEYS", json.dumps(sorted(os.environ) + ["PROBE_KEYS"]))
    results = {}
    for engine in (None, ENGINE):
        out = tmp_path / f"{engine}.ipynb"
        with pytest.raises(pm.PapermillExecutionError) as err:
            run(make_nb(*KITCHEN_SINK), out, tmp_path, engine=engine)
        assert (err.value.ename, err.value.evalue, err.value.exec_count) == ("ValueError", "lỗi 3", 10)
        written = nbformat.read(out, as_version=4)
        results[engine] = normalise(written)
        assert written.metadata.language_info.name == "python"
        assert written.metadata.language_info.pygments_lexer == "ipython3"
    default, fork = results[None], results[ENGINE]
    assert len(default) == len(fork)
    for d, f in zip(default, fork):
        assert d == f
    # the comparison looked at real content, not at two empty notebooks
    kinds = [o["output_type"] for cell in fork for o in cell[5]]
    assert kinds.count("display_data") == 4 and "execute_result" in kinds and "error" in kinds
    cleared = next(c for c in fork if "clear_output(wait" in c[1])
    assert [o["text"] for o in cleared[5]] == ["kept\n"]
    updated = next(c for c in fork if "h.update" in c[1])
    assert updated[5][0]["data"]["text/html"] == "v2"


@pytest.mark.parametrize("notebook", ["03_cai-cach-tthc.ipynb", "05_doi-ngu-cbcc.ipynb"])
def test_section_notebooks_give_the_same_outputs(tmp_path, notebook):
    params = {"unit": "phuong-nguyen-nghiem", "period": "2023"}
    outs = {}
    for engine in (None, ENGINE):
        nb = pm.execute_notebook(str(NOTEBOOKS / notebook), str(tmp_path / f"{engine}.ipynb"),
                                 parameters=params, progress_bar=False, cwd=str(NOTEBOOKS),
                                 kernel_name="cchc", engine_name=engine)
        outs[engine] = nb
    default, fork = outs[None], outs[ENGINE]
    assert len(default.cells) == len(fork.cells)
    n_html = n_png = 0
    for d, f in zip(default.cells, fork.cells):
        assert d.get("execution_count") == f.get("execution_count")
        do, fo = d.get("outputs", []), f.get("outputs", [])
        assert [o.output_type for o in do] == [o.output_type for o in fo]
        for a, b in zip(do, fo):
            assert sorted(a.get("data", {})) == sorted(b.get("data", {}))
            assert a.get("metadata", {}) == b.get("metadata", {})
            if "text/html" in a.get("data", {}):
                assert a.data["text/html"] == b.data["text/html"]
                n_html += 1
            if "image/png" in a.get("data", {}):
                ia = Image.open(io.BytesIO(base64.b64decode(a.data["image/png"])))
                ib = Image.open(io.BytesIO(base64.b64decode(b.data["image/png"])))
                assert ia.size == ib.size
                assert ia.convert("RGB").tobytes() == ib.convert("RGB").tobytes()  # same pixels
                n_png += 1
    assert n_html >= 3
    if notebook.startswith("03"):
        assert n_png >= 2  # intake by month and channel, timeliness, digitisation
    else:
        assert n_png >= 1  # qualification structure


# --- failures --------------------------------------------------------------------------------------

def test_error_stops_the_notebook_and_is_kept_in_the_output(tmp_path):
    out = tmp_path / "err.ipynb"
    nb = make_nb("print('one')", "y = 2", "raise ValueError('x')", "print('after')")
    with pytest.raises(pm.PapermillExecutionError) as err:
        run(nb, out, tmp_path)
    assert (err.value.ename, err.value.evalue, err.value.exec_count) == ("ValueError", "x", 3)
    written = nbformat.read(out, as_version=4)
    code = [c for c in written.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2, 3, None]
    error = code[2].outputs[-1]
    assert error.output_type == "error" and error.ename == "ValueError" and error.evalue == "x"
    assert any("ValueError" in line for line in error.traceback)
    assert code[2].metadata.papermill.status == "failed"
    assert code[3].outputs == [] and code[3].metadata.papermill.status == "pending"
    # papermill's own error banner and anchor cells
    assert "papermill-error-cell-tag" in written.cells[0].metadata.get("tags", [])
    assert written.metadata.papermill.exception is True


def test_cell_past_its_timeout_is_killed(tmp_path):
    out = tmp_path / "slow.ipynb"
    nb = make_nb("import os\nprint(os.getpid())", "import time\ntime.sleep(60)", "print('after')")
    with pytest.raises(CellTimeoutError):  # raised only if the 60 s sleep was cut short
        run(nb, out, tmp_path, execution_timeout=1)
    written = nbformat.read(out, as_version=4)
    pid = int(written.cells[0].outputs[0].text)
    assert written.cells[2].outputs == []
    deadline = time.monotonic() + 30  # a bound on waiting, not on speed: the zygote reaps it
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"child {pid} still alive after its timeout")


def test_dead_child_is_a_dead_kernel_and_the_next_notebook_runs(tmp_path):
    nb = make_nb("print('started')", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
                 "print('after')")
    with pytest.raises(DeadKernelError):
        run(nb, tmp_path / "dead.ipynb", tmp_path)
    written = nbformat.read(tmp_path / "dead.ipynb", as_version=4)
    assert written.cells[0].outputs[0].text == "started\n"
    assert written.cells[2].outputs == []
    ok = run(make_nb("print(6 * 7)"), tmp_path / "ok.ipynb", tmp_path)
    assert ok.cells[0].outputs[0].text == "42\n"


def test_a_killed_zygote_is_replaced(tmp_path):
    z = fork_engine.zygote()
    z.proc.kill()
    z.proc.wait(5)
    nb = run(make_nb("print('alive')"), tmp_path / "z.ipynb", tmp_path)
    assert nb.cells[0].outputs[0].text == "alive\n"
    assert fork_engine.zygote() is not z


# --- fork safety ---------------------------------------------------------------------------------

FORK_WARNING = "use of fork() may lead to deadlocks"  # Python 3.12+'s DeprecationWarning


def test_zygote_is_single_threaded_when_it_forks(tmp_path, monkeypatch, capfd):
    # Python 3.12+ warns from os.fork() in the zygote when the process has other threads; the
    # zygote's stderr is this process's, so the warning would show up in capfd. (On 3.11 there is
    # no such warning: the thread counts below are the proof there.)
    monkeypatch.setenv("PYTHONWARNINGS", "always::DeprecationWarning")  # a zygote of its own
    nb = run(make_nb("import numpy as np\nprint(int((np.ones((64, 64)) @ np.ones((64, 64))).sum()))"),
             tmp_path / "t.ipynb", tmp_path)
    assert nb.cells[0].outputs[0].text == "262144\n"
    assert fork_engine.ForkEngine.stats.zygote_threads == 1  # counted by the zygote just before fork()
    z = fork_engine.zygote()
    assert len(os.listdir(f"/proc/{z.proc.pid}/task")) == 1  # idle between forks: still one
    assert FORK_WARNING not in capfd.readouterr().err


def test_a_zygote_with_a_second_thread_refuses_to_fork(tmp_path, monkeypatch):
    # A library that starts a thread at import time, simulated by a sitecustomize on PYTHONPATH.
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import threading, time\n"
        "threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()\n")
    monkeypatch.setenv("PYTHONPATH", f"{site}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    with pytest.raises(DeadKernelError, match="2 threads running in the zygote"):
        run(make_nb("print('never')"), tmp_path / "n.ipynb", tmp_path)


# --- concurrency -----------------------------------------------------------------------------------

def test_concurrent_notebooks_from_threads_run_in_parallel(tmp_path):
    fork_engine.zygote()  # started before timing
    # Each notebook prints when its sleep began and ended (wall clock): overlapping intervals prove
    # the four ran at once, with no threshold on how long the machine took.
    nb = make_nb("tag: str = ''", "import time\nt0 = time.time()\ntime.sleep(1)\nprint(tag, t0, time.time())")
    nb.cells[0].metadata["tags"] = ["parameters"]
    src = tmp_path / "par.ipynb"
    nbformat.write(nb, src)
    results, errors = {}, []

    def work(i):
        try:
            out = pm.execute_notebook(str(src), str(tmp_path / f"par-{i}.ipynb"),
                                      parameters={"tag": f"t{i}"}, progress_bar=False,
                                      cwd=str(tmp_path), kernel_name="cchc", engine_name=ENGINE)
            results[i] = out.cells[-1].outputs[0].text
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    spans = {}
    for i, text in results.items():
        tag, start, end = text.split()
        assert tag == f"t{i}"
        spans[i] = (float(start), float(end))
    # one after the other, each sleep would begin after the previous ended; at once, some overlap
    assert max(s for s, _ in spans.values()) < min(e for _, e in spans.values())
