"""Notebooks are committed thin and without outputs (design principles 1 and 4)."""
import ast
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.fast

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_section_notebooks():
    assert len(NOTEBOOKS) >= 10


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert dirty == [], f"{path.name}: cells {dirty} carry outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_holds_no_logic(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    params = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, "exactly one cell tagged 'parameters'"
    for cell in code:
        tree = ast.parse("".join(cell["source"]))
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), \
                f"{path.name}: define functions in lib/cchc, not in notebooks"
            assert not isinstance(node, (ast.For, ast.While, ast.If)), f"{path.name}: control flow belongs in lib/cchc"
            if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and cell not in params:
                assert node.value in (0, 1), f"{path.name}: number {node.value} typed into a notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_names_the_project_kernel(path):
    """`cchc`, the kernel `make` installs into the venv, not `python3` (which a global Jupyter or VS
    Code resolves to a Python without cchc)."""
    spec = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    assert (spec["name"], spec["display_name"]) == ("cchc", "Python 3 (cchc)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_cell_after_parameters_checks_them(path):
    """A wrong -p value stops at `cchc.report(...)`, the first code after the parameters, which
    checks them and says what is wrong in Vietnamese (tests/test_report_arguments.py)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    first = next(i for i, c in enumerate(code) if "parameters" in c.get("metadata", {}).get("tags", []))
    assert "cchc.report(unit, period, snapshot=snapshot)" in "".join(code[first + 1]["source"])
