# The two set-up commands of the README (`make generate`, `make test`) work on a fresh clone:
# they create .venv and install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Stoplight Prism, the mock server that judges the client by the spec (tests/test_prism_*.py).
PRISM_DIR := tests/prism
PRISM_INSTALLED := $(PRISM_DIR)/node_modules/.installed

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

## The quick loop: everything but the tests marked slow (whole-archive runs, hypothesis).
test-fast: setup prism
	$(BIN)/python -m pytest -m "not slow"

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

## Print the figures the issues ask for.
bench: setup
	$(BIN)/python scripts/bench_generate.py
	$(BIN)/python scripts/bench_runtime.py

## Format and autofix the generator, tests and scripts.
fmt: setup
	$(BIN)/ruff format generator tests scripts
	$(BIN)/ruff check --fix generator tests scripts

clean:
	rm -rf $(VENV) $(PRISM_DIR)/node_modules .pytest_cache .mypy_cache .ruff_cache dist
