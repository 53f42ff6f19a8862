"""The READMEs tell the truth about the tree: every relative link and every path they quote exists,
every `make X` they mention is a target of the Makefile, and tests/README.md names exactly the test
files there are."""
import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.fast

ROOT = Path(__file__).resolve().parents[1]


def _readmes() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "*README*.md"], cwd=ROOT,
                            capture_output=True, text=True)
    if listed.returncode == 0 and listed.stdout.strip():
        found = [ROOT / p for p in listed.stdout.split()]
    else:  # not a git checkout (an unpacked sdist): every README*.md outside the venv and output
        found = [p for p in ROOT.rglob("README*.md") if not {".venv", "output", ".git"} & set(p.parts)]
    return sorted(p for p in found if p.is_file())


READMES = _readmes()
IDS = [str(p.relative_to(ROOT)) for p in READMES]

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```.*?$(.*?)^```", re.M | re.S)
# A path as a README quotes it: folders and a file with an extension of the project's own kinds.
QUOTED_PATH = re.compile(r"^[\w.-]+(/[\w.-]+)*(/|\.(py|md|yaml|yml|toml|lock|css|ipynb|j2|cfg|json))$")
MAKE = re.compile(r"(?:^|[\s;&|(])make((?:\s+[\w./=-]+)+)")  # the words after it, up to a comment or ;


def _code(text: str) -> list[str]:
    """Inline code spans and the lines of fenced blocks: where commands and paths are quoted."""
    fenced = [line for block in FENCE.findall(text) for line in block.splitlines()]
    return CODE_SPAN.findall(FENCE.sub("", text)) + fenced


def test_there_are_readmes():
    assert {"README.md", "tests/README.md", "lib/README.md"} <= set(IDS)


@pytest.mark.parametrize("readme", READMES, ids=IDS)
def test_relative_links_resolve(readme):
    missing = []
    for target in LINK.findall(readme.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # http(s), mailto: not files; an anchor in the same file
        path = target.split("#", 1)[0]
        if not (readme.parent / path).exists():
            missing.append(target)
    assert not missing, f"{readme.relative_to(ROOT)} links to paths that do not exist: {missing}"


@pytest.mark.parametrize("readme", READMES, ids=IDS)
def test_quoted_paths_exist(readme):
    """A path in backticks (`lib/cchc/batch/fork_engine.py`, `bench/`) exists, from the repository
    root, the README's folder or a folder directly in it (lib/README.md names the package's modules
    as `figures/tthc.py`). Placeholders (<year>, NN), globs and output/ are not checked."""
    missing = []
    for span in _code(readme.read_text(encoding="utf-8")):
        for token in span.split():
            token = token.strip("'\",;()[]")
            if (not QUOTED_PATH.match(token) or token.startswith(("output/", ".venv/")) or "/" not in token
                    or re.search(r"(^|/)N+[._]", token)):
                continue
            bases = [ROOT, readme.parent] + [d for d in readme.parent.iterdir() if d.is_dir()]
            if not any((base / token).exists() for base in bases):
                missing.append(token)
    assert not missing, f"{readme.relative_to(ROOT)} names paths that do not exist: {missing}"


def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    variables = dict(re.findall(r"^([A-Z_]+)\s*:?=\s*(\S+)\s*$", text, re.M))
    targets = set()
    for line in text.splitlines():
        m = re.match(r"^([^\s#=:][^=:]*):(?!=)", line)
        if m:
            for t in m.group(1).split():
                for _ in range(3):  # $(STAMP) -> $(VENV)/.installed -> .venv/.installed
                    t = re.sub(r"\$\((\w+)\)", lambda v: variables.get(v.group(1), v.group(0)), t)
                targets.add(t)
    return targets - {".PHONY"}


def test_makefile_targets_are_read():
    assert {"report", "test", "lab", "validate", "bench", "hooks", ".venv/.installed"} <= _make_targets()


@pytest.mark.parametrize("readme", READMES, ids=IDS)
def test_make_commands_are_targets(readme):
    targets, unknown = _make_targets(), []
    for span in _code(readme.read_text(encoding="utf-8")):
        for args in MAKE.findall(span):
            for word in args.split():
                if "=" in word or word.startswith("-"):
                    continue  # PYTHON=…, options
                if word not in targets:
                    unknown.append(word)
    assert not unknown, f"{readme.relative_to(ROOT)} mentions make targets the Makefile lacks: {unknown}"


def test_tests_readme_names_exactly_the_test_files():
    named = set(re.findall(r"\btest_\w+\.py\b", (ROOT / "tests" / "README.md").read_text(encoding="utf-8")))
    present = {p.name for p in (ROOT / "tests").glob("test_*.py")}
    assert sorted(named - present) == [], "tests/README.md names test files that do not exist"
    assert sorted(present - named) == [], "test files that tests/README.md does not name"
