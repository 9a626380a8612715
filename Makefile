# Two commands on a fresh machine with Python 3.11+: `make site`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NOW ?=

.PHONY: install install-dev site test lint bench serve schema clean lighthouse mutate cms-vendor

# The virtual environment is rebuilt when the locked versions change. It holds
# only what building the site needs (requirements.lock); the tools for tests
# and linting (requirements-dev.lock) come with `make install-dev`.
$(BIN)/hetero: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Both locks in one resolve, so a development tool never moves a runtime pin.
DEV_STAMP := $(VENV)/.dev-installed
$(DEV_STAMP): $(BIN)/hetero requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	touch $@

install: $(BIN)/hetero

install-dev: $(DEV_STAMP)

# `hetero build` validates first and stops on errors; no separate validate run.
site: $(BIN)/hetero
	$(BIN)/hetero build $(if $(NOW),--now $(NOW))

# Node packages for the tests (ical.js), pinned by tests/js/package-lock.json.
tests/js/node_modules: tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --silent
	touch $@

# axe-core and vnu.jar for the quality tests, pinned by tests/quality/package-lock.json.
# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; the
# jar itself is inside the package and Java comes from Debian (.ci/run).
tests/quality/node_modules: tests/quality/package-lock.json
	npm ci --prefix tests/quality --ignore-scripts --no-audit --no-fund --silent
	touch $@

# The web editor (Sveltia CMS) and its fonts, pinned by tests/cms/package-lock.json:
# tests/test_admin.py checks the copies in hetero/cms/vendor/ against them, and
# `make cms-vendor` refreshes those copies after a version change there.
tests/cms/node_modules: tests/cms/package-lock.json
	npm ci --prefix tests/cms --ignore-scripts --no-audit --no-fund --silent
	touch $@

cms-vendor: tests/cms/node_modules
	$(PYTHON) scripts/vendor_cms.py

test: $(DEV_STAMP) tests/js/node_modules tests/quality/node_modules tests/cms/node_modules
	$(BIN)/ruff check hetero tests scripts
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check hetero tests scripts
	$(BIN)/ruff format --check hetero tests scripts

bench: $(DEV_STAMP)
	$(BIN)/python scripts/bench.py

# Lighthouse on Node 22 from npm, pinned by tools/lighthouse/package-lock.json.
tools/lighthouse/node_modules: tools/lighthouse/package-lock.json
	npm ci --prefix tools/lighthouse --ignore-scripts --no-audit --no-fund --silent
	touch $@

lighthouse: $(DEV_STAMP) tools/lighthouse/node_modules
	$(BIN)/python scripts/lighthouse.py

# Mutation testing with mutmut (docs/quality.md, "Mutation testing"); slow, so
# not part of `make test` or CI. One worker by default (MUTATE_CHILDREN);
# MUTANTS narrows the run, e.g. `make mutate MUTANTS='hetero.yamlread*'`.
# Results accumulate in mutants/ (git-ignored): a rerun tests only new mutants
# and those of changed functions; name survivors in MUTANTS to retry them.
MUTATE_CHILDREN ?= 1
MUTANTS ?=
mutate: $(BIN)/hetero
	$(BIN)/mutmut run --max-children $(MUTATE_CHILDREN) $(MUTANTS)
	$(BIN)/python scripts/mutation_score.py

serve: $(BIN)/hetero
	$(BIN)/hetero serve

schema: $(BIN)/hetero
	$(BIN)/hetero schema

clean:
	rm -rf build site .pytest_cache .hypothesis
