# One obvious command per task. Each creates .venv from the lock file when it is missing.
# Python: 3.11, 3.12 or 3.13 (requires-python in pyproject.toml; the lock resolves on
# 3.11, 3.12 and 3.13, tests/test_environment.py). The first of these that is in range, unless
# given: make report PYTHON=/path/to/python3.12
PY_OK  := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))
PYTHON ?= $(firstword $(foreach p,python3.11 python3.12 python3.13 python3,\
            $(shell command -v $(p) >/dev/null 2>&1 && $(p) -c '$(PY_OK)' 2>/dev/null && echo $(p))))
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: report test lab validate bench bench-memory hooks clean-output help

help:
	@echo "make report   build every report from params/ and data/ into output/"
	@echo "make test     run the test suite"
	@echo "make lab      open JupyterLab at the project (notebooks/, params/) with the cchc kernel"
	@echo "make validate check every input and print the problems"
	@echo "make bench    run the benchmarks in bench/"
	@echo "make hooks    strip notebook outputs from every commit (nbstripout git filter)"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || { $(PYTHON) -c '$(PY_OK)' 2>/dev/null || { \
	  echo "Cần Python 3.11, 3.12 hoặc 3.13; PYTHON='$(PYTHON)' không có hoặc là phiên bản khác."; \
	  echo "Needs Python 3.11, 3.12 or 3.13; PYTHON='$(PYTHON)' is missing or another version."; \
	  echo "Install one (Debian/Ubuntu: apt-get install python3 python3-venv) or give it: make PYTHON=/path/to/python3.12"; \
	  exit 1; } ; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name cchc --display-name "Python 3 (cchc)" >/dev/null
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/cchc build

validate: $(STAMP)
	$(BIN)/cchc validate

test: $(STAMP)
	$(BIN)/python -m pytest

# JupyterLab at the project root (notebooks/ and params/ at hand) with the `cchc` kernel;
# `cchc lab` adds --allow-root only when run as root (containers and CI machines often are).
lab: $(STAMP)
	$(BIN)/cchc lab

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/memory.py

# Time and peak memory of one report over a 1 million-row and a 1 GB dossier register (~5 minutes).
bench-memory: $(STAMP)
	$(BIN)/python bench/memory.py

# Notebooks are committed without outputs: a git clean filter (the venv's nbstripout, keeping cell
# ids) strips them from what is staged and stages nothing else; .gitattributes (committed) applies
# it to *.ipynb. Replaces the former .githooks/pre-commit (unset here if a clone still uses it).
hooks: $(STAMP)
	@if [ "$$(git config --get core.hooksPath)" = .githooks ]; then git config --unset core.hooksPath; fi
	git config filter.nbstripout.clean '"$(abspath $(BIN))/python" -m nbstripout --keep-id'
	git config filter.nbstripout.smudge cat
	git config filter.nbstripout.required true
	git config diff.ipynb.textconv '"$(abspath $(BIN))/python" -m nbstripout --keep-id -t'

clean-output:
	find output -mindepth 1 ! -name README.md -delete
