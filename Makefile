# Two commands for a fresh machine: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev static test test-sqlite test-postgres test-libreoffice setup data test-deps bench load-test check clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	rm -rf build *.egg-info  # left by setuptools while it builds the project's (code-less) wheel
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

data: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_initial_data
	$(PY) manage.py load_demo_data

# `make run` serves the demo the way production serves it (config/settings/demo.py): DEBUG off, so the
# designed Chinese error pages answer; static files collected under hashed names and served by
# whitenoise; gunicorn. GUNICORN_COMMAND is also what tests/config/test_make_run.py starts.
DEMO_SETTINGS := config.settings.demo
GUNICORN_COMMAND := $(PY) -m gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2 --access-logfile -

static: setup
	DJANGO_SETTINGS_MODULE=$(DEMO_SETTINGS) $(PY) manage.py collectstatic --noinput --verbosity 0

run: data static
	@echo "门户地址 / Portal: http://$(HOST):$(PORT)/"
	DJANGO_SETTINGS_MODULE=$(DEMO_SETTINGS) $(GUNICORN_COMMAND)

# The development server instead: DEBUG on (Django's technical error pages), static files straight
# from static/, code reloaded on every change.
dev: data
	@echo "开发服务器 / Development server: http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The real clients the tests drive, from Debian (CI starts from a clean machine; we are root there):
# Chromium for the browser tests (Playwright drives it; never `playwright install`), LibreOffice Calc and
# Writer for the workbooks and the Word report (python3-uno: Calc fills a workbook the way a person saves
# it), poppler to read the PDFs they print, and CJK fonts for the pages, the PDFs and the report's charts.
DEBIAN_TEST_PACKAGES := chromium chromium-driver fonts-wqy-microhei fonts-noto-cjk \
	libreoffice-calc-nogui libreoffice-writer-nogui python3-uno poppler-utils
test-deps:
	@dpkg -s $(DEBIAN_TEST_PACKAGES) >/dev/null 2>&1 || { \
	  echo "Installing Chromium, LibreOffice, poppler and CJK fonts from Debian for the tests…"; \
	  (apt-get install -y -q $(DEBIAN_TEST_PACKAGES) >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null && apt-get install -y -q $(DEBIAN_TEST_PACKAGES) >/dev/null)); }

# The real-client tests alone (about a minute and a half).
test-libreoffice: setup test-deps
	$(PY) -m pytest -q -m libreoffice tests/libreoffice

# Django's checks, migrations in step with the models, and the layers of docs/architecture.md.
check: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

test-sqlite: setup test-deps
	$(PY) -m pytest -q

# The real-client tests (LibreOffice, and Chromium through Playwright) check files and pages the same code
# writes on either database: they run once, on SQLite, which keeps make test under 15 minutes; everything
# whose behaviour depends on the database (queries, constraints, races, backup) runs on both.
test-postgres: setup test-deps
	.ci/with-postgres $(PY) -m pytest -q -m "not libreoffice and not browser"

test: check test-sqlite test-postgres

bench: setup
	$(PY) bench/run.py

# 60 s, 50 simulated officers and reviewers against gunicorn + a throwaway PostgreSQL (docs/load-test.md).
load-test: setup
	$(PY) bench/load_test.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
