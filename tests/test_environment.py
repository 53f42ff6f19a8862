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
