# One command to run, one to test. Each installs what it needs first: the pinned Python packages into
# .venv, and for the tests Chromium and the Noto fonts with apt (scripts/system_deps.sh says how).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# What `make lint` checks: the whole repository (`make lint LINT_PATHS=tests` for a part).
LINT_PATHS ?= .
SYSTEM_DEPS := bash scripts/system_deps.sh

.PHONY: run test test-fast lint system-deps data data-postgis bench loadtest serve-cluster install install-dev clean

$(VENV)/.installed: requirements.txt
	@$(SYSTEM_DEPS) venv $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Chromium, the Noto fonts and libatomic for the browser tests: installed with apt as root or with
# passwordless sudo, else one line naming the command to run.
system-deps:
	@$(SYSTEM_DEPS) browser

run: install
	@$(SYSTEM_DEPS) fonts
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1

lint: install-dev
	$(PY) -m ruff check $(LINT_PATHS)

# Prerequisites run in order: system packages first (fails fast), then .venv, lint, every test.
test: system-deps install-dev lint
	@$(SYSTEM_DEPS) services
	$(PY) -m pytest

test-fast: install-dev
	$(PY) -m pytest -m "not browser and not slow"

data: install
	$(PY) -m lmc_geo.build

# data/ into PostgreSQL/PostGIS (LMC_DATABASE_URL=postgresql://user:password@host:port/dbname), one transaction.
data-postgis: install
	$(PY) -m lmc_geo load-postgis

# `make bench` writes benchmarks/RESULTS.md; `make bench SCALE=100` sets the scale part's data multiple,
# `make bench ONLY=scale` runs one part (map, hydrology, dams, language, briefing, scale, load).
# `make bench BACKEND=postgis` adds the PostGIS backend beside the embedded store (1x and SCALE x).
SCALE   ?= 100
ONLY    ?=
BACKEND ?= files
bench: system-deps install-dev
	@$(SYSTEM_DEPS) services
	$(PY) scripts/bench.py --scale $(SCALE) --backend $(BACKEND) $(if $(ONLY),--only $(ONLY))

# N app processes behind HAProxy on 127.0.0.1:$(PORT), sticky by cookie, one cookie secret, one
# LMC_DATABASE_URL (see the README's "Deploying for many users").
N ?= 2
serve-cluster: install
	@$(SYSTEM_DEPS) services
	$(PY) scripts/cluster.py --processes $(N) --port $(PORT)

# Many viewers over the websocket, a few real browsers beside them (bounded, loopback only).
loadtest: system-deps install-dev
	$(PY) scripts/loadtest.py --out benchmarks/loadtest.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
