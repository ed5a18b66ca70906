# Two commands: `make run` (the whole service, locally) and `make test` (every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test bench debian-packages

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# Debian's packages the tests use: Chromium for the browser tests (Playwright's own browsers are never
# downloaded), faketime to start the time-skipping server on a past date (the 2026 holidays).
DEBIAN_PACKAGES := chromium faketime
debian-packages:
	test -x /usr/bin/chromium -a -x /usr/bin/faketime || DEBIAN_FRONTEND=noninteractive apt-get install -y $(DEBIAN_PACKAGES) \
		|| (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(DEBIAN_PACKAGES))

run: $(VENV)/.installed
	$(PY) scripts/run_local.py

test: $(VENV)/.installed debian-packages
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) bench/latency.py
