"""A project outside the checkout builds: the tool installed from a wheel into a fresh venv, and a
copied project that builds itself (with a section notebook of its own). One unit, one year each."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from cchc import paths, scaffold
from conftest import CHECKOUT

pytestmark = pytest.mark.build

ENV_KEYS = ("CCHC_ROOT", "CCHC_OUTPUT", "CCHC_NOTEBOOKS")
YEAR = 2024
STEM = f"bao-cao-cchc-{scaffold.SLUG}-{YEAR}"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    env.update(extra)
    return env


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def assert_report(out: Path) -> None:
    unit = out / str(YEAR) / scaffold.SLUG
    for suffix in (".html", ".pdf"):
        f = unit / f"{STEM}{suffix}"
        assert f.is_file() and f.stat().st_size > 0, f"missing {f}"
    assert (unit / f"{STEM}.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "index.html").is_file()


def test_installed_wheel_builds_a_new_project(tmp_path):
    """`pip install` of the wheel (no checkout on the path), then `cchc init` + `cchc build` in a folder
    of its own. The dependencies come from the test's environment (a path entry to its site-packages,
    and its Jupyter data for nbconvert's templates), as `pip install .` would have installed them."""
    src = tmp_path / "src"  # build from a copy: nothing is written into the checkout
    for part in ("lib", "notebooks"):
        shutil.copytree(CHECKOUT / part, src / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(CHECKOUT / name, src / name)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", str(src),
         "-w", str(tmp_path / "dist")], cwd=tmp_path, env=clean_env())
    wheel, = (tmp_path / "dist").glob("cchc-*.whl")

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path, env=clean_env())
    py = venv / "bin" / "python"
    purelib = Path(run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                       cwd=tmp_path, env=clean_env()).stdout.strip())
    (purelib / "cchc-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet", "--no-deps", str(wheel)],
        cwd=tmp_path, env=clean_env())

    env = clean_env(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
                    JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"))
    where = run([str(py), "-c", "import cchc.paths as p; print(p.PACKAGE_DIR); print(p.tool_notebooks_dir())"],
                cwd=tmp_path, env=env).stdout.split()
    assert where == [str(purelib / "cchc"), str(purelib / "cchc" / "notebooks")]  # the wheel's, not the checkout

    cchc = str(venv / "bin" / "cchc")
    run([cchc, "init", "du-an", "--year", str(YEAR)], cwd=tmp_path, env=env)
    root = tmp_path / "du-an"
    proc = run([cchc, "build", "--no-progress"], cwd=root, env=env)
    assert "1 báo cáo: 1 thành công, 0 lỗi" in proc.stdout
    assert_report(root / "output")


def test_copied_project_builds_itself_with_its_own_section(tmp_path):
    """A project copied elsewhere builds the copy (root found from the working directory, a
    subfolder of it), not the original; its notebooks/03_*.ipynb replaces the tool's section 03."""
    original = scaffold.scaffold(tmp_path / "goc", year=YEAR)
    tool_03 = paths.tool_notebooks_dir() / "03_cai-cach-tthc.ipynb"
    nb = json.loads(tool_03.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["Đoạn viết riêng của dự án bản sao."]})
    (original / "notebooks" / "03_tthc-rieng.ipynb").write_text(json.dumps(nb, ensure_ascii=False),
                                                                 encoding="utf-8")
    copy = tmp_path / "ban-sao"
    shutil.copytree(original, copy)

    proc = run([sys.executable, "-m", "cchc.cli", "build", "--no-progress"], cwd=copy / "data", env=clean_env())
    assert "1 báo cáo: 1 thành công, 0 lỗi" in proc.stdout
    assert_report(copy / "output")
    assert not (original / "output").exists()
    unit = copy / "output" / str(YEAR) / scaffold.SLUG
    assert (unit / "notebooks" / "03_tthc-rieng.ipynb").is_file()
    assert not (unit / "notebooks" / "03_cai-cach-tthc.ipynb").exists()
    assert "Đoạn viết riêng của dự án bản sao." in (unit / f"{STEM}.html").read_text(encoding="utf-8")
