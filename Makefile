# MockView: `make run` sets up and launches the app; `make test` sets up and runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast fuzz bench lint system system-test clean

# Before opening the app, add it to this user's application menu (Linux): `--install-desktop`
# rewrites the entry, icons and metainfo only when missing or changed, and says what it wrote.
run: system $(VENV)/.installed
	@if [ "$$(uname -s)" = Linux ]; then \
		$(BIN)/mockview --install-desktop | grep -v '^MockView.s desktop entry is up to date' || true; \
	fi
	$(BIN)/mockview

# Lint first (seconds), then every test with coverage printed; COVERAGE_MIN is just below the
# last measured total (see the README), so a change that drops tests fails the build.
COVERAGE_MIN := 90

test: system-test $(VENV)/.installed-test lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --cov=mockview --cov-report=term:skip-covered \
		--cov-fail-under=$(COVERAGE_MIN)

test-fast: system-test $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow"

# The fuzz suite with a bigger example budget than `make test` gives it (tests/conftest.py).
fuzz: $(VENV)/.installed-test
	MOCKVIEW_FUZZ=deep QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/fuzz --timeout=1800

bench: system-test $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

system:
	@scripts/install-system-deps.sh run

system-test:
	@scripts/install-system-deps.sh test

$(VENV)/bin/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache
