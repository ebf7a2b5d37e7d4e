# The two commands of the README: `make demo` and `make test`.
# Everything else here is what they and CI are made of.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test test-postgres test-browser lint format check-migrations check-translations messages compile-messages install clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

compile-messages: $(STAMP)
	cd lien && ../$(PY) ../manage.py compilemessages --verbosity 0

demo: compile-messages
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py seed_demo
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

clean:
	rm -rf $(VENV) var
