# One command to run, one to test. Each installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# What `make lint` checks: the whole repository (`make lint LINT_PATHS=tests` for a part).
LINT_PATHS ?= .

.PHONY: run test test-fast lint data bench install install-dev clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1

lint: install-dev
	$(PY) -m ruff check $(LINT_PATHS)

test: install-dev lint
	$(PY) -m pytest

test-fast: install-dev
	$(PY) -m pytest -m "not browser and not slow"

data: install
	$(PY) -m lmc_geo.build

bench: install-dev
	$(PY) scripts/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
