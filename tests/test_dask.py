"""The Dask executor: concurrent.futures semantics, an existing scheduler, and a LocalCluster build
whose reports equal the local executor's."""
from __future__ import annotations

import json
import operator
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

import pytest

from conftest import CHECKOUT, run_cli

try:
    import distributed
except ImportError as e:  # pinned in requirements.lock: missing means a broken environment, not a skip
    pytest.fail(f"dask.distributed cannot be imported ({e}); it is pinned in requirements.lock: "
                "run `make .venv/.installed` (or pip install -r requirements.lock)", pytrace=False)

YEAR, UNITS = "2023", ("xa-pho-thuan", "xa-pho-nhon")


# ---- the executor itself ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster():
    """A cluster started before the tests touch the environment: its workers keep their own."""
    c = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                   dashboard_address="127.0.0.1:0")
    yield c
    c.close()


@pytest.mark.build
def test_local_path_does_not_import_dask():
    code = ("import sys; from cchc.batch import executors; executors.get('local', jobs=1).shutdown(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.build
def test_futures_semantics_on_own_local_cluster():
    from cchc.batch import executors
    from cchc.batch.dask_executor import DaskExecutor

    ex = executors.get("dask", jobs=1)
    assert isinstance(ex, DaskExecutor) and ex._cluster is not None
    try:
        good = ex.submit(pow, 2, 10)
        bad = ex.submit(operator.truediv, 1, 0)
        assert isinstance(good, Future) and isinstance(bad, Future)
        done, _ = wait([good, bad], timeout=120, return_when=FIRST_COMPLETED)
        assert done
        wait([good, bad], timeout=120)
        assert good.result() == 1024
        assert isinstance(bad.exception(), ZeroDivisionError)
        with pytest.raises(ZeroDivisionError):
            bad.result()
        # pure=False: the same call twice runs twice (two keys), each gives its own result
        a, b = ex.submit(time.time), ex.submit(time.time)
        assert a.result(timeout=60) != b.result(timeout=60)
        slow = ex.submit(time.sleep, 60)
    finally:
        ex.shutdown()
    assert slow.cancelled()  # shutdown does not leave the orchestrator waiting on a dead cluster
    assert ex._cluster.status.name == "closed"


@pytest.mark.build
def test_existing_scheduler_gets_client_paths_and_is_left_running(cluster, tmp_path, monkeypatch):
    from cchc.batch import executors

    monkeypatch.setenv("CCHC_ROOT", str(tmp_path / "root"))
    monkeypatch.setenv("CCHC_OUTPUT", str(tmp_path / "out"))
    monkeypatch.delenv("CCHC_NOTEBOOKS", raising=False)
    ex = executors.get("dask", jobs=7, scheduler=cluster.scheduler_address)
    try:
        assert ex._cluster is None
        got = [ex.submit(os.getenv, k) for k in ("CCHC_ROOT", "CCHC_OUTPUT", "CCHC_NOTEBOOKS")]
        assert [f.result(timeout=60) for f in got] == [
            str(tmp_path / "root"), str(tmp_path / "out"), str(CHECKOUT / "notebooks")]
    finally:
        ex.shutdown()
    # the cluster belongs to someone else: still there, still working
    with distributed.Client(cluster.scheduler_address) as c:
        assert c.submit(pow, 3, 3).result(timeout=60) == 27


@pytest.mark.build
def test_lost_worker_is_a_failed_job():
    import dask

    from cchc.batch.dask_executor import DaskExecutor

    # no retries on other workers, so the test does not wait for four deaths
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        ex = DaskExecutor(jobs=1)
    try:
        fut = ex.submit(os._exit, 3)
        assert isinstance(fut.exception(timeout=120), Exception)  # KilledWorker: the orchestrator's case
        assert ex.submit(pow, 2, 3).result(timeout=120) == 8  # the restarted worker takes the next job
    finally:
        ex.shutdown()


@pytest.mark.build
def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    proc = run_cli("build", "--year", YEAR, "--unit", UNITS[0], "--executor", "dask",
                   "--scheduler", "tcp://127.0.0.1:9", "--no-progress", timeout=300,
                   env_extra={"CCHC_OUTPUT": str(tmp_path / "out"),
                              "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "không kết nối được bộ lập lịch Dask tcp://127.0.0.1:9" in proc.stderr
    assert "Traceback" not in proc.stderr


# ---- a build on two LocalCluster workers equals the local build ------------------------------------

@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    outs = {}
    for name, extra in (("local", ["--executor", "local"]), ("dask", ["--executor", "dask", "--jobs", "2"])):
        out = tmp_path_factory.mktemp(f"output-{name}")
        proc = run_cli("build", "--year", YEAR, "--unit", *UNITS, "--no-progress", *extra,
                       env_extra={"CCHC_OUTPUT": str(out)}, timeout=900)
        assert proc.returncode == 0, f"{name} build failed:\n{proc.stdout}\n{proc.stderr}"
        outs[name] = out
    return outs


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.build
def test_same_files(two_builds):
    local, dask_ = (_files(two_builds[k]) for k in ("local", "dask"))
    assert local == dask_
    for unit in UNITS:
        base = f"{YEAR}/{unit}"
        assert {f"{base}/bao-cao-cchc-{unit}-{YEAR}.html", f"{base}/bao-cao-cchc-{unit}-{YEAR}.pdf",
                f"{base}/notebooks/10_phu-luc.ipynb"} <= dask_
        assert len([f for f in dask_ if f.startswith(f"{base}/notebooks/")]) == 10
    assert not [f for f in dask_ if f.endswith(".tmp") or "/.staging/" in f or "/failed/" in f]


@pytest.mark.build
def test_same_cache_keys_and_status(two_builds):
    """Same plan and cache: a dask build's keys are the local build's."""
    local, dask_ = two_builds["local"], two_builds["dask"]
    keys = sorted(f for f in _files(dask_) if f.endswith(".key"))
    assert len(keys) == len(UNITS) * 11
    for f in keys:
        assert (dask_ / f).read_text() == (local / f).read_text(), f
    for unit in UNITS:
        st = [json.loads((o / YEAR / unit / "status.json").read_text(encoding="utf-8")) for o in (local, dask_)]
        assert set(st[0]["files"]) == set(st[1]["files"])  # the same set (its SHA-256s: of each build's HTML)
        for s in st:
            s.pop("built_at"), s.pop("seconds"), s.pop("files"), s.pop("build")
        assert st[0] == st[1]
        assert st[1]["status"] == "ok" and st[1]["errors"] == []


def _outputs(nb_path: Path) -> list:
    """Each code cell's outputs, without what varies from run to run (timings, timestamps)."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    appendix = nb_path.stem.startswith("10_")
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        if appendix and "checks_table" not in src:
            continue  # the provenance table carries the build time
        outs = []
        for o in cell.get("outputs", []):
            kept = {k: v for k, v in o.get("data", {}).items() if k in ("text/html", "text/plain", "image/png")}
            outs.append((o["output_type"], kept, o.get("text"), o.get("ename"), o.get("evalue")))
        cells.append(outs)
    return cells


@pytest.mark.build
def test_same_notebook_outputs(two_builds):
    local, dask_ = two_builds["local"], two_builds["dask"]
    for unit in UNITS:
        notebooks = sorted((dask_ / YEAR / unit / "notebooks").glob("*.ipynb"))
        assert len(notebooks) == 10
        for nb in notebooks:
            got, want = _outputs(nb), _outputs(local / YEAR / unit / "notebooks" / nb.name)
            assert any(o[1].get("text/html") for cell in got for o in cell), f"{unit}/{nb.name}: no HTML output"
            assert got == want, f"{unit}/{nb.name} differs between the dask and the local build"
        checks = "".join(_outputs(dask_ / YEAR / unit / "notebooks" / "10_phu-luc.ipynb")[0][0][1]["text/html"])
        assert "phép kiểm tra" in checks


def _pdf_text(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.browser
def test_same_pdf_text(two_builds):
    names = {"xa-pho-thuan": "XÃ PHỔ THUẬN", "xa-pho-nhon": "XÃ PHỔ NHƠN"}
    for unit in UNITS:
        rel = Path(YEAR, unit, f"bao-cao-cchc-{unit}-{YEAR}.pdf")
        got, want = _pdf_text(two_builds["dask"] / rel), _pdf_text(two_builds["local"] / rel)
        assert names[unit] in got
        assert got == want


@pytest.mark.build
def test_dask_build_reuses_the_cache_with_either_executor(two_builds, cluster):
    """Nothing changed: a re-run over an existing scheduler executes nothing."""
    out = two_builds["dask"]
    before = {f: (out / f).stat().st_mtime_ns for f in _files(out) if "/notebooks/" in f or f.endswith(".pdf")}
    proc = run_cli("build", "--year", YEAR, "--unit", *UNITS, "--no-progress", "--executor", "dask",
                   "--scheduler", cluster.scheduler_address, env_extra={"CCHC_OUTPUT": str(out)}, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # (fails too when lib/cchc changes mid-test, e.g. someone editing the checkout: the code is in the key)
    assert proc.stdout.count("không đổi") == len(UNITS), proc.stdout
    assert {f: (out / f).stat().st_mtime_ns for f in before} == before


@pytest.mark.build
def test_section_build_over_existing_scheduler(cluster, tmp_path):
    out = tmp_path / "out"
    proc = run_cli("build", "--year", YEAR, "--unit", UNITS[0], "--section", "06", "--no-progress",
                   "--executor", "dask", "--scheduler", cluster.scheduler_address,
                   env_extra={"CCHC_OUTPUT": str(out)}, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    base = out / YEAR / UNITS[0]
    assert [p.name for p in (base / "notebooks").glob("*.ipynb")] == ["06_tai-chinh-cong.ipynb"]
    assert (base / f"bao-cao-cchc-{UNITS[0]}-{YEAR}.pdf").stat().st_size > 0
