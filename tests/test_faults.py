"""Faults during `cchc build`, on the tiny project (conftest.build_tiny_root, whose unit's name holds
markup): a cell error, a cell timeout, a killed notebook process, a killed zygote, a full disk (at
the render and at the promotion of the report's set), two builds at once, a stale lock, SIGINT and
SIGTERM, an input changed during the build, a read-only data folder, removed params, a bad units
entry for a unit nobody builds. Each asserts the exit code, a Vietnamese message, no traceback, the
inputs unchanged, the previous good report set intact and consistent (its HTML, PDF and notebooks
are the ones its status.json names, with their SHA-256: one build's), and nothing escaped into a
page. The pieces they rest on (the set promotion, the lock, the inputs read once, the index's
escaping, the key's files) are tested first, without a build.

One base build per module (three sections: 01, 03 and the appendix 10, so the provenance table is
there); each test copies it, so a fault re-runs only what it changes."""
from __future__ import annotations

import errno
import hashlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import CHECKOUT, TINY_SLUG, TINY_YEAR, build_tiny_root, notebooks_with, run_cli

MARKUP = '<script>alert("cchc")</script><b>đậm</b>'
NAME = f"Thử Nghiệm {MARKUP}"
SECTIONS = ("--section", "01", "03", "10")
REPORT = f"bao-cao-cchc-{TINY_SLUG}-{TINY_YEAR}"
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


