"""`make hooks`: notebooks are committed without outputs by a git clean filter (nbstripout), which
stages nothing the user had not staged (the former pre-commit hook ran `git add`)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from conftest import CHECKOUT

pytestmark = pytest.mark.fast

BIN = Path(sys.executable).parent


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def notebook_with_outputs(path: Path) -> None:
    cell = new_code_cell("print(1)", id="c1", execution_count=1,
                         outputs=[new_output("stream", name="stdout", text="1\n")])
    nb = new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "cchc", "display_name": "Python 3 (cchc)", "language": "python"}
    nbformat.write(nb, path)


def test_make_hooks_strips_outputs_and_stages_nothing_else(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copy(CHECKOUT / ".gitattributes", repo / ".gitattributes")
    (repo / "notes.txt").write_text("một\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    # the Makefile's own target, pointed at this venv (STAMP empty: nothing to set up)
    subprocess.run(["make", "-s", "-f", str(CHECKOUT / "Makefile"), "hooks", "STAMP=", f"BIN={BIN}"],
                   cwd=repo, env=env, check=True, capture_output=True)
    nb = repo / "a.ipynb"
    notebook_with_outputs(nb)
    (repo / "notes.txt").write_text("một\nhai (chưa stage)\n", encoding="utf-8")
    git(repo, "add", "a.ipynb")
    git(repo, "commit", "-q", "-m", "notebook")
    committed = json.loads(git(repo, "show", "HEAD:a.ipynb"))
    assert committed["cells"][0]["outputs"] == [] and committed["cells"][0]["execution_count"] is None
    assert committed["cells"][0]["id"] == "c1", "cell ids are kept (--keep-id)"
    assert committed["metadata"]["kernelspec"]["name"] == "cchc"
    assert json.loads(nb.read_text())["cells"][0]["outputs"], "the open notebook keeps its outputs"
    assert git(repo, "status", "--porcelain").splitlines() == [" M notes.txt"], "unstaged edits stay unstaged"


def test_committed_notebooks_pass_through_the_filter_unchanged():
    """The filter (nbstripout --keep-id) leaves the committed notebooks byte for byte as they are
    (its library call, as the command makes it: one process instead of ten)."""
    from nbstripout import strip_output

    for path in sorted((CHECKOUT / "notebooks").glob("*.ipynb")):
        raw = path.read_text(encoding="utf-8")
        nb = nbformat.reads(raw, as_version=nbformat.NO_CONVERT)
        stripped = nbformat.writes(strip_output(nb, keep_output=False, keep_count=False, keep_id=True)) + "\n"
        assert stripped == raw, f"{path.name} would change on commit"


def test_no_hand_written_hook_left():
    assert not (CHECKOUT / ".githooks").exists()
    assert "nbstripout" in (CHECKOUT / ".gitattributes").read_text()
