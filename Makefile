# One entry point for developers and CI. `make run` and `make test` work on a machine that only
# has Python 3.11: they create the virtualenv and install the dependencies on first use.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
# Dependencies are locked with their hashes (make lock): the venv gets exactly these.
LOCK := requirements-dev.lock
# Written after a successful install; pip runs again only when the lock is newer.
STAMP := $(VENV)/.installed-from-lock
BOOTSTRAP_PYTHON := $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)

RUNSERVER_ADDR ?= 127.0.0.1:8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

# manage.py defaults to the dev settings and pytest to the test settings (pyproject.toml):
# an exported DJANGO_SETTINGS_MODULE (production, say) must not leak into these commands.
unexport DJANGO_SETTINGS_MODULE
# Playwright must never download a browser: the tests drive Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help install lock audit run test lint format check check-upgrade test-postgres clean distclean bench loadtest

help:
	@echo "make run            install, migrate, load the demo content, serve on http://$(RUNSERVER_ADDR)/"
	@echo "make test           install, lint, Django checks, then the whole test suite (SQLite)"
	@echo "make test-postgres  the test suite on PostgreSQL ($(POSTGRES_URL))"
	@echo "make check-upgrade  a database made by the code before the layers migrates with no row lost"
	@echo "make lint           ruff check, ruff format --check, lint-imports (the layers)"
	@echo "make loadtest       64 connections for 60 s on a page mix (gunicorn, production settings)"
	@echo "make bench          wrk on gunicorn, three data sets and a publish under load (~45 min)"
	@echo "make format         ruff format, then ruff check --fix"
	@echo "make install        create $(VENV) and install the locked dependencies ($(LOCK))"
	@echo "make lock           after a change to pyproject.toml: regenerate the locks with hashes"
	@echo "make audit          known vulnerabilities of the locked dependencies (pip-audit)"
	@echo "make clean          remove caches and collected static files (distclean: also $(VENV))"

$(PYTHON):
	@test -n "$(BOOTSTRAP_PYTHON)" || { echo "Python 3.11 is required (python3.11 or python3)." >&2; exit 1; }
	$(BOOTSTRAP_PYTHON) -m venv $(VENV)

$(STAMP): $(LOCK) | $(PYTHON)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(PYTHON) -m pip check
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

# After a change to the dependencies of pyproject.toml: the locks, with the hashes of every
# file, for production (requirements.lock) and for development and CI ($(LOCK)).
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --extra dev -o $(LOCK) pyproject.toml

# Known vulnerabilities of the locked dependencies (needs the advisory database: network).
audit: install
	$(BIN)/pip-audit --requirement requirements.lock --require-hashes --disable-pip

install: $(STAMP)

run: install
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_demo --address $(RUNSERVER_ADDR)
	$(PYTHON) manage.py runserver $(RUNSERVER_ADDR)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || { echo "Run 'make format' to fix the formatting." >&2; exit 1; }
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# An in-memory database: the checks must not create or depend on a local db.sqlite3.
check: install
	DATABASE_URL=sqlite://:memory: $(PYTHON) manage.py check
	DATABASE_URL=sqlite://:memory: $(PYTHON) manage.py makemigrations --check --dry-run

# A database made by an earlier main migrates to this code and keeps every row (.ci/upgrade-check).
check-upgrade: install
	.ci/upgrade-check

test: lint check
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf staticfiles .pytest_cache .ruff_cache build dist *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# Production settings under gunicorn on 127.0.0.1, PostgreSQL « bench » and Redis db 14 when they
# answer; installs wrk if missing. About four minutes. See docs/developers.md, « Performance ».
bench: install
	bench/run.sh

# Production settings under gunicorn on 127.0.0.1 (SQLite unless LOADTEST_DATABASE_URL), wrk
# with 64 connections for 60 s on every sitemap page plus search and static files; fails on any
# error or 5xx. Not part of `make test`. See docs/operators.md.
loadtest: install
	loadtest/run.sh
