# Two commands from a fresh clone:
#   make run    set everything up and serve the forum at http://127.0.0.1:5000 (SQLite + demo content)
#   make test   set everything up and run the whole suite (lint, SQLite, PostgreSQL 15, Chromium)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app forum
WORKERS ?= 3
PORT ?= 5000

.PHONY: run dev setup install db system-deps lint test test-sqlite test-postgres bench clean

run: db
	@echo "Rounds is at http://127.0.0.1:$(PORT)  (demo users share the password rounds-demo-password)"
	$(BIN)/gunicorn --workers $(WORKERS) --bind 127.0.0.1:$(PORT) --access-logfile - wsgi:app

# The reloading development server (debug mode; never for production).
dev: db
	$(FLASK) --debug run --port $(PORT)

setup: db

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# A random key, made once, that the app reads when SECRET_KEY is not set.
instance/secret_key:
	mkdir -p instance
	$(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@
	chmod 600 $@

db: install instance/secret_key
	$(FLASK) db upgrade
	$(FLASK) seed-demo

# Debian's chromium (browser tests) and postgresql-15 (second test run), when missing.
system-deps:
	@if command -v chromium >/dev/null 2>&1 && [ -x /usr/lib/postgresql/15/bin/initdb ]; then \
	  echo "chromium and postgresql-15 are installed"; \
	else \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    chromium postgresql-15 fonts-dejavu-core >/dev/null; \
	fi

lint: install
	$(BIN)/ruff check .

test-sqlite: install system-deps
	$(BIN)/pytest

test-postgres: install system-deps
	TEST_DATABASE=postgres $(BIN)/pytest

test: lint test-sqlite test-postgres

bench: install
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) instance/rounds.sqlite* search_index/* test-artifacts .pytest_cache .ruff_cache
