# 质量强市与品牌战略综合管理平台 — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
QB := $(VENV)/bin/qualitybrand
export QB_DATA_DIR ?= $(CURDIR)/var
QB_PORT ?= 8000
WORKERS ?= 3

.PHONY: install run test test-fast bench lint assets browser demo clean

install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	@touch $@

assets: node_modules/.package-lock.json src/qualitybrand/static/vendor/echarts.min.js

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

src/qualitybrand/static/vendor/echarts.min.js: node_modules/.package-lock.json scripts/build_assets.sh
	scripts/build_assets.sh

$(VENV)/.test-installed: $(VENV)/.installed
	$(PIP) install -q -e ".[test]"
	@touch $@

# The platform as a small office runs it: gunicorn (several workers) + the task worker.
run: install
	QB_DEMO=$${QB_DEMO:-on} QB_TODAY=$${QB_TODAY-2014-07-10} scripts/run.sh $(QB_PORT) $(WORKERS)

browser:
	@scripts/ensure_chromium.sh

test: install $(VENV)/.test-installed browser
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-fast: install $(VENV)/.test-installed
	$(VENV)/bin/pytest -n 2 --dist loadfile -m "not browser" $(PYTEST_ARGS)

bench: install $(VENV)/.test-installed
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check src tests bench

clean:
	rm -rf $(VENV) node_modules src/qualitybrand/static/vendor
