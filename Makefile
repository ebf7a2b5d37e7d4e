# The two commands of the README: `make demo` and `make test`.
# Everything else here is what they and CI are made of.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: lock demo test test-postgres test-browser lint format check-migrations check-translations messages compile-messages install clean bench bench-load

# The exact versions and their SHA-256 digests come from requirements/dev.lock (pip refuses
# a download whose digest differs); Lien itself is then installed over them, editable.
# After changing a dependency in pyproject.toml: `make lock`.
LOCK := requirements/dev.lock

$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# pip-tools is run from a throwaway environment so that it never enters Lien's own.
lock:
	$(PYTHON) -m venv var/pip-tools
	var/pip-tools/bin/pip install --quiet pip-tools==7.6.2
	var/pip-tools/bin/pip-compile --quiet --generate-hashes --extra dev --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml

compile-messages: $(STAMP)
	$(PY) -m lien.base.compile_translations

demo: compile-messages
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py seed_demo
	@# The task worker runs beside the web server and stops with it (Ctrl+C).
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py db_worker --no-reload --verbosity 0 & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  echo "Task worker started (pid $$worker)."; \
	  DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite on SQLite. Browser tests run when Chromium is installed
# (CI installs it and sets LIEN_REQUIRE_BROWSER=1 so that a missing browser fails).
test: compile-messages
	$(PY) -m pytest $(PYTEST_ARGS)

# The same suite on a throwaway PostgreSQL cluster, unless DATABASE_URL already names one.
test-postgres: compile-messages
	bash .ci/with-throwaway-postgres $(PY) -m pytest $(PYTEST_ARGS)

test-browser: compile-messages
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint lien --lint
	$(VENV)/bin/djlint lien --check
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint lien --reformat

check-migrations: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test

# Extracts the msgids of every app into its French catalogue.
messages: $(STAMP)
	for app in lien/*/; do \
	  if [ -d "$$app/locale" ]; then \
	    (cd $$app && ../../$(PY) ../../manage.py makemessages -l fr --no-obsolete --no-location --verbosity 0); \
	  fi; \
	done

# Fails when a msgid in the code is missing from a catalogue or lacks its French.
check-translations: messages
	$(PY) -m lien.web.translation_check

# The benchmarks (bench/README.md): each builds its own synthetic data under var/bench/.
# At 10,000 households they take a few minutes in all; the issue's figures are for
# 100,000 (`make bench BENCH_HOUSEHOLDS=100000`, about an hour, mostly building data).
BENCH_HOUSEHOLDS ?= 10000
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: compile-messages
	$(PY) bench/stats_grid.py --households $(BENCH_HOUSEHOLDS) --runs 7
	$(PY) bench/search_and_pages.py --households $(BENCH_HOUSEHOLDS) --repeat 100
	$(PY) bench/retention.py --households $(BENCH_HOUSEHOLDS)
	$(PY) bench/import_households.py --households $$(( $(BENCH_HOUSEHOLDS) / 5 ))

# The load test: 50 agents for 5 minutes against gunicorn and a throwaway PostgreSQL
# (bench/load/run.sh; LOAD_HOUSEHOLDS, LOAD_USERS, LOAD_TIME to change it). About 25 min.
bench-load: compile-messages $(BENCH_STAMP)
	bash bench/load/run.sh

clean:
	rm -rf $(VENV) var
