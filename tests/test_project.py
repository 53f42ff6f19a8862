"""The project folder: found by its marker from the working directory, its settings, `cchc init`,
a project's own section notebooks, and the packaging that ships the tool's notebooks."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cchc import paths, project, scaffold
from conftest import CHECKOUT

pytestmark = pytest.mark.fast

ENV_KEYS = ("CCHC_ROOT", "CCHC_OUTPUT", "CCHC_NOTEBOOKS")


@pytest.fixture
def no_env(monkeypatch):
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)


def cli(*args: str, cwd: Path, **env_extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "cchc.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


# ---- the root ------------------------------------------------------------------------------------

def test_checkout_is_a_project(no_env, monkeypatch):
    assert (CHECKOUT / paths.MARKER).is_file()
    monkeypatch.chdir(CHECKOUT / "notebooks")  # where Lab runs a notebook
    assert paths.project_root() == CHECKOUT.resolve()
    s = project.settings()
    assert (s.province, s.cutoff_calendar, s.import_profile, s.output) == ("Quảng Ngãi", "bnv", None, "output")


def test_root_found_upward_from_cwd(tmp_path, no_env, monkeypatch):
    root = scaffold.scaffold(tmp_path / "du-an", year=2024)
    monkeypatch.chdir(root / "data" / "2024")
    assert paths.project_root() == root
    assert paths.units_file() == root / "params" / "units.yaml"
    assert paths.output_dir() == root / "output"


def test_no_project_is_an_error(tmp_path, no_env, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(paths.ProjectNotFound, match="không tìm thấy dự án báo cáo CCHC"):
        paths.project_root()
    assert paths.relative(tmp_path / "a.csv") == str(tmp_path / "a.csv")  # messages still work


def test_cchc_root_overrides_the_marker(tmp_path, no_env, monkeypatch):
    root = scaffold.scaffold(tmp_path / "du-an", year=2024)
    other = tmp_path / "khac"
    other.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("CCHC_ROOT", str(other))
    assert paths.project_root() == other.resolve()
    assert project.settings() == project.Settings()  # no marker there: the defaults


def test_output_setting_and_override(tmp_path, no_env, monkeypatch):
    root = tmp_path / "du-an"
    root.mkdir()
    (root / paths.MARKER).write_text("output: ket-qua\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert paths.output_dir() == root.resolve() / "ket-qua"
    monkeypatch.setenv("CCHC_OUTPUT", str(tmp_path / "o"))
    assert paths.output_dir() == (tmp_path / "o").resolve()


def test_settings_file_errors(tmp_path):
    (tmp_path / paths.MARKER).write_text("province: Huế\nouput: x\n", encoding="utf-8")
    with pytest.raises(project.ProjectError, match=r"dòng 2: khóa «ouput» không được dùng"):
        project.read_settings(tmp_path)
    (tmp_path / paths.MARKER).write_text("province: [a, b]\n", encoding="utf-8")
    with pytest.raises(project.ProjectError, match="phải là một giá trị đơn"):
        project.read_settings(tmp_path)
    (tmp_path / paths.MARKER).write_text("# chỉ có chú thích\n", encoding="utf-8")
    assert project.read_settings(tmp_path) == project.Settings()


# ---- the command line without building -------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "validate"])
def test_empty_folder_exits_2_in_vietnamese(tmp_path, command):
    proc = cli(command, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "không tìm thấy dự án báo cáo CCHC" in proc.stderr
    assert "cchc init" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_project_option_needs_a_marker(tmp_path):
    proc = cli("--project", str(tmp_path), "build", cwd=tmp_path)
    assert proc.returncode == 2
    assert "không phải thư mục dự án báo cáo CCHC" in proc.stderr


def test_bad_settings_exit_2(tmp_path):
    (tmp_path / paths.MARKER).write_text("tinh: Huế\n", encoding="utf-8")
    proc = cli("validate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "khóa «tinh» không được dùng" in proc.stderr


def test_project_and_output_options_in_the_plan(tmp_path):
    root = scaffold.scaffold(tmp_path / "du-an", year=2024)
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    # --project before or after the command; --output relative to the working directory
    for args in (["--project", str(root), "build"], ["build", "--project", str(root)]):
        proc = cli(*args, "--dry-run", "--output", "bao-cao", cwd=elsewhere)
        assert proc.returncode == 0, proc.stderr
        assert f"2024/{scaffold.SLUG}: 10 phần -> {elsewhere.resolve() / 'bao-cao' / '2024' / scaffold.SLUG}" \
            in proc.stdout
    proc = cli("build", "--dry-run", cwd=root / "params")  # found from a subfolder: output/ of the project
    assert proc.returncode == 0, proc.stderr
    assert f"-> output/2024/{scaffold.SLUG}" in proc.stdout


# ---- cchc init -----------------------------------------------------------------------------------------

def test_init_scaffolds_a_valid_project(tmp_path, no_env, monkeypatch):
    proc = cli("init", "du-an", "--year", "2024", "--province", "Thừa Thiên Huế", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    root = tmp_path / "du-an"
    assert "Đã tạo dự án báo cáo CCHC" in proc.stdout
    expected = {paths.MARKER, "README.md", "params/README.md", "params/units.yaml",
                f"params/2024/{scaffold.SLUG}.yaml", "data/README.md", "notebooks/README.md",
                *(f"data/2024/{scaffold.SLUG}/{s}.csv" for s in ("ho-so", "can-bo", "van-ban", "chi-so"))}
    assert {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} == expected
    assert project.read_settings(root) == project.Settings(province="Thừa Thiên Huế", cutoff_calendar="bnv")
    for readme in root.rglob("README.md"):  # written for the analyst, in Vietnamese
        text = readme.read_text(encoding="utf-8")
        assert "thư mục" in text.lower() and "cchc" in text, readme
    assert "Viết lại một phần báo cáo" in (root / "README.md").read_text(encoding="utf-8")

    proc = cli("validate", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 báo cáo: 1 hợp lệ, 0 có lỗi, 0 cảnh báo" in proc.stdout


def test_init_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "ghi-chu.txt").write_text("x", encoding="utf-8")
    proc = cli("init", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    assert "không trống" in proc.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["ghi-chu.txt"]


def test_init_default_year_is_last_year():
    import datetime as dt

    assert scaffold.default_year(dt.date(2026, 11, 30)) == 2025


# ---- section notebooks ------------------------------------------------------------------------------

def test_project_notebook_replaces_the_tools_section(tmp_path, no_env, monkeypatch):
    root = scaffold.scaffold(tmp_path / "du-an", year=2024)
    monkeypatch.chdir(root)
    tool = paths.section_notebooks()
    assert list(tool) == [f"{n:02d}" for n in range(1, 11)]
    assert all(p.parent == paths.tool_notebooks_dir().resolve() for p in tool.values())
    (root / "notebooks" / "03_tthc-rieng.ipynb").write_text("{}", encoding="utf-8")
    (root / "notebooks" / "11_phu-luc-them.ipynb").write_text("{}", encoding="utf-8")
    (root / "notebooks" / "ghi-chu.ipynb").write_text("{}", encoding="utf-8")  # not a section
    chosen = paths.section_notebooks()
    assert list(chosen) == [f"{n:02d}" for n in range(1, 12)]
    assert chosen["03"] == (root / "notebooks" / "03_tthc-rieng.ipynb").resolve()
    assert chosen["04"] == tool["04"]
    (root / "notebooks" / "03_tthc-khac.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="cùng số 03"):
        paths.section_notebooks()


# ---- packaging ------------------------------------------------------------------------------------

def test_wheel_package_list_matches_lib():
    """The package list in pyproject.toml is explicit (cchc.notebooks is mapped to notebooks/):
    a new subpackage of lib/cchc must be added there, or the wheel would lack it."""
    from setuptools import find_packages

    conf = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert sorted(conf["packages"]) == sorted([*find_packages(str(CHECKOUT / "lib")), "cchc.notebooks"])
    assert conf["package-dir"] == {"": "lib", "cchc.notebooks": "notebooks"}


def test_tool_notebooks_in_the_checkout():
    assert paths.tool_notebooks_dir() == CHECKOUT / "notebooks"
    assert len(list(paths.tool_notebooks_dir().glob("[0-9][0-9]_*.ipynb"))) == 10


def test_main_in_process_leaves_the_environment(tmp_path, no_env, monkeypatch):
    """`cchc` publishes the project as CCHC_ROOT (and --output as CCHC_OUTPUT) for its kernels only."""
    from cchc import cli

    root = scaffold.scaffold(tmp_path / "du-an", year=2024)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--project", str(root), "build", "--dry-run", "--output", "o"]) == 0
    assert not any(k in os.environ for k in ENV_KEYS)


def test_cchc_notebooks_replaces_the_whole_set_in_the_checkout(tmp_path, no_env, monkeypatch):
    monkeypatch.chdir(CHECKOUT)
    draft = tmp_path / "nhap"
    draft.mkdir()
    (draft / "02_nhap.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("CCHC_NOTEBOOKS", str(draft))
    assert paths.section_notebooks() == {"02": (draft / "02_nhap.ipynb").resolve()}