# ---- helpers ------------------------------------------------------------------------------------

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> SHA-256): the inputs, to compare before and after."""
    return {p.relative_to(folder).as_posix(): _sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def _inputs(root: Path) -> dict[str, str]:
    return {**_tree(root / "params"), **_tree(root / "data")}


def _unit(out: Path) -> Path:
    return out / str(TINY_YEAR) / TINY_SLUG


def _status(out: Path) -> dict:
    return json.loads((_unit(out) / "status.json").read_text(encoding="utf-8"))


def _report_set(out: Path) -> dict[str, str]:
    """The report's set as status.json names it, checked against the disk: every file it lists is
    there with the SHA-256 it was promoted with (HTML, PDF and notebooks of one build)."""
    status = _status(out)
    files = status["files"]
    assert {f"{REPORT}.html", f"{REPORT}.pdf"} <= set(files) and any(f.startswith("notebooks/") for f in files)
    for rel, digest in files.items():
        assert _sha(_unit(out) / rel) == digest, f"{rel} is not the file of build {status['build']}"
    return files


def _no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text and 'File "' not in text, text


def _escaped(out: Path) -> None:
    """The unit's name reached the index and the report escaped, never as markup."""
    for page in [out / "index.html", *_unit(out).glob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert MARKUP not in text and "<script>alert" not in text, page
    assert html.escape(MARKUP) in (out / "index.html").read_text(encoding="utf-8")


_notebooks = notebooks_with  # conftest: the shipped notebooks with cells appended


def _cli(env: dict, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return run_cli("build", *SECTIONS, "--no-progress", *args, env_extra=env, timeout=timeout)


def _popen(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cchc.cli", "build", *SECTIONS, "--no-progress", *args],
                            env={**os.environ, **env}, cwd=CHECKOUT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The tiny project (its unit named with markup) built once: root/ and out/."""
    folder = tmp_path_factory.mktemp("faults")
    root = build_tiny_root(folder / "root")
    units = root / "params" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("name: Thử Nghiệm\n    parent: thị xã Mẫu",
                                                               f"name: '{NAME}'\n    parent: thị xã Mẫu", 1),
                     encoding="utf-8")
    proc = _cli({"CCHC_ROOT": str(root), "CCHC_OUTPUT": str(folder / "out")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder


@pytest.fixture
def project(base, tmp_path, monkeypatch):
    """A copy of the base build: (root, out, env, the inputs' digests, the report set)."""
    root, out = tmp_path / "root", tmp_path / "out"
    shutil.copytree(base / "root", root, symlinks=True)
    shutil.copytree(base / "out", out, symlinks=True)
    env = {"CCHC_ROOT": str(root), "CCHC_OUTPUT": str(out)}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("CCHC_NOTEBOOKS", raising=False)
    return root, out, env, _inputs(root), _report_set(out)


def _intact(project) -> None:
    """What every fault leaves: the inputs as they were, the previous set whole, nothing escaped."""
    root, out, _, inputs, files = project
    assert _inputs(root) == inputs
    assert _report_set(out) == files
    assert not (out / ".staging").exists() and not list(out.rglob("*.tmp")) and not (out / ".cchc-build.lock").exists()
    _escaped(out)


def _failed(proc, project, *words: str) -> dict:
    """A build that failed the report: exit 1, the words in its Vietnamese summary, no traceback,
    status.json says why (never "ok"), the index says "Lỗi"."""
    _, out, _, _, _ = project
    assert proc.returncode == 1, proc.stdout + proc.stderr
    _no_traceback(proc.stdout, proc.stderr)
    for w in words:
        assert w in proc.stdout, proc.stdout
    status = _status(out)
    assert status["status"] == "failed" and status["errors"]
    assert all(VIETNAMESE.search(e) for e in status["errors"])
    assert 'class="failed">Lỗi</span>' in (out / "index.html").read_text(encoding="utf-8")
    _intact(project)
    return status


# ---- the pieces, without a build ---------------------------------------------------------------

@pytest.mark.fast
@pytest.mark.parametrize("fail_at", range(6))
def test_a_set_is_promoted_whole_or_not_at_all(tmp_path, monkeypatch, fail_at):
    from cchc import atomic

    folder, stage = tmp_path / "report", tmp_path / "stage"
    names = ["notebooks/01.ipynb", "a.html", "a.pdf", "status.json"]
    for n in names:
        (folder / n).parent.mkdir(parents=True, exist_ok=True)
        (folder / n).write_text(f"old {n}")
        (stage / n).parent.mkdir(parents=True, exist_ok=True)
        (stage / n).write_text(f"new {n}")
    calls = []
    real = atomic._replace

    def full(src, dst):
        calls.append(dst)
        if len(calls) == fail_at + 2:  # the journal's own write is call 1
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real(src, dst)

    monkeypatch.setattr(atomic, "_replace", full)
    with pytest.raises(OSError):
        atomic.promote_set(folder, {n: stage / n for n in names}, tmp_path / "trash")
    assert {n: (folder / n).read_text() for n in names} == {n: f"old {n}" for n in names}
    assert not (folder / atomic.JOURNAL).exists()


@pytest.mark.fast
@pytest.mark.parametrize("killed_after", range(1, 9))
def test_a_promotion_cut_short_is_finished_by_the_next_build(tmp_path, monkeypatch, killed_after):
    from cchc import atomic

    folder, stage = tmp_path / "report", tmp_path / "stage"
    names = ["notebooks/01.ipynb", "a.html", "a.pdf", "status.json"]
    for n in names:
        for base, text in ((folder, "old"), (stage, "new")):
            (base / n).parent.mkdir(parents=True, exist_ok=True)
            (base / n).write_text(f"{text} {n}")
    calls, journal = [], {}
    real = atomic._replace

    class Killed(BaseException):
        pass

    def dying(src, dst):
        calls.append(dst)
        if len(calls) == killed_after + 1:  # the process dies here, as after SIGKILL: no undo runs,
            journal["text"] = (folder / atomic.JOURNAL).read_text()  # the journal stays on disk
            raise Killed
        real(src, dst)

    monkeypatch.setattr(atomic, "_replace", dying)
    monkeypatch.setattr(atomic, "_undo", lambda done: None)
    with pytest.raises(Killed):
        atomic.promote_set(folder, {n: stage / n for n in names}, tmp_path / "trash")
    monkeypatch.undo()
    (folder / atomic.JOURNAL).write_text(journal["text"])
    atomic.recover(folder)
    assert {n: (folder / n).read_text() for n in names} == {n: f"new {n}" for n in names}
    assert not (folder / atomic.JOURNAL).exists()


@pytest.mark.fast
def test_one_build_per_output_folder_and_a_stale_lock_is_taken_over(tmp_path):
    from cchc.batch.errors import BuildBusy
    from cchc.batch.lock import NAME, BuildLock

    with BuildLock(tmp_path) as first:
        assert json.loads((tmp_path / NAME).read_text())["pid"] == os.getpid()
        with pytest.raises(BuildBusy, match=rf"tiến trình {os.getpid()} trên máy .*bắt đầu lúc"):
            BuildLock(tmp_path).__enter__()
        assert first.stale is None
    assert not (tmp_path / NAME).exists()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / NAME).write_text(json.dumps({"pid": dead.pid, "host": "may-cu", "started": "2025-01-02T03:04:05"}))
    with BuildLock(tmp_path) as lock:
        assert lock.stale["pid"] == dead.pid
        assert f"tiến trình {dead.pid} trên máy may-cu" in lock.stale_message() and "không còn chạy" in \
            lock.stale_message()


@pytest.mark.fast
def test_the_key_covers_every_file_that_changes_a_report(tiny_root):
    """The cchc-project.yaml (calendar, formula), the units, import profiles, a leftover aliases.yaml,
    findings, formulas and sections files, the report's params and registers and its comparators'."""
    from cchc.batch import plan

    (tiny_root / "cchc-project.yaml").write_text("cutoff_calendar: lich\n", encoding="utf-8")
    for name in ("aliases.yaml", "findings.yaml", "formulas.yaml", "sections.yaml", "profiles/chuan.yaml",
                 "profiles/mot-cua.yaml"):
        (tiny_root / "params" / name).parent.mkdir(exist_ok=True)
        (tiny_root / "params" / name).write_text("{}\n", encoding="utf-8")
    (tiny_root / "params" / "2022").mkdir()
    (tiny_root / "params" / "2022" / f"{TINY_SLUG}.yaml").write_text("unit: x\n", encoding="utf-8")
    (tiny_root / "data" / "2022" / TINY_SLUG).mkdir(parents=True)
    (tiny_root / "data" / "2022" / TINY_SLUG / "ho-so.csv").write_text("x\n", encoding="utf-8")
    keyed = {p.relative_to(tiny_root).as_posix() for p in plan.input_paths(TINY_YEAR, TINY_SLUG)}
    assert {"cchc-project.yaml", "params/units.yaml", "params/aliases.yaml", "params/findings.yaml",
            "params/profiles/chuan.yaml", "params/profiles/mot-cua.yaml",
            "params/formulas.yaml", "params/sections.yaml", f"params/{TINY_YEAR}/{TINY_SLUG}.yaml",
            f"data/{TINY_YEAR}/{TINY_SLUG}/ho-so.csv", f"params/2022/{TINY_SLUG}.yaml",
            f"data/2022/{TINY_SLUG}/ho-so.csv"} <= keyed


@pytest.mark.fast
def test_inputs_are_read_once_into_the_frozen_tree_and_nothing_outside_is_read(tiny_root, tmp_path):
    from cchc.batch.inputs import Freezer
    from cchc.provenance import LINK, input_paths

    folder = tiny_root / "data" / str(TINY_YEAR) / TINY_SLUG
    outside = tmp_path / "outside.csv"
    outside.write_text("bí mật\n", encoding="utf-8")
    (folder / "chi-so.csv").unlink()
    (folder / "chi-so.csv").symlink_to(outside)
    os.mkfifo(folder / "ong.csv")  # a pipe: never opened (it would block)
    freezer = Freezer(tmp_path / "frozen")
    digests = freezer.freeze(input_paths(TINY_YEAR, TINY_SLUG))
    register = f"data/{TINY_YEAR}/{TINY_SLUG}/ho-so.csv"
    assert digests[register] == _sha(folder / "ho-so.csv") == _sha(tmp_path / "frozen" / register)
    assert digests[f"data/{TINY_YEAR}/{TINY_SLUG}/chi-so.csv"] == LINK + str(outside)
    assert (tmp_path / "frozen" / f"data/{TINY_YEAR}/{TINY_SLUG}/chi-so.csv").is_symlink()  # refused there too
    (folder / "ho-so.csv").write_text("đã sửa\n", encoding="utf-8")  # after the freeze: not seen
    assert freezer.freeze(input_paths(TINY_YEAR, TINY_SLUG))[register] == digests[register]


@pytest.mark.fast
def test_the_index_escapes_every_text_and_links_only_names_it_checked(tiny_root, tmp_path, monkeypatch):
    from cchc.batch import index

    monkeypatch.setenv("CCHC_OUTPUT", str(tmp_path))
    row = {"period": str(TINY_YEAR), "year": TINY_YEAR, "slug": TINY_SLUG, "status": "failed",
           "unit_name": f"Phường {MARKUP}", "period_name": f"năm {MARKUP}", "errors": [f"lỗi {MARKUP}"],
           "warnings": f"1{MARKUP}", "warnings_inputs": MARKUP, "warnings_notebooks": [],
           "headline": {"received": MARKUP, "on_time_rate": MARKUP, "on_time_rate_text": MARKUP},
           "html": "javascript:alert(1)", "pdf": '" onmouseover="alert(1).pdf',
           "notebooks": ["../../../etc/passwd", f"notebooks/{MARKUP}.ipynb", "notebooks/01_a.ipynb"],
           "failed_notebooks": ["failed/<img src=x onerror=alert(1)>.ipynb"]}
    (tmp_path / str(TINY_YEAR) / TINY_SLUG / "notebooks").mkdir(parents=True)
    (tmp_path / str(TINY_YEAR) / TINY_SLUG / "notebooks" / "01_a.ipynb").write_text("{}")
    (tmp_path / str(TINY_YEAR) / TINY_SLUG / "status.json").write_text(json.dumps(row), encoding="utf-8")
    page = (tmp_path / "index.html")
    index.write_index()
    text = page.read_text(encoding="utf-8")
    assert MARKUP not in text and "<script>alert" not in text and "<img" not in text and "onmouseover" not in \
        text.replace("&quot; onmouseover", "")
    assert html.escape(MARKUP) in text
    hrefs = re.findall(r'href="([^"]*)"', text)
    assert hrefs == [f"{TINY_YEAR}/{TINY_SLUG}/notebooks/01_a.ipynb"]  # nothing else exists or is checked
    assert "Không còn tham số" not in text  # its params are there


# ---- faults in a build ---------------------------------------------------------------------------

@pytest.mark.build
def test_a_cell_error_fails_the_report_and_keeps_the_previous_set(project, tmp_path):
    env = {**project[2], "CCHC_NOTEBOOKS": str(_notebooks(tmp_path, "03_cai-cach-tthc",
                                                             'raise RuntimeError("lỗi thử nghiệm")'))}
    proc = _cli(env)
    _failed(proc, project, "lỗi thử nghiệm", "failed/03_cai-cach-tthc.ipynb")
    assert (_unit(project[1]) / "failed" / "03_cai-cach-tthc.ipynb").is_file()


@pytest.mark.build
def test_a_cell_timeout_is_said_in_vietnamese_and_its_notebook_kept(project, tmp_path):
    env = {**project[2], "CCHC_NOTEBOOKS": str(_notebooks(tmp_path, "03_cai-cach-tthc", "import time\ntime.sleep(60)"))}
    proc = _cli(env, "--timeout", "2")
    status = _failed(proc, project, "một ô chạy quá 2 giây", "failed/03_cai-cach-tthc.ipynb")
    assert "timed out" not in proc.stdout + proc.stderr and "Timeout" not in proc.stdout + proc.stderr
    assert any("notebook đã chạy được giữ để xem" in e for e in status["errors"])
    kept = nbformat.read(_unit(project[1]) / "failed" / "03_cai-cach-tthc.ipynb", as_version=4)
    assert "chạy quá 2 giây" in kept.cells[-1].outputs[0]["evalue"]  # the cell that was stopped says so


@pytest.mark.build
def test_a_killed_notebook_process_fails_its_report_in_vietnamese(project, tmp_path):
    env = {**project[2], "CCHC_NOTEBOOKS": str(_notebooks(tmp_path, "03_cai-cach-tthc",
                                                             "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"))}
    proc = _cli(env)
    _failed(proc, project, "tiến trình chạy notebook dừng đột ngột", "failed/03_cai-cach-tthc.ipynb")
    assert "Kernel died" not in proc.stdout + proc.stderr


@pytest.mark.build
def test_a_killed_zygote_fails_what_it_ran_and_the_next_build_recovers(project, tmp_path):
    env = {**project[2], "CCHC_NOTEBOOKS": str(_notebooks(tmp_path, "03_cai-cach-tthc",
                                                             "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
                                                             "import time\ntime.sleep(10)"))}  # killed with it
    proc = _cli(env)
    _failed(proc, project, "tiến trình chạy notebook dừng đột ngột")
    again = _cli(project[2])  # the shipped notebooks: section 03 runs again, on a new zygote
    assert again.returncode == 0, again.stdout + again.stderr
    assert _status(project[1])["status"] == "ok" and "failed" not in os.listdir(_unit(project[1]))
    _report_set(project[1])


@pytest.mark.build
def test_a_worker_process_that_dies_fails_its_job_and_the_next_job_gets_a_new_one():
    """Validation and the PDF run in worker processes: one that dies (killed, out of memory) fails
    its job with a Vietnamese line, and does not break the pool for the rest of the build."""
    from cchc.batch import jobs

    with pytest.raises(jobs.WorkerDied, match="dừng đột ngột"):
        jobs._in_worker(os._exit, 1)
    assert jobs._in_worker(os.getpid) != os.getpid()
    jobs.shutdown_renderer()


def _in_process(capsys, *args: str) -> tuple[int, str, str]:
    from cchc import cli

    code = cli.main(["build", *SECTIONS, "--no-progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.build
def test_a_full_disk_when_the_report_is_written_keeps_the_previous_set(project, monkeypatch, capsys):
    """The disk is full when the report's HTML is written, after its PDF: the previous HTML and PDF
    stay, both (once, a new official PDF stood beside the old HTML)."""
    from cchc.batch import jobs

    real_render, real_replace = jobs.render, os.replace

    def full(src, dst, **kw):
        if str(dst).endswith(f"{REPORT}.html"):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real_replace(src, dst, **kw)

    monkeypatch.setattr(os, "replace", full)
    # rendered in this process (not a worker), so the full disk above reaches it
    monkeypatch.setattr(jobs, "render", lambda executed, header, h, p, _sub=False, *office:
                        real_render(executed, header, h, p, False, *office))
    code, out, err = _in_process(capsys, "--force")
    monkeypatch.setattr(os, "replace", real_replace)
    status = _failed(subprocess.CompletedProcess([], code, out, err), project, "hết dung lượng đĩa khi ghi báo cáo")
    assert out.count("hết dung lượng đĩa") == 1 and any("hết dung lượng đĩa" in e for e in status["errors"])


@pytest.mark.build
def test_a_full_disk_while_the_set_is_promoted_puts_the_previous_set_back(project, monkeypatch, capsys):
    real = os.replace
    unit = _unit(project[1])

    def full(src, dst, **kw):  # the new HTML and notebooks are in place by then: they must go back
        if Path(dst) == unit / f"{REPORT}.pdf" and "/.staging/" in str(src) and "/previous/" not in str(src):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real(src, dst, **kw)

    monkeypatch.setattr(os, "replace", full)
    code, out, err = _in_process(capsys, "--force")
    monkeypatch.setattr(os, "replace", real)
    status = _failed(subprocess.CompletedProcess([], code, out, err), project, "hết dung lượng đĩa",
                     "bộ báo cáo trước vẫn giữ nguyên")
    assert status["html"] == f"{REPORT}.html" and status["pdf"] == f"{REPORT}.pdf"  # still the previous ones
    code, out, err = _in_process(capsys)  # space again: the set in place is still the inputs' own report
    assert code == 0 and "không đổi" in out, out + err
    assert _status(project[1])["status"] == "ok" and _report_set(project[1]) == project[4]


def _descendants(pid: int) -> set[int]:
    """The processes descending from `pid` (/proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry.name))
        except (OSError, ValueError):
            continue
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.1)


@pytest.mark.build
def test_a_second_build_on_the_same_output_is_refused_naming_the_first(project, tmp_path):
    root, out, env, _, _ = project
    started = tmp_path / "started"
    slow = {**env, "CCHC_NOTEBOOKS": str(_notebooks(tmp_path, "03_cai-cach-tthc",
                                                      f"open({str(started)!r}, 'w').close()\nimport time\ntime.sleep(4)"))}
    first = _popen(slow)
    try:
        _wait_for(lambda: started.exists() or first.poll() is not None)
        second = _cli(env)
        assert second.returncode == 3, second.stdout + second.stderr
        assert f"tiến trình {first.pid}" in second.stderr and "đang được một lần dựng báo cáo khác dùng" in second.stderr
        _no_traceback(second.stdout, second.stderr)
    finally:
        stdout, stderr = first.communicate(timeout=600)
    assert first.returncode == 0, stdout + stderr
    _no_traceback(stdout, stderr)
    assert _inputs(root) == project[3]
    _report_set(out)
    _escaped(out)


@pytest.mark.build
def test_a_lock_left_by_a_killed_build_is_taken_over(project, tmp_path):
    _, out, env, _, _ = project
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / ".cchc-build.lock").write_text(json.dumps({"pid": dead.pid, "host": "may-khac", "started": "2025-01-02T03:04:05"}))
    (out / ".staging" / "cu" / "reports").mkdir(parents=True)  # the killed build's staging
    proc = _cli(env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"tiến trình {dead.pid} trên máy may-khac" in proc.stdout and "không còn chạy" in proc.stdout
    _intact(project)


@pytest.mark.build
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_build_stops_its_workers_and_says_one_line(project, tmp_path, signum, code):
    _, out, env, _, _ = project
    started = tmp_path / "started"
    slow = {**env, "CCHC_NOTEBOOKS": str(_notebooks(tmp_path, "03_cai-cach-tthc",
                                                      f"open({str(started)!r}, 'w').close()\nimport time\ntime.sleep(60)"))}
    proc = _popen(slow)
    _wait_for(lambda: started.exists() or proc.poll() is not None)
    workers = _descendants(proc.pid)
    assert workers  # the zygote and the notebook forked from it, the worker processes
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stdout + stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "đã dừng theo yêu cầu" in lines[0], stderr
    _no_traceback(stdout, stderr)
    _wait_for(lambda: not [p for p in workers if Path(f"/proc/{p}").exists()
                           and "zombie" not in Path(f"/proc/{p}/status").read_text()], 10)
    _intact(project)
    assert _status(out)["status"] == "ok"  # its previous report, untouched


@pytest.mark.build
def test_an_input_changed_during_the_build_cannot_reach_a_report_the_cache_keeps(project, monkeypatch, capsys):
    """The register is edited once the build has started (as its validation begins) and put back
    after it: the report is of one version of the register, its provenance table gives that
    version's SHA-256, and the next build neither keeps a report of the edited one nor says a
    stale report is "không đổi"."""
    from cchc.batch import jobs

    root, out, _, _, _ = project
    register = root / "data" / str(TINY_YEAR) / TINY_SLUG / "ho-so.csv"
    original = register.read_bytes()
    edited = original.rstrip(b"\r\n") + ("\r\nHS-007,Đăng ký khai sinh,Hộ tịch,Trực tuyến,06/01/2023,07/01/2023,"
                                         "06/01/2023,Đã giải quyết,Có,Có,Có,Có,Có,Không,0,Có\r\n").encode()
    real = jobs.prepare

    def edit_then_prepare(*args):
        register.write_bytes(edited)
        return real(*args)

    monkeypatch.setattr(jobs, "prepare", edit_then_prepare)
    code, stdout, stderr = _in_process(capsys, "--force")
    register.write_bytes(original)  # put back
    monkeypatch.setattr(jobs, "prepare", real)
    assert code == 0, stdout + stderr

    def printed() -> tuple[int, str]:
        page = (_unit(out) / f"{REPORT}.html").read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", "", page)
        received = int(re.search(r"Số lượng hồ sơ tiếp nhận: (\d+) hồ sơ", text).group(1))
        digest = re.search(rf"data/{TINY_YEAR}/{TINY_SLUG}/ho-so\.csv\s*([0-9a-f]{{64}})", text).group(1)
        return received, digest

    received, digest = printed()
    versions = {hashlib.sha256(original).hexdigest(): 6, hashlib.sha256(edited).hexdigest(): 7}
    assert versions.get(digest) == received  # figures and SHA-256 of the same bytes
    assert _status(out)["headline"]["received"] == received
    code, stdout, stderr = _in_process(capsys)
    assert code == 0, stdout + stderr
    assert printed() == (6, hashlib.sha256(original).hexdigest())  # the report is of the register as it is
    _report_set(out)


@pytest.mark.build
def test_a_read_only_data_folder_builds_and_nothing_is_written_into_it(project):
    root, out, env, inputs, _ = project
    (root / "data" / str(TINY_YEAR) / TINY_SLUG / "chi-so.csv").write_bytes(
        (root / "data" / str(TINY_YEAR) / TINY_SLUG / "chi-so.csv").read_bytes() + b"\r\n")  # a change to build
    inputs = _inputs(root)
    listing = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    for p in [*root.rglob("*"), root]:
        if not p.is_symlink():
            p.chmod(p.stat().st_mode & ~0o222)
    try:
        proc = _cli(env)
    finally:
        for p in [root, *root.rglob("*")]:
            if not p.is_symlink():
                p.chmod(p.stat().st_mode | 0o200)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _no_traceback(proc.stdout, proc.stderr)
    assert "xong" in proc.stdout
    assert _inputs(root) == inputs and sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == listing
    _report_set(out)
    _escaped(out)


@pytest.mark.build
def test_removed_params_are_never_listed_as_done(project):
    root, out, env, _, _ = project
    (root / "params" / str(TINY_YEAR) / f"{TINY_SLUG}.yaml").unlink()
    proc = run_cli("build", "--no-progress", env_extra=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _no_traceback(proc.stdout, proc.stderr)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Hoàn thành" not in index and "Không còn tham số" in index
    assert f"params/{TINY_YEAR}/{TINY_SLUG}.yaml" in index
    _report_set(out)
    _escaped(out)


@pytest.mark.build
def test_a_bad_units_entry_of_a_unit_nobody_builds_fails_no_report(project):
    root, out, env, _, files = project
    units = root / "params" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + (
        "  - code: \"99201\"\n    slug: xa-khac\n    kind: xã\n    name: Khác\n    province: Quảng Ngãi\n"
        "    valid_from: 2020-13-45\n"), encoding="utf-8")
    proc = _cli(env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _no_traceback(proc.stdout, proc.stderr)
    checks = (_unit(out) / "kiem-tra-du-lieu.txt").read_text(encoding="utf-8")
    assert "CẢNH BÁO params/units.yaml" in checks and "đơn vị khác" in checks  # said, not an error here
    assert _status(out)["status"] == "ok" and _report_set(out) != files  # rebuilt: units.yaml is an input
    _escaped(out)
    units.write_text(units.read_text(encoding="utf-8").replace("slug: xa-khac", f"slug: {TINY_SLUG}"), encoding="utf-8")
    proc = _cli(env)  # the same bad entry now claims this unit's slug: this report fails
    assert proc.returncode == 1 and "params/units.yaml" in proc.stdout
    _no_traceback(proc.stdout, proc.stderr)
