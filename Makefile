# Two commands: `make run` (the whole service, locally) and `make test` (every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium

.PHONY: run test bench chromium

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# The browser tests drive Debian's Chromium (Playwright's own browsers are never downloaded).
chromium:
	command -v $(CHROMIUM) >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y chromium \
		|| (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

run: $(VENV)/.installed
	$(PY) scripts/run_local.py

test: $(VENV)/.installed chromium
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) bench/latency.py
