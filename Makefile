# digivaardig: every target bootstraps the local virtual environment from the lock file first.
# Quick start:  make reports   (render every report)   |   make test   (unit tests + nbval)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
LAB_VENV  := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(os.cpu_count() or 2)')
PIP_QUIET := --quiet --disable-pip-version-check
# Every install is hash-checked and from wheels only; the pinned pip and setuptools come first
# (requirements-build.lock), then the project itself, built by that setuptools without fetching anything.
PIP_LOCKED := $(PIP_QUIET) --require-hashes --only-binary=:all:
PIP_PROJECT := $(PIP_QUIET) --no-deps --no-build-isolation -e .
CHECK_PYTHON := $(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required, found " + sys.version.split()[0]'
# Options for JupyterLab, e.g.  make lab LAB_ARGS="--port 8890 --no-browser"
LAB_ARGS ?=
# Jupyter refuses to start as root without --allow-root; as root (a container) add it, as Jupyter's Docker stacks do.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# Options for the runner, e.g.  make reports REPORTS_ARGS=--force   or   REPORTS_ARGS="--only 02_skills"
REPORTS_ARGS ?=

.PHONY: help env reports test check unit nbval lab bench lock clean

help:
	@echo "make reports  render the reports whose inputs changed into reports/ (REPORTS_ARGS=--force: all)"
	@echo "make test     run every test: unit tests and nbval over the committed reports"
	@echo "make check    the inner loop: kernel-free unit tests of the analysis (no kernel, no browser, no render; < 1 min)"
	@echo "make lab      start JupyterLab with the project's environment (LAB_ARGS=\"--port 8890 --no-browser\")"
	@echo "make bench    time 'make reports' against the floor of the stack (last line: ratio X)"
	@echo "make lock     regenerate requirements*.lock from pyproject.toml"
	@echo "make clean    remove environments, caches, interactive outputs and notebook checkpoints (not reports/ sets)"

env: $(STAMP)

# (Re)build the environment when it is missing or older than its lock files or pyproject.toml.
# $(STAMP): what rendering needs (requirements.lock, no test package); $(TEST_STAMP): adds the test stack.
$(STAMP): requirements-build.lock requirements.lock pyproject.toml
	@$(CHECK_PYTHON)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the locked environment into $(VENV) ..."
	@$(BIN)/python -m pip install $(PIP_LOCKED) -r requirements-build.lock
	@$(BIN)/python -m pip install $(PIP_LOCKED) -r requirements.lock
	@$(BIN)/python -m pip install $(PIP_PROJECT)
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.lock
	@echo "Installing the locked test stack into $(VENV) ..."
	@$(BIN)/python -m pip install $(PIP_LOCKED) -r requirements-test.lock
	@touch $(TEST_STAMP)

# The lab's kernels talk over IPC sockets in the user's runtime folder, not TCP ports on 127.0.0.1
# that any local user can connect to: etc/jupyter/jupyter_server_config.json goes into the lab's prefix.
$(LAB_STAMP): requirements-build.lock requirements-lab.lock pyproject.toml etc/jupyter/jupyter_server_config.json
	@$(CHECK_PYTHON)
	@test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	@echo "Installing the lab environment into $(LAB_VENV) (JupyterLab and the locked packages; a few minutes) ..."
	@$(LAB_VENV)/bin/python -m pip install $(PIP_LOCKED) -r requirements-build.lock
	@$(LAB_VENV)/bin/python -m pip install $(PIP_LOCKED) -r requirements-lab.lock
	@echo "Installing the project into $(LAB_VENV) ..."
	@$(LAB_VENV)/bin/python -m pip install $(PIP_PROJECT)
	@mkdir -p $(LAB_VENV)/etc/jupyter && cp etc/jupyter/jupyter_server_config.json $(LAB_VENV)/etc/jupyter/
	@touch $(LAB_STAMP)
	@echo "Lab environment ready."

reports: $(STAMP)
	@$(BIN)/python -m helpers.build.runner --workers $(WORKERS) $(REPORTS_ARGS)

# make test installs the test lock too (make reports never does)
test: $(TEST_STAMP)
	@$(BIN)/lint-imports --no-cache
	@$(BIN)/ruff check
	@$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg tests reports

# The analysis packages' tests without kernels, renders or the committed reports (markers: pyproject.toml).
CHECK_TESTS := tests/core tests/inference tests/audit tests/sensitivity tests/words tests/display tests/layout
check: $(TEST_STAMP)
	@$(BIN)/lint-imports --no-cache
	@$(BIN)/ruff check
	@$(BIN)/python -m pytest -q -n $(WORKERS) -p no:cacheprovider -m "not kernel and not reports" $(CHECK_TESTS)

lab: $(LAB_STAMP)
	@echo "Starting JupyterLab in $(CURDIR) $(if $(LAB_ROOT),as root (--allow-root) )(stop it with Ctrl-C) ..."
	@$(LAB_VENV)/bin/jupyter lab --notebook-dir=. $(LAB_ROOT) $(LAB_ARGS)

bench: $(STAMP)
	@$(BIN)/python scripts/bench.py --workers $(WORKERS)

# Regenerate the lock files from pyproject.toml and requirements-build.in with pip-compile (pip-tools,
# in a throw-away environment; needs the package index): exact pins with the hashes of every file.
# The render lock is compiled with the test lock's pins as its starting point, so shared pins agree.
LOCK_TOOLS := build/lock-tools
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	@rm -rf $(LOCK_TOOLS) && $(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install $(PIP_QUIET) pip-tools
	$(PIP_COMPILE) --allow-unsafe -o requirements-build.lock requirements-build.in
	$(PIP_COMPILE) --extra test -o requirements-test.lock pyproject.toml
	cp requirements-test.lock requirements.lock && $(PIP_COMPILE) -o requirements.lock pyproject.toml
	cp requirements-test.lock requirements-lab.lock && $(PIP_COMPILE) --extra lab -o requirements-lab.lock pyproject.toml
	@rm -rf $(LOCK_TOOLS)
	$(PYTHON) scripts/lock_to_environment.py

clean:
	rm -rf $(VENV) $(LAB_VENV) build .pytest_cache .hypothesis src/*.egg-info reports/interactive
	find . \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -prune -exec rm -rf {} +
