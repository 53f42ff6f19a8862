"""The pins: requirements.lock and environment.yml agree, and the lock installs on every supported Python."""
import json
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
# The oldest release of each supported minor that a user may have: Debian 12's python3 is 3.11.2
# (a pin that needs 3.11.5, like soupsieve 3, breaks `make` there), 3.12.0, 3.13.0.
SUPPORTED = ("3.11.2", "3.12.0", "3.13.0")
PYPI = "https://pypi.org/simple/"


def _lock_lines() -> dict[str, tuple[str, str]]:
    """name -> (version, marker or ''): `aiohttp==3.14.5 ; python_version == "3.12"`."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            pin, _, marker = line.partition(";")
            name, _, version = pin.strip().partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            pins[_norm(name)] = (version.strip(), marker.strip())
    return pins


def _lock_pins() -> dict[str, str]:
    return {n: v for n, (v, _) in _lock_lines().items()}


def _marker_env(version: str) -> dict[str, str]:
    return {"python_version": ".".join(version.split(".")[:2]), "python_full_version": version,
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "extra": ""}


def _needed(marker: str, version: str) -> bool:
    from packaging.markers import Marker

    return not marker or Marker(marker).evaluate(_marker_env(version))


def _norm(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _env() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def _env_pins() -> dict[str, tuple[str, str]]:
    pip = next(d["pip"] for d in _env()["dependencies"] if isinstance(d, dict) and "pip" in d)
    out = {}
    for p in pip:
        pin, _, marker = p.partition(";")
        name, _, version = pin.strip().partition("==")
        out[_norm(name)] = (version.strip(), marker.strip())
    return out


@pytest.mark.fast
def test_environment_yml_matches_lock():
    lock, env = _lock_lines(), _env_pins()
    assert set(lock) - set(env) == set(), "pinned in requirements.lock, missing in environment.yml"
    assert set(env) - set(lock) == set(), "in environment.yml, missing in requirements.lock"
    assert {n: (lock[n], env[n]) for n in lock if lock[n] != env[n]} == {}


@pytest.mark.fast
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


@pytest.mark.fast
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


@pytest.mark.fast
def test_extras_for_dask_and_tests():
    extras = {k: {r.name.lower() for r in _requirements(v)} for k, v in _pyproject()["optional-dependencies"].items()}
    assert extras["dask"] == {"dask", "distributed"}
    assert {"pytest", "playwright"} <= extras["test"]
    assert "nbstripout" in extras["dev"]
    core = {r.name.lower() for r in _requirements(_pyproject()["dependencies"])}
    assert core.isdisjoint({"dask", "distributed", "pytest", "playwright"}), "test and Dask packages are extras"


@pytest.mark.fast
def test_environment_yml_gives_conda_users_the_pdf_libraries():
    """WeasyPrint needs Pango >= 1.44 (HarfBuzz, fontconfig, FreeType, GLib) that pip cannot give."""
    conda = {d.split("=")[0].split(">")[0].split("<")[0]: d for d in _env()["dependencies"] if isinstance(d, str)}
    assert _env()["channels"] == ["conda-forge"]
    for lib in ("pango", "harfbuzz", "fontconfig", "freetype", "glib"):
        assert lib in conda, f"environment.yml does not declare {lib} (conda-forge)"
    assert conda["pango"] == "pango>=1.44"
    assert conda["python"] == "python>=3.11,<3.14"


@pytest.mark.fast
def test_supported_pythons_are_declared_alike():
    """pyproject's requires-python, the Makefile's check and the README say the same versions."""
    import tomllib

    spec = SpecifierSet(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"])
    assert [v for v in ("3.10.13", "3.11.2", "3.12.0", "3.13.0", "3.14.0") if v in spec] == list(SUPPORTED)
    assert "(3, 11) <= sys.version_info[:2] < (3, 14)" in (ROOT / "Makefile").read_text()
    assert "Python 3.11, 3.12 or 3.13" in (ROOT / "README.md").read_text()


def _resolve(version: str, target: Path) -> dict:
    """pip's own resolver, as for Python `version`, wheels only, nothing installed (a dry run).
    pip evaluates markers for the Python it runs on, not for --python-version: every pin goes in
    without its marker, so each has a wheel for each version (the markers are checked apart)."""
    unmarked = target.with_suffix(".lock")
    unmarked.write_text("".join(f"{n}=={v}\n" for n, v in _lock_pins().items()))
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--isolated", "--dry-run", "--ignore-installed",
         "--disable-pip-version-check", "--quiet", "--only-binary=:all:", "--python-version", version,
         "--target", str(target), "--report", "-", "-r", str(unmarked)],
        capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"requirements.lock does not install on Python {version}:\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


@pytest.mark.build
def test_lock_installs_on_every_supported_python(tmp_path):
    """The lock resolves, wheels only, on 3.11, 3.12 and 3.13, to exactly its own pins, and on each
    of them every requirement of a locked package that applies there (its marker evaluated for that
    Python: papermill needs aiohttp on 3.12 only) is locked for it, in range. Needs
    https://pypi.org: offline it fails and says so."""
    try:
        urllib.request.urlopen(PYPI + "pip/", timeout=20).close()
    except OSError as e:
        pytest.fail(f"this test resolves requirements.lock against {PYPI} and needs the network ({e}); "
                    "run it where PyPI is reachable, or leave it out with -m 'not build'", pytrace=False)
    lock = _lock_pins()
    with ThreadPoolExecutor(len(SUPPORTED)) as pool:
        reports = dict(zip(SUPPORTED, pool.map(lambda v: _resolve(v, tmp_path / v), SUPPORTED)))
    from packaging.requirements import Requirement

    lines = _lock_lines()
    for version, report in reports.items():
        got = {_norm(i["metadata"]["name"]): i["metadata"]["version"] for i in report["install"]}
        assert got == lock, (version, {n: (lock.get(n), got.get(n)) for n in set(lock) | set(got)
                                       if lock.get(n) != got.get(n)})
        unmet = []
        for item in report["install"]:
            name = _norm(item["metadata"]["name"])
            if not _needed(lines[name][1], version):
                continue
            for text in item["metadata"].get("requires_dist") or []:
                req = Requirement(text)
                if req.marker and not req.marker.evaluate(_marker_env(version)):
                    continue
                dep = lines.get(_norm(req.name))
                if dep is None or not _needed(dep[1], version) or dep[0] not in req.specifier:
                    unmet.append(f"{name} needs {text} on Python {version}; the lock has {dep}")
        assert unmet == []
