"""The two pin lists (pip lock and conda environment) must agree exactly."""
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.fast

ROOT = Path(__file__).resolve().parents[1]


def _lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            pins[name.lower()] = version
    return pins


def _env_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return {n.lower(): v for n, _, v in (p.partition("==") for p in pip)}


def test_environment_yml_matches_lock():
    lock, env = _lock_pins(), _env_pins()
    assert set(lock) - set(env) == set(), "pinned in requirements.lock, missing in environment.yml"
    assert set(env) - set(lock) == set(), "in environment.yml, missing in requirements.lock"
    assert {n: (lock[n], env[n]) for n in lock if lock[n] != env[n]} == {}


def test_core_packages_are_pinned():
    lock = _lock_pins()
    for name in ("pandas", "papermill", "nbconvert", "matplotlib", "jupyterlab", "weasyprint"):
        assert name in lock, f"{name} is not in requirements.lock"


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _requirements(specs: list[str]):
    from packaging.requirements import Requirement

    return [Requirement(s) for s in specs]


def test_direct_dependencies_have_the_locked_major_minor_as_lower_bound():
    """`pip install cchc` elsewhere gets at least what the lock was tested with (major.minor), and
    the lock itself satisfies every bound."""
    from packaging.utils import canonicalize_name

    lock = {canonicalize_name(n): v for n, v in _lock_pins().items()}
    project = _pyproject()
    reqs = _requirements(project["dependencies"]) + [
        r for extra in project["optional-dependencies"].values() for r in _requirements(extra)]
    for req in reqs:
        name = canonicalize_name(req.name)
        assert name in lock, f"{req.name} is declared in pyproject.toml but not locked"
        bounds = [s for s in req.specifier if s.operator == ">="]
        assert len(bounds) == 1, f"{req}: give one lower bound (>=major.minor of the lock)"
        assert bounds[0].version == ".".join(lock[name].split(".")[:2]), (str(req), lock[name])
        assert req.specifier.contains(lock[name]), (str(req), lock[name])


def test_extras_for_dask_and_tests():
    extras = {k: {r.name.lower() for r in _requirements(v)} for k, v in _pyproject()["optional-dependencies"].items()}
    assert extras["dask"] == {"dask", "distributed"}
    assert {"pytest", "playwright"} <= extras["test"]
    assert "nbstripout" in extras["dev"]
    core = {r.name.lower() for r in _requirements(_pyproject()["dependencies"])}
    assert core.isdisjoint({"dask", "distributed", "pytest", "playwright"}), "test and Dask packages are extras"
