# `make run` and `make test` do all the set-up on a fresh machine: venv, dependencies, services, database.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Python 3.12 or newer: the first that runs of python3.12/3.13 on PATH, then pyenv's (its shims may not run).
PYTHON ?= $(shell for p in python3.12 python3.13 $(HOME)/.pyenv/versions/3.12*/bin/python3 \
                           $(HOME)/.pyenv/versions/3.13*/bin/python3; do \
             $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

# Settings come from the environment; a .env file (see .env.example) adds to it.
ENV := set -a; [ ! -f .env ] || . ./.env; set +a;

.PHONY: run test install services migrate lint format browser clean

$(VENV)/.installed: requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "error: Python 3.12 or newer is needed (python3.12 on PATH, or pyenv)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	# Every package is pinned by hash, the spaCy model included.
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

services:
	@$(ENV) scripts/services.sh

migrate: install services
	$(ENV) $(PY) manage.py migrate --no-input

run: migrate
	$(ENV) $(PY) manage.py ensure_admin
	@$(ENV) scripts/run.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

browser:
	@scripts/chromium.sh

test: install services browser lint
	$(ENV) $(PY) -m pytest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
