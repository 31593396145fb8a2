# Two commands from a fresh clone:
#   make run    set everything up and serve the forum at http://127.0.0.1:5000 (SQLite + demo content)
#   make test   set everything up and run the whole suite (lint, SQLite, PostgreSQL 15, Chromium)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app forum
WORKERS ?= 3
# pytest processes for make test (pytest-xdist): one per core by default; 0 runs serially.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest --numprocesses $(TEST_WORKERS) --dist loadfile
PORT ?= 5000

.PHONY: run dev setup install checkers db system-deps lint test test-sqlite test-postgres bench clean

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
	$(FLASK) search sync

# From Debian, when missing: chromium (browser tests), postgresql-15 (second test run),
# Java (the Nu Html Checker) and Node.js/npm (to install the page checkers).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium fonts-dejavu-core"; \
	[ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$$missing postgresql-15"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -z "$$missing" ]; then \
	  echo "system packages are installed"; \
	else \
	  echo "installing:$$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    $$missing >/dev/null; \
	fi

# axe-core and the Nu Html Checker, pinned in package-lock.json. --ignore-scripts:
# vnu-jar's install script would try to download a Java runtime; Debian's is used.
checkers: node_modules/.installed

node_modules/.installed: package.json package-lock.json | system-deps
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

lint: install
	$(BIN)/ruff check .

test-sqlite: install system-deps checkers
	$(PYTEST)

test-postgres: install system-deps checkers
	TEST_DATABASE=postgres $(PYTEST)

test: lint test-sqlite test-postgres

bench: install
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) node_modules instance/rounds.sqlite* search_index/* test-artifacts .pytest_cache .ruff_cache
