# Meldestelle — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv run test lint format messages bench prod-smoke loadtest clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## run: install, migrate, seed the demo (keys, staff logins, reports) and serve on http://127.0.0.1:8000
run: export DJANGO_DEBUG = 1
run: export MELDESTELLE_SECURE_COOKIES = 0
run: $(STAMP)
	mkdir -p var
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:8000/ (Ctrl-C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

## test: the whole suite (SQLite; DATABASE_URL=postgres://… for PostgreSQL)
test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## messages: extract strings into every catalogue and compile them (needs GNU gettext)
messages: $(STAMP)
	$(PY) manage.py makemessages --all --no-location --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

## bench: performance figures for BENCHMARKS.md (PostgreSQL at 127.0.0.1:5432; submission,
## form page and access log on gunicorn; back office with 100k reports; statistics over 1M)
bench: $(STAMP)
	$(PY) -m bench; a=$$?; $(PY) -m bench.backoffice; b=$$?; $(PY) -m bench.statistics; c=$$?; \
	exit $$((a | b | c))

## prod-smoke: production configuration natively (PostgreSQL, gunicorn, worker), one flow over HTTP
prod-smoke: $(STAMP)
	$(PY) -m bench.prod_smoke

## loadtest: 2,000 submissions from 32 clients against the prod-smoke stack
loadtest: $(STAMP)
	$(PY) -m bench.loadtest

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
