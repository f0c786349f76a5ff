# North Korean Defectors' Day — `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
LOCAL := DJANGO_SETTINGS_MODULE=config.settings.local
# make run RUN_PORT=8010 serves on another port.
RUN_PORT ?= 8000
# Links in emails, calendar feeds and QR codes point at the port being served.
SITE_URL ?= http://127.0.0.1:$(RUN_PORT)

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast test-sqlite lint fmt messages bench demo clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the project with its dev tools

run: install ## Migrate, load the demo data, serve http://127.0.0.1:8000 with a Celery worker and beat
	SITE_URL=$(SITE_URL) $(LOCAL) $(PY) manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(LOCAL) $(PY) manage.py load_demo
	@echo ""
	@echo "  Site:            http://127.0.0.1:$(RUN_PORT)/  (English: http://127.0.0.1:$(RUN_PORT)/en/)"
	@echo "  Organisers:      http://127.0.0.1:$(RUN_PORT)/admin/"
	@echo "  Demo organiser:  organiser@example.org / defectorsday2025"
	@echo "  Demo attendee:   attendee1@example.org, door staff: door@example.org,"
	@echo "  demo vendor:     vendor.onsong@example.org (same password)"
	@echo "  Emails are written to var/sent-emails/. Ctrl-C stops the site, the worker and beat."
	@echo ""
	PATH="$(abspath $(BIN)):$$PATH" RUN_PORT=$(RUN_PORT) SITE_URL=$(SITE_URL) $(LOCAL) $(BIN)/supervisord -c config/supervisord.local.conf

test: install ## Run the whole test suite (PostgreSQL/Redis tests run when DATABASE_URL/REDIS_URL are set)
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install ## The suite without the tests marked slow (CI runs them all: make test)
	$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

test-sqlite: install ## Run the suite on SQLite, whatever DATABASE_URL says
	DATABASE_URL=sqlite:///:memory: $(BIN)/pytest -m "not integration and not e2e and not postgres" $(PYTEST_ARGS)

lint: install ## Ruff lint and format check, import layers, migrations check, dependency audit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) .ci/import_contracts.py --check
	$(BIN)/lint-imports
	$(LOCAL) $(PY) manage.py makemigrations --check --dry-run
	@# pip-audit on the installed packages; exit 2 (service unreachable) passes with a loud warning.
	@$(PY) .ci/dependency_audit.py || [ $$? -eq 2 ]

fmt: install ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install ## Update and compile the Korean and English translations (needs GNU gettext)
	$(LOCAL) $(PY) manage.py makemessages -l ko -l en --ignore=.venv --ignore=var
	$(LOCAL) $(PY) manage.py compilemessages --ignore=.venv

bench: install ## Run the benchmarks in bench/ (needs PostgreSQL and Redis; see bench/README.md)
	$(PY) bench/run_all.py

clean: ## Remove the virtualenv and local data (SQLite, emails, broker folders)
	rm -rf $(VENV) var
