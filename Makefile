# Two commands for a fresh machine: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres test-libreoffice setup data browser-deps office-deps bench load-test check clean

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

run: data
	@echo "门户地址 / Portal: http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests (Playwright drives it; never `playwright install`), and for the
# Word report: a CJK font for its charts (matplotlib) and LibreOffice + poppler, the real client its test
# converts report.docx with.
DEBIAN_TEST_PACKAGES := chromium chromium-driver fonts-wqy-microhei fonts-noto-cjk libreoffice-writer-nogui poppler-utils
browser-deps:
	@{ test -x /usr/bin/chromium && test -e /usr/share/fonts/truetype/wqy && test -e /usr/share/fonts/opentype/noto \
	   && command -v soffice >/dev/null && command -v pdftotext >/dev/null; } || { \
	  echo "Installing Debian chromium, CJK fonts, LibreOffice and poppler for the tests…"; \
	  (apt-get install -y -q $(DEBIAN_TEST_PACKAGES) >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null && apt-get install -y -q $(DEBIAN_TEST_PACKAGES) >/dev/null)); }

# Debian's LibreOffice Calc for the real-client tests (-m libreoffice): the exports printed to PDF, files
# filled and saved by Calc through python3-uno (Debian's bridge, not on PyPI); pdfinfo/pdftotext read the PDFs.
office-deps:
	@{ command -v soffice >/dev/null && test -e /usr/lib/python3/dist-packages/uno.py && command -v pdfinfo >/dev/null; } || { \
	  echo "Installing Debian LibreOffice Calc for the real-client tests…"; \
	  (apt-get install -y -q libreoffice-calc-nogui python3-uno poppler-utils >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null && apt-get install -y -q libreoffice-calc-nogui python3-uno poppler-utils >/dev/null)); }

# The real-client tests alone (about a minute and a half).
test-libreoffice: setup office-deps
	$(PY) -m pytest -q -m libreoffice tests/libreoffice

# Django's checks, migrations in step with the models, and the layers of docs/architecture.md.
check: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

test-sqlite: setup browser-deps office-deps
	$(PY) -m pytest -q

test-postgres: setup office-deps
	.ci/with-postgres $(PY) -m pytest -q

test: check test-sqlite test-postgres

bench: setup
	$(PY) bench/run.py

# 60 s, 50 simulated officers and reviewers against gunicorn + a throwaway PostgreSQL (docs/load-test.md).
load-test: setup
	$(PY) bench/load_test.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
