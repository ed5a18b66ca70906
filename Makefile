# Two commands: `make run` (the whole service, locally) and `make test` (every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test bench bench-concurrency bench-campaign debian-packages

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# Debian's packages the tests use: Chromium for the browser tests (Playwright's own browsers are never
# downloaded), faketime to start the time-skipping server on a past date (the 2026 holidays),
# LibreOffice's Writer, without its recommended extras, to render the documents as PDF, with Liberation Serif 2
# (Times New Roman's metrics, with the Vietnamese letters) and poppler-utils to read the fonts back, PostgreSQL 15,
# whose initdb and pg_ctl the tests run in a folder of their own (tests/postgres.py); Tesseract with its
# Vietnamese model for the plan reader's OCR of scanned plans.
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get install -y
debian-packages:
	test -x /usr/bin/chromium -a -x /usr/bin/faketime || $(APT_GET) chromium faketime \
		|| (apt-get update && $(APT_GET) chromium faketime)
	test -x /usr/bin/soffice || $(APT_GET) --no-install-recommends libreoffice-writer-nogui \
		|| (apt-get update && $(APT_GET) --no-install-recommends libreoffice-writer-nogui)
	test -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf -a -x /usr/bin/pdffonts \
		|| $(APT_GET) --no-install-recommends fonts-liberation2 poppler-utils \
		|| (apt-get update && $(APT_GET) --no-install-recommends fonts-liberation2 poppler-utils)
	test -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata || $(APT_GET) tesseract-ocr tesseract-ocr-vie \
		|| (apt-get update && $(APT_GET) tesseract-ocr tesseract-ocr-vie)
	test -x /usr/lib/postgresql/15/bin/initdb || $(APT_GET) --no-install-recommends postgresql \
		|| (apt-get update && $(APT_GET) --no-install-recommends postgresql)

run: $(VENV)/.installed
	$(PY) scripts/run_local.py

# The whole suite twice: on SQLite, then on PostgreSQL; it fails if either run fails.
test: $(VENV)/.installed debian-packages
	$(PY) -m pytest; sqlite=$$?; \
	echo "==== the same tests on PostgreSQL 15 ===="; \
	THIDUA_TEST_DATABASE=postgresql $(PY) -m pytest && exit $$sqlite

bench: $(VENV)/.installed
	$(PY) bench/latency.py
	$(PY) bench/plan_reader.py
	$(PY) bench/documents.py
	$(PY) bench/list_read.py
	$(PY) bench/reminders.py
	$(PY) bench/campaign_size.py --dossiers 25 --nominees 20
	$(PY) bench/concurrency.py --clients 20 --lifecycles 200

# 200 clients at once, each through a dossier's lifecycle, against the worker and the web app as processes.
bench-concurrency: $(VENV)/.installed
	$(PY) bench/concurrency.py --clients 200

# 10,000 nominees: 500 units' lists of twenty, through the council, the decision and the publication.
bench-campaign: $(VENV)/.installed
	$(PY) bench/campaign_size.py --dossiers 500 --nominees 20
