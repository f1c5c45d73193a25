# The two set-up commands of the README (`make generate`, `make test`) work on a fresh clone:
# they create .venv and install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Stoplight Prism, the mock server that judges the client by the spec (tests/test_prism_*.py).
PRISM_DIR := tests/prism
PRISM_INSTALLED := $(PRISM_DIR)/node_modules/.installed
# `make bench`: the peers, each set in a virtual environment of its own (pinned by
# scripts/bench-requirements/); openai 3.x is measured when it installs.
BENCH := .bench-venv
BENCH_REQUIREMENTS := $(wildcard scripts/bench-requirements/*.txt)
BENCH_INSTALLED := $(BENCH)/.installed
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: setup prism generate release package test test-fast check lint fmt update-spec check-live history bench clean

setup: $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

## Install Prism into tests/prism/node_modules (pinned by its package-lock.json; no scripts run).
prism: $(PRISM_INSTALLED)

$(PRISM_INSTALLED): $(PRISM_DIR)/package.json $(PRISM_DIR)/package-lock.json
	cd $(PRISM_DIR) && SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

## Regenerate generated/ from the pinned spec; a changed generator moves the version
## (BUMP=patch|minor|major, default patch; see scripts/generate.py).
generate: setup
	$(BIN)/python scripts/generate.py $(if $(BUMP),--bump $(BUMP))

## Mark the pending version released (after a generator-only bump) and print its tag.
release: setup
	$(BIN)/python scripts/generate.py --release

## Build the wheel and sdist of generated/ into dist/, twice (the bytes must match), check
## their contents and metadata (twine check --strict), and print their SHA-256.
package: setup
	$(BIN)/python scripts/package.py

## The whole test suite.
test: setup prism
	$(BIN)/python -m pytest

## The quick loop: everything but the tests marked slow (whole-archive runs, hypothesis),
## on every core.
test-fast: setup prism
	$(BIN)/python -m pytest -m "not slow" -n auto

## The golden-file test alone: run it before every commit.
check: setup
	$(BIN)/python -m pytest -q tests/test_golden.py

## Lint and type-check the generator itself, the client runtime (generator/runtime) included.
lint: setup
	$(BIN)/ruff check generator tests scripts
	$(BIN)/ruff format --check generator tests scripts
	$(BIN)/mypy

## Fetch the spec (SPEC=url-or-path, default: the live Venice spec), pin it, and print and
## write the changelog (.spec/CHANGES.md, .spec/changes.json). Then `make generate`.
update-spec: setup
	$(BIN)/python scripts/update_spec.py $(if $(SPEC),--source "$(SPEC)")

## Would the live spec (or SPEC=url-or-path) change generated/? Prints the diff report; changes nothing.
check-live: setup
	$(BIN)/python scripts/check_live.py $(if $(SPEC),--source "$(SPEC)")

## Diff verdicts and name churn for every consecutive pair of the shared spec archive.
history: setup
	$(BIN)/python scripts/spec_history.py

## One table: the client against openai-python and raw httpx (CPU time per call, async,
## SSE, import), the generator against its peers (wall time, peak memory, regeneration,
## the whole archive). Medians over interleaved rounds; see BENCHMARKS.md. ROUNDS=n sets the
## rounds, BENCH_ARGS passes other options of scripts/bench.py.
bench: setup $(BENCH_INSTALLED)
	$(BIN)/python -m scripts.bench $(if $(ROUNDS),--rounds $(ROUNDS)) $(BENCH_ARGS)

$(BENCH_INSTALLED): $(BENCH_REQUIREMENTS)
	rm -rf $(BENCH)
	for set in clients generators openai3; do $(PYTHON) -m venv $(BENCH)/$$set; done
	$(BENCH)/clients/bin/pip install $(PIP_QUIET) -r scripts/bench-requirements/clients.txt
	$(BENCH)/generators/bin/pip install $(PIP_QUIET) -r scripts/bench-requirements/generators.txt
	$(BENCH)/openai3/bin/pip install $(PIP_QUIET) -r scripts/bench-requirements/openai3.txt \
		|| echo "openai 3.x did not install" > $(BENCH)/openai3/NOT-INSTALLED
	@touch $@

## Format and autofix the generator, tests and scripts.
fmt: setup
	$(BIN)/ruff format generator tests scripts
	$(BIN)/ruff check --fix generator tests scripts

clean:
	rm -rf $(VENV) $(BENCH) $(PRISM_DIR)/node_modules .pytest_cache .mypy_cache .ruff_cache dist .cache
