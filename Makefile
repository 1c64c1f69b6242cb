# AlemKB: `make run` to serve on http://127.0.0.1:8000, `make test` to run the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# The test suite runs with DEBUG off, as production does, over plain HTTP (HTTPS=0: no
# redirect to https); this key never leaves the tests.
TEST_ENV := SECRET_KEY=test-only-not-secret ALLOWED_HOSTS=testserver,localhost,127.0.0.1 DEBUG=0 HTTPS=0

.PHONY: run install migrate seed test lint check clean bench soak outage attack backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py setup_roles

seed: migrate
	DEBUG=1 $(BIN)/python manage.py seed
	DEBUG=1 $(BIN)/python manage.py anchor_quotes

run: seed
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# collectstatic first: with DEBUG off, pages name their files through the static manifest.
test: install
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff, and the import contracts of docs/architecture.md (nothing imports upward).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

check: install
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# A benchmark on PostgreSQL (not a test): see bench/run.py and bench/results/.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# 64 connections for 2 minutes: errors and worker memory (bench/results/soak.md).
soak: install
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

# The abuse probes (loopback, bounded): what held, in bench/results/attack.md.
attack: install
	$(BIN)/python bench/attack.py $(ATTACK_ARGS)

# Stops and restarts PostgreSQL under load (needs root): bench/results/outage.md.
outage: install
	$(BIN)/python bench/outage.py $(OUTAGE_ARGS)

# The database named by DATABASE_URL (the development SQLite file by default) to backups/,
# or to BACKUP=path; restore asks before it replaces everything. DEBUG=1 unless set, so the
# commands run without a SECRET_KEY on a development machine.
backup: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py backup $(BACKUP)

restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/alemkb-....dump"; exit 2; }
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py restore $(BACKUP)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
