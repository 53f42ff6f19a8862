"""Which engine `cchc build` uses where: fork only where fork() is safe (Linux), else papermill's."""
from __future__ import annotations

import sys

import pytest

from cchc import cli
from cchc.batch import BuildOptions, build, engines
from cchc.batch import fork_engine

pytestmark = pytest.mark.fast

REFUSAL = "--engine fork chỉ dùng được trên Linux"


def test_fork_is_the_default_exactly_on_linux():
    assert engines.FORK_SAFE is sys.platform.startswith("linux")
    assert engines.default_engine() == ("fork" if engines.FORK_SAFE else "papermill")


def test_where_fork_is_safe_it_is_the_default(monkeypatch):
    monkeypatch.setattr(engines, "FORK_SAFE", True)
    assert engines.resolve(None) == "cchc-fork"
    assert engines.resolve("papermill") is None
    assert BuildOptions().engine == "cchc-fork"


def test_elsewhere_papermill_is_the_default_and_fork_is_refused_in_vietnamese(monkeypatch, tiny_root,
                                                                              capsys):
    monkeypatch.setattr(engines, "FORK_SAFE", False)
    assert engines.resolve(None) is None
    assert BuildOptions().engine is None
    with pytest.raises(ValueError, match=REFUSAL):
        engines.resolve("fork")
    with pytest.raises(ValueError, match=REFUSAL):  # also when asked for through the Python API
        build(BuildOptions(engine="cchc-fork", dry_run=True))
    with pytest.raises(ValueError, match=REFUSAL):  # and through papermill directly
        fork_engine.ForkEngine.execute_managed_notebook(None, "cchc")

    assert cli.main(["build", "--engine", "fork", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cchc build: " + REFUSAL) and "--engine papermill" in err
    assert "Traceback" not in err
    assert cli.main(["build", "--dry-run"]) == 0  # the default needs no --engine
